/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SysV IPC helpers for the IPC namespace probes.
 *
 * Keys are made without ftok(): a per-probe constant in the high bits and
 * the caller's pid below, so two runs at once (different pids) never meet
 * on a key.  The /proc/sysvipc/{msg,shm,sem} tables start with a header
 * line, then one object a line: key (decimal, signed) and id first.
 */
#ifndef NSP_SYSVIPC_H
#define NSP_SYSVIPC_H

#include <stdbool.h>
#include <sys/ipc.h>
#include <sys/types.h>

#include "err.h"

/* 0x4E5xxxxx-style key: tag (0..255) in bits 23..30, pid in bits 0..22;
 * never IPC_PRIVATE (0). */
key_t sysvipc_key(unsigned tag, pid_t pid);

/* Does the table text list `key`?  EINVAL on a malformed object line. */
int sysvipc_table_has(const char *text, key_t key, bool *found, struct nsp_err *e);
/* Read /proc/sysvipc/<table> ("msg", "shm", "sem") and look for `key`. */
int sysvipc_proc_has(const char *table, key_t key, bool *found, struct nsp_err *e);

#endif
