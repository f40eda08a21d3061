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
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime/launch.h"
#include "lib/needs.h"
#include "lib/nsfile.h"
#include "fixtures/observe.h"
#include "fixtures/probeargs.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "fixtures/twoside.h"

#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX 64
#endif

/* What either side, or a joiner, sees of UTS. */
enum { V_NS, V_HOST, V_DOMAIN, V_NODE, V_N };
static const struct obs uts_view[V_N] = {
	[V_NS] = OBS_NS_OF("uts"), [V_HOST] = OBS_OF(OBS_HOSTNAME),
	[V_DOMAIN] = OBS_OF(OBS_DOMAINNAME), [V_NODE] = OBS_OF(OBS_NODENAME),
};
#define UTS_VIEW(v) struct obs v[V_N]; memcpy(v, uts_view, sizeof(v))

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWUTS,
	.kconfig = (const char *const[]){ "CONFIG_UTS_NS", NULL },
	.timeout = 20,
};

static const struct probe_needs inside_needs = { .timeout = 20 };
static const char *const faults[] = { "shared-uts", NULL };

static char in_host[HOST_NAME_MAX + 1], in_domain[HOST_NAME_MAX + 1];

/* Container init of the faulted run, in our (private outside) UTS
 * namespace, root: sets the names itself, as a runtime that forgot the
 * namespace would, then answers observations. */
static int inside_sets_names(struct tap *t, struct twoside *s)
{
	(void)t;
	if (sethostname(in_host, strlen(in_host)) < 0 ||
	    setdomainname(in_domain, strlen(in_domain)) < 0)
		return TAP_EXIT_BROKEN;
	return obs_serve(s->fd);
}

/* Joiner (forked, root): setns() into the inside UTS namespace, look. */
static int joiner_view(void *arg, void *out, struct nsp_err *e)
{
	if (core_join(*(const pid_t *)arg, CLONE_NEWUTS, e) < 0)
		return nsp_err_wrap(e, "joiner");
	memcpy(out, uts_view, sizeof(uts_view));
	return obs_take(out, V_N, e);
}

static void check_first_look(struct tap *t, const struct obs *out_before,
			     const struct obs *out_after, const struct obs *in)
{
	tap_expect(t, !ns_ident_eq(&out_after[V_NS].id, &in[V_NS].id), "a different inode",
		   "the same inode", "inside has a UTS namespace of its own");
	tap_expect_str(t, in_host, in[V_HOST].str, "hostname set inside is seen inside");
	tap_expect_str(t, in[V_HOST].str, in[V_NODE].str,
		       "uname() nodename agrees with gethostname() inside");
	tap_expect_str(t, out_before[V_HOST].str, out_after[V_HOST].str,
		       "hostname set inside is not seen outside");
	tap_expect_str(t, out_before[V_DOMAIN].str, out_after[V_DOMAIN].str,
		       "domainname set inside is not seen outside");
	tap_expect_str(t, out_after[V_HOST].str, out_after[V_NODE].str,
		       "uname() nodename agrees with gethostname() outside");
}

static void check_joiner(struct tap *t, pid_t inside, const struct obs *in)
{
	struct nsp_err e = { 0 };
	struct obs j[V_N];

	if (fork_call(joiner_view, &inside, j, sizeof(j), NULL, &e) < 0) {
		tap_broken(t, &e, "a process joined with setns() sees the inside names");
		return;
	}
	tap_expect(t, ns_ident_eq(&j[V_NS].id, &in[V_NS].id), "the inside namespace",
		   "another namespace", "setns() joins the inside UTS namespace");
	tap_expect_str(t, in[V_HOST].str, j[V_HOST].str,
		       "a joined process sees the inside hostname");
	tap_expect_str(t, in[V_DOMAIN].str, j[V_DOMAIN].str,
		       "a joined process sees the inside domainname");
}

static void check_outside_change(struct tap *t, int fd)
{
	char out_host[HOST_NAME_MAX + 1];
	struct nsp_err e = { 0 };
	UTS_VIEW(in);

	snprintf(out_host, sizeof(out_host), "nsp-out-%d", (int)getpid());
	if (sethostname(out_host, strlen(out_host)) < 0)
		nsp_err_sys(&e, "outside: sethostname");
	if (e.msg[0] || obs_ask(fd, in, V_N, &e) < 0) {
		tap_broken(t, &e, "hostname changed outside is not seen inside");
		return;
	}
	tap_expect_strne(t, out_host, in[V_HOST].str,
			 "hostname changed outside is not seen inside");
}

/* Outside (this process, root, its private outside), while the container
 * lives; s->arg: our view before the launch. */
static void outside_role(struct tap *t, struct twoside *s)
{
	struct nsp_err e = { 0 };
	UTS_VIEW(in);
	UTS_VIEW(after);

	if (obs_ask(s->fd, in, V_N, &e) < 0)
		tap_broken(t, &e, "inside role set its names");
	else if (obs_take(after, V_N, &e) < 0)
		tap_broken(t, &e, "outside view after the inside set its names");
	else {
		check_first_look(t, s->arg, after, in);
		check_joiner(t, s->run.c.pid, in);
		check_outside_change(t, s->fd);
	}
}

static int run(struct tap *t, const struct probe_args *a)
{
	bool fault = probe_fault(a, "shared-uts");
	struct nsp_err e = { 0 };
	UTS_VIEW(before);
	struct twoside s = { .inside = fault ? inside_sets_names : NULL,
			     .outside = outside_role, .arg = before, .silent = true };

	snprintf(in_host, sizeof(in_host), "nsp-in-%d", (int)getpid());
	snprintf(in_domain, sizeof(in_domain), "nsp-dom-%d", (int)getpid());
	if (!fault) {
		s.spec.namespaces = CLONE_NEWUTS;
		s.spec.hostname = in_host;
		s.spec.domainname = in_domain;
	}
	/* the faulted inside sets the outside's names: never in the sandbox's
	 * namespace, which the suite's other entries share */
	if (fault && ns_is_sandbox("uts") && unshare(CLONE_NEWUTS) < 0)
		nsp_err_sys(&e, "outside: unshare(CLONE_NEWUTS) for the fault");
	if (e.msg[0] || twoside_private_outside(t, "uts", CLONE_NEWUTS, &e) < 0 ||
	    obs_take(before, V_N, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	twoside_run(t, &s);
	return tap_done(t);
}

/* --role inside: only what can be seen without changing anything (the
 * namespace's own point comes first, from probe_main). */
static int run_inside(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };
	UTS_VIEW(v);

	(void)a;
	if (obs_take(v, V_N, &e) < 0) {
		tap_broken(t, &e, "read the UTS view");
		return tap_done(t);
	}
	tap_diag(t, "hostname `%s', domainname `%s'", v[V_HOST].str, v[V_DOMAIN].str);
	tap_expect_str(t, v[V_HOST].str, v[V_NODE].str,
		       "uname() nodename agrees with gethostname()");
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "uts_isolation", .needs = &needs, .inside_needs = &inside_needs,
		.faults = faults, .outside = run, .inside = run_inside, .inside_ns = "uts",
	};

	return probe_main(&m, argc, argv);
}
