/* lxc_internal.h: what the files of the lxc module (vmctl-lxc.so) share.
 * lxc.c: the connection, lookup, states, info and list, the life-cycle
 * verbs, console, host and the ops table; lxc_cgroup.c: memory and CPUs
 * (cgroup and config), mem-set and vcpu-set; lxc_snapshot.c: snapshots;
 * lxc_checkpoint.c: save and restore with CRIU; lxc_define.c: a container's
 * definition (create, delete, config, autostart, rename) and the markers of
 * an interrupted create or delete; lxc_devices.c: disks (bind mounts and
 * device nodes) and the forked child that enters a container's namespaces;
 * lxc_nics.c: network interfaces; lxc_netlink.c: the rtnetlink requests
 * those make; lxc_watch.c: wait and events; lxc_top.c: top's sample;
 * lxc_exec.c: exec. */
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

/* fd 2 pointed at a memory file between begin and end: liblxc writes a few
 * failures straight to stderr, and the module never prints.  lx_hush_end
 * restores fd 2 and returns the last line written there (the caller frees
 * it), or NULL. */
struct lx_hush {
	int saved, fd;
};
void lx_hush_begin(struct lx_hush *h);
char *lx_hush_end(struct lx_hush *h);
/* lxc_container_new() without its stderr; on failure NULL, and err (when
 * not NULL) filled: exit 1 with liblxc's line (a config it cannot parse, a
 * lock it cannot take). */
struct lxc_container *lx_open_container(const char *name, const char *lxcpath, struct vm_error *err);
/* -1 with err filled (exit 2) for a name liblxc would take for a directory
 * of its own ("." and ".."), else 0. */
int lx_check_name(const char *guest, struct vm_error *err);
/* stop() and wait for STOPPED: the kill of kill, stop --force and delete --force. */
bool lx_kill_now(struct lxc_container *c);

/* liblxc's own reason (c->error_string) when it gave one, else ours. */
const char *lx_why(const struct lxc_container *c, const char *ours);
/* An LXC state name ("FROZEN") as vmctl names it (the man page's STATES). */
enum vm_state lx_map_state(const char *s);
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
/* The config keys of the memory limit and of the cpuset on this host's
 * cgroup layout (lxc.cgroup2.memory.max or lxc.cgroup.memory.limit_in_bytes, ...). */
const char *lx_mem_key(void);
/* top: bytes read and written by a running container (its cgroup's io
 * counters, v1 or v2); false when its cgroup has none. */
bool lx_io_bytes(struct lxc_container *c, uint64_t *rd, uint64_t *wr);
const char *lx_cpuset_key(void);
/* The host's first count online CPUs as a list ("0-1"), which the caller
 * frees; NULL with err filled (exit 1 "cannot WHAT 'GUEST': ...") when the
 * host has fewer. */
char *lx_first_cpus(unsigned count, const char *what, const char *guest, struct vm_error *err);
int lx_mem_set(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_vcpu_set(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
/* --live/--config, or by default what the state allows (virsh --current):
 * live when running, the config when stopped; -1 with err filled ("cannot
 * WHAT 'GUEST': ...") when the state or a missing config forbids it. */
int lx_targets(struct lxc_container *c, const struct vm_request *req, const char *what, bool *live, bool *config,
	       struct vm_error *err);
/* vcpu-list: the CPUs the container may run on. */
int lx_vcpu_list(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err);

/* lxc_snapshot.c */
int lx_snapshot(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* lxc_checkpoint.c */
int lx_save(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_restore(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* lxc_define.c */

/* The marker LXCPATH/.vmctl-creating-NAME of a create or delete: none, left
 * by one that was interrupted, or held by one at work (an OFD lock). */
enum lx_mark { LX_MARK_NONE, LX_MARK_LEFT, LX_MARK_BUSY };
/* NAME's marker; with verb (not NULL), the verb that left it ("create" or
 * "delete"). */
enum lx_mark lx_marked(const char *lxcpath, const char *name, char *verb, size_t len);
/* Fills err (exit 3) for a marked NAME, saying how to remove what is left;
 * returns -1. */
int lx_marked_error(const char *lxcpath, const char *name, enum lx_mark m, const char *verb, struct vm_error *err);
int lx_create(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_delete(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_autostart(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_rename(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_config(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err);

/* lxc_devices.c */

/* Runs fn(arg, out) in a forked child that entered the namespaces of the
 * container's init pid (nstypes: CLONE_NEWNS, which also makes the
 * container's root the child's root, and/or CLONE_NEWNET); setns() refuses
 * a mount namespace to a threaded process, a child has one thread.  fn
 * writes its result (or, failing, its reason) to the descriptor out and
 * returns an exit code (0: done).  On success *text (when not NULL) holds
 * what fn wrote, which the caller frees; on failure err is "cannot WHAT
 * 'GUEST': REASON" with fn's code. */
typedef int (*lx_ns_fn)(void *arg, int out);
int lx_in_container(pid_t pid, int nstypes, lx_ns_fn fn, void *arg, char **text, const char *what,
		    const char *guest, struct vm_error *err);
int lx_disk_list(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lx_disk_attach(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_disk_detach(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* lxc_nics.c */
int lx_nic_list(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lx_nic_attach(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lx_nic_detach(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* lxc_watch.c: wait and events (one stream function). */
int lx_watch(struct vm_conn *conn, const struct vm_request *req, void (*emit)(void *, const struct vm_record *),
	     void *ctx, struct vm_stop *stop, struct vm_error *err);

/* lxc_top.c: top's sample. */
int lx_top(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err);

/* lxc_exec.c: exec. */
int lx_exec(struct vm_conn *conn, const struct vm_request *req, int *status, struct vm_error *err);

/* lxc_netlink.c: 0 or -errno. */
struct lxnl_link {
	int index, link; /* link: a veth's peer's index (in the peer's namespace) */
	bool up;
	char name[16], mac[18], kind[16];
	char addrs[256]; /* "192.0.2.2/24,fe80::1/64" */
};
struct lxnl_links {
	struct lxnl_link *v;
	size_t n;
};
/* A veth pair: HOST in this namespace (up, on bridge master when not 0),
 * PEER (down, with mac when not NULL) born in the network namespace of pid. */
int lxnl_veth_create(const char *host, const char *peer, const unsigned char *mac, unsigned master, pid_t pid);
/* Sets the MAC (when not NULL) and brings the link up (when up). */
int lxnl_set_link(unsigned ifindex, const unsigned char *mac, bool up);
int lxnl_delete(unsigned ifindex);
/* Every link of the calling process's network namespace, with its addresses. */
int lxnl_links(struct lxnl_links *out);
void lxnl_links_clear(struct lxnl_links *l);

#endif
