/* xen_internal.h: what the files of the xen module (vmctl-xen.so) share.
 * The module talks to libxenlight (libxl) directly, as xl does, and never
 * prints: libxl's log messages go to a logger that keeps the first and the
 * last error, and the first becomes the text of struct vm_error (printed
 * by the frontend). */
#ifndef VMCTL_XEN_INTERNAL_H
#define VMCTL_XEN_INTERNAL_H

#include <stdio.h>

#include <libxl.h>
#include <libxl_utils.h>
#include <libxlutil.h>
#include <xentoollog.h>

#include "backend.h"

/* Where xl keeps guest configurations and its lock (Debian's Xen 4.17). */
#define XEN_CONFIG_DIR "/etc/xen"
#define XEN_LOCK_FILE "/var/lock/xl"
#define XEN_LOG_DIR "/var/log/xen"

/* libxl's INVALID_DOMID is the int ~0: as a uint32_t, for comparisons. */
#define XEN_NO_DOMID ((uint32_t)INVALID_DOMID)

/* A xentoollog logger: keeps the first and the last error-level message
 * since xen_log_reset() (without libxl's "file.c:123:function: " prefix).
 * libxl logs the cause first and then what it gave up on, so failures are
 * reported with the first.  In the domain monitor it also writes every
 * message from level INFO up to a log file. */
struct xen_log {
	xentoollog_logger vtable;
	char first[512], last[512];
	int last_errno; /* errno of the last error message, or -1 */
	FILE *file;     /* NULL: keep errors only */
	/* save, restore: where libxc's progress goes (via libxl's save helper),
	 * set for the call only, NULL otherwise */
	const struct vm_progress *progress;
};

void xen_log_init(struct xen_log *log, FILE *file);
void xen_log_reset(struct xen_log *log);

struct vm_conn {
	libxl_ctx *ctx;
	struct xen_log log;
};

/* Allocates a libxl context logging to log.  NULL with err filled: exit 5
 * when there is no Xen here, 1 when it is refused (not root). */
libxl_ctx *xen_ctx_alloc(struct xen_log *log, struct vm_error *err);

/* Fills err with "cannot WHAT 'GUEST': REASON", REASON being libxl's last
 * error message, else the text of rc; the code is 3 for a domain that
 * vanished, else 1 (or code when it is not 0).  Returns -1. */
int xen_fail(struct vm_conn *c, struct vm_error *err, int code, int rc, const char *what, const char *guest);

/* A guest as the user named it: a running domain, or a NAME with only
 * /etc/xen/NAME.cfg (shut off). */
struct xen_guest {
	uint32_t domid;  /* XEN_NO_DOMID when shut off */
	char *name;      /* the domain's name, or NAME */
	char *cfg;       /* XEN_CONFIG_DIR/NAME.cfg when it exists, else NULL */
};

void xen_guest_clear(struct xen_guest *g);

/* The host itself is never a guest: domid 0 (any all-digit spelling) and
 * Domain-0 are refused with exit 2 before libxl is called. */
int xen_refuse_host(const char *guest, struct vm_error *err);

/* Resolves guest as xl does (all digits: a domid, else a name), then
 * /etc/xen/NAME.cfg.  -1 with err filled (3: no such guest). */
int xen_lookup(struct vm_conn *c, const char *guest, struct xen_guest *g, struct vm_error *err);

/* XEN_CONFIG_DIR/NAME.cfg, a new string. */
char *xen_cfg_path(const char *name);

/* The state xl list shows for d. */
enum vm_state xen_dom_state(const libxl_dominfo *d);

/* 0 with *d filled, 1 when the domain is gone, -1 with err filled. */
int xen_dom_info(struct vm_conn *c, uint32_t domid, libxl_dominfo *d, const char *guest, struct vm_error *err);

/* As xl destroy: 0 destroyed, 1 already gone, -1 with err filled
 * ("cannot WHAT 'GUEST': ..."). */
int xen_destroy(struct vm_conn *c, uint32_t domid, const char *what, const char *guest, struct vm_error *err);

/* xen_define.c: a guest's definition, which on Xen is /etc/xen/NAME.cfg. */
int xen_def_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_def_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_def_autostart(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_def_config(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);

/* xen_config.c: xl.cfg through libxlutil. */

/* What a configuration file says that info and list show of a shut-off
 * guest. */
struct xen_cfg_summary {
	char *name;          /* NULL when the file has no name= */
	char uuid[37];       /* "" when not given */
	unsigned vcpus, maxvcpus;
	uint64_t memory_kib, maxmem_kib;
};

/* Parses the xl.cfg text data (len bytes; source names it in messages)
 * into cfg (libxl_domain_config_init()ed by the caller), for the keys
 * listed in xen_config.c.  Keys it does not know are named in *ignored (a
 * new string, or NULL when there are none).  -1 with err filled (exit 2
 * for a file that cannot be read or parsed). */
int xen_config_parse(libxl_ctx *ctx, const char *source, const char *data, size_t len,
		     libxl_domain_config *cfg, char **ignored, struct vm_error *err);
/* What libxlutil wrote to its report stream rf (open_memstream() over
 * *report): its first line, or dflt when it wrote nothing. */
const char *xen_report_line(FILE *rf, char **report, const char *dflt);
/* Fills s from the file at path; -1 with err filled. */
int xen_config_summary(const char *path, struct xen_cfg_summary *s, struct vm_error *err);
void xen_cfg_summary_clear(struct xen_cfg_summary *s);

/* xen_create.c: creating and restoring domains, their monitor, save. */

/* Creates the domain of cfg (restore_fd >= 0: restores it from that
 * stream), starts the monitor that carries out on_poweroff, on_reboot and
 * on_crash as xl's does, and unpauses it unless paused.  *domid is the new
 * domain's id. */
int xen_create(struct vm_conn *c, libxl_domain_config *cfg, int restore_fd, int stream_version, bool paused,
	       uint32_t *domid, struct vm_error *err);
/* Writes len bytes of buf to fd; 0, or -1 with errno set. */
int xen_write_all(int fd, const void *buf, size_t len);
int xen_save(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_restore(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* xen.c, for the device verbs: --config and shut-off guests. */
int xen_no_definition(struct vm_error *err, const char *what, const char *guest, const char *key);
int xen_running_domain(struct vm_conn *c, const struct vm_request *req, const char *what, const char *key,
		       struct xen_guest *x, libxl_dominfo *d, struct vm_error *err);

/* xen_devices.c: disks, NICs, vCPU pinning and the display of a running domain. */
int xen_disk_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int xen_disk_attach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_disk_detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_nic_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int xen_nic_attach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_nic_detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_vcpu_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int xen_vcpu_pin(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int xen_display(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);

/* xen_watch.c: wait and events (vm_stream_fn). */
int xen_watch(struct vm_conn *c, const struct vm_request *req, void (*emit)(void *ctx, const struct vm_record *r),
	      void *ctx, struct vm_stop *stop, struct vm_error *err);

/* xen_top.c: top's sample of every domain but domain 0. */
int xen_top(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);

#endif
