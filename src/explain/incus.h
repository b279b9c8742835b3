/* incus.h: what the two files of the incus vocabulary share (incus.c: the
 * life cycle, incus_more.c: definitions, devices, watching, host
 * resources). */
#ifndef VMCTL_EXPLAIN_INCUS_H
#define VMCTL_EXPLAIN_INCUS_H

#include <stdbool.h>

#include "explain.h"

/* "incus WORD [WORD2]": a new command line. */
struct strvec *incus_cmd(struct explanation *ex, const char *word, const char *word2);
/* Whether the request is about a container (-b lxc or openvz, an lxc://
 * URI); a VM otherwise, or either when nothing says. */
bool incus_is_ct(const struct vm_request *req);
bool incus_kind_known(const struct vm_request *req);

/* incus_more.c: create, delete, config, autostart, rename; disks, NICs,
 * vCPUs, display; wait, events, top, exec; pools, volumes, networks. */
void incus_define(const struct vm_request *req, struct explanation *ex);
void incus_devices(const struct vm_request *req, struct explanation *ex);
void incus_watch(const struct vm_request *req, struct explanation *ex);
void incus_resources(const struct vm_request *req, struct explanation *ex);

#endif
