/* fleet.c: requests over several targets (hosts given with -c or --hosts,
 * or this host's backends): list and the record lists (pool-list,
 * image-list, net-list) merged, hosts in the order given; a guest verb
 * finds the one host that has the guest.  Each target is a job of
 * hostpool.c: --jobs at a time, left after --host-timeout of silence.
 * Bulk verbs are bulk.c's; routing is act.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "hostpool.h"
#include "output.h"
#include "quote.h"
#include "uri.h"

int list_guests(const struct backend_ops *ops, struct vm_conn *c, bool names_only, struct vm_guest_list *out,
		struct vm_error *err)
{
	/* names only: names, ids and states are enough, and cheaper where the backend has them alone */
	int rc = (names_only && ops->list_states ? ops->list_states : ops->list)(c, out, err);
	if (rc == 0)
		guest_list_sort(out);
	return rc;
}

/* What a host that failed or went silent is called in messages. */
static char *where_of(const struct host_job *j)
{
	return j->t.uri ? uri_redact(j->t.uri) : xstrdup(vm_backend_name(j->t.backend));
}

/* One line for a job that did not answer: left, or failed.  Returns its exit code. */
int report_job(const struct host_job *j, bool show_host)
{
	char *w = where_of(j);
	int rc;
	if (j->state == JOB_LEFT)
		rc = fail(VM_EXIT_FAILED, "%s %s: no reply for %u s (--host-timeout): left", show_host ? "host" : "backend",
			  w, j->g->arg_host_timeout);
	else
		rc = fail(j->err.code, "%s %s: %s", show_host ? "host" : "backend", w, j->err.msg);
	free(w);
	return rc;
}

/* The session's connections go to the jobs; what a job opened stays in the
 * session for the verbs that follow (a batch); a left job's connection is
 * the job's to the end. */
void lend_conns(struct globals *g, struct hostpool *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct host_job *j = hostpool_job(p, i);
		struct vm_error err = { 0 };
		j->ops = ops_of(session_get(g), j->t.backend, &err);
		bool first = true; /* a host given twice: one job has the session's connection */
		for (size_t k = 0; k < i && first; k++)
			first = !(hostpool_job(p, k)->t.backend == j->t.backend && same_uri(hostpool_job(p, k)->t.uri, j->t.uri));
		j->conn = first ? session_conn(g, &j->t) : NULL;
	}
}

void take_conns(struct globals *g, struct hostpool *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct host_job *j = hostpool_job(p, i);
		if (j->state == JOB_LEFT && !j->own_conn && j->conn)
			session_forget(g, &j->t); /* in the left thread's hands: never closed under it */
		else if (j->state == JOB_DONE && j->own_conn && j->conn && !session_conn(g, &j->t)) {
			session_adopt(g, &j->t, j->conn);
			j->own_conn = false;
		}
	}
}

static void do_list(struct host_job *j)
{
	if (job_open(j) < 0) {
		j->rc = -1;
		return;
	}
	if (j->verb->returns == RET_RECORDS)
		j->rc = j->ops->records[j->verb->id](j->conn, &j->req, &j->recs, &j->err);
	else
		j->rc = list_guests(j->ops, j->conn, j->req.names, &j->list, &j->err);
}

static void do_info(struct host_job *j)
{
	if (job_open(j) < 0) {
		j->rc = -1;
		return;
	}
	j->rc = j->ops->info(j->conn, &j->req, &j->info, &j->err);
	j->have_info = true;
}

/* r: host, then the fields of from. */
static void record_with_host(struct vm_record *r, const struct vm_record *from, const char *host)
{
	vm_record_add(r, "host", "%s", host);
	for (size_t k = 0; k < from->keys.n; k++) {
		vm_record_add(r, from->keys.v[k], "%s", from->values.v[k]);
		r->kinds[r->keys.n - 1] = from->kinds[k];
	}
}

static int check_ops(struct globals *g, const struct verb_def *verb, const struct target *t, size_t n)
{
	struct vm_error err = { 0 };
	for (size_t i = 0; i < n; i++) {
		const struct backend_ops *ops = ops_of(session_get(g), t[i].backend, &err);
		if (!ops)
			return fail_err(&err);
		if (!supported(ops, verb))
			return unsupported(ops, verb);
	}
	return 0;
}

/* list, pool-list, image-list, net-list over several targets, merged. */
int act_many(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
	     const struct target *t, size_t n, bool show_host)
{
	int rc = check_ops(g, verb, t, n);
	if (rc)
		return rc;
	struct hostpool *p = hostpool_new(g, verb, req, t, n);
	lend_conns(g, p, n);
	hostpool_run(p, do_list, 0, false);
	take_conns(g, p, n);
	struct vm_guest_list all = { 0 };
	struct vm_records recs = { 0 };
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		struct host_job *j = hostpool_job(p, i);
		if (j->state != JOB_DONE || j->rc < 0) {
			failed++;
			report_job(j, show_host);
			continue;
		}
		if (verb->returns == RET_RECORDS) { /* HOST first, then the host's own fields */
			char *host = j->t.uri ? uri_redact(j->t.uri) : xstrdup("-");
			for (size_t k = 0; k < j->recs.n; k++)
				record_with_host(vm_records_new(&recs), &j->recs.v[k], host);
			free(host);
			continue;
		}
		all.v = xrealloc(all.v, (all.n + j->list.n + 1) * sizeof(*all.v));
		for (size_t k = 0; k < j->list.n; k++) {
			struct vm_guest_info *gi = &all.v[all.n++];
			*gi = j->list.v[k];
			label(gi, &j->t);
		}
		j->list.n = 0; /* moved */
	}
	if (verb->returns == RET_RECORDS)
		output_records(stdout, verb->plural, &recs, g->arg_json);
	else
		output_list(stdout, &all, g->arg_json, req->names, show_host, !show_host);
	fflush(stdout);
	hostpool_free(p); /* after the output: the threads that ended may still be closing their connections */
	guest_list_clear(&all);
	vm_records_clear(&recs);
	if (failed == n) {
		rc = VM_EXIT_UNAVAILABLE;
		if (n > 1)
			fail(rc, "every %s failed", show_host ? "host" : "backend");
		return rc;
	}
	return failed ? VM_EXIT_PARTIAL : VM_EXIT_OK;
}

/* A guest verb over several hosts: the one host that has the guest.  info
 * is shown from the look-up itself; any other verb then runs there (its
 * connection is the look-up's).  Hosts that did not answer are reported,
 * and make the exit 6 when the verb succeeded: they may have the guest too. */
int act_find(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
	     const struct target *t, size_t n)
{
	const struct verb_def *info_row = verb_by_id(VERB_INFO);
	int rc = check_ops(g, verb, t, n);
	if (!rc && verb != info_row)
		rc = check_ops(g, info_row, t, n);
	if (rc)
		return rc;
	struct hostpool *p = hostpool_new(g, info_row, req, t, n);
	hostpool_keep_conns(p); /* the verb then runs over the look-up's connection */
	lend_conns(g, p, n);
	hostpool_run(p, do_info, 0, false);
	take_conns(g, p, n);
	size_t failed = 0, hits = 0, hit = 0;
	char names[2048] = "";
	for (size_t i = 0; i < n; i++) {
		struct host_job *j = hostpool_job(p, i);
		if (j->state == JOB_DONE && j->rc == 0) {
			char *w = where_of(j);
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", hits ? ", " : "", w);
			free(w);
			hit = i;
			hits++;
		} else if (j->state != JOB_DONE || j->err.code != VM_EXIT_NO_GUEST) {
			failed++;
			report_job(j, true);
		}
	}
	char *q = msg_quote(req->guest);
	if (hits > 1) {
		rc = fail(VM_EXIT_USAGE, "guest %s is on %zu hosts: %s; name one with -c", q, hits, names);
	} else if (hits == 0 && failed) {
		rc = fail(VM_EXIT_FAILED, "no guest %s on the %zu hosts that answered; %zu did not", q, n - failed, failed);
	} else if (hits == 0) {
		rc = fail(VM_EXIT_NO_GUEST, "no guest %s on any of the %zu hosts", q, n);
	} else if (verb == info_row) {
		struct host_job *j = hostpool_job(p, hit);
		label(&j->info, &j->t);
		output_info(stdout, &j->info, g->arg_json);
		rc = VM_EXIT_OK;
	} else {
		rc = act_one(g, verb, req, &t[hit]);
	}
	free(q);
	hostpool_free(p);
	return rc == VM_EXIT_OK && failed ? VM_EXIT_PARTIAL : rc;
}
