/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a runtime's documented policy travels from `nsharness --runtime`
 * to the probes it runs (fixtures/policy.h): NSHARNESS_RUNTIME names the
 * profile in force, one NSHARNESS_POLICY_<FACT> per fact holds "VALUE
 * WHY" (FACT upper-cased, '-' as '_').
 */
#ifndef NSP_LIB_POLICYENV_H
#define NSP_LIB_POLICYENV_H

#include <stddef.h>

#define POLICY_ENV_RUNTIME "NSHARNESS_RUNTIME"
#define POLICY_ENV_PREFIX "NSHARNESS_POLICY_"

/* The variable of `fact` ("last-pid" -> NSHARNESS_POLICY_LAST_PID). */
void policy_env_name(const char *fact, char *buf, size_t len);

#endif
