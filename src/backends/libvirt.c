/* libvirt.c: the libvirt backend module (vmctl-libvirt.so), through the
 * libvirt C API only.  Never prints: libvirt's own error printing is
 * silenced and its last error becomes the message of struct vm_error. */
#include <errno.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "backend_util.h"
#include "libvirt_internal.h"
#include "quote.h"
#include "uri.h"

/* This module's connection: the struct vm_conn that libvirt_devices.c and
 * libvirt_console.c share (libvirt_internal.h) first, then what only this
 * file uses.  lv_open makes every vm_conn of the module, so lvc() is safe. */
struct lv_conn {
	struct vm_conn c;
	virDomainPtr *listed; /* the last lv_list_states, sorted by name: bulk verbs act on these */
	int nlisted;
};

static struct lv_conn *lvc(struct vm_conn *c)
{
	return (struct lv_conn *)c;
}

static void quiet_errors(void *opaque, virErrorPtr e)
{
	(void)opaque;
	(void)e;
}

/* Maps libvirt error e to an exit code and fills err; returns -1. */
static int fail_from(virErrorPtr e, struct vm_error *err, const char *what, const char *guest)
{
	int code = VM_EXIT_FAILED;
	const char *msg = e && e->message ? e->message : "unknown libvirt error";
	if (e) {
		switch (e->code) {
		case VIR_ERR_NO_DOMAIN:
		case VIR_ERR_NO_DOMAIN_SNAPSHOT:
		case VIR_ERR_NO_STORAGE_POOL:
		case VIR_ERR_NO_STORAGE_VOL:
		case VIR_ERR_NO_NETWORK:
			code = VM_EXIT_NO_GUEST;
			break;
		case VIR_ERR_NO_SUPPORT:
			code = VM_EXIT_UNSUPPORTED;
			break;
		case VIR_ERR_INTERNAL_ERROR: /* "client socket is closed" */
			if (e->domain == VIR_FROM_RPC)
				code = VM_EXIT_UNAVAILABLE;
			break;
		case VIR_ERR_NO_CONNECT:
		case VIR_ERR_RPC:
		case VIR_ERR_SYSTEM_ERROR:
			if (e->domain == VIR_FROM_RPC || e->domain == VIR_FROM_REMOTE || !guest)
				code = VM_EXIT_UNAVAILABLE;
			break;
		default:
			break;
		}
		if (e->code == VIR_ERR_NO_DOMAIN_SNAPSHOT)
			code = VM_EXIT_FAILED;
	}
	return cannot(err, code, what, guest, "%s", msg);
}

bool lv_local(const struct vm_conn *c)
{
	const char *p = strstr(c->uri, "://");
	return !p || p[3] == '/';
}

/* Maps libvirt's last error to an exit code and fills err; returns -1. */
int lv_fail(struct vm_error *err, const char *what, const char *guest)
{
	return fail_from(virGetLastError(), err, what, guest);
}

int lv_fail_with(virErrorPtr e, struct vm_error *err, const char *what, const char *guest)
{
	return fail_from(e, err, what, guest);
}

/* libxml2 2.9 initialises itself on first use without a lock: two hosts
 * opened at once (fleet.c's threads, each reading XML inside libvirt)
 * could both make its global mutexes, and one would leak.  Done once here,
 * before any connection. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libvirt's event loop, registered once for the process: events over
 * several hosts opens them in threads of their own, at once. */
static pthread_once_t loop_once = PTHREAD_ONCE_INIT;
static int loop_rc;

static void register_loop(void)
{
	loop_rc = virEventRegisterDefaultImpl();
}

static int lv_open(const struct vm_request *req, bool readonly, struct vm_conn **out, struct vm_error *err)
{
	pthread_once(&xml_once, xmlInitParser);
	virSetErrorFunc(NULL, quiet_errors);
	if (virInitialize() < 0)
		return lv_fail(err, "initialise libvirt", NULL);
	/* a console stream, a live detach's wait for DEVICE_REMOVED and the
	 * lifecycle events of wait and events need libvirt's event loop,
	 * registered before connecting */
	if ((req->verb == VERB_CONSOLE || (req->verb == VERB_START && req->console) || req->verb == VERB_DISK_DETACH ||
	     req->verb == VERB_NIC_DETACH || req->verb == VERB_WAIT || req->verb == VERB_EVENTS) &&
	    (pthread_once(&loop_once, register_loop) != 0 || loop_rc < 0))
		return lv_fail(err, "start libvirt's event loop", NULL);
	const char *uri = req->uri;
	if (!uri && req->backend == BACKEND_OPENVZ)
		uri = "openvz:///system";
	virConnectPtr conn = readonly ? virConnectOpenReadOnly(uri) : virConnectOpen(uri);
	if (!conn) {
		virErrorPtr e = virGetLastError();
		char *shown = uri ? uri_redact(uri) : xstrdup("(default)");
		char *q = msg_quote(shown);
		free(shown);
		int code = VM_EXIT_UNAVAILABLE;
		/* refused, not absent: authentication, policy, or a socket we may not open */
		if (e && (e->code == VIR_ERR_AUTH_FAILED || e->code == VIR_ERR_AUTH_CANCELLED ||
			  e->code == VIR_ERR_OPERATION_DENIED ||
			  (e->code == VIR_ERR_SYSTEM_ERROR && (e->int1 == EACCES || e->int1 == EPERM))))
			code = VM_EXIT_FAILED;
		vm_error_set(err, code, "cannot connect to %s: %s", q,
			     e && e->message ? e->message : "unknown libvirt error");
		free(q);
		return -1;
	}
	struct lv_conn *lc = xcalloc(1, sizeof(*lc));
	struct vm_conn *c = &lc->c;
	c->conn = conn;
	char *actual = virConnectGetURI(conn);
	c->uri = uri ? uri_redact(uri) : xstrdup(actual ? actual : "(default)"); /* for messages */
	free(actual);
	*out = c;
	return 0;
}

static void forget_listed(struct lv_conn *lc)
{
	for (int i = 0; i < lc->nlisted; i++)
		virDomainFree(lc->listed[i]);
	free(lc->listed);
	lc->listed = NULL;
	lc->nlisted = 0;
}

static void lv_close(struct vm_conn *c)
{
	if (!c)
		return;
	forget_listed(lvc(c));
	lv_pool_forget(c);
	free(c->kind);
	free(c->domtype);
	free(c->arch);
	virConnectClose(c->conn);
	free(c->uri);
	free(lvc(c));
}

static int all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* As virsh: an all-digit operand is an id first, then a UUID, then a name. */
virDomainPtr lv_lookup(struct vm_conn *c, const char *guest, struct vm_error *err)
{
	virDomainPtr d = NULL;
	if (all_digits(guest) && strlen(guest) < 10)
		d = virDomainLookupByID(c->conn, atoi(guest));
	if (!d && strlen(guest) == 36)
		d = virDomainLookupByUUIDString(c->conn, guest);
	if (!d)
		d = virDomainLookupByName(c->conn, guest);
	if (!d) {
		virErrorPtr e = virGetLastError();
		if (e && e->code != VIR_ERR_NO_DOMAIN)
			return lv_fail(err, "find", guest), NULL;
		char *q = msg_quote(guest);
		vm_error_set(err, VM_EXIT_NO_GUEST, "no guest %s on %s", q, c->uri);
		free(q);
	}
	return d;
}

static int by_name_key(const void *key, const void *elem)
{
	return strcmp(*(const char *const *)key, virDomainGetName(*(virDomainPtr const *)elem));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(virDomainGetName(*(virDomainPtr const *)a), virDomainGetName(*(virDomainPtr const *)b));
}

/* A guest a bulk verb names (req->listed): exactly that name, from the
 * handles of the last lv_list_states when it is there (no call), else one
 * lookup by name.  Otherwise as lv_lookup. */
static virDomainPtr lookup_req(struct vm_conn *c, const struct vm_request *req, struct vm_error *err)
{
	if (!req->listed)
		return lv_lookup(c, req->guest, err);
	struct lv_conn *lc = lvc(c);
	if (lc->nlisted > 0) {
		virDomainPtr *hit = bsearch(&req->guest, lc->listed, (size_t)lc->nlisted, sizeof(*lc->listed), by_name_key);
		if (hit && virDomainRef(*hit) == 0)
			return *hit;
	}
	virDomainPtr d = virDomainLookupByName(c->conn, req->guest);
	if (!d) {
		virErrorPtr e = virGetLastError();
		if (e && e->code != VIR_ERR_NO_DOMAIN)
			return lv_fail(err, "find", req->guest), NULL;
		char *q = msg_quote(req->guest);
		vm_error_set(err, VM_EXIT_NO_GUEST, "no guest %s on %s", q, c->uri);
		free(q);
	}
	return d;
}

enum vm_state lv_map_state(int s)
{
	switch (s) {
	case VIR_DOMAIN_RUNNING:
	case VIR_DOMAIN_BLOCKED:
		return VM_STATE_RUNNING;
	case VIR_DOMAIN_PAUSED:
		return VM_STATE_PAUSED;
	case VIR_DOMAIN_SHUTDOWN:
		return VM_STATE_STOPPING;
	case VIR_DOMAIN_SHUTOFF:
		return VM_STATE_SHUTOFF;
	case VIR_DOMAIN_CRASHED:
		return VM_STATE_CRASHED;
	case VIR_DOMAIN_PMSUSPENDED:
		return VM_STATE_SUSPENDED;
	default:
		return VM_STATE_UNKNOWN;
	}
}

int lv_state(virDomainPtr d, enum vm_state *st)
{
	int s, reason;
	if (virDomainGetState(d, &s, &reason, 0) < 0)
		return -1;
	*st = lv_map_state(s);
	return 0;
}

/* For bulk verbs: names and states in one call, whatever the number of
 * guests; the handles are kept (sorted by name) for the verbs that follow,
 * so that acting on each guest is one call, with no lookup. */
static int lv_list_states(struct vm_conn *c, struct vm_guest_list *out, struct vm_error *err)
{
	struct lv_conn *lc = lvc(c);
	forget_listed(lc); /* a batch's earlier bulk verb; also before the fallback: no stale handles */
	virDomainStatsRecordPtr *stats = NULL;
	int n = virConnectGetAllDomainStats(c->conn, VIR_DOMAIN_STATS_STATE, &stats, 0);
	if (n < 0) /* no bulk stats in this driver: the guests are looked up by name */
		return lv_list(c, out, err);
	out->v = xcalloc(n ? (size_t)n : 1, sizeof(*out->v));
	out->n = (size_t)n;
	lc->listed = xcalloc(n ? (size_t)n : 1, sizeof(*lc->listed));
	for (int i = 0; i < n; i++) {
		struct vm_guest_info *g = &out->v[i];
		lv_fill_identity(stats[i]->dom, g);
		g->autostart = g->persistent = -1;
		int st = VIR_DOMAIN_NOSTATE;
		if (virTypedParamsGetInt(stats[i]->params, stats[i]->nparams, "state.state", &st) != 1 &&
		    virDomainGetState(stats[i]->dom, &st, &(int){ 0 }, 0) < 0)
			st = VIR_DOMAIN_NOSTATE;
		g->state = lv_map_state(st);
		if (virDomainRef(stats[i]->dom) == 0)
			lc->listed[lc->nlisted++] = stats[i]->dom;
	}
	virDomainStatsRecordListFree(stats);
	qsort(lc->listed, (size_t)lc->nlisted, sizeof(*lc->listed), by_name);
	return 0;
}

static int lv_start(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	unsigned flags = req->paused ? VIR_DOMAIN_START_PAUSED : 0;
	if (req->from) {
		char *xml = read_small_file(req->from, 0, NULL, err);
		if (!xml)
			return -1;
		virDomainPtr d = virDomainCreateXML(c->conn, xml, flags);
		free(xml);
		if (!d)
			return lv_fail(err, "start a guest from", req->from);
		note(res, "started transient guest '%s'", virDomainGetName(d));
		strvec_push(&res->names, virDomainGetName(d));
		virDomainFree(d);
		return 0;
	}
	virDomainPtr d = lookup_req(c, req, err);
	if (!d)
		return -1;
	int rc = 0;
	enum vm_state st;
	if (lv_state(d, &st) == 0 && st != VM_STATE_SHUTOFF && st != VM_STATE_CRASHED)
		already(res, "'%s' is already %s", req->guest, vm_state_name(st));
	else if (virDomainCreateWithFlags(d, flags) < 0)
		rc = lv_fail(err, "start", req->guest);
	virDomainFree(d);
	return rc;
}

static int lv_stop(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	virDomainPtr d = lookup_req(c, req, err);
	if (!d)
		return -1;
	int rc = -1;
	enum vm_state st;
	if (lv_state(d, &st) < 0) {
		lv_fail(err, "stop", req->guest);
		goto cleanup;
	}
	if (st == VM_STATE_SHUTOFF) {
		already(res, "'%s' is already %s", req->guest, vm_state_name(st));
		rc = 0;
		goto cleanup;
	}
	if (st == VM_STATE_PAUSED && virDomainResume(d) < 0) { /* vmctl(1): a paused guest is resumed first */
		lv_fail(err, "resume (before stopping)", req->guest);
		goto cleanup;
	}
	double t0 = now();
	/* libvirt's LXC driver: the default (initctl) mode does nothing for an
	 * init without /dev/initctl, so ask as virsh shutdown --mode signal does */
	const char *type = virConnectGetType(c->conn);
	unsigned mode = type && strcmp(type, "LXC") == 0 ? VIR_DOMAIN_SHUTDOWN_SIGNAL : 0;
	if (virDomainShutdownFlags(d, mode) < 0) {
		lv_fail(err, "stop", req->guest);
		goto cleanup;
	}
	if (req->timeout == 0 && !req->force) {
		rc = 0;
		goto cleanup;
	}
	for (bool last = false; !last; sleep_ms(100)) {
		last = now() - t0 >= req->timeout;
		if (lv_state(d, &st) < 0) {
			virErrorPtr e = virGetLastError();
			if (e && e->code == VIR_ERR_NO_DOMAIN) { /* a transient guest is gone once off */
				rc = 0;
				goto cleanup;
			}
			lv_fail(err, "stop", req->guest); /* the daemon gone: no point waiting */
			goto cleanup;
		}
		if (st == VM_STATE_SHUTOFF) {
			rc = 0;
			goto cleanup;
		}
	}
	if (req->force) {
		if (virDomainDestroy(d) < 0) {
			lv_fail(err, "kill (after the timeout)", req->guest);
			goto cleanup;
		}
		note(res, "'%s' did not stop within %u s: killed", req->guest, req->timeout);
		rc = 0;
		goto cleanup;
	}
	vm_error_set(err, VM_EXIT_FAILED, "'%s' did not stop within %u s and is still %s (--force kills it)",
		     req->guest, req->timeout, vm_state_name(st));
cleanup:
	virDomainFree(d);
	return rc;
}

/* kill, pause, resume: one call, idempotent on one state. */
static int simple(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err,
		  const char *what, enum vm_state done, int (*call)(virDomainPtr))
{
	virDomainPtr d = lookup_req(c, req, err);
	if (!d)
		return -1;
	int rc = 0;
	enum vm_state st;
	/* a listed guest was chosen for its state: act at once, and look at the
	 * state only if the call fails (it may have changed since) */
	if (!req->listed && lv_state(d, &st) == 0 && st == done) {
		already(res, "'%s' is already %s", req->guest, vm_state_name(st));
	} else if (call(d) < 0) {
		virErrorPtr e = virSaveLastError();
		/* someone else got there between our look and our call */
		if (lv_state(d, &st) == 0 && st == done) {
			already(res, "'%s' is already %s", req->guest, vm_state_name(st));
		} else {
			rc = fail_from(e, err, what, req->guest);
		}
		virFreeError(e);
	}
	virDomainFree(d);
	return rc;
}

static int lv_kill(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return simple(c, req, res, err, "kill", VM_STATE_SHUTOFF, virDomainDestroy);
}

static int lv_pause(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return simple(c, req, res, err, "pause", VM_STATE_PAUSED, virDomainSuspend);
}

static int lv_resume(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return simple(c, req, res, err, "resume", VM_STATE_RUNNING, virDomainResume);
}

static int reboot_call(virDomainPtr d)
{
	return virDomainReboot(d, 0);
}

static int lv_reboot(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return simple(c, req, res, err, "reboot", VM_STATE__NONE, reboot_call);
}

static unsigned affect(const struct vm_request *req)
{
	unsigned f = 0;
	if (req->live)
		f |= VIR_DOMAIN_AFFECT_LIVE;
	if (req->config)
		f |= VIR_DOMAIN_AFFECT_CONFIG;
	return f ? f : VIR_DOMAIN_AFFECT_CURRENT;
}

static int lv_vcpu_set(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = virDomainSetVcpusFlags(d, req->count, affect(req)) < 0 ? lv_fail(err, "set the vCPUs of", req->guest) : 0;
	virDomainFree(d);
	return rc;
}

static int lv_mem_set(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = virDomainSetMemoryFlags(d, (unsigned long)req->size_kib, affect(req)) < 0
		? lv_fail(err, "set the memory of", req->guest) : 0;
	virDomainFree(d);
	return rc;
}

static int lv_save(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	struct lv_progress *pr = lv_progress_start(req->progress, lv_probe_job, d);
	int rc = virDomainSave(d, req->path) < 0 ? lv_fail(err, "save", req->guest) : 0;
	lv_progress_end(pr, rc == 0);
	virDomainFree(d);
	return rc;
}

static int lv_restore(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	/* the guest being restored has no job to ask about (it does not exist
	 * until the restore is over): the start and the end only */
	struct lv_progress *pr = lv_progress_start(req->progress, NULL, NULL);
	int rc = virDomainRestore(c->conn, req->path) < 0 ? lv_fail(err, "restore from", req->path) : 0;
	lv_progress_end(pr, rc == 0);
	return rc;
}

static char *xml_escape(const char *s)
{
	char *out = xmalloc(strlen(s) * 6 + 1), *o = out;
	for (; *s; s++) {
		const char *r = NULL;
		switch (*s) {
		case '<': r = "&lt;"; break;
		case '>': r = "&gt;"; break;
		case '&': r = "&amp;"; break;
		case '\'': r = "&apos;"; break;
		case '"': r = "&quot;"; break;
		default: *o++ = *s; continue;
		}
		o = stpcpy(o, r);
	}
	*o = '\0';
	return out;
}

static int lv_snapshot(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	virDomainSnapshotPtr s = NULL;
	switch (req->snapshot_op) {
	case SNAPSHOT_CREATE: {
		char *name = req->snapshot ? xml_escape(req->snapshot) : NULL;
		char *xml = name ? xasprintf("<domainsnapshot><name>%s</name></domainsnapshot>", name)
				 : xstrdup("<domainsnapshot/>");
		struct lv_progress *pr = lv_progress_start(req->progress, lv_probe_job, d);
		s = virDomainSnapshotCreateXML(d, xml, 0);
		virErrorPtr e = s ? NULL : virSaveLastError();
		lv_progress_end(pr, s != NULL);
		free(xml);
		free(name);
		if (!s) {
			fail_from(e, err, "snapshot", req->guest);
			virFreeError(e);
			break;
		}
		strvec_push(&res->names, virDomainSnapshotGetName(s));
		rc = 0;
		break;
	}
	case SNAPSHOT_LIST: {
		virDomainSnapshotPtr *snaps = NULL;
		int n = virDomainListAllSnapshots(d, &snaps, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
		if (n < 0) {
			lv_fail(err, "list the snapshots of", req->guest);
			break;
		}
		for (int i = 0; i < n; i++) {
			strvec_push(&res->names, virDomainSnapshotGetName(snaps[i]));
			virDomainSnapshotFree(snaps[i]);
		}
		free(snaps);
		rc = 0;
		break;
	}
	case SNAPSHOT_REVERT:
	case SNAPSHOT_DELETE:
		s = virDomainSnapshotLookupByName(d, req->snapshot, 0);
		if (!s) {
			char *q = msg_quote(req->snapshot);
			char *g = msg_quote(req->guest);
			virErrorPtr e = virGetLastError();
			vm_error_set(err, VM_EXIT_FAILED, "guest %s has no snapshot %s: %s", g, q,
				     e && e->message ? e->message : "not found");
			free(q);
			free(g);
			break;
		}
		if (req->snapshot_op == SNAPSHOT_REVERT ? virDomainRevertToSnapshot(s, 0) < 0
							: virDomainSnapshotDelete(s, 0) < 0) {
			lv_fail(err, req->snapshot_op == SNAPSHOT_REVERT ? "revert" : "delete a snapshot of", req->guest);
			break;
		}
		rc = 0;
		break;
	}
	if (s)
		virDomainSnapshotFree(s);
	virDomainFree(d);
	return rc;
}

static int lv_migrate(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	char *dest = strstr(req->dest, "://") ? xstrdup(req->dest) : xasprintf("qemu+ssh://%s/system", req->dest);
	virConnectPtr dconn = virConnectOpen(dest);
	if (!dconn) {
		virErrorPtr e = virGetLastError();
		char *q = msg_quote(dest);
		vm_error_set(err, VM_EXIT_FAILED, "cannot migrate '%s': cannot connect to %s: %s", req->guest, q,
			     e && e->message ? e->message : "unknown libvirt error");
		free(q);
		goto cleanup;
	}
	unsigned flags = 0;
	if (req->live)
		flags |= VIR_MIGRATE_LIVE;
	if (req->unsafe)
		flags |= VIR_MIGRATE_UNSAFE;
	struct lv_progress *pr = lv_progress_start(req->progress, lv_probe_job, d);
	virDomainPtr moved = virDomainMigrate3(d, dconn, NULL, 0, flags);
	if (!moved)
		lv_fail(err, "migrate", req->guest);
	lv_progress_end(pr, moved != NULL);
	if (!moved)
		goto cleanup;
	virDomainFree(moved);
	rc = 0;
cleanup:
	if (dconn)
		virConnectClose(dconn);
	free(dest);
	virDomainFree(d);
	return rc;
}

/* vmctl host: which libvirt URIs answer here, with their drivers' versions. */
static void version_text(char *buf, size_t len, unsigned long v)
{
	snprintf(buf, len, "%lu.%lu.%lu", v / 1000000, v / 1000 % 1000, v % 1000);
}

static int lv_host(const struct vm_request *req, struct vm_host_section *s, struct vm_error *err)
{
	virSetErrorFunc(NULL, quiet_errors);
	if (virInitialize() < 0)
		return lv_fail(err, "initialise libvirt", NULL);
	unsigned long lib = 0;
	char v[32];
	if (virGetVersion(&lib, NULL, NULL) == 0) {
		version_text(v, sizeof(v), lib);
		host_fact(s, "client library", "libvirt %s", v);
	}
	const char *uris[] = { req->uri, "qemu:///system", "lxc:///system" };
	for (size_t i = 0; i < ARRAY_SIZE(uris); i++) {
		if (i > 0 && req->uri && strcmp(req->uri, uris[i]) == 0)
			continue;
		virConnectPtr c = virConnectOpenReadOnly(uris[i]);
		const char *key = uris[i] ? uris[i] : "default URI";
		if (!c) {
			virErrorPtr e = virGetLastError();
			host_fact(s, key, "unreachable: %s", e && e->message ? e->message : "unknown error");
			continue;
		}
		unsigned long hv = 0, dv = 0;
		char *actual = virConnectGetURI(c);
		const char *type = virConnectGetType(c);
		char hvs[32] = "?", dvs[32] = "?";
		if (virConnectGetVersion(c, &hv) == 0)
			version_text(hvs, sizeof(hvs), hv);
		if (virConnectGetLibVersion(c, &dv) == 0)
			version_text(dvs, sizeof(dvs), dv);
		host_fact(s, key, "reachable: %s %s, libvirt %s%s%s", type ? type : "?", hvs, dvs,
			  uris[i] ? "" : " at ", uris[i] ? "" : (actual ? actual : "?"));
		free(actual);
		virConnectClose(c);
		s->available = 1;
	}
	if (!s->available)
		s->reason = xstrdup("no libvirt URI answers");
	return 0;
}

static const struct backend_ops libvirt_backend = {
	.abi = VMCTL_BACKEND_ABI,
	.name = "libvirt",
	.open = lv_open,
	.close = lv_close,
	.list = lv_list,
	.info = lv_info,
	.act = {
		[VERB_START] = lv_start,
		[VERB_STOP] = lv_stop,
		[VERB_KILL] = lv_kill,
		[VERB_REBOOT] = lv_reboot,
		[VERB_PAUSE] = lv_pause,
		[VERB_RESUME] = lv_resume,
		[VERB_VCPU_SET] = lv_vcpu_set,
		[VERB_MEM_SET] = lv_mem_set,
		[VERB_CD_CHANGE] = lv_cd_change,
		[VERB_CONSOLE] = lv_console,
		[VERB_SAVE] = lv_save,
		[VERB_RESTORE] = lv_restore,
		[VERB_SNAPSHOT] = lv_snapshot,
		[VERB_MIGRATE] = lv_migrate,
		[VERB_POOL_CREATE] = lv_pool_create,
		[VERB_POOL_DELETE] = lv_pool_delete,
		[VERB_IMAGE_CREATE] = lv_image_create,
		[VERB_IMAGE_RESIZE] = lv_image_resize,
		[VERB_IMAGE_CONVERT] = lv_image_convert,
		[VERB_IMAGE_DELETE] = lv_image_delete,
		[VERB_NET_CREATE] = lv_net_create,
		[VERB_NET_DELETE] = lv_net_delete,
		[VERB_NET_START] = lv_net_start,
		[VERB_NET_STOP] = lv_net_start,
		[VERB_CREATE] = lv_create,
		[VERB_DELETE] = lv_delete,
		[VERB_AUTOSTART] = lv_autostart,
		[VERB_RENAME] = lv_rename,
		[VERB_DISK_ATTACH] = lv_disk_attach,
		[VERB_DISK_DETACH] = lv_disk_detach,
		[VERB_NIC_ATTACH] = lv_nic_attach,
		[VERB_NIC_DETACH] = lv_nic_detach,
		[VERB_VCPU_PIN] = lv_vcpu_pin,
	},
	.records = {
		[VERB_POOL_LIST] = lv_pool_list,
		[VERB_IMAGE_LIST] = lv_image_list,
		[VERB_IMAGE_INFO] = lv_image_info,
		[VERB_NET_LIST] = lv_net_list,
		[VERB_NET_INFO] = lv_net_info,
		[VERB_CONFIG] = lv_config,
		[VERB_DISK_LIST] = lv_disk_list,
		[VERB_NIC_LIST] = lv_nic_list,
		[VERB_VCPU_LIST] = lv_vcpu_list,
		[VERB_DISPLAY] = lv_display,
		[VERB_TOP] = lv_top,
	},
	.status = {
		[VERB_EXEC] = lv_exec,
	},
	.stream = {
		[VERB_WAIT] = lv_watch,
		[VERB_EVENTS] = lv_watch,
	},
	.host = lv_host,
	.list_states = lv_list_states,
};

__attribute__((visibility("default"))) const struct backend_ops *vmctl_backend_entry(unsigned abi);

const struct backend_ops *vmctl_backend_entry(unsigned abi)
{
	return abi == VMCTL_BACKEND_ABI ? &libvirt_backend : NULL;
}
