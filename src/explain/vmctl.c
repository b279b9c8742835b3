/* vmctl.c: the neutral vocabulary: the request written back as the one
 * canonical vmctl command (options before operands, `--` before an operand
 * that begins with '-'). */
#include <stdlib.h>

#include "explain.h"
#include "uri.h"
#include "verbs.h"

static void operand(struct strvec *c, const char *s, int *dashdash)
{
	if (s[0] == '-' && !*dashdash) {
		strvec_push(c, "--");
		*dashdash = 1;
	}
	strvec_push(c, s);
}

void explain_vmctl(const struct vm_request *req, struct explanation *ex)
{
	if (req->verb == VERB_TRANSLATE || req->verb == VERB_HELP || req->verb == VERB__COUNT) {
		ex_none(ex, "not a guest operation");
		return;
	}
	struct strvec *c = ex_cmd(ex, "vmctl");
	if (req->backend != BACKEND_NONE) {
		strvec_push(c, "-b");
		strvec_push(c, vm_backend_name(req->backend));
	}
	if (req->uri) {
		char *uri = uri_redact(req->uri);
		strvec_push(c, "-c");
		strvec_push(c, uri);
		free(uri);
	}
	if (req->lxcpath) {
		strvec_push(c, "-P");
		strvec_push(c, req->lxcpath);
	}
	strvec_push(c, verb_name(req->verb));

	unsigned f = req->flags;
	if (f & VM_F_NAMES)
		strvec_push(c, "--name");
	if (req->from) {
		strvec_push(c, "--from");
		strvec_push(c, req->from);
	}
	if (f & VM_F_PAUSED)
		strvec_push(c, "--paused");
	if (f & VM_F_CONSOLE)
		strvec_push(c, "--console");
	if (req->verb == VERB_STOP && req->timeout != VM_STOP_TIMEOUT_DEFAULT) {
		strvec_push(c, "--timeout");
		strvec_pushf(c, "%u", req->timeout);
	}
	if (f & VM_F_FORCE)
		strvec_push(c, "--force");
	if (f & VM_F_LIVE)
		strvec_push(c, "--live");
	if (f & VM_F_CONFIG)
		strvec_push(c, "--config");
	if (f & VM_F_EJECT)
		strvec_push(c, "--eject");
	if (f & VM_F_UNSAFE)
		strvec_push(c, "--unsafe");
	if (f & VM_F_ALL) {
		strvec_push(c, "--all");
		if (req->parallel > 1) {
			strvec_push(c, "--parallel");
			strvec_pushf(c, "%u", req->parallel);
		}
	}

	int dd = 0;
	static const char *const snapshot_ops[] = {
		[SNAPSHOT_CREATE] = "create", [SNAPSHOT_LIST] = "list",
		[SNAPSHOT_REVERT] = "revert", [SNAPSHOT_DELETE] = "delete",
	};
	if (req->verb == VERB_SNAPSHOT)
		strvec_push(c, snapshot_ops[req->snapshot_op]);
	if (req->verb == VERB_RESTORE) {
		operand(c, req->path, &dd);
		if (req->guest)
			operand(c, req->guest, &dd);
		return;
	}
	if (req->guest)
		operand(c, req->guest, &dd);
	switch (req->verb) {
	case VERB_VCPU_SET:
		strvec_pushf(c, "%u", req->count);
		break;
	case VERB_MEM_SET: {
		char *size = size_with_suffix(req->size_kib, "K", "M", "G", "T");
		strvec_push(c, size);
		free(size);
		break;
	}
	case VERB_CD_CHANGE:
		operand(c, req->device, &dd);
		if (req->iso)
			operand(c, req->iso, &dd);
		break;
	case VERB_SAVE:
		operand(c, req->path, &dd);
		break;
	case VERB_SNAPSHOT:
		if (req->snapshot)
			operand(c, req->snapshot, &dd);
		break;
	case VERB_MIGRATE: {
		char *dest = uri_redact(req->dest);
		operand(c, dest, &dd);
		free(dest);
		break;
	}
	case VERB_LIST:
	case VERB_INFO:
	case VERB_START:
	case VERB_STOP:
	case VERB_KILL:
	case VERB_REBOOT:
	case VERB_PAUSE:
	case VERB_RESUME:
	case VERB_CONSOLE:
	case VERB_RESTORE:
	case VERB_HOST:
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
}
