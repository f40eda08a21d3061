// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uts_isolation — hostname and domainname are per UTS namespace.
 *
 * Outside role (this process, root): makes sure its own UTS namespace is
 * not the host's (the runner's sandbox, else one of its own), launches the
 * container through the runtime core (new UTS namespace, hostname and
 * domainname set by the core), and checks from outside that nothing
 * leaked either way; then a process joined with core_join() must see the
 * inside names (docker exec).  The inside role is the container function.
 *
 *   --role inside        standalone, read-only observations (never sets a
 *                        name: we may be sharing the host's namespace)
 *   --fault shared-uts   the container gets no UTS namespace and sets the
 *                        names itself (in our private outside), as a
 *                        runtime that forgot the namespace would: every
 *                        isolation check must then report not ok.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/launch.h"
#include "lib/needs.h"
#include "lib/nsfile.h"
#include "fixtures/probeargs.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "fixtures/twoside.h"

#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX 64
#endif

enum step { STEP_OUTSIDE_CHANGED = 1 };

struct uts_view {
	struct ns_ident ns;
	char host[HOST_NAME_MAX + 1];
	char domain[HOST_NAME_MAX + 1];
	char nodename[HOST_NAME_MAX + 1];
	struct nsp_err err;	/* set when the view could not be taken */
};

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWUTS,
	.kconfig = (const char *const[]){ "CONFIG_UTS_NS", NULL },
	.timeout = 20,
};

static const struct probe_needs inside_needs = { .timeout = 20 };
static const char *const faults[] = { "shared-uts", NULL };

static bool fault_shared_uts;
static char in_host[HOST_NAME_MAX + 1], in_domain[HOST_NAME_MAX + 1];

static int read_view(struct uts_view *v)
{
	struct utsname u;

	memset(v, 0, sizeof(*v));
	if (ns_ident_of(0, "uts", &v->ns, &v->err) < 0)
		return -1;
	if (gethostname(v->host, sizeof(v->host)) < 0)
		return nsp_err_sys(&v->err, "gethostname");
	if (getdomainname(v->domain, sizeof(v->domain)) < 0)
		return nsp_err_sys(&v->err, "getdomainname");
	if (uname(&u) < 0)
		return nsp_err_sys(&v->err, "uname");
	snprintf(v->nodename, sizeof(v->nodename), "%s", u.nodename);
	return 0;
}

/* Container init: in the new UTS namespace (unless faulted), root; the
 * core has set the names already, except in the faulted run.  It writes
 * no points: it sends its views to the outside on s->fd. */
static int inside_role(struct tap *t, struct twoside *s)
{
	struct uts_view v = { 0 };
	struct nsp_err e;

	(void)t;
	if (fault_shared_uts && sethostname(in_host, strlen(in_host)) < 0)
		nsp_err_sys(&v.err, "inside: sethostname");
	else if (fault_shared_uts && setdomainname(in_domain, strlen(in_domain)) < 0)
		nsp_err_sys(&v.err, "inside: setdomainname");
	else
		read_view(&v);
	if (nsp_sync_send(s->fd, &v, sizeof(v), &e) < 0 || v.err.msg[0])
		return TAP_EXIT_BROKEN;
	/* second look, after the outside changed its own name */
	if (nsp_sync_wait(s->fd, STEP_OUTSIDE_CHANGED, &e) < 0)
		return TAP_EXIT_BROKEN;
	read_view(&v);
	return nsp_sync_send(s->fd, &v, sizeof(v), &e) < 0 ? TAP_EXIT_BROKEN : 0;
}

/* Joiner: setns() into the inside UTS namespace and report what it sees. */
static int joiner_view(pid_t inside, struct uts_view *v, struct nsp_err *e)
{
	int fd, status;
	pid_t pid = sync_fork(&fd, e);

	if (pid < 0)
		return nsp_err_wrap(e, "joiner");
	if (pid == 0) {
		struct uts_view mine = { 0 };

		if (core_join(inside, CLONE_NEWUTS, &mine.err) == 0)
			read_view(&mine);
		_exit(nsp_sync_send(fd, &mine, sizeof(mine), e) < 0);
	}
	if (nsp_sync_recv(fd, v, sizeof(*v), e) < 0)
		nsp_err_wrap(e, "joiner");
	else if (v->err.msg[0])
		*e = v->err;
	close(fd);
	waitpid(pid, &status, 0);
	return e->msg[0] ? -1 : 0;
}

static void check_first_look(struct tap *t, const struct uts_view *out_before,
			     const struct uts_view *out_after,
			     const struct uts_view *in)
{
	tap_expect(t, !ns_ident_eq(&out_after->ns, &in->ns), "a different inode",
		   "the same inode", "inside has a UTS namespace of its own");
	tap_expect_str(t, in_host, in->host, "hostname set inside is seen inside");
	tap_expect_str(t, in->host, in->nodename,
		       "uname() nodename agrees with gethostname() inside");
	tap_expect_str(t, out_before->host, out_after->host,
		       "hostname set inside is not seen outside");
	tap_expect_str(t, out_before->domain, out_after->domain,
		       "domainname set inside is not seen outside");
	tap_expect_str(t, out_after->host, out_after->nodename,
		       "uname() nodename agrees with gethostname() outside");
}

static void check_joiner(struct tap *t, pid_t inside, const struct uts_view *in)
{
	struct uts_view j;
	struct nsp_err e = { 0 };

	if (joiner_view(inside, &j, &e) < 0) {
		tap_broken(t, &e, "a process joined with setns() sees the inside names");
		return;
	}
	tap_expect(t, ns_ident_eq(&j.ns, &in->ns), "the inside namespace",
		   "another namespace", "setns() joins the inside UTS namespace");
	tap_expect_str(t, in->host, j.host, "a joined process sees the inside hostname");
	tap_expect_str(t, in->domain, j.domain, "a joined process sees the inside domainname");
}

static void check_outside_change(struct tap *t, int fd)
{
	char out_host[HOST_NAME_MAX + 1];
	struct uts_view in;
	struct nsp_err e;

	snprintf(out_host, sizeof(out_host), "nsp-out-%d", (int)getpid());
	if (sethostname(out_host, strlen(out_host)) < 0) {
		nsp_err_sys(&e, "outside: sethostname");
		tap_broken(t, &e, "hostname changed outside is not seen inside");
		return;
	}
	if (nsp_sync_wake(fd, STEP_OUTSIDE_CHANGED, &e) < 0 ||
	    nsp_sync_recv(fd, &in, sizeof(in), &e) < 0) {
		tap_broken(t, &e, "hostname changed outside is not seen inside");
		return;
	}
	tap_expect_strne(t, out_host, in.host, "hostname changed outside is not seen inside");
}

/* Outside (this process, root, its private outside), while the container
 * lives; s->arg: our view before the launch. */
static void outside_role(struct tap *t, struct twoside *s)
{
	struct uts_view after, in = { 0 };
	struct nsp_err e = { 0 };

	if (nsp_sync_recv(s->fd, &in, sizeof(in), &e) < 0 || in.err.msg[0]) {
		tap_broken(t, in.err.msg[0] ? &in.err : &e, "inside role set its names");
	} else if (read_view(&after) < 0) {
		tap_broken(t, &after.err, "outside view after the inside set its names");
	} else {
		check_first_look(t, s->arg, &after, &in);
		check_joiner(t, s->run.c.pid, &in);
		check_outside_change(t, s->fd);
	}
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct uts_view before;
	struct nsp_err e = { 0 };
	struct twoside s = { .inside = inside_role, .outside = outside_role, .arg = &before,
			     .silent = true };
	char buf[NSP_ERR_MSG_MAX + 64];

	fault_shared_uts = probe_fault(a, "shared-uts");
	snprintf(in_host, sizeof(in_host), "nsp-in-%d", (int)getpid());
	snprintf(in_domain, sizeof(in_domain), "nsp-dom-%d", (int)getpid());
	if (!fault_shared_uts) {
		s.spec.namespaces = CLONE_NEWUTS;
		s.spec.hostname = in_host;
		s.spec.domainname = in_domain;
	}
	/* the faulted inside sets the outside's names: never in the sandbox's
	 * namespace, which the suite's other entries share */
	if (fault_shared_uts && ns_is_sandbox("uts") && unshare(CLONE_NEWUTS) < 0)
		nsp_err_sys(&e, "outside: unshare(CLONE_NEWUTS) for the fault");
	if (e.msg[0] || twoside_private_outside(t, "uts", CLONE_NEWUTS, &e) < 0 ||
	    read_view(&before) < 0)
		return tap_bail(t, "setup: %s", nsp_err_str(e.msg[0] ? &e : &before.err,
							    buf, sizeof(buf)));
	twoside_run(t, &s);
	return tap_done(t);
}

/* --role inside: only what can be seen without changing anything. */
static int run_inside(struct tap *t)
{
	struct uts_view v, parent = { 0 };
	pid_t ppid = getppid();

	if (read_view(&v) < 0) {
		tap_broken(t, &v.err, "read the UTS view");
		return tap_done(t);
	}
	tap_diag(t, "hostname `%s', domainname `%s'", v.host, v.domain);
	tap_expect_str(t, v.host, v.nodename, "uname() nodename agrees with gethostname()");
	if (ppid <= 0 || ns_ident_of(ppid, "uts", &parent.ns, &parent.err) < 0)
		tap_skip(t, "the parent is outside our pid namespace or unreadable",
			 "the UTS namespace is not the one of the process that started us");
	else
		tap_expect(t, !ns_ident_eq(&v.ns, &parent.ns), "a different inode",
			   "the same inode",
			   "the UTS namespace is not the one of the process that started us "
			   "(pid %d)", (int)ppid);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "uts_isolation", .needs = &needs, .inside_needs = &inside_needs,
		.faults = faults, .outside = run, .inside = run_inside,
	};

	return probe_main(&m, argc, argv);
}
