/* pct.c: the pct vocabulary (Proxmox VE 8's container tool).  pct names a
 * container by its numeric VMID (100..999999999, pve-common's
 * pve_verify_vmid: ^[1-9][0-9]{2,8}$); a name is none, naming pct list.
 * pct manages containers only: a virtual machine (-b xen, -b libvirt, a
 * qemu or xen URI) is none, naming qm.  Every line was checked against
 * proxmox/pve-container (src/PVE/CLI/pct.pm's $cmddef, src/PVE/API2/LXC.pm,
 * src/PVE/API2/LXC/Status.pm, src/PVE/LXC.pm; master 94f5585) and
 * pve-common's JSONSchema.pm get_options (options after the VMID, in any
 * order, --opt VALUE, -opt VALUE or --opt=VALUE).  Devices, definitions,
 * watching and host resources are in pct_more.c. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "pct.h"

/* pct suspend and pct resume checkpoint to, and restore from, this one
 * directory (Status.pm vm_suspend: lxc-checkpoint -n VMID -s -D
 * /var/lib/vz/dump; vm_resume: lxc-checkpoint -n VMID -r --foreground -D
 * /var/lib/vz/dump). */
#define PCT_DUMP_DIR "/var/lib/vz/dump"

bool pct_vm_kind(const struct vm_request *req)
{
	if (req->backend == BACKEND_XEN)
		return true;
	if (req->backend == BACKEND_LXC || req->backend == BACKEND_OPENVZ)
		return false;
	if (req->uri)
		return strncmp(req->uri, "lxc", 3) != 0 && strncmp(req->uri, "openvz", 6) != 0;
	return req->backend == BACKEND_LIBVIRT;
}

struct strvec *pct_cmd(struct explanation *ex, const char *sub, const char *vmid)
{
	struct strvec *c = ex_cmd(ex, "pct");
	strvec_push(c, sub);
	if (vmid)
		strvec_push(c, vmid);
	return c;
}

/* pct set VMID OPTION VALUE: pct set always writes the container's config
 * (/etc/pve/lxc/VMID.conf) and changes a running container too: memory
 * and netN/mpN/devN are hot-plugged (LXC/Config.pm vmconfig_hotplug_pending),
 * cores is a "fastplug" option ($LXC_FASTPLUG_OPTIONS) that pvestatd
 * applies to the running container's cpuset.  So it is vmctl's --live
 * --config; the other choices are approximations. */
struct strvec *pct_set(struct explanation *ex, const struct vm_request *req, const char *option, const char *value)
{
	struct strvec *c = pct_cmd(ex, "set", req->guest);
	strvec_push(c, option);
	strvec_push(c, value);
	if (req->live && !req->config)
		ex_approx(ex, "pct set also keeps the change in the container's config (vmctl --live --config)");
	else if (req->config && !req->live)
		ex_approx(ex, "pct set also changes a running container (vmctl --live --config)");
	else if (!req->live && !req->config)
		ex_approx(ex, "pct set changes the running container and its config alike (vmctl --live --config); vmctl's "
			      "default changes what the container's state allows");
	return c;
}

/* The host of a migration's DEST: a bare host, or a URI's host without its
 * user, password and port; a new string, or NULL when there is none. */
static char *dest_host(const char *dest)
{
	const char *p = strstr(dest, "://");
	if (!p)
		return xstrdup(dest);
	p += 3;
	size_t len = strcspn(p, "/?");
	const char *at = memchr(p, '@', len);
	if (at) {
		len -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	const char *colon = memchr(p, ':', len);
	if (colon)
		len = (size_t)(colon - p);
	return len ? xasprintf("%.*s", (int)len, p) : NULL;
}

/* Bulk requests (--all): pct acts on one VMID at a time. */
static void pct_bulk(const struct vm_request *req, struct explanation *ex)
{
	switch (req->verb) {
	case VERB_START:
		ex_none(ex, "pct has no bulk form; closest: pvesh create /nodes/$(hostname)/startall starts the guests "
			    "marked onboot (VMs too), or one pct start VMID per line of pct list");
		return;
	case VERB_STOP:
		ex_none(ex, "pct has no bulk form; closest: pvesh create /nodes/$(hostname)/stopall shuts every guest down "
			    "(VMs too), or one pct shutdown VMID per line of pct list");
		return;
	default:
		ex_none(ex, "pct has no bulk form; closest: one pct %s VMID per line of pct list",
			req->verb == VERB_KILL ? "stop" : req->verb == VERB_PAUSE ? "suspend" : "resume");
		return;
	}
}

static void pct_stop(const struct vm_request *req, struct explanation *ex)
{
	/* Status.pm vm_shutdown: timeout (default 60) and forceStop (default
	 * 0) go to PVE::LXC::vm_stop, which runs lxc-stop --nokill --timeout
	 * T, or without --nokill when forceStop: kill after the timeout. */
	if (req->force && req->timeout == 0) {
		pct_cmd(ex, "stop", req->guest);
		ex_note(ex, "--force with --timeout 0 kills at once: pct stop kills the container (lxc-stop --kill)");
		return;
	}
	struct strvec *c = pct_cmd(ex, "shutdown", req->guest);
	if (req->timeout != 60) {
		strvec_push(c, "--timeout");
		strvec_pushf(c, "%u", req->timeout);
	}
	if (req->force) {
		strvec_push(c, "--forceStop");
		strvec_push(c, "1");
	}
	if (req->timeout == 0)
		/* LXC.pm vm_stop: after lxc-stop it reads the container's
		 * command socket until the container is gone */
		ex_approx(ex, "pct shutdown --timeout 0 asks for the shutdown and then waits until the container has "
			      "stopped (PVE::LXC::vm_stop reads its command socket); vmctl stop --timeout 0 returns at once");
	ex_note(ex, "false friend: pct stop kills the container at once (vmctl kill); pct shutdown is the clean stop");
}

static void pct_snapshot(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	switch (req->snapshot_op) {
	case SNAPSHOT_CREATE:
		if (!req->snapshot) {
			ex_none(ex, "pct snapshot needs a name: pct snapshot %s NAME", g);
			return;
		}
		if (!pct_snapname(req->snapshot)) {
			ex_none(ex, "pct takes a snapshot name of a letter, then letters, digits, '-' and '_' (2 to 40 "
				    "characters, not 'current' or 'vzdump'); closest: pct snapshot %s NAME", g);
			return;
		}
		strvec_push(pct_cmd(ex, "snapshot", g), req->snapshot);
		return;
	case SNAPSHOT_LIST:
		pct_cmd(ex, "listsnapshot", g);
		return;
	case SNAPSHOT_REVERT:
	case SNAPSHOT_DELETE:
		if (!pct_snapname(req->snapshot)) {
			ex_none(ex, "pct takes a snapshot name of a letter, then letters, digits, '-' and '_' (2 to 40 "
				    "characters); pct listsnapshot %s shows them", g);
			return;
		}
		strvec_push(pct_cmd(ex, req->snapshot_op == SNAPSHOT_REVERT ? "rollback" : "delsnapshot", g), req->snapshot);
		if (req->snapshot_op == SNAPSHOT_REVERT)
			ex_note(ex, "the container stays stopped after the rollback unless --start 1 is given");
		return;
	}
}

static void pct_migrate(const struct vm_request *req, struct explanation *ex)
{
	char *host = dest_host(req->dest);
	if (!host) {
		ex_none(ex, "pct migrate takes the name of a node of the cluster: pct migrate %s NODE --restart", req->guest);
		return;
	}
	struct strvec *c = pct_cmd(ex, "migrate", req->guest);
	strvec_push(c, host);
	strvec_push(c, "--restart");
	/* Migrate.pm prepare: "lxc live migration is currently not
	 * implemented"; a running container "can only be migrated in restart
	 * mode" (shut down, moved, started again; --timeout default 180) */
	ex_approx(ex, "containers migrate by restart only: --restart shuts a running container down, moves it and "
		      "starts it again on the node%s", req->live ? " (pct migrate --online: live migration of a container "
							    "is not implemented)" : "");
	if (strstr(req->dest, "://"))
		ex_approx(ex, "pct migrate takes a node of the same Proxmox cluster: %s is the URI's host", host);
	if (req->unsafe)
		ex_note(ex, "pct migrate copies volumes on local storage itself (--target-storage maps them); --unsafe has "
			    "no pct equivalent");
	free(host);
}

static void pct_vm(const struct vm_request *req, struct explanation *ex)
{
	if (req->backend == BACKEND_XEN || (req->uri && strncmp(req->uri, "xen", 3) == 0))
		ex_none(ex, "pct manages containers only, and Proxmox runs no Xen: a Xen guest moves to Proxmox as a VM "
			    "(qm create, qm importovf)");
	else
		ex_none(ex, "pct manages containers only: a virtual machine is qm's (vmctl --explain=qm)");
}

void explain_pct(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	switch (req->verb) {
	case VERB_HOST:
	CASE_RESOURCES:
		pct_resources(req, ex);
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		ex_none(ex, "not a guest operation");
		return;
	default:
		break;
	}
	if (pct_vm_kind(req)) {
		pct_vm(req, ex);
		return;
	}
	if (req->all) {
		pct_bulk(req, ex);
		return;
	}
	if (g && !pve_vmid_valid(g)) {
		ex_none(ex, "pct takes a numeric VMID (100 to 999999999), not a name: pct list shows each container's VMID "
			    "and name");
		return;
	}
	switch (req->verb) {
	case VERB_LIST:
		pct_cmd(ex, "list", NULL);
		if (req->names)
			ex_approx(ex, "pct list prints the VMID, status, lock and name of each container; vmctl list --name "
				      "prints names only");
		ex_note(ex, "pct list shows this node's containers; qm list shows its VMs");
		break;
	case VERB_INFO:
		strvec_push(pct_cmd(ex, "status", g), "--verbose");
		ex_note(ex, "without --verbose pct status prints the state only; pct config shows the definition");
		break;
	case VERB_START:
		if (req->from) {
			ex_none(ex, "pct starts a container by VMID; its definition is /etc/pve/lxc/VMID.conf, made by pct "
				    "create (or pct restore from a backup)");
			return;
		}
		if (req->paused) {
			ex_none(ex, "pct start cannot start a container frozen; closest: pct start %s, then lxc-freeze -n %s "
				    "(pct has no freeze)", g, g);
			return;
		}
		pct_cmd(ex, "start", g);
		if (req->console) {
			pct_cmd(ex, "console", g);
			ex_note(ex, "leave the console with Ctrl+a q");
		}
		break;
	case VERB_STOP:
		pct_stop(req, ex);
		break;
	case VERB_KILL:
		pct_cmd(ex, "stop", g);
		ex_note(ex, "pct stop kills the container (lxc-stop --kill); pct destroy would delete it");
		break;
	case VERB_REBOOT:
		pct_cmd(ex, "reboot", g);
		/* LXC.pm vm_reboot: vm_stop with a kill after the timeout, then vm_start */
		ex_note(ex, "pct reboot shuts the container down (killing it after --timeout) and starts it again, "
			    "applying pending changes");
		break;
	case VERB_PAUSE:
		/* Status.pm vm_suspend runs lxc-checkpoint -s: a CRIU checkpoint */
		ex_none(ex, "pct has no freeze; closest: lxc-freeze -n %s (false friend: pct suspend checkpoints the "
			    "container to " PCT_DUMP_DIR " with CRIU and stops it, as vmctl save does)", g);
		break;
	case VERB_RESUME:
		ex_none(ex, "pct has no thaw; closest: lxc-unfreeze -n %s (false friend: pct resume restores what pct "
			    "suspend checkpointed, as vmctl restore does)", g);
		break;
	case VERB_VCPU_SET: {
		char *n = xasprintf("%u", req->count);
		pct_set(ex, req, "--cores", n);
		ex_note(ex, "a container has no vCPUs: --cores limits how many host CPUs it may run on (pvestatd picks "
			    "which)");
		free(n);
		break;
	}
	case VERB_MEM_SET: {
		uint64_t mib = (req->size_kib + 1023) / 1024;
		if (mib < 16) {
			ex_none(ex, "pct set --memory takes at least 16 (MiB)");
			return;
		}
		char *n = xasprintf("%llu", (unsigned long long)mib);
		pct_set(ex, req, "--memory", n);
		if (req->size_kib % 1024)
			ex_approx(ex, "pct set --memory takes whole MiB: rounded up to %llu MiB", (unsigned long long)mib);
		ex_note(ex, "pct reads --memory in MiB");
		free(n);
		break;
	}
	case VERB_CD_CHANGE:
		ex_none(ex, "a container has no CD drive; closest: a bind mount point of the ISO's files, pct set %s --mp0 "
			    "DIR,mp=/media/cdrom", g);
		break;
	case VERB_CONSOLE:
		pct_cmd(ex, "console", g);
		ex_note(ex, "leave the console with Ctrl+a q; pct enter %s opens a shell instead", g);
		break;
	case VERB_SAVE:
		pct_cmd(ex, "suspend", g);
		if (strcmp(req->path, PCT_DUMP_DIR) != 0 && strcmp(req->path, PCT_DUMP_DIR "/") != 0)
			ex_approx(ex, "pct suspend always checkpoints into " PCT_DUMP_DIR ", not into the directory given");
		ex_note(ex, "false friend: pct suspend is a CRIU checkpoint to disk (lxc-checkpoint -s, experimental), not "
			    "a pause; a backup (vzdump %s) keeps the disks, not the running state", g);
		break;
	case VERB_RESTORE:
		if (!g) {
			ex_none(ex, "pct resume needs the container's VMID: vmctl restore PATH VMID");
			return;
		}
		pct_cmd(ex, "resume", g);
		if (strcmp(req->path, PCT_DUMP_DIR) != 0 && strcmp(req->path, PCT_DUMP_DIR "/") != 0)
			ex_approx(ex, "pct resume always restores from " PCT_DUMP_DIR ", not from the directory given");
		ex_note(ex, "false friend: pct resume restores a pct suspend checkpoint, not a pause; pct restore makes a "
			    "container from a vzdump backup");
		break;
	case VERB_SNAPSHOT:
		pct_snapshot(req, ex);
		break;
	case VERB_MIGRATE:
		pct_migrate(req, ex);
		break;
	CASE_DEFINE:
		pct_define(req, ex);
		break;
	CASE_DEVICES:
		pct_devices(req, ex);
		break;
	CASE_WATCH:
		pct_watch(req, ex);
		break;
	case VERB_HOST:
	CASE_RESOURCES:
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	if (req->lxcpath && ex->equiv == EQUIV_EXACT && ex->n)
		ex_approx(ex, "pct keeps its containers in /var/lib/lxc (their configs in /etc/pve/lxc): -P has no pct "
			      "equivalent");
}
