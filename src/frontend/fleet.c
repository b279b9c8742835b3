/* fleet.c: requests over several targets: list, info and the record lists
 * (pool-list, image-list) over several hosts
 * or backends (a thread each, POOL_MAX at a time), and the bulk verbs
 * (--all: every guest in a state the verb acts from, --parallel N at a
 * time).  Routing is in act.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "output.h"
#include "quote.h"
#include "uri.h"

/* ---- several targets: list/info over many hosts or backends, bulk ---- */

struct job {
	struct globals *g;
	const struct verb_def *verb;
	const struct vm_request *req;
	struct target t;
	/* results */
	struct vm_guest_list list;
	struct vm_guest_info info;
	struct vm_records recs; /* a record list (pool-list, image-list) */
	int rc;
	struct vm_error err;
};

/* Runs list or info on one target with a connection of its own (threads). */
static void *run_job(void *arg)
{
	struct job *j = arg;
	struct vm_error err = { 0 };
	const struct backend_ops *ops = j->g->session->ops[j->t.backend];
	struct vm_request r = *j->req;
	r.backend = j->t.backend;
	r.uri = j->t.uri;
	struct vm_conn *conn = NULL;
	if (ops->open(&r, j->g->arg_readonly, &conn, &err) < 0) {
		j->rc = -1;
		j->err = err;
		return NULL;
	}
	if (j->verb->returns == RET_RECORDS)
		j->rc = ops->records[j->verb->id](conn, &r, &j->recs, &err);
	else
		j->rc = j->verb->returns == RET_GUESTS ? ops->list(conn, &j->list, &err) : ops->info(conn, &r, &j->info, &err);
	if (j->rc < 0)
		j->err = err;
	ops->close(conn);
	return NULL;
}

#define POOL_MAX 8

/* r: host, then the fields of from. */
static void record_with_host(struct vm_record *r, const struct vm_record *from, const char *host)
{
	vm_record_add(r, "host", "%s", host);
	for (size_t k = 0; k < from->keys.n; k++) {
		vm_record_add(r, from->keys.v[k], "%s", from->values.v[k]);
		r->kinds[r->keys.n - 1] = from->kinds[k];
	}
}

/* Runs jobs[0..n-1] at most POOL_MAX at a time. */
static void run_pool(struct job *jobs, size_t n, unsigned width, void *(*fn)(void *))
{
	if (width > POOL_MAX)
		width = POOL_MAX;
	for (size_t base = 0; base < n; base += width) {
		pthread_t th[POOL_MAX];
		size_t k = n - base < width ? n - base : width;
		for (size_t i = 0; i < k; i++)
			if (pthread_create(&th[i], NULL, fn, &jobs[base + i]) != 0)
				fn(&jobs[base + i]), th[i] = 0;
		for (size_t i = 0; i < k; i++)
			if (th[i])
				pthread_join(th[i], NULL);
	}
}

int act_many(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
		    const struct target *t, size_t n, bool show_host)
{
	struct vm_error err = { 0 };
	for (size_t i = 0; i < n; i++) {
		const struct backend_ops *ops = ops_of(session_get(g), t[i].backend, &err);
		if (!ops)
			return fail_err(&err);
		if (!supported(ops, verb))
			return unsupported(ops, verb);
	}
	bool listing = verb->returns == RET_GUESTS || verb->returns == RET_RECORDS; /* else info */
	struct job *jobs = xcalloc(n, sizeof(*jobs));
	for (size_t i = 0; i < n; i++)
		jobs[i] = (struct job){ .g = g, .verb = verb, .req = req, .t = t[i] };
	run_pool(jobs, n, POOL_MAX, run_job);
	struct vm_guest_list all = { 0 };
	struct vm_records recs = { 0 };
	size_t failed = 0, missing = 0;
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		const char *where = j->t.uri ? j->t.uri : vm_backend_name(j->t.backend);
		char *shown = uri_redact(where);
		if (j->rc < 0)
			guest_info_clear(&j->info);
		if (j->rc < 0 && j->err.code == VM_EXIT_NO_GUEST && !listing) {
			missing++;
		} else if (j->rc < 0) {
			failed++;
			fail(j->err.code, "%s %s: %s", show_host ? "host" : "backend", shown, j->err.msg);
		}
		free(shown);
		if (verb->returns == RET_RECORDS) { /* HOST first, then the host's own fields */
			char *host = j->t.uri ? uri_redact(j->t.uri) : xstrdup("-");
			for (size_t k = 0; k < j->recs.n; k++)
				record_with_host(vm_records_new(&recs), &j->recs.v[k], host);
			free(host);
			vm_records_clear(&j->recs);
			continue;
		}
		size_t add = listing ? j->list.n : (j->rc == 0 ? 1 : 0);
		all.v = xrealloc(all.v, (all.n + add + 1) * sizeof(*all.v));
		for (size_t k = 0; k < add; k++) {
			struct vm_guest_info *gi = &all.v[all.n++];
			*gi = listing ? j->list.v[k] : j->info;
			label(gi, &j->t);
		}
		free(j->list.v);
	}
	if (verb->returns == RET_RECORDS)
		output_records(stdout, verb->plural, &recs, g->arg_json);
	else if (listing)
		output_list(stdout, &all, g->arg_json, req->names, show_host, !show_host);
	else if (all.n)
		output_infos(stdout, &all, g->arg_json);
	guest_list_clear(&all);
	vm_records_clear(&recs);
	free(jobs);
	int rc = VM_EXIT_OK;
	if (failed == n)
		rc = listing ? VM_EXIT_UNAVAILABLE : VM_EXIT_FAILED;
	else if (failed)
		rc = VM_EXIT_PARTIAL;
	else if (!listing && missing == n) {
		char *q = msg_quote(req->guest);
		rc = fail(VM_EXIT_NO_GUEST, "no guest %s on any of the %zu %s", q, n, show_host ? "hosts" : "backends");
		free(q);
	}
	if (failed == n && n > 1)
		fail(rc, "every %s failed", show_host ? "host" : "backend");
	return rc;
}

/* ---- bulk: --all ---- */

struct bulk_item {
	struct globals *g;
	const struct vm_request *req;
	struct target t;
	char *guest;
	char *host;
	int rc; /* exit code */
	bool already;
	char msg[1024];
};

struct bulk_worker {
	struct bulk_item *items;
	size_t n, *next;
	pthread_mutex_t *lock;
	struct vm_conn *conn; /* NULL: open one of its own */
};

static void *bulk_work(void *arg)
{
	struct bulk_worker *w = arg;
	struct vm_conn *own = NULL;
	const struct backend_ops *own_ops = NULL;
	const struct target *own_t = NULL;
	for (;;) {
		pthread_mutex_lock(w->lock);
		size_t i = (*w->next)++;
		pthread_mutex_unlock(w->lock);
		if (i >= w->n)
			break;
		struct bulk_item *it = &w->items[i];
		const struct backend_ops *ops = it->g->session->ops[it->t.backend];
		struct vm_request r = *it->req;
		struct vm_error err = { 0 };
		struct vm_result res = { 0 };
		r.all = false;
		r.listed = true;
		r.guest = it->guest;
		r.backend = it->t.backend;
		r.uri = it->t.uri;
		struct vm_conn *conn = w->conn;
		if (!conn) { /* a connection of this worker's own, per target */
			if (own && !(own_t->backend == it->t.backend && same_uri(own_t->uri, it->t.uri))) {
				own_ops->close(own);
				own = NULL;
			}
			if (!own) {
				if (ops->open(&r, it->g->arg_readonly, &own, &err) < 0) {
					own = NULL;
					it->rc = err.code;
					snprintf(it->msg, sizeof(it->msg), "%s", err.msg);
					continue;
				}
				own_ops = ops;
				own_t = &it->t;
			}
			conn = own;
		}
		if (ops->act[r.verb](conn, &r, &res, &err) < 0) {
			it->rc = err.code;
			snprintf(it->msg, sizeof(it->msg), "%s", err.msg);
		} else {
			it->already = res.already;
			snprintf(it->msg, sizeof(it->msg), "%s", res.note);
		}
		vm_result_clear(&res);
	}
	if (own)
		own_ops->close(own);
	return NULL;
}

static void bulk_print(const struct globals *g, const struct vm_request *req, const struct bulk_item *it, size_t n,
		       bool show_host)
{
	if (g->arg_json) {
		struct bulk_result *r = xcalloc(n ? n : 1, sizeof(*r));
		for (size_t i = 0; i < n; i++)
			r[i] = (struct bulk_result){ it[i].guest, it[i].host, vm_backend_name(it[i].t.backend),
						     it[i].rc == 0 ? (it[i].already ? "already" : "done") : "failed",
						     it[i].rc, it[i].msg };
		output_bulk(stdout, verb_name(req->verb), r, n);
		free(r);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (show_host)
			printf("%s ", it[i].host ? it[i].host : "-");
		if (it[i].rc == 0)
			printf("%s %s: %s\n", verb_name(req->verb), it[i].guest, it[i].already ? "already done" : "done");
		else
			printf("%s %s: failed (exit %d): %s\n", verb_name(req->verb), it[i].guest, it[i].rc, it[i].msg);
	}
}

int act_bulk(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
		    const struct target *t, size_t nt, bool show_host)
{
	struct vm_error err = { 0 };
	struct bulk_item *items = NULL;
	size_t n = 0;
	int list_failed = 0;
	for (size_t k = 0; k < nt; k++) {
		const struct backend_ops *ops = ops_of(session_get(g), t[k].backend, &err);
		if (!ops)
			return fail_err(&err);
		if (!ops->act[req->verb] || !ops->list)
			return unsupported(ops, verb);
		struct vm_conn *conn = conn_of(g, &t[k], req, &err);
		struct vm_guest_list l = { 0 };
		if (!conn || (ops->list_states ? ops->list_states : ops->list)(conn, &l, &err) < 0) {
			fail(err.code, "%s: %s", t[k].uri ? t[k].uri : vm_backend_name(t[k].backend), err.msg);
			list_failed++;
			guest_list_clear(&l);
			continue;
		}
		for (size_t i = 0; i < l.n; i++) {
			if (l.v[i].state >= VM_STATE__NONE || !verb->bulk_from[l.v[i].state])
				continue;
			items = xrealloc(items, (n + 1) * sizeof(*items));
			items[n++] = (struct bulk_item){ .g = g, .req = req, .t = t[k], .guest = xstrdup(l.v[i].name),
							 .host = t[k].uri ? uri_redact(t[k].uri) : NULL };
		}
		guest_list_clear(&l);
	}
	size_t next = 0;
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	(void)next;
	unsigned width = req->parallel ? req->parallel : 1;
	if (width == 1) { /* in order, over the session's connections (a batch sees the result) */
		for (size_t i = 0; i < n; i++) {
			struct bulk_worker w = { &items[i], 1, &(size_t){ 0 }, &lock, conn_of(g, &items[i].t, req, &err) };
			if (w.conn) {
				bulk_work(&w);
			} else {
				items[i].rc = err.code;
				snprintf(items[i].msg, sizeof(items[i].msg), "%s", err.msg);
			}
		}
	} else if (n) { /* N workers, each with connections of its own */
		if (width > n)
			width = (unsigned)n;
		pthread_t *th = xcalloc(width, sizeof(*th));
		struct bulk_worker w = { items, n, &next, &lock, NULL };
		for (unsigned i = 0; i < width; i++)
			if (pthread_create(&th[i], NULL, bulk_work, &w) != 0)
				th[i] = 0;
		bool any = false;
		for (unsigned i = 0; i < width; i++)
			if (th[i]) {
				pthread_join(th[i], NULL);
				any = true;
			}
		if (!any)
			bulk_work(&w);
		free(th);
	}
	bulk_print(g, req, items, n, show_host);
	size_t failed = 0;
	int first = VM_EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		if (items[i].rc != 0) {
			failed++;
			if (first == VM_EXIT_OK)
				first = items[i].rc;
			char *q = msg_quote(items[i].guest);
			fail(items[i].rc, "%s %s: %s", verb->name, q, items[i].msg);
			free(q);
		}
		free(items[i].guest);
		free(items[i].host);
	}
	free(items);
	if (list_failed == (int)nt)
		return nt > 1 ? VM_EXIT_UNAVAILABLE : VM_EXIT_FAILED;
	if (failed == 0 && list_failed == 0)
		return VM_EXIT_OK;
	if (failed == n && list_failed == 0)
		return n == 1 ? first : VM_EXIT_FAILED;
	return VM_EXIT_PARTIAL;
}

