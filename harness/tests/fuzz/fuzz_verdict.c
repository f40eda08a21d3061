// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Verdicts (harness/verdict.h) on any probe output, and their rendering.
 * verdict.h promises that garbage from a probe cannot break the outer
 * stream, so the rendered subtest is parsed back: de-indented, it must be
 * valid TAP with the same points, and the closing line must be the one
 * top-level point.  The first input byte picks what happened to the
 * process, the rest is its stdout; the stderr text is fixed.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/fuzz/fuzz.h"
#include "runner/verdict.h"

#define SUB_INDENT "    "

static const struct run_outcome outcomes[] = {
	{ .wait_status = 0, .seconds = 0.1 },			/* exit 0 */
	{ .wait_status = 1 << 8, .seconds = 0.1,		/* exit 1 */
	  .stderr_text = "probe: setup\n\tfailed \xff\x01{\n# not ok 9\n" },
	{ .wait_status = SIGSEGV | 0x80, .seconds = 0.1,	/* core dump */
	  .stderr_text = "Segmentation fault" },
	{ .wait_status = SIGKILL, .timed_out = true, .timeout_s = 10,
	  .seconds = 10 },
	{ .wait_status = 4 << 8, .interrupted = true, .seconds = 2.5 },
	{ .exec_errno = ENOENT },
};

/* The subtest's own lines, de-indented, and the closing line. */
static void split_render(const char *out, size_t len, FILE *sub, FILE *top)
{
	for (const char *l = out; l < out + len;) {
		const char *nl = memchr(l, '\n', (size_t)(out + len - l));
		size_t n = nl ? (size_t)(nl - l) + 1 : (size_t)(out + len - l);

		if (strncmp(l, SUB_INDENT, strlen(SUB_INDENT)) == 0)
			fwrite(l + strlen(SUB_INDENT), 1, n - strlen(SUB_INDENT), sub);
		else
			fwrite(l, 1, n, top);
		l += n;
	}
}

/* What verdict_render wrote must read back as the same points. */
static void check_render(const struct verdict *v, const char *out, size_t len)
{
	char *subtext = NULL, *toptext = NULL;
	size_t sublen, toplen;
	FILE *sub = open_memstream(&subtext, &sublen);
	FILE *top = open_memstream(&toptext, &toplen);
	struct tap_doc sd, td;

	FUZZ_ASSERT(sub && top);
	split_render(out, len, sub, top);
	FUZZ_ASSERT(fclose(sub) == 0 && fclose(top) == 0);
	FUZZ_ASSERT(tap_doc_parse(subtext, sublen, &sd) == 0);
	FUZZ_ASSERT(tap_doc_parse(toptext, toplen, &td) == 0);
	FUZZ_ASSERT(sd.nerrors == 0 && td.nerrors == 0);
	FUZZ_ASSERT(sd.npoints == v->doc.npoints);
	FUZZ_ASSERT(sd.plan == (int)v->doc.npoints);
	for (size_t i = 0; i < sd.npoints; i++) {
		FUZZ_ASSERT(sd.points[i].ok == v->doc.points[i].ok);
		FUZZ_ASSERT(sd.points[i].directive == v->doc.points[i].directive);
		FUZZ_ASSERT(sd.points[i].number == (int)i + 1);
	}
	FUZZ_ASSERT(td.npoints == 1 && td.points[0].ok == v->ok);
	FUZZ_ASSERT(td.points[0].number == 1);
	tap_doc_free(&sd);
	tap_doc_free(&td);
	free(subtext);
	free(toptext);
}

static void judge_and_render(const struct run_outcome *o, const uint8_t *tap,
			     size_t len, int tap_version)
{
	char *out = NULL;
	size_t outlen;
	struct verdict v;
	FILE *f;

	if (verdict_judge((const char *)tap, len, o, &v) < 0)
		return;	/* ENOMEM only */
	FUZZ_ASSERT(v.ok == (v.failed == 0 && v.broken == 0));
	FUZZ_ASSERT(v.passed + v.failed + v.broken + v.skipped ==
		    v.doc.npoints + (v.doc.skip_all ? 1 : 0));
	f = open_memstream(&out, &outlen);
	FUZZ_ASSERT(f);
	verdict_render(f, 1, "fuzz.entry", &v, o, tap_version);
	FUZZ_ASSERT(fclose(f) == 0);
	check_render(&v, out, outlen);
	free(out);
	verdict_free(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t n = sizeof(outcomes) / sizeof(outcomes[0]);

	if (size < 1)
		return 0;
	judge_and_render(&outcomes[data[0] % n], data + 1, size - 1,
			 data[0] & 0x80 ? 14 : 13);
	return 0;
}
