/* hostpool.c: a thread per host, --jobs at a time, each watched for
 * silence (see hostpool.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hostpool.h"
#include "stop.h"
#include "uri.h"

struct hostpool {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* a job ended */
	struct globals *g;
	struct host_job *jobs;
	size_t n, active;
	unsigned refs; /* the caller, and every job thread still running */
	job_fn fn;
	bool keep_conns; /* the connections the jobs opened stay open for the caller */
	struct hostpool *next_left; /* the pools a left thread still uses: reachable until exit */
};

static pthread_mutex_t left_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hostpool *left_pools;

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- SIGINT ---- */

static volatile sig_atomic_t sigint_count;
static struct sigaction old_int;
static bool armed;

static void on_sigint(int sig)
{
	(void)sig;
	if (++sigint_count >= 2)
		_exit(130);
	static const char msg[] = "vmctl: interrupted: no new work is started; waiting for what is in flight (Ctrl-C again: exit now)\n";
	ssize_t w = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)w;
}

void interrupt_arm(void)
{
	struct sigaction sa = { .sa_handler = on_sigint };
	sigemptyset(&sa.sa_mask);
	sigint_count = 0;
	armed = sigaction(SIGINT, &sa, &old_int) == 0;
}

void interrupt_disarm(void)
{
	if (armed)
		sigaction(SIGINT, &old_int, NULL);
	armed = false;
}

bool interrupted(void)
{
	return sigint_count > 0;
}

/* ---- the pool ---- */

struct hostpool *hostpool_new(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
			      const struct target *t, size_t n)
{
	struct hostpool *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_t ca; /* deadlines are on the monotonic clock */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cond, &ca);
	pthread_condattr_destroy(&ca);
	p->g = g;
	p->n = n;
	p->refs = 1;
	p->jobs = xcalloc(n ? n : 1, sizeof(*p->jobs));
	for (size_t i = 0; i < n; i++) {
		struct host_job *j = &p->jobs[i];
		j->g = g;
		j->verb = verb;
		j->pool = p;
		j->req = *req;
		j->t = t[i];
		j->own_guest = req->guest ? xstrdup(req->guest) : NULL;
		j->own_uri = t[i].uri ? xstrdup(t[i].uri) : NULL;
		j->req.guest = j->own_guest;
		j->req.backend = t[i].backend;
		j->req.uri = j->t.uri = j->own_uri;
	}
	return p;
}

void hostpool_keep_conns(struct hostpool *p)
{
	p->keep_conns = true;
}

struct host_job *hostpool_job(struct hostpool *p, size_t i)
{
	return &p->jobs[i];
}

static void job_clear(struct host_job *j)
{
	guest_list_clear(&j->list);
	if (j->have_info)
		guest_info_clear(&j->info);
	vm_records_clear(&j->recs);
	for (size_t i = 0; i < j->nitems; i++)
		free(j->items[i].guest);
	free(j->items);
	if (j->own_conn && j->conn)
		j->ops->close(j->conn);
	free(j->own_guest);
	free(j->own_uri);
	memset(j, 0, sizeof(*j));
}

/* p stays reachable while a thread it left behind still uses it */
static void remember_left(struct hostpool *p)
{
	pthread_mutex_lock(&left_lock);
	for (struct hostpool *q = left_pools; q; q = q->next_left)
		if (q == p) {
			pthread_mutex_unlock(&left_lock);
			return;
		}
	p->next_left = left_pools;
	left_pools = p;
	pthread_mutex_unlock(&left_lock);
}

/* Waits on p's condition (its lock held) for at most d seconds. */
static void wait_for(struct hostpool *p, double d)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += (time_t)d;
	ts.tv_nsec += (long)((d - (double)(time_t)d) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&p->cond, &p->lock, &ts);
}

static void pool_unref(struct hostpool *p)
{
	pthread_mutex_lock(&p->lock);
	bool last = --p->refs == 0;
	pthread_mutex_unlock(&p->lock);
	if (!last)
		return;
	pthread_mutex_lock(&left_lock); /* no longer a left pool */
	for (struct hostpool **q = &left_pools; *q; q = &(*q)->next_left)
		if (*q == p) {
			*q = p->next_left;
			break;
		}
	pthread_mutex_unlock(&left_lock);
	for (size_t i = 0; i < p->n; i++)
		job_clear(&p->jobs[i]);
	free(p->jobs);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
}

void job_alive(struct host_job *j)
{
	double t = now_mono();
	pthread_mutex_lock(&j->pool->lock);
	j->last = t;
	pthread_mutex_unlock(&j->pool->lock);
}

int job_open(struct host_job *j)
{
	if (j->conn)
		return 0;
	struct vm_conn *c = NULL;
	if (j->ops->open(&j->req, j->g->arg_readonly, &c, &j->err) < 0)
		return -1;
	j->conn = c;
	j->own_conn = true;
	job_alive(j);
	return 0;
}

struct bulk_item *job_next_item(struct host_job *j)
{
	struct bulk_item *it = NULL;
	pthread_mutex_lock(&j->pool->lock);
	if (j->state != JOB_LEFT && !interrupted() && j->next_item < j->nitems) {
		it = &j->items[j->next_item++];
		it->state = ITEM_RUNNING;
	}
	pthread_mutex_unlock(&j->pool->lock);
	return it;
}

void job_item_done(struct host_job *j, struct bulk_item *it, int rc, bool already, const char *msg)
{
	double t = now_mono();
	pthread_mutex_lock(&j->pool->lock);
	if (j->state != JOB_LEFT) {
		it->rc = rc;
		it->already = already;
		snprintf(it->msg, sizeof(it->msg), "%s", msg ? msg : "");
		it->state = ITEM_DONE;
		j->last = t;
	}
	pthread_mutex_unlock(&j->pool->lock);
}

static void *job_thread(void *arg)
{
	struct host_job *j = arg;
	struct hostpool *p = j->pool;
	p->fn(j);
	/* a remote close costs a round trip: here, all hosts at once (the
	 * caller joins this thread), not one after another at exit; a batch
	 * keeps them, and a local driver's close stays for the end (two
	 * test:///default targets share one in-process state while open) */
	struct vm_conn *closing = NULL;
	if (!p->keep_conns && !j->g->arg_batch && j->own_conn && j->conn && uri_is_remote(j->t.uri)) {
		closing = j->conn;
		j->conn = NULL;
	}
	pthread_mutex_lock(&p->lock);
	bool left = j->state == JOB_LEFT;
	if (!left) {
		j->state = JOB_DONE;
		j->ended = !closing;
		p->active--;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	if (closing) {
		j->ops->close(closing);
		pthread_mutex_lock(&p->lock);
		j->ended = true;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->lock);
	}
	if (left) { /* nobody reads it any more: what it got goes, the pool's copy with it */
		guest_list_clear(&j->list);
		if (j->have_info)
			guest_info_clear(&j->info);
		j->have_info = false;
		vm_records_clear(&j->recs);
		if (j->own_conn && j->conn)
			j->ops->close(j->conn);
		j->conn = NULL;
	}
	pool_unref(p);
	return NULL;
}

static bool start(struct hostpool *p, struct host_job *j)
{
	pthread_attr_t a;
	if (pthread_attr_init(&a) != 0)
		return false;
	pthread_attr_setstacksize(&a, 512 * 1024); /* libvirt's calls need little; 256 x 8 MiB of address space would not do */
	p->refs++;
	j->threaded = pthread_create(&j->thread, &a, job_thread, j) == 0;
	if (!j->threaded)
		p->refs--;
	pthread_attr_destroy(&a);
	return j->threaded;
}

void hostpool_run(struct hostpool *p, job_fn fn, unsigned width, bool stop_on_interrupt)
{
	double timeout = p->g->arg_host_timeout, t_int = 0;
	if (!width)
		width = p->g->arg_jobs;
	p->fn = fn;
	size_t next = 0;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		bool stop = stop_on_interrupt && interrupted();
		if (stop && t_int == 0)
			t_int = now_mono();
		while (!stop && p->active < width && next < p->n) {
			struct host_job *j = &p->jobs[next++];
			j->state = JOB_RUNNING;
			j->last = now_mono();
			p->active++;
			if (!start(p, j)) { /* no thread: the job runs here, unwatched */
				pthread_mutex_unlock(&p->lock);
				fn(j);
				pthread_mutex_lock(&p->lock);
				j->state = JOB_DONE;
				p->active--;
			}
		}
		if (p->active == 0 && (stop || next == p->n))
			break;
		double now = now_mono(), wake = now + 0.1; /* a SIGINT is seen within 0.1 s */
		for (size_t i = 0; i < next; i++) {
			struct host_job *j = &p->jobs[i];
			if (j->state != JOB_RUNNING)
				continue;
			double due = j->last + timeout + j->patience;
			if (t_int > 0 && t_int + timeout < due)
				due = t_int + timeout;
			if (now >= due) {
				j->state = JOB_LEFT;
				p->active--;
			} else if (due < wake) {
				wake = due;
			}
		}
		if (p->active == 0 && (stop || next == p->n))
			break;
		if (p->active == 0)
			continue;
		wait_for(p, wake - now);
	}
	bool any_left = false;
	for (size_t i = 0; i < p->n; i++)
		any_left |= p->jobs[i].state == JOB_LEFT;
	pthread_mutex_unlock(&p->lock);
	if (any_left)
		remember_left(p);
}

void hostpool_free(struct hostpool *p)
{
	if (!p)
		return;
	/* a close is one more round trip, to a host that may hang right after
	 * its last reply: waited for up to --host-timeout, all hosts at once */
	double due = now_mono() + p->g->arg_host_timeout;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		bool closing = false;
		for (size_t i = 0; i < p->n; i++)
			closing |= p->jobs[i].threaded && p->jobs[i].state == JOB_DONE && !p->jobs[i].ended;
		double now = now_mono();
		if (!closing || now >= due)
			break;
		wait_for(p, due - now);
	}
	bool any_left = false;
	for (size_t i = 0; i < p->n; i++) {
		struct host_job *j = &p->jobs[i];
		if (!j->threaded)
			continue;
		/* the threads that ended are joined (their thread-local state freed
		 * before vmctl exits); a left one, or one still closing, is not */
		if (j->state == JOB_LEFT || !j->ended) {
			pthread_detach(j->thread);
			stopper_abandoned(); /* vmctl ends with _exit: no library torn down under it */
			any_left = true;
		} else {
			pthread_mutex_unlock(&p->lock);
			pthread_join(j->thread, NULL);
			pthread_mutex_lock(&p->lock);
		}
		j->threaded = false;
	}
	pthread_mutex_unlock(&p->lock);
	if (any_left)
		remember_left(p);
	pool_unref(p);
}

/* ---- threads within a job ---- */

void run_threads(unsigned k, void *(*fn)(void *), void *arg)
{
	pthread_t *th = xcalloc(k ? k : 1, sizeof(*th));
	bool *ok = xcalloc(k ? k : 1, sizeof(*ok));
	bool any = false;
	for (unsigned i = 0; i < k; i++)
		any |= ok[i] = pthread_create(&th[i], NULL, fn, arg) == 0;
	if (!any)
		fn(arg);
	for (unsigned i = 0; i < k; i++)
		if (ok[i])
			pthread_join(th[i], NULL);
	free(th);
	free(ok);
}

void job_set_items(struct host_job *j, struct bulk_item *items, size_t n)
{
	pthread_mutex_lock(&j->pool->lock);
	bool left = j->state == JOB_LEFT; /* the caller may be reading: too late to show them */
	if (!left) {
		j->items = items;
		j->nitems = n;
		j->next_item = 0;
	}
	pthread_mutex_unlock(&j->pool->lock);
	if (left) {
		for (size_t i = 0; i < n; i++)
			free(items[i].guest);
		free(items);
	}
}
