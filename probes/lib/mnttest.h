/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the mount-propagation probes (probes/mnt_*.c).
 *
 * Host safety: every probe first calls mt_private_ns(), so all it mounts
 * lives in a mount namespace of its own whose mounts are all private; the
 * scratch tmpfs (mt_scratch) goes over MT_BASE there.  When the probe is
 * killed the namespace dies with its last process and takes every test
 * mount along; nothing is ever created in the host's directories.
 *
 * A *peer* is another process in another mount namespace (a container of
 * the runtime core, or a plain forked child) that performs mount requests
 * for us over a socketpair (mt_serve / mt_call), so a probe can drive both
 * sides from one table and observe both in /proc/<pid>/mountinfo.
 */
#ifndef NSP_MNTTEST_H
#define NSP_MNTTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

#define MT_BASE "/tmp"		/* scratch tmpfs mount point (private ns only) */
#define MT_PATH_MAX 96

/* unshare(CLONE_NEWNS) and make every mount MS_REC|MS_PRIVATE. */
int mt_private_ns(struct nsp_err *e);
/* tmpfs on MT_BASE (source "nsp-scratch") plus the directories `dirs`
 * (NULL-terminated, relative to MT_BASE). */
int mt_scratch(const char *const *dirs, struct nsp_err *e);

/* One mount operation, run by us (mt_apply) or by a peer (mt_call). */
enum mt_op {
	MT_MOUNT = 1,	/* tmpfs at path, source arg (an identifying tag) */
	MT_UMOUNT,	/* umount2(path, 0) */
	MT_PROP,	/* mount(NULL, path, NULL, flags) e.g. MS_SHARED|MS_REC */
	MT_BIND,	/* mount(arg, path, NULL, MS_BIND | flags) */
	MT_MKDIR,	/* mkdir(path) */
	MT_QUIT,	/* the peer ends its loop */
};

struct mt_req {
	int op;
	unsigned long flags;
	char path[MT_PATH_MAX];
	char arg[MT_PATH_MAX];
};

int mt_apply(const struct mt_req *r, struct nsp_err *e);
/*
 * The setup every mount probe starts with, run by the probe itself (root):
 * mt_private_ns, mt_scratch(dirs), then steps[0..n) by mt_apply in order.
 */
int mt_private_tree(const char *const *dirs, const struct mt_req *steps, size_t n,
		    struct nsp_err *e);
/* Peer side: apply requests from fd until MT_QUIT or end-of-file. */
int mt_serve(int fd);
/*
 * Ask the peer: 0 done; -1 the operation failed over there (*e carries
 * its errno); -2 the peer is gone or the exchange broke (our breakage).
 */
int mt_call(int fd, const struct mt_req *r, struct nsp_err *e);

/*
 * A plain forked peer (no runtime core): the child joins the mount
 * namespace of `from` first when from > 0 (so its new namespace copies
 * that one instead of ours), unshares CLONE_NEWNS, dies with us
 * (PR_SET_PDEATHSIG), and serves requests on *fd.  Stop it with
 * mt_fork_peer_end (MT_QUIT, close, reap).
 */
int mt_fork_peer(pid_t from, pid_t *pid, int *fd, struct nsp_err *e);
void mt_fork_peer_end(pid_t pid, int fd);

/* What /proc/<pid>/mountinfo says about the mount visible at a path. */
struct mt_view {
	bool present;		/* some mount is at exactly this path */
	int mount_id;
	int shared, master, propagate_from;
	bool unbindable;
	char source[MT_PATH_MAX];
};

/* pid 0: ourselves. */
int mt_view_of(pid_t pid, const char *path, struct mt_view *v, struct nsp_err *e);
/* "shared:3 master:1", "unbindable", "private", "absent" into buf. */
const char *mt_view_str(const struct mt_view *v, char *buf, size_t len);
/* Mounts whose source is `source` in pid's table (pid 0: ourselves). */
int mt_count_source(pid_t pid, const char *source, size_t *n, struct nsp_err *e);

/* What a mount's optional fields must say, for tables of cases. */
enum mt_kind { MT_K_PRIVATE, MT_K_SHARED, MT_K_SLAVE, MT_K_UNBINDABLE };

const char *mt_kind_name(enum mt_kind k);
/* Present, and tagged exactly as `k` (slave: master:N and no shared:N). */
bool mt_view_is(const struct mt_view *v, enum mt_kind k);

struct tap;
/*
 * One TAP point: the mounts at paths[0..n) (in our own namespace) are of
 * kinds want[0..n); expected/got list them as "shared / private / ...".
 */
void mt_check_kinds(struct tap *t, const char *const *paths, const enum mt_kind *want,
		    size_t n, const char *desc);

#endif
