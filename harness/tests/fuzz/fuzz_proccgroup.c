// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/<pid>/cgroup (probes/lib/proccgroup.h): absolute paths, ids >= 0,
 * lookups that only return entries of the list.
 */
#include <errno.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "lib/proccgroup.h"

static void check_list(const struct cgroup_list *l)
{
	static const char *const controllers[] = {
		NULL, "memory", "cpu", "name=systemd", "", ",",
	};

	for (size_t i = 0; i < l->n; i++) {
		FUZZ_ASSERT(l->v[i].hierarchy_id >= 0);
		FUZZ_ASSERT(l->v[i].path[0] == '/');
		(void)strlen(l->v[i].controllers);
	}
	for (size_t k = 0; k < sizeof(controllers) / sizeof(controllers[0]); k++) {
		const struct cgroup_entry *c = cgroup_list_find(l, controllers[k]);

		FUZZ_ASSERT(!c || (c >= l->v && c < l->v + l->n));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct nsp_err e = { 0 };
	struct cgroup_list l;

	if (!text)
		return 0;
	if (cgroup_list_parse(text, &l, &e) == 0) {
		check_list(&l);
		cgroup_list_free(&l);
	} else {
		FUZZ_ASSERT(e.errnum == EINVAL || e.errnum == ENOMEM);
		FUZZ_ASSERT(l.n == 0 && !l.v);
	}
	free(text);
	return 0;
}
