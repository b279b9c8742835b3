/* qm.h: what the qm reader's files share (src/translate/qm*.c). */
#ifndef VMCTL_TRANSLATE_QM_H
#define VMCTL_TRANSLATE_QM_H

#include "translate_internal.h"

/* s as the VMID of t (pve_verify_vmid: 100 to 999999999), or -1 with err
 * (exit 2) naming who. */
int qm_vmid(struct translation *t, const char *who, const char *s, struct vm_error *err);
/* A Proxmox drive key as vmctl's target (ide2 -> hdc, virtio1 -> vdb,
 * scsi0 -> sda), kept by t; NULL for sataN and other keys. */
const char *qm_drive_target(struct translation *t, const char *key);
/* qm set VMID OPTIONS... and qm create VMID OPTIONS... (qm_set.c); argv
 * holds the words after the command. */
int qm_define(const char *cmd, int argc, char **argv, struct translation *t, struct vm_error *err);

#endif
