/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory hogs and OOM victims for the memory cgroup OOM probes
 * (suites/oom.suite).
 *
 * Safety first: a hog only ever touches a bounded amount (at most
 * MEMHOG_TOUCH_FACTOR times the limit of its group), a victim raises its
 * own oom_score_adj to 1000 (allowed without CAP_SYS_RESOURCE) so that
 * no OOM killer in any scope prefers anyone else, and every process here
 * blocks on a socket whose peer the probe holds, so the probe's exit (or
 * crash) ends them.  No sleeps: each wait is a blocking read.
 *
 * The victim protocol on one SOCK_SEQPACKET socket (probes/lib/sync.h):
 *   victim -> probe   result of raising oom_score_adj (empty: ok)
 *   probe  -> victim  MEMHOG_GO
 *   victim -> probe   MEMHOG_ALLOCATING   about to go past the limit
 *   victim -> probe   MEMHOG_SURVIVED     touched every page, still alive
 * A victim the OOM killer took never sends MEMHOG_SURVIVED: the probe's
 * read sees end-of-file (EPIPE).
 */
#ifndef NSP_MEMHOG_H
#define NSP_MEMHOG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

#define MEMHOG_MIB (1024LL * 1024)
/* The limit the probes give their group: a few MiB above a task's baseline. */
#define MEMHOG_LIMIT (16 * MEMHOG_MIB)
/* A hog touches at most this many times its group's limit. */
#define MEMHOG_TOUCH_FACTOR 4
#define MEMHOG_TOUCH (MEMHOG_TOUCH_FACTOR * MEMHOG_LIMIT)
/*
 * --fault no-limit: a limit the bounded hog never reaches, so that no OOM
 * kill happens and each kill check must report not ok (the group still
 * exists, so its counters can be read).
 */
#define MEMHOG_NO_LIMIT (1024 * MEMHOG_MIB)
/*
 * How far a usage peak may exceed the limit: a task that the OOM killer
 * chose, and one leaving the kernel with a fatal signal pending, may charge
 * past the limit (the kernel's "force" charge path) instead of looping in
 * reclaim; a dying task's last page-fault batch (MEMCG_CHARGE_BATCH, 64
 * pages) is the most seen.  1 MiB covers that with room.
 */
#define MEMHOG_PEAK_SLACK (1 * MEMHOG_MIB)

/* The largest oom_score_adj: "always choose this task first". */
#define MEMHOG_ADJ_VICTIM 1000L
/* The smallest: "never kill" (needs CAP_SYS_RESOURCE to set). */
#define MEMHOG_ADJ_PROTECTED (-1000L)

enum memhog_step { MEMHOG_GO = 101, MEMHOG_ALLOCATING, MEMHOG_SURVIVED };

/* /proc/<pid>/oom_score_adj (pid 0: self). */
int memhog_get_adj(pid_t pid, long *adj, struct nsp_err *e);
/* Write it, then read it back: EIO when the kernel kept another value. */
int memhog_set_adj(pid_t pid, long adj, struct nsp_err *e);

/*
 * Touch `bytes` of fresh anonymous memory, one memset per page, so every
 * page is charged.  Returns 0 when every page was touched (the caller
 * survived), -1 with *e set when the mapping failed.  bytes is capped at
 * MEMHOG_TOUCH: a hog never threatens the machine.
 */
int memhog_touch(long long bytes, struct nsp_err *e);

/*
 * The victim's side of the protocol above, for a container's .fn or a
 * forked child: returns its exit status (0: survived; 2: broken).  A
 * bystander is the same without raising its oom_score_adj; after
 * MEMHOG_SURVIVED it holds its memory until the probe closes the socket.
 */
int memhog_victim(int fd, long long bytes);
int memhog_bystander(int fd, long long bytes);

/*
 * Block until the peer of `fd` hangs up (end-of-file): a container's init
 * or a hog stays alive, and in its group, until the probe has looked.
 */
void memhog_hold(int fd);

/* The probe's side: the victim's (or bystander's) raised adj ... */
int memhog_ready(int fd, struct nsp_err *e);
/* ... then let it go, and return once it is about to allocate. */
int memhog_go(int fd, struct nsp_err *e);
/*
 * After memhog_go: true when the hog said it touched every page (it
 * survived), false when the socket ended first (it died).
 */
bool memhog_survived(int fd);

/*
 * Fork `n` children (in the caller's cgroup and namespaces) that block
 * reading `fd` until its peer closes, then exit 0: group members that do
 * nothing but exist.  They close `drop_fd` (-1: none) first, so that a
 * socket the probe watches for the caller's death is not kept open by
 * them.  pids[] gets them (as the caller sees them).
 */
int memhog_spawn_sleepers(int fd, int drop_fd, pid_t *pids, size_t n,
			  struct nsp_err *e);

/*
 * Members whose parent died (no pid namespace to end them) are reparented;
 * make the probe their subreaper so that it, not the host's init, reaps
 * them: adopt before launching, reap_all once everything was killed (it
 * blocks until the caller has no child left).
 */
int memhog_adopt_orphans(struct nsp_err *e);
void memhog_reap_all(void);

/*
 * Run `n` victims one after the other as children of the caller (each
 * raises its own adj and touches `bytes`), storing each wait status.
 */
int memhog_run_victims(long long bytes, int *statuses, size_t n,
		       struct nsp_err *e);

/*
 * From /proc/<pid>/status text: the State letter ('D' for a task asleep in
 * the memcg OOM wait, which is killable) and whether SIGKILL is pending
 * (SigPnd or ShdPnd: the OOM killer's signal shows there until the task
 * takes it).  EINVAL when the text has no State line.
 */
int memhog_parse_task_state(const char *status, char *state, bool *kill_pending,
			    struct nsp_err *e);
int memhog_task_state(pid_t pid, char *state, bool *kill_pending, struct nsp_err *e);

/* Wait status in words: "killed by signal 9 (SIGKILL)", "exit status 0". */
const char *memhog_status_str(int status, char *buf, size_t len);
bool memhog_killed_by(int status, int sig);

struct tap;
/* One TAP point: wait status `status` is a death by SIGKILL. */
void memhog_expect_sigkill(struct tap *t, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * cgroup.procs text ("12\n34\n") into pids[]; returns the count (all of
 * them, even beyond max), or -1 with EINVAL on anything but pids.
 */
int memhog_parse_pids(const char *text, pid_t *pids, size_t max,
		      struct nsp_err *e);

#endif
