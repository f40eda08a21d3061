// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runtime profiles (runner/profile.h): any text either parses into a
 * profile that keeps the header's promises, or fails with EINVAL/ENOMEM
 * and a message, leaving nothing allocated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "runner/profile.h"

static void check(const struct rt_profile *p)
{
	FUZZ_ASSERT(p->name && !strcmp(p->name, "fuzz") && p->command);
	/* an entry with no words and not always is one the runtime makes
	 * by default ("ns TYPE default", or an "ns-off" line alone) */
	for (size_t i = 0; i < p->nns; i++) {
		FUZZ_ASSERT(!(p->ns[i].always && p->ns[i].on.n > 0));
		FUZZ_ASSERT(!p->ns[i].on.w || !p->ns[i].on.w[p->ns[i].on.n]);
		FUZZ_ASSERT(!p->ns[i].off.w || !p->ns[i].off.w[p->ns[i].off.n]);
	}
	for (size_t i = 0; i < p->defaults.n; i++)
		FUZZ_ASSERT(rt_profile_ns(p, p->defaults.w[i]));
	for (size_t i = 0; i < p->npolicy; i++)
		FUZZ_ASSERT(p->policy[i].fact && p->policy[i].value && p->policy[i].why[0]);
	FUZZ_ASSERT(p->kind != RT_OCI || p->spec.w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct nsp_err e = { 0 };
	struct rt_profile p;

	if (!text)
		return 0;
	if (rt_profile_parse(text, "runtimes/fuzz.profile", &p, &e) == 0) {
		check(&p);
		rt_profile_free(&p);
	} else {
		FUZZ_ASSERT(e.errnum == EINVAL || e.errnum == ENOMEM);
		FUZZ_ASSERT(e.msg[0] && !p.name && !p.policy);
	}
	free(text);
	return 0;
}
