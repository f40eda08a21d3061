// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsprobe --check-config against kernel configs we write: its option list
 * holds what container runtimes need (the list below), every option says
 * why it matters and names probes that exist, and each option's value is
 * read from the config: one that has it (=y, =m) and one that lacks it
 * ("is not set", or absent), alternating, so a mix-up between options
 * shows.  Runs build/nsprobe --json --check-config --kconfig FILE.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/runcap.h"
#include "lib/jsonline.h"
#include "tests/unit/selftest.h"

/* What a container runtime checks for (moby's check-config.sh and more)
 * and the suite needs: nsprobe must report at least these. */
static const char *const required[] = {
	"CONFIG_NAMESPACES", "CONFIG_UTS_NS", "CONFIG_IPC_NS", "CONFIG_PID_NS", "CONFIG_NET_NS",
	"CONFIG_USER_NS", "CONFIG_CGROUPS", "CONFIG_MEMCG", "CONFIG_MEMCG_V1", "CONFIG_CPUSETS_V1",
	"CONFIG_CGROUP_BPF", "CONFIG_CGROUP_PIDS", "CONFIG_CFS_BANDWIDTH", "CONFIG_FAIR_GROUP_SCHED",
	"CONFIG_BLK_CGROUP", "CONFIG_BLK_DEV_THROTTLING", "CONFIG_MEMCG_SWAP", "CONFIG_SECCOMP_FILTER",
	"CONFIG_BRIDGE", "CONFIG_BRIDGE_NETFILTER", "CONFIG_VETH", "CONFIG_MACVLAN", "CONFIG_IPVLAN",
	"CONFIG_VXLAN", "CONFIG_OVERLAY_FS", "CONFIG_POSIX_MQUEUE", "CONFIG_SYSVIPC",
};

#define MAX_OPTIONS 128

struct reported {
	size_t n;
	char option[MAX_OPTIONS][64];
	char value[MAX_OPTIONS][16];
};

/* Run nsprobe on a config file; its options and values, in order. */
static int check_config(const char *config, struct reported *r, char **json)
{
	char bin[PATH_MAX], *argv[] = { bin, "--json", "--check-config", "--kconfig",
					(char *)config, NULL };
	struct nsp_capture c;
	struct nsp_err e;
	const char *at;

	snprintf(bin, sizeof(bin), "%s/nsprobe", selftest_build_dir());
	if (nsp_run_capture(argv, &c, &e) < 0)
		return -1;
	CU_ASSERT_TRUE(WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0);
	r->n = 0;
	for (at = c.out; r->n < MAX_OPTIONS &&
	     (at = jl_next(at, "option", r->option[r->n], sizeof(r->option[0]))) != NULL; r->n++)
		at = jl_next(at, "value", r->value[r->n], sizeof(r->value[0]));
	*json = c.out;
	free(c.err);
	return 0;
}

/*
 * A config where the options whose index has parity `odd` are set (=y, or
 * =m when `module`) and the others lack: "# ... is not set" beside =y,
 * no line at all beside =m.
 */
static char *write_config(const struct reported *names, int odd, bool module)
{
	static char path[] = "/tmp/nsp-kconfig-XXXXXX";
	int fd;
	FILE *f;

	strcpy(path, "/tmp/nsp-kconfig-XXXXXX");
	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f)
		return NULL;
	for (size_t i = 0; i < names->n; i++) {
		if ((int)(i % 2) == odd)
			fprintf(f, "%s=%s\n", names->option[i], module ? "m" : "y");
		else if (!module)
			fprintf(f, "# %s is not set\n", names->option[i]);
	}
	fclose(f);
	return path;
}

static void test_list(void)
{
	struct reported r;
	char *json = NULL;

	CU_ASSERT_EQUAL_FATAL(check_config("/dev/null", &r, &json), 0);
	CU_ASSERT_TRUE(r.n >= sizeof(required) / sizeof(required[0]));
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		bool found = false;

		for (size_t k = 0; k < r.n; k++)
			found = found || strcmp(r.option[k], required[i]) == 0;
		CU_ASSERT_TRUE(found);
		if (!found)
			fprintf(stderr, "\n  nsprobe --check-config does not report %s", required[i]);
	}
	/* the config "/dev/null" has none of them */
	for (size_t k = 0; k < r.n; k++)
		CU_ASSERT_STRING_EQUAL(r.value[k], "n");
	free(json);
}

/* Every option has a reason and names probes that exist. */
static void test_why_and_probes(void)
{
	char why[512], probe[128], path[PATH_MAX];
	struct reported r;
	const char *at;
	char *json = NULL;
	size_t whys = 0;

	CU_ASSERT_EQUAL_FATAL(check_config("/dev/null", &r, &json), 0);
	for (at = json; (at = jl_next(at, "why", why, sizeof(why))) != NULL; whys++)
		CU_ASSERT_TRUE(strlen(why) > 10);
	CU_ASSERT_EQUAL(whys, r.n);
	/* probe names are the array's bare string lines: "name" or "name", */
	for (at = json; (at = strstr(at, "\n        \"")) != NULL; at++) {
		if (sscanf(at, "\n        \"%127[^\"]\"", probe) != 1 || strcmp(probe, "*") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/probes/%s", selftest_build_dir(), probe);
		CU_ASSERT_EQUAL(access(path, X_OK), 0);
		if (access(path, X_OK) != 0)
			fprintf(stderr, "\n  --check-config names probe %s, which does not exist", probe);
	}
	free(json);
}

/*
 * Each option's value comes from the config: every option is seen set
 * (=y and =m) and lacking ("is not set" and no line), the two halves of
 * the list taking turns.
 */
static void test_has_and_lacks(void)
{
	struct reported all, r;
	char *json = NULL, *path;

	CU_ASSERT_EQUAL_FATAL(check_config("/dev/null", &all, &json), 0);
	free(json);
	for (int mode = 0; mode < 4; mode++) {
		int odd = mode / 2;
		bool module = mode % 2;

		path = write_config(&all, odd, module);
		CU_ASSERT_PTR_NOT_NULL_FATAL(path);
		CU_ASSERT_EQUAL_FATAL(check_config(path, &r, &json), 0);
		unlink(path);
		CU_ASSERT_EQUAL(r.n, all.n);
		for (size_t i = 0; i < r.n && i < all.n; i++) {
			CU_ASSERT_STRING_EQUAL(r.option[i], all.option[i]);
			CU_ASSERT_STRING_EQUAL(r.value[i], (int)(i % 2) == odd ? (module ? "m" : "y") : "n");
		}
		CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"kconfig_source\": \"/tmp/nsp-kconfig-"));
		free(json);
	}
}

static const struct selftest_case cases[] = {
	{ "option list holds what runtimes need", test_list },
	{ "every option says why and which probes", test_why_and_probes },
	{ "config that has and lacks each option", test_has_and_lacks },
	{ NULL, NULL },
};

SELFTEST_SUITE(check_config_suite, "check_config", cases)
