/* libvirt_internal.h: what the files of the libvirt module share. */
#ifndef VMCTL_LIBVIRT_INTERNAL_H
#define VMCTL_LIBVIRT_INTERNAL_H

#include <libvirt/libvirt.h>
#include <libxml/tree.h>

#include "backend.h"

struct vm_conn {
	virConnectPtr conn;
	char *uri; /* for messages: as given or as libvirt chose it */
	/* the pool of the last image's directory, kept for the next line of a
	 * batch (libvirt_storage.c: one round trip less per image) */
	char *pool_dir;
	virStoragePoolPtr pool;
	/* what create asked of the driver once (libvirt_define.c): "test",
	 * "lxc" or "qemu", the domain type and the architecture */
	char *kind, *domtype, *arch;
};

/* Fills err from libvirt's last error ("cannot WHAT 'GUEST': reason") with
 * the mapped exit code; returns -1. */
int lv_fail(struct vm_error *err, const char *what, const char *guest);
/* The same from an error saved in another thread (virSaveLastError). */
int lv_fail_with(virErrorPtr e, struct vm_error *err, const char *what, const char *guest);
/* As virsh: an all-digit operand is an id first, then a UUID, then a name.
 * NULL with err filled (3 when there is no such guest). */
virDomainPtr lv_lookup(struct vm_conn *c, const char *guest, struct vm_error *err);
int lv_state(virDomainPtr d, enum vm_state *st);
/* libvirt's VIR_DOMAIN_* state as vmctl's. */
enum vm_state lv_map_state(int s);
/* Whether the connection's URI names no remote host, so that files named in
 * a request are ours to check (decided from the URI: no round trip). */
bool lv_local(const struct vm_conn *c);

/* libvirt_devices.c, libvirt_console.c */
int lv_cd_change(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_console(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* libvirt_list.c: list and info, the calls of each together (lv_each) */
int lv_list(struct vm_conn *c, struct vm_guest_list *out, struct vm_error *err);
int lv_info(struct vm_conn *c, const struct vm_request *req, struct vm_guest_info *g, struct vm_error *err);
/* g's name, id and UUID from d; cpu_time unknown (-1). */
void lv_fill_identity(virDomainPtr d, struct vm_guest_info *g);

/* libvirt_storage.c */
/* Drops the pool kept in c (lv_close, and when the pool went away). */
void lv_pool_forget(struct vm_conn *c);
/* Runs fn(ctx, i) for i in 0..n-1 on up to 256 threads at once: libvirt's
 * remote client sends the calls of several threads together, so n calls
 * cost about one round trip. */
void lv_each(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);
/* lv_each for a few calls after one that took `took` seconds: on a link
 * that fast (a local socket answers in tens of microseconds) starting the
 * threads costs more than the round trips they save, so the calls run one
 * after another here. */
void lv_each_after(double took, size_t n, void (*fn)(void *ctx, size_t i), void *ctx);
/* xml parsed (no network, no messages), or NULL; NULL xml gives NULL. */
xmlDocPtr lv_xml_parse(const char *xml);
/* doc written out as a new string. */
char *lv_xml_dump(xmlDocPtr doc);
/* The text of the first node at xpath in doc, or NULL (the caller frees). */
char *lv_xml_text(xmlDocPtr doc, const char *xpath);
/* Whether a node at xpath in xml has the text value. */
bool lv_xml_has(const char *xml, const char *xpath, const char *value);
/* The first guest (of those virConnectListAllDomains gives for list_flags)
 * whose XML (xml_flags) has value at xpath, as a new string; "" when none;
 * NULL with err filled.  The guests' XML is read with lv_each. */
char *lv_guest_with(struct vm_conn *c, unsigned list_flags, unsigned xml_flags, const char *xpath, const char *value,
		    struct vm_error *err);
int lv_pool_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_pool_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_pool_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_image_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_image_info(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_image_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_image_resize(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_image_convert(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_image_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
/* libvirt_network.c (net-stop is lv_net_start's other half) */
int lv_net_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_net_info(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_net_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_net_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_net_start(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
/* libvirt_watch.c: wait and events (backend.h's vm_stream_fn) */
int lv_watch(struct vm_conn *c, const struct vm_request *req, void (*emit)(void *ctx, const struct vm_record *r),
	     void *ctx, struct vm_stop *stop, struct vm_error *err);
/* libvirt_progress.c: req->progress while an operation blocks this thread.
 * lv_progress_start reports 0, then a thread calls probe every 500 ms and
 * reports what it learns (probe returns 1 with *done of *total, 0 when it
 * knows nothing yet, -1 on error; NULL probe: no thread).  NULL when to is
 * NULL.  lv_progress_end stops the thread and, when ok, reports the whole. */
struct lv_progress;
struct lv_progress *lv_progress_start(const struct vm_progress *to,
				      int (*probe)(void *ctx, uint64_t *done, uint64_t *total), void *ctx);
void lv_progress_end(struct lv_progress *p, bool ok);
/* probe for a domain's job (ctx: the virDomainPtr): data, else memory: total less remaining, of total */
int lv_probe_job(void *ctx, uint64_t *done, uint64_t *total);
/* libvirt_define.c */
int lv_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_config(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_autostart(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_rename(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);

/* libvirt_devlist.c: device lists, vCPU pinning, display; and the XML
 * helpers the device files share */
xmlNodePtr lv_xml_child(xmlNodePtr parent, const char *name);
/* An attribute of parent's first child element name, as a new string, or NULL. */
char *lv_xml_child_attr(xmlNodePtr parent, const char *name, const char *attr_name);
/* The nodes at xpath in doc (*out: a new array the caller frees, nodes owned by doc). */
size_t lv_xml_nodes(xmlDocPtr doc, const char *xpath, xmlNodePtr **out);
/* d's XML (flags as GetXMLDesc) parsed, or NULL with err filled. */
xmlDocPtr lv_domain_xml(virDomainPtr d, unsigned flags, const char *guest, struct vm_error *err);
int lv_disk_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_nic_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_vcpu_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
int lv_vcpu_pin(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_display(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
/* libvirt_hotplug.c */
int lv_disk_attach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_disk_detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_nic_attach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
int lv_nic_detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err);
/* libvirt_top.c: top's sample, one virConnectGetAllDomainStats call */
int lv_top(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err);
/* libvirt_exec.c: QEMU through the guest agent, libvirt-LXC through its namespaces */
int lv_exec(struct vm_conn *c, const struct vm_request *req, int *status, struct vm_error *err);

#endif
