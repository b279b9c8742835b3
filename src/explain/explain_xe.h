/* explain_xe.h: what src/explain/xe.c and xe_more.c share. */
#ifndef VMCTL_EXPLAIN_XE_H
#define VMCTL_EXPLAIN_XE_H

#include <stdbool.h>

#include "explain.h"

/* Whether s is written as XAPI writes UUIDs (8-4-4-4-12 hex digits). */
bool xe_is_uuid(const char *s);
/* Whether the request is for a container (-b lxc, -b openvz, lxc:// ...). */
bool xe_container(const struct vm_request *req);
/* "xe COMMAND", and "xe COMMAND vm=GUEST". */
struct strvec *xe_cmd(struct explanation *ex, const char *command);
struct strvec *xe_vm(struct explanation *ex, const struct vm_request *req, const char *command);
/* "KEY=VALUE" as one word. */
void xe_kv(struct strvec *c, const char *key, const char *value);
/* The note of a vm=NAME line: a shared name needs --multiple. */
void xe_vm_note(struct explanation *ex, const struct vm_request *req);
/* "xe COMMAND uuid=GUEST" for a UUID; else none naming how to find the
 * UUID (rest: the words that would follow, for the note) and NULL. */
struct strvec *xe_by_uuid(struct explanation *ex, const struct vm_request *req, const char *command,
			  const char *rest);

/* src/explain/xe_more.c */
void explain_xe_define(const struct vm_request *req, struct explanation *ex);
void explain_xe_devices(const struct vm_request *req, struct explanation *ex);
void explain_xe_watch(const struct vm_request *req, struct explanation *ex);
void explain_xe_resources(const struct vm_request *req, struct explanation *ex);

#endif
