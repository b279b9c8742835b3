/* watch_many.c: events over several hosts, one merged stream.
 *
 * Each host has a thread of its own: it opens the host (libvirt's open of a
 * stopped daemon hangs, and keepalive starts only once a connection is
 * open), then runs the backend's stream on it.  The streams share libvirt's
 * one event loop: whichever thread runs an iteration calls the callbacks of
 * every host, so a line is printed under one mutex, whole, and flushed.
 * The main thread owns the end (SIGINT, SIGTERM, --timeout, --count, every
 * host gone) and the deadline of each open (--host-timeout): a host whose
 * open has not returned by then is reported and left; its thread is
 * abandoned, never joined, and when its open returns at last it closes what
 * it got and prints nothing.  A host that drops out while streaming (its
 * daemon closed, keepalive unanswered within --host-timeout) is reported
 * when it does; the others go on, and the exit code is then 6. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "act.h"
#include "output.h"
#include "quote.h"
#include "stop.h"
#include "uri.h"

enum host_state { H_OPENING, H_STREAMING, H_DONE, H_LEFT };

struct merged;

struct host {
	struct merged *m;
	char *shown;             /* the URI without password */
	struct vm_request r;     /* the request with this host's URI and the keepalive bound */
	enum host_state state;   /* under m->mu */
	double deadline;         /* H_OPENING: when it is left (CLOCK_MONOTONIC) */
	int rc;                  /* H_DONE: 0, or -1 with err */
	struct vm_error err;
	bool told;               /* its end was handled by the main thread */
	bool started;
	pthread_t tid;
};

/* What the threads share; freed by the last of the main thread and the
 * threads still holding it (an abandoned open may return after the main
 * thread has gone on). */
struct merged {
	pthread_mutex_t mu;
	unsigned refs;
	int wake[2];              /* a thread whose host changed state writes a byte */
	struct globals *g;
	const struct backend_ops *ops;
	struct vm_stop *stop;
	const char *backend;
	unsigned long lines, max_lines;
	struct vm_value *values;  /* the request's values and host-timeout, shared by the hosts */
	struct host **h;
	size_t n;
};

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void host_free(struct host *h)
{
	free(h->shown);
	free(h);
}

/* Drops one reference (under m->mu); the last frees everything. */
static void unref(struct merged *m)
{
	bool last = --m->refs == 0;
	pthread_mutex_unlock(&m->mu);
	if (!last)
		return;
	for (size_t i = 0; i < m->n; i++)
		host_free(m->h[i]);
	free(m->h);
	free(m->values);
	close(m->wake[0]);
	close(m->wake[1]);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

static void wake(struct merged *m)
{
	ssize_t w = write(m->wake[1], "h", 1); /* a full pipe already wakes the main thread */
	(void)w;
}

static const char *field(const struct vm_record *r, const char *key)
{
	for (size_t i = 0; i < r->keys.n; i++)
		if (strcmp(r->keys.v[i], key) == 0)
			return r->values.v[i];
	return "";
}

/* One event: TIME HOST GUEST EVENT STATE, or a JSON line with host. */
static void on_record(void *ctx, const struct vm_record *r)
{
	struct host *h = ctx;
	struct merged *m = h->m;
	char t[48];
	output_now_rfc3339(t, sizeof(t));
	struct vm_record line = { 0 };
	vm_record_add(&line, "time", "%s", t);
	vm_record_add(&line, "host", "%s", h->shown);
	if (m->g->arg_json)
		vm_record_add(&line, "backend", "%s", m->backend);
	vm_record_add(&line, "guest", "%s", field(r, "guest"));
	vm_record_add(&line, "event", "%s", field(r, "event"));
	vm_record_add(&line, "state", "%s", field(r, "state"));
	pthread_mutex_lock(&m->mu);
	if (!m->stop->flag) { /* nothing past --count, nothing after the end */
		output_record_line(stdout, &line, m->g->arg_json);
		fflush(stdout);
		if (ferror(stdout))
			stopper_stop(SIGPIPE); /* nobody reads any more: end as a closed pipe would */
		else if (m->max_lines && ++m->lines >= m->max_lines)
			stopper_stop(0);
	}
	pthread_mutex_unlock(&m->mu);
	vm_record_clear(&line);
}

static void *run_host(void *arg)
{
	struct host *h = arg;
	struct merged *m = h->m;
	struct vm_error err = { 0 };
	struct vm_conn *conn = NULL;
	int rc = m->ops->open(&h->r, m->g->arg_readonly, &conn, &err);
	pthread_mutex_lock(&m->mu);
	if (h->state == H_LEFT || m->stop->flag) { /* too late: nobody waits for this host any more */
		h->state = H_LEFT;
		pthread_mutex_unlock(&m->mu);
		if (conn)
			m->ops->close(conn);
		pthread_mutex_lock(&m->mu);
		unref(m);
		return NULL;
	}
	h->state = rc < 0 ? H_DONE : H_STREAMING;
	h->rc = rc;
	h->err = err;
	pthread_mutex_unlock(&m->mu);
	wake(m);
	if (rc == 0) {
		rc = m->ops->stream[VERB_EVENTS](conn, &h->r, on_record, h, m->stop, &err);
		m->ops->close(conn);
		pthread_mutex_lock(&m->mu);
		h->state = H_DONE;
		h->rc = rc;
		h->err = err;
		pthread_mutex_unlock(&m->mu);
		wake(m);
	}
	pthread_mutex_lock(&m->mu);
	unref(m);
	return NULL;
}

/* Handles what the hosts did since the last look (under m->mu): reports
 * each host that failed or was left.  Returns the hosts still opening or
 * streaming; counts into *dropped and *absent. */
static size_t look(struct merged *m, double now, size_t *dropped, size_t *absent, int *first_code, bool ending)
{
	size_t live = 0;
	for (size_t i = 0; i < m->n; i++) {
		struct host *h = m->h[i];
		if (h->told)
			continue;
		if (h->state == H_OPENING && (now >= h->deadline || ending)) {
			h->state = H_LEFT; /* its thread is abandoned: see run_host */
			h->told = true;
			if (!ending) {
				fail(VM_EXIT_UNAVAILABLE, "host %s: no reply for %u s (--host-timeout): left",
				     h->shown, m->g->arg_host_timeout);
				(*dropped)++;
				if (!*first_code)
					*first_code = VM_EXIT_UNAVAILABLE;
			}
			continue;
		}
		if (h->state != H_DONE) {
			live++;
			continue;
		}
		h->told = true;
		if (h->rc == 0)
			continue;
		if (h->err.code == VM_EXIT_NO_GUEST) { /* events GUEST: the hosts without it are not watched */
			(*absent)++;
			continue;
		}
		fail(h->err.code, "host %s: %s%s", h->shown, h->err.msg, ending ? "" : "; the other hosts go on");
		(*dropped)++;
		if (!*first_code)
			*first_code = h->err.code;
	}
	return live;
}

/* The request of one host: its URI, and --host-timeout for the keepalive
 * (libvirt_watch.c keeps interval x count within it). */
static struct vm_value *values_with_bound(const struct vm_request *req, unsigned bound)
{
	struct vm_value *v = xcalloc(req->values.n + 1, sizeof(*v));
	if (req->values.n)
		memcpy(v, req->values.v, req->values.n * sizeof(*v));
	v[req->values.n] = (struct vm_value){ .name = "host-timeout", .num = bound };
	return v;
}

int events_many(struct globals *g, const struct verb_def *verb, const struct vm_request *req, const struct target *t,
		size_t n)
{
	struct vm_error err = { 0 };
	const struct backend_ops *ops = ops_of(session_get(g), t[0].backend, &err);
	if (!ops)
		return fail_err(&err);
	if (!supported(ops, verb))
		return unsupported(ops, verb);
	struct merged *m = xcalloc(1, sizeof(*m));
	if (pipe2(m->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(m);
		return fail(VM_EXIT_FAILED, "cannot make a pipe: %s", strerror(errno));
	}
	struct stopper st;
	if (stopper_arm(&st, false) < 0) {
		close(m->wake[0]);
		close(m->wake[1]);
		free(m);
		return fail(VM_EXIT_FAILED, "cannot make a pipe: %s", strerror(errno));
	}
	pthread_mutex_init(&m->mu, NULL);
	m->g = g;
	m->ops = ops;
	m->stop = &st.stop;
	m->backend = vm_backend_name(t[0].backend);
	m->max_lines = vm_value_num(req, "count", 0);
	m->values = values_with_bound(req, g->arg_host_timeout);
	m->h = xcalloc(n, sizeof(*m->h));
	m->n = n;
	m->refs = 1;

	const struct vm_value *timeout = vm_value(req, "timeout");
	if (timeout && timeout->num > 0) {
		struct itimerval it = { .it_value = { .tv_sec = (time_t)timeout->num } };
		setitimer(ITIMER_REAL, &it, NULL);
	} else if (timeout) {
		stopper_stop(SIGALRM); /* events --timeout 0: nothing to wait for */
	}

	/* the signals go to this thread, which owns the end */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	double start = now_mono();
	size_t dropped = 0, absent = 0;
	int first_code = 0;
	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < n; i++) {
		struct host *h = xcalloc(1, sizeof(*h));
		h->m = m;
		h->shown = uri_redact(t[i].uri);
		h->r = *req;
		h->r.backend = t[i].backend;
		h->r.uri = t[i].uri;
		h->r.values = (struct vm_values){ m->values, req->values.n + 1 };
		h->deadline = start + g->arg_host_timeout;
		m->h[i] = h;
		int e = pthread_create(&h->tid, NULL, run_host, h);
		if (e) {
			h->state = H_DONE;
			h->rc = -1;
			vm_error_set(&h->err, VM_EXIT_FAILED, "cannot start a thread: %s", strerror(e));
		} else {
			h->started = true;
			m->refs++;
		}
	}
	pthread_mutex_unlock(&m->mu);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	/* until the end, or until no host is left */
	for (;;) {
		double now = now_mono(), next = now + 3600;
		pthread_mutex_lock(&m->mu);
		size_t live = look(m, now, &dropped, &absent, &first_code, false);
		for (size_t i = 0; i < n; i++)
			if (m->h[i]->state == H_OPENING && m->h[i]->deadline < next)
				next = m->h[i]->deadline;
		pthread_mutex_unlock(&m->mu);
		if (st.stop.flag || live == 0)
			break;
		struct pollfd p[2] = { { .fd = st.stop.fd, .events = POLLIN }, { .fd = m->wake[0], .events = POLLIN } };
		if (poll(p, 2, (int)((next - now) * 1000) + 1) < 0 && errno != EINTR)
			break;
		char buf[64];
		while (read(m->wake[0], buf, sizeof(buf)) > 0)
			;
	}
	struct itimerval off = { 0 };
	setitimer(ITIMER_REAL, &off, NULL);

	/* the end: the opens still running are left; the streams end at once
	 * (they see the flag) and are waited for, since they use the stop pipe */
	stopper_stop(0);
	for (;;) {
		pthread_mutex_lock(&m->mu);
		size_t live = look(m, now_mono(), &dropped, &absent, &first_code, true);
		pthread_mutex_unlock(&m->mu);
		if (live == 0)
			break;
		struct pollfd p = { .fd = m->wake[0], .events = POLLIN };
		poll(&p, 1, 1000);
		char buf[64];
		while (read(m->wake[0], buf, sizeof(buf)) > 0)
			;
	}
	stopper_disarm(&st);
	/* the streams that ended are joined; the abandoned opens are left */
	bool *join = xcalloc(n ? n : 1, sizeof(*join));
	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < n; i++)
		join[i] = m->h[i]->state == H_DONE;
	pthread_mutex_unlock(&m->mu);
	for (size_t i = 0; i < n; i++)
		if (m->h[i]->started && join[i])
			pthread_join(m->h[i]->tid, NULL);
		else if (m->h[i]->started && pthread_detach(m->h[i]->tid) == 0)
			stopper_abandoned();
	free(join);
	static struct vm_stop ended = { .flag = 1, .fd = -1 }; /* for an abandoned open that returns after this */
	pthread_mutex_lock(&m->mu);
	m->stop = &ended;
	unref(m);

	int rc = VM_EXIT_OK;
	if (absent == n) {
		char *q = msg_quote(req->guest);
		rc = fail(VM_EXIT_NO_GUEST, "no guest %s on any of the %zu hosts", q, n);
		free(q);
	} else if (dropped + absent == n && first_code) {
		rc = fail(first_code, "every host failed");
	} else if (dropped) {
		rc = VM_EXIT_PARTIAL;
	}
	return rc;
}
