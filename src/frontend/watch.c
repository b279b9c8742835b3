/* watch.c: the frontend of the streams (wait, events) and of exec.  The
 * backend's stream function emits records until told to stop; this file
 * owns what ends a stream (SIGINT, SIGTERM, --timeout, --count, the state
 * reached) and how its records are printed. */
#include <errno.h>
#include <fcntl.h>
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
#include "uri.h"

/* The one stream of this process: the signal handlers reach it here. */
static struct vm_stop *live_stop;
static int stop_wr = -1;
static volatile sig_atomic_t why_stopped; /* 0, SIGINT, SIGTERM, or SIGALRM for --timeout */

static void stop_now(int why)
{
	if (!why_stopped)
		why_stopped = why;
	if (live_stop)
		live_stop->flag = 1;
	if (stop_wr >= 0) {
		int e = errno;
		ssize_t w = write(stop_wr, "x", 1);
		(void)w;
		errno = e;
	}
}

static void on_signal(int sig)
{
	stop_now(sig);
}

struct watch {
	struct globals *g;
	const struct vm_request *req;
	const char *host;      /* "-" when local, else the URI without password */
	const char *backend;
	bool wait;             /* wait, not events */
	enum vm_state target;
	bool once;             /* wait --timeout 0: look once */
	int outcome;           /* wait: 0 reached, 3 gone, -1 not yet */
	char last[16];         /* wait: the last state seen */
	unsigned long lines, max_lines;
};

static const char *field(const struct vm_record *r, const char *key)
{
	for (size_t i = 0; i < r->keys.n; i++)
		if (strcmp(r->keys.v[i], key) == 0)
			return r->values.v[i];
	return "";
}

/* Now as RFC 3339 in local time, to the millisecond. */
static void now_rfc3339(char *buf, size_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	localtime_r(&ts.tv_sec, &tm);
	char base[32], zone[8];
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm); /* +0100 -> +01:00 */
	snprintf(buf, len, "%.19s.%03d%.3s:%.2s", base, (int)(ts.tv_nsec / 1000000) % 1000, zone, zone + 3);
}

/* TIME HOST GUEST EVENT STATE (GUEST shell-quoted, HOST "-" when local),
 * or one JSON object a line with the backend too (host null when local). */
static void print_event(struct watch *w, const struct vm_record *r)
{
	char t[48];
	now_rfc3339(t, sizeof(t));
	struct vm_record line = { 0 };
	vm_record_add(&line, "time", "%s", t);
	vm_record_add(&line, "host", "%s", strcmp(w->host, "-") ? w->host : "");
	if (w->g->arg_json)
		vm_record_add(&line, "backend", "%s", w->backend);
	vm_record_add(&line, "guest", "%s", field(r, "guest"));
	vm_record_add(&line, "event", "%s", field(r, "event"));
	vm_record_add(&line, "state", "%s", field(r, "state"));
	output_record_line(stdout, &line, w->g->arg_json);
	vm_record_clear(&line);
	if (ferror(stdout))
		stop_now(SIGPIPE); /* nobody reads any more: end as a closed pipe would */
}

static void on_record(void *ctx, const struct vm_record *r)
{
	struct watch *w = ctx;
	if (!w->wait) {
		if (live_stop->flag)
			return;
		print_event(w, r);
		if (w->max_lines && ++w->lines >= w->max_lines)
			stop_now(0);
		return;
	}
	const char *state = field(r, "state"), *event = field(r, "event");
	enum vm_state st;
	if (state[0])
		snprintf(w->last, sizeof(w->last), "%s", state);
	if (w->outcome < 0 && state[0] && vm_state_parse(state, &st) == 0 && st == w->target) {
		w->outcome = VM_EXIT_OK;
		stop_now(0);
	} else if (w->outcome < 0 && strcmp(event, "undefined") == 0) {
		w->outcome = VM_EXIT_NO_GUEST;
		stop_now(0);
	} else if (w->once && strcmp(event, "present") == 0) {
		stop_now(SIGALRM); /* --timeout 0: looked once */
	}
}

static void arm(int sig, struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, old);
}

int watch_run(struct globals *g, const struct verb_def *row, const struct backend_ops *ops, struct vm_conn *conn,
	      const struct vm_request *r)
{
	struct vm_error err = { 0 };
	int fds[2];
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return fail(VM_EXIT_FAILED, "cannot make a pipe: %s", strerror(errno));
	struct vm_stop stop = { .flag = 0, .fd = fds[0] };
	char *host = r->uri ? uri_redact(r->uri) : NULL;
	struct watch w = {
		.g = g, .req = r, .host = host ? host : "-", .backend = vm_backend_name(r->backend),
		.wait = row->id == VERB_WAIT, .outcome = -1, .max_lines = vm_value_num(r, "count", 0),
	};
	snprintf(w.last, sizeof(w.last), "unknown");
	if (w.wait)
		w.target = (enum vm_state)vm_value_num(r, "state", VM_STATE_UNKNOWN);
	const struct vm_value *timeout = vm_value(r, "timeout");
	w.once = timeout && timeout->num == 0 && w.wait;

	live_stop = &stop;
	stop_wr = fds[1];
	why_stopped = 0;
	struct sigaction old_int, old_term, old_alrm;
	arm(SIGINT, &old_int);
	arm(SIGTERM, &old_term);
	arm(SIGALRM, &old_alrm);
	if (timeout && timeout->num > 0) {
		struct itimerval it = { .it_value = { .tv_sec = (time_t)timeout->num } };
		setitimer(ITIMER_REAL, &it, NULL);
	} else if (timeout && !w.wait) {
		stop_now(SIGALRM); /* events --timeout 0: nothing to wait for */
	}

	int rc = ops->stream[row->id](conn, r, on_record, &w, &stop, &err);

	struct itimerval off = { 0 };
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGALRM, &old_alrm, NULL);
	live_stop = NULL;
	stop_wr = -1;
	close(fds[0]);
	close(fds[1]);

	char *gq = r->guest ? msg_quote(r->guest) : NULL;
	if (rc < 0) {
		rc = fail_err(&err);
	} else if (!w.wait) {
		rc = VM_EXIT_OK; /* interrupted, timed out or counted: the stream is what was asked for */
	} else if (w.outcome == VM_EXIT_OK) {
		rc = VM_EXIT_OK;
	} else if (w.outcome == VM_EXIT_NO_GUEST) {
		rc = fail(VM_EXIT_NO_GUEST, "%s disappeared while waiting for it to be %s", gq, vm_state_name(w.target));
	} else if (why_stopped == SIGALRM) {
		rc = fail(VM_EXIT_FAILED, "%s is still %s: not %s within %llu s", gq, w.last, vm_state_name(w.target),
			  (unsigned long long)(timeout ? timeout->num : 0));
	} else {
		rc = fail(VM_EXIT_FAILED, "interrupted while waiting for %s to be %s (it is %s)", gq,
			  vm_state_name(w.target), w.last);
	}
	free(gq);
	free(host);
	return rc;
}

int exec_run(struct globals *g, const struct verb_def *row, const struct backend_ops *ops, struct vm_conn *conn,
	     const struct vm_request *r)
{
	struct vm_error err = { 0 };
	int status = 0;
	if (ops->status[row->id](conn, r, &status, &err) < 0)
		return fail_err(&err); /* exec mode: 125, naming err's code */
	if (err.msg[0] && (status == 126 || status == 127))
		note(g, "%s", err.msg); /* as env(1) says why: "'foo': command not found" */
	return status;
}
