// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The NS* lines of /proc/<pid>/status (probes/lib/procstatus.h): at most
 * NSP_MAX_PID_LEVELS non-negative ids a list, and nothing kept on error.
 */
#include <errno.h>

#include "tests/fuzz/fuzz.h"
#include "lib/procstatus.h"

static void check_list(const struct ns_idlist *l)
{
	FUZZ_ASSERT(l->n >= 0 && l->n <= NSP_MAX_PID_LEVELS);
	for (int i = 0; i < l->n; i++)
		FUZZ_ASSERT(l->id[i] >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct nsp_err e = { 0 };
	struct ns_status st;

	if (!text)
		return 0;
	if (ns_status_parse(text, &st, &e) == 0) {
		check_list(&st.tgid);
		check_list(&st.pid);
		check_list(&st.pgid);
		check_list(&st.sid);
	} else {
		FUZZ_ASSERT(e.errnum == EINVAL);
		FUZZ_ASSERT(st.pid.n == 0 && st.tgid.n == 0 &&
			    st.pgid.n == 0 && st.sid.n == 0);
	}
	free(text);
	return 0;
}
