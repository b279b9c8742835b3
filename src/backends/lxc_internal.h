/* lxc_internal.h: what the files of the lxc module (vmctl-lxc.so) share.
 * lxc.c: the connection, lookup, states, info and list, the life-cycle
 * verbs, console, host and the ops table; lxc_cgroup.c: memory and CPUs
 * (cgroup and config), mem-set and vcpu-set; lxc_snapshot.c: snapshots;
 * lxc_checkpoint.c: save and restore with CRIU. */
#ifndef VMCTL_LXC_INTERNAL_H
#define VMCTL_LXC_INTERNAL_H

#include <lxc/lxccontainer.h>
#include <stdbool.h>
#include <stddef.h>

#include "backend.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

struct vm_conn {
	char *lxcpath; /* absolute where it exists; -P as given or liblxc's default */
};

/* lxc.c */

/* liblxc's own reason (c->error_string) when it gave one, else ours. */
const char *lx_why(const struct lxc_container *c, const char *ours);
/* The container's state as vmctl names it (the man page's STATES). */
enum vm_state lx_state(struct lxc_container *c);
/* Cuts the white space off the end of s. */
void lx_trim(char *s);
/* The container GUEST under the connection's lxcpath, defined or running;
 * NULL with err filled (exit 3 when it is neither).  The caller drops it
 * with lxc_container_put. */
struct lxc_container *lx_lookup(struct vm_conn *conn, const char *guest, struct vm_error *err);
/* Whether TOOL is an executable in PATH (criu, rsync). */
bool lx_in_path(const char *tool);

/* lxc_cgroup.c */

/* A config item into buf; -1 when unset. */
int lx_cfg_get(struct lxc_container *c, const char *key, char *buf, size_t len);
/* g filled with everything info shows but the IPs, which only ips adds
 * (list leaves them out: they fork once per container). */
void lx_fill_info(struct lxc_container *c, struct vm_guest_info *g, bool ips);
int lx_mem_set(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_vcpu_set(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* lxc_snapshot.c */
int lx_snapshot(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* lxc_checkpoint.c */
int lx_save(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_restore(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

#endif
