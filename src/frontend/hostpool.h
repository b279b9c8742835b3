/* hostpool.h: several hosts at once (fleet.c, bulk.c).  A job per target
 * runs in a thread of its own, at most --jobs at a time; a job that stays
 * silent (no job_alive: no reply from its host) for --host-timeout is left:
 * its thread is never joined, its late results are discarded by the thread
 * itself, and the caller reports it.  The pool stays allocated while a left
 * thread may still touch it. */
#ifndef VMCTL_HOSTPOOL_H
#define VMCTL_HOSTPOOL_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

#include "act.h"

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_LEFT };
enum item_state { ITEM_TODO, ITEM_RUNNING, ITEM_DONE, ITEM_SKIPPED };

/* One guest of a bulk verb (--all). */
struct bulk_item {
	char *guest;
	enum item_state state;
	int rc; /* exit code */
	bool already;
	char msg[512];
};

struct hostpool;

struct host_job {
	/* given */
	struct globals *g;
	const struct verb_def *verb;
	struct vm_request req; /* the caller's, with this target's backend and uri, and a guest of its own */
	struct target t;
	const struct backend_ops *ops;
	struct vm_conn *conn; /* the session's (borrowed), or NULL: the job opens one (own_conn) */
	bool own_conn;
	/* results, read by the caller once the job is JOB_DONE */
	int rc; /* 0, or -1 with err */
	struct vm_error err;
	struct vm_guest_list list;
	struct vm_guest_info info;
	bool have_info;
	struct vm_records recs;
	struct bulk_item *items; /* bulk: under the pool's lock once the job runs */
	size_t nitems, next_item;
	/* the pool's, under its lock */
	struct hostpool *pool;
	enum job_state state;
	double last;     /* monotonic time of the last sign of life */
	double patience; /* seconds the verb itself may wait (stop --timeout): not silence */
	char *own_guest; /* req.guest's copy: a left job may still read it */
	pthread_t thread;
	bool threaded;
	bool ended; /* the thread is through with the host (its close included) */
	char *own_uri;
};

typedef void (*job_fn)(struct host_job *j);

/* A pool of n jobs over targets t; each job's req is a copy of req. */
struct hostpool *hostpool_new(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
			      const struct target *t, size_t n);
struct host_job *hostpool_job(struct hostpool *p, size_t i);
/* The connections the jobs open stay open (for take_conns); otherwise each
 * job closes its own remote one as it ends, unless in a batch. */
void hostpool_keep_conns(struct hostpool *p);
/* Runs fn on every job, at most width at a time (0: --jobs); returns when
 * every job is done or left.  With stop_on_interrupt, a SIGINT stops new
 * jobs from starting, and running jobs are left --host-timeout after it. */
void hostpool_run(struct hostpool *p, job_fn fn, unsigned width, bool stop_on_interrupt);
/* After the caller printed: joins the jobs' threads that ended (closing
 * their connections), and drops the caller's reference; a left job keeps
 * the pool allocated. */
void hostpool_free(struct hostpool *p);

/* A reply came from j's host: its silence clock restarts. */
void job_alive(struct host_job *j);
/* j's connection: the session's, or one j opens (0), or -1 with j->err. */
int job_open(struct host_job *j);
/* bulk: the next item to act on (ITEM_RUNNING), or NULL when there is none
 * or the pool was interrupted (the rest stay ITEM_TODO). */
struct bulk_item *job_next_item(struct host_job *j);
/* bulk: the job's guests (the job's own from now on). */
void job_set_items(struct host_job *j, struct bulk_item *items, size_t n);
/* bulk: records item's outcome, unless j was left meanwhile. */
void job_item_done(struct host_job *j, struct bulk_item *it, int rc, bool already, const char *msg);
/* Runs fn(arg) in k threads and joins them (inline when none starts). */
void run_threads(unsigned k, void *(*fn)(void *), void *arg);

/* fleet.c: the session's connections lent to the jobs (a target given
 * twice: to the first), and what the jobs opened kept in the session for
 * the verbs that follow (a batch); a left job's borrowed one forgotten. */
void lend_conns(struct globals *g, struct hostpool *p, size_t n);
void take_conns(struct globals *g, struct hostpool *p, size_t n);
/* fleet.c: one line for a job that failed or was left; its exit code. */
int report_job(const struct host_job *j, bool show_host);

/* SIGINT during a bulk verb: the first stops new work, the second exits 130. */
void interrupt_arm(void);
void interrupt_disarm(void);
bool interrupted(void);

#endif
