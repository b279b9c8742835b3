/* xen_watch.c: wait and events (one stream function) and top on Xen.
 *
 * What tells vmctl that a domain changed (libxl 4.17 has no event for a
 * domain appearing, nor for pause and unpause):
 *   - libxl's domain death events (libxl_evenable_domain_death, one per
 *     watched domid): a shutdown with its reason, and the death;
 *   - a xenstore watch on @introduceDomain and @releaseDomain: a domain
 *     introduced to xenstored, or shut down or destroyed;
 *   - while the stream runs, and only then, libxl_list_domain every 100 ms
 *     (XEN_WATCH_POLL_MS): the only way to see xl pause and xl unpause.
 * Each of them leads to the same thing: libxl_list_domain compared with
 * the states seen before, one record per change.  So a change is reported
 * once, by whichever source saw it first, with the state libxl reports
 * then.  libxl's file descriptors and timeouts join stop->fd and
 * xenstore's in one poll() (libxl_osevent_beforepoll/_afterpoll), so
 * nothing runs in another thread.
 *
 * Mapping (vmctl(1)): a new domain -> started (its state then: xl creates
 * a domain paused and unpauses it once built, so usually started paused,
 * then resumed running); p set -> suspended; p cleared -> resumed; shut
 * down (s) -> shutdown, reason poweroff, reboot, suspend (a save),
 * watchdog or soft_reset; shut down by a crash (c) -> crashed; dying (d)
 * or gone -> stopped, state shutoff (its name is free again then: libxl
 * removes the domain from xenstore before it asks Xen to destroy it).
 * Xen keeps no definitions: no defined, undefined or renamed.  Domain 0
 * is never reported (xen_open refuses it as a guest to wait for). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <xenstore.h>

#include "backend_util.h"
#include "xen_internal.h"

#define XEN_WATCH_POLL_MS 100

struct seen {
	uint32_t domid;
	char *name;               /* NULL until xenstore has it (a domain being built) */
	enum vm_state state;
	bool dead;                /* reported stopped (dying, not yet gone from the list) */
	bool listed;              /* in the latest libxl_list_domain */
	libxl_evgen_domain_death *death;
};

struct watcher {
	struct vm_conn *c;
	const char *only;         /* a guest's name, or NULL: every domain */
	struct seen *v;
	size_t n, cap;
	void (*emit)(void *ctx, const struct vm_record *r);
	void *ctx;
};

static void emit(struct watcher *w, const char *name, const char *event, enum vm_state st, const char *reason)
{
	struct vm_record r = { 0 };
	vm_record_add(&r, "guest", "%s", name);
	vm_record_add(&r, "event", "%s", event);
	vm_record_add(&r, "state", "%s", vm_state_name(st));
	vm_record_add(&r, "reason", "%s", reason);
	w->emit(w->ctx, &r);
	vm_record_clear(&r);
}

static bool wanted(const struct watcher *w, const struct seen *s)
{
	return s->name && (!w->only || strcmp(w->only, s->name) == 0);
}

static const char *shutdown_reason(libxl_shutdown_reason why)
{
	const char *s = libxl_shutdown_reason_to_string(why);
	return s ? s : "unknown";
}

/* The event of a change from s->state to what d says, or NULL for none. */
static const char *change(const struct seen *s, const libxl_dominfo *d, enum vm_state now, const char **reason)
{
	*reason = "";
	if (now == s->state)
		return NULL;
	switch (now) {
	case VM_STATE_PAUSED:
		*reason = "paused";
		return "suspended";
	case VM_STATE_RUNNING:
		*reason = "unpaused";
		return "resumed";
	case VM_STATE_CRASHED:
		*reason = "crash";
		return "crashed";
	case VM_STATE_STOPPING:
		if (!d->shutdown)
			return NULL;
		*reason = shutdown_reason(d->shutdown_reason);
		return "shutdown";
	default:
		return NULL;
	}
}

static void forget(struct watcher *w, size_t i)
{
	if (w->v[i].death)
		libxl_evdisable_domain_death(w->c->ctx, w->v[i].death);
	free(w->v[i].name);
	w->v[i] = w->v[--w->n];
}

/* A domain is followed (libxl's death events, records) once it has a name
 * the watch wants. */
static void follow(struct watcher *w, struct seen *s)
{
	if (!s->death && libxl_evenable_domain_death(w->c->ctx, s->domid, 0, &s->death) != 0)
		s->death = NULL; /* the 100 ms poll still sees it */
	xen_log_reset(&w->c->log);
}

/* libxl_list_domain against what was seen; quiet: the first look, which
 * reports nothing.  -1 with err filled when libxl fails. */
static int rescan(struct watcher *w, bool quiet, struct vm_error *err)
{
	int n = 0;
	libxl_dominfo *d = libxl_list_domain(w->c->ctx, &n);
	if (!d) {
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "lost Xen while watching: %s",
			     w->c->log.first[0] ? w->c->log.first : "libxl_list_domain failed");
		return -1;
	}
	for (size_t i = 0; i < w->n; i++)
		w->v[i].listed = false;
	for (int k = 0; k < n; k++) {
		if (d[k].domid == 0)
			continue;
		struct seen *s = NULL;
		for (size_t i = 0; i < w->n && !s; i++)
			if (w->v[i].domid == d[k].domid)
				s = &w->v[i];
		enum vm_state now = d[k].dying ? VM_STATE_SHUTOFF : xen_dom_state(&d[k]);
		if (!s) {
			if (w->n == w->cap) {
				w->cap = w->cap ? 2 * w->cap : 16;
				w->v = xrealloc(w->v, w->cap * sizeof(*w->v));
			}
			s = &w->v[w->n++];
			memset(s, 0, sizeof(*s));
			s->domid = d[k].domid;
			s->state = VM_STATE_UNKNOWN;
		}
		s->listed = true;
		if (s->dead)
			continue;
		if (!s->name) {
			s->name = libxl_domid_to_name(w->c->ctx, s->domid);
			if (!s->name)
				continue; /* being built: next time */
			if (!wanted(w, s))
				continue;
			follow(w, s);
			s->state = now;
			s->dead = now == VM_STATE_SHUTOFF;
			if (!quiet && !s->dead)
				emit(w, s->name, "started", now, "");
			continue;
		}
		if (!wanted(w, s))
			continue;
		if (now == VM_STATE_SHUTOFF) {
			s->dead = true;
			emit(w, s->name, "stopped", VM_STATE_SHUTOFF,
			     d[k].shutdown ? shutdown_reason(d[k].shutdown_reason) : "destroyed");
			continue;
		}
		const char *reason, *ev = change(s, &d[k], now, &reason);
		s->state = now;
		if (ev)
			emit(w, s->name, ev, now, reason);
	}
	for (size_t i = 0; i < w->n;) {
		struct seen *s = &w->v[i];
		if (s->listed) {
			i++;
			continue;
		}
		if (!s->dead && wanted(w, s))
			emit(w, s->name, "stopped", VM_STATE_SHUTOFF,
			     s->state == VM_STATE_CRASHED ? "crash" : s->state == VM_STATE_STOPPING ? "shutdown" : "destroyed");
		forget(w, i);
	}
	libxl_dominfo_list_free(d, n);
	xen_log_reset(&w->c->log);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The loop: stop->fd, xenstore's fd and libxl's in one poll(). */
static int watch_loop(struct watcher *w, struct xs_handle *xs, struct vm_stop *stop, struct vm_error *err)
{
	size_t cap = 16;
	struct pollfd *fds = xcalloc(cap, sizeof(*fds));
	long long next = now_ms() + XEN_WATCH_POLL_MS;
	int rc = 0;
	while (!stop->flag && rc == 0) {
		fds[0] = (struct pollfd){ .fd = stop->fd, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = xs_fileno(xs), .events = POLLIN };
		long long left = next - now_ms();
		int timeout = left < 0 ? 0 : (int)left;
		int nl = (int)(cap - 2);
		struct timeval tv;
		gettimeofday(&tv, NULL);
		int lrc = libxl_osevent_beforepoll(w->c->ctx, &nl, fds + 2, &timeout, tv);
		if (lrc == ERROR_BUFFERFULL) {
			cap = (size_t)nl + 2;
			fds = xrealloc(fds, cap * sizeof(*fds));
			continue;
		}
		if (lrc) {
			rc = xen_fail(w->c, err, VM_EXIT_UNAVAILABLE, lrc, "watch", w->only ? w->only : "the domains");
			break;
		}
		int p = poll(fds, (nfds_t)nl + 2, timeout);
		if (p < 0 && errno != EINTR) {
			vm_error_set(err, VM_EXIT_FAILED, "poll: %s", strerror(errno));
			rc = -1;
			break;
		}
		gettimeofday(&tv, NULL);
		libxl_osevent_afterpoll(w->c->ctx, nl, fds + 2, tv);
		if (stop->flag)
			break;
		bool look = false;
		libxl_event *ev;
		while (libxl_event_check(w->c->ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL) == 0) {
			look = true; /* a shutdown or a death: the list tells which, with its reason */
			libxl_event_free(w->c->ctx, ev);
		}
		if (p > 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			char **v;
			while ((v = xs_check_watch(xs)) != NULL) {
				look = true; /* @introduceDomain or @releaseDomain */
				free(v);
			}
			if (errno != EAGAIN) {
				vm_error_set(err, VM_EXIT_UNAVAILABLE, "lost the connection to xenstored while watching: %s",
					     strerror(errno));
				rc = -1;
				break;
			}
		}
		if (now_ms() >= next) {
			look = true; /* pause and unpause: nothing else tells */
			next = now_ms() + XEN_WATCH_POLL_MS;
		}
		if (look)
			rc = rescan(w, false, err);
	}
	free(fds);
	return rc;
}

int xen_watch(struct vm_conn *c, const struct vm_request *req, void (*emit_fn)(void *ctx, const struct vm_record *r),
	      void *ctx, struct vm_stop *stop, struct vm_error *err)
{
	struct watcher w = { .c = c, .emit = emit_fn, .ctx = ctx };
	struct xen_guest g = { .domid = XEN_NO_DOMID };
	struct xs_handle *xs = xs_open(0);
	if (!xs) {
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "cannot connect to xenstored: %s", strerror(errno));
		return -1;
	}
	int rc = -1;
	/* registered first: what changes from here on is seen */
	if (!xs_watch(xs, "@introduceDomain", "i") || !xs_watch(xs, "@releaseDomain", "r")) {
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "cannot watch xenstore: %s", strerror(errno));
		goto out;
	}
	if (req->guest) {
		if (xen_lookup(c, req->guest, &g, err) < 0)
			goto out;
		w.only = g.name;
	}
	if (rescan(&w, true, err) < 0)
		goto out;
	if (req->verb == VERB_WAIT) {
		enum vm_state st = VM_STATE_SHUTOFF; /* the .cfg only: Xen keeps no definitions */
		for (size_t i = 0; i < w.n; i++)
			if (wanted(&w, &w.v[i]) && !w.v[i].dead)
				st = w.v[i].state;
		emit(&w, g.name, "present", st, "");
	}
	rc = watch_loop(&w, xs, stop, err);
out:
	while (w.n)
		forget(&w, w.n - 1);
	free(w.v);
	xen_guest_clear(&g);
	xs_close(xs);
	return rc;
}
