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
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/grow.h"
#include "runtime/netlink.h"
#include "nsprobe/nsprobe.h"

/*
 * One kind of view: its fixed struct, filled by `fill` in the child, and,
 * for views with lists of any length, the lists after it: written by the
 * child with `send_lists`, read into memory of nsprobe's own with
 * `recv_lists` (the pointers in the copied struct are the child's).
 */
struct view_kind {
	const char *what;
	int nstype;
	size_t size;
	void (*fill)(void *view, struct diag_miss *miss);
	int (*send_lists)(const void *view, int fd);		/* NULL: none */
	int (*recv_lists)(void *view, int fd);
};

/* All of buf through the pipe, however it splits it: 0, or -1 (errno;
 * end-of-file counts as a failure). */
static int pipe_io(int fd, void *buf, size_t len, bool out)
{
	for (size_t done = 0; done < len;) {
		char *at = (char *)buf + done;
		ssize_t n = out ? write(fd, at, len - done) : read(fd, at, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
	return pipe_io(fd, (void *)buf, len, true);
}

static int read_full(int fd, void *buf, size_t len)
{
	return pipe_io(fd, buf, len, false);
}

/* The child's struct, copied over ours only when it came whole: a torn
 * copy would leave the child's pointers in our lists. */
static int read_fixed(int fd, void *view, size_t size)
{
	void *tmp = malloc(size);
	int rc = tmp ? read_full(fd, tmp, size) : -1;

	if (rc == 0)
		memcpy(view, tmp, size);
	free(tmp);
	return rc;
}

/* Child: from here on, in the target's namespace of this type. */
static _Noreturn void view_child(int nsfd, const struct view_kind *k, void *view,
				 struct diag_miss *miss, int fd)
{
	if (setns(nsfd, k->nstype) < 0)
		miss_set(miss, errno, "setns into its %s namespace", k->what);
	else
		k->fill(view, miss);
	/* the lists follow even after a miss (then empty): one protocol */
	if (write_full(fd, view, k->size) < 0 ||
	    (k->send_lists && k->send_lists(view, fd) < 0))
		_exit(1);
	_exit(0);
}

/*
 * Parent (nsprobe): fork, read the child's copy of *view back.  Child:
 * setns(nsfd) with the privilege nsprobe was started with (CAP_SYS_ADMIN
 * over the target's owning user namespace is needed), fill, write, _exit.
 */
static void in_child(int nsfd, const struct view_kind *k, void *view,
		     struct diag_miss *miss)
{
	int pfd[2], status, rc;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0) {
		miss_set(miss, errno, "pipe for the %s view", k->what);
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		miss_set(miss, errno, "fork for the %s view", k->what);
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		close(pfd[0]);
		view_child(nsfd, k, view, miss, pfd[1]);
	}
	close(pfd[1]);
	rc = read_fixed(pfd[0], view, k->size);
	if (rc == 0 && k->recv_lists)
		rc = k->recv_lists(view, pfd[0]);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc < 0)
		miss_set(miss, errno == ENOMEM ? ENOMEM : EPIPE,
			 "the %s view child ended before answering", k->what);
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
	static const struct view_kind k = { "uts", CLONE_NEWUTS, sizeof(*v), uts_fill };

	v->applies = true;
	in_child(nsfd, &k, v, &v->miss);
}

static void add_addr(struct diag_linkview *lv, const char *txt, int plen)
{
	if (nsp_grow(&lv->addrs, &lv->addrs_cap, (size_t)lv->naddrs + 1,
		     sizeof(*lv->addrs)) == 0)
		snprintf(lv->addrs[lv->naddrs++], sizeof(lv->addrs[0]), "%s/%d", txt, plen);
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
		for (int l = 0; l < v->nlinks; l++)
			if (strcmp(v->links[l].name, a->ifa_name) == 0)
				add_addr(&v->links[l], txt, plen);
	}
	freeifaddrs(ifa);
}

static void link_view(struct diag_linkview *lv, const struct nl_link *l)
{
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

/* In the child, in the target's netns: every link, however many. */
static void net_fill(void *view, struct diag_miss *miss)
{
	struct diag_netview *v = view;
	struct nl_link_list list;
	struct nl_sock s = { 0 };
	struct nsp_err e;

	nl_link_list_init_growing(&list);
	/* the socket is created here, so it lists the joined netns */
	if (nl_open(&s, 0, &e) < 0 || nl_link_dump(&s, &list, &e) < 0) {
		miss_from_err(miss, &e);
		nl_close(&s);
		return;
	}
	nl_close(&s);
	v->links = calloc(list.n ? list.n : 1, sizeof(*v->links));
	if (!v->links) {
		miss_set(miss, ENOMEM, "%zu links", list.n);
		return;
	}
	for (size_t i = 0; i < list.n; i++) {
		const struct nl_link *m = list.v[i].master ?
					  nl_link_find_index(&list, list.v[i].master) : NULL;

		link_view(&v->links[v->nlinks], &list.v[i]);
		if (m)
			snprintf(v->links[v->nlinks].master, IFNAMSIZ, "%s", m->name);
		v->nlinks++;
	}
	nl_link_list_free(&list);
	add_addrs(v);
}

/* Child: the links, then each link's addresses. */
static int net_send(const void *view, int fd)
{
	const struct diag_netview *v = view;

	if (write_full(fd, v->links, (size_t)v->nlinks * sizeof(*v->links)) < 0)
		return -1;
	for (int i = 0; i < v->nlinks; i++)
		if (write_full(fd, v->links[i].addrs,
			       (size_t)v->links[i].naddrs * sizeof(*v->links[i].addrs)) < 0)
			return -1;
	return 0;
}

/* Parent: the same into our memory; on failure the view holds what came
 * whole (report_free frees it either way). */
static int net_recv(void *view, int fd)
{
	struct diag_netview *v = view;
	size_t n = v->nlinks > 0 ? (size_t)v->nlinks : 0;

	v->nlinks = 0;
	v->links = n ? calloc(n, sizeof(*v->links)) : NULL;
	if (n && !v->links)
		return errno = ENOMEM, -1;
	if (read_full(fd, v->links, n * sizeof(*v->links)) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		v->links[i].addrs = NULL;	/* the child's pointers */
		v->links[i].addrs_cap = 0;
	}
	v->nlinks = (int)n;
	for (size_t i = 0; i < n; i++) {
		struct diag_linkview *l = &v->links[i];
		size_t k = l->naddrs > 0 ? (size_t)l->naddrs : 0;

		l->naddrs = 0;
		if (!k)
			continue;
		l->addrs = calloc(k, sizeof(*l->addrs));
		if (!l->addrs)
			return errno = ENOMEM, -1;
		if (read_full(fd, l->addrs, k * sizeof(*l->addrs)) < 0)
			return -1;
		l->naddrs = (int)k;
		l->addrs_cap = k;
	}
	return 0;
}

void view_net(struct diag_netview *v, int nsfd)
{
	static const struct view_kind k = { "net", CLONE_NEWNET, sizeof(*v), net_fill,
					    net_send, net_recv };

	v->applies = true;
	in_child(nsfd, &k, v, &v->miss);
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
	static const struct view_kind k = { "ipc", CLONE_NEWIPC, sizeof(*v), ipc_fill };

	v->applies = true;
	v->posix_mqueues = -1;
	in_child(nsfd, &k, v, &v->miss);
}
