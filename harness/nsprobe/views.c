// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a process sees in its uts, net and ipc namespaces.  Each view is
 * read by a forked child that setns()es into that one namespace and sends
 * the filled struct back over a pipe, so nsprobe itself never changes
 * namespace.  The child only reads: uname, an rtnetlink dump, getifaddrs,
 * the *_INFO counters of the SysV ipc calls, and a detached mqueue
 * mount (fsmount: in no mount namespace's tree, gone when the child exits)
 * to list POSIX queues.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/netlink.h"
#include "nsprobe/nsprobe.h"

typedef void (*view_fn)(void *view, struct diag_miss *miss);

/*
 * Parent (nsprobe): fork, read the child's copy of *view back.  Child:
 * setns(nsfd) with the privilege nsprobe was started with (CAP_SYS_ADMIN
 * over the target's owning user namespace is needed), run fn, write the
 * struct, _exit.
 */
static void in_child(int nsfd, int nstype, const char *what, void *view, size_t size,
		     struct diag_miss *miss, view_fn fn)
{
	size_t got = 0;
	int pfd[2], status;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0) {
		miss_set(miss, errno, "pipe for the %s view", what);
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		miss_set(miss, errno, "fork for the %s view", what);
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		/* child: from here on, in the target's namespace of this type */
		close(pfd[0]);
		if (setns(nsfd, nstype) < 0)
			miss_set(miss, errno, "setns into its %s namespace", what);
		else
			fn(view, miss);
		_exit(write(pfd[1], view, size) == (ssize_t)size ? 0 : 1);
	}
	close(pfd[1]);
	while (got < size) {
		ssize_t n = read(pfd[0], (char *)view + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got != size)
		miss_set(miss, EPIPE, "the %s view child ended before answering", what);
}

static void uts_fill(void *view, struct diag_miss *miss)
{
	struct diag_utsview *v = view;
	struct utsname u;

	if (uname(&u) < 0) {
		miss_set(miss, errno, "uname");
		return;
	}
	snprintf(v->hostname, sizeof(v->hostname), "%s", u.nodename);
	snprintf(v->domainname, sizeof(v->domainname), "%s", u.domainname);
}

void view_uts(struct diag_utsview *v, int nsfd)
{
	v->applies = true;
	in_child(nsfd, CLONE_NEWUTS, "uts", v, sizeof(*v), &v->miss, uts_fill);
}

static void add_addrs(struct diag_netview *v)
{
	struct ifaddrs *ifa, *a;

	if (getifaddrs(&ifa) < 0)
		return;
	for (a = ifa; a; a = a->ifa_next) {
		int fam = a->ifa_addr ? a->ifa_addr->sa_family : 0, plen = 0;
		char txt[INET6_ADDRSTRLEN];
		const void *src, *mask;

		if (fam != AF_INET && fam != AF_INET6)
			continue;
		src = fam == AF_INET ? (const void *)&((struct sockaddr_in *)a->ifa_addr)->sin_addr :
		      (const void *)&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;
		mask = !a->ifa_netmask ? NULL : fam == AF_INET ?
		       (const void *)&((struct sockaddr_in *)a->ifa_netmask)->sin_addr :
		       (const void *)&((struct sockaddr_in6 *)a->ifa_netmask)->sin6_addr;
		for (size_t i = 0; mask && i < (fam == AF_INET ? 4u : 16u); i++)
			plen += __builtin_popcount(((const unsigned char *)mask)[i]);
		inet_ntop(fam, src, txt, sizeof(txt));
		for (int l = 0; l < v->nlinks; l++) {
			struct diag_linkview *lv = &v->links[l];

			if (strcmp(lv->name, a->ifa_name) == 0 && lv->naddrs < DIAG_MAX_ADDRS)
				snprintf(lv->addrs[lv->naddrs++], sizeof(lv->addrs[0]), "%s/%d",
					 txt, plen);
		}
	}
	freeifaddrs(ifa);
}

static void net_fill(void *view, struct diag_miss *miss)
{
	struct diag_netview *v = view;
	struct nl_link links[DIAG_MAX_LINKS];
	struct nl_link_list list;
	struct nl_sock s = { 0 };
	struct nsp_err e;

	nl_link_list_init(&list, links, DIAG_MAX_LINKS);
	/* the socket is created here, so it lists the joined netns */
	if (nl_open(&s, 0, &e) < 0 || nl_link_dump(&s, &list, &e) < 0) {
		v->truncated = e.errnum == EOVERFLOW;
		if (!v->truncated) {
			miss_from_err(miss, &e);
			nl_close(&s);
			return;
		}
	}
	nl_close(&s);
	for (size_t i = 0; i < list.n; i++) {
		struct diag_linkview *lv = &v->links[v->nlinks++];
		const struct nl_link *l = &links[i];

		snprintf(lv->name, sizeof(lv->name), "%s", l->name);
		snprintf(lv->kind, sizeof(lv->kind), "%s", l->kind);
		lv->ifindex = l->ifindex;
		lv->flags = l->flags;
		lv->mtu = l->mtu;
		lv->has_operstate = l->has_operstate;
		lv->operstate = l->operstate;
		for (int b = 0, at = 0; b < l->addr_len && b < 32; b++)
			at += snprintf(lv->mac + at, sizeof(lv->mac) - (size_t)at, "%s%02x",
				       b ? ":" : "", l->addr[b]);
	}
	add_addrs(v);
}

void view_net(struct diag_netview *v, int nsfd)
{
	v->applies = true;
	in_child(nsfd, CLONE_NEWNET, "net", v, sizeof(*v), &v->miss, net_fill);
}

/* POSIX queues of the current ipc namespace: a detached mqueue mount. */
static void count_mqueues(struct diag_ipcview *v)
{
	int fs, mnt, fd;
	struct dirent *d;
	DIR *dir;

	fs = fsopen("mqueue", FSOPEN_CLOEXEC);
	if (fs < 0) {
		miss_set(&v->mq_miss, errno, "fsopen(\"mqueue\") to list POSIX queues");
		return;
	}
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY)) < 0) {
		miss_set(&v->mq_miss, errno, "mount an mqueue fs to list POSIX queues");
		close(fs);
		return;
	}
	close(fs);
	fd = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(mnt);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (!dir) {
		miss_set(&v->mq_miss, errno, "open the mqueue fs");
		return;
	}
	v->posix_mqueues = 0;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			v->posix_mqueues++;
	closedir(dir);
}

static void ipc_fill(void *view, struct diag_miss *miss)
{
	struct diag_ipcview *v = view;
	struct msginfo mi;
	struct shm_info si;
	struct seminfo sm;
	union { int val; struct seminfo *__buf; } arg = { .__buf = &sm };

	/* the *_INFO commands count the objects of the caller's ipc ns */
	if (msgctl(0, MSG_INFO, (struct msqid_ds *)&mi) < 0 ||
	    shmctl(0, SHM_INFO, (struct shmid_ds *)&si) < 0 ||
	    semctl(0, 0, SEM_INFO, arg) < 0) {
		miss_set(miss, errno, "SysV *_INFO");
		return;
	}
	v->msg_queues = mi.msgpool;
	v->shm_segments = (long)si.used_ids;
	v->sem_sets = sm.semusz;
	count_mqueues(v);
}

void view_ipc(struct diag_ipcview *v, int nsfd)
{
	v->applies = true;
	v->posix_mqueues = -1;
	in_child(nsfd, CLONE_NEWIPC, "ipc", v, sizeof(*v), &v->miss, ipc_fill);
}
