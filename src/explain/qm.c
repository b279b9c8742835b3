/* qm.c: Proxmox VE 8's qm vocabulary (KVM/QEMU virtual machines).  qm names
 * a VM by its numeric VMID (100 to 999999999, pve-common's pve_verify_vmid:
 * ^[1-9][0-9]{2,8}$); a name is only a label, so a guest given by name has
 * no qm command (qm list shows the VMIDs).  qm acts on the node it runs on.
 *
 * False friends, checked against proxmox/qemu-server at commit e6352be
 * (src/PVE/CLI/qm.pm $cmddef, src/PVE/API2/Qemu.pm, src/PVE/QemuServer.pm):
 * - qm stop is the hard stop: API2/Qemu.pm vm_stop, "The qemu process will
 *   exit immediately. This is akin to pulling the power plug" (vmctl kill);
 *   qm shutdown is the clean one: vm_shutdown, "send an ACPI event",
 *   QemuServer.pm _do_vm_stop waits $timeout (60 unless the VM's startup
 *   down= says otherwise) and with forceStop kills, else dies "got timeout".
 * - qm suspend pauses in memory: vm_suspend; its todisk option "suspends the
 *   VM to disk. Will be resumed on next VM start" (hibernation: vmctl save).
 * - qm destroy deletes: destroy_vm, "Destroy the VM and all used/owned
 *   volumes", and dies "VM is running - destroy failed" for a running VM.
 * - qm reset is the hard reset (vm_reset); qm reboot (vm_reboot) "shutting
 *   it down, and starting it again. Applies pending changes".
 * - qm wait (CLI/qm.pm wait) waits until the VM stops, nothing else. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "quote.h"
#include "qm.h"
#include "uri.h"

/* The host of a URI or a bare host; NULL when it has none (test:///default). */
static char *uri_host_of(const char *s)
{
	char *h = uri_host(s);
	if (h[0] == '\0') {
		free(h);
		return NULL;
	}
	return h;
}

/* pve-common's pve-configid format (PVE/JSONSchema.pm pve_verify_configid,
 * ^[a-z][a-z0-9_-]+$ without regard to case) with pve-snapshot-name's
 * maxLength 40. */
bool qm_snapname_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 40 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

bool pve_vmid_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 3 && n <= 9 && s[0] >= '1' && s[0] <= '9' && strspn(s, "0123456789") == n;
}

/* false with a "none" when the guest is no VMID. */
static bool vmid(const struct vm_request *req, struct explanation *ex)
{
	if (pve_vmid_valid(req->guest))
		return true;
	char *q = msg_quote(req->guest ? req->guest : "");
	ex_none(ex, "qm names a VM by its numeric VMID (100 to 999999999), not by a name: qm list shows the VMID of %s", q);
	free(q);
	return false;
}

/* "qm SUB VMID" */
static struct strvec *qm(struct explanation *ex, const struct vm_request *req, const char *sub)
{
	struct strvec *c = ex_cmd(ex, "qm");
	strvec_push(c, sub);
	if (req->guest)
		strvec_push(c, req->guest);
	return c;
}

/* The guest kind of the request: qm answers for QEMU VMs only. */
static bool scheme_is(const char *uri, const char *scheme)
{
	size_t n = strlen(scheme);
	return uri && strncmp(uri, scheme, n) == 0 && (uri[n] == ':' || uri[n] == '+');
}

static bool kind_ok(const struct vm_request *req, struct explanation *ex)
{
	if (req->backend == BACKEND_LXC || req->backend == BACKEND_OPENVZ || req->lxcpath || scheme_is(req->uri, "lxc") ||
	    scheme_is(req->uri, "openvz")) {
		ex_none(ex, "qm manages Proxmox's QEMU VMs only; a container is pct's (pct list, pct start CTID, ...)");
		return false;
	}
	if (req->backend == BACKEND_XEN || scheme_is(req->uri, "xen") || scheme_is(req->uri, "libxl")) {
		ex_none(ex, "Proxmox runs no Xen: a Xen guest becomes a qm VM by qm create VMID (and qm disk import) "
			    "or qm importovf VMID MANIFEST STORAGE");
		return false;
	}
	return true;
}

/* The bulk forms: pve-manager's pvenode startall/stopall act on every VM and
 * container of the node (startall only on those with onboot set). */
static void bulk(const struct vm_request *req, struct explanation *ex)
{
	switch (req->verb) {
	case VERB_START:
		ex_none(ex, "qm has no bulk form of start; closest: pvenode startall (the VMs and containers of the node "
			    "whose onboot is set; --force 1 all of them)");
		return;
	case VERB_STOP:
		ex_none(ex, "qm has no bulk form of stop; closest: pvenode stopall (every VM and container of the node, "
			    "shut down cleanly)");
		return;
	default:
		ex_none(ex, "qm has no bulk form of %s; closest: one qm command per VMID (qm list shows them)",
			req->verb == VERB_KILL ? "kill" : req->verb == VERB_PAUSE ? "pause" : "resume");
		return;
	}
}

static void stop(const struct vm_request *req, struct explanation *ex)
{
	if (req->force && req->timeout == 0) {
		qm(ex, req, "stop");
		ex_note(ex, "--force with --timeout 0 kills at once: qm stop is the hard stop (vmctl kill)");
		return;
	}
	struct strvec *c = qm(ex, req, "shutdown");
	if (req->timeout == 0) {
		ex_approx(ex, "qm shutdown always waits for the VM to go down (60 s unless --timeout); it has no "
			      "'do not wait' (--timeout 0 would fail at once)");
	} else if (req->timeout != 60) {
		strvec_push(c, "--timeout");
		strvec_pushf(c, "%u", req->timeout);
	} else {
		ex_note(ex, "qm shutdown waits 60 s by default, or the down= of the VM's startup option");
	}
	if (req->force)
		strvec_push(c, "--forceStop"), strvec_push(c, "1");
	ex_note(ex, "qm stop would kill the VM at once (vmctl kill); qm shutdown sends the ACPI power button");
}

static void mem_set(const struct vm_request *req, struct explanation *ex)
{
	uint64_t mib = (req->size_kib + 1023) / 1024;
	struct strvec *c = qm(ex, req, "set");
	strvec_push(c, "--memory");
	strvec_pushf(c, "%llu", (unsigned long long)mib);
	if (req->size_kib % 1024)
		ex_approx(ex, "qm set --memory takes whole MiB: rounded up to %llu MiB", (unsigned long long)mib);
	if (req->live && !req->config)
		ex_approx(ex, "qm set --memory changes the configuration; the running VM follows only when its hotplug "
			      "option includes memory (with numa 1), else at the next start; a live balloon target is "
			      "the monitor's balloon command (qm monitor VMID, then: balloon %llu)", (unsigned long long)mib);
	else
		ex_approx(ex, "qm set --memory also changes the running VM when its hotplug option includes memory "
			      "(with numa 1); otherwise the change waits as pending until the next start");
	ex_note(ex, "qm set --balloon sets the least memory the balloon may leave, not the current size");
}

static void vcpu_set(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c = qm(ex, req, "set");
	strvec_push(c, "--vcpus");
	strvec_pushf(c, "%u", req->count);
	ex_approx(ex, "qm set --vcpus changes the configuration, and the running VM only when its hotplug option "
		      "includes cpu (else at the next start); it cannot exceed --sockets times --cores");
}

/* A vmctl CD or disk target as Proxmox's drive key: hda..hdd are ide0..3,
 * vda.. virtio0.., sda.. scsi0..; NULL for another name. */
char *qm_drive_key(const char *target)
{
	const char *t = strncmp(target, "/dev/", 5) == 0 ? target + 5 : target;
	if (strlen(t) != 3 || t[2] < 'a' || t[2] > 'z' || t[1] != 'd')
		return NULL;
	unsigned i = (unsigned)(t[2] - 'a');
	if (t[0] == 'h' && i < 4)
		return xasprintf("ide%u", i);
	if (t[0] == 'v' && i < 16)
		return xasprintf("virtio%u", i);
	if (t[0] == 's' && i < 31)
		return xasprintf("scsi%u", i);
	return NULL;
}

static void cd_change(const struct vm_request *req, struct explanation *ex)
{
	char *key = qm_drive_key(req->device);
	if (!key || strncmp(key, "ide", 3) != 0) {
		char *q = msg_quote(req->device);
		ex_none(ex, "qm names a CD drive by its key (ide2 is Proxmox's usual one; hda..hdd are ide0..ide3), not %s; "
			    "closest: qm set VMID --ide2 ISO,media=cdrom", q);
		free(q);
		free(key);
		return;
	}
	if (!req->eject && (req->iso[0] != '/' || strchr(req->iso, ','))) {
		char *q = msg_quote(req->iso);
		ex_none(ex, "qm takes a storage volume (local:iso/NAME.iso) or an absolute path without ',' as a CD, not %s", q);
		free(q);
		free(key);
		return;
	}
	struct strvec *c = qm(ex, req, "set");
	strvec_pushf(c, "--%s", key);
	if (req->eject)
		strvec_push(c, "none,media=cdrom");
	else
		strvec_pushf(c, "%s,media=cdrom", req->iso);
	if (!req->eject)
		ex_note(ex, "Proxmox names ISOs by storage volume (local:iso/NAME.iso); a path is allowed to root@pam only");
	free(key);
}

static void snapshot(const struct vm_request *req, struct explanation *ex)
{
	const char *s = req->snapshot;
	if (s && !qm_snapname_valid(s)) {
		char *q = msg_quote(s);
		ex_none(ex, "a Proxmox snapshot name begins with a letter, then letters, digits, '_' or '-' (2 to 40 in all): "
			    "not %s", q);
		free(q);
		return;
	}
	struct strvec *c;
	switch (req->snapshot_op) {
	case SNAPSHOT_CREATE:
		if (!s) {
			ex_none(ex, "qm snapshot needs a name; closest: qm snapshot %s NAME", req->guest);
			return;
		}
		c = qm(ex, req, "snapshot");
		strvec_push(c, s);
		ex_note(ex, "add --vmstate 1 to keep a running VM's memory in the snapshot");
		return;
	case SNAPSHOT_LIST:
		qm(ex, req, "listsnapshot");
		return;
	case SNAPSHOT_REVERT:
		strvec_push(qm(ex, req, "rollback"), s);
		return;
	case SNAPSHOT_DELETE:
		strvec_push(qm(ex, req, "delsnapshot"), s);
		return;
	}
}

static void migrate(const struct vm_request *req, struct explanation *ex)
{
	char *host = uri_host_of(req->dest);
	if (!host) {
		ex_none(ex, "qm migrate takes a node of the same Proxmox cluster; closest: qm migrate VMID NODE --online");
		return;
	}
	struct strvec *c = qm(ex, req, "migrate");
	strvec_push(c, host);
	if (req->live)
		strvec_push(c, "--online");
	if (req->unsafe)
		strvec_push(c, "--with-local-disks");
	ex_approx(ex, "qm migrates within a Proxmox cluster: its target is the node's name (%s here), not a libvirt URI",
		  host);
	if (!req->live)
		ex_note(ex, "without --online qm migrate refuses a running VM (virsh migrate without --live pauses it)");
	if (req->unsafe)
		ex_note(ex, "--with-local-disks copies local disks to the target (--targetstorage chooses where)");
	free(host);
}

static void watch(const struct vm_request *req, struct explanation *ex)
{
	switch (req->verb) {
	case VERB_WAIT: {
		const char *state = vm_value_str(req, "state");
		const struct vm_value *tv = vm_value(req, "timeout");
		if (!state || strcmp(state, "shutoff") != 0) {
			ex_none(ex, "qm wait waits for a VM to stop, for no other state; closest: qm status %s in a loop",
				req->guest);
			return;
		}
		if (tv && tv->num == 0) {
			qm(ex, req, "status");
			ex_approx(ex, "qm wait takes a timeout of 1 s at least: qm status looks once");
			return;
		}
		struct strvec *c = qm(ex, req, "wait");
		if (tv) {
			strvec_push(c, "--timeout");
			strvec_pushf(c, "%llu", (unsigned long long)tv->num);
		}
		ex_note(ex, "qm wait returns at once for a VM that is not running; at the timeout it fails with 'wait failed - got timeout'");
		return;
	}
	case VERB_EVENTS:
		ex_none(ex, "qm has no event stream; closest: Proxmox's task log (pvesh get /cluster/tasks, or the "
			    "node's: pvenode task list)");
		return;
	case VERB_TOP:
		ex_none(ex, "qm has no top; closest: pvesh get /cluster/resources --type vm (CPU, memory, disk and "
			    "network counters per VM), or qm list");
		return;
	case VERB_EXEC: {
		struct strvec *c = ex_cmd(ex, "qm");
		strvec_push(c, "guest");
		strvec_push(c, "exec");
		strvec_push(c, req->guest);
		strvec_push(c, "--");
		for (size_t i = 0;; i++) {
			const char *w = vm_value_nth(req, "command", i);
			if (!w)
				break;
			strvec_push(c, w);
		}
		ex_approx(ex, "qm guest exec goes through the QEMU guest agent and prints a JSON record (exitcode, "
			      "out-data, err-data) instead of the command's output and status; it waits 30 s at most (--timeout)");
		return;
	}
	default:
		return;
	}
}

static void host(struct explanation *ex)
{
	ex_none(ex, "qm has no host check; closest: pveversion -v (the Proxmox packages) and kvm-ok or "
		    "/dev/kvm for hardware virtualisation");
}

static void explain_qm_verb(const struct vm_request *req, struct explanation *ex)
{
	switch (req->verb) {
	case VERB_LIST:
		qm(ex, req, "list");
		if (req->names)
			ex_approx(ex, "qm list prints a table (VMID, NAME, STATUS, MEM, BOOTDISK, PID), not names alone");
		return;
	case VERB_INFO:
		if (!vmid(req, ex))
			return;
		strvec_push(qm(ex, req, "status"), "--verbose");
		ex_note(ex, "qm config %s shows the VM's definition", req->guest);
		return;
	case VERB_START:
		if (req->from) {
			ex_none(ex, "qm starts a VM by its VMID (its definition is /etc/pve/qemu-server/VMID.conf); "
				    "closest: qm create VMID, then qm start VMID");
			return;
		}
		if (!vmid(req, ex))
			return;
		if (req->paused) {
			struct strvec *c = qm(ex, req, "set");
			strvec_push(c, "--freeze");
			strvec_push(c, "1");
			qm(ex, req, "start");
			ex_approx(ex, "qm start has no paused start; the VM option freeze starts it with its CPUs stopped, at "
				      "every start until qm set %s --delete freeze (qm resume %s runs it)", req->guest, req->guest);
			return;
		}
		qm(ex, req, "start");
		if (req->console) {
			qm(ex, req, "terminal");
			ex_note(ex, "qm terminal needs a serial port (qm set %s --serial0 socket); leave it with Ctrl+O", req->guest);
		}
		return;
	case VERB_STOP:
		if (vmid(req, ex))
			stop(req, ex);
		return;
	case VERB_KILL:
		if (!vmid(req, ex))
			return;
		qm(ex, req, "stop");
		ex_note(ex, "qm stop is the hard stop; qm destroy would delete the VM and its disks");
		return;
	case VERB_REBOOT:
		if (!vmid(req, ex))
			return;
		qm(ex, req, "reboot");
		ex_note(ex, "qm reboot shuts the VM down and starts it again (pending changes applied); qm reset is the "
			    "hard reset");
		return;
	case VERB_PAUSE:
		if (!vmid(req, ex))
			return;
		qm(ex, req, "suspend");
		ex_note(ex, "qm suspend pauses in memory; qm suspend --todisk 1 would hibernate it (vmctl save)");
		return;
	case VERB_RESUME:
		if (!vmid(req, ex))
			return;
		qm(ex, req, "resume");
		return;
	case VERB_VCPU_SET:
		if (vmid(req, ex))
			vcpu_set(req, ex);
		return;
	case VERB_MEM_SET:
		if (vmid(req, ex))
			mem_set(req, ex);
		return;
	case VERB_CD_CHANGE:
		if (vmid(req, ex))
			cd_change(req, ex);
		return;
	case VERB_CONSOLE:
		if (!vmid(req, ex))
			return;
		qm(ex, req, "terminal");
		ex_note(ex, "qm terminal needs a serial port (qm set %s --serial0 socket); leave it with Ctrl+O", req->guest);
		return;
	case VERB_SAVE: {
		if (!vmid(req, ex))
			return;
		struct strvec *c = qm(ex, req, "suspend");
		strvec_push(c, "--todisk");
		strvec_push(c, "1");
		char *q = msg_quote(req->path);
		ex_approx(ex, "qm suspend --todisk 1 keeps the memory in a volume of a Proxmox storage (--statestorage), "
			      "not in the file %s; the next qm start resumes it", q);
		free(q);
		return;
	}
	case VERB_RESTORE:
		if (!req->guest) {
			ex_none(ex, "qm resumes a hibernated VM by its VMID (qm start VMID), not from a file; qmrestore "
				    "restores a vzdump backup");
			return;
		}
		if (!vmid(req, ex))
			return;
		qm(ex, req, "start");
		ex_approx(ex, "qm start resumes the state qm suspend --todisk 1 kept in the VM's configuration (vmstate), "
			      "not a file PATH; qmrestore restores a vzdump backup instead");
		return;
	case VERB_SNAPSHOT:
		if (vmid(req, ex))
			snapshot(req, ex);
		return;
	case VERB_MIGRATE:
		if (vmid(req, ex))
			migrate(req, ex);
		return;
	CASE_WATCH:
		if (req->guest && !vmid(req, ex))
			return;
		watch(req, ex);
		return;
	CASE_DEVICES:
		if (vmid(req, ex))
			explain_qm_devices(req, ex);
		return;
	CASE_DEFINE:
		explain_qm_define(req, ex);
		return;
	CASE_RESOURCES:
		explain_no_resources(req, ex, "qm has no storage pools or images: Proxmox storage is pvesm's (pvesm "
					      "status, pvesm list STORAGE, pvesm alloc, pvesm free)",
				     "qm has no virtual networks: a VM's NIC joins a bridge of /etc/network/interfaces "
				     "(vmbr0), or a zone of Proxmox SDN");
		return;
	case VERB_HOST:
		host(ex);
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	ex_none(ex, "not a guest operation");
}

void explain_qm(const struct vm_request *req, struct explanation *ex)
{
	if (!kind_ok(req, ex))
		return;
	if (req->all) {
		bulk(req, ex);
		return;
	}
	explain_qm_verb(req, ex);
	if (ex->equiv != EQUIV_NONE && req->uri) {
		char *host = uri_host_of(req->uri);
		ex_approx(ex, "qm acts on the Proxmox node it runs on: run it there (%s), not through a libvirt URI",
			  host ? host : "the host of the URI");
		free(host);
	}
}
