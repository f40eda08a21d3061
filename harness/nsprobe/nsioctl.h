/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsfs ioctls newer than Debian 12's <linux/nsfs.h>, as the kernel's
 * include/uapi/linux/nsfs.h defines them (the first kernel of each is
 * noted below).  The kernel answers ENOTTY to one it lacks: that is how
 * nsprobe tells.
 */
#ifndef NSP_DIAG_NSIOCTL_H
#define NSP_DIAG_NSIOCTL_H

#include <linux/nsfs.h>
#include <linux/types.h>
#include <sys/ioctl.h>

#ifndef NS_GET_MNTNS_ID
#define NS_GET_MNTNS_ID _IOR(NSIO, 5, __u64)
#endif
#ifndef NS_GET_PID_FROM_PIDNS
#define NS_GET_PID_FROM_PIDNS _IOR(NSIO, 6, int)
#define NS_GET_TGID_FROM_PIDNS _IOR(NSIO, 7, int)
#define NS_GET_PID_IN_PIDNS _IOR(NSIO, 8, int)
#define NS_GET_TGID_IN_PIDNS _IOR(NSIO, 9, int)
#endif
#ifndef NS_MNT_GET_INFO
struct diag_mnt_ns_info {
	__u32 size;
	__u32 nr_mounts;
	__u64 mnt_ns_id;
};
#define NS_MNT_GET_INFO _IOR(NSIO, 10, struct diag_mnt_ns_info)
#define NS_MNT_GET_NEXT _IOR(NSIO, 11, struct diag_mnt_ns_info)
#define NS_MNT_GET_PREV _IOR(NSIO, 12, struct diag_mnt_ns_info)
#endif
#ifndef NS_GET_ID
#define NS_GET_ID _IOR(NSIO, 13, __u64)
#endif

#endif
