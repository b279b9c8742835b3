/* act.c: acting verbs.  Chooses where a request goes (the backend given,
 * the -c hosts, or the one backend of this host that has the guest), opens
 * each backend and connection once per process (a batch shares them), and
 * runs single, bulk (--all) and several-host requests. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend.h"
#include "output.h"
#include "quote.h"
#include "uri.h"

struct conn_entry {
	enum vm_backend_id backend;
	char *uri; /* NULL: the backend's default */
	struct vm_conn *conn;
};

struct session {
	const struct backend_ops *ops[BACKEND_OPENVZ + 1];
	struct vm_error load_err[BACKEND_OPENVZ + 1];
	bool load_tried[BACKEND_OPENVZ + 1];
	struct conn_entry *v;
	size_t n;
};

/* A place a request can go. */
struct target {
	enum vm_backend_id backend;
	const char *uri;
};

typedef int (*act_fn)(struct vm_conn *, const struct vm_request *, struct vm_result *, struct vm_error *);

static act_fn slot(const struct backend_ops *ops, enum vm_verb verb)
{
	switch (verb) {
	case VERB_START: return ops->start;
	case VERB_STOP: return ops->stop;
	case VERB_KILL: return ops->kill;
	case VERB_REBOOT: return ops->reboot;
	case VERB_PAUSE: return ops->pause;
	case VERB_RESUME: return ops->resume;
	case VERB_VCPU_SET: return ops->vcpu_set;
	case VERB_MEM_SET: return ops->mem_set;
	case VERB_CD_CHANGE: return ops->cd_change;
	case VERB_CONSOLE: return ops->console;
	case VERB_SAVE: return ops->save;
	case VERB_RESTORE: return ops->restore;
	case VERB_SNAPSHOT: return ops->snapshot;
	case VERB_MIGRATE: return ops->migrate;
	case VERB_LIST:
	case VERB_INFO:
	case VERB_HOST:
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	return NULL;
}

static bool supported(const struct backend_ops *ops, enum vm_verb verb)
{
	if (verb == VERB_LIST)
		return ops->list != NULL;
	if (verb == VERB_INFO)
		return ops->info != NULL;
	return slot(ops, verb) != NULL;
}

static int unsupported(const struct backend_ops *ops, const struct verb_def *verb)
{
	const char *why = ops->unsupported ? ops->unsupported(verb->id) : NULL;
	return fail(VM_EXIT_UNSUPPORTED, "'%s' is not supported by backend %s%s%s", verb->name, ops->name,
		    why ? ": " : "", why ? why : "");
}

static struct session *session_get(struct globals *g)
{
	if (!g->session)
		g->session = xcalloc(1, sizeof(*g->session));
	return g->session;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].conn)
			s->ops[s->v[i].backend]->close(s->v[i].conn);
		free(s->v[i].uri);
	}
	free(s->v);
	free(s);
}

/* The ops of backend b (openvz is libvirt's module), loaded once. */
static const struct backend_ops *ops_of(struct session *s, enum vm_backend_id b, struct vm_error *err)
{
	if (!s->load_tried[b]) {
		s->load_tried[b] = true;
		s->ops[b] = backend_load(b, &s->load_err[b]);
	}
	if (!s->ops[b])
		*err = s->load_err[b];
	return s->ops[b];
}

static int same_uri(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The session's connection to t, opened on first use. */
static struct vm_conn *conn_of(struct globals *g, const struct target *t, const struct vm_request *req,
			       struct vm_error *err)
{
	struct session *s = session_get(g);
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].backend == t->backend && same_uri(s->v[i].uri, t->uri))
			return s->v[i].conn;
	const struct backend_ops *ops = ops_of(s, t->backend, err);
	if (!ops)
		return NULL;
	struct vm_request r = *req;
	r.backend = t->backend;
	r.uri = t->uri;
	struct vm_conn *conn = NULL;
	if (ops->open(&r, g->arg_readonly, &conn, err) < 0)
		return NULL;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = (struct conn_entry){ .backend = t->backend, .uri = t->uri ? xstrdup(t->uri) : NULL, .conn = conn };
	return conn;
}

static void label(struct vm_guest_info *gi, const struct target *t)
{
	gi->backend = vm_backend_name(t->backend);
	free(gi->host);
	gi->host = t->uri ? uri_redact(t->uri) : NULL;
}

static void print_result(const struct globals *g, const struct vm_request *req, struct vm_result *res)
{
	if (res->note[0])
		note(g, "%s%s", res->note, res->already ? " (nothing to do)" : "");
	if (req->verb == VERB_SNAPSHOT &&
	    (req->snapshot_op == SNAPSHOT_LIST || (req->snapshot_op == SNAPSHOT_CREATE && !req->snapshot)))
		output_snapshots(stdout, req->guest, &res->names, g->arg_json);
}

/* One verb, one target. */
static int act_one(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
		   const struct target *t)
{
	struct vm_error err = { 0 };
	const struct backend_ops *ops = ops_of(session_get(g), t->backend, &err);
	if (!ops)
		return fail_err(&err);
	if (!supported(ops, req->verb))
		return unsupported(ops, verb);
	struct vm_conn *conn = conn_of(g, t, req, &err);
	if (!conn)
		return fail_err(&err);
	struct vm_request r = *req;
	r.backend = t->backend;
	r.uri = t->uri;
	int rc = VM_EXIT_OK;
	if (req->verb == VERB_LIST) {
		struct vm_guest_list l = { 0 };
		if (ops->list(conn, &l, &err) < 0) {
			rc = fail_err(&err);
		} else {
			for (size_t i = 0; i < l.n; i++)
				label(&l.v[i], t);
			output_list(stdout, &l, g->arg_json, req->flags & VM_F_NAMES, false, false);
		}
		guest_list_clear(&l);
		return rc;
	}
	if (req->verb == VERB_INFO) {
		struct vm_guest_info gi = { 0 };
		if (ops->info(conn, &r, &gi, &err) < 0) {
			rc = fail_err(&err);
		} else {
			label(&gi, t);
			output_info(stdout, &gi, g->arg_json);
		}
		guest_info_clear(&gi);
		return rc;
	}
	struct vm_result res = { 0 };
	int acted = slot(ops, req->verb)(conn, &r, &res, &err);
	if (acted == 0 && req->verb == VERB_START && (req->flags & VM_F_CONSOLE)) {
		struct vm_result con = { 0 };
		struct vm_request creq = r; /* --from: the backend names the guest it made */
		if (!creq.guest && res.names.n)
			creq.guest = res.names.v[0];
		acted = ops->console && creq.guest
			? ops->console(conn, &creq, &con, &err)
			: vm_error_set(&err, VM_EXIT_UNSUPPORTED, "started, but the console is not supported by backend %s",
				       ops->name);
		vm_result_clear(&con);
	}
	if (acted < 0)
		rc = fail_err(&err);
	else
		print_result(g, req, &res);
	vm_result_clear(&res);
	return rc;
}

/* ---- discovery: the one backend of this host that has the guest ---- */

static const enum vm_backend_id discover_order[] = { BACKEND_LIBVIRT, BACKEND_XEN, BACKEND_LXC };

/* 1 when this host is a Xen dom0 (the control domain). */
static int is_xen_dom0(void)
{
	FILE *f = fopen("/proc/xen/capabilities", "re");
	if (!f)
		return 0;
	char buf[128] = "";
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, "control_d") != NULL;
}

struct probe {
	struct target t;
	int state; /* 0 unavailable, 1 available */
	char why[1024 + 64];
};

/* Which backends of this host can be asked; reasons for the others. */
static size_t probe_backends(struct globals *g, const struct vm_request *req, struct probe *p)
{
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(discover_order); i++) {
		struct probe *pr = &p[n++];
		struct vm_error err = { 0 };
		*pr = (struct probe){ .t = { discover_order[i], NULL } };
		if (discover_order[i] == BACKEND_XEN && !is_xen_dom0()) {
			snprintf(pr->why, sizeof(pr->why), "this host is not a Xen dom0");
			continue;
		}
		if (!conn_of(g, &pr->t, req, &err)) {
			snprintf(pr->why, sizeof(pr->why), "%s", err.msg);
			continue;
		}
		pr->state = 1;
	}
	return n;
}

static void describe(char *buf, size_t len, const struct probe *p, size_t n, int available)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (p[i].state != available)
			continue;
		size_t used = strlen(buf);
		if (available)
			snprintf(buf + used, len - used, "%s%s", used ? ", " : "", vm_backend_name(p[i].t.backend));
		else
			snprintf(buf + used, len - used, "%s%s (%s)", used ? "; " : "", vm_backend_name(p[i].t.backend),
				 p[i].why);
	}
}

/* Finds req->guest in every available backend.  0 with *found set, or an exit code. */
static int discover(struct globals *g, const struct vm_request *req, struct target *found)
{
	struct probe p[ARRAY_SIZE(discover_order)];
	size_t n = probe_backends(g, req, p);
	struct target hits[ARRAY_SIZE(discover_order)];
	size_t nhits = 0, navail = 0;
	for (size_t i = 0; i < n; i++) {
		if (!p[i].state)
			continue;
		navail++;
		struct vm_error err = { 0 };
		struct vm_guest_info gi = { 0 };
		const struct backend_ops *ops = ops_of(session_get(g), p[i].t.backend, &err);
		struct vm_conn *conn = conn_of(g, &p[i].t, req, &err);
		struct vm_request r = *req;
		r.backend = p[i].t.backend;
		int rc = ops->info(conn, &r, &gi, &err);
		guest_info_clear(&gi);
		if (rc == 0)
			hits[nhits++] = p[i].t;
		else if (err.code != VM_EXIT_NO_GUEST) {
			p[i].state = 0;
			snprintf(p[i].why, sizeof(p[i].why), "%s", err.msg);
			navail--;
		}
	}
	char avail[256], unavail[4 * 1100];
	describe(avail, sizeof(avail), p, n, 1);
	describe(unavail, sizeof(unavail), p, n, 0);
	char *q = msg_quote(req->guest);
	int rc = 0;
	if (nhits == 1) {
		*found = hits[0];
	} else if (nhits > 1) {
		char list[256] = "";
		for (size_t i = 0; i < nhits; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s-b %s", i ? ", " : "",
				 vm_backend_name(hits[i].backend));
		rc = fail(VM_EXIT_USAGE, "guest %s exists in %zu backends; choose one with %s", q, nhits, list);
	} else if (navail == 0) {
		rc = fail(VM_EXIT_UNAVAILABLE, "no backend is available on this host: %s", unavail);
	} else {
		rc = fail(VM_EXIT_NO_GUEST, "no guest %s in %s%s%s", q, avail, *unavail ? "; unavailable: " : "",
			  unavail);
	}
	free(q);
	return rc;
}

/* Where a request without -b/-c and without a guest goes. */
static enum vm_backend_id guestless_backend(const struct vm_request *req)
{
	if (req->verb == VERB_START && req->from) { /* domain XML or xl.cfg? */
		FILE *f = fopen(req->from, "re");
		int c = ' ';
		if (f) {
			while ((c = fgetc(f)) == ' ' || c == '\t' || c == '\n' || c == '\r')
				;
			fclose(f);
		}
		return c == '<' ? BACKEND_LIBVIRT : is_xen_dom0() ? BACKEND_XEN : BACKEND_LIBVIRT;
	}
	return is_xen_dom0() && access("/usr/bin/virsh", X_OK) != 0 ? BACKEND_XEN : BACKEND_LIBVIRT;
}

/* ---- several targets: list/info over many hosts or backends, bulk ---- */

struct job {
	struct globals *g;
	const struct vm_request *req;
	struct target t;
	/* results */
	struct vm_guest_list list;
	struct vm_guest_info info;
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
	j->rc = j->req->verb == VERB_LIST ? ops->list(conn, &j->list, &err) : ops->info(conn, &r, &j->info, &err);
	if (j->rc < 0)
		j->err = err;
	ops->close(conn);
	return NULL;
}

#define POOL_MAX 8

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

static int act_many(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
		    const struct target *t, size_t n, bool show_host)
{
	struct vm_error err = { 0 };
	for (size_t i = 0; i < n; i++) {
		const struct backend_ops *ops = ops_of(session_get(g), t[i].backend, &err);
		if (!ops)
			return fail_err(&err);
		if (!supported(ops, req->verb))
			return unsupported(ops, verb);
	}
	struct job *jobs = xcalloc(n, sizeof(*jobs));
	for (size_t i = 0; i < n; i++)
		jobs[i] = (struct job){ .g = g, .req = req, .t = t[i] };
	run_pool(jobs, n, POOL_MAX, run_job);
	struct vm_guest_list all = { 0 };
	size_t failed = 0, missing = 0;
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		const char *where = j->t.uri ? j->t.uri : vm_backend_name(j->t.backend);
		char *shown = uri_redact(where);
		if (j->rc < 0)
			guest_info_clear(&j->info);
		if (j->rc < 0 && j->err.code == VM_EXIT_NO_GUEST && req->verb == VERB_INFO) {
			missing++;
		} else if (j->rc < 0) {
			failed++;
			fail(j->err.code, "%s %s: %s", show_host ? "host" : "backend", shown, j->err.msg);
		}
		free(shown);
		size_t add = req->verb == VERB_LIST ? j->list.n : (j->rc == 0 ? 1 : 0);
		all.v = xrealloc(all.v, (all.n + add + 1) * sizeof(*all.v));
		for (size_t k = 0; k < add; k++) {
			struct vm_guest_info *gi = &all.v[all.n++];
			*gi = req->verb == VERB_LIST ? j->list.v[k] : j->info;
			label(gi, &j->t);
		}
		free(j->list.v);
	}
	if (req->verb == VERB_LIST)
		output_list(stdout, &all, g->arg_json, req->flags & VM_F_NAMES, show_host, !show_host);
	else if (all.n)
		output_infos(stdout, &all, g->arg_json);
	guest_list_clear(&all);
	free(jobs);
	int rc = VM_EXIT_OK;
	if (failed == n)
		rc = req->verb == VERB_LIST ? VM_EXIT_UNAVAILABLE : VM_EXIT_FAILED;
	else if (failed)
		rc = VM_EXIT_PARTIAL;
	else if (req->verb == VERB_INFO && missing == n) {
		char *q = msg_quote(req->guest);
		rc = fail(VM_EXIT_NO_GUEST, "no guest %s on any of the %zu %s", q, n, show_host ? "hosts" : "backends");
		free(q);
	}
	if (failed == n && n > 1)
		fail(rc, "every %s failed", show_host ? "host" : "backend");
	return rc;
}

/* ---- bulk: --all ---- */

/* The states a bulk verb acts from. */
static bool bulk_applies(enum vm_verb verb, enum vm_state st)
{
	switch (verb) {
	case VERB_START:
		return st == VM_STATE_SHUTOFF || st == VM_STATE_CRASHED;
	case VERB_STOP:
	case VERB_KILL:
		return st == VM_STATE_RUNNING || st == VM_STATE_PAUSED || st == VM_STATE_STOPPING ||
		       (verb == VERB_KILL && st == VM_STATE_CRASHED);
	case VERB_PAUSE:
		return st == VM_STATE_RUNNING;
	case VERB_RESUME:
		return st == VM_STATE_PAUSED;
	default:
		return false;
	}
}

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
		r.flags = (r.flags & ~VM_F_ALL) | VM_F_LISTED;
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
		if (slot(ops, r.verb)(conn, &r, &res, &err) < 0) {
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

static int act_bulk(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
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
		if (!slot(ops, req->verb) || !ops->list)
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
			if (!bulk_applies(req->verb, l.v[i].state))
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

/* ---- the entry point ---- */

int act(struct globals *g, const struct verb_def *verb, struct vm_request *req)
{
	bool changes = verb->changes && !(req->verb == VERB_SNAPSHOT && req->snapshot_op == SNAPSHOT_LIST);
	if (g->arg_readonly && changes)
		return fail(VM_EXIT_USAGE, "'%s' changes a guest: refused by --readonly", verb->name);
	if ((req->verb == VERB_CONSOLE || (req->verb == VERB_START && (req->flags & VM_F_CONSOLE))) &&
	    !isatty(STDIN_FILENO))
		return fail(VM_EXIT_USAGE, "%s needs a terminal on standard input (as virsh console does)",
			    req->verb == VERB_CONSOLE ? "console" : "start --console");
	if (req->verb == VERB_HOST)
		return host_report(g, req);
	struct stat st;
	if (req->verb == VERB_RESTORE && stat(req->path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		char *q = msg_quote(req->path); /* a FIFO or a device would block the reader */
		int rc = fail(VM_EXIT_USAGE, "cannot restore from %s: not a regular file", q);
		free(q);
		return rc;
	}

	bool bulk = req->flags & VM_F_ALL;
	size_t nuris = g->arg_uris.n;
	enum vm_backend_id chosen = g->arg_backend;
	if (nuris > 0 && chosen == BACKEND_NONE)
		chosen = BACKEND_LIBVIRT; /* -c is a libvirt URI */
	if (nuris > 0 && chosen != BACKEND_LIBVIRT && chosen != BACKEND_OPENVZ)
		return fail(VM_EXIT_USAGE, "-c names a libvirt URI; it does not go with -b %s", vm_backend_name(chosen));

	if (nuris > 1) {
		if (req->verb != VERB_LIST && req->verb != VERB_INFO && !bulk)
			return fail(VM_EXIT_USAGE, "'%s' acts on one host: give one -c (several hosts take list, info and --all)",
				    verb->name);
		struct target *t = xcalloc(nuris, sizeof(*t));
		for (size_t i = 0; i < nuris; i++)
			t[i] = (struct target){ chosen, g->arg_uris.v[i] };
		int rc = bulk ? act_bulk(g, verb, req, t, nuris, true) : act_many(g, verb, req, t, nuris, true);
		free(t);
		return rc;
	}
	if (chosen != BACKEND_NONE) {
		struct target t = { chosen, nuris ? g->arg_uris.v[0] : NULL };
		return bulk ? act_bulk(g, verb, req, &t, 1, false) : act_one(g, verb, req, &t);
	}

	/* discovery: no -b, no -c, no default */
	if (req->verb == VERB_LIST || bulk) {
		struct probe p[ARRAY_SIZE(discover_order)];
		size_t n = probe_backends(g, req, p);
		struct target t[ARRAY_SIZE(discover_order)];
		size_t nt = 0;
		for (size_t i = 0; i < n; i++)
			if (p[i].state)
				t[nt++] = p[i].t;
		if (nt == 0) {
			char unavail[4 * 1100];
			describe(unavail, sizeof(unavail), p, n, 0);
			return fail(VM_EXIT_UNAVAILABLE, "no backend is available on this host: %s", unavail);
		}
		if (bulk)
			return act_bulk(g, verb, req, t, nt, false);
		if (nt == 1)
			return act_one(g, verb, req, &t[0]);
		return act_many(g, verb, req, t, nt, false);
	}
	if (!req->guest) {
		struct target t = { guestless_backend(req), NULL };
		return act_one(g, verb, req, &t);
	}
	struct target t;
	int rc = discover(g, req, &t);
	return rc ? rc : act_one(g, verb, req, &t);
}
