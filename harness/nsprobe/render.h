/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report, section by section: each render_SECTION.c writes its section
 * as text and as JSON (schema_version 1, described in nsprobe.1: keep the
 * two in step, and bump the version on any incompatible change).
 * render.c lists the sections in the order both forms show them.
 */
#ifndef NSP_DIAG_RENDER_H
#define NSP_DIAG_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/jsonw.h"
#include "nsprobe/nsprobe.h"

struct diag_section {
	void (*text)(FILE *out, const struct diag_report *r);
	void (*json)(struct jw *w, const struct diag_report *r);
};

extern const struct diag_section diag_section_target, diag_section_ns,
	diag_section_pid, diag_section_uts, diag_section_net, diag_section_ipc,
	diag_section_mnt, diag_section_cgroup, diag_section_user, diag_section_time;

/* A missing item in JSON: {"error": why, "errno": "EPERM", "needs": phrase or null} */
void json_miss(struct jw *w, const char *key, const struct diag_miss *m);
/*
 * Starts the section object `key` and returns true; or writes null (the
 * section does not apply) or the miss (m set and m->errnum) and returns false.
 */
bool json_section(struct jw *w, const char *key, bool applies, const struct diag_miss *m);
/*
 * Writes the section's heading and returns true; or nothing (the section
 * does not apply), or the heading and the miss (m set and m->errnum) as
 * item `what`, and returns false.
 */
bool text_section(FILE *out, const char *heading, bool applies, const char *what,
		  const struct diag_miss *m);
/* A missing item in text: "  what        unreadable: why (needs ...)" */
void text_miss(FILE *out, const char *what, const struct diag_miss *m);

/* render_cglimits.c: the pids, cpu, cpuset and io part of the cgroup section */
void text_cglimits(FILE *out, const struct diag_cglimits *l);
void json_cglimits(struct jw *w, const struct diag_cglimits *l);

#endif
