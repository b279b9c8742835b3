/* xen.c: the xen backend module (vmctl-xen.so), through libxenlight (libxl)
 * directly, with the call sequences xl itself uses.  Never prints: libxl's
 * messages go to struct xen_log, whose first error becomes the text of
 * struct vm_error.
 *
 * Guests: a running domain (an all-digit operand is a domid, as for xl;
 * anything else a name), or a NAME with /etc/xen/NAME.cfg and no running
 * domain, which is a shut-off guest.  Domain 0 is the host itself: it is
 * never listed and every verb refuses it (exit 2) before libxl is called,
 * because libxl does not protect it (xl's own code does).
 *
 * Not here: snapshot (xl has none), migrate (see the note at the end of
 * this file), rename and exec (xen_unsupported() says why); their slots are NULL,
 * so the frontend reports exit 4.  create, delete, config and autostart,
 * which work on /etc/xen/NAME.cfg, are in xen_define.c. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend_util.h"
#include "quote.h"
#include "validate.h"
#include "xen_internal.h"

/* --- logging ----------------------------------------------------------- */

/* "libxl_domain.c:1234:libxl__destroy_domid: Domain 7:Non-existant domain"
 * -> "Domain 7: Non-existant domain": the source position is for xl -v. */
static void tidy(char *msg)
{
	char *p = msg;
	size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
	if (n > 2 && strncmp(p + n - 2, ".c", 2) == 0 && p[n] == ':') {
		char *q = p + n + 1;
		size_t d = strspn(q, "0123456789");
		if (d > 0 && q[d] == ':') {
			q += d + 1;
			size_t f = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			if (strncmp(q + f, ": ", 2) == 0)
				memmove(msg, q + f + 2, strlen(q + f + 2) + 1);
		}
	}
	if (strncmp(msg, "Domain ", 7) == 0) {
		char *q = msg + 7 + strspn(msg + 7, "0123456789");
		if (q > msg + 7 && q[0] == ':' && q[1] != ' ' && strlen(msg) + 2 < 512) {
			memmove(q + 2, q + 1, strlen(q + 1) + 1);
			q[1] = ' ';
		}
	}
	size_t len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		msg[--len] = '\0';
}

/* xentoollog hands its caller's format on: checked where libxl calls it. */
__attribute__((format(printf, 5, 0)))
static void log_vmessage(xentoollog_logger *lg, xentoollog_level level, int errnoval, const char *context,
			 const char *format, va_list ap)
{
	struct xen_log *log = (struct xen_log *)lg;
	char msg[512];
	vsnprintf(msg, sizeof(msg), format, ap);
	tidy(msg);
	if (errnoval >= 0) {
		size_t len = strlen(msg);
		snprintf(msg + len, sizeof(msg) - len, ": %s", strerror(errnoval));
	}
	if (log->file && level >= XTL_INFO) {
		time_t t = time(NULL);
		struct tm tm;
		char when[32] = "";
		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		fprintf(log->file, "%s %s: %s: %s\n", when, context ? context : "xen", xtl_level_to_string(level), msg);
		fflush(log->file);
	}
	if (level < XTL_ERROR)
		return;
	if (!log->first[0])
		snprintf(log->first, sizeof(log->first), "%s", msg);
	snprintf(log->last, sizeof(log->last), "%s", msg);
	log->last_errno = errnoval;
}

static void log_progress(xentoollog_logger *lg, const char *context, const char *doing_what, int percent,
			 unsigned long done, unsigned long total)
{
	(void)context;
	(void)doing_what;
	(void)percent;
	const struct xen_log *log = (const struct xen_log *)lg;
	/* libxc counts guest frames (4 KiB pages); its last report of a pass is
	 * left to the caller's end, since a live pass may be followed by others */
	if (log->progress && total && done < total)
		log->progress->report(log->progress->ctx, (uint64_t)done * 4096, (uint64_t)total * 4096);
}

static void log_destroy(xentoollog_logger *lg)
{
	(void)lg; /* struct xen_log lives in struct vm_conn */
}

void xen_log_init(struct xen_log *log, FILE *file)
{
	memset(log, 0, sizeof(*log));
	log->vtable.vmessage = log_vmessage;
	log->vtable.progress = log_progress;
	log->vtable.destroy = log_destroy;
	log->last_errno = -1;
	log->file = file;
}

void xen_log_reset(struct xen_log *log)
{
	log->first[0] = log->last[0] = '\0';
	log->last_errno = -1;
}

/* The module forks children of its own (the monitor) and reaps them with
 * waitpid: libxl must then reap only its own (libxl_event.h: a program
 * running its own children must choose a mode; the default reaps all). */
static const libxl_childproc_hooks child_hooks = { .chldowner = libxl_sigchld_owner_libxl_always_selective_reap };

libxl_ctx *xen_ctx_alloc(struct xen_log *log, struct vm_error *err)
{
	libxl_ctx *ctx = NULL;
	xen_log_reset(log);
	if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)log) == 0) {
		libxl_childproc_setmode(ctx, &child_hooks, NULL);
		return ctx;
	}
	const char *why = log->last[0] ? log->last : "libxl_ctx_alloc failed";
	if (log->last_errno == EACCES || log->last_errno == EPERM)
		vm_error_set(err, VM_EXIT_FAILED, "cannot use Xen: %s (libxl needs root in domain 0)", why);
	else
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "Xen is not available on this host (%s)", why);
	return NULL;
}

/* Words for the libxl error codes a user meets; else libxl's own name. */
static const char *rc_text(int rc)
{
	switch (rc) {
	case ERROR_DOMAIN_NOTFOUND:
		return "no such domain";
	case ERROR_NOPARAVIRT:
		return "the guest has no PV drivers to receive the request";
	case ERROR_TIMEDOUT:
	case ERROR_GUEST_TIMEDOUT:
		return "timed out";
	case ERROR_NOMEM:
		return "out of memory";
	case ERROR_INVAL:
		return "invalid argument";
	case ERROR_NI:
		return "not implemented by libxl";
	default:
		break;
	}
	const char *s = libxl_error_to_string(rc);
	return s ? s : "libxl error";
}

int xen_fail(struct vm_conn *c, struct vm_error *err, int code, int rc, const char *what, const char *guest)
{
	const char *why = c && c->log.first[0] ? c->log.first : rc_text(rc);
	if (!code)
		code = rc == ERROR_DOMAIN_NOTFOUND ? VM_EXIT_NO_GUEST : VM_EXIT_FAILED;
	return cannot(err, code, what, guest, "%s", why);
}

/* --- connection -------------------------------------------------------- */

static int xen_open(const struct vm_request *req, bool readonly, struct vm_conn **out, struct vm_error *err)
{
	(void)readonly; /* libxl has no read-only mode; the frontend refuses changes under -r */
	if (xen_refuse_host(req->guest, err) < 0) /* before libxl is touched at all */
		return -1;
	struct vm_conn *c = xcalloc(1, sizeof(*c));
	xen_log_init(&c->log, NULL);
	c->ctx = xen_ctx_alloc(&c->log, err);
	if (!c->ctx) {
		free(c);
		return -1;
	}
	*out = c;
	return 0;
}

static void xen_close(struct vm_conn *c)
{
	if (!c)
		return;
	libxl_ctx_free(c->ctx);
	free(c);
}

/* --- guests ------------------------------------------------------------ */

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *xen_cfg_path(const char *name)
{
	return xasprintf("%s/%s.cfg", XEN_CONFIG_DIR, name);
}

void xen_guest_clear(struct xen_guest *g)
{
	if (!g)
		return;
	free(g->name);
	free(g->cfg);
	g->name = g->cfg = NULL;
}

int xen_refuse_host(const char *guest, struct vm_error *err)
{
	if (!guest || !(strcmp(guest, "Domain-0") == 0 || (all_digits(guest) && strspn(guest, "0") == strlen(guest))))
		return 0;
	char *q = msg_quote(guest);
	vm_error_set(err, VM_EXIT_USAGE, "%s is domain 0, the host itself: vmctl never acts on it as a guest", q);
	free(q);
	return -1;
}

static void no_guest(struct vm_error *err, const char *guest)
{
	char *q = msg_quote(guest);
	if (all_digits(guest))
		vm_error_set(err, VM_EXIT_NO_GUEST, "no domain with id %s on this host (an all-digit guest is a domid, as for xl)",
			     guest);
	else
		vm_error_set(err, VM_EXIT_NO_GUEST, "no guest %s on this host: no running domain of that name and no %s/%s.cfg",
			     q, XEN_CONFIG_DIR, guest);
	free(q);
}

int xen_lookup(struct vm_conn *c, const char *guest, struct xen_guest *g, struct vm_error *err)
{
	memset(g, 0, sizeof(*g));
	g->domid = XEN_NO_DOMID;
	if (xen_refuse_host(guest, err) < 0)
		return -1;
	xen_log_reset(&c->log);
	if (all_digits(guest)) {
		errno = 0;
		unsigned long id = strtoul(guest, NULL, 10);
		if (errno || id >= 0x7ff0) { /* DOMID_FIRST_RESERVED */
			no_guest(err, guest);
			return -1;
		}
		int rc = libxl_domain_info(c->ctx, NULL, (uint32_t)id);
		if (rc == ERROR_DOMAIN_NOTFOUND) {
			no_guest(err, guest);
			return -1;
		}
		if (rc)
			return xen_fail(c, err, 0, rc, "find", guest);
		g->domid = (uint32_t)id;
		g->name = libxl_domid_to_name(c->ctx, g->domid);
		if (!g->name)
			g->name = xstrdup(guest);
	} else {
		uint32_t id;
		if (libxl_name_to_domid(c->ctx, guest, &id) == 0) {
			if (id == 0)
				return xen_refuse_host("0", err);
			g->domid = id;
		}
		g->name = xstrdup(guest);
	}
	char *path = xen_cfg_path(g->name);
	if (is_file(path))
		g->cfg = path;
	else
		free(path);
	if (g->domid == XEN_NO_DOMID && !g->cfg) {
		no_guest(err, guest);
		xen_guest_clear(g);
		return -1;
	}
	xen_log_reset(&c->log);
	return 0;
}

/* xl list's flags: r, b -> running; p -> paused; s, d -> stopping;
 * c (shut down by a crash) -> crashed. */
enum vm_state xen_dom_state(const libxl_dominfo *d)
{
	if (d->dying)
		return VM_STATE_STOPPING;
	if (d->shutdown)
		return d->shutdown_reason == LIBXL_SHUTDOWN_REASON_CRASH ? VM_STATE_CRASHED : VM_STATE_STOPPING;
	if (d->paused)
		return VM_STATE_PAUSED;
	return VM_STATE_RUNNING;
}

/* 0 with *d filled, 1 when the domain is gone, -1 with err filled. */
int xen_dom_info(struct vm_conn *c, uint32_t domid, libxl_dominfo *d, const char *guest, struct vm_error *err)
{
	libxl_dominfo_init(d);
	xen_log_reset(&c->log);
	int rc = libxl_domain_info(c->ctx, d, domid);
	if (rc == 0)
		return 0;
	libxl_dominfo_dispose(d);
	libxl_dominfo_init(d);
	if (rc == ERROR_DOMAIN_NOTFOUND)
		return 1;
	return xen_fail(c, err, 0, rc, "read the state of", guest);
}

/* xendomains starts what /etc/xen/auto holds. */
static int autostart_of(const char *name)
{
	char *a = xasprintf("%s/auto/%s.cfg", XEN_CONFIG_DIR, name);
	char *b = xasprintf("%s/auto/%s", XEN_CONFIG_DIR, name);
	int on = is_file(a) || is_file(b);
	free(a);
	free(b);
	return on;
}

static void fill_running(struct vm_conn *c, const libxl_dominfo *d, struct vm_guest_info *g)
{
	memset(g, 0, sizeof(*g));
	g->name = libxl_domid_to_name(c->ctx, d->domid);
	if (!g->name)
		g->name = xasprintf("(domain %u)", d->domid);
	g->id = d->domid;
	snprintf(g->uuid, sizeof(g->uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(d->uuid));
	g->state = xen_dom_state(d);
	g->vcpus_current = d->vcpu_online;
	g->vcpus_max = d->vcpu_max_id + 1;
	g->mem_current = (d->current_memkb + d->outstanding_memkb) * 1024;
	g->mem_max = d->max_memkb * 1024;
	/* Xen's own maximum has slack on top: the configured one (maxmem=,
	 * what xl list -l shows) is in the domain's libxl configuration */
	libxl_domain_config dc;
	libxl_domain_config_init(&dc);
	if (libxl_retrieve_domain_configuration(c->ctx, d->domid, &dc, NULL) == 0 &&
	    dc.b_info.max_memkb != LIBXL_MEMKB_DEFAULT)
		g->mem_max = dc.b_info.max_memkb * 1024;
	libxl_domain_config_dispose(&dc);
	xen_log_reset(&c->log);
	g->cpu_time = (double)d->cpu_time / 1e9;
	char *path = xen_cfg_path(g->name);
	g->persistent = is_file(path);
	free(path);
	g->autostart = autostart_of(g->name);
}

static int fill_shutoff(const char *name, const char *cfg, struct vm_guest_info *g, struct vm_error *err)
{
	struct xen_cfg_summary s;
	memset(g, 0, sizeof(*g));
	if (xen_config_summary(cfg, &s, err) < 0)
		return -1;
	g->name = xstrdup(name);
	g->id = -1;
	snprintf(g->uuid, sizeof(g->uuid), "%s", s.uuid);
	g->state = VM_STATE_SHUTOFF;
	g->vcpus_current = s.vcpus;
	g->vcpus_max = s.maxvcpus;
	g->mem_current = s.memory_kib * 1024;
	g->mem_max = s.maxmem_kib * 1024;
	g->cpu_time = -1;
	g->persistent = 1;
	g->autostart = autostart_of(name);
	xen_cfg_summary_clear(&s);
	return 0;
}

static int xen_info(struct vm_conn *c, const struct vm_request *req, struct vm_guest_info *g, struct vm_error *err)
{
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	int rc = 0;
	if (x.domid != XEN_NO_DOMID) {
		libxl_dominfo d;
		rc = xen_dom_info(c, x.domid, &d, req->guest, err);
		if (rc == 0)
			fill_running(c, &d, g);
		libxl_dominfo_dispose(&d);
		if (rc == 1 && !x.cfg) { /* gone meanwhile */
			no_guest(err, req->guest);
			rc = -1;
		}
	}
	if (x.domid == XEN_NO_DOMID || rc == 1)
		rc = fill_shutoff(x.name, x.cfg, g, err);
	xen_guest_clear(&x);
	return rc < 0 ? -1 : 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct vm_guest_info *)a)->name, ((const struct vm_guest_info *)b)->name);
}

/* Every domain but domain 0 (the host itself, never a guest), then every
 * /etc/xen/NAME.cfg whose NAME is not running, shut off, by name. */
static int xen_list(struct vm_conn *c, struct vm_guest_list *out, struct vm_error *err)
{
	int n = 0;
	xen_log_reset(&c->log);
	libxl_dominfo *doms = libxl_list_domain(c->ctx, &n);
	if (!doms)
		return xen_fail(c, err, VM_EXIT_FAILED, ERROR_FAIL, "list the domains", NULL);
	size_t cap = (size_t)n + 8;
	out->v = xcalloc(cap, sizeof(*out->v));
	out->n = 0;
	for (int i = 0; i < n; i++)
		if (doms[i].domid != 0)
			fill_running(c, &doms[i], &out->v[out->n++]);
	libxl_dominfo_list_free(doms, n);
	size_t running = out->n;

	DIR *dir = opendir(XEN_CONFIG_DIR);
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (len <= 4 || strcmp(e->d_name + len - 4, ".cfg") != 0)
			continue;
		char *name = xstrdup(e->d_name);
		name[len - 4] = '\0';
		struct vm_error ignore = { 0 };
		char *path = xen_cfg_path(name);
		bool skip = !is_file(path) || all_digits(name) || strcmp(name, "Domain-0") == 0 ||
			    validate_name(name, "guest name", &ignore) < 0;
		for (size_t i = 0; i < running && !skip; i++)
			skip = strcmp(out->v[i].name, name) == 0;
		if (!skip) {
			if (out->n == cap)
				out->v = xrealloc(out->v, (cap *= 2) * sizeof(*out->v));
			struct vm_guest_info *g = &out->v[out->n];
			if (fill_shutoff(name, path, g, &ignore) < 0) { /* listed all the same */
				memset(g, 0, sizeof(*g));
				g->name = xstrdup(name);
				g->id = -1;
				g->state = VM_STATE_SHUTOFF;
				g->cpu_time = -1;
				g->persistent = 1;
				g->autostart = autostart_of(name);
			}
			out->n++;
		}
		free(path);
		free(name);
	}
	if (dir)
		closedir(dir);
	qsort(out->v + running, out->n - running, sizeof(*out->v), by_name);
	return 0;
}

/* --- acting verbs ------------------------------------------------------ */

static int not_running(struct vm_error *err, const char *what, const char *guest)
{
	return cannot(err, VM_EXIT_FAILED, what, guest, "it is not running");
}

/* Xen keeps no definition of a guest: what --config or a shut-off guest
 * would change is its .cfg file, the user's to edit. */
int xen_no_definition(struct vm_error *err, const char *what, const char *guest, const char *key)
{
	return cannot(err, VM_EXIT_UNSUPPORTED, what, guest,
		      "Xen keeps no guest definition to change; set %s in %s/%s.cfg for its next start", key,
		      XEN_CONFIG_DIR, guest);
}

/* A running guest's domain info; -1 with err filled when it is shut off
 * (not running: exit 1) or gone. */
static int running_info(struct vm_conn *c, const struct xen_guest *x, libxl_dominfo *d, const char *what,
			const char *guest, struct vm_error *err)
{
	libxl_dominfo_init(d);
	if (x->domid == XEN_NO_DOMID)
		return not_running(err, what, guest);
	int rc = xen_dom_info(c, x->domid, d, guest, err);
	if (rc == 1)
		return not_running(err, what, guest);
	return rc;
}

/* The guest to change a running domain of (vcpu-set, mem-set, cd-change):
 * looked up, running; a .cfg with no domain is told to edit its KEY.  On
 * failure x and d hold nothing. */
int xen_running_domain(struct vm_conn *c, const struct vm_request *req, const char *what, const char *key,
			  struct xen_guest *x, libxl_dominfo *d, struct vm_error *err)
{
	libxl_dominfo_init(d);
	if (xen_lookup(c, req->guest, x, err) < 0)
		return -1;
	if (x->domid == XEN_NO_DOMID)
		xen_no_definition(err, what, req->guest, key);
	else if (running_info(c, x, d, what, req->guest, err) == 0)
		return 0;
	libxl_dominfo_dispose(d);
	xen_guest_clear(x);
	return -1;
}

static int xen_start(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	struct xen_guest x = { 0 };
	const char *src = req->from;
	if (!src) {
		if (xen_lookup(c, req->guest, &x, err) < 0)
			return -1;
		if (x.domid != XEN_NO_DOMID) {
			libxl_dominfo d;
			enum vm_state st = VM_STATE_RUNNING;
			if (xen_dom_info(c, x.domid, &d, req->guest, err) == 0)
				st = xen_dom_state(&d);
			libxl_dominfo_dispose(&d);
			already(res, "'%s' is already %s", req->guest, vm_state_name(st));
			xen_guest_clear(&x);
			return 0;
		}
		src = x.cfg;
	}
	int rc = -1;
	char *ignored = NULL;
	size_t len;
	libxl_domain_config dc;
	libxl_domain_config_init(&dc);
	char *data = read_small_file(src, 1, &len, err); /* xl.cfg: 1 MiB at most */
	if (!data || xen_config_parse(c->ctx, src, data, len, &dc, &ignored, err) < 0)
		goto cleanup;
	if (!dc.c_info.name && req->guest) {
		dc.c_info.name = xstrdup(req->guest);
	} else if (!dc.c_info.name) {
		char *q = msg_quote(src);
		vm_error_set(err, VM_EXIT_USAGE, "%s gives the domain no name (name=\"...\")", q);
		free(q);
		goto cleanup;
	} else if (req->guest && strcmp(dc.c_info.name, req->guest) != 0) {
		char *q = msg_quote(src), *n = msg_quote(dc.c_info.name);
		vm_error_set(err, VM_EXIT_USAGE, "%s names the domain %s, not '%s'", q, n, req->guest);
		free(q);
		free(n);
		goto cleanup;
	}
	const char *name = dc.c_info.name;
	if (xen_refuse_host(name, err) < 0)
		goto cleanup;
	struct vm_error verr = { 0 };
	if (validate_name(name, "domain name", &verr) < 0) {
		char *q = msg_quote(src);
		vm_error_set(err, VM_EXIT_USAGE, "%s: %s", q, verr.msg);
		free(q);
		goto cleanup;
	}
	strvec_push(&res->names, name);
	uint32_t domid;
	if (libxl_name_to_domid(c->ctx, name, &domid) == 0) {
		already(res, "'%s' is already running (domain %u)", name, domid);
		rc = 0;
		goto cleanup;
	}
	if (xen_create(c, &dc, -1, 0, req->paused, &domid, err) < 0)
		goto cleanup;
	if (ignored)
		note(res, "started '%s' as domain %u%s; ignored what vmctl does not read in %s: %s", name, domid,
		     req->paused ? " (paused)" : "", src, ignored);
	else if (req->from)
		note(res, "started '%s' as domain %u%s", name, domid, req->paused ? " (paused)" : "");
	rc = 0;
cleanup:
	libxl_domain_config_dispose(&dc);
	free(data);
	free(ignored);
	xen_guest_clear(&x);
	return rc;
}

/* The guest has turned itself off (not: suspended for a save, rebooting). */
static bool powered_off(const libxl_dominfo *d)
{
	return d->shutdown && (d->shutdown_reason == LIBXL_SHUTDOWN_REASON_POWEROFF ||
			       d->shutdown_reason == LIBXL_SHUTDOWN_REASON_CRASH);
}

/* As xl shutdown -F: a shutdown request through the PV control interface,
 * an ACPI power button event for an HVM guest without PV drivers; then
 * wait (vmctl(1), stop): the domain is gone, or powered off and kept
 * (on_poweroff="preserve").  A powered-off domain that nobody cleans up
 * within 5 s (no xl or vmctl monitor) is destroyed, as on_poweroff asks. */
static int xen_stop(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	int rc = -1;
	libxl_dominfo d;
	libxl_dominfo_init(&d);
	if (x.domid == XEN_NO_DOMID) {
		already(res, "'%s' is already shut off", req->guest);
		rc = 0;
		goto cleanup;
	}
	int r = xen_dom_info(c, x.domid, &d, req->guest, err);
	if (r < 0)
		goto cleanup;
	if (r == 1) {
		already(res, "'%s' is already shut off", req->guest);
		rc = 0;
		goto cleanup;
	}
	bool preserve = false;
	libxl_domain_config dc;
	libxl_domain_config_init(&dc);
	if (libxl_retrieve_domain_configuration(c->ctx, x.domid, &dc, NULL) == 0)
		preserve = dc.on_poweroff == LIBXL_ACTION_ON_SHUTDOWN_PRESERVE;
	libxl_domain_config_dispose(&dc);
	xen_log_reset(&c->log);
	double t0 = now(), off_since = -1; /* --timeout counts libxl's wait for the guest's ack too */
	if (!powered_off(&d) && !d.dying) {
		if (d.paused) { /* vmctl(1): a paused guest is resumed first */
			int e = libxl_domain_unpause(c->ctx, x.domid, NULL);
			if (e) {
				xen_fail(c, err, 0, e, "resume (before stopping)", req->guest);
				goto cleanup;
			}
		}
		int e = libxl_domain_shutdown(c->ctx, x.domid, NULL);
		if (e == ERROR_NOPARAVIRT) {
			xen_log_reset(&c->log);
			e = libxl_send_trigger(c->ctx, x.domid, LIBXL_TRIGGER_POWER, 0, NULL);
			if (!e)
				note(res, "'%s' has no PV drivers: sent an ACPI power button event (as xl shutdown -F)",
				     req->guest);
		}
		if (e == ERROR_TIMEDOUT) { /* libxl waited for the guest's ack; the request stays for it */
			note(res, "'%s' has not acknowledged the shutdown request yet (still booting?)", req->guest);
			e = 0;
		}
		if (e) {
			xen_fail(c, err, 0, e, "stop", req->guest);
			goto cleanup;
		}
	}
	if (req->timeout == 0 && !req->force) {
		rc = 0;
		goto cleanup;
	}
	enum vm_state st = xen_dom_state(&d);
	for (;;) {
		libxl_dominfo_dispose(&d);
		r = xen_dom_info(c, x.domid, &d, req->guest, err);
		if (r == 1) {
			rc = 0;
			goto cleanup;
		}
		if (r == 0) {
			st = xen_dom_state(&d);
			if (powered_off(&d) && preserve) {
				rc = 0;
				goto cleanup;
			}
			if (powered_off(&d) && off_since < 0) {
				off_since = now();
			} else if (powered_off(&d) && now() - off_since > 5) {
				int e = libxl_domain_destroy(c->ctx, x.domid, NULL);
				if (e == 0 || e == ERROR_DOMAIN_NOTFOUND) {
					rc = 0;
					goto cleanup;
				}
			}
		}
		if (now() - t0 >= req->timeout)
			break;
		sleep_ms(100);
	}
	if (req->force) {
		xen_log_reset(&c->log);
		int e = libxl_domain_destroy(c->ctx, x.domid, NULL);
		if (e && e != ERROR_DOMAIN_NOTFOUND) {
			xen_fail(c, err, 0, e, "kill (after the timeout)", req->guest);
			goto cleanup;
		}
		note(res, "'%s' did not stop within %u s: killed", req->guest, req->timeout);
		rc = 0;
		goto cleanup;
	}
	vm_error_set(err, VM_EXIT_FAILED, "'%s' did not stop within %u s and is still %s (--force kills it)", req->guest,
		     req->timeout, vm_state_name(st));
cleanup:
	libxl_dominfo_dispose(&d);
	xen_guest_clear(&x);
	return rc;
}

int xen_destroy(struct vm_conn *c, uint32_t domid, const char *what, const char *guest, struct vm_error *err)
{
	xen_log_reset(&c->log);
	int e = libxl_domain_destroy(c->ctx, domid, NULL);
	if (e == ERROR_DOMAIN_NOTFOUND)
		return 1;
	return e ? xen_fail(c, err, 0, e, what, guest) : 0;
}

static int xen_kill(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	int rc = x.domid == XEN_NO_DOMID ? 1 : xen_destroy(c, x.domid, "kill", req->guest, err);
	if (rc == 1)
		already(res, "'%s' is already shut off", req->guest);
	xen_guest_clear(&x);
	return rc < 0 ? -1 : 0;
}

/* As xl reboot (without -F, as --explain prints it): the request goes
 * through the PV control interface; the domain's monitor (xl's or
 * vmctl's) carries out on_reboot. */
static int xen_reboot(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	libxl_dominfo d;
	int rc = running_info(c, &x, &d, "reboot", req->guest, err);
	if (rc == 0) {
		int e = libxl_domain_reboot(c->ctx, x.domid, NULL);
		if (e == ERROR_NOPARAVIRT)
			rc = cannot(err, VM_EXIT_FAILED, "reboot", req->guest,
				    "it has no PV drivers to receive the request "
				    "(xl reboot -F %s would press its ACPI reset button instead)", x.name);
		else if (e == ERROR_TIMEDOUT)
			rc = cannot(err, VM_EXIT_FAILED, "reboot", req->guest,
				    "it did not acknowledge the request (still booting?); the request stays pending for it");
		else if (e)
			rc = xen_fail(c, err, 0, e, "reboot", req->guest);
	}
	libxl_dominfo_dispose(&d);
	xen_guest_clear(&x);
	return rc;
}

static int pause_or_resume(struct vm_conn *c, const struct vm_request *req, struct vm_result *res,
			   struct vm_error *err, bool pause)
{
	const char *what = pause ? "pause" : "resume";
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	libxl_dominfo d;
	int rc = running_info(c, &x, &d, what, req->guest, err);
	if (rc == 0) {
		enum vm_state st = xen_dom_state(&d);
		if (pause ? st == VM_STATE_PAUSED : st == VM_STATE_RUNNING) {
			already(res, "'%s' is already %s", req->guest, vm_state_name(st));
		} else if (!pause && st != VM_STATE_PAUSED) {
			rc = cannot(err, VM_EXIT_FAILED, "resume", req->guest, "it is %s, not paused", vm_state_name(st));
		} else {
			int e = pause ? libxl_domain_pause(c->ctx, x.domid, NULL)
				      : libxl_domain_unpause(c->ctx, x.domid, NULL);
			if (e)
				rc = xen_fail(c, err, 0, e, what, req->guest);
		}
	}
	libxl_dominfo_dispose(&d);
	xen_guest_clear(&x);
	return rc;
}

static int xen_pause(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return pause_or_resume(c, req, res, err, true);
}

static int xen_resume(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return pause_or_resume(c, req, res, err, false);
}

/* As xl vcpu-set: the first COUNT vCPUs online, the others offline; more
 * than the host's CPUs is refused (xl's check without --ignore-host). */
static int xen_vcpu_set(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	if (xen_refuse_host(req->guest, err) < 0)
		return -1;
	if (req->config)
		return xen_no_definition(err, "set the vCPUs of", req->guest, "vcpus=");
	struct xen_guest x;
	libxl_dominfo d;
	if (xen_running_domain(c, req, "set the vCPUs of", "vcpus=", &x, &d, err) < 0)
		return -1;
	int rc = -1;
	libxl_bitmap map;
	libxl_bitmap_init(&map);
	unsigned max = d.vcpu_max_id + 1;
	if (req->count > max) {
		char *q = msg_quote(req->guest);
		vm_error_set(err, VM_EXIT_FAILED, "cannot give %s %u vCPUs: its maximum is %u (maxvcpus= in its configuration)",
			     q, req->count, max);
		free(q);
		goto cleanup;
	}
	int host = libxl_get_max_cpus(c->ctx);
	if (host > 0 && req->count > d.vcpu_online && req->count > (unsigned)host) {
		char *q = msg_quote(req->guest);
		vm_error_set(err, VM_EXIT_FAILED, "cannot give %s %u vCPUs: this host has %d physical CPUs (as xl vcpu-set, "
			     "vmctl does not overcommit)", q, req->count, host);
		free(q);
		goto cleanup;
	}
	int e = libxl_cpu_bitmap_alloc(c->ctx, &map, (int)req->count);
	if (!e) {
		for (unsigned i = 0; i < req->count; i++)
			libxl_bitmap_set(&map, (int)i);
		xen_log_reset(&c->log);
		e = libxl_set_vcpuonline(c->ctx, x.domid, &map, NULL);
	}
	if (e) {
		xen_fail(c, err, 0, e, "set the vCPUs of", req->guest);
		goto cleanup;
	}
	rc = 0;
cleanup:
	libxl_bitmap_dispose(&map);
	libxl_dominfo_dispose(&d);
	xen_guest_clear(&x);
	return rc;
}

/* As xl mem-set: the balloon target, enforced, in KiB. */
static int xen_mem_set(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	if (xen_refuse_host(req->guest, err) < 0)
		return -1;
	if (req->config)
		return xen_no_definition(err, "set the memory of", req->guest, "memory=");
	struct xen_guest x;
	libxl_dominfo d;
	if (xen_running_domain(c, req, "set the memory of", "memory=", &x, &d, err) < 0)
		return -1;
	int rc = -1;
	if (req->size_kib > (uint64_t)INT64_MAX) {
		cannot(err, VM_EXIT_FAILED, "set the memory of", req->guest, "%llu KiB is more than libxl takes",
		       (unsigned long long)req->size_kib);
		goto cleanup;
	}
	xen_log_reset(&c->log);
	int e = libxl_set_memory_target(c->ctx, x.domid, (int64_t)req->size_kib, 0, 1);
	if (e) {
		xen_fail(c, err, 0, e, "set the memory of", req->guest);
		goto cleanup;
	}
	rc = 0;
cleanup:
	libxl_dominfo_dispose(&d);
	xen_guest_clear(&x);
	return rc;
}

/* As xl cd-insert / cd-eject: the disk spec "vdev=DEV,access=r,
 * devtype=cdrom,target=ISO" (an empty target ejects) through
 * libxl_cdrom_insert.  HVM guests only: PV guests have no emulated CD. */
static int xen_cd_change(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	const char *what = req->eject ? "eject the CD of" : "change the CD of";
	if (xen_refuse_host(req->guest, err) < 0)
		return -1;
	if (req->device[0] == '/') {
		char *q = msg_quote(req->device);
		vm_error_set(err, VM_EXIT_UNSUPPORTED, "xen names a CD drive by its virtual device (such as hdc), not by the "
			     "path of its medium %s", q);
		free(q);
		return -1;
	}
	struct xen_guest x;
	libxl_dominfo d;
	if (xen_running_domain(c, req, what, "the disk= line", &x, &d, err) < 0)
		return -1;
	int rc = -1;
	XLU_Config *xlu = NULL;
	char *report = NULL;
	size_t report_len = 0;
	FILE *rf = NULL;
	char *specs[4] = { NULL, NULL, NULL, NULL };
	libxl_device_disk disk;
	libxl_device_disk_init(&disk);
	if (d.domain_type != LIBXL_DOMAIN_TYPE_HVM) {
		cannot(err, VM_EXIT_UNSUPPORTED, what, req->guest, "it is a %s guest, and only HVM guests have emulated CD drives",
		       d.domain_type == LIBXL_DOMAIN_TYPE_PVH ? "PVH" : "PV");
		goto cleanup;
	}
	if (req->iso && !is_file(req->iso)) {
		char *q = msg_quote(req->iso);
		vm_error_set(err, VM_EXIT_USAGE, "cannot read %s: %s", q, errno ? strerror(errno) : "not a file");
		free(q);
		goto cleanup;
	}
	rf = open_memstream(&report, &report_len);
	xlu = rf ? xlu_cfg_init(rf, "cd-change") : NULL;
	if (!xlu) {
		vm_error_set(err, VM_EXIT_FAILED, "out of memory");
		goto cleanup;
	}
	/* one spec per parameter: target= is last and may hold commas */
	specs[0] = xasprintf("vdev=%s", req->device);
	specs[1] = xstrdup("access=r");
	specs[2] = xstrdup("devtype=cdrom");
	specs[3] = xasprintf("target=%s", req->iso ? req->iso : "");
	if (xlu_disk_parse(xlu, 4, (const char *const *)specs, &disk) != 0) {
		fflush(rf);
		char *q = msg_quote(req->device);
		vm_error_set(err, VM_EXIT_USAGE, "cannot %s '%s': bad device %s%s%s", what, req->guest, q,
			     report && *report ? ": " : "", report ? report : "");
		free(q);
		goto cleanup;
	}
	xen_log_reset(&c->log);
	int e = libxl_cdrom_insert(c->ctx, x.domid, &disk, NULL);
	if (e) {
		xen_fail(c, err, 0, e, what, req->guest);
		goto cleanup;
	}
	rc = 0;
cleanup:
	for (size_t i = 0; i < ARRAY_SIZE(specs); i++)
		free(specs[i]);
	libxl_device_disk_dispose(&disk);
	libxl_dominfo_dispose(&d);
	if (xlu)
		xlu_cfg_destroy(xlu);
	if (rf)
		fclose(rf);
	free(report);
	xen_guest_clear(&x);
	return rc;
}

/* As xl console: libxl execs xenconsole (from the path compiled into
 * libxl) on the domain's primary console; Ctrl+] leaves.  In a child, so
 * that vmctl ends normally; the frontend has checked that stdin is a
 * terminal. */
static int xen_console(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	libxl_dominfo d;
	int rc = running_info(c, &x, &d, "open the console of", req->guest, err);
	libxl_dominfo_dispose(&d);
	int pipefd[2] = { -1, -1 };
	if (rc == 0 && pipe2(pipefd, O_CLOEXEC) < 0) {
		vm_error_set(err, VM_EXIT_FAILED, "cannot open the console of '%s': %s", req->guest, strerror(errno));
		rc = -1;
	}
	if (rc < 0) {
		xen_guest_clear(&x);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		/* the child uses a context of its own, then becomes xenconsole */
		close(pipefd[0]);
		libxl_postfork_child_noexec(c->ctx);
		struct xen_log log;
		struct vm_error cerr = { 0 };
		xen_log_init(&log, NULL);
		libxl_ctx *ctx = xen_ctx_alloc(&log, &cerr);
		const char *why = cerr.msg;
		if (ctx) {
			libxl_primary_console_exec(ctx, x.domid, -1);
			why = log.first[0] ? log.first : "cannot run xenconsole";
		}
		if (write(pipefd[1], why, strlen(why)) < 0)
			_exit(126);
		_exit(127);
	}
	close(pipefd[1]);
	if (pid < 0) {
		vm_error_set(err, VM_EXIT_FAILED, "cannot open the console of '%s': %s", req->guest, strerror(errno));
		close(pipefd[0]);
		xen_guest_clear(&x);
		return -1;
	}
	char why[512];
	ssize_t n, got = 0;
	while ((n = read(pipefd[0], why + got, sizeof(why) - 1 - (size_t)got)) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0)
			got += n;
	why[got] = '\0';
	close(pipefd[0]);
	/* the terminal's Ctrl+C goes to xenconsole, not to us */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (got > 0) {
		rc = cannot(err, VM_EXIT_FAILED, "open the console of", req->guest, "%s", why);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char *q = msg_quote(req->guest);
		vm_error_set(err, VM_EXIT_FAILED, "the console of %s ended with an error (xenconsole status %d)", q,
			     WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		free(q);
		rc = -1;
	}
	xen_guest_clear(&x);
	return rc;
}

/* migrate: not implemented (NULL slot, exit 4).  xl migrate runs
 * "ssh HOST xl migrate-receive" and speaks xl's own protocol over that
 * pipe: it sends the save-file header with the domain's configuration,
 * the receiver creates a paused "NAME--incoming" with
 * libxl_domain_create_restore, the sender streams the memory with
 * libxl_domain_suspend(LIBXL_SUSPEND_LIVE) and then exchanges the
 * banner / ready / "permission to go" messages, after which the receiver
 * renames and unpauses its copy and the sender destroys the original (or
 * resumes it when anything failed).  vmctl would need that protocol on both
 * ends (a vmctl or xl receiver on the destination), ssh as the transport,
 * and storage reachable at the same paths on both hosts. */

static const char *xen_unsupported(enum vm_verb verb)
{
	switch (verb) {
	case VERB_SNAPSHOT:
		return "xl has no snapshots (save keeps a guest's memory; its disks need a snapshot of their own)";
	case VERB_MIGRATE:
		return "vmctl does not speak xl's migration protocol yet (xl migrate GUEST HOST does)";
	case VERB_RENAME:
		return "vmctl never edits a user's .cfg, and xl rename renames only a running domain";
	case VERB_EXEC:
		return "Xen has no guest agent channel that libxl can use to run a command in a domain";
	default:
		return NULL;
	}
}

/* vmctl host: what libxl says about this Xen host. */
static int xen_host(const struct vm_request *req, struct vm_host_section *s, struct vm_error *err)
{
	(void)req;
	(void)err;
	struct xen_log log;
	struct vm_error why = { 0 };
	xen_log_init(&log, NULL);
	libxl_ctx *ctx = xen_ctx_alloc(&log, &why);
	if (!ctx) {
		s->available = 0;
		s->reason = xstrdup(why.msg);
		return 0;
	}
	s->available = 1;
	const libxl_version_info *v = libxl_get_version_info(ctx);
	if (v)
		host_fact(s, "xen", "%d.%d%s", v->xen_version_major, v->xen_version_minor,
			  v->xen_version_extra ? v->xen_version_extra : "");
	libxl_physinfo pi;
	libxl_physinfo_init(&pi);
	if (libxl_get_physinfo(ctx, &pi) == 0) {
		host_fact(s, "cpus", "%u", pi.nr_cpus);
		host_fact(s, "memory", "%llu MiB, %llu MiB free", (unsigned long long)(pi.total_pages / 256),
			  (unsigned long long)(pi.free_pages / 256));
		host_fact(s, "guest types", "%s%s", pi.cap_pv ? "pv, pvh" : "pvh", pi.cap_hvm ? ", hvm" : "");
	}
	libxl_physinfo_dispose(&pi);
	int n = 0;
	libxl_dominfo *doms = libxl_list_domain(ctx, &n);
	if (doms) {
		host_fact(s, "guests running", "%d", n > 0 ? n - 1 : 0);
		libxl_dominfo_list_free(doms, n);
	}
	libxl_ctx_free(ctx);
	return 0;
}

static const struct backend_ops xen_backend = {
	.abi = VMCTL_BACKEND_ABI,
	.name = "xen",
	.open = xen_open,
	.close = xen_close,
	.list = xen_list,
	.info = xen_info,
	.act = {
		[VERB_START] = xen_start,
		[VERB_STOP] = xen_stop,
		[VERB_KILL] = xen_kill,
		[VERB_REBOOT] = xen_reboot,
		[VERB_PAUSE] = xen_pause,
		[VERB_RESUME] = xen_resume,
		[VERB_VCPU_SET] = xen_vcpu_set,
		[VERB_MEM_SET] = xen_mem_set,
		[VERB_CD_CHANGE] = xen_cd_change,
		[VERB_CONSOLE] = xen_console,
		[VERB_SAVE] = xen_save,
		[VERB_RESTORE] = xen_restore,
		/* [VERB_SNAPSHOT]: xl has no snapshots */
		/* [VERB_MIGRATE]: see the note above */
		[VERB_CREATE] = xen_def_create,
		[VERB_DELETE] = xen_def_delete,
		[VERB_AUTOSTART] = xen_def_autostart,
		/* [VERB_RENAME]: see xen_unsupported() */
		[VERB_DISK_ATTACH] = xen_disk_attach,
		[VERB_DISK_DETACH] = xen_disk_detach,
		[VERB_NIC_ATTACH] = xen_nic_attach,
		[VERB_NIC_DETACH] = xen_nic_detach,
		[VERB_VCPU_PIN] = xen_vcpu_pin,
	},
	.records = {
		[VERB_CONFIG] = xen_def_config,
		[VERB_DISK_LIST] = xen_disk_list,
		[VERB_NIC_LIST] = xen_nic_list,
		[VERB_VCPU_LIST] = xen_vcpu_list,
		[VERB_DISPLAY] = xen_display,
		[VERB_TOP] = xen_top,
	},
	.stream = {
		[VERB_WAIT] = xen_watch,
		[VERB_EVENTS] = xen_watch,
	},
	/* .status[VERB_EXEC]: see xen_unsupported() */
	.unsupported = xen_unsupported,
	.host = xen_host,
};

__attribute__((visibility("default"))) const struct backend_ops *vmctl_backend_entry(unsigned abi);

const struct backend_ops *vmctl_backend_entry(unsigned abi)
{
	return abi == VMCTL_BACKEND_ABI ? &xen_backend : NULL;
}
