/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who owns a run, in a form that stays unique across pid namespaces and
 * pid reuse, and whether that owner is provably gone.
 *
 * A run's named objects (its cgroups, veths, work directories) derive from
 * its owner's identity: the pid namespace the owner lives in (its nsfs
 * inode), the owner's pid there and its start time (clock ticks after
 * boot, /proc/PID/stat field 22).  Two runs in different pid namespaces
 * differ in the first; a pid reused after a run died differs in the last.
 * `nsharness` exports its own as $NSHARNESS_RUN_ID ("PIDNS-PID-START")
 * before entering its sandbox, so its probes and helpers name what they
 * make after the run, not after themselves.
 *
 * Liveness is decided only where it can be proved, from the /proc of the
 * caller's pid namespace: an owner in that namespace by its pid and start
 * time; an owner in another one only from the initial pid namespace,
 * which sees every process (no process left in that namespace, or none
 * there with that pid and start time: gone).  Anything else — an owner in
 * a namespace we cannot see, a start time read through another time
 * namespace — is "cannot tell", and a caller never touches what it cannot
 * tell.
 */
#ifndef NSP_LIB_RUNID_H
#define NSP_LIB_RUNID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/err.h"

#define RUN_ID_ENV "NSHARNESS_RUN_ID"
#define RUN_ID_MAX 48	/* "PIDNS-PID-START" with its NUL */

struct run_id {
	unsigned long pidns;		/* nsfs inode of the owner's pid namespace */
	pid_t pid;			/* the owner's pid there */
	unsigned long long start;	/* its start time, clock ticks after boot */
};

/* This process. */
int run_id_self(struct run_id *id, struct nsp_err *e);
/* Process `pid` of our pid namespace (0: this one). */
int run_id_of(pid_t pid, struct run_id *id, struct nsp_err *e);
/* The run this process belongs to: $NSHARNESS_RUN_ID (malformed: EINVAL,
 * never silently replaced), else this process. */
int run_id_current(struct run_id *id, struct nsp_err *e);
/* "PIDNS-PID-START" into buf. */
int run_id_format(const struct run_id *id, char *buf, size_t len, struct nsp_err *e);
/* Strict "PIDNS-PID-START" (canonical decimals); -1 if not one. */
int run_id_parse(const char *text, struct run_id *id);
bool run_id_eq(const struct run_id *a, const struct run_id *b);
/* A 32-bit digest of the run and `salt`, for short names (veths). */
uint32_t run_id_hash(const struct run_id *id, uint64_t salt);

enum run_liveness { RUN_GONE = 0, RUN_ALIVE = 1, RUN_UNKNOWN = -1 };

/* Whether the owner of `id` still runs; RUN_UNKNOWN says why in *e. */
enum run_liveness run_id_alive(const struct run_id *id, struct nsp_err *e);

#endif
