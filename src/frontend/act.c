/* act.c: the handler of the verbs that act on guests (verb_act).  Chooses
 * where a request goes (the backend given, the -c hosts, or the one backend
 * of this host that has the guest), opens each backend and connection once
 * per process (a batch shares them), and runs a request on one target;
 * several targets and bulk verbs are fleet.c's. */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "act.h"
#include "hostpool.h"
#include "output.h"
#include "progress.h"
#include "quote.h"
#include "request.h"
#include "uri.h"

bool supported(const struct backend_ops *ops, const struct verb_def *verb)
{
	switch (verb->returns) {
	case RET_GUESTS:
		return ops->list != NULL;
	case RET_GUEST_INFO:
		return ops->info != NULL;
	case RET_RESULT:
	case RET_NAMES:
		return ops->act[verb->id] != NULL;
	case RET_RECORDS:
	case RET_CONFIG:
		return ops->records[verb->id] != NULL;
	case RET_SAMPLES:
		return ops->records[verb->id] != NULL;
	case RET_STREAM:
		return ops->stream[verb->id] != NULL;
	case RET_STATUS:
		return ops->status[verb->id] != NULL;
	case RET_NOTHING:
		break;
	}
	return false;
}

int unsupported(const struct backend_ops *ops, const struct verb_def *verb)
{
	const char *why = ops->unsupported ? ops->unsupported(verb->id) : NULL;
	return fail(VM_EXIT_UNSUPPORTED, "'%s' is not supported by backend %s%s%s", verb->name, ops->name,
		    why ? ": " : "", why ? why : "");
}

struct session *session_get(struct globals *g)
{
	if (!g->session)
		g->session = xcalloc(1, sizeof(*g->session));
	return g->session;
}

/* The backends that reach their guests through libvirt (OpenVZ included):
 * their connections may be closed from any thread, and their open may wait
 * on a daemon (open_bounded). */
static bool libvirt_kind(enum vm_backend_id b)
{
	return b == BACKEND_LIBVIRT || b == BACKEND_OPENVZ;
}

struct closing {
	struct session *s;
	atomic_size_t next;
};

static void *close_some(void *arg)
{
	struct closing *c = arg;
	for (size_t i; (i = atomic_fetch_add(&c->next, 1)) < c->s->n;)
		if (c->s->v[i].conn && libvirt_kind(c->s->v[i].backend)) {
			c->s->ops[c->s->v[i].backend]->close(c->s->v[i].conn);
			c->s->v[i].conn = NULL;
		}
	return NULL;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	/* a remote close is a round trip: several hosts' at once (a batch over
	 * hundreds of hosts), at most 64 threads */
	size_t nr = 0;
	for (size_t i = 0; i < s->n; i++)
		nr += s->v[i].conn && libvirt_kind(s->v[i].backend);
	struct closing c = { .s = s };
	atomic_init(&c.next, 0);
	run_threads(nr > 1 ? (unsigned)(nr < 64 ? nr : 64) : 0, close_some, &c);
	for (size_t i = 0; i < s->n; i++) { /* the other backends here, in order */
		if (s->v[i].conn)
			s->ops[s->v[i].backend]->close(s->v[i].conn);
		free(s->v[i].uri);
	}
	free(s->v);
	free(s);
}

const struct backend_ops *ops_of(struct session *s, enum vm_backend_id b, struct vm_error *err)
{
	if (!s->load_tried[b]) {
		s->load_tried[b] = true;
		s->ops[b] = backend_load(b, &s->load_err[b]);
	}
	if (!s->ops[b])
		*err = s->load_err[b];
	return s->ops[b];
}

int same_uri(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

struct vm_conn *session_conn(struct globals *g, const struct target *t)
{
	struct session *s = session_get(g);
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].backend == t->backend && same_uri(s->v[i].uri, t->uri))
			return s->v[i].conn;
	return NULL;
}

void session_adopt(struct globals *g, const struct target *t, struct vm_conn *conn)
{
	struct session *s = session_get(g);
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = (struct conn_entry){ .backend = t->backend, .uri = t->uri ? xstrdup(t->uri) : NULL, .conn = conn };
}

void session_forget(struct globals *g, const struct target *t)
{
	struct session *s = session_get(g);
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].backend == t->backend && same_uri(s->v[i].uri, t->uri)) {
			free(s->v[i].uri);
			s->v[i] = s->v[--s->n];
			return;
		}
}

static void do_open(struct host_job *j)
{
	j->rc = job_open(j);
}

/* A stopped daemon accepts the connection and never answers, and libvirt's
 * keepalive starts only once a connection is open: a libvirt open runs as
 * a job of its own, left after --host-timeout of silence (exit 5), with one
 * host as with several.  liblxc and libxl open in this process: no daemon
 * to wait for. */
static int open_bounded(struct globals *g, const struct backend_ops *ops, const struct target *t,
			const struct vm_request *r, struct vm_conn **out, struct vm_error *err)
{
	if (!libvirt_kind(t->backend))
		return ops->open(r, g->arg_readonly, out, err);
	struct hostpool *p = hostpool_new(g, NULL, r, t, 1);
	hostpool_keep_conns(p);
	struct host_job *j = hostpool_job(p, 0);
	j->ops = ops;
	hostpool_run(p, do_open, 1, false);
	int rc = -1;
	if (j->state == JOB_LEFT) {
		char *shown = t->uri ? uri_redact(t->uri) : xstrdup("(default)");
		char *q = msg_quote(shown);
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "cannot connect to %s: no reply for %u s (--host-timeout)", q,
			     g->arg_host_timeout);
		free(q);
		free(shown);
	} else if (j->rc < 0) {
		*err = j->err;
	} else {
		*out = j->conn;
		j->own_conn = false; /* the caller's now */
		rc = 0;
	}
	hostpool_free(p); /* a left open is abandoned: vmctl ends with _exit */
	return rc;
}

struct vm_conn *conn_of(struct globals *g, const struct target *t, const struct vm_request *req,
			       struct vm_error *err)
{
	struct session *s = session_get(g);
	struct vm_conn *have = session_conn(g, t);
	if (have)
		return have;
	const struct backend_ops *ops = ops_of(s, t->backend, err);
	if (!ops)
		return NULL;
	struct vm_request r = *req;
	r.backend = t->backend;
	r.uri = t->uri;
	struct vm_conn *conn = NULL;
	if (open_bounded(g, ops, t, &r, &conn, err) < 0)
		return NULL;
	session_adopt(g, t, conn);
	return conn;
}

void label(struct vm_guest_info *gi, const struct target *t)
{
	gi->backend = vm_backend_name(t->backend);
	free(gi->host);
	gi->host = t->uri ? uri_redact(t->uri) : NULL;
}

/* Whether a result's names are printed: a list of names (snapshot list),
 * or the name the backend chose for an optional NAME left out (snapshot
 * create). */
static bool prints_names(const struct verb_def *row, const struct vm_request *req)
{
	if (row->returns == RET_NAMES)
		return true;
	for (const struct operand_def *o = row->operands; o && o->name; o++)
		if (o->kind == OPD_NAME && o->optional && !request_operand_str(req, o))
			return true;
	return false;
}

static void print_result(const struct globals *g, const struct verb_def *row, const struct vm_request *req,
			 struct vm_result *res)
{
	if (res->note[0])
		note(g, "%s%s", res->note, res->already ? " (nothing to do)" : "");
	if (prints_names(row, req))
		output_snapshots(stdout, req->guest, &res->names, g->arg_json);
	else if (row->reports && g->arg_json)
		output_change(stdout, row->name, res->already, &res->removed);
	else if (row->reports)
		for (size_t i = 0; i < res->removed.n; i++)
			note(g, "removed %s", res->removed.v[i]);
}

/* A verb that returns records, a stream or an exit status. */
static int act_shaped(struct globals *g, const struct verb_def *row, const struct backend_ops *ops,
		      struct vm_conn *conn, const struct vm_request *r)
{
	struct vm_error err = { 0 };
	if (row->returns == RET_CONFIG) { /* one record: format, text */
		struct vm_records l = { 0 };
		int rc = ops->records[row->id](conn, r, &l, &err) < 0 ? fail_err(&err) : VM_EXIT_OK;
		if (rc == VM_EXIT_OK && l.n == 1 && l.v[0].values.n == 2)
			output_config(stdout, r->guest, l.v[0].values.v[0], l.v[0].values.v[1], g->arg_json);
		vm_records_clear(&l);
		return rc;
	}
	if (row->returns == RET_RECORDS) {
		struct vm_records l = { 0 };
		int rc = ops->records[row->id](conn, r, &l, &err) < 0 ? fail_err(&err) : VM_EXIT_OK;
		if (rc == VM_EXIT_OK && row->plural)
			output_records(stdout, row->plural, &l, g->arg_json);
		else if (rc == VM_EXIT_OK && l.n == 1)
			output_record_keyed(stdout, &l.v[0], g->arg_json);
		vm_records_clear(&l);
		return rc;
	}
	if (row->returns == RET_STREAM)
		return watch_run(g, row, ops, conn, r);
	if (row->returns == RET_SAMPLES)
		return top_run(g, row, ops, conn, r);
	return exec_run(g, row, ops, conn, r);
}

/* One verb, one target. */
int act_one(struct globals *g, const struct verb_def *verb, const struct vm_request *req, const struct target *t)
{
	struct vm_error err = { 0 };
	const struct verb_def *row = verb_effective(verb, req);
	const struct backend_ops *ops = ops_of(session_get(g), t->backend, &err);
	if (!ops)
		return fail_err(&err);
	if (!supported(ops, row))
		return unsupported(ops, verb); /* exec: 125, as report_exec_mode() says */
	struct vm_conn *conn = conn_of(g, t, req, &err);
	if (!conn)
		return fail_err(&err);
	struct vm_request r = *req;
	r.backend = t->backend;
	r.uri = t->uri;
	int rc = VM_EXIT_OK;
	if (row->returns == RET_GUESTS) {
		struct vm_guest_list l = { 0 };
		if (list_guests(ops, conn, req->names, &l, &err) < 0) {
			rc = fail_err(&err);
		} else {
			for (size_t i = 0; i < l.n; i++)
				label(&l.v[i], t);
			output_list(stdout, &l, g->arg_json, req->names, false, false);
		}
		guest_list_clear(&l);
		return rc;
	}
	if (row->returns == RET_GUEST_INFO) {
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
	if (row->returns == RET_RECORDS || row->returns == RET_CONFIG || row->returns == RET_STREAM ||
	    row->returns == RET_SAMPLES || row->returns == RET_STATUS)
		return act_shaped(g, row, ops, conn, &r);
	struct vm_result res = { 0 };
	struct progress *prog = progress_new(g, row, &r);
	r.progress = progress_of(prog);
	int acted = ops->act[row->id](conn, &r, &res, &err);
	progress_end(prog, acted == 0);
	if (acted == 0 && req->console) { /* start --console */
		struct vm_result con = { 0 };
		struct vm_request creq = r; /* --from: the backend names the guest it made */
		if (!creq.guest && res.names.n)
			creq.guest = res.names.v[0];
		acted = ops->act[VERB_CONSOLE] && creq.guest
			? ops->act[VERB_CONSOLE](conn, &creq, &con, &err)
			: vm_error_set(&err, VM_EXIT_UNSUPPORTED, "started, but the console is not supported by backend %s",
				       ops->name);
		vm_result_clear(&con);
	}
	if (acted < 0)
		rc = fail_err(&err);
	else
		print_result(g, row, req, &res);
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
	if (req->from) { /* domain XML, an LXC config or xl.cfg? Its first line that is no comment says */
		char buf[4096] = "";
		FILE *f = fopen(req->from, "re");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		if (f)
			fclose(f);
		buf[n] = '\0';
		const char *p = buf;
		for (;;) {
			p += strspn(p, " \t\r\n");
			if (*p != '#')
				break;
			p += strcspn(p, "\n");
		}
		if (*p == '<')
			return BACKEND_LIBVIRT;
		if (strncmp(p, "lxc.", 4) == 0)
			return BACKEND_LXC;
		return is_xen_dom0() ? BACKEND_XEN : BACKEND_LIBVIRT;
	}
	if (vm_value(req, "template")) /* create --template: a liblxc container */
		return BACKEND_LXC;
	return is_xen_dom0() && access("/usr/bin/virsh", X_OK) != 0 ? BACKEND_XEN : BACKEND_LIBVIRT;
}

/* What is refused before any backend is loaded: -r, a terminal missing, a
 * file to read that would block its reader.  0 to go on, or an exit code. */
static int preflight(const struct globals *g, const struct verb_def *verb, const struct vm_request *req)
{
	const struct verb_def *row = verb_effective(verb, req);
	if (g->arg_readonly && row->changes)
		return fail(VM_EXIT_USAGE, "'%s' changes something: refused by --readonly", verb->name);
	if (row->returns == RET_STATUS && g->arg_json)
		return fail(VM_EXIT_USAGE, "'%s' passes the command's own output through: -o json does not apply", verb->name);
	if (row->needs_tty && !isatty(STDIN_FILENO))
		return fail(VM_EXIT_USAGE, "%s needs a terminal on standard input (as virsh console does)", verb->name);
	for (const struct opt_def *const *o = verb->opts; o && *o; o++)
		if ((*o)->needs_tty && request_flag(req, *o) && !isatty(STDIN_FILENO))
			return fail(VM_EXIT_USAGE, "%s --%s needs a terminal on standard input (as virsh console does)",
				    verb->name, (*o)->name);
	for (const struct operand_def *o = row->operands; o && o->name; o++) {
		const char *path = o->reads_file ? request_operand_str(req, o) : NULL;
		struct stat st;
		if (path && stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
			char *q = msg_quote(path); /* a FIFO or a device would block the reader */
			int rc = fail(VM_EXIT_USAGE, "cannot %s from %s: not a regular file", verb->name, q);
			free(q);
			return rc;
		}
	}
	return 0;
}

/* ---- the entry point ---- */

int verb_act(struct globals *g, const struct verb_def *verb, struct vm_request *req)
{
	int rc = preflight(g, verb, req);
	if (rc)
		return rc;
	if (verb->returns == RET_STATUS)
		report_exec_mode(true); /* from here on vmctl's own failures are 125 */
	bool bulk = req->all;
	size_t nuris = g->arg_uris.n;
	enum vm_backend_id chosen = verb->goes == GOES_RESOURCES ? BACKEND_LIBVIRT : g->arg_backend;
	if (nuris > 0 && chosen == BACKEND_NONE)
		chosen = BACKEND_LIBVIRT; /* -c is a libvirt URI */
	if (nuris > 0 && chosen != BACKEND_LIBVIRT && chosen != BACKEND_OPENVZ)
		return fail(VM_EXIT_USAGE, "-c names a libvirt URI; it does not go with -b %s", vm_backend_name(chosen));

	if (nuris > 1) {
		/* events and top merge the hosts' streams; a guest verb finds the
		 * one host that has the guest; list and the record lists merge the
		 * hosts; the rest need one host */
		bool streams = verb->id == VERB_EVENTS || verb->id == VERB_TOP;
		bool finds = !streams && !bulk && req->guest && verb->goes == GOES_GUEST && verb->returns != RET_GUESTS;
		if (!verb->several_hosts && !bulk && !finds) {
			char which[256] = "";
			for (size_t i = 0; i < verb_table_len; i++)
				if (verb_table[i].several_hosts)
					snprintf(which + strlen(which), sizeof(which) - strlen(which), "%s, ", verb_table[i].name);
			which[strlen(which) ? strlen(which) - 2 : 0] = '\0';
			return fail(VM_EXIT_USAGE,
				    "'%s' acts on one host: give one -c (several hosts take %s, a guest verb and --all)",
				    verb->name, which);
		}
		struct target *t = xcalloc(nuris, sizeof(*t));
		for (size_t i = 0; i < nuris; i++)
			t[i] = (struct target){ chosen, g->arg_uris.v[i] };
		if (verb->id == VERB_EVENTS)
			rc = events_many(g, verb, req, t, nuris);
		else if (verb->id == VERB_TOP)
			rc = top_many(g, verb, req, t, nuris);
		else if (bulk)
			rc = act_bulk(g, verb, req, t, nuris, true);
		else
			rc = finds ? act_find(g, verb, req, t, nuris) : act_many(g, verb, req, t, nuris, true);
		free(t);
		return rc;
	}
	if (chosen != BACKEND_NONE) {
		struct target t = { chosen, nuris ? g->arg_uris.v[0] : NULL };
		return bulk ? act_bulk(g, verb, req, &t, 1, false) : act_one(g, verb, req, &t);
	}

	/* discovery: no -b, no -c, no default */
	if (verb->returns == RET_GUESTS || bulk) {
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
	if (!req->guest || verb->goes == GOES_NEW) {
		struct target t = { guestless_backend(req), NULL };
		return act_one(g, verb, req, &t);
	}
	struct target t;
	rc = discover(g, req, &t);
	return rc ? rc : act_one(g, verb, req, &t);
}
