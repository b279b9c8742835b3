/* libvirt_watch.c: wait and events, one stream over libvirt's default event
 * loop (registered in lv_open before connecting).  The loop sleeps in poll()
 * until libvirt has an event for us, the frontend writes to the stop pipe,
 * or the connection closes: nothing wakes up to look at a flag. */
#include <errno.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend_util.h"
#include "libvirt_internal.h"

struct watch {
	struct vm_conn *c;
	void (*emit)(void *ctx, const struct vm_record *r);
	void *ctx;
	struct vm_stop *stop;
	int lost;          /* -1 open, else the VIR_CONNECT_CLOSE_REASON_* it closed with */
};

/* One lifecycle event as vmctl names it: the event, the state after it
 * (VM_STATE__NONE: ask the guest), and libvirt's detail as the reason. */
struct mapped {
	const char *event;
	enum vm_state state;
	const char *reason;
};

static const char *pick(const char *const *names, size_t n, int detail)
{
	return detail >= 0 && (size_t)detail < n && names[detail] ? names[detail] : "";
}

#define PICK(names, detail) pick(names, ARRAY_SIZE(names), detail)

static struct mapped map_event(int event, int detail)
{
	static const char *const defined[] = { "added", "updated", "renamed", "from-snapshot" };
	static const char *const undefined[] = { "removed", "renamed" };
	static const char *const started[] = { "booted", "migrated", "restored", "from-snapshot", "wakeup" };
	static const char *const suspended[] = { "paused", "migrated", "ioerror", "watchdog", "restored",
						  "from-snapshot", "api-error", "postcopy", "postcopy-failed" };
	static const char *const resumed[] = { "unpaused", "migrated", "from-snapshot", "postcopy", "postcopy-failed" };
	static const char *const stopped[] = { "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
					       "from-snapshot" };
	static const char *const shutdown[] = { "finished", "guest", "host" };
	static const char *const pmsuspended[] = { "memory", "disk" };
	static const char *const crashed[] = { "panicked", "crashloaded" };
	switch (event) {
	case VIR_DOMAIN_EVENT_DEFINED:
		if (detail == VIR_DOMAIN_EVENT_DEFINED_RENAMED) /* libvirt renames only inactive guests */
			return (struct mapped){ "renamed", VM_STATE_SHUTOFF, PICK(defined, detail) };
		return (struct mapped){ "defined", VM_STATE__NONE, PICK(defined, detail) };
	case VIR_DOMAIN_EVENT_UNDEFINED:
		if (detail == VIR_DOMAIN_EVENT_UNDEFINED_RENAMED) /* the old name's half of a rename */
			return (struct mapped){ "renamed", VM_STATE_SHUTOFF, PICK(undefined, detail) };
		return (struct mapped){ "undefined", VM_STATE_SHUTOFF, PICK(undefined, detail) };
	case VIR_DOMAIN_EVENT_STARTED:
		if (detail == VIR_DOMAIN_EVENT_STARTED_WAKEUP) /* out of a PM suspend: the same guest goes on */
			return (struct mapped){ "resumed", VM_STATE_RUNNING, PICK(started, detail) };
		return (struct mapped){ "started", VM_STATE_RUNNING, PICK(started, detail) };
	case VIR_DOMAIN_EVENT_SUSPENDED:
		return (struct mapped){ "suspended", VM_STATE_PAUSED, PICK(suspended, detail) };
	case VIR_DOMAIN_EVENT_RESUMED:
		return (struct mapped){ "resumed", VM_STATE_RUNNING, PICK(resumed, detail) };
	case VIR_DOMAIN_EVENT_STOPPED:
		return (struct mapped){ "stopped", VM_STATE_SHUTOFF, PICK(stopped, detail) };
	case VIR_DOMAIN_EVENT_SHUTDOWN: /* the guest is going down; "stopped" follows */
		return (struct mapped){ "shutdown", VM_STATE_STOPPING, PICK(shutdown, detail) };
	case VIR_DOMAIN_EVENT_PMSUSPENDED:
		return (struct mapped){ "pmsuspended", VM_STATE_SUSPENDED, PICK(pmsuspended, detail) };
	case VIR_DOMAIN_EVENT_CRASHED: /* a crash kernel loaded: the guest runs on */
		return (struct mapped){ "crashed",
					detail == VIR_DOMAIN_EVENT_CRASHED_CRASHLOADED ? VM_STATE_RUNNING : VM_STATE_CRASHED,
					PICK(crashed, detail) };
	default:
		return (struct mapped){ NULL, VM_STATE_UNKNOWN, "" };
	}
}

static void emit(struct watch *w, const char *guest, const char *event, enum vm_state st, const char *reason)
{
	struct vm_record r = { 0 };
	vm_record_add(&r, "guest", "%s", guest);
	vm_record_add(&r, "event", "%s", event);
	vm_record_add(&r, "state", "%s", vm_state_name(st));
	vm_record_add(&r, "reason", "%s", reason);
	w->emit(w->ctx, &r);
	vm_record_clear(&r);
}

static int on_lifecycle(virConnectPtr conn, virDomainPtr d, int event, int detail, void *opaque)
{
	(void)conn;
	struct watch *w = opaque;
	struct mapped m = map_event(event, detail);
	if (!m.event || w->stop->flag)
		return 0;
	if (m.state == VM_STATE__NONE && lv_state(d, &m.state) < 0) /* defined: running or not */
		m.state = VM_STATE_UNKNOWN;
	emit(w, virDomainGetName(d), m.event, m.state, m.reason);
	/* A transient guest goes away when it stops, and libvirt says nothing
	 * more: the guest is asked for (one call per stop), and when it is gone
	 * the stop is followed by the undefined libvirt does not send. */
	if (event == VIR_DOMAIN_EVENT_STOPPED && !w->stop->flag && virDomainIsPersistent(d) < 0) {
		virErrorPtr e = virGetLastError();
		if (e && e->code == VIR_ERR_NO_DOMAIN)
			emit(w, virDomainGetName(d), "undefined", VM_STATE_SHUTOFF, "transient");
	}
	return 0;
}

static void on_close(virConnectPtr conn, int reason, void *opaque)
{
	(void)conn;
	struct watch *w = opaque;
	w->lost = reason;
}

/* The stop pipe is drained only while the stream goes on.  Once the flag
 * is set the byte stays: several streams of one process (events over
 * several hosts, a thread each) share libvirt's one event loop and this
 * pipe, and each of them must wake up to see the flag, not only the one
 * whose iteration read the byte. */
static void on_stop_fd(int watch, int fd, int events, void *opaque)
{
	(void)watch;
	(void)events;
	const struct vm_stop *stop = opaque;
	if (stop->flag)
		return;
	char buf[64];
	while (read(fd, buf, sizeof(buf)) > 0) /* the pipe is non-blocking: drain it */
		;
}

static const char *close_reason(int reason)
{
	switch (reason) {
	case VIR_CONNECT_CLOSE_REASON_ERROR:
		return "a read or write on the socket failed";
	case VIR_CONNECT_CLOSE_REASON_EOF:
		return "the daemon closed the connection";
	case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
		return "the daemon stopped answering keepalive messages";
	default:
		return "the connection was closed";
	}
}

/* Seconds between keepalive messages and how many may go unanswered: a
 * daemon that vanished without closing the socket is noticed within about
 * 5 * (3 + 1) s.  With several hosts the frontend passes --host-timeout as
 * the value "host-timeout": interval * (count + 1) then stays within it. */
#define KEEPALIVE_INTERVAL 5
#define KEEPALIVE_COUNT 3

static void keepalive_within(uint64_t bound, int *interval, unsigned *count)
{
	*interval = KEEPALIVE_INTERVAL;
	*count = KEEPALIVE_COUNT;
	if (!bound || bound >= KEEPALIVE_INTERVAL * (KEEPALIVE_COUNT + 1))
		return;
	*interval = bound >= 2 * (KEEPALIVE_COUNT + 1) ? (int)bound / (KEEPALIVE_COUNT + 1) : 1;
	uint64_t times = bound / (uint64_t)*interval; /* >= 1: count + 1 */
	*count = times - 1 < KEEPALIVE_COUNT ? (unsigned)(times - 1) : KEEPALIVE_COUNT;
}

int lv_watch(struct vm_conn *c, const struct vm_request *req, void (*emit_fn)(void *ctx, const struct vm_record *r),
	     void *ctx, struct vm_stop *stop, struct vm_error *err)
{
	struct watch w = { .c = c, .emit = emit_fn, .ctx = ctx, .stop = stop, .lost = -1 };
	virDomainPtr d = NULL;
	int cb = -1, fdw = -1, rc = -1;
	bool closecb = false;
	/* keepalive is for remote connections; a driver in this process (test:///)
	 * has none to offer and says so, which is fine.  Set before the first
	 * call, so that a daemon that stops answering during it is noticed. */
	int ka_interval;
	unsigned ka_count;
	keepalive_within(vm_value_num(req, "host-timeout", 0), &ka_interval, &ka_count);
	if (virConnectSetKeepAlive(c->conn, ka_interval, ka_count) < 0)
		virResetLastError();
	if (req->guest && !(d = lv_lookup(c, req->guest, err)))
		return -1;
	if (virConnectRegisterCloseCallback(c->conn, on_close, &w, NULL) == 0)
		closecb = true;
	else
		virResetLastError();
	cb = virConnectDomainEventRegisterAny(c->conn, d, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
					      VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), &w, NULL);
	if (cb < 0) {
		lv_fail(err, "watch the events of", req->guest);
		goto cleanup;
	}
	fdw = virEventAddHandle(stop->fd, VIR_EVENT_HANDLE_READABLE, on_stop_fd, stop, NULL);
	if (fdw < 0) {
		vm_error_set(err, VM_EXIT_FAILED, "cannot watch the stop pipe in libvirt's event loop");
		goto cleanup;
	}
	if (req->verb == VERB_WAIT) { /* registered first: no change can fall between this look and the events */
		int s, reason;
		if (virDomainGetState(d, &s, &reason, 0) < 0) {
			lv_fail(err, "read the state of", req->guest);
			goto cleanup;
		}
		emit(&w, virDomainGetName(d), "present", lv_map_state(s), "");
	}
	while (!stop->flag && w.lost < 0)
		if (virEventRunDefaultImpl() < 0) {
			lv_fail(err, "watch the events of", req->guest);
			goto cleanup;
		}
	if (w.lost >= 0 && !stop->flag) {
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "lost the connection to %s while watching: %s", c->uri,
			     close_reason(w.lost));
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (fdw >= 0)
		virEventRemoveHandle(fdw);
	if (cb >= 0 && w.lost < 0)
		virConnectDomainEventDeregisterAny(c->conn, cb);
	if (closecb)
		virConnectUnregisterCloseCallback(c->conn, on_close);
	if (d)
		virDomainFree(d);
	return rc;
}
