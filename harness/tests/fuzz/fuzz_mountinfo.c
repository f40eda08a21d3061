// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/<pid>/mountinfo (probes/lib/mountinfo.h): a parse either fails
 * with EINVAL/ENOMEM and returns nothing, or gives entries whose fields
 * keep the header's promises.
 */
#include <errno.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "lib/mountinfo.h"

static void check_entry(const struct mount_entry *m)
{
	FUZZ_ASSERT(m->mount_id >= 0 && m->parent_id >= 0);
	FUZZ_ASSERT(m->shared >= 0 && m->master >= 0 && m->propagate_from >= 0);
	FUZZ_ASSERT(m->unknown_tags >= 0);
	FUZZ_ASSERT(*m->root && *m->mount_point && *m->mount_opts &&
		    *m->fstype && *m->super_opts);
	(void)strlen(m->source);
	/* fields are cut at single spaces; only paths unescape to one */
	FUZZ_ASSERT(!strchr(m->mount_opts, ' ') && !strchr(m->fstype, ' '));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct nsp_err e = { 0 };
	struct mount_table t;

	if (!text)
		return 0;
	if (mount_table_parse(text, &t, &e) == 0) {
		for (size_t i = 0; i < t.n; i++) {
			check_entry(&t.v[i]);
			FUZZ_ASSERT(mount_table_find(&t, t.v[i].mount_point));
		}
		mount_table_free(&t);
	} else {
		FUZZ_ASSERT(e.errnum == EINVAL || e.errnum == ENOMEM);
		FUZZ_ASSERT(t.n == 0 && !t.v);
	}
	/* the unescaper alone, on the raw text as one field */
	(void)mountinfo_unescape(text);
	free(text);
	return 0;
}
