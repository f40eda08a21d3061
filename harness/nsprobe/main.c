// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsprobe [--json] [--compare OTHER] TARGET
 * nsprobe [--json] --check-config
 *
 * Collects the report (collect.c), renders it into memory, and writes it
 * only if the target was alive from start to end: a process that exits
 * while being probed gives one line "nsprobe: TARGET: reason" and exit 1,
 * never half a report.  Errors about the command line or the target are
 * always that one line on stderr; see nsprobe.1 for the exit statuses.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsprobe/nsprobe.h"

static const char usage_text[] =
	"usage: nsprobe [--json] [--compare OTHER] TARGET\n"
	"       nsprobe [--json] --check-config [--kconfig FILE]\n"
	"\n"
	"Namespace diagnostics for a process: identity (inode, device, NS_GET_ID),\n"
	"initial or not, owning user namespace, parents, owner uid, sharers,\n"
	"pid translation, uts names, network links, ipc objects, mounts and\n"
	"propagation, cgroups with memory/OOM counters, uid/gid maps.\n"
	"\n"
	"TARGET   a pid, /proc/PID, /proc/PID/ns, or one namespace file\n"
	"         (/proc/PID/ns/net, a bind mount such as /run/netns/NAME)\n"
	"  --json             JSON (schema_version 1, described in nsprobe(1))\n"
	"  --compare OTHER    namespace by namespace: shared or different, and how\n"
	"                     different pid/user namespaces relate\n"
	"  --check-config     kernel options for containers and this suite, and what\n"
	"                     the running kernel answers (namespaces, nsfs ioctls,\n"
	"                     limits, cgroup layout and controllers)\n"
	"  --kconfig FILE     with --check-config: the options of that config file\n"
	"                     (plain or .gz; a kernel not running here) only\n"
	"  -h, --help         this text\n"
	"\n"
	"nsprobe never changes namespace itself and changes nothing it inspects:\n"
	"uts/net/ipc are read by forked children that setns() into them.\n"
	"Without root it shows what is readable and names what needs privilege.\n"
	"\n"
	"Exit status: 0 complete report; 1 target not found or gone (also when it\n"
	"exits while being probed); 2 usage error or a TARGET that is not a pid,\n"
	"/proc/PID[/ns] or namespace file; 3 permission denied on the target;\n"
	"4 report written but some items unreadable (each one says why);\n"
	"5 internal error.\n";

struct opts {
	bool json, check, help;
	const char *compare;
	const char *kconfig;
	const char *target;
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "nsprobe: %s%s%s (try nsprobe --help)\n", what, arg[0] ? " " : "", arg);
	return NSPROBE_USAGE;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "compare", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'k' },
		{ "kconfig", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'c': o->compare = optarg; break;
		case 'k': o->check = true; break;
		case 'K': o->kconfig = optarg; break;
		case 'h': o->help = true; break;
		default:
			return usage_error("unknown or incomplete option",
					   argv[optind - 1]);
		}
	}
	if (o->kconfig && !o->check)
		return usage_error("--kconfig goes with --check-config", "");
	if (o->help || o->check)
		return optind == argc ? 0 : usage_error("unexpected argument", argv[optind]);
	if (optind == argc)
		return usage_error("missing TARGET", "");
	if (optind + 1 != argc)
		return usage_error("unexpected argument", argv[optind + 1]);
	o->target = argv[optind];
	return 0;
}

static int open_target(struct diag_target *t, const char *spec)
{
	char why[512];
	int rc = target_open(t, spec, why, sizeof(why));

	if (rc != NSPROBE_OK)
		fprintf(stderr, "nsprobe: %s: %s\n", spec, why);
	return rc;
}

/* Write the buffered report if every target is still the same live one. */
static int emit(char *buf, size_t len, struct diag_target *a, struct diag_target *b, int rc)
{
	struct diag_target *gone = !target_alive(a) ? a : b && !target_alive(b) ? b : NULL;

	if (gone) {
		fprintf(stderr, "nsprobe: %s: process exited while being probed\n", gone->spec);
		return NSPROBE_GONE;
	}
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr, "nsprobe: write: %s\n", strerror(errno));
		return NSPROBE_INTERNAL;
	}
	return rc;
}

static int run(const struct opts *o)
{
	struct diag_target ta, tb;
	struct diag_report ra, rb;
	char *buf = NULL;
	size_t len = 0;
	int rc, missing;
	FILE *mem;

	if ((rc = open_target(&ta, o->target)) != NSPROBE_OK)
		return rc;
	if (o->compare && (rc = open_target(&tb, o->compare)) != NSPROBE_OK) {
		target_close(&ta);
		return rc;
	}
	mem = open_memstream(&buf, &len);
	if (!mem) {
		fprintf(stderr, "nsprobe: %s: %s\n", o->target, strerror(errno));
		return NSPROBE_INTERNAL;
	}
	missing = report_collect(&ra, &ta, !o->compare);
	if (o->compare) {
		missing += report_collect(&rb, &tb, false);
		render_compare(mem, &ra, &rb, o->json);
		report_free(&rb);
	} else if (o->json) {
		render_json(mem, &ra);
	} else {
		render_text(mem, &ra);
	}
	report_free(&ra);
	fclose(mem);
	rc = emit(buf, len, &ta, o->compare ? &tb : NULL,
		  missing ? NSPROBE_PARTIAL : NSPROBE_OK);
	free(buf);
	target_close(&ta);
	if (o->compare)
		target_close(&tb);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	int rc = parse(argc, argv, &o);

	if (rc)
		return rc;
	if (o.help) {
		fputs(usage_text, stdout);
		return NSPROBE_OK;
	}
	if (o.check)
		return check_config(stdout, o.json, o.kconfig);
	return run(&o);
}
