/* bulk.c: the bulk verbs (--all: every guest in a state the verb acts
 * from) on one target or several: a hostpool job per host (--jobs hosts at
 * a time, each left after --host-timeout of silence), --parallel guest
 * operations per host.  A SIGINT starts no new operation and waits for
 * those in flight up to --host-timeout; a second one exits 130. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "hostpool.h"
#include "output.h"
#include "quote.h"
#include "uri.h"

/* Acts on the job's next guests until there are none (or SIGINT). */
static void *bulk_worker(void *arg)
{
	struct host_job *j = arg;
	/* libvirt's connections take calls from several threads at once (and
	 * pipeline them); the other backends' workers open their own */
	bool shared = j->t.backend == BACKEND_LIBVIRT || j->t.backend == BACKEND_OPENVZ;
	struct vm_conn *own = NULL;
	struct bulk_item *it;
	while ((it = job_next_item(j))) {
		struct vm_request r = j->req;
		struct vm_error err = { 0 };
		struct vm_result res = { 0 };
		r.all = false;
		r.listed = true;
		r.guest = it->guest;
		struct vm_conn *c = j->conn;
		if (!shared && j->req.parallel > 1 && !own && j->ops->open(&r, j->g->arg_readonly, &own, &err) < 0) {
			own = NULL;
			job_item_done(j, it, err.code, false, err.msg);
			continue;
		}
		if (own)
			c = own;
		if (j->ops->act[r.verb](c, &r, &res, &err) < 0)
			job_item_done(j, it, err.code, false, err.msg);
		else
			job_item_done(j, it, 0, res.already, res.note);
		vm_result_clear(&res);
	}
	if (own)
		j->ops->close(own);
	return NULL;
}

static void do_bulk(struct host_job *j)
{
	struct vm_guest_list l = { 0 };
	if (job_open(j) < 0 || (j->ops->list_states ? j->ops->list_states : j->ops->list)(j->conn, &l, &j->err) < 0) {
		j->rc = -1;
		guest_list_clear(&l);
		return;
	}
	job_alive(j);
	guest_list_sort(&l);
	struct bulk_item *items = xcalloc(l.n ? l.n : 1, sizeof(*items));
	size_t n = 0;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].state < VM_STATE__NONE && j->verb->bulk_from[l.v[i].state])
			items[n++] = (struct bulk_item){ .guest = xstrdup(l.v[i].name) };
	guest_list_clear(&l);
	job_set_items(j, items, n);
	unsigned width = j->req.parallel ? j->req.parallel : 1;
	if (width > n)
		width = (unsigned)n;
	if (width <= 1)
		bulk_worker(j);
	else
		run_threads(width, bulk_worker, j);
}

static const char *outcome(const struct host_job *j, const struct bulk_item *it, bool stopped)
{
	if (it->state == ITEM_DONE)
		return it->rc ? "failed" : it->already ? "already" : "done";
	if (it->state == ITEM_RUNNING || (j->state == JOB_LEFT && !stopped))
		return "unknown";
	return "skipped";
}

/* What happened to each guest, in host order and virsh order within. */
static void bulk_print(const struct globals *g, const struct verb_def *verb, struct hostpool *p, size_t nt,
		       bool show_host, bool stopped)
{
	size_t n = 0;
	for (size_t k = 0; k < nt; k++)
		n += hostpool_job(p, k)->nitems;
	struct bulk_result *r = xcalloc(n ? n : 1, sizeof(*r));
	char **hosts = xcalloc(nt ? nt : 1, sizeof(*hosts));
	size_t m = 0;
	for (size_t k = 0; k < nt; k++) {
		struct host_job *j = hostpool_job(p, k);
		hosts[k] = j->t.uri ? uri_redact(j->t.uri) : NULL;
		for (size_t i = 0; i < j->nitems; i++) {
			struct bulk_item *it = &j->items[i];
			const char *res = outcome(j, it, stopped);
			const char *why = it->state == ITEM_DONE ? it->msg
					  : strcmp(res, "unknown") == 0 ? (stopped ? "interrupted while in flight"
										 : "no reply from the host (--host-timeout)")
									  : "interrupted before it started";
			r[m++] = (struct bulk_result){ it->guest, hosts[k], vm_backend_name(j->t.backend), res,
						       it->state == ITEM_DONE ? it->rc : VM_EXIT_FAILED, why };
		}
	}
	if (g->arg_json) {
		output_bulk(stdout, verb->name, r, m);
	} else {
		for (size_t i = 0; i < m; i++) {
			if (show_host)
				printf("%s ", r[i].host ? r[i].host : "-");
			if (strcmp(r[i].result, "done") == 0 || strcmp(r[i].result, "already") == 0)
				printf("%s %s: %s\n", verb->name, r[i].guest, *r[i].result == 'a' ? "already done" : "done");
			else if (strcmp(r[i].result, "failed") == 0)
				printf("%s %s: failed (exit %d): %s\n", verb->name, r[i].guest, r[i].exit, r[i].message);
			else
				printf("%s %s: %s (%s)\n", verb->name, r[i].guest, r[i].result, r[i].message);
		}
	}
	fflush(stdout);
	for (size_t k = 0; k < nt; k++)
		free(hosts[k]);
	free(hosts);
	free(r);
}

int act_bulk(struct globals *g, const struct verb_def *verb, const struct vm_request *req, const struct target *t,
	     size_t nt, bool show_host)
{
	struct vm_error err = { 0 };
	for (size_t k = 0; k < nt; k++) {
		const struct backend_ops *ops = ops_of(session_get(g), t[k].backend, &err);
		if (!ops)
			return fail_err(&err);
		if (!ops->act[req->verb] || !ops->list)
			return unsupported(ops, verb);
	}
	unsigned width = g->arg_jobs; /* without --jobs: as many hosts as keep jobs x parallel <= 1024 */
	if (!g->jobs_given && req->parallel && width * req->parallel > VM_JOBS_PARALLEL_MAX)
		width = VM_JOBS_PARALLEL_MAX / req->parallel;
	struct hostpool *p = hostpool_new(g, verb, req, t, nt);
	lend_conns(g, p, nt);
	for (size_t k = 0; k < nt && req->verb == VERB_STOP; k++) /* stop waits --timeout for each guest to go down */
		hostpool_job(p, k)->patience = req->timeout;
	interrupt_arm();
	hostpool_run(p, do_bulk, width, true);
	bool stopped = interrupted();
	interrupt_disarm();
	take_conns(g, p, nt);
	bulk_print(g, verb, p, nt, show_host, stopped);
	size_t items = 0, done = 0, failed = 0, hosts_failed = 0;
	int first = VM_EXIT_OK;
	for (size_t k = 0; k < nt; k++) {
		struct host_job *j = hostpool_job(p, k);
		if (j->state == JOB_QUEUED) {
			char *w = j->t.uri ? uri_redact(j->t.uri) : xstrdup(vm_backend_name(j->t.backend));
			fail(VM_EXIT_FAILED, "host %s: not started (interrupted)", w);
			free(w);
			hosts_failed++;
			continue;
		}
		if (j->state == JOB_LEFT || j->rc < 0) {
			if (j->state == JOB_DONE && !show_host) { /* one target: as before, "URI: why" */
				char *w = j->t.uri ? uri_redact(j->t.uri) : xstrdup(vm_backend_name(j->t.backend));
				fail(j->err.code, "%s: %s", w, j->err.msg);
				free(w);
			} else {
				report_job(j, show_host);
			}
			hosts_failed++;
		}
		for (size_t i = 0; i < j->nitems; i++) {
			struct bulk_item *it = &j->items[i];
			items++;
			if (it->state == ITEM_DONE && it->rc == 0) {
				done++;
				continue;
			}
			if (it->state != ITEM_DONE)
				continue; /* unknown or skipped: in the output */
			failed++;
			if (first == VM_EXIT_OK)
				first = it->rc;
			char *q = msg_quote(it->guest);
			fail(it->rc, "%s %s: %s", verb->name, q, it->msg);
			free(q);
		}
	}
	hostpool_free(p);
	if (stopped)
		return done ? VM_EXIT_PARTIAL : VM_EXIT_FAILED;
	if (hosts_failed == nt)
		return nt > 1 ? VM_EXIT_UNAVAILABLE : VM_EXIT_FAILED;
	if (failed == 0 && hosts_failed == 0 && done == items)
		return VM_EXIT_OK;
	if (failed == items && hosts_failed == 0)
		return items == 1 ? first : VM_EXIT_FAILED;
	return VM_EXIT_PARTIAL;
}
