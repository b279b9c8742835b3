/* lxc.c: the lxc backend module (vmctl-lxc.so), through the liblxc C API
 * only (struct lxc_container and its methods): never an lxc-* tool, never a
 * shell.  This file holds the connection, lookup, states, info and list, the
 * life-cycle verbs, console, host and the ops table; the other files are
 * named in lxc_internal.h.  A container that an interrupted vmctl create or
 * delete left behind (its marker, lxc_define.c) counts as absent: list
 * leaves it out and lookup is exit 3 saying how to remove it.
 *
 * Never prints: liblxc logs nowhere until lxc_log_init() is called, which
 * this module never does, and the few lines it writes straight to stderr
 * are caught (see struct lx_hush).  Its failures reach the user only as the
 * message of struct vm_error, which the frontend prints: c->error_string
 * where liblxc sets it, else a reason read from the container's state, the
 * cgroup's errno or CRIU's log.
 *
 * Idempotency (vmctl(1), man/vmctl.1): start on a running or frozen
 * container, stop/kill on a stopped one, pause on a frozen one and resume on
 * a running one succeed with a note.  A verb that fails because another
 * process changed the state in the meantime (two vmctl at once) reads the
 * state again and succeeds with a note when the container ended where it
 * was asked to go. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <lxc/lxccontainer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "backend_util.h"
#include "lxc_internal.h"
#include "quote.h"

/* How long start waits for RUNNING, and reboot for the container to come
 * back: bounded, so that a container whose init never settles cannot hang
 * vmctl. */
#define START_WAIT_S 30
#define REBOOT_WAIT_S 60
/* After a kill: liblxc's stop() returns once the monitor got the request. */
#define KILL_WAIT_S 10

/* ---- reasons and notes ----------------------------------------------- */

const char *lx_why(const struct lxc_container *c, const char *ours)
{
	return c->error_string && *c->error_string ? c->error_string : ours;
}

/* "'web1' is already running", the name quoted as in errors. */
static void already_in(struct vm_result *res, const char *guest, const char *state)
{
	char *q = msg_quote(guest);
	already(res, "%s is already %s", q, state);
	free(q);
}

/* ---- states ---------------------------------------------------------- */

/* The LXC rows of the STATES table in man/vmctl.1. */
enum vm_state lx_map_state(const char *s)
{
	static const struct {
		const char *lxc;
		enum vm_state st;
	} map[] = {
		{ "STOPPED", VM_STATE_SHUTOFF },   { "STARTING", VM_STATE_STARTING },
		{ "RUNNING", VM_STATE_RUNNING },   { "THAWED", VM_STATE_RUNNING },
		{ "STOPPING", VM_STATE_STOPPING }, { "ABORTING", VM_STATE_STOPPING },
		{ "FREEZING", VM_STATE_PAUSED },   { "FROZEN", VM_STATE_PAUSED },
	};
	for (size_t i = 0; s && i < ARRAY_SIZE(map); i++)
		if (strcmp(s, map[i].lxc) == 0)
			return map[i].st;
	return VM_STATE_UNKNOWN;
}

enum vm_state lx_state(struct lxc_container *c)
{
	return lx_map_state(c->state(c));
}

/* ---- connection and lookup ------------------------------------------ */

void lx_trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

static int lx_open(const struct vm_request *req, bool readonly, struct vm_conn **out, struct vm_error *err)
{
	(void)readonly; /* liblxc has no read-only handle: -r is enforced by the frontend */
	const char *path = req->lxcpath ? req->lxcpath : lxc_get_global_config_item("lxc.lxcpath");
	if (!path || !*path)
		return vm_error_set(err, VM_EXIT_UNAVAILABLE,
				    "liblxc %s gives no lxcpath (lxc.lxcpath); pass one with -P DIR",
				    lxc_get_version());
	struct vm_conn *c = xcalloc(1, sizeof(*c));
	/* a daemonized start runs from '/': a relative lxcpath must not move */
	char *real = realpath(path, NULL);
	c->lxcpath = real ? real : xstrdup(path);
	*out = c;
	return 0;
}

static void lx_close(struct vm_conn *c)
{
	if (!c)
		return;
	free(c->lxcpath);
	free(c);
}

/* liblxc takes NAME as a directory of the lxcpath and checks nothing else:
 * "." would be the lxcpath itself and ".." its parent (destroying such a
 * "container" removes the directory).  The frontend already refuses '/',
 * control characters and empty names. */
int lx_check_name(const char *guest, struct vm_error *err)
{
	if (strcmp(guest, ".") == 0 || strcmp(guest, "..") == 0) {
		char *q = msg_quote(guest);
		vm_error_set(err, VM_EXIT_USAGE,
			     "invalid container name %s: liblxc would take it for the lxcpath%s, not a container",
			     q, guest[1] ? "'s parent directory" : " itself");
		free(q);
		return -1;
	}
	return 0;
}

/* liblxc writes a few failures straight to stderr, past its own logging:
 * lxc_container_new()'s "Failed to load config for NAME" and its lock and
 * memory errors.  The module never prints, so around such calls fd 2 points
 * to a memory file, whose last line then becomes the reason. */
void lx_hush_begin(struct lx_hush *h)
{
	fflush(stderr);
	h->fd = memfd_create("vmctl-lxc-stderr", MFD_CLOEXEC);
	h->saved = h->fd < 0 ? -1 : fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (h->saved >= 0 && dup2(h->fd, STDERR_FILENO) < 0) {
		close(h->saved);
		h->saved = -1;
	}
}

char *lx_hush_end(struct lx_hush *h)
{
	char buf[4096], *line = NULL;
	if (h->saved >= 0) {
		fflush(stderr);
		dup2(h->saved, STDERR_FILENO);
		close(h->saved);
		ssize_t n = pread(h->fd, buf, sizeof(buf) - 1, 0);
		if (n > 0) {
			buf[n] = '\0';
			lx_trim(buf);
			char *last = strrchr(buf, '\n');
			line = *buf ? xstrdup(last ? last + 1 : buf) : NULL;
		}
	}
	if (h->fd >= 0)
		close(h->fd);
	return line;
}

struct lxc_container *lx_open_container(const char *name, const char *lxcpath, struct vm_error *err)
{
	struct lx_hush h;
	lx_hush_begin(&h);
	errno = 0;
	struct lxc_container *c = lxc_container_new(name, lxcpath);
	int e = errno;
	char *said = lx_hush_end(&h);
	if (!c && err) {
		char *q = msg_quote(name);
		vm_error_set(err, VM_EXIT_FAILED, "liblxc cannot load container %s in %s: %s", q, lxcpath,
			     said ? said : e ? strerror(e) : "unknown error");
		free(q);
	}
	free(said);
	return c;
}

struct lxc_container *lx_lookup(struct vm_conn *conn, const char *guest, struct vm_error *err)
{
	if (lx_check_name(guest, err) < 0)
		return NULL;
	/* a create or delete interrupted, or at work: absent until it is done */
	char verb[16];
	enum lx_mark m = lx_marked(conn->lxcpath, guest, verb, sizeof(verb));
	if (m != LX_MARK_NONE) {
		lx_marked_error(conn->lxcpath, guest, m, verb, err);
		return NULL;
	}
	struct lxc_container *c = lx_open_container(guest, conn->lxcpath, err);
	if (!c)
		return NULL;
	if (!c->is_defined(c) && !c->is_running(c)) {
		char *q = msg_quote(guest);
		struct stat sb;
		vm_error_set(err, VM_EXIT_NO_GUEST, "no container %s in %s%s", q, conn->lxcpath,
			     stat(conn->lxcpath, &sb) == 0 ? "" : " (no such directory)");
		free(q);
		lxc_container_put(c);
		return NULL;
	}
	return c;
}

/* ---- info and list --------------------------------------------------- */

static int lx_info(struct vm_conn *conn, const struct vm_request *req, struct vm_guest_info *g, struct vm_error *err)
{
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	lx_fill_info(c, g, true);
	lxc_container_put(c);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct vm_guest_info *)a)->name, ((const struct vm_guest_info *)b)->name);
}

static int lx_list(struct vm_conn *conn, struct vm_guest_list *out, struct vm_error *err)
{
	char **names = NULL;
	struct stat sb;
	if (stat(conn->lxcpath, &sb) != 0 && errno == ENOENT)
		return 0; /* as lxc-ls: nothing there */
	/* names only: with containers, liblxc 5.0 fails the whole list when one
	 * config cannot be loaded; such a container is listed here as unknown */
	errno = 0;
	int n = list_all_containers(conn->lxcpath, &names, NULL);
	if (n < 0)
		return vm_error_set(err, VM_EXIT_FAILED, "cannot list the containers in %s: %s", conn->lxcpath,
				    errno ? strerror(errno) : "liblxc failed");
	out->v = xcalloc((size_t)n + 1, sizeof(*out->v));
	out->n = 0;
	for (int i = 0; i < n; i++) {
		/* half-created or half-deleted (a marker of lxc_define.c): absent */
		if (lx_marked(conn->lxcpath, names[i], NULL, 0) != LX_MARK_NONE) {
			free(names[i]);
			continue;
		}
		struct vm_guest_info *g = &out->v[out->n++];
		struct lxc_container *c = lx_open_container(names[i], conn->lxcpath, NULL);
		if (c) {
			lx_fill_info(c, g, false);
			lxc_container_put(c);
		} else {
			g->name = xstrdup(names[i]);
			g->id = -1;
			g->state = VM_STATE_UNKNOWN;
			g->autostart = g->persistent = -1;
			g->cpu_time = -1;
		}
		free(names[i]);
	}
	free(names);
	qsort(out->v, out->n, sizeof(*out->v), by_name);
	return 0;
}

/* ---- life cycle ------------------------------------------------------ */

static int lx_start(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	if (req->from)
		return vm_error_set(err, VM_EXIT_UNSUPPORTED,
				    "a container is started by name: liblxc cannot start one from a config file alone "
				    "(create it in the lxcpath, then vmctl -b lxc start NAME)");
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = lx_state(c);
	if (st != VM_STATE_SHUTOFF) {
		already_in(res, req->guest, vm_state_name(st));
		rc = 0;
		goto cleanup;
	}
	if (!c->is_defined(c)) {
		cannot(err, VM_EXIT_FAILED, "start", req->guest, "it has no config in %s", conn->lxcpath);
		goto cleanup;
	}
	c->want_daemonize(c, true);
	/* liblxc forks here: no buffered output may be written twice */
	fflush(NULL);
	bool ok = c->start(c, 0, NULL);
	if (ok && !c->wait(c, "RUNNING", START_WAIT_S)) {
		cannot(err, VM_EXIT_FAILED, "start", req->guest, "not running after %d s (state %s)", START_WAIT_S,
			c->state(c));
		goto cleanup;
	}
	if (!ok) {
		st = lx_state(c);
		if (st == VM_STATE_RUNNING || st == VM_STATE_PAUSED) {
			/* another process started it at the same time */
			already_in(res, req->guest, vm_state_name(st));
			rc = 0;
		} else {
			cannot(err, VM_EXIT_FAILED, "start", req->guest, "%s",
				lx_why(c, "liblxc could not start it (its reason goes to lxc.log.file when the config "
				      "sets one; lxc-start -F shows it)"));
		}
		goto cleanup;
	}
	if (req->paused && !c->freeze(c)) {
		cannot(err, VM_EXIT_FAILED, "pause", req->guest, "started, but %s",
			lx_why(c, "liblxc could not freeze it"));
		goto cleanup;
	}
	rc = 0;
cleanup:
	lxc_container_put(c);
	return rc;
}

bool lx_kill_now(struct lxc_container *c)
{
	return c->stop(c) && c->wait(c, "STOPPED", KILL_WAIT_S);
}

static int lx_stop(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = lx_state(c);
	if (st == VM_STATE_SHUTOFF) {
		already_in(res, req->guest, vm_state_name(VM_STATE_SHUTOFF));
		rc = 0;
		goto cleanup;
	}
	if (st == VM_STATE_PAUSED && !c->unfreeze(c)) { /* vmctl(1): a paused guest is resumed first */
		if (lx_state(c) != VM_STATE_SHUTOFF) {
			cannot(err, VM_EXIT_FAILED, "resume (before stopping)", req->guest, "%s",
				lx_why(c, "liblxc could not thaw it"));
			goto cleanup;
		}
	}
	bool force = req->force;
	if (force && req->timeout == 0) {
		if (!lx_kill_now(c) && lx_state(c) != VM_STATE_SHUTOFF) {
			cannot(err, VM_EXIT_FAILED, "kill", req->guest, "%s", lx_why(c, "liblxc could not stop it"));
			goto cleanup;
		}
		rc = 0;
		goto cleanup;
	}
	/* shutdown() sends lxc.signal.halt and, with a timeout, waits for STOPPED */
	if (c->shutdown(c, (int)req->timeout) || lx_state(c) == VM_STATE_SHUTOFF) {
		rc = 0;
		goto cleanup;
	}
	if (req->timeout == 0) {
		cannot(err, VM_EXIT_FAILED, "stop", req->guest, "%s",
			lx_why(c, "liblxc could not send it the halt signal"));
		goto cleanup;
	}
	if (force) {
		if (!lx_kill_now(c) && lx_state(c) != VM_STATE_SHUTOFF) {
			cannot(err, VM_EXIT_FAILED, "kill (after the timeout)", req->guest, "%s",
				lx_why(c, "liblxc could not stop it"));
			goto cleanup;
		}
		char *q = msg_quote(req->guest);
		note(res, "%s did not stop within %u s: killed", q, req->timeout);
		free(q);
		rc = 0;
		goto cleanup;
	}
	char *q = msg_quote(req->guest);
	vm_error_set(err, VM_EXIT_FAILED, "%s did not stop within %u s and is still %s (--force kills it)", q,
		     req->timeout, vm_state_name(lx_state(c)));
	free(q);
cleanup:
	lxc_container_put(c);
	return rc;
}

static int lx_kill(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = 0;
	if (lx_state(c) == VM_STATE_SHUTOFF)
		already_in(res, req->guest, vm_state_name(VM_STATE_SHUTOFF));
	else if (!lx_kill_now(c) && lx_state(c) != VM_STATE_SHUTOFF)
		rc = cannot(err, VM_EXIT_FAILED, "kill", req->guest, "%s", lx_why(c, "liblxc could not stop it"));
	lxc_container_put(c);
	return rc;
}

static int lx_reboot(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = lx_state(c);
	if (st == VM_STATE_SHUTOFF) {
		cannot(err, VM_EXIT_FAILED, "reboot", req->guest, "it is not running");
	} else if (st == VM_STATE_PAUSED) {
		/* a frozen init cannot take lxc.signal.reboot: reboot2 would time out */
		cannot(err, VM_EXIT_FAILED, "reboot", req->guest, "it is paused (frozen); resume it first");
	} else if (!c->reboot2(c, REBOOT_WAIT_S)) {
		st = lx_state(c);
		if (c->error_string && *c->error_string)
			cannot(err, VM_EXIT_FAILED, "reboot", req->guest, "%s", c->error_string);
		else if (st == VM_STATE_SHUTOFF)
			cannot(err, VM_EXIT_FAILED, "reboot", req->guest, "it stopped instead of rebooting");
		else
			cannot(err, VM_EXIT_FAILED, "reboot", req->guest, "it did not come back within %d s (state %s)",
				REBOOT_WAIT_S, vm_state_name(st));
	} else {
		rc = 0;
	}
	lxc_container_put(c);
	return rc;
}

/* liblxc's freeze() and unfreeze() on the cgroup-v1 freezer write the new
 * state once, then wait for it to read back with no bound (sleep(1) in a
 * loop): a resume by another process in between makes a pause wait forever
 * (seen with 16 vmctl processes pausing and resuming one container).  vmctl
 * processes therefore take turns, with an flock on the container's
 * directory, waited for a bounded time (a holder stuck in liblxc must not
 * stall everyone: after the bound, go on as before). */
#define FREEZE_LOCK_WAIT_MS 30000
static bool freeze_or_thaw(struct lxc_container *c, bool freeze)
{
	char *dir = NULL;
	int fd = -1;
	if (asprintf(&dir, "%s/%s", c->config_path, c->name) >= 0)
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	free(dir);
	for (int ms = 0; fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0 && ms < FREEZE_LOCK_WAIT_MS; ms += 10)
		sleep_ms(10);
	bool ok = freeze ? c->freeze(c) : c->unfreeze(c);
	if (fd >= 0)
		close(fd); /* drops the lock */
	return ok;
}

/* pause (freeze) and resume (unfreeze): one shape, two directions. */
static int freeze_thaw(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res,
		       struct vm_error *err, bool freeze)
{
	const char *verb = freeze ? "pause" : "resume";
	enum vm_state done = freeze ? VM_STATE_PAUSED : VM_STATE_RUNNING;
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = 0;
	enum vm_state st = lx_state(c);
	if (st == done)
		already_in(res, req->guest, vm_state_name(done));
	else if (st == VM_STATE_SHUTOFF)
		rc = cannot(err, VM_EXIT_FAILED, verb, req->guest, "%s", lx_why(c, "it is not running"));
	else if (!freeze_or_thaw(c, freeze) && lx_state(c) != done)
		rc = cannot(err, VM_EXIT_FAILED, verb, req->guest, "%s",
			    lx_why(c, lx_state(c) == VM_STATE_SHUTOFF ? "it is not running"
				   : freeze ? "liblxc could not freeze it" : "liblxc could not thaw it"));
	lxc_container_put(c);
	return rc;
}

static int lx_pause(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return freeze_thaw(conn, req, res, err, true);
}

static int lx_resume(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return freeze_thaw(conn, req, res, err, false);
}

/* ---- console --------------------------------------------------------- */

static int lx_console(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	if (!isatty(STDIN_FILENO))
		return vm_error_set(err, VM_EXIT_USAGE,
				    "console needs a terminal on standard input (run it from an interactive shell)");
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = 0;
	if (lx_state(c) == VM_STATE_SHUTOFF)
		rc = cannot(err, VM_EXIT_FAILED, "attach to the console of", req->guest, "it is not running");
	/* ttynum -1: the first free tty, as lxc-console; escape 1: Ctrl+a q */
	else if (c->console(c, -1, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO, 1) != 0)
		rc = cannot(err, VM_EXIT_FAILED, "attach to the console of", req->guest, "%s",
			    lx_why(c, "liblxc found no free tty (lxc.tty.max) or lost the connection"));
	lxc_container_put(c);
	return rc;
}

/* ---- tools liblxc runs ---------------------------------------------- */

/* liblxc runs criu (checkpoints) and rsync (copies of a directory rootfs)
 * itself; vmctl only looks for them first, so that a missing one is exit 4
 * naming it, not a bare failure. */
bool lx_in_path(const char *tool)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	char *dirs = xstrdup(path), *save = NULL;
	bool found = false;
	for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char *f = xasprintf("%s/%s", *d ? d : ".", tool);
		found = access(f, X_OK) == 0;
		free(f);
	}
	free(dirs);
	return found;
}

/* ---- host, and the ops table ---------------------------------------- */

/* vmctl host: liblxc's version, the lxcpath, the cgroup layout, privilege
 * and namespaces, read from this process and its host. */
static int lx_host(const struct vm_request *req, struct vm_host_section *s, struct vm_error *err)
{
	(void)err;
	const char *path = req->lxcpath ? req->lxcpath : lxc_get_global_config_item("lxc.lxcpath");
	struct stat st;
	struct statfs fs;
	host_fact(s, "liblxc", "%s", lxc_get_version());
	host_fact(s, "lxcpath", "%s (%s)", path ? path : "none", path && stat(path, &st) == 0 ? "exists" : "absent");
	const char *layout = "none";
	if (statfs("/sys/fs/cgroup", &fs) == 0) {
		struct statfs u;
		if ((unsigned long)fs.f_type == CGROUP2_SUPER_MAGIC)
			layout = "v2 (unified)";
		else if (statfs("/sys/fs/cgroup/unified", &u) == 0 && (unsigned long)u.f_type == CGROUP2_SUPER_MAGIC)
			layout = "hybrid (v1 controllers, v2 at /sys/fs/cgroup/unified)";
		else
			layout = "v1";
	}
	host_fact(s, "cgroups", "%s", layout);
	host_fact(s, "privileged", "%s", geteuid() == 0 ? "yes (root)" : "no: unprivileged containers need subuids");
	static const char *const ns[] = { "mnt", "uts", "ipc", "pid", "net", "user", "cgroup" };
	char have[96] = "";
	for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
		char p[32];
		snprintf(p, sizeof(p), "/proc/self/ns/%s", ns[i]);
		if (access(p, F_OK) == 0)
			snprintf(have + strlen(have), sizeof(have) - strlen(have), "%s%s", *have ? " " : "", ns[i]);
	}
	host_fact(s, "namespaces", "%s", have);
	s->available = strcmp(layout, "none") != 0 && strstr(have, "pid") && strstr(have, "mnt");
	if (!s->available)
		s->reason = xstrdup("no cgroup hierarchy or no pid/mount namespaces");
	return 0;
}

static const char *lx_unsupported(enum vm_verb verb)
{
	switch (verb) {
	case VERB_CD_CHANGE:
		return "a container has no CD drive";
	case VERB_VCPU_PIN:
		return "a container has no vCPUs: its tasks run on the host CPUs its cpuset allows (vmctl vcpu-set "
		       "chooses them, vcpu-list shows them)";
	case VERB_DISPLAY:
		return "a container has no graphical console (vmctl console attaches to its text console)";
	case VERB_MIGRATE:
		return "liblxc cannot move a container to another host (its migrate() only dumps and restores with CRIU)";
	default:
		return NULL;
	}
}

static const struct backend_ops lxc_backend = {
	.abi = VMCTL_BACKEND_ABI,
	.name = "lxc",
	.open = lx_open,
	.close = lx_close,
	.list = lx_list,
	.info = lx_info,
	.act = {
		[VERB_START] = lx_start,
		[VERB_STOP] = lx_stop,
		[VERB_KILL] = lx_kill,
		[VERB_REBOOT] = lx_reboot,
		[VERB_PAUSE] = lx_pause,
		[VERB_RESUME] = lx_resume,
		[VERB_VCPU_SET] = lx_vcpu_set,
		[VERB_MEM_SET] = lx_mem_set,
		/* [VERB_CD_CHANGE]: a container has no CD drive */
		[VERB_CONSOLE] = lx_console,
		[VERB_SAVE] = lx_save,
		[VERB_RESTORE] = lx_restore,
		[VERB_SNAPSHOT] = lx_snapshot,
		/* [VERB_MIGRATE]: liblxc's migrate() only dumps and restores with CRIU: no move between hosts */
		[VERB_CREATE] = lx_create,
		[VERB_DELETE] = lx_delete,
		[VERB_AUTOSTART] = lx_autostart,
		[VERB_RENAME] = lx_rename,
		[VERB_DISK_ATTACH] = lx_disk_attach,
		[VERB_DISK_DETACH] = lx_disk_detach,
		[VERB_NIC_ATTACH] = lx_nic_attach,
		[VERB_NIC_DETACH] = lx_nic_detach,
		/* [VERB_VCPU_PIN]: a container has no vCPUs */
	},
	.records = {
		[VERB_CONFIG] = lx_config,
		[VERB_DISK_LIST] = lx_disk_list,
		[VERB_NIC_LIST] = lx_nic_list,
		[VERB_VCPU_LIST] = lx_vcpu_list,
		[VERB_TOP] = lx_top,
		/* [VERB_DISPLAY]: a container has no graphical console */
	},
	.stream = {
		[VERB_WAIT] = lx_watch,
		[VERB_EVENTS] = lx_watch,
	},
	.status = {
		[VERB_EXEC] = lx_exec,
	},
	.unsupported = lx_unsupported,
	.host = lx_host,
};

__attribute__((visibility("default"))) const struct backend_ops *vmctl_backend_entry(unsigned abi);

const struct backend_ops *vmctl_backend_entry(unsigned abi)
{
	return abi == VMCTL_BACKEND_ABI ? &lxc_backend : NULL;
}
