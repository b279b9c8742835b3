/* xen_create.c: creating and restoring domains as `xl create` and
 * `xl restore` do, the monitor that stays behind for each, and save.
 *
 * Xen itself does nothing when a guest powers off, reboots or crashes: the
 * domain just stays, shut down, until a toolstack acts on on_poweroff,
 * on_reboot and on_crash.  xl leaves a daemon per domain for that; vmctl
 * does the same: a monitor process (its own session, log in
 * /var/log/xen/vmctl-NAME.log) that waits for the domain's shutdown and
 * destroys, restarts or keeps it, then exits when the domain is gone.
 *
 * Save files are in xl's format, so that `xl restore` reads what
 * `vmctl save` wrote and the other way round: a 48-byte header, the
 * domain's configuration as libxl JSON, then libxl's own stream. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend_util.h"
#include "quote.h"
#include "xen_internal.h"

#define XEN_DUMP_DIR "/var/lib/xen/dump"

/* --- xl's host-wide settings ------------------------------------------ */

/* xl.conf's autoballoon (on, off, or auto: on unless Xen was booted with
 * dom0_mem=, xl's own rule): may dom0 be shrunk to make room? */
static bool autoballoon(libxl_ctx *ctx)
{
	char *report = NULL;
	size_t len = 0;
	FILE *rf = open_memstream(&report, &len);
	XLU_Config *xlu = rf ? xlu_cfg_init(rf, XEN_CONFIG_DIR "/xl.conf") : NULL;
	int on = -1;
	const char *s;
	long l;
	if (xlu && xlu_cfg_readfile(xlu, XEN_CONFIG_DIR "/xl.conf") == 0) {
		if (xlu_cfg_get_long(xlu, "autoballoon", &l, 1) == 0)
			on = l != 0;
		else if (xlu_cfg_get_string(xlu, "autoballoon", &s, 1) == 0 && strcmp(s, "auto") != 0)
			on = strcmp(s, "on") == 0 || strcmp(s, "1") == 0;
	}
	if (xlu)
		xlu_cfg_destroy(xlu);
	if (rf)
		fclose(rf);
	free(report);
	if (on >= 0)
		return on;
	const libxl_version_info *v = libxl_get_version_info(ctx);
	return !(v && v->commandline && strstr(v->commandline, "dom0_mem="));
}

/* As xl: make room for the new domain, shrinking dom0 when autoballoon
 * allows; else say how much is missing. */
static int free_memory(libxl_ctx *ctx, libxl_domain_config *cfg, struct vm_error *err)
{
	uint64_t need, have;
	if (libxl_domain_need_memory(ctx, cfg, XEN_NO_DOMID, &need) != 0)
		return 0; /* let the creation report it */
	bool balloon = autoballoon(ctx);
	for (int tries = 0; tries < 3; tries++) {
		if (libxl_get_free_memory(ctx, &have) != 0 || have >= need)
			return 0;
		if (!balloon)
			break;
		if (libxl_set_memory_target(ctx, 0, (int64_t)have - (int64_t)need, 1, 0) != 0 ||
		    libxl_wait_for_memory_target(ctx, 0, 10) != 0)
			break;
	}
	if (libxl_get_free_memory(ctx, &have) == 0 && have >= need)
		return 0;
	vm_error_set(err, VM_EXIT_FAILED, "cannot start '%s': it needs %llu MiB and this host has %llu MiB free%s",
		     cfg->c_info.name, (unsigned long long)(need / 1024), (unsigned long long)(have / 1024),
		     balloon ? "" : " (autoballoon is off in " XEN_CONFIG_DIR "/xl.conf)");
	return -1;
}

/* xl's lock around domain creation (xl.conf lockfile=, by default
 * /var/lock/xl), so that vmctl and xl do not race for memory.  -1: no
 * lock here (no such directory), go on without. */
static int lock_take(void)
{
	int fd = open(XEN_LOCK_FILE, O_WRONLY | O_CREAT | O_CLOEXEC, S_IWUSR);
	if (fd < 0)
		return -1;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	while (fcntl(fd, F_SETLKW, &fl) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static void lock_drop(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the lock */
}

/* Creates the domain (restore_fd >= 0: from that stream), paused.  On
 * failure nothing is left behind. */
static int create_paused(libxl_ctx *ctx, struct xen_log *log, libxl_domain_config *cfg, int restore_fd,
			 int stream_version, uint32_t *domid, struct vm_error *err)
{
	int lock = lock_take();
	int rc = free_memory(ctx, cfg, err);
	if (rc < 0) {
		lock_drop(lock);
		return -1;
	}
	xen_log_reset(log);
	*domid = XEN_NO_DOMID;
	if (restore_fd >= 0) {
		libxl_domain_restore_params params;
		libxl_domain_restore_params_init(&params);
		params.checkpointed_stream = 0;
		params.stream_version = (uint32_t)stream_version;
		rc = libxl_domain_create_restore(ctx, cfg, domid, restore_fd, -1, &params, NULL, NULL);
		libxl_domain_restore_params_dispose(&params);
	} else {
		rc = libxl_domain_create_new(ctx, cfg, domid, NULL, NULL);
	}
	if (rc) {
		cannot(err, VM_EXIT_FAILED, restore_fd >= 0 ? "restore" : "start", cfg->c_info.name ? cfg->c_info.name : "?",
		       "%s", log->first[0] ? log->first : libxl_error_to_string(rc) ? libxl_error_to_string(rc) : "libxl error");
		if (libxl_domid_valid_guest(*domid))
			libxl_domain_destroy(ctx, *domid, NULL);
	}
	lock_drop(lock);
	return rc ? -1 : 0;
}

/* --- the monitor -------------------------------------------------------- */

static libxl_action_on_shutdown action_for(const libxl_domain_config *cfg, int reason)
{
	switch (reason) {
	case LIBXL_SHUTDOWN_REASON_POWEROFF:
		return cfg->on_poweroff;
	case LIBXL_SHUTDOWN_REASON_REBOOT:
		return cfg->on_reboot;
	case LIBXL_SHUTDOWN_REASON_CRASH:
		return cfg->on_crash;
	case LIBXL_SHUTDOWN_REASON_WATCHDOG:
		return cfg->on_watchdog;
	case LIBXL_SHUTDOWN_REASON_SOFT_RESET:
		return LIBXL_ACTION_ON_SHUTDOWN_RESTART; /* a fresh boot rather than libxl's soft reset */
	default:
		return LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
	}
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("vmctl monitor: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
	va_end(ap);
}

/* Runs in the monitor (stderr is its log): the loop of one domain, until
 * it is gone.  Never returns. */
static __attribute__((noreturn)) void monitor_loop(libxl_domain_config *cfg, uint32_t domid, int ready_fd)
{
	struct xen_log log;
	struct vm_error err = { 0 };
	xen_log_init(&log, stderr);
	libxl_ctx *ctx = xen_ctx_alloc(&log, &err);
	libxl_evgen_domain_death *deathw = NULL;
	if (!ctx || libxl_evenable_domain_death(ctx, domid, 0, &deathw) != 0) {
		say("cannot watch domain %u: %s", domid, ctx ? log.last : err.msg);
		_exit(1);
	}
	say("watching '%s' (domain %u)", cfg->c_info.name, domid);
	if (write(ready_fd, "", 1) != 1)
		_exit(1);
	close(ready_fd);
	for (;;) {
		libxl_event *ev;
		if (libxl_event_wait(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL) != 0) {
			say("cannot wait for events of domain %u: %s", domid, log.last);
			_exit(1);
		}
		if (ev->domid != domid) {
			libxl_event_free(ctx, ev);
			continue;
		}
		if (ev->type == LIBXL_EVENT_TYPE_DOMAIN_DEATH) {
			say("domain %u is gone", domid);
			_exit(0);
		}
		if (ev->type != LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN) {
			libxl_event_free(ctx, ev);
			continue;
		}
		int reason = ev->u.domain_shutdown.shutdown_reason;
		libxl_event_free(ctx, ev);
		if (reason == LIBXL_SHUTDOWN_REASON_SUSPEND) {
			say("domain %u suspended (being saved)", domid);
			continue;
		}
		libxl_action_on_shutdown act = action_for(cfg, reason);
		say("domain %u shut down (reason %s): %s", domid, libxl_shutdown_reason_to_string(reason),
		    libxl_action_on_shutdown_to_string(act));
		if (act == LIBXL_ACTION_ON_SHUTDOWN_PRESERVE)
			_exit(0);
		if (act == LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY || act == LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART) {
			char *core = xasprintf("%s/%s", XEN_DUMP_DIR, cfg->c_info.name);
			if (libxl_domain_core_dump(ctx, domid, core, NULL) != 0)
				say("core dump to %s failed: %s", core, log.last);
			free(core);
		}
		bool restart = act != LIBXL_ACTION_ON_SHUTDOWN_DESTROY && act != LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY;
		if (restart) { /* the configuration as it is now (vcpu-set, cd-insert ...) */
			libxl_domain_config now;
			libxl_domain_config_init(&now);
			if (libxl_retrieve_domain_configuration(ctx, domid, &now, NULL) == 0) {
				libxl_domain_config_dispose(cfg);
				*cfg = now;
			} else {
				libxl_domain_config_dispose(&now);
			}
			cfg->c_info.domid = 0; /* Xen chooses */
		}
		libxl_evdisable_domain_death(ctx, deathw);
		deathw = NULL;
		if (libxl_domain_destroy(ctx, domid, NULL) != 0)
			say("cannot destroy domain %u: %s", domid, log.last);
		else
			say("destroyed domain %u", domid);
		if (!restart)
			_exit(0);
		while (libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL) == 0)
			libxl_event_free(ctx, ev);
		sleep(2); /* as xl: recreating at once sometimes fails */
		if (create_paused(ctx, &log, cfg, -1, 0, &domid, &err) < 0) {
			say("%s", err.msg);
			_exit(1);
		}
		if (libxl_evenable_domain_death(ctx, domid, 0, &deathw) != 0 ||
		    libxl_domain_unpause(ctx, domid, NULL) != 0) {
			say("cannot run the restarted domain %u: %s", domid, log.last);
			_exit(1);
		}
		say("restarted '%s' as domain %u", cfg->c_info.name, domid);
	}
}

/* Detaches a monitor for the domain (double fork, own session, stdio to
 * its log) and waits until it watches the domain. */
static int spawn_monitor(struct vm_conn *c, libxl_domain_config *cfg, uint32_t domid, struct vm_error *err)
{
	char *logpath = xasprintf("%s/vmctl-%s.log", XEN_LOG_DIR, cfg->c_info.name);
	int ready[2];
	if (pipe2(ready, O_CLOEXEC) < 0) {
		vm_error_set(err, VM_EXIT_FAILED, "cannot start the monitor of '%s': %s", cfg->c_info.name, strerror(errno));
		free(logpath);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		libxl_postfork_child_noexec(c->ctx); /* the parent's contexts are not ours */
		if (setsid() < 0)
			_exit(1);
		pid_t grandchild = fork();
		if (grandchild != 0)
			_exit(grandchild < 0);
		signal(SIGHUP, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		int null = open("/dev/null", O_RDWR);
		int logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (logfd < 0)
			logfd = null;
		if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(logfd, STDOUT_FILENO) < 0 ||
		    dup2(logfd, STDERR_FILENO) < 0 || dup2(ready[1], 3) < 0)
			_exit(1);
		close_range(4, ~0U, 0); /* nothing of the caller's (pipes of a test harness ...) stays open */
		if (chdir("/") < 0)
			_exit(1);
		monitor_loop(cfg, domid, 3);
	}
	close(ready[1]);
	free(logpath);
	if (pid < 0) {
		vm_error_set(err, VM_EXIT_FAILED, "cannot start the monitor of '%s': %s", cfg->c_info.name, strerror(errno));
		close(ready[0]);
		return -1;
	}
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	struct pollfd pfd = { .fd = ready[0], .events = POLLIN };
	char b;
	ssize_t n = -1;
	if (poll(&pfd, 1, 30000) == 1)
		n = read(ready[0], &b, 1);
	close(ready[0]);
	if (n != 1) {
		vm_error_set(err, VM_EXIT_FAILED, "cannot start the monitor of '%s' (see %s/vmctl-%s.log)", cfg->c_info.name,
			     XEN_LOG_DIR, cfg->c_info.name);
		return -1;
	}
	return 0;
}

int xen_create(struct vm_conn *c, libxl_domain_config *cfg, int restore_fd, int stream_version, bool paused,
	       uint32_t *domid, struct vm_error *err)
{
	if (create_paused(c->ctx, &c->log, cfg, restore_fd, stream_version, domid, err) < 0)
		return -1;
	if (spawn_monitor(c, cfg, *domid, err) < 0) {
		libxl_domain_destroy(c->ctx, *domid, NULL);
		return -1;
	}
	xen_log_reset(&c->log);
	int rc = paused ? 0 : libxl_domain_unpause(c->ctx, *domid, NULL);
	if (rc)
		return xen_fail(c, err, VM_EXIT_FAILED, rc, "unpause the new domain", cfg->c_info.name);
	return 0;
}

/* --- save and restore (xl's file format) ------------------------------- */

static const char save_magic[32] = "Xen saved domain, xl format\n \0 \r";
#define SAVE_BYTEORDER 0x01020304u
#define SAVE_FLAG_JSON 1u     /* the configuration is libxl JSON */
#define SAVE_FLAG_STREAMV2 2u /* libxl's stream is version 2 */

struct save_header {
	char magic[32];
	uint32_t byteorder; /* in the saving host's byte order */
	uint32_t mandatory_flags;
	uint32_t optional_flags;
	uint32_t optional_data_len; /* u32 config length + the configuration */
};

int xen_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 0, or -1 (errno set; 0 at a premature end of file). */
static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* As xl save: the domain's configuration and memory into PATH, then the
 * domain is destroyed (on failure it runs on).  A paused PV guest cannot
 * answer the suspend request, so it is resumed first. */
int xen_save(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	int rc = -1, fd = -1;
	char *json = NULL, *tmp = NULL;
	libxl_domain_config dc;
	libxl_domain_config_init(&dc);
	libxl_dominfo d;
	libxl_dominfo_init(&d);
	if (x.domid == XEN_NO_DOMID || libxl_domain_info(c->ctx, &d, x.domid) != 0) {
		cannot(err, VM_EXIT_FAILED, "save", req->guest, "it is not running");
		goto cleanup;
	}
	xen_log_reset(&c->log);
	int e = libxl_retrieve_domain_configuration(c->ctx, x.domid, &dc, NULL);
	if (e) {
		xen_fail(c, err, 0, e, "read the configuration of", req->guest);
		goto cleanup;
	}
	dc.c_info.domid = 0; /* a restored domain gets a new id, as with xl save */
	json = libxl_domain_config_to_json(c->ctx, &dc);
	if (!json) {
		xen_fail(c, err, VM_EXIT_FAILED, ERROR_FAIL, "write the configuration of", req->guest);
		goto cleanup;
	}
	/* written under a temporary name beside PATH, renamed over it only
	 * when the image is complete: a full disk or a failed suspend leaves
	 * no half image, and an existing PATH stays as it was */
	tmp = xasprintf("%s.vmctl-XXXXXX", req->path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		char *p = msg_quote(req->path);
		cannot(err, VM_EXIT_FAILED, "save", req->guest, "cannot create %s: %s", p, strerror(errno));
		free(p);
		free(tmp);
		tmp = NULL;
		goto cleanup;
	}
	uint32_t cfglen = (uint32_t)strlen(json) + 1;
	struct save_header h = { .byteorder = SAVE_BYTEORDER, .mandatory_flags = SAVE_FLAG_JSON | SAVE_FLAG_STREAMV2,
				 .optional_data_len = 4 + cfglen };
	memcpy(h.magic, save_magic, sizeof(h.magic));
	if (xen_write_all(fd, &h, sizeof(h)) < 0 || xen_write_all(fd, &cfglen, 4) < 0 || xen_write_all(fd, json, cfglen) < 0) {
		char *p = msg_quote(req->path);
		cannot(err, VM_EXIT_FAILED, "save", req->guest, "cannot write %s: %s", p, strerror(errno));
		free(p);
		goto cleanup;
	}
	if (d.paused) {
		e = libxl_domain_unpause(c->ctx, x.domid, NULL);
		if (e) {
			xen_fail(c, err, 0, e, "resume (before saving)", req->guest);
			goto cleanup;
		}
		note(res, "'%s' was paused: resumed it to save it", req->guest);
	}
	xen_log_reset(&c->log);
	c->log.progress = req->progress;
	e = libxl_domain_suspend(c->ctx, x.domid, fd, 0, NULL);
	c->log.progress = NULL;
	int synced = e ? 0 : fsync(fd);
	int closed = close(fd);
	fd = -1;
	if (!e && synced == 0 && closed == 0 && rename(tmp, req->path) == 0) {
		free(tmp);
		tmp = NULL;
	} else {
		if (e) {
			xen_fail(c, err, 0, e, "save", req->guest);
		} else {
			char *p = msg_quote(req->path);
			cannot(err, VM_EXIT_FAILED, "save", req->guest, "cannot write %s: %s", p, strerror(errno));
			free(p);
		}
		libxl_domain_resume(c->ctx, x.domid, 1, NULL);
		goto cleanup;
	}
	xen_log_reset(&c->log);
	e = libxl_domain_destroy(c->ctx, x.domid, NULL);
	if (e && e != ERROR_DOMAIN_NOTFOUND) {
		xen_fail(c, err, 0, e, "destroy (after saving)", req->guest);
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp); /* no half-written image */
		free(tmp);
	}
	free(json);
	libxl_dominfo_dispose(&d);
	libxl_domain_config_dispose(&dc);
	xen_guest_clear(&x);
	return rc;
}

static int bad_image(struct vm_error *err, const char *path, const char *why)
{
	return cannot(err, VM_EXIT_USAGE, "restore from", path, "%s", why);
}

/* As xl restore: the configuration from the file's header, the domain
 * from libxl's stream after it, a monitor, and the domain unpaused. */
int xen_restore(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	if (xen_refuse_host(req->guest, err) < 0)
		return -1;
	int rc = -1;
	char *opt = NULL, *ignored = NULL;
	libxl_domain_config dc;
	libxl_domain_config_init(&dc);
	int fd = open(req->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		bad_image(err, req->path, strerror(errno));
		goto cleanup;
	}
	struct save_header h;
	if (read_all(fd, &h, sizeof(h)) < 0) {
		bad_image(err, req->path, errno ? strerror(errno) : "too short for a saved domain");
		goto cleanup;
	}
	if (memcmp(h.magic, save_magic, sizeof(h.magic)) != 0) {
		bad_image(err, req->path, "not a saved Xen domain (xl save format)");
		goto cleanup;
	}
	if (h.byteorder != SAVE_BYTEORDER) {
		bad_image(err, req->path, "saved on a host of another byte order");
		goto cleanup;
	}
	if (h.mandatory_flags & ~(SAVE_FLAG_JSON | SAVE_FLAG_STREAMV2)) {
		bad_image(err, req->path, "written by a newer xl (unknown mandatory flags)");
		goto cleanup;
	}
	if (h.optional_data_len < 4 || h.optional_data_len > (16u << 20)) {
		bad_image(err, req->path, "holds no domain configuration");
		goto cleanup;
	}
	opt = xmalloc((size_t)h.optional_data_len + 1);
	uint32_t cfglen;
	if (read_all(fd, opt, h.optional_data_len) < 0) {
		bad_image(err, req->path, "truncated");
		goto cleanup;
	}
	opt[h.optional_data_len] = '\0';
	memcpy(&cfglen, opt, 4);
	if (cfglen == 0 || cfglen > h.optional_data_len - 4) {
		bad_image(err, req->path, "holds no domain configuration");
		goto cleanup;
	}
	char *cfgtext = opt + 4;
	if (h.mandatory_flags & SAVE_FLAG_JSON) {
		cfgtext[cfglen - 1] = '\0';
		xen_log_reset(&c->log);
		if (libxl_domain_config_from_json(c->ctx, &dc, cfgtext) != 0) {
			bad_image(err, req->path, c->log.first[0] ? c->log.first : "its configuration is not valid libxl JSON");
			goto cleanup;
		}
	} else if (xen_config_parse(c->ctx, req->path, cfgtext, cfglen, &dc, &ignored, err) < 0) {
		goto cleanup;
	}
	if (!dc.c_info.name) {
		bad_image(err, req->path, "its configuration names no domain");
		goto cleanup;
	}
	const char *name = dc.c_info.name;
	if (req->guest && strcmp(req->guest, name) != 0) {
		char *n = msg_quote(name), *p = msg_quote(req->path);
		vm_error_set(err, VM_EXIT_USAGE, "%s holds the domain %s, not '%s' (xl restore keeps the saved name)", p, n,
			     req->guest);
		free(n);
		free(p);
		goto cleanup;
	}
	if (xen_refuse_host(name, err) < 0)
		goto cleanup;
	uint32_t domid;
	if (libxl_name_to_domid(c->ctx, name, &domid) == 0) {
		char *n = msg_quote(name);
		cannot(err, VM_EXIT_FAILED, "restore from", req->path, "a domain named %s is already running (domain %u)", n,
		       domid);
		free(n);
		goto cleanup;
	}
	c->log.progress = req->progress;
	int created = xen_create(c, &dc, fd, (h.mandatory_flags & SAVE_FLAG_STREAMV2) ? 2 : 1, false, &domid, err);
	c->log.progress = NULL;
	if (created < 0)
		goto cleanup;
	strvec_push(&res->names, name);
	note(res, "restored '%s' as domain %u", name, domid);
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	free(opt);
	free(ignored);
	libxl_domain_config_dispose(&dc);
	return rc;
}
