// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The work directory of a runtime run: /tmp/nsharness-rt-XXXXXX holding
 * rootfs/ (a skeleton: mount points, the host's merged-/usr symlinks),
 * bundles and the runtime's state.  Nothing of the host is copied: what
 * the probes need is bound read-only by the runtime itself (its bind
 * words, or the bundle's mounts), so the run leaves no mount behind.
 * The name carries our host pid (nsharness-rt-<pid>-XXXXXX): a directory
 * whose run was SIGKILLed is removed by the next run, once that pid is
 * provably gone (as stale cgroups are, runtime/cgroup.h).
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/runid.h"
#include "runner/rtint.h"
#include "runtime/cgroup.h"

#define WORK_PREFIX "nsharness-rt-"

/* Mount points every container gets, by the runtime or by our binds. */
static const char *const dirs[] = { "usr", "etc", "proc", "dev", "sys", "tmp", "nsp",
				    "nsp/probes" };
/* Top-level library and program directories: symlinks (merged /usr) are
 * copied as symlinks, real directories bound. */
static const char *const libdirs[] = { "bin", "sbin", "lib", "lib32", "lib64", "libx32" };

size_t rt_binds(const struct rt_run *r, struct rt_bind *b, size_t max)
{
	static const char *const always[] = { "/usr", "/etc" };
	size_t n = 0;
	struct stat st;

	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]) && n < max; i++, n++) {
		snprintf(b[n].src, sizeof(b[n].src), "%s", always[i]);
		snprintf(b[n].dst, sizeof(b[n].dst), "%s", always[i]);
	}
	for (size_t i = 0; i < sizeof(libdirs) / sizeof(libdirs[0]) && n < max; i++) {
		snprintf(b[n].src, sizeof(b[n].src), "/%s", libdirs[i]);
		if (lstat(b[n].src, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(b[n].dst, sizeof(b[n].dst), "/%s", libdirs[i]);
			n++;
		}
	}
	if (n < max) {
		snprintf(b[n].src, sizeof(b[n].src), "%s", r->probes);
		snprintf(b[n].dst, sizeof(b[n].dst), RT_PROBES_IN);
		n++;
	}
	return n;
}

static int skeleton(struct rt_run *r, struct nsp_err *e)
{
	char path[PATH_MAX + 64], target[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (mkdir(r->rootfs, 0755) < 0)
		return nsp_err_sys(e, "mkdir %s", r->rootfs);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", r->rootfs, dirs[i]);
		if (mkdir(path, 0755) < 0)
			return nsp_err_sys(e, "mkdir %s", path);
	}
	for (size_t i = 0; i < sizeof(libdirs) / sizeof(libdirs[0]); i++) {
		snprintf(path, sizeof(path), "/%s", libdirs[i]);
		if (lstat(path, &st) < 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", r->rootfs, libdirs[i]);
		if (S_ISDIR(st.st_mode) && mkdir(path, 0755) < 0)
			return nsp_err_sys(e, "mkdir %s", path);
		if (!S_ISLNK(st.st_mode))
			continue;
		n = readlink(path + strlen(r->rootfs), target, sizeof(target) - 1);
		if (n < 0)
			return nsp_err_sys(e, "readlink /%s", libdirs[i]);
		target[n] = '\0';
		if (symlink(target, path) < 0)
			return nsp_err_sys(e, "symlink %s", path);
	}
	return 0;
}

int rt_cgroup_path(char *buf, size_t len, size_t idx, struct nsp_err *e)
{
	char run[CORE_CG_NAME_MAX];

	if (core_cgroup_run_name(run, sizeof(run), e) < 0)
		return nsp_err_wrap(e, "the run's cgroup");
	snprintf(buf, len, "/%s/rt-%zu", run, idx);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* Never across a mount point: nothing of the host is in there. */
static void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

void rt_remove_work(struct rt_run *r)
{
	if (r->work[0])
		remove_tree(r->work);
	r->work[0] = '\0';
}

/*
 * The run that owns a work directory is in its OWNER_FILE ("PIDNS-PID-
 * START", lib/runid.h), not in its name: runtimes cap the paths made from
 * it (podman: a runroot of 50 characters at most).
 */
#define OWNER_FILE "owner"

/* "nsharness-rt-XXXXXX" whose owner is proved gone; never one whose owner
 * we cannot read or judge, nor any other name. */
static void clean_stale(const char *tmp)
{
	char path[PATH_MAX + 300], id[RUN_ID_MAX];
	DIR *d = opendir(tmp);
	struct nsp_err ignored;
	struct run_id owner;
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, WORK_PREFIX, strlen(WORK_PREFIX)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/" OWNER_FILE, tmp, de->d_name);
		if (nsp_read_line(path, id, sizeof(id), &ignored) < 0 ||
		    run_id_parse(id, &owner) < 0 || run_id_alive(&owner, &ignored) != RUN_GONE)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmp, de->d_name);
		remove_tree(path);
	}
	if (d)
		closedir(d);
}

static int write_owner(const char *work, const char *id, struct nsp_err *e)
{
	char path[PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/" OWNER_FILE, work);
	f = fopen(path, "wx");
	if (!f || fprintf(f, "%s\n", id) < 0 || fclose(f) != 0)
		return nsp_err_sys(e, "write %s", path);
	return 0;
}

int rt_make_work(struct rt_run *r, struct nsp_err *e)
{
	const char *tmp = getenv("TMPDIR");
	char id[RUN_ID_MAX];
	struct run_id run;

	tmp = tmp && tmp[0] == '/' ? tmp : "/tmp";
	clean_stale(tmp);
	if (run_id_current(&run, e) < 0 || run_id_format(&run, id, sizeof(id), e) < 0)
		return nsp_err_wrap(e, "the runtime work directory's name");
	snprintf(r->work, sizeof(r->work), "%s/" WORK_PREFIX "XXXXXX", tmp);
	if (!mkdtemp(r->work)) {
		nsp_err_sys(e, "make the runtime work directory %s", r->work);
		r->work[0] = '\0';
		return -1;
	}
	if (write_owner(r->work, id, e) < 0)
		return nsp_err_wrap(e, "the runtime work directory's owner");
	snprintf(r->rootfs, sizeof(r->rootfs), "%s/rootfs", r->work);
	if (r->prof.rootfs && skeleton(r, e) < 0)
		return nsp_err_wrap(e, "rootfs skeleton");
	return 0;
}
