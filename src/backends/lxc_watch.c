/* lxc_watch.c: wait and events on containers (one stream function for both).
 *
 * liblxc 5.0 has no public monitor API.  What it has is c->wait(c, STATES,
 * TIMEOUT), which works like this (src/lxc/state.c, lxc_wait(), and
 * commands.c, lxc_cmd_add_state_client()):
 *   - it connects to the container's command socket (the abstract socket of
 *     its monitor process, lxc-start) and registers as a "state client" for
 *     STATES; when the container is already in one of them, the monitor
 *     answers at once; otherwise it pushes the next state of STATES it enters
 *     (freeze, unfreeze, stop, start all notify the monitor) and closes the
 *     connection.  The recv() waits TIMEOUT seconds (SO_RCVTIMEO), -1 forever.
 *   - a container that is not running has no monitor: the connect is refused;
 *     when STOPPED is among STATES that counts as reached, otherwise lxc_wait
 *     sleeps one second and tries again (TIMEOUT counts these tries).  So a
 *     start is seen up to one second late: liblxc polls a stopped container
 *     once a second (and that poll is what an idle wait or events costs:
 *     about 0.13 ms of CPU a second per stopped container, measured).
 *   - wait() returns only true or false: which state was reached is read
 *     afterwards with c->state().
 *
 * So: one thread per container, looping over "any state but the one it was
 * last seen in", in slices of WAIT_SLICE_S seconds; it sends what it saw
 * through a pipe to the calling thread, which poll()s that pipe, an inotify
 * descriptor on the lxcpath and its container directories (containers
 * created and destroyed: a config file appearing or going, `partial` and
 * vmctl's markers meaning "not yet"), and stop->fd, and emits from there.
 *
 * Ending: a thread blocked inside liblxc cannot be woken (lxc_recv_nointr
 * retries on EINTR, and cancelling it inside liblxc would skip its cleanup).
 * When the stream stops, the calling thread tells the threads to quit and
 * returns at once; each thread ends when its current slice does (at most
 * WAIT_SLICE_S seconds later: the module is never unloaded, RTLD_NODELETE),
 * and the last one out frees what they share, so nothing leaks while the
 * process lives on (a batch of waits).  At exit, threads still in a slice are
 * simply ended with the process; what they hold is reachable from their
 * stacks. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_util.h"
#include "lxc_internal.h"
#include "quote.h"

/* How long one wait() lasts: bounds how long a thread outlives its stream
 * (a batch of waits leaves threads behind that long), and costs one
 * registration with a running container's monitor per slice (measured:
 * about 0.3 ms of CPU each; bench/lxc_watch.py). */
#define WAIT_SLICE_S 30

/* liblxc's states, in its own order (lxc_state_t). */
enum { ST_STOPPED, ST_STARTING, ST_RUNNING, ST_STOPPING, ST_ABORTING, ST_FREEZING, ST_FROZEN, ST_THAWED, ST_N };
static const char *const st_names[ST_N] = { "STOPPED",  "STARTING", "RUNNING", "STOPPING",
					     "ABORTING", "FREEZING", "FROZEN",  "THAWED" };

static int st_index(const char *s)
{
	for (int i = 0; s && i < ST_N; i++)
		if (strcmp(s, st_names[i]) == 0)
			return i;
	return -1;
}

/* The event of a change from prev to now (vmctl(1)'s LXC mapping), or NULL
 * for a change that is no event: STARTING and FREEZING (on the way),
 * RUNNING after THAWED (already resumed), RUNNING or THAWED after FREEZING
 * (a freeze that failed: nothing was suspended). */
static const char *event_of(int prev, int now)
{
	switch (now) {
	case ST_STOPPED:
		return "stopped";
	case ST_RUNNING:
		if (prev == ST_STOPPED || prev == ST_STARTING)
			return "started";
		return prev == ST_FROZEN ? "resumed" : NULL;
	case ST_THAWED:
		return prev == ST_FROZEN ? "resumed" : NULL;
	case ST_FROZEN:
		return "suspended";
	case ST_STOPPING:
	case ST_ABORTING:
		return prev == ST_STOPPING || prev == ST_ABORTING ? NULL : "shutdown";
	default:
		return NULL;
	}
}

/* ---- what the threads share ----------------------------------------- */

/* One message a change: written whole (< PIPE_BUF: atomic). */
struct change {
	char name[256];
	signed char prev, now;
};

struct hub {
	pthread_mutex_t lock;
	int refs;                /* the calling thread's and one per watcher */
	int rd, wr;              /* the pipe of changes */
	atomic_int stopping;
};

struct watcher {
	struct hub *hub;
	struct lxc_container *c;
	int refs;                /* under hub->lock: the thread's and the table's */
	atomic_int quit;
	int last;                /* the thread's own: the state last seen */
};

static void hub_put(struct hub *h)
{
	pthread_mutex_lock(&h->lock);
	int left = --h->refs;
	pthread_mutex_unlock(&h->lock);
	if (left)
		return;
	close(h->rd);
	close(h->wr);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

static void watcher_put(struct watcher *w)
{
	struct hub *h = w->hub;
	pthread_mutex_lock(&h->lock);
	int left = --w->refs;
	pthread_mutex_unlock(&h->lock);
	if (left)
		return;
	lxc_container_put(w->c);
	free(w);
	hub_put(h);
}

static void *watch_thread(void *arg)
{
	struct watcher *w = arg;
	struct hub *h = w->hub;
	while (!atomic_load(&w->quit) && !atomic_load(&h->stopping)) {
		char want[96] = "";
		for (int i = 0; i < ST_N; i++)
			if (i != w->last)
				snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s", *want ? "|" : "",
					 st_names[i]);
		double t0 = now();
		bool hit = w->c->wait(w->c, want, WAIT_SLICE_S);
		if (atomic_load(&w->quit) || atomic_load(&h->stopping))
			break;
		if (!hit) {
			/* a slice ended: nothing changed (a change between two
			 * slices is in the next one's set: it returns at once) */
			if (now() - t0 >= 0.5)
				continue;
			/* liblxc failed at once (a refused command, a monitor
			 * gone in between): never a spin; look at the state */
			sleep_ms(1000);
		}
		int s = st_index(w->c->state(w->c));
		if (s < 0 || s == w->last)
			continue;
		struct change m = { .prev = (signed char)w->last, .now = (signed char)s };
		snprintf(m.name, sizeof(m.name), "%s", w->c->name);
		w->last = s;
		ssize_t n = write(h->wr, &m, sizeof(m));
		(void)n; /* full (nobody reads any more): the change is dropped */
	}
	watcher_put(w);
	return NULL;
}

/* ---- the table of containers (calling thread only) ------------------- */

struct entry {
	char *name;
	int defined;             /* its config there, complete (2: during a pass, not seen yet) */
	struct watcher *w;       /* NULL: not watched (not yet, or gone) */
};

struct table {
	struct vm_conn *conn;
	const char *only;        /* wait, or events GUEST: that container only */
	struct hub *hub;
	int ino;
	struct entry *v;
	size_t n;
};

static struct entry *find(struct table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

/* A watcher thread for c (taken over), last seen in state s. */
static int watch_start(struct table *t, struct entry *e, struct lxc_container *c, int s, struct vm_error *err)
{
	struct watcher *w = xcalloc(1, sizeof(*w));
	w->hub = t->hub;
	w->c = c;
	w->last = s;
	w->refs = 2;
	pthread_mutex_lock(&t->hub->lock);
	t->hub->refs++;
	pthread_mutex_unlock(&t->hub->lock);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_t tid;
	int rc = pthread_create(&tid, &attr, watch_thread, w);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		w->refs = 1;
		watcher_put(w);
		return cannot(err, VM_EXIT_FAILED, "watch", e->name, "cannot start a thread: %s", strerror(rc));
	}
	e->w = w;
	return 0;
}

static void watch_end(struct entry *e)
{
	if (!e->w)
		return;
	atomic_store(&e->w->quit, 1);
	watcher_put(e->w);
	e->w = NULL;
}

static bool file_there(const char *dir, const char *name, const char *file)
{
	char *p = xasprintf("%s/%s/%s", dir, name, file);
	struct stat sb;
	bool there = stat(p, &sb) == 0;
	free(p);
	return there;
}

/* Defined: its config is there and no create is still at work on it
 * (liblxc's `partial` file, vmctl's marker). */
static bool is_defined(struct table *t, const char *name)
{
	return file_there(t->conn->lxcpath, name, "config") && !file_there(t->conn->lxcpath, name, "partial") &&
	       lx_marked(t->conn->lxcpath, name, NULL, 0) == LX_MARK_NONE;
}

static void emit_change(void (*emit)(void *, const struct vm_record *), void *ctx, const char *name,
			const char *event, enum vm_state st)
{
	struct vm_record r = { 0 };
	vm_record_add(&r, "guest", "%s", name);
	vm_record_add(&r, "event", "%s", event);
	vm_record_add(&r, "state", "%s", vm_state_name(st));
	vm_record_add(&r, "reason", "%s", "");
	emit(ctx, &r);
	vm_record_clear(&r);
}

/* The container's state now, and a watcher on it; -1 with err. */
static int adopt(struct table *t, struct entry *e, int *state, struct vm_error *err)
{
	struct lxc_container *c = lx_open_container(e->name, t->conn->lxcpath, err);
	if (!c)
		return -1;
	int s = st_index(c->state(c));
	*state = s < 0 ? ST_STOPPED : s;
	return watch_start(t, e, c, *state, err);
}

/* The state of NAME read now, through a handle of the calling thread's own
 * (the watcher's is its thread's). */
static int state_now(struct table *t, const char *name)
{
	struct lxc_container *c = lx_open_container(name, t->conn->lxcpath, NULL);
	int s = c ? st_index(c->state(c)) : -1;
	if (c)
		lxc_container_put(c);
	return s < 0 ? ST_STOPPED : s;
}

/* NAME's config went: undefined, unless it still runs (a container that
 * runs outlives its config; its watcher stays and reports its stop). */
static void gone(struct table *t, struct entry *e, void (*emit)(void *, const struct vm_record *), void *ctx)
{
	if (state_now(t, e->name) != ST_STOPPED)
		return;
	watch_end(e);
	if (emit)
		emit_change(emit, ctx, e->name, "undefined", VM_STATE_SHUTOFF);
}

/* One pass over the lxcpath: containers defined and undefined since the
 * last pass (emitted when emit is not NULL), each directory watched. */
static int rescan(struct table *t, void (*emit)(void *, const struct vm_record *), void *ctx, struct vm_error *err)
{
	DIR *d = opendir(t->conn->lxcpath);
	for (size_t i = 0; i < t->n; i++)
		t->v[i].defined = t->v[i].defined ? 2 : 0; /* 2: not seen yet in this pass */
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		if (t->only && strcmp(de->d_name, t->only) != 0)
			continue;
		char *dir = xasprintf("%s/%s", t->conn->lxcpath, de->d_name);
		inotify_add_watch(t->ino, dir, IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR);
		free(dir);
		bool def = is_defined(t, de->d_name);
		struct entry *e = find(t, de->d_name);
		if (!e && !def)
			continue;
		if (!e) {
			t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
			e = &t->v[t->n++];
			*e = (struct entry){ .name = xstrdup(de->d_name) };
		}
		bool was = e->defined != 0;
		e->defined = def;
		if (def && !was) {
			int s = ST_STOPPED;
			if (e->w)
				s = state_now(t, e->name);
			else if (adopt(t, e, &s, err) < 0) {
				closedir(d);
				return -1;
			}
			if (emit)
				emit_change(emit, ctx, e->name, "defined", lx_map_state(st_names[s]));
		}
		if (!def && was)
			gone(t, e, emit, ctx);
	}
	if (d)
		closedir(d);
	/* entries whose directory went */
	for (size_t i = 0; i < t->n; i++) {
		struct entry *e = &t->v[i];
		if (e->defined != 2)
			continue;
		e->defined = 0;
		gone(t, e, emit, ctx);
	}
	return 0;
}

static void table_clear(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		watch_end(&t->v[i]);
		free(t->v[i].name);
	}
	free(t->v);
}

/* Drains the inotify descriptor; whatever it said, one rescan follows. */
static void drain(int fd)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

int lx_watch(struct vm_conn *conn, const struct vm_request *req, void (*emit)(void *, const struct vm_record *),
	     void *ctx, struct vm_stop *stop, struct vm_error *err)
{
	bool waiting = req->verb == VERB_WAIT;
	struct table t = { .conn = conn, .only = req->guest };
	struct lxc_container *first = NULL;
	if (req->guest) {
		first = lx_lookup(conn, req->guest, err);
		if (!first)
			return -1;
	}
	int rc = -1, fds[2] = { -1, -1 };
	t.ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (t.ino < 0 || pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
		cannot(err, VM_EXIT_FAILED, "watch", req->guest, "%s: %s", t.ino < 0 ? "inotify" : "pipe", strerror(errno));
		if (t.ino >= 0)
			close(t.ino);
		if (first)
			lxc_container_put(first);
		return -1;
	}
	t.hub = xcalloc(1, sizeof(*t.hub));
	pthread_mutex_init(&t.hub->lock, NULL);
	t.hub->refs = 1;
	t.hub->rd = fds[0];
	t.hub->wr = fds[1];
	if (inotify_add_watch(t.ino, conn->lxcpath, IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR) <
	    0) {
		cannot(err, VM_EXIT_FAILED, "watch the containers in", NULL, "%s: %s", conn->lxcpath, strerror(errno));
		goto cleanup;
	}

	/* register first: the threads run before anything is reported */
	int present = ST_STOPPED;
	if (first) {
		/* a running container without a config is watched too */
		t.v = xcalloc(1, sizeof(*t.v));
		t.v[0] = (struct entry){ .name = xstrdup(req->guest), .defined = is_defined(&t, req->guest) };
		t.n = 1;
		int s = st_index(first->state(first));
		present = s < 0 ? ST_STOPPED : s;
		if (watch_start(&t, &t.v[0], first, present, err) < 0) {
			first = NULL;
			goto cleanup;
		}
		first = NULL;
	}
	if (rescan(&t, NULL, NULL, err) < 0)
		goto cleanup;
	if (waiting)
		emit_change(emit, ctx, req->guest, "present", lx_map_state(st_names[present]));

	while (!stop->flag) {
		struct pollfd p[3] = {
			{ .fd = stop->fd, .events = POLLIN },
			{ .fd = t.hub->rd, .events = POLLIN },
			{ .fd = t.ino, .events = POLLIN },
		};
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			cannot(err, VM_EXIT_FAILED, "watch", req->guest, "poll: %s", strerror(errno));
			goto cleanup;
		}
		struct change m;
		while (!stop->flag && read(t.hub->rd, &m, sizeof(m)) == (ssize_t)sizeof(m)) {
			m.name[sizeof(m.name) - 1] = '\0';
			const char *ev = event_of(m.prev, m.now);
			if (ev || waiting) /* wait sees every state, events only the events */
				emit_change(emit, ctx, m.name, ev ? ev : "", lx_map_state(st_names[(int)m.now]));
		}
		if (!stop->flag && (p[2].revents & POLLIN)) {
			drain(t.ino);
			if (rescan(&t, emit, ctx, err) < 0)
				goto cleanup;
		}
	}
	rc = 0;
cleanup:
	atomic_store(&t.hub->stopping, 1);
	table_clear(&t);
	close(t.ino);
	hub_put(t.hub);
	if (first)
		lxc_container_put(first);
	return rc;
}
