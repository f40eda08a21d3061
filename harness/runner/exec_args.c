// SPDX-License-Identifier: GPL-2.0-or-later
/* nsharness exec's options, as one table (runner/cliopt.h). */
#include "runner/exec_args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"
#include "lib/needs.h"
#include "runner/cliopt.h"

#define CPU_PERIOD_US 100000LL	/* --cpus F: F x this per this */

static void exec_usage(FILE *f)
{
	fputs("usage: nsharness exec [--ns LIST|all] [--rootfs DIR|--no-rootfs]\n"
	      "                      [--bind PATH]... [--hostname H] [--domainname D]\n"
	      "                      [--memory SIZE] [--pids-max N] [--cpus F]\n"
	      "                      [--cpu-weight W] [--cpuset LIST] [--io-wbps DEV:BYTES]\n"
	      "                      [--veth] [--links-up] [--propagation P] [--layer DIR]...\n"
	      "                      [--bridge NAME] [--address A/P] [--net-from PID]\n"
	      "                      [--time-offset CLOCK=S]... -- CMD [ARG...]\n"
	      "       nsharness exec --join PID [--ns LIST|all] -- CMD [ARG...]\n"
	      "\n"
	      "  --ns LIST        namespaces: mnt,uts,ipc,pid,net,cgroup,user,time or all\n"
	      "                   (default: mnt,uts,ipc,pid,net,cgroup; plus user when\n"
	      "                   not root, with the caller mapped to root inside)\n"
	      "  --rootfs DIR     pivot_root into DIR (default: a minimal tmpfs rootfs\n"
	      "                   with /usr, /lib*, /etc and CMD's directory read-only)\n"
	      "  --no-rootfs      keep the caller's root (mount namespace only)\n"
	      "  --bind PATH      also bind PATH read-only into the minimal rootfs\n"
	      "  --memory SIZE    memory cgroup limit, e.g. 64M (v1, v2 or hybrid)\n"
	      "  --pids-max N     at most N tasks in the container's group (pids.max)\n"
	      "  --cpus F         CFS quota of F CPUs, e.g. 0.5 (cpu.max, cfs_quota_us)\n"
	      "  --cpu-weight W   CPU weight 1..10000, 100 the default (cpu.weight;\n"
	      "                   cpu.shares W x 1024 / 100 on v1)\n"
	      "  --cpuset LIST    the CPUs it may run on, e.g. 0-1 (cpuset.cpus)\n"
	      "  --io-wbps DEV:BYTES  write limit in bytes/s on a block device, e.g.\n"
	      "                   /dev/sda:10M or 8:0:10M (io.max wbps, v1 blkio)\n"
	      "  --veth           veth pair, eth0 inside; --links-up brings lo/eth0 up\n"
	      "  --propagation P  private (default), shared, slave or unbindable\n"
	      "  --layer DIR      a layered rootfs: overlayfs of the DIRs, lowest first\n"
	      "                   (repeat it); writes go to a tmpfs of the container\n"
	      "  --bridge NAME    the veth's outside end joins bridge NAME (made when\n"
	      "                   missing, removed by the last container out); --veth\n"
	      "  --address A/P    this address on eth0 inside (198.18.42.2/24); --veth\n"
	      "  --net-from PID   share the network namespace of PID (docker run --net\n"
	      "                   container:ID); the other namespaces are new\n"
	      "  --time-offset CLOCK=S  a time namespace whose monotonic or boottime\n"
	      "                   clock is S seconds ahead (repeat for both)\n"
	      "  --join PID       run CMD in the namespaces of PID (all it has by\n"
	      "                   default; with --ns, only those)\n"
	      "\n"
	      "Exit: CMD's status (128+N if killed by signal N); 64 usage, 125 setup\n"
	      "failed, 126 CMD not executable, 127 CMD not found.\n", f);
}

static int bad(const char *what, const struct nsp_err *e)
{
	fprintf(stderr, "nsharness exec: %s%s%s\n", what, e ? ": " : "", e ? e->msg : "");
	return -1;
}

static int add_limit(struct exec_opts *x, enum cg_item it, long long v, const char *text)
{
	if (x->spec.cgroup_nlimits == EXEC_MAX_LIMITS)
		return bad("too many cgroup limits", NULL);
	x->limits[x->spec.cgroup_nlimits++] = (struct cg_limit){ it, v, NULL, text };
	x->spec.cgroup_limits = x->limits;
	return 0;
}

/* A pid option's value: -1 with the usage message when it is none. */
static int parse_pid(const char *arg, const char *what, pid_t *pid)
{
	long v;

	if (nsp_parse_long(arg, 1, INT_MAX, &v) < 0)
		return bad(what, NULL);
	*pid = (pid_t)v;
	return 0;
}

/* Each option that checks its argument or sets more than one field
 * (ctx: the struct exec_opts): -1 refused, the message printed. */
static int opt_ns(void *ctx, const char *arg)
{
	struct exec_opts *x = ctx;
	struct nsp_err e;

	x->ns_given = true;
	return core_parse_namespaces(arg, &x->spec.namespaces, &e) < 0 ? bad("--ns", &e) : 0;
}

static int opt_rootfs(void *ctx, const char *arg)
{
	struct exec_opts *x = ctx;

	x->spec.rootfs = CORE_ROOTFS_DIR;
	x->spec.rootfs_dir = arg;
	return 0;
}

static int opt_no_rootfs(void *ctx, const char *arg)
{
	(void)arg;
	((struct exec_opts *)ctx)->spec.rootfs = CORE_ROOTFS_NONE;
	return 0;
}

static int opt_bind(void *ctx, const char *arg)
{
	struct exec_opts *x = ctx;

	if (x->nbinds == EXEC_MAX_BINDS || arg[0] != '/')
		return bad("--bind takes an absolute path (at most 32)", NULL);
	if (strncmp(arg, "/proc", 5) == 0 && (arg[5] == '/' || !arg[5]))
		return bad("--bind under /proc: the container has a /proc of its own", NULL);
	x->binds[x->nbinds++] = arg;
	return 0;
}

static int opt_memory(void *ctx, const char *arg)
{
	struct exec_opts *x = ctx;
	struct nsp_err e;

	if (core_parse_size(arg, &x->spec.memory_limit, &e) < 0)
		return bad("--memory", &e);
	if (x->spec.memory_limit < CORE_MEMORY_MIN) {
		nsp_err_set(&e, ERANGE, "%s is below %d bytes (1M), the smallest limit that "
			    "works: the container's setup runs in its group", arg, CORE_MEMORY_MIN);
		return bad("--memory", &e);
	}
	return 0;
}

static int opt_pids_max(void *ctx, const char *arg)
{
	struct nsp_err e;
	long long v;

	return core_parse_count(arg, 1, INT_MAX, &v, &e) < 0 ? bad("--pids-max", &e) :
	       add_limit(ctx, CG_PIDS_MAX, v, NULL);
}

static int opt_cpus(void *ctx, const char *arg)
{
	struct nsp_err e;
	long long v;

	return core_parse_cpus(arg, CPU_PERIOD_US, &v, &e) < 0 ? bad("--cpus", &e) :
	       add_limit(ctx, CG_CPU_MAX_PERIOD, CPU_PERIOD_US, NULL) < 0 ? -1 :
	       add_limit(ctx, CG_CPU_MAX_QUOTA, v, NULL);
}

static int opt_cpu_weight(void *ctx, const char *arg)
{
	struct nsp_err e;
	long long v;

	return core_parse_count(arg, 1, 10000, &v, &e) < 0 ? bad("--cpu-weight", &e) :
	       add_limit(ctx, CG_CPU_WEIGHT, v, NULL);
}

static int opt_cpuset(void *ctx, const char *arg)
{
	struct nsp_err e;

	return core_parse_cpulist(arg, &e) < 0 ? bad("--cpuset", &e) :
	       add_limit(ctx, CG_CPUSET_CPUS, 0, arg);
}

static int opt_io_wbps(void *ctx, const char *arg)
{
	struct exec_opts *x = ctx;
	struct nsp_err e;
	long long v;

	if (core_parse_iolimit(arg, x->io_dev, sizeof(x->io_dev), &v, &e) < 0)
		return bad("--io-wbps", &e);
	if (add_limit(x, CG_IO_MAX_WBPS, v, NULL) < 0)
		return -1;
	x->limits[x->spec.cgroup_nlimits - 1].dev = x->io_dev;
	return 0;
}

static int opt_propagation(void *ctx, const char *arg)
{
	struct nsp_err e;

	return core_parse_propagation(arg, &((struct exec_opts *)ctx)->spec.propagation, &e) < 0 ?
	       bad("--propagation", &e) : 0;
}

static int opt_join(void *ctx, const char *arg)
{
	return parse_pid(arg, "--join wants a pid", &((struct exec_opts *)ctx)->join);
}

static int opt_layer(void *ctx, const char *arg)
{
	struct exec_opts *x = ctx;

	if (arg[0] != '/')
		return bad("--layer takes an absolute path", NULL);
	x->layers[x->nlayers++] = arg;
	x->spec.rootfs = CORE_ROOTFS_LAYERS;
	return 0;
}

static int opt_net_from(void *ctx, const char *arg)
{
	return parse_pid(arg, "--net-from wants a pid", &((struct exec_opts *)ctx)->spec.net_from);
}

static int opt_time_offset(void *ctx, const char *arg)
{
	struct nsp_err e;

	return core_parse_time_offset(arg, &((struct exec_opts *)ctx)->spec.time, &e) < 0 ?
	       bad("--time-offset", &e) : 0;
}

static int opt_help(void *ctx, const char *arg)
{
	(void)ctx;
	(void)arg;
	exec_usage(stdout);
	exit(0);
}

#define CALL(NAME, FN) CLIOPT_CALL(NAME, 0, required_argument, FN)
#define KEEP(NAME, FIELD) CLIOPT_KEEP(NAME, 0, struct exec_opts, FIELD)
#define FLAG(NAME, FIELD) CLIOPT_FLAG(NAME, 0, struct exec_opts, FIELD)

static const struct cliopt exec_options[] = {
	/* the container and its root */
	CALL("ns", opt_ns), CALL("join", opt_join), CALL("bind", opt_bind),
	CALL("rootfs", opt_rootfs), CLIOPT_CALL("no-rootfs", 0, no_argument, opt_no_rootfs),
	CALL("layer", opt_layer), CALL("propagation", opt_propagation),
	KEEP("hostname", spec.hostname), KEEP("domainname", spec.domainname),
	CALL("time-offset", opt_time_offset),
	/* its cgroup */
	CALL("memory", opt_memory), CALL("pids-max", opt_pids_max), CALL("cpus", opt_cpus),
	CALL("cpu-weight", opt_cpu_weight), CALL("cpuset", opt_cpuset),
	CALL("io-wbps", opt_io_wbps),
	/* its network */
	FLAG("veth", spec.veth), FLAG("links-up", spec.links_up), KEEP("bridge", spec.bridge),
	KEEP("address", spec.address), CALL("net-from", opt_net_from),
	CLIOPT_CALL("help", 'h', no_argument, opt_help),
};

int exec_parse(int argc, char **argv, struct exec_opts *x)
{
	int first;

	x->spec.rootfs = CORE_ROOTFS_MINIMAL;
	x->layers = calloc((size_t)argc + 1, sizeof(*x->layers));
	if (!x->layers)
		return bad("out of memory", NULL);
	x->spec.layers = x->layers;
	first = cliopt_parse(exec_options, sizeof(exec_options) / sizeof(exec_options[0]),
			     argc, argv, x);
	if (first < 0)
		return -1;
	if (first >= argc)
		return bad("no command given (put it after --)", NULL);
	x->spec.argv = argv + first;
	return 0;
}

void exec_complete_spec(struct exec_opts *x)
{
	char why[128];
	struct core_spec *s = &x->spec;

	if (!x->ns_given) {
		s->namespaces = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID |
				CLONE_NEWNET | CLONE_NEWCGROUP;
		if (!need_sys_admin(why, sizeof(why)))
			s->namespaces |= CLONE_NEWUSER;
		/* the shared one instead of a new one; offsets want their own */
		if (s->net_from)
			s->namespaces &= ~CLONE_NEWNET;
		if (s->time.set)
			s->namespaces |= CLONE_NEWTIME;
	}
	if (s->namespaces & CLONE_NEWUSER)
		s->map_root = true;
	/* --bridge and --address: the veth comes with them */
	if (s->bridge || s->address)
		s->veth = true;
	if (!(s->namespaces & CLONE_NEWNS))
		s->rootfs = CORE_ROOTFS_NONE;
	/* CMD given by path: make its directory visible inside (a layered
	 * rootfs brings its own commands) */
	if (s->rootfs == CORE_ROOTFS_MINIMAL && strchr(s->argv[0], '/') &&
	    realpath(s->argv[0], x->cmd_dir)) {
		*strrchr(x->cmd_dir, '/') = '\0';
		/* /usr is there already; the container's /proc is its own */
		if (x->cmd_dir[0] && strncmp(x->cmd_dir, "/usr/", 5) != 0 &&
		    strncmp(x->cmd_dir, "/proc/", 6) != 0 && strcmp(x->cmd_dir, "/proc") != 0)
			x->binds[x->nbinds++] = x->cmd_dir;
	}
	s->binds = x->binds;
}
