// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --check-config's swap accounting: whether memory+swap limits can work
 * (docker --memory-swap; our memsw checks).  The config says when it
 * cannot (no SWAP, no MEMCG, or before 6.1 "# CONFIG_MEMCG_SWAP is not
 * set"); on the running kernel the boot option swapaccount=0 turns it off,
 * and the files say whether it is on: the memory+swap limit file of the
 * cgroup file model (runtime/cgfile.h, CG_MEMORY_SWAP_MAX) in the v1
 * memory hierarchy's root, or in a cgroup2 group (the root has none).
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/cglayout.h"
#include "lib/file.h"
#include "lib/jsonw.h"
#include "lib/kconfig.h"
#include "nsprobe/nsprobe.h"
#include "runtime/cgfile.h"

struct swap_state {
	const char *state;	/* "on", "off", "unknown" */
	char evidence[600];
};

static bool config_says_off(const struct kconfig *kc, struct swap_state *s)
{
	static const char *const needed[] = { "CONFIG_SWAP", "CONFIG_MEMCG" };

	if (!kc->text)
		return false;
	for (size_t i = 0; i < 2; i++)
		if (kconfig_get(kc, needed[i]) == KCONFIG_NO) {
			snprintf(s->evidence, sizeof(s->evidence), "the kernel is built without %s", needed[i]);
			return true;
		}
	if (strstr(kc->text, "# CONFIG_MEMCG_SWAP is not set\n")) {
		snprintf(s->evidence, sizeof(s->evidence), "the kernel is built without CONFIG_MEMCG_SWAP (before 6.1)");
		return true;
	}
	return false;
}

/* A cgroup2 group with the memory+swap limit file: a child of the root. */
static bool v2_swap_file(const char *root, char *found, size_t len)
{
	char dir[512];
	struct dirent *d;
	DIR *dirp;
	struct nsp_err ignored;
	bool ok = false;

	dirp = opendir(root);
	while (dirp && !ok && (d = readdir(dirp)) != NULL) {
		if (d->d_type != DT_DIR || d->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", root, d->d_name);
		ok = cg_file_exists(dir, CG_V2, CG_MEMORY_SWAP_MAX);
	}
	if (dirp)
		closedir(dirp);
	return ok && cg_file_path(dir, CG_V2, CG_MEMORY_SWAP_MAX, found, len, &ignored) == 0;
}

/* The v1 memory hierarchy's root with the memory+swap limit file. */
static bool v1_swap_file(const struct cg_layout *l, char *found, size_t len)
{
	char dir[256];
	struct nsp_err ignored;

	return cg_controller_version(l, "memory", dir, sizeof(dir)) == CG_V1 &&
	       cg_file_exists(dir, CG_V1, CG_MEMORY_SWAP_MAX) &&
	       cg_file_path(dir, CG_V1, CG_MEMORY_SWAP_MAX, found, len, &ignored) == 0;
}

static void live_state(struct swap_state *s)
{
	char cmdline[4096] = "", found[512];
	struct cg_layout l;
	struct nsp_err e;

	if (nsp_read_line("/proc/cmdline", cmdline, sizeof(cmdline), &e) == 0 &&
	    (strncmp(cmdline, "swapaccount=0", 13) == 0 || strstr(cmdline, " swapaccount=0"))) {
		s->state = "off";
		snprintf(s->evidence, sizeof(s->evidence), "swapaccount=0 on the kernel command line");
		return;
	}
	if (cg_layout_detect(&l, &e) == 0 &&
	    (v1_swap_file(&l, found, sizeof(found)) ||
	     (l.v2_root[0] && v2_swap_file(l.v2_root, found, sizeof(found))))) {
		s->state = "on";
		snprintf(s->evidence, sizeof(s->evidence), "%s", found);
		return;
	}
	snprintf(s->evidence, sizeof(s->evidence),
		 "no %s in the v1 memory hierarchy and no cgroup2 group with %s",
		 cg_file_name(CG_MEMORY_SWAP_MAX, CG_V1), cg_file_name(CG_MEMORY_SWAP_MAX, CG_V2));
}

void cfg_swap_accounting(FILE *out, struct jw *w, const struct kconfig *kc, bool live)
{
	struct swap_state s = { .state = "unknown" };

	if (config_says_off(kc, &s))
		s.state = "off";
	else if (live)
		live_state(&s);
	else
		snprintf(s.evidence, sizeof(s.evidence),
			 "the config allows it; the boot option swapaccount= decides on the machine");
	if (w) {
		jw_obj(w, "swap_accounting");
		jw_str(w, "state", s.state);
		jw_str(w, "evidence", s.evidence);
		jw_end_obj(w);
	} else {
		fprintf(out, "\nswap accounting (memory+swap limits): %s: %s\n", s.state, s.evidence);
	}
}
