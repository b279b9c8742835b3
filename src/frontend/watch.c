/* watch.c: the frontend of the streams (wait, events) and of exec.  The
 * backend's stream function emits records until told to stop; this file
 * owns what ends a stream (SIGINT, SIGTERM, --timeout, --count, the state
 * reached) and how its records are printed. */
#include <errno.h>
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

struct watch {
	struct globals *g;
	const struct vm_request *req;
	const char *host;      /* "-" when local, else the URI without password */
	const char *backend;
	const struct vm_stop *stop;
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

/* TIME HOST GUEST EVENT STATE (GUEST shell-quoted, HOST "-" when local),
 * or one JSON object a line with the backend too (host null when local). */
static void print_event(struct watch *w, const struct vm_record *r)
{
	char t[48];
	output_now_rfc3339(t, sizeof(t));
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
		stopper_stop(SIGPIPE); /* nobody reads any more: end as a closed pipe would */
}

static void on_record(void *ctx, const struct vm_record *r)
{
	struct watch *w = ctx;
	if (!w->wait) {
		if (w->stop->flag)
			return;
		print_event(w, r);
		if (w->max_lines && ++w->lines >= w->max_lines)
			stopper_stop(0);
		return;
	}
	const char *state = field(r, "state"), *event = field(r, "event");
	enum vm_state st;
	if (state[0])
		snprintf(w->last, sizeof(w->last), "%s", state);
	if (w->outcome < 0 && state[0] && vm_state_parse(state, &st) == 0 && st == w->target) {
		w->outcome = VM_EXIT_OK;
		stopper_stop(0);
	} else if (w->outcome < 0 && strcmp(event, "undefined") == 0) {
		w->outcome = VM_EXIT_NO_GUEST;
		stopper_stop(0);
	} else if (w->once && strcmp(event, "present") == 0) {
		stopper_stop(SIGALRM); /* --timeout 0: looked once */
	}
}

int watch_run(struct globals *g, const struct verb_def *row, const struct backend_ops *ops, struct vm_conn *conn,
	      const struct vm_request *r)
{
	struct vm_error err = { 0 };
	struct stopper st;
	if (stopper_arm(&st, false) < 0)
		return fail(VM_EXIT_FAILED, "cannot make a pipe: %s", strerror(errno));
	char *host = r->uri ? uri_redact(r->uri) : NULL;
	struct watch w = {
		.g = g, .req = r, .host = host ? host : "-", .backend = vm_backend_name(r->backend), .stop = &st.stop,
		.wait = row->id == VERB_WAIT, .outcome = -1, .max_lines = vm_value_num(r, "count", 0),
	};
	snprintf(w.last, sizeof(w.last), "unknown");
	if (w.wait)
		w.target = (enum vm_state)vm_value_num(r, "state", VM_STATE_UNKNOWN);
	const struct vm_value *timeout = vm_value(r, "timeout");
	w.once = timeout && timeout->num == 0 && w.wait;

	if (timeout && timeout->num > 0) {
		struct itimerval it = { .it_value = { .tv_sec = (time_t)timeout->num } };
		setitimer(ITIMER_REAL, &it, NULL);
	} else if (timeout && !w.wait) {
		stopper_stop(SIGALRM); /* events --timeout 0: nothing to wait for */
	}

	int rc = ops->stream[row->id](conn, r, on_record, &w, &st.stop, &err);

	struct itimerval off = { 0 };
	setitimer(ITIMER_REAL, &off, NULL);
	stopper_disarm(&st);

	char *gq = r->guest ? msg_quote(r->guest) : NULL;
	if (rc < 0) {
		rc = fail_err(&err);
	} else if (!w.wait) {
		rc = VM_EXIT_OK; /* interrupted, timed out or counted: the stream is what was asked for */
	} else if (w.outcome == VM_EXIT_OK) {
		rc = VM_EXIT_OK;
	} else if (w.outcome == VM_EXIT_NO_GUEST) {
		rc = fail(VM_EXIT_NO_GUEST, "%s disappeared while waiting for it to be %s", gq, vm_state_name(w.target));
	} else if (stopper_why() == SIGALRM) {
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
		note(g, "%s", err.msg); /* as env(1) says why: "'foo': No such file or directory" */
	return status;
}
