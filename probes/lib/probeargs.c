// SPDX-License-Identifier: GPL-2.0-or-later
#include "probeargs.h"

#include <errno.h>
#include <string.h>

static bool known_fault(const char *const *faults, const char *name)
{
	for (; faults && *faults; faults++)
		if (strcmp(*faults, name) == 0)
			return true;
	return false;
}

/* One option and its value at argv[i], argv[i + 1]. */
static int parse_one(const char *opt, const char *val, const char *const *faults,
		     struct probe_args *a, struct nsp_err *e)
{
	if (!val)
		return nsp_err_set(e, EINVAL, "%s needs a value", opt);
	if (strcmp(opt, "--role") == 0) {
		if (strcmp(val, "inside") == 0)
			a->inside = true;
		else if (strcmp(val, "outside") != 0)
			return nsp_err_set(e, EINVAL, "unknown role `%s' (inside, outside)", val);
		return 0;
	}
	if (strcmp(opt, "--fault") == 0) {
		if (!known_fault(faults, val))
			return nsp_err_set(e, EINVAL, "unknown fault `%s'", val);
		if (a->fault)
			return nsp_err_set(e, EINVAL, "one --fault at a time");
		a->fault = val;
		return 0;
	}
	return nsp_err_set(e, EINVAL, "unknown option `%s'", opt);
}

int probe_args_parse(int argc, char *const argv[], const char *const *faults,
		     struct probe_args *a, struct nsp_err *e)
{
	*a = (struct probe_args){ 0 };
	for (int i = 1; i < argc; i += 2)
		if (parse_one(argv[i], i + 1 < argc ? argv[i + 1] : NULL, faults, a, e) < 0)
			return -1;
	if (a->inside && a->fault)
		return nsp_err_set(e, EINVAL, "--fault applies to the outside role only");
	return 0;
}

bool probe_fault(const struct probe_args *a, const char *name)
{
	return a->fault && strcmp(a->fault, name) == 0;
}
