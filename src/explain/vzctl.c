/* vzctl.c: the vzctl vocabulary (vzctl 4.11; OpenVZ 7 differences in notes).
 * vzctl takes the CTID (or a name) positionally right after the command and
 * parses options only after it, so a name that begins with '-' is safe. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "uri.h"

static struct strvec *ct_cmd(struct explanation *ex, const struct vm_request *req, const char *command)
{
	struct strvec *c = ex_cmd(ex, "vzctl");
	strvec_push(c, command);
	strvec_push(c, req->guest);
	return c;
}

static int all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* A snapshot id vzctl 4.11 takes: a UUID, in braces or not
 * (vzctl_get_normalized_guid in src/lib/util.c, used by --id). */
static int is_uuid(const char *s)
{
	const char *p = s[0] == '{' ? s + 1 : s;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (p[i] != '-')
				return 0;
		} else if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i]) {
			return 0;
		}
	}
	return p[36] == '\0' || (s[0] == '{' && p[36] == '}' && p[37] == '\0');
}

/* vzctl snapshot-switch and snapshot-delete CTID --id UUID (vzctl(8) 4.11):
 * vzctl identifies a snapshot by UUID only; vmctl by its name. */
static void vz_snapshot_id(struct explanation *ex, const struct vm_request *req, const char *command)
{
	struct strvec *c = ct_cmd(ex, req, command);
	strvec_push(c, "--id");
	strvec_push(c, req->snapshot);
	if (is_uuid(req->snapshot))
		ex_note(ex, "vzctl names a snapshot by its UUID (--id); the name given to vzctl snapshot --name is not accepted");
	else
		ex_approx(ex, "vzctl names a snapshot by UUID, not by name: --id takes the UUID vzctl snapshot-list CTID shows "
			  "(vzctl refuses an --id that is no UUID)");
}

/* vzctl's sizes: K, M, G. */
static char *vz_size(uint64_t kib)
{
	if (kib % (UINT64_C(1) << 20) == 0)
		return xasprintf("%lluG", (unsigned long long)(kib >> 20));
	if (kib % 1024 == 0)
		return xasprintf("%lluM", (unsigned long long)(kib >> 10));
	return xasprintf("%lluK", (unsigned long long)kib);
}

/* vcpu-set and mem-set: --save makes a change persistent, and also applies
 * it to a running container. */
static void vz_set(struct explanation *ex, const struct vm_request *req, const char *option, const char *value)
{
	struct strvec *c = ct_cmd(ex, req, "set");
	strvec_push(c, option);
	strvec_push(c, value);
	if (req->config) {
		strvec_push(c, "--save");
		if (!req->live)
			ex_approx(ex, "vzctl set --save also changes a running container");
	} else if (!req->live) {
		ex_approx(ex, "vzctl set without --save changes a running container only; add --save to keep the change");
	}
}

void explain_vzctl(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_LIST:
		c = ex_cmd(ex, "vzlist");
		strvec_push(c, "-a");
		if (req->names) {
			strvec_push(c, "-H");
			strvec_push(c, "-o");
			strvec_push(c, "name");
			ex_approx(ex, "containers are known by CTID; one without a name shows '-'");
		}
		break;
	case VERB_INFO:
		ct_cmd(ex, req, "status");
		ex_approx(ex, "vzctl status says only whether the container exists, is mounted and runs; vzlist -a CTID shows more (lxc-info is not vzctl status)");
		break;
	case VERB_START:
		if (req->from) {
			ex_none(ex, "vzctl starts a container by CTID; closest: vzctl create CTID --config NAME, then vzctl start CTID");
			return;
		}
		if (req->paused) {
			ex_none(ex, "vzctl 4.11 cannot start a container paused; OpenVZ 7: vzctl start CTID, then vzctl pause CTID");
			return;
		}
		ct_cmd(ex, req, "start");
		if (req->console) {
			ct_cmd(ex, req, "console");
			ex_note(ex, "leave the console with Esc then .");
		}
		break;
	case VERB_STOP:
		c = ct_cmd(ex, req, "stop");
		if (req->force && req->timeout == 0) {
			strvec_push(c, "--fast");
			ex_approx(ex, "--force with --timeout 0 kills at once; --fast stops without a clean shutdown");
		} else {
			ex_approx(ex, "vzctl stop waits for a clean shutdown with its own timeout, then kills the container");
		}
		break;
	case VERB_KILL:
		strvec_push(ct_cmd(ex, req, "stop"), "--fast");
		ex_approx(ex, "--fast stops at once without a clean shutdown");
		ex_note(ex, "vzctl destroy would DELETE the container, unlike virsh destroy and xl destroy");
		break;
	case VERB_REBOOT:
		ct_cmd(ex, req, "restart");
		break;
	case VERB_PAUSE:
		strvec_push(ct_cmd(ex, req, "chkpnt"), "--suspend");
		ex_approx(ex, "vzctl 4.11 has no pause; chkpnt --suspend freezes the container (the first stage of a checkpoint); OpenVZ 7: vzctl pause CTID");
		ex_note(ex, "vzctl suspend is not this: it is a checkpoint to disk");
		break;
	case VERB_RESUME:
		strvec_push(ct_cmd(ex, req, "chkpnt"), "--resume");
		ex_approx(ex, "resumes a container frozen by chkpnt --suspend");
		ex_note(ex, "plain vzctl resume is not this: it restores a checkpoint from disk (vzctl restore)");
		break;
	case VERB_VCPU_SET: {
		char *n = xasprintf("%u", req->count);
		vz_set(ex, req, "--cpus", n);
		free(n);
		break;
	}
	case VERB_MEM_SET: {
		char *size = vz_size(req->size_kib);
		vz_set(ex, req, "--ram", size);
		free(size);
		break;
	}
	case VERB_CD_CHANGE:
		ex_none(ex, "a container has no CD drive");
		return;
	case VERB_CONSOLE:
		ct_cmd(ex, req, "console");
		ex_note(ex, "leave the console with Esc then .");
		break;
	case VERB_SAVE:
		c = ct_cmd(ex, req, "suspend");
		strvec_push(c, "--dumpfile");
		strvec_push(c, req->path);
		ex_note(ex, "vzctl suspend (alias chkpnt) is this save, a checkpoint to disk; virsh suspend is a pause");
		break;
	case VERB_RESTORE:
		if (!g) {
			ex_none(ex, "vzctl restore needs the CTID: vmctl restore PATH GUEST");
			return;
		}
		c = ct_cmd(ex, req, "restore");
		strvec_push(c, "--dumpfile");
		strvec_push(c, req->path);
		ex_note(ex, "vzctl resume is the same command (not virsh resume)");
		break;
	case VERB_SNAPSHOT:
		switch (req->snapshot_op) {
		case SNAPSHOT_CREATE:
			c = ct_cmd(ex, req, "snapshot");
			if (req->snapshot) {
				strvec_push(c, "--name");
				strvec_push(c, req->snapshot);
			}
			ex_note(ex, "ploop containers only");
			break;
		case SNAPSHOT_LIST:
			ct_cmd(ex, req, "snapshot-list");
			break;
		case SNAPSHOT_REVERT:
			vz_snapshot_id(ex, req, "snapshot-switch");
			ex_note(ex, "ploop containers only; the container's current state is lost");
			break;
		case SNAPSHOT_DELETE:
			vz_snapshot_id(ex, req, "snapshot-delete");
			break;
		}
		break;
	case VERB_MIGRATE: {
		char *host = uri_host(req->dest);
		c = ex_cmd(ex, "vzmigrate");
		/* vzmigrate(8) 4.11 documents --live; --online is its
		 * backward-compatible alias (bin/vzmigrate.in: --live|--online) */
		if (req->live)
			strvec_push(c, "--live");
		strvec_push(c, host);
		strvec_push(c, g);
		if (uri_is_uri(req->dest))
			ex_approx(ex, "vzmigrate takes a host reached over ssh, not a libvirt URI");
		ex_note(ex, "vzmigrate copies the container's private area itself");
		free(host);
		break;
	}
	CASE_WATCH:
		explain_watch(VOCAB_VZCTL, req, ex);
		return;
	CASE_DEVICES:
		explain_devices(VOCAB_VZCTL, req, ex);
		return;
	CASE_DEFINE:
		explain_define(VOCAB_VZCTL, req, ex);
		return;
	CASE_RESOURCES:
		explain_no_resources(req, ex, "vzctl has no storage pools or images: a container's disk is a ploop image "
					      "made by vzctl create and changed with ploop (ploop resize, ploop convert)",
				     "vzctl has no virtual networks: vznetcfg and ip link make the bridge, and vzctl set CTID --netif_add joins it");
		return;
	case VERB_HOST:
		ex_none(ex, "vzctl has no host check; closest: vzlist -a");
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		ex_none(ex, "not a guest operation");
		return;
	}
	if (g && !all_digits(g))
		ex_note(ex, "vzctl looks a non-numeric CTID up as a container name (set with vzctl set CTID --name NAME --save)");
}
