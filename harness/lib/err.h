/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Error values for library code.
 *
 * Library code never prints and never exits: it fills a struct nsp_err with
 * the errno of the call that failed plus a message that says what was being
 * done, and returns -1.  Callers add their own context on the way up, so the
 * top level ends up printing one line such as
 *   create cgroup `nsprobe-41/c3': mkdir: Permission denied
 */
#ifndef NSP_LIB_ERR_H
#define NSP_LIB_ERR_H

#include <stddef.h>

#define NSP_ERR_MSG_MAX 512

struct nsp_err {
	int errnum;			/* errno of the failing call, 0 if none */
	char msg[NSP_ERR_MSG_MAX];	/* context chain, without strerror */
};

/* Set *e from errno as it is now; returns -1 so callers can `return`. */
int nsp_err_sys(struct nsp_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set *e with an explicit errno value (0: a logic error with no errno). */
int nsp_err_set(struct nsp_err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix context to an error that is already set; keeps its errno. */
int nsp_err_wrap(struct nsp_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "msg: strerror(errnum)" (or just msg when errnum is 0) into buf. */
const char *nsp_err_str(const struct nsp_err *e, char *buf, size_t len);

/* Symbolic errno name ("ENOENT"), or "E?" for an unknown value. */
const char *nsp_errno_name(int errnum);

/* "SIGSEGV" for SIGSEGV, "SIG?" for a number it does not know (portable:
 * glibc's sigabbrev_np is not in musl). */
const char *nsp_signal_name(int sig);

void nsp_err_clear(struct nsp_err *e);

#endif
