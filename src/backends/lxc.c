/* lxc.c: the lxc backend module (vmctl-lxc.so), through the liblxc C API
 * only (struct lxc_container and its methods): never an lxc-* tool, never a
 * shell.  Never prints: liblxc logs nowhere until lxc_log_init() is called,
 * which this module never does, and the few lines it writes straight to
 * stderr are caught (see struct hush).  Its failures reach the user only as
 * the message of struct vm_error: c->error_string where liblxc sets it, else
 * a reason read from the container's state, the cgroup's errno or CRIU's log.
 *
 * Idempotency (CLI.md): start on a running or frozen container, stop/kill on
 * a stopped one, pause on a frozen one and resume on a running one succeed
 * with a note.  A verb that fails because another process changed the state
 * in the meantime (two vmctl at once) reads the state again and succeeds
 * with a note when the container ended where it was asked to go. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <lxc/lxccontainer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "backend_util.h"
#include "quote.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* How long start waits for RUNNING, and reboot for the container to come
 * back: bounded, so that a container whose init never settles cannot hang
 * vmctl. */
#define START_WAIT_S 30
#define REBOOT_WAIT_S 60
/* After a kill: liblxc's stop() returns once the monitor got the request. */
#define KILL_WAIT_S 10

struct vm_conn {
	char *lxcpath; /* absolute where it exists; -P as given or liblxc's default */
};

/* ---- errors ---------------------------------------------------------- */

/* liblxc's own reason when it gave one, else ours. */
static const char *why(const struct lxc_container *c, const char *ours)
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

/* CLI.md's LXC mapping. */
static enum vm_state map_state(const char *s)
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

static enum vm_state state_of(struct lxc_container *c)
{
	return map_state(c->state(c));
}

/* ---- connection and lookup ------------------------------------------ */

static void trim(char *s)
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
static int check_name(const char *guest, struct vm_error *err)
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
 * memory errors.  The module never prints, so around that call fd 2 points
 * to a memory file, whose last line then becomes the reason. */
struct hush {
	int saved, fd;
};

static void hush_begin(struct hush *h)
{
	fflush(stderr);
	h->fd = memfd_create("vmctl-lxc-stderr", MFD_CLOEXEC);
	h->saved = h->fd < 0 ? -1 : fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (h->saved >= 0 && dup2(h->fd, STDERR_FILENO) < 0) {
		close(h->saved);
		h->saved = -1;
	}
}

/* Restores fd 2; returns the last line liblxc wrote there (the caller
 * frees it), or NULL. */
static char *hush_end(struct hush *h)
{
	char buf[4096], *line = NULL;
	if (h->saved >= 0) {
		fflush(stderr);
		dup2(h->saved, STDERR_FILENO);
		close(h->saved);
		ssize_t n = pread(h->fd, buf, sizeof(buf) - 1, 0);
		if (n > 0) {
			buf[n] = '\0';
			trim(buf);
			char *last = strrchr(buf, '\n');
			line = *buf ? xstrdup(last ? last + 1 : buf) : NULL;
		}
	}
	if (h->fd >= 0)
		close(h->fd);
	return line;
}

/* lxc_container_new() without its stderr; on failure, err is filled (exit 1
 * with liblxc's line: a config it cannot parse, a lock it cannot take). */
static struct lxc_container *open_container(const char *name, const char *lxcpath, struct vm_error *err)
{
	struct hush h;
	hush_begin(&h);
	errno = 0;
	struct lxc_container *c = lxc_container_new(name, lxcpath);
	int e = errno;
	char *said = hush_end(&h);
	if (!c && err) {
		char *q = msg_quote(name);
		vm_error_set(err, VM_EXIT_FAILED, "liblxc cannot load container %s in %s: %s", q, lxcpath,
			     said ? said : e ? strerror(e) : "unknown error");
		free(q);
	}
	free(said);
	return c;
}

/* The container GUEST under the connection's lxcpath, defined or running;
 * exit 3 when it is neither.  The caller drops it with lxc_container_put. */
static struct lxc_container *lookup(struct vm_conn *conn, const char *guest, struct vm_error *err)
{
	if (check_name(guest, err) < 0)
		return NULL;
	struct lxc_container *c = open_container(guest, conn->lxcpath, err);
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

/* ---- host and cgroup facts ------------------------------------------ */

/* cgroup v2 when /sys/fs/cgroup is the unified hierarchy itself; a hybrid
 * host (v1 controllers, v2 only for systemd) keeps memory and cpuset on v1. */
static bool cgroup_v2(void)
{
	struct statfs sf;
	return statfs("/sys/fs/cgroup", &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC;
}

struct cg_items {
	const char *mem_usage, *mem_limit, *mem_key;
	const char *cpuset_key;
};

static const struct cg_items *cg_items(void)
{
	static const struct cg_items v1 = {
		.mem_usage = "memory.usage_in_bytes",
		.mem_limit = "memory.limit_in_bytes",
		.mem_key = "lxc.cgroup.memory.limit_in_bytes",
		.cpuset_key = "lxc.cgroup.cpuset.cpus",
	};
	static const struct cg_items v2 = {
		.mem_usage = "memory.current",
		.mem_limit = "memory.max",
		.mem_key = "lxc.cgroup2.memory.max",
		.cpuset_key = "lxc.cgroup2.cpuset.cpus",
	};
	return cgroup_v2() ? &v2 : &v1;
}

/* A cgroup item of a running container into buf; -1 when liblxc has none. */
static int cg_get(struct lxc_container *c, const char *item, char *buf, size_t len)
{
	int n = c->get_cgroup_item(c, item, buf, (int)len);
	if (n < 0 || (size_t)n >= len)
		return -1;
	buf[n] = '\0';
	trim(buf);
	return 0;
}

/* A config item into buf; -1 when unset. */
static int cfg_get(struct lxc_container *c, const char *key, char *buf, size_t len)
{
	int n = c->get_config_item(c, key, buf, (int)len);
	if (n <= 0 || (size_t)n >= len)
		return -1;
	buf[n] = '\0';
	trim(buf);
	return 0;
}

/* The kernel's memparse: a number with an optional K/M/G/T/P/E suffix.
 * "max" and v1's near-2^63 "unlimited" give UINT64_MAX. */
static uint64_t parse_bytes(const char *s)
{
	if (strcmp(s, "max") == 0 || strcmp(s, "-1") == 0)
		return UINT64_MAX;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return 0;
	static const char units[] = "KMGTPE";
	const char *u = *end ? strchr(units, toupper((unsigned char)*end)) : NULL;
	for (int i = u ? (int)(u - units) + 1 : 0; i > 0; i--) {
		if (v > ULLONG_MAX / 1024)
			return UINT64_MAX;
		v *= 1024;
	}
	return v >= (1ULL << 62) ? UINT64_MAX : v;
}

static uint64_t host_memory(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	unsigned long long kib = 0;
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return (uint64_t)kib * 1024;
}

/* A CPU list ("0-3,8,10-11") into a sorted array; returns the count, or -1. */
static int parse_cpus(const char *s, unsigned **out)
{
	size_t n = 0, alloc = 16;
	unsigned *v = xmalloc(alloc * sizeof(*v));
	const char *p = s;
	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;
		if (end == p)
			goto bad;
		p = end;
		if (*p == '-') {
			b = strtoul(++p, &end, 10);
			if (end == p || b < a)
				goto bad;
			p = end;
		}
		if (b > 1u << 20)
			goto bad;
		for (unsigned long i = a; i <= b; i++) {
			if (n == alloc)
				v = xrealloc(v, (alloc *= 2) * sizeof(*v));
			v[n++] = (unsigned)i;
		}
		if (*p == ',')
			p++;
		else if (*p && !isspace((unsigned char)*p))
			goto bad;
		else if (*p)
			break;
	}
	*out = v;
	return (int)n;
bad:
	free(v);
	*out = NULL;
	return -1;
}

/* The first count of cpus[] as a list with ranges: "0-1", "0,2-3". */
static char *cpu_list(const unsigned *cpus, unsigned count)
{
	struct strvec parts = STRVEC_INIT;
	for (unsigned i = 0; i < count;) {
		unsigned j = i;
		while (j + 1 < count && cpus[j + 1] == cpus[j] + 1)
			j++;
		if (j == i)
			strvec_pushf(&parts, "%u", cpus[i]);
		else
			strvec_pushf(&parts, "%u-%u", cpus[i], cpus[j]);
		i = j + 1;
	}
	size_t len = 1;
	for (size_t i = 0; i < parts.n; i++)
		len += strlen(parts.v[i]) + 1;
	char *s = xcalloc(1, len);
	for (size_t i = 0; i < parts.n; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, parts.v[i]);
	}
	strvec_clear(&parts);
	return s;
}

/* The host's online CPUs; returns the count, or -1 with err filled. */
static int online_cpus(unsigned **cpus, char **text, struct vm_error *err)
{
	char buf[4096] = "";
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		int e = f ? 0 : errno;
		if (f)
			fclose(f);
		vm_error_set(err, VM_EXIT_FAILED, "cannot read the host's online CPUs from /sys/devices/system/cpu/online%s%s",
			     e ? ": " : " (empty)", e ? strerror(e) : "");
		return -1;
	}
	fclose(f);
	trim(buf);
	int n = parse_cpus(buf, cpus);
	if (n <= 0) {
		vm_error_set(err, VM_EXIT_FAILED, "cannot parse the host's online CPUs '%s'", buf);
		return -1;
	}
	if (text)
		*text = xstrdup(buf);
	return n;
}

/* ---- info and list --------------------------------------------------- */

/* Everything but the IPs for list (which would fork once per container);
 * info adds them. */
static void fill_info(struct lxc_container *c, struct vm_guest_info *g, bool ips)
{
	const struct cg_items *cg = cg_items();
	char buf[4096];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(c->name);
	g->id = -1; /* a container has no id: its init PID is init_pid */
	g->cpu_time = -1;
	g->state = state_of(c);
	g->persistent = c->is_defined(c) ? 1 : 0;
	g->autostart = cfg_get(c, "lxc.start.auto", buf, sizeof(buf)) == 0 && atoi(buf) > 0;

	uint64_t limit = UINT64_MAX;
	bool running = g->state != VM_STATE_SHUTOFF && g->state != VM_STATE_UNKNOWN;
	if (running) {
		pid_t pid = c->init_pid(c);
		g->init_pid = pid > 0 ? (int)pid : 0;
		if (cg_get(c, cg->mem_usage, buf, sizeof(buf)) == 0)
			g->mem_current = parse_bytes(buf);
		if (cg_get(c, cg->mem_limit, buf, sizeof(buf)) == 0)
			limit = parse_bytes(buf);
		if ((cg_get(c, "cpuset.cpus", buf, sizeof(buf)) == 0 && buf[0]) ||
		    (cg_get(c, "cpuset.cpus.effective", buf, sizeof(buf)) == 0 && buf[0]))
			g->cpuset = xstrdup(buf);
		if (!cgroup_v2() && cg_get(c, "cpuacct.usage", buf, sizeof(buf)) == 0) {
			g->cpu_time = (double)strtoull(buf, NULL, 10) / 1e9;
		} else if (cg_get(c, "cpu.stat", buf, sizeof(buf)) == 0) {
			const char *u = strstr(buf, "usage_usec ");
			if (u)
				g->cpu_time = (double)strtoull(u + 11, NULL, 10) / 1e6;
		}
		if (ips) {
			char **v = c->get_ips(c, NULL, NULL, 0);
			for (size_t i = 0; v && v[i]; i++) {
				strvec_push(&g->ips, v[i]);
				free(v[i]);
			}
			free(v);
		}
	} else {
		if (cfg_get(c, cg->mem_key, buf, sizeof(buf)) == 0)
			limit = parse_bytes(buf);
		if (cfg_get(c, cg->cpuset_key, buf, sizeof(buf)) == 0 && buf[0])
			g->cpuset = xstrdup(buf);
	}
	g->mem_max = limit == UINT64_MAX ? host_memory() : limit;
	if (!g->cpuset) {
		unsigned *cpus = NULL;
		struct vm_error ignored;
		if (online_cpus(&cpus, &g->cpuset, &ignored) < 0)
			g->cpuset = NULL;
		free(cpus);
	}
	unsigned *cpus = NULL;
	int n = g->cpuset ? parse_cpus(g->cpuset, &cpus) : -1;
	free(cpus);
	g->vcpus_current = g->vcpus_max = n > 0 ? (unsigned)n : 0;
}

static int lx_info(struct vm_conn *conn, const struct vm_request *req, struct vm_guest_info *g, struct vm_error *err)
{
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	fill_info(c, g, true);
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
	out->n = (size_t)n;
	for (int i = 0; i < n; i++) {
		struct lxc_container *c = open_container(names[i], conn->lxcpath, NULL);
		if (c) {
			fill_info(c, &out->v[i], false);
			lxc_container_put(c);
		} else {
			struct vm_guest_info *g = &out->v[i];
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
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = state_of(c);
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
		st = state_of(c);
		if (st == VM_STATE_RUNNING || st == VM_STATE_PAUSED) {
			/* another process started it at the same time */
			already_in(res, req->guest, vm_state_name(st));
			rc = 0;
		} else {
			cannot(err, VM_EXIT_FAILED, "start", req->guest, "%s",
				why(c, "liblxc could not start it (its reason goes to lxc.log.file when the config "
				      "sets one; lxc-start -F shows it)"));
		}
		goto cleanup;
	}
	if ((req->flags & VM_F_PAUSED) && !c->freeze(c)) {
		cannot(err, VM_EXIT_FAILED, "pause", req->guest, "started, but %s",
			why(c, "liblxc could not freeze it"));
		goto cleanup;
	}
	rc = 0;
cleanup:
	lxc_container_put(c);
	return rc;
}

/* stop() and wait for STOPPED: the kill of kill, and of stop --force. */
static bool kill_now(struct lxc_container *c)
{
	return c->stop(c) && c->wait(c, "STOPPED", KILL_WAIT_S);
}

static int lx_stop(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = state_of(c);
	if (st == VM_STATE_SHUTOFF) {
		already_in(res, req->guest, vm_state_name(VM_STATE_SHUTOFF));
		rc = 0;
		goto cleanup;
	}
	if (st == VM_STATE_PAUSED && !c->unfreeze(c)) { /* CLI.md: resume first */
		if (state_of(c) != VM_STATE_SHUTOFF) {
			cannot(err, VM_EXIT_FAILED, "resume (before stopping)", req->guest, "%s",
				why(c, "liblxc could not thaw it"));
			goto cleanup;
		}
	}
	bool force = req->flags & VM_F_FORCE;
	if (force && req->timeout == 0) {
		if (!kill_now(c) && state_of(c) != VM_STATE_SHUTOFF) {
			cannot(err, VM_EXIT_FAILED, "kill", req->guest, "%s", why(c, "liblxc could not stop it"));
			goto cleanup;
		}
		rc = 0;
		goto cleanup;
	}
	/* shutdown() sends lxc.signal.halt and, with a timeout, waits for STOPPED */
	if (c->shutdown(c, (int)req->timeout) || state_of(c) == VM_STATE_SHUTOFF) {
		rc = 0;
		goto cleanup;
	}
	if (req->timeout == 0) {
		cannot(err, VM_EXIT_FAILED, "stop", req->guest, "%s",
			why(c, "liblxc could not send it the halt signal"));
		goto cleanup;
	}
	if (force) {
		if (!kill_now(c) && state_of(c) != VM_STATE_SHUTOFF) {
			cannot(err, VM_EXIT_FAILED, "kill (after the timeout)", req->guest, "%s",
				why(c, "liblxc could not stop it"));
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
		     req->timeout, vm_state_name(state_of(c)));
	free(q);
cleanup:
	lxc_container_put(c);
	return rc;
}

static int lx_kill(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = 0;
	if (state_of(c) == VM_STATE_SHUTOFF)
		already_in(res, req->guest, vm_state_name(VM_STATE_SHUTOFF));
	else if (!kill_now(c) && state_of(c) != VM_STATE_SHUTOFF)
		rc = cannot(err, VM_EXIT_FAILED, "kill", req->guest, "%s", why(c, "liblxc could not stop it"));
	lxc_container_put(c);
	return rc;
}

static int lx_reboot(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = state_of(c);
	if (st == VM_STATE_SHUTOFF) {
		cannot(err, VM_EXIT_FAILED, "reboot", req->guest, "it is not running");
	} else if (st == VM_STATE_PAUSED) {
		/* a frozen init cannot take lxc.signal.reboot: reboot2 would time out */
		cannot(err, VM_EXIT_FAILED, "reboot", req->guest, "it is paused (frozen); resume it first");
	} else if (!c->reboot2(c, REBOOT_WAIT_S)) {
		st = state_of(c);
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
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = 0;
	enum vm_state st = state_of(c);
	if (st == done)
		already_in(res, req->guest, vm_state_name(done));
	else if (st == VM_STATE_SHUTOFF)
		rc = cannot(err, VM_EXIT_FAILED, verb, req->guest, "%s", why(c, "it is not running"));
	else if (!freeze_or_thaw(c, freeze) && state_of(c) != done)
		rc = cannot(err, VM_EXIT_FAILED, verb, req->guest, "%s",
			    why(c, state_of(c) == VM_STATE_SHUTOFF ? "it is not running"
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

/* ---- resources ------------------------------------------------------- */

/* --live/--config, or by default what the state allows (virsh --current):
 * live when running, the config when stopped. */
static int targets(struct lxc_container *c, const struct vm_request *req, const char *what, bool *live,
		   bool *config, struct vm_error *err)
{
	bool running = state_of(c) != VM_STATE_SHUTOFF;
	*live = req->flags & VM_F_LIVE;
	*config = req->flags & VM_F_CONFIG;
	if (!*live && !*config) {
		*live = running;
		*config = !running;
	}
	if (*live && !running)
		return cannot(err, VM_EXIT_FAILED, what, req->guest,
			      "--live needs a running container and it is shutoff (--config changes its config)");
	if (*config && !c->is_defined(c))
		return cannot(err, VM_EXIT_FAILED, what, req->guest, "it has no config file to save to");
	return 0;
}

/* Sets a cgroup item live and/or a config key saved to the config file. */
static int apply(struct lxc_container *c, const struct vm_request *req, const char *what, const char *item,
		 const char *key, const char *value, bool live, bool config, struct vm_error *err)
{
	if (live) {
		errno = 0;
		if (!c->set_cgroup_item(c, item, value)) {
			int e = errno;
			return cannot(err, VM_EXIT_FAILED, what, req->guest, "the cgroup refused %s = %s%s%s", item,
				      value, e ? ": " : "", e ? strerror(e) : "");
		}
	}
	if (config) {
		/* cgroup keys accumulate: drop the old value, not only add one */
		c->clear_config_item(c, key);
		if (!c->set_config_item(c, key, value))
			return cannot(err, VM_EXIT_FAILED, what, req->guest, "liblxc refused %s = %s", key, value);
		if (!c->save_config(c, NULL))
			return cannot(err, VM_EXIT_FAILED, what, req->guest, "cannot save its config %s: %s",
				      c->configfile ? c->configfile : "", errno ? strerror(errno) : "liblxc failed");
	}
	return 0;
}

static int lx_mem_set(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	const struct cg_items *cg = cg_items();
	int rc = -1;
	bool live, config;
	if (targets(c, req, "set the memory of", &live, &config, err) == 0) {
		char value[32]; /* bytes; 16 EiB saturates (the kernel clamps to its maximum) */
		uint64_t bytes = req->size_kib > UINT64_MAX / 1024 ? UINT64_MAX : req->size_kib * 1024;
		snprintf(value, sizeof(value), "%llu", (unsigned long long)bytes);
		rc = apply(c, req, "set the memory of", cg->mem_limit, cg->mem_key, value, live, config, err);
	}
	lxc_container_put(c);
	return rc;
}

static int lx_vcpu_set(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	unsigned *cpus = NULL;
	char *online = NULL;
	bool live, config;
	int n = online_cpus(&cpus, &online, err);
	if (n < 0)
		goto cleanup;
	if (req->count > (unsigned)n) {
		cannot(err, VM_EXIT_FAILED, "set the CPUs of", req->guest,
			"a container runs on host CPUs and this host has %d online (%s); ask for at most %d", n, online, n);
		goto cleanup;
	}
	if (targets(c, req, "set the CPUs of", &live, &config, err) == 0) {
		char *list = cpu_list(cpus, req->count);
		rc = apply(c, req, "set the CPUs of", "cpuset.cpus", cg_items()->cpuset_key, list, live, config, err);
		free(list);
	}
cleanup:
	free(cpus);
	free(online);
	lxc_container_put(c);
	return rc;
}

/* ---- console --------------------------------------------------------- */

static int lx_console(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	if (!isatty(STDIN_FILENO))
		return vm_error_set(err, VM_EXIT_USAGE,
				    "console needs a terminal on standard input (run it from an interactive shell)");
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = 0;
	if (state_of(c) == VM_STATE_SHUTOFF)
		rc = cannot(err, VM_EXIT_FAILED, "attach to the console of", req->guest, "it is not running");
	/* ttynum -1: the first free tty, as lxc-console; escape 1: Ctrl+a q */
	else if (c->console(c, -1, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO, 1) != 0)
		rc = cannot(err, VM_EXIT_FAILED, "attach to the console of", req->guest, "%s",
			    why(c, "liblxc found no free tty (lxc.tty.max) or lost the connection"));
	lxc_container_put(c);
	return rc;
}

/* ---- snapshots ------------------------------------------------------- */

/* Whether TOOL is an executable in PATH.  liblxc runs criu (checkpoints) and
 * rsync (copies of a directory rootfs) itself; vmctl only looks for them
 * first, so that a missing one is exit 4 naming it, not a bare failure. */
static bool in_path(const char *tool)
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

/* Whether NAME is one of c's snapshots (and so a safe path component). */
static int has_snapshot(struct lxc_container *c, const char *name, struct strvec *all)
{
	struct lxc_snapshot *s = NULL;
	int n = c->snapshot_list(c, &s);
	int found = 0;
	for (int i = 0; i < n; i++) {
		if (name && strcmp(s[i].name, name) == 0)
			found = 1;
		if (all)
			strvec_push(all, s[i].name);
		s[i].free(&s[i]);
	}
	free(s);
	return n < 0 ? -1 : found;
}

/* A snapshot of a directory rootfs, and its revert, are rsync copies. */
static int need_rsync(struct lxc_container *c, const char *what, const char *guest, struct vm_error *err)
{
	char rootfs[4096];
	if (cfg_get(c, "lxc.rootfs.path", rootfs, sizeof(rootfs)) == 0 && rootfs[0] != '/' &&
	    strncmp(rootfs, "dir:", 4) != 0)
		return 0; /* btrfs, zfs, lvm, overlay...: liblxc's own snapshot means */
	if (in_path("rsync"))
		return 0;
	return cannot(err, VM_EXIT_UNSUPPORTED, what, guest,
		      "liblxc copies a directory rootfs with rsync, which is not installed (not found in PATH)");
}

static int lx_snapshot(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	if (req->snapshot_op == SNAPSHOT_CREATE && req->snapshot) {
		char *q = msg_quote(req->snapshot);
		vm_error_set(err, VM_EXIT_UNSUPPORTED,
			     "liblxc names snapshots itself (snap0, snap1, ...): the name %s cannot be chosen; "
			     "run 'snapshot create GUEST' without a name",
			     q);
		free(q);
		return -1;
	}
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	switch (req->snapshot_op) {
	case SNAPSHOT_CREATE: {
		if (!c->is_defined(c)) {
			cannot(err, VM_EXIT_FAILED, "snapshot", req->guest, "it has no config in %s", conn->lxcpath);
			break;
		}
		if (need_rsync(c, "snapshot", req->guest, err) < 0)
			break;
		int i = c->snapshot(c, NULL);
		if (i < 0) {
			cannot(err, VM_EXIT_FAILED, "snapshot", req->guest, "%s",
				why(c, "liblxc could not copy its rootfs"));
			break;
		}
		strvec_pushf(&res->names, "snap%d", i);
		rc = 0;
		break;
	}
	case SNAPSHOT_LIST:
		if (has_snapshot(c, NULL, &res->names) < 0) {
			cannot(err, VM_EXIT_FAILED, "list the snapshots of", req->guest, "%s",
				why(c, "liblxc could not read its snaps directory"));
			break;
		}
		rc = 0;
		break;
	case SNAPSHOT_REVERT:
	case SNAPSHOT_DELETE: {
		const char *what = req->snapshot_op == SNAPSHOT_REVERT ? "revert" : "delete a snapshot of";
		if (has_snapshot(c, req->snapshot, NULL) != 1) {
			char *g = msg_quote(req->guest), *q = msg_quote(req->snapshot);
			vm_error_set(err, VM_EXIT_FAILED, "container %s has no snapshot %s", g, q);
			free(g);
			free(q);
			break;
		}
		if (req->snapshot_op == SNAPSHOT_REVERT) {
			enum vm_state st = state_of(c);
			if (st != VM_STATE_SHUTOFF) {
				/* liblxc's own rule: snapshot_restore() refuses a running container */
				cannot(err, VM_EXIT_FAILED, what, req->guest, "it is %s: stop it first", vm_state_name(st));
				break;
			}
			if (need_rsync(c, what, req->guest, err) < 0)
				break;
			if (!c->snapshot_restore(c, req->snapshot, c->name)) {
				cannot(err, VM_EXIT_FAILED, what, req->guest, "%s",
					why(c, "liblxc could not restore the snapshot"));
				break;
			}
		} else if (!c->snapshot_destroy(c, req->snapshot)) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "%s", why(c, "liblxc could not destroy it"));
			break;
		}
		rc = 0;
		break;
	}
	}
	lxc_container_put(c);
	return rc;
}

/* ---- checkpoint (CRIU) ----------------------------------------------- */

/* CRIU's first error in its log in DIR (liblxc has criu write dump.log or
 * restore.log there), without the "Error (file:line): " prefix, or NULL.
 * Lines that only say a helper exited are consequences, not causes; a log
 * older than since is an earlier run's. */
static char *criu_error(const char *dir, const char *log, time_t since)
{
	char *path = xasprintf("%s/%s", dir, log);
	struct stat sb;
	FILE *f = stat(path, &sb) == 0 && sb.st_mtime >= since ? fopen(path, "re") : NULL;
	free(path);
	if (!f)
		return NULL;
	char line[1024], *first = NULL;
	while (!first && fgets(line, sizeof(line), f)) {
		const char *e = strstr(line, "Error (");
		if (!e || strstr(line, "exited, status"))
			continue;
		const char *msg = strstr(e, "): ");
		trim(line);
		first = xstrdup(msg ? msg + 3 : e);
	}
	fclose(f);
	return first;
}

static int criu_fail(struct vm_error *err, const char *what, const char *guest, const char *dir, const char *log,
		     time_t since)
{
	char *e = criu_error(dir, log, since);
	int rc = e ? cannot(err, VM_EXIT_UNSUPPORTED, what, guest,
			    "CRIU cannot checkpoint or restore on this host: %s (its log: %s/%s)", e, dir, log)
		   : cannot(err, VM_EXIT_UNSUPPORTED, what, guest,
			    "liblxc's checkpoint/restore with CRIU failed and left no log ('criu check' tells "
			    "whether this host can)");
	free(e);
	return rc;
}

static int lx_save(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = state_of(c);
	struct stat sb;
	if (st != VM_STATE_RUNNING) {
		cannot(err, VM_EXIT_FAILED, "save", req->guest, "it is %s; a checkpoint needs a running container",
			vm_state_name(st));
	} else if (stat(req->path, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		char *q = msg_quote(req->path);
		cannot(err, VM_EXIT_USAGE, "save", req->guest, "%s is not a directory (lxc checkpoints to one)", q);
		free(q);
	} else if (!in_path("criu")) {
		cannot(err, VM_EXIT_UNSUPPORTED, "save", req->guest,
			"a checkpoint needs CRIU and criu is not installed (not found in PATH)");
	} else {
		char *dir = xstrdup(req->path);
		time_t since = time(NULL) - 1;
		fflush(NULL); /* liblxc forks criu */
		if (c->checkpoint(c, dir, true, false))
			rc = 0;
		else if (state_of(c) == VM_STATE_SHUTOFF)
			cannot(err, VM_EXIT_FAILED, "save", req->guest, "it stopped during the checkpoint");
		else
			criu_fail(err, "save", req->guest, dir, "dump.log", since);
		free(dir);
	}
	lxc_container_put(c);
	return rc;
}

static int lx_restore(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	if (!req->guest)
		return vm_error_set(err, VM_EXIT_USAGE,
				    "restore needs the container's name for lxc: vmctl -b lxc restore PATH GUEST");
	struct lxc_container *c = lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = state_of(c);
	struct stat sb;
	if (st != VM_STATE_SHUTOFF) {
		cannot(err, VM_EXIT_FAILED, "restore", req->guest, "it is %s; stop it first", vm_state_name(st));
	} else if (stat(req->path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		char *q = msg_quote(req->path);
		cannot(err, VM_EXIT_USAGE, "restore", req->guest, "%s is not a checkpoint directory", q);
		free(q);
	} else if (!in_path("criu")) {
		cannot(err, VM_EXIT_UNSUPPORTED, "restore", req->guest,
			"a checkpoint needs CRIU and criu is not installed (not found in PATH)");
	} else {
		char *dir = xstrdup(req->path);
		time_t since = time(NULL) - 1;
		fflush(NULL); /* liblxc forks criu */
		if (c->restore(c, dir, false))
			rc = 0;
		else
			criu_fail(err, "restore", req->guest, dir, "restore.log", since);
		free(dir);
	}
	lxc_container_put(c);
	return rc;
}

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
	.start = lx_start,
	.stop = lx_stop,
	.kill = lx_kill,
	.reboot = lx_reboot,
	.pause = lx_pause,
	.resume = lx_resume,
	.vcpu_set = lx_vcpu_set,
	.mem_set = lx_mem_set,
	.cd_change = NULL, /* a container has no CD drive */
	.console = lx_console,
	.save = lx_save,
	.restore = lx_restore,
	.snapshot = lx_snapshot,
	.migrate = NULL, /* liblxc's migrate() only dumps and restores with CRIU: no move between hosts */
	.unsupported = lx_unsupported,
	.host = lx_host,
};

__attribute__((visibility("default"))) const struct backend_ops *vmctl_backend_entry(unsigned abi);

const struct backend_ops *vmctl_backend_entry(unsigned abi)
{
	return abi == VMCTL_BACKEND_ABI ? &lxc_backend : NULL;
}
