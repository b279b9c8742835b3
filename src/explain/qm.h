/* qm.h: what the qm vocabulary's files share (src/explain/qm*.c). */
#ifndef VMCTL_EXPLAIN_QM_H
#define VMCTL_EXPLAIN_QM_H

#include <stdbool.h>

#include "explain.h"

/* A Proxmox snapshot name (pve-configid, at most 40 characters). */
bool qm_snapname_valid(const char *s);
/* hda..hdd -> ide0..ide3, vdX -> virtioN, sdX -> scsiN (a new string), or NULL. */
char *qm_drive_key(const char *target);
/* disks, NICs, vCPU pinning, display (qm_devices.c); req->guest is a VMID */
void explain_qm_devices(const struct vm_request *req, struct explanation *ex);
/* create, delete, config, autostart, rename (qm_devices.c) */
void explain_qm_define(const struct vm_request *req, struct explanation *ex);

#endif
