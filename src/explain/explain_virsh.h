/* explain_virsh.h: virsh command builders shared by the virsh and qemu
 * vocabularies (the monitor is reached through virsh qemu-monitor-command). */
#ifndef VMCTL_EXPLAIN_VIRSH_H
#define VMCTL_EXPLAIN_VIRSH_H

#include "explain.h"

/* Starts "virsh [-c URI] SUBCOMMAND" (password removed from the URI). */
struct strvec *virsh_cmd(struct explanation *ex, const struct vm_request *req, const char *subcommand);
/* A positional operand, or --option=VALUE when it begins with '-'. */
void virsh_operand(struct strvec *c, const char *option, const char *value);
/* "virsh [-c URI] SUBCOMMAND DOMAIN". */
struct strvec *virsh_dom_cmd(struct explanation *ex, const struct vm_request *req, const char *subcommand);
/* --live and/or --config as asked, else --current. */
void virsh_affect(struct strvec *c, const struct vm_request *req);

#endif
