/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The minimal root filesystem of a container, built inside the container's
 * own mount namespace (the caller has already made every mount private):
 *
 *   /            tmpfs, read-only once built
 *   /usr /bin /sbin /lib* /etc   read-only binds of the host's (symlinks
 *                kept as symlinks, as on merged-/usr systems)
 *   BINDS        read-only binds of extra host paths, at the same path
 *   /proc        a fresh proc (the container's pid namespace's view)
 *   /dev         tmpfs with null zero full random urandom tty bound in,
 *                /dev/shm (tmpfs) and /dev/pts absent
 *   /tmp         tmpfs of at most 64 MiB (so is /dev/shm)
 *
 * Everything that goes in is opened (O_PATH) first; then a tmpfs goes
 * over /tmp and the binds are made from those fds through /proc/self/fd,
 * so host paths under /tmp stay reachable; then pivot_root(".", ".")
 * into the tmpfs and one lazy detach of the old root below it: the old
 * root is gone from mountinfo altogether, at the cost of one detach.
 */
#ifndef NSP_RUNTIME_ROOTFS_H
#define NSP_RUNTIME_ROOTFS_H

#include "lib/err.h"

/* Build and enter the minimal rootfs. Only in a private mount namespace! */
int rootfs_enter_minimal(const char *const *binds, struct nsp_err *e);

/*
 * The layered rootfs: overlayfs with `layers` as its lower dirs (lowest
 * first; the upper and work dirs on a tmpfs of this mount namespace, so
 * writes never reach a layer and are seen nowhere else), /proc, /dev and
 * /tmp as in the minimal one, `binds` read-only at their paths, entered
 * with pivot_root like the others.  The root stays writable: writes copy
 * up.  Only in a private mount namespace!
 */
int rootfs_enter_layers(const char *const *layers, const char *const *binds,
			struct nsp_err *e);

/* pivot_root into an existing directory tree (bound onto itself first),
 * with a fresh /proc when it has a /proc directory. */
int rootfs_enter_dir(const char *dir, struct nsp_err *e);

#endif
