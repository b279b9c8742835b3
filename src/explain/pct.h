/* pct.h: what the pct vocabulary's files (pct.c, pct_more.c) share. */
#ifndef VMCTL_EXPLAIN_PCT_H
#define VMCTL_EXPLAIN_PCT_H

#include <stdbool.h>

#include "explain.h"

/* A snapshot name as pct takes it (pve-configid, at most 40 characters). */
bool pct_snapname(const char *s);
/* Whether the request is about a virtual machine (qm's, not pct's). */
bool pct_vm_kind(const struct vm_request *req);
/* "pct SUB [VMID]" */
struct strvec *pct_cmd(struct explanation *ex, const char *sub, const char *vmid);
/* "pct set VMID OPTION VALUE", approximate unless --live --config. */
struct strvec *pct_set(struct explanation *ex, const struct vm_request *req, const char *option, const char *value);

void pct_define(const struct vm_request *req, struct explanation *ex);
void pct_devices(const struct vm_request *req, struct explanation *ex);
void pct_watch(const struct vm_request *req, struct explanation *ex);
void pct_resources(const struct vm_request *req, struct explanation *ex);

#endif
