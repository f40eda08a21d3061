/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `nsharness bench`: the runtime core's in-process launch cost. */
#ifndef NSP_RUNNER_BENCH_H
#define NSP_RUNNER_BENCH_H

/* argv[0] is "bench".  Returns the exit status for nsharness. */
int bench_main(int argc, char **argv);

#endif
