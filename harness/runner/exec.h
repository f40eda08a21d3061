/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `nsharness exec`: run one command in a new minimal container, or join one. */
#ifndef NSP_RUNNER_EXEC_H
#define NSP_RUNNER_EXEC_H

/* argv[0] is "exec".  Returns the exit status for nsharness. */
int exec_main(int argc, char **argv);

#endif
