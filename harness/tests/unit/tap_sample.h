/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One TAP document shared by the writer's tests and the parser's: what
 * lib/tap.c writes for a plan of 4 and one point of each outcome (pass,
 * skip, fail with expected/got, broken with errno).  test_tap.c checks
 * the writer writes exactly this; test_tapdoc.c that it parses cleanly.
 */
#ifndef NSP_TESTS_TAP_SAMPLE_H
#define NSP_TESTS_TAP_SAMPLE_H

extern const char tap_sample_outcomes[];

#endif
