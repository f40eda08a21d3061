// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/paths.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/securepath.h"

#ifndef NSP_LIBEXECDIR
#define NSP_LIBEXECDIR "/usr/local/libexec/nsprobe"
#endif
#ifndef NSP_DATADIR
#define NSP_DATADIR "/usr/local/share/nsprobe"
#endif

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exe_dir(char *buf, size_t len, struct nsp_err *e)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n < 0)
		return nsp_err_sys(e, "readlink /proc/self/exe");
	buf[n] = '\0';
	*strrchr(buf, '/') = '\0';	/* the kernel gives an absolute path */
	return 0;
}

/* The first candidate that is a directory wins; `kind` is for errors. */
static int pick(char *dst, const char *const *cands, size_t n,
		const char *kind, struct nsp_err *e)
{
	for (size_t i = 0; i < n; i++) {
		if (cands[i] && is_dir(cands[i])) {
			if (!realpath(cands[i], dst))
				snprintf(dst, 4096, "%s", cands[i]);
			return 0;
		}
	}
	return nsp_err_set(e, ENOENT, "no %s directory (tried $NSHARNESS_%s, "
			   "the build tree, the install beside the binary, %s)",
			   kind, strcmp(kind, "probe") == 0 ? "PROBES" : "SUITES",
			   strcmp(kind, "probe") == 0 ? NSP_LIBEXECDIR : NSP_DATADIR "/suites");
}

int paths_find(struct nsp_paths *p, struct nsp_err *e)
{
	char dir[4096], build_probes[4200], build_suites[4200],
	     inst_probes[4200], inst_suites[4200];
	const char *probes[4], *suites[4];

	if (exe_dir(dir, sizeof(dir), e) < 0)
		return -1;
	snprintf(build_probes, sizeof(build_probes), "%s/probes", dir);
	snprintf(build_suites, sizeof(build_suites), "%s/../suites", dir);
	snprintf(inst_probes, sizeof(inst_probes), "%s/../libexec/nsprobe", dir);
	snprintf(inst_suites, sizeof(inst_suites), "%s/../share/nsprobe/suites", dir);
	probes[0] = getenv("NSHARNESS_PROBES");
	suites[0] = getenv("NSHARNESS_SUITES");
	/* the build tree only counts as a pair: build/probes and ../suites */
	probes[1] = is_dir(build_suites) ? build_probes : NULL;
	suites[1] = is_dir(build_probes) ? build_suites : NULL;
	probes[2] = inst_probes;
	suites[2] = inst_suites;
	probes[3] = NSP_LIBEXECDIR;
	suites[3] = NSP_DATADIR "/suites";
	if (pick(p->probes, probes, 4, "probe", e) < 0 ||
	    pick(p->suites, suites, 4, "suite", e) < 0)
		return -1;
	/* as root, what runs must not be someone else's to change */
	if (nsp_check_dir_trusted(p->probes, "probe directory", e) < 0 ||
	    nsp_check_dir_trusted(p->suites, "suite directory", e) < 0)
		return -1;
	return 0;
}

int paths_find_runtimes(char *dst, size_t len, struct nsp_err *e)
{
	char dir[4096], build[4200], inst[4200], probes[4200];
	const char *cands[4];

	if (exe_dir(dir, sizeof(dir), e) < 0)
		return -1;
	snprintf(build, sizeof(build), "%s/../harness/runner/runtimes", dir);
	snprintf(probes, sizeof(probes), "%s/probes", dir);
	snprintf(inst, sizeof(inst), "%s/../share/nsprobe/runtimes", dir);
	cands[0] = getenv("NSHARNESS_RUNTIMES");
	cands[1] = is_dir(probes) ? build : NULL;
	cands[2] = inst;
	cands[3] = NSP_DATADIR "/runtimes";
	for (size_t i = 0; i < 4; i++)
		if (cands[i] && is_dir(cands[i])) {
			if (!realpath(cands[i], dst))
				snprintf(dst, len, "%s", cands[i]);
			return 0;
		}
	return nsp_err_set(e, ENOENT, "no runtime profile directory (tried "
			   "$NSHARNESS_RUNTIMES, the build tree, the install beside the "
			   "binary, %s/runtimes)", NSP_DATADIR);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_suite_file(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 6 && strcmp(name + len - 6, ".suite") == 0;
}

int paths_list_suites(const char *dir, char ***out, size_t *n, struct nsp_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **list = NULL, **grown;
	size_t count = 0;

	if (!d)
		return nsp_err_sys(e, "open suite directory %s", dir);
	while ((de = readdir(d))) {
		if (!is_suite_file(de->d_name))
			continue;
		grown = realloc(list, (count + 1) * sizeof(*list));
		if (!grown || asprintf(&grown[count], "%s/%s", dir, de->d_name) < 0) {
			list = grown ? grown : list;
			closedir(d);
			paths_free_list(list, count);
			return nsp_err_set(e, ENOMEM, "list %s", dir);
		}
		list = grown;
		count++;
	}
	closedir(d);
	qsort(list, count, sizeof(*list), by_name);
	*out = list;
	*n = count;
	return 0;
}

void paths_free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}
