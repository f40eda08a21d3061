// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/runner.h"

#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner/job.h"
#include "runner/report.h"
#include "runner/rtrun.h"

struct run {
	const struct runner_opts *o;
	struct job *jobs;
	size_t njobs;
	size_t next_start;	/* first job not yet started */
	int running;
	int sigfd;
	int stop_sig;		/* SIGINT/SIGTERM received */
	struct report rep;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int runner_selected(const struct runner_opts *o, const struct suite_entry *ent)
{
	return !o->filter || fnmatch(o->filter, ent->id, 0) == 0;
}

/*
 * The handler does nothing: the signals stay blocked and are read from a
 * signalfd.  It must exist all the same, because as pid 1 of the sandbox's
 * pid namespace we would otherwise never receive SIGINT/SIGTERM sent from
 * outside (the kernel drops default-action signals to a namespace's init).
 */
static void on_signal(int sig)
{
	(void)sig;
}

static int open_signalfd(sigset_t *old, struct nsp_err *e)
{
	static const int sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t set;
	int fd;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaddset(&set, sigs[i]);
		sigaction(sigs[i], &sa, NULL);
	}
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return nsp_err_sys(e, "block signals");
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		return nsp_err_sys(e, "signalfd");
	return fd;
}

static struct job *job_by_pid(struct run *r, pid_t pid)
{
	for (size_t i = 0; i < r->njobs; i++)
		if (r->jobs[i].state == JOB_RUNNING && r->jobs[i].pid == pid)
			return &r->jobs[i];
	return NULL;
}

/* Reap everything: our probes, and (as sandbox init) any orphan. */
static void reap(struct run *r)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct job *j = job_by_pid(r, pid);

		if (j)
			job_reaped(j, status, now_s());
	}
}

static void stop_all(struct run *r, int sig)
{
	double now = now_s();

	r->stop_sig = sig;
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		if (j->state == JOB_RUNNING && j->pid > 0) {
			j->outcome.interrupted = true;
			j->deadline = now;	/* don't wait for escaped holders */
			job_kill(j);
		} else if (j->state == JOB_WAITING) {
			j->state = JOB_NOT_RUN;
		}
	}
}

static void drain_signals(struct run *r)
{
	struct signalfd_siginfo si;

	while (read(r->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap(r);
		else if (!r->stop_sig)
			stop_all(r, (int)si.ssi_signo);
	}
	reap(r);
}

/* The probe itself, or (--runtime) the runtime's command running it. */
static int start_one(struct run *r, struct job *j, double limit, struct nsp_err *e)
{
	char **argv;
	int rc;

	if (!r->o->rt)
		return job_start(j, r->o->probes_dir, limit, now_s(), e);
	argv = rt_command(r->o->rt, j->ent, (size_t)(j - r->jobs), e);
	if (!argv)
		return -1;
	rc = job_spawn(j, argv[0], argv, limit, now_s(), e);
	rt_command_free(argv);
	return rc;
}

static void launch(struct run *r)
{
	while (!r->stop_sig && r->running < r->o->jobs && r->next_start < r->njobs) {
		struct job *j = &r->jobs[r->next_start++];
		double limit = j->ent->timeout > 0 ? j->ent->timeout : r->o->timeout;
		struct nsp_err e;

		if (start_one(r, j, limit, &e) < 0) {
			j->outcome.exec_errno = e.errnum ? e.errnum : EIO;
			j->state = JOB_RUNNING;
			continue;
		}
		r->running++;
	}
}

/* Timeouts: kill the group; output held open past the deadline by a
 * process that escaped the group is abandoned rather than waited for. */
static void enforce_deadlines(struct run *r, double now)
{
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		if (j->state != JOB_RUNNING || now < j->deadline)
			continue;
		if (j->pid > 0 && !j->outcome.timed_out && !j->outcome.interrupted) {
			j->outcome.timed_out = true;
			job_kill(j);
		} else if (j->pid == 0 && now >= j->deadline + 1.0) {
			job_close_fds(j);
		}
	}
}

static int poll_timeout_ms(const struct run *r, double now)
{
	double soonest = -1;

	for (size_t i = 0; i < r->njobs; i++) {
		const struct job *j = &r->jobs[i];
		double d;

		if (j->state != JOB_RUNNING)
			continue;
		d = j->pid > 0 ? j->deadline : j->deadline + 1.0;
		if (soonest < 0 || d < soonest)
			soonest = d;
	}
	if (soonest < 0)
		return -1;
	return soonest <= now ? 0 : (int)((soonest - now) * 1000) + 1;
}

static size_t build_pollfds(struct run *r, struct pollfd *pfd, struct job **owner,
			    int *which)
{
	size_t n = 0;

	pfd[n++] = (struct pollfd){ .fd = r->sigfd, .events = POLLIN };
	for (size_t i = 0; i < r->njobs; i++)
		for (int k = 0; k < 2; k++)
			if (r->jobs[i].state == JOB_RUNNING && r->jobs[i].fd[k] >= 0) {
				owner[n] = &r->jobs[i];
				which[n] = k;
				pfd[n++] = (struct pollfd){ .fd = r->jobs[i].fd[k],
							    .events = POLLIN };
			}
	return n;
}

static int finish_done(struct run *r)
{
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		if (j->state != JOB_RUNNING || !job_finished(j))
			continue;
		if (job_judge(j) < 0)
			return -1;
		if (r->o->rt)
			rt_job_end(r->o->rt, (size_t)(j - r->jobs),
				   j->outcome.timed_out || j->outcome.interrupted ||
				   WIFSIGNALED(j->outcome.wait_status));
		r->running--;
	}
	return report_flush(&r->rep, r->jobs, r->njobs);
}

static int loop_once(struct run *r)
{
	size_t cap = 1 + 2 * r->njobs, n;
	struct pollfd *pfd = calloc(cap, sizeof(*pfd));
	struct job **owner = calloc(cap, sizeof(*owner));
	int *which = calloc(cap, sizeof(*which)), rc = 0;

	if (!pfd || !owner || !which) {
		rc = -1;
		goto out;
	}
	n = build_pollfds(r, pfd, owner, which);
	if (poll(pfd, n, poll_timeout_ms(r, now_s())) < 0 && errno != EINTR) {
		rc = -1;
		goto out;
	}
	for (size_t i = 1; i < n; i++)
		if (pfd[i].revents)
			job_read(owner[i], which[i]);
	if (pfd[0].revents)
		drain_signals(r);
	enforce_deadlines(r, now_s());
	rc = finish_done(r);
out:
	free(pfd);
	free(owner);
	free(which);
	return rc;
}

static bool busy(const struct run *r)
{
	return r->running > 0 || (!r->stop_sig && r->next_start < r->njobs);
}

static int make_jobs(struct run *r, struct suite *suites, size_t n)
{
	size_t count = 0;

	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; i < suites[s].n; i++)
			count += runner_selected(r->o, &suites[s].v[i]) != 0;
	r->jobs = calloc(count ? count : 1, sizeof(*r->jobs));
	if (!r->jobs)
		return -1;
	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; i < suites[s].n; i++)
			if (runner_selected(r->o, &suites[s].v[i])) {
				struct job *j = &r->jobs[r->njobs++];

				j->suite = &suites[s];
				j->ent = &suites[s].v[i];
				j->fd[0] = j->fd[1] = -1;
			}
	return 0;
}

/* Our own failure: kill and reap what runs, report nothing more of it. */
static void abandon(struct run *r)
{
	for (size_t i = 0; i < r->njobs; i++) {
		struct job *j = &r->jobs[i];

		if (j->state == JOB_RUNNING && j->pid > 0) {
			job_kill(j);
			while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
				;
			j->pid = 0;
		}
		job_close_fds(j);
		if (j->state != JOB_DONE)
			j->state = JOB_NOT_RUN;
	}
}

static int exit_status(const struct runner_totals *t)
{
	int rc = NSH_EXIT_OK;

	if (t->stopped_by)
		return 128 + t->stopped_by;
	if (t->failed)
		rc |= NSH_EXIT_FAIL;
	if (t->broken || t->timed_out)
		rc |= NSH_EXIT_BROKEN;
	return rc;
}

int runner_run(const struct runner_opts *o, struct suite *suites, size_t n,
	       struct runner_totals *t)
{
	struct run r = { .o = o };
	sigset_t old;
	int rc = 0;

	r.sigfd = open_signalfd(&old, &(struct nsp_err){ 0 });
	if (r.sigfd < 0 || make_jobs(&r, suites, n) < 0)
		return NSH_EXIT_INTERNAL;
	report_begin(&r.rep, o);
	while (rc == 0 && busy(&r)) {
		launch(&r);
		rc = loop_once(&r);
	}
	if (rc < 0)
		abandon(&r);
	report_end(&r.rep, r.jobs, r.njobs, t);
	t->stopped_by = r.stop_sig;
	for (size_t i = 0; i < r.njobs; i++)
		job_free(&r.jobs[i]);
	free(r.jobs);
	close(r.sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc < 0 ? NSH_EXIT_INTERNAL : exit_status(t);
}
