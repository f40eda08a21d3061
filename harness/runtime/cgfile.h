/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cgroup file model: every cgroup file the project reads or writes,
 * named once (cgfile_table.c), like LTP's table that maps v2 names to v1
 * ones.  Code names a file by its item (CG_MEMORY_MAX), never by a string;
 * the row says what the file is called on each version, which hierarchy
 * holds it, how its text is laid out, what "unlimited" is written as, what
 * value "closes" it, and how a v1 value converts to the canonical one.
 *
 * Canonical means cgroup v2: names ("memory.max"), units (µs, bytes,
 * cpu.weight 1..10000) and meanings (swap apart from memory).  On v1 the
 * model converts: memory.memsw.limit_in_bytes counts memory + swap, so the
 * canonical swap limit is memsw minus memory.limit_in_bytes there, and the
 * setter (core_cgroup_set_limits) orders the two writes so that memsw is
 * never below the memory limit; cpuacct.usage is in ns, cpu.shares is
 * cpu.weight * 1024 / 100 (the mapping systemd and runc use).
 *
 * A new controller is rows in the table, not new code: a row picks one of
 * the text layouts below for each version.  (cgfile_table.c: the names;
 * cgfile.c: layouts, values, conversion; cgwhere.c: which hierarchy holds
 * a controller, and a process's group directories.)  Reading and formatting here
 * work on a group directory and never print or exit; creating groups and
 * writing through libcgroup is runtime/cgroup.h.
 */
#ifndef NSP_RUNTIME_CGFILE_H
#define NSP_RUNTIME_CGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/cglayout.h"
#include "lib/err.h"

/* A read "max" (or a v1 page-counter maximum, or -1 quota) is this. */
#define CG_UNLIMITED ((long long)(~0ULL >> 1))

enum cg_item {
	CG_ITEM_NONE = 0,	/* "no item" (a zeroed row field) */
	/* core files, in every group (controller-less) */
	CG_PROCS,		/* cgroup.procs */
	CG_POPULATED,		/* cgroup.events populated (v2) */
	CG_KILL,		/* cgroup.kill (v2, 5.14+) */
	CG_SUBTREE_CONTROL,	/* cgroup.subtree_control (v2) */
	CG_CONTROLLERS,		/* cgroup.controllers (v2) */
	CG_EVENT_CONTROL,	/* cgroup.event_control (v1) */
	CG_TASKS,		/* tasks (v1): "0" moves the writing thread */
	/* memory */
	CG_MEMORY_MAX,
	CG_MEMORY_SWAP_MAX,
	CG_MEMORY_CURRENT,
	CG_MEMORY_PEAK,
	CG_MEMORY_EVENTS_MAX,
	CG_MEMORY_EVENTS_OOM,
	CG_MEMORY_EVENTS_OOM_KILL,
	CG_MEMORY_EVENTS_OOM_GROUP_KILL,
	CG_MEMORY_OOM_GROUP,
	CG_MEMORY_SWAP_FAILCNT,	/* v1 memory.memsw.failcnt */
	CG_MEMORY_UNDER_OOM,	/* v1 memory.oom_control under_oom */
	CG_MEMORY_OOM_KILL_DISABLE,	/* v1 memory.oom_control oom_kill_disable */
	/* pids */
	CG_PIDS_MAX,
	CG_PIDS_CURRENT,
	CG_PIDS_EVENTS_MAX,
	/* cpu (usage is cpuacct's on v1) */
	CG_CPU_MAX_QUOTA,
	CG_CPU_MAX_PERIOD,
	CG_CPU_WEIGHT,
	CG_CPU_USAGE,
	CG_CPU_NR_PERIODS,
	CG_CPU_NR_THROTTLED,
	CG_CPU_THROTTLED,
	/* cpuset */
	CG_CPUSET_CPUS,
	CG_CPUSET_CPUS_EFFECTIVE,
	CG_CPUSET_MEMS,
	CG_CPUSET_MEMS_EFFECTIVE,
	/* io (blkio on v1); per device: "MAJ:MIN" */
	CG_IO_MAX_WBPS,
	CG_IO_WBYTES,
	CG_IO_WIOS,
	CG_ITEM_COUNT
};

/* How a file's text is laid out (one side of a row). */
enum cg_format {
	CG_FMT_VALUE,		/* one number or the unlimited word: "max\n" */
	CG_FMT_KEYED,		/* "key value" lines: memory.events */
	CG_FMT_TEXT,		/* text as is: cgroup.procs, cpuset lists */
	CG_FMT_WORD,		/* word `word` of one line: v2 cpu.max "max 100000" */
	CG_FMT_DEV_KV,		/* "MAJ:MIN key=value ..." lines: v2 io.max, io.stat */
	CG_FMT_DEV_VALUE,	/* "MAJ:MIN value" lines: v1 blkio.throttle.*_device */
	CG_FMT_DEV_KEYED,	/* "MAJ:MIN Key value" lines: v1 blkio io_service_bytes */
};

enum cg_kind {
	CG_KIND_LIMIT,		/* writable number with an unlimited value */
	CG_KIND_SETTING,	/* writable number without one (weight, flags) */
	CG_KIND_LIST,		/* writable text (cpuset lists) */
	CG_KIND_COUNTER,	/* read-only number */
	CG_KIND_CORE,		/* the cgroup.* interface files */
};

struct cg_side {
	const char *file;	/* NULL: this version has no such file */
	const char *ctrl;	/* hierarchy that holds it; NULL: a core file */
	enum cg_format fmt;
	const char *key;	/* KEYED, DEV_KV, DEV_KEYED: the key */
	int word;		/* WORD: which word (0-based) */
	const char *unlimited;	/* written to lift a limit ("max", "-1", "0") */
};

struct cg_file {
	enum cg_item item;	/* its own index (checked by the self-tests) */
	const char *name;	/* canonical: "memory.max", "memory.events.oom_kill" */
	const char *ctrl;	/* canonical controller, NULL for core files */
	enum cg_kind kind;
	struct cg_side v1, v2;
	/* v1 value = canonical * v1_mul / v1_div (both 0: the same) */
	long long v1_mul, v1_div;
	/*
	 * v1 only: the file also counts this item (memsw = memory + swap), in
	 * the same directory.  Its canonical value is v1 minus that item's,
	 * and it may never be below it, which decides the order of writes.
	 */
	enum cg_item v1_adds;
	bool has_closed;	/* `closed` is the value that shuts it */
	long long closed;	/* canonical (swap: 0) */
	bool per_device;	/* DEV_* formats: needs "MAJ:MIN" */
	bool v1_inherit;	/* v1 cpuset: a new group starts empty and must
				   be given its parent's value before use */
};

/* One value to set: canonical, CG_UNLIMITED lifts a limit. */
struct cg_limit {
	enum cg_item item;
	long long value;
	const char *dev;	/* per-device items: "MAJ:MIN" */
	const char *text;	/* list items (cpuset.cpus): the text */
};

/* The row of `it` (NULL for CG_ITEM_NONE or out of range). */
const struct cg_file *cg_file(enum cg_item it);
/* Its side on version v (NULL when v is neither v1 nor v2). */
const struct cg_side *cg_file_side(enum cg_item it, enum cg_version v);
/* The file name on v ("memory.limit_in_bytes"), NULL when v has none. */
const char *cg_file_name(enum cg_item it, enum cg_version v);
/*
 * How a message or a TAP point names it on v: "memory.failcnt",
 * "memory.events oom_kill"; "(none)" when v has no such file.
 */
const char *cg_file_label(enum cg_item it, enum cg_version v, char *buf, size_t len);
/* The hierarchy that holds it on v ("cpuacct" for v1 usage), NULL: core. */
const char *cg_file_ctrl(enum cg_item it, enum cg_version v);

/* The controllers the model knows, by canonical (v2) name. */
enum cg_ctrl {
	CG_CTRL_MEMORY,
	CG_CTRL_PIDS,
	CG_CTRL_CPU,
	CG_CTRL_CPUSET,
	CG_CTRL_IO,
	CG_CTRL_COUNT
};
#define CG_CTRL_BIT(c) (1u << (c))

/* "memory", "io"... */
const char *cg_ctrl_name(enum cg_ctrl c);
/* The controller of that canonical name, or -1. */
int cg_ctrl_of(const char *name);
/*
 * The v1 hierarchies controller c's files live in ("cpu" and "cpuacct"
 * for cpu: usage is cpuacct's), from the table; returns how many (<= max).
 */
size_t cg_ctrl_v1_hierarchies(enum cg_ctrl c, const char **out, size_t max);
/*
 * Where controller c is in layout l: CG_V1 (its v1 hierarchy's mount in
 * v1_dir), CG_V2, or CG_VNONE with why ("io: no v1 blkio hierarchy, and
 * cgroup2 at /sys/fs/cgroup/unified offers only hugetlb (layout hybrid)").
 */
enum cg_version cg_ctrl_locate(const struct cg_layout *l, enum cg_ctrl c, char *v1_dir,
			       size_t len, char *why, size_t wlen);

/*
 * One key of a flat-keyed text ("oom_kill 1" lines): a missing key is
 * ENODATA, a value that is not a strict decimal integer EINVAL.
 */
int cg_parse_key(const char *text, const char *key, long long *val, struct nsp_err *e);

/*
 * Parse `text` (the file's content) as item `it` on version v into a
 * canonical number.  dev: "MAJ:MIN" for per-device rows, else NULL.  A
 * missing key is ENODATA; a missing device line is unlimited for limits
 * and 0 for counters (the kernel lists only devices with a rule or I/O);
 * a malformed value is EINVAL.  v1_adds rows are not converted here (see
 * cg_file_read).
 */
int cg_file_parse(enum cg_item it, enum cg_version v, const char *text,
		  const char *dev, long long *val, struct nsp_err *e);

/*
 * Read `it` from the group directory `dir` (the one of the hierarchy
 * cg_file_ctrl names) on version v: a canonical number.  EOPNOTSUPP when
 * v has no such file, ENOENT when this group lacks it (kernel without the
 * feature, the v2 root), else as cg_file_parse.
 */
int cg_file_read(const char *dir, enum cg_version v, enum cg_item it,
		 const char *dev, long long *val, struct nsp_err *e);
/* The text of a LIST or CORE item, trailing newline removed. */
int cg_file_read_text(const char *dir, enum cg_version v, enum cg_item it,
		      char *buf, size_t len, struct nsp_err *e);
/* dir/<its file on v> into path; EOPNOTSUPP when v has no such file. */
int cg_file_path(const char *dir, enum cg_version v, enum cg_item it, char *path,
		 size_t len, struct nsp_err *e);
/* Write text to the item's file in dir as is (cgroup.* files, which
 * libcgroup cannot write on v2; limits go through core_cgroup_set_limits). */
int cg_file_write(const char *dir, enum cg_version v, enum cg_item it, const char *text,
		  struct nsp_err *e);
/* Does the group at dir have the file (v has it and the kernel made it)? */
bool cg_file_exists(const char *dir, enum cg_version v, enum cg_item it);

/*
 * The text to write for canonical `val` (CG_UNLIMITED: the unlimited
 * word) on v: "16777216", "max", "-1", "8:0 wbps=1048576", "8:0 1048576".
 * `adds` is the current canonical value of the row's v1_adds item (only
 * used by those rows on v1).  WORD rows give their word only: the writer
 * merges it into the line (cg_file_merge_word).
 */
int cg_file_format(enum cg_item it, enum cg_version v, long long val,
		   long long adds, const char *dev, char *buf, size_t len,
		   struct nsp_err *e);
/* The line to write for a WORD row: `line` (current text) with its word replaced. */
int cg_file_merge_word(enum cg_item it, enum cg_version v, const char *line,
		       const char *word, char *buf, size_t len, struct nsp_err *e);

/*
 * The directory of pid's group for canonical controller `ctrl` (NULL:
 * the cgroup2 group), from /proc/<pid>/cgroup, and the version it is on.
 * ENODEV when the controller is nowhere, ENODATA when pid has no line.
 */
int cg_dir_of_pid(pid_t pid, const char *ctrl, char *dir, size_t len,
		  enum cg_version *v, struct nsp_err *e);

/* The same for item `it`: the directory of the hierarchy holding its file
 * (cpuacct's for v1 usage). */
int cg_item_dir_of_pid(pid_t pid, enum cg_item it, char *dir, size_t len,
		       enum cg_version *v, struct nsp_err *e);

/*
 * The devices ("MAJ:MIN") a per-device file's text lists, each once, in
 * order, at most max; returns how many.
 */
size_t cg_file_devices(const char *text, char (*devs)[16], size_t max);

#endif
