/* xe.c: the xe vocabulary (XAPI's CLI: XenServer 8 and XCP-ng 8).  Checked
 * against xapi-project/xen-api at e2ee48d (ocaml/xapi-cli-server):
 * cli_frontend.ml's cmdtable_data (each command's reqd/optn keys and its
 * Vm_selectors flag), parse_params_2 (every word is KEY=VALUE, `--flag`
 * means flag=true), cli_operations.ml's select_vms (vm= matches a
 * name-label or a UUID; do_vm_op refuses several matches without
 * --multiple, and do_multiple then acts on each in turn) and gen_cmds
 * (the generated <class>-list, -param-list, -param-set: param-list and
 * param-set take uuid= only).
 *
 * A guest goes through vm=NAME (one word: vm=-x is never an option) where
 * the command takes VM selectors, through name-label=NAME for vm-list,
 * and through uuid=UUID where the command takes a UUID only: a vmctl guest
 * that is no UUID then has no exact form, and the note names
 * `xe vm-list name-label=NAME --minimal`, which prints the UUID. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_xe.h"
#include "uri.h"

bool xe_is_uuid(const char *s)
{
	static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	if (!s || strlen(s) != sizeof(form) - 1)
		return false;
	for (size_t i = 0; form[i]; i++) {
		if (form[i] == '-' ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	}
	return true;
}

bool xe_container(const struct vm_request *req)
{
	if (req->backend == BACKEND_LXC || req->backend == BACKEND_OPENVZ)
		return true;
	return req->uri && (strncmp(req->uri, "lxc", 3) == 0 || strncmp(req->uri, "openvz", 6) == 0);
}

struct strvec *xe_cmd(struct explanation *ex, const char *command)
{
	struct strvec *c = ex_cmd(ex, "xe");
	strvec_push(c, command);
	return c;
}

/* "KEY=VALUE" as one word (sh_join quotes the whole word when it must). */
void xe_kv(struct strvec *c, const char *key, const char *value)
{
	strvec_pushf(c, "%s=%s", key, value);
}

/* vm=GUEST: select_vms matches the name-label or the UUID. */
struct strvec *xe_vm(struct explanation *ex, const struct vm_request *req, const char *command)
{
	struct strvec *c = xe_cmd(ex, command);
	xe_kv(c, "vm", req->guest);
	return c;
}

/* The note every vm=NAME line carries: what xe does when the name is shared. */
void xe_vm_note(struct explanation *ex, const struct vm_request *req)
{
	if (!xe_is_uuid(req->guest))
		ex_note(ex, "vm= matches a name-label or a UUID; xe refuses a name several VMs share unless --multiple is "
			    "added, which acts on each of them");
}

/* A command that takes uuid= only: exact with a UUID, else none naming how
 * to find it.  Returns the command, or NULL (then ex is none). */
struct strvec *xe_by_uuid(struct explanation *ex, const struct vm_request *req, const char *command,
			  const char *rest)
{
	if (!xe_is_uuid(req->guest)) {
		ex_none(ex, "xe %s takes the VM's UUID only (uuid=); closest: xe vm-list name-label=NAME --minimal prints "
			    "it, then xe %s uuid=UUID%s%s", command, command, rest ? " " : "", rest ? rest : "");
		return NULL;
	}
	struct strvec *c = xe_cmd(ex, command);
	xe_kv(c, "uuid", req->guest);
	return c;
}

/* The bulk forms: the VMs whose power-state is state, one after another
 * (do_vm_op with --multiple: do_multiple is a List.map). */
static void bulk(struct explanation *ex, const struct vm_request *req, const char *command, const char *state,
		 bool force)
{
	struct strvec *c = xe_cmd(ex, command);
	xe_kv(c, "power-state", state);
	if (force)
		strvec_push(c, "--force");
	strvec_push(c, "--multiple");
	ex_approx(ex, "xe acts on the selected VMs one after another (cli_operations.ml do_multiple)%s",
		  req->parallel > 1 ? ": --parallel has no xe equivalent" : "");
}

/* vcpu-set: xe vm-vcpu-hotplug calls VM.set_VCPUs_number_live, which
 * changes the running VM and also records VCPUs-at-startup
 * (ocaml/xapi/xapi_xenops.ml set_vcpus: Db.VM.set_VCPUs_at_startup). */
static void vcpu_set(struct explanation *ex, const struct vm_request *req)
{
	if (req->config && !req->live) {
		char *rest = xasprintf("VCPUs-at-startup=%u", req->count);
		struct strvec *c = xe_by_uuid(ex, req, "vm-param-set", rest);
		if (c) {
			strvec_push(c, rest);
			ex_approx(ex, "VCPUs-at-startup must not exceed VCPUs-max (set VCPUs-max first to go higher); "
				      "XAPI takes it for a halted VM");
		}
		free(rest);
		return;
	}
	struct strvec *c = xe_vm(ex, req, "vm-vcpu-hotplug");
	strvec_pushf(c, "new-vcpus=%u", req->count);
	if (!req->config)
		ex_approx(ex, "xe vm-vcpu-hotplug changes a running VM and also its VCPUs-at-startup, so the next start "
			      "keeps the count (vmctl --live --config)");
	ex_note(ex, "a running VM only, up to its VCPUs-max");
	xe_vm_note(ex, req);
}

/* mem-set: vm-memory-set is VM.set_memory, which sets static-max and the
 * dynamic range and asserts a halted VM (xapi_vm.ml set_memory_limits);
 * vm-memory-target-set sets dynamic-min = dynamic-max = target, the
 * balloon of a running VM (cli_operations.ml vm_memory_target_set). */
static void mem_set(struct explanation *ex, const struct vm_request *req)
{
	char *size = size_with_suffix(req->size_kib, "KiB", "MiB", "GiB", "TiB");
	struct strvec *c;
	if (req->config && !req->live) {
		c = xe_vm(ex, req, "vm-memory-set");
		xe_kv(c, "memory", size);
		ex_approx(ex, "xe vm-memory-set sets static-max, dynamic-min and dynamic-max to %s, and XAPI refuses it "
			      "unless the VM is halted", size);
	} else {
		c = xe_vm(ex, req, "vm-memory-target-set");
		xe_kv(c, "target", size);
		ex_approx(ex, "xe vm-memory-target-set sets dynamic-min and dynamic-max to %s: the balloon of a running VM, "
			      "kept for the next start too, within static-min..static-max", size);
	}
	xe_vm_note(ex, req);
	free(size);
}

/* The last part of a path: an ISO SR names each ISO by its file name. */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

static void cd_change(struct explanation *ex, const struct vm_request *req)
{
	/* vm_cd_eject and vm_cd_insert (cli_operations.ml) take the VM's only
	 * CD drive ("Two or more CDs found. Please use vbd-eject"); cd-name is
	 * the name-label of a VDI in an SR whose content-type is iso */
	if (req->eject) {
		xe_vm(ex, req, "vm-cd-eject");
		ex_approx(ex, "xe vm-cd-eject ejects the VM's only CD drive: it names no drive, and refuses a VM with two "
			      "(xe vbd-eject uuid=VBD then)");
		xe_vm_note(ex, req);
		return;
	}
	struct strvec *c = xe_vm(ex, req, "vm-cd-insert");
	xe_kv(c, "cd-name", base_name(req->iso));
	ex_approx(ex, "cd-name= is the name of an ISO in an ISO library (SR), not a path: the file must be in one "
		      "(xe cd-list); xe fills the VM's empty CD drive, it names no drive");
	ex_note(ex, "an ISO already in: xe vm-cd-eject first");
	xe_vm_note(ex, req);
}

static void snapshot(struct explanation *ex, const struct vm_request *req)
{
	struct strvec *c;
	switch (req->snapshot_op) {
	case SNAPSHOT_CREATE:
		if (!req->snapshot) {
			ex_none(ex, "xe vm-snapshot needs new-name-label=; closest: xe vm-snapshot vm=NAME new-name-label=SNAP");
			return;
		}
		c = xe_vm(ex, req, "vm-snapshot");
		xe_kv(c, "new-name-label", req->snapshot);
		ex_note(ex, "xe prints the new snapshot's UUID: snapshot-revert and snapshot-uninstall take it");
		xe_vm_note(ex, req);
		return;
	case SNAPSHOT_LIST:
		/* the generated snapshot-list filters on the snapshot's fields;
		 * snapshot-of holds the VM's UUID (gen_cmds: class "snapshot") */
		if (!xe_is_uuid(req->guest)) {
			ex_none(ex, "xe snapshot-list filters on snapshot-of=, the VM's UUID; closest: xe vm-list "
				    "name-label=NAME --minimal prints it, then xe snapshot-list snapshot-of=UUID");
			return;
		}
		c = xe_cmd(ex, "snapshot-list");
		xe_kv(c, "snapshot-of", req->guest);
		return;
	case SNAPSHOT_REVERT:
	case SNAPSHOT_DELETE:
		break;
	}
	bool revert = req->snapshot_op == SNAPSHOT_REVERT;
	/* get_snapshot_uuid (cli_operations.ml): snapshot-uuid= or uuid=, no name */
	if (!xe_is_uuid(req->snapshot)) {
		ex_none(ex, "xe names a snapshot by its UUID only; closest: xe snapshot-list name-label=SNAP --minimal "
			    "prints it, then xe %s snapshot-uuid=UUID", revert ? "snapshot-revert" : "snapshot-uninstall --force");
		return;
	}
	c = xe_cmd(ex, revert ? "snapshot-revert" : "snapshot-uninstall");
	xe_kv(c, "snapshot-uuid", req->snapshot);
	if (!revert)
		strvec_push(c, "--force");
	ex_approx(ex, "xe takes the snapshot's UUID alone: the VM is the one it was taken of, not checked against %s",
		  "GUEST");
	if (!revert)
		ex_note(ex, "snapshot-uninstall destroys the snapshot's disks too (--force: without asking); "
			    "snapshot-destroy would leave them behind");
}

static void migrate(struct explanation *ex, const struct vm_request *req)
{
	if (strstr(req->dest, "://")) {
		ex_none(ex, "xe migrates to a host of the pool (host=) or to another pool's master (remote-master= with "
			    "remote-username= and remote-password=), not to a libvirt URI; closest: xe vm-migrate vm=NAME "
			    "host=HOST --live");
		return;
	}
	struct strvec *c = xe_vm(ex, req, "vm-migrate");
	xe_kv(c, "host", req->dest);
	if (req->live)
		strvec_push(c, "--live");
	ex_approx(ex, "host= is a host of the same pool (by name-label or UUID); another pool needs remote-master=, "
		      "remote-username= and remote-password=");
	if (req->unsafe)
		ex_note(ex, "--unsafe has no xe equivalent");
	xe_vm_note(ex, req);
}

static void delete(struct explanation *ex, const struct vm_request *req)
{
	/* vm-destroy (cli_frontend.ml: reqd ["uuid"], "This leaves the storage
	 * associated with the VM intact. To delete storage too, use
	 * vm-uninstall"); vm_uninstall_common destroys the VDIs whose VBD
	 * other-config has the owner key, and the suspend VDI */
	if (vm_value_flag(req, "storage")) {
		if (vm_value_flag(req, "force"))
			strvec_push(xe_vm(ex, req, "vm-shutdown"), "--force");
		strvec_push(xe_vm(ex, req, "vm-uninstall"), "--force");
		ex_approx(ex, "xe vm-uninstall destroys the disks XAPI marked as the VM's own (VBD other-config owner) "
			      "and its suspend image, not every disk no other guest uses; --force: without asking");
		xe_vm_note(ex, req);
		return;
	}
	if (!xe_is_uuid(req->guest)) {
		ex_none(ex, "xe vm-destroy takes the VM's UUID only (uuid=); closest: xe vm-list name-label=NAME --minimal "
			    "prints it, then xe vm-destroy uuid=UUID (xe vm-uninstall vm=NAME also destroys the disks)");
		return;
	}
	if (vm_value_flag(req, "force"))
		strvec_push(xe_vm(ex, req, "vm-shutdown"), "--force");
	struct strvec *c = xe_cmd(ex, "vm-destroy");
	xe_kv(c, "uuid", req->guest);
	/* ocaml/xapi/xapi_vm.ml destroy: the children (snapshots) are rebased, not destroyed */
	ex_approx(ex, "xe vm-destroy removes the VM's record and keeps its disks (VDIs) and its snapshots, which vmctl "
		      "delete removes");
}

static void info(struct explanation *ex, const struct vm_request *req, bool config)
{
	struct strvec *c;
	if (xe_is_uuid(req->guest)) {
		c = xe_cmd(ex, "vm-param-list");
		xe_kv(c, "uuid", req->guest);
	} else {
		c = xe_cmd(ex, "vm-list");
		xe_kv(c, "name-label", req->guest);
		strvec_push(c, "params=all");
	}
	if (!config)
		return;
	ex_approx(ex, "XAPI keeps a VM as a database record, not a file: xe prints its fields (VCPUs-*, memory-*, "
		      "platform, HVM-boot-params...), no native config file");
	if (vm_value_flag(req, "inactive"))
		ex_note(ex, "one record holds both: the running values are in the same fields");
}

static void explain_verb(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	/* the host resources (pool-list .. net-stop) and the host are no guest's */
	bool guest_verb = !(req->verb >= VERB_POOL_LIST && req->verb <= VERB_NET_STOP) && req->verb != VERB_HOST &&
			  req->verb != VERB_TRANSLATE && req->verb != VERB_HELP;
	if (guest_verb && xe_container(req)) {
		ex_none(ex, "xe has no containers: XAPI runs Xen VMs; closest: the container's own tools (lxc-*, vzctl, pct)");
		return;
	}
	switch (req->verb) {
	case VERB_LIST:
		/* the generated vm-list filters is-a-template=false; dom0 is left out here */
		c = xe_cmd(ex, "vm-list");
		strvec_push(c, "is-control-domain=false");
		if (req->names) {
			strvec_push(c, "params=name-label");
			strvec_push(c, "--minimal");
			ex_approx(ex, "--minimal prints the names on one line, separated by commas");
		}
		return;
	case VERB_INFO:
		info(ex, req, false);
		return;
	case VERB_START:
		if (req->from) {
			ex_none(ex, "XAPI starts the VMs of its database only; closest: xe vm-import filename=FILE (an XVA "
				    "export), then xe vm-start vm=NAME");
			return;
		}
		if (req->all) {
			bulk(ex, req, "vm-start", "halted", false);
			return;
		}
		c = xe_vm(ex, req, "vm-start");
		if (req->paused)
			strvec_push(c, "paused=true");
		if (req->console) {
			xe_vm(ex, req, "console");
			ex_note(ex, "xe console attaches to the VM's text (vt100) console once it runs");
		}
		xe_vm_note(ex, req);
		return;
	case VERB_STOP:
		/* vm_shutdown: force=true is VM.hard_shutdown, else
		 * VM.clean_shutdown, waited for with no timeout of xe's */
		if (req->all) {
			bulk(ex, req, "vm-shutdown", "running", req->force && req->timeout == 0);
			return;
		}
		c = xe_vm(ex, req, "vm-shutdown");
		if (req->force && req->timeout == 0) {
			strvec_push(c, "--force");
			ex_note(ex, "--force with --timeout 0 powers off at once: xe vm-shutdown --force is a hard shutdown");
		} else if (req->force) {
			ex_approx(ex, "xe has no time limit of its own for a clean shutdown: when it fails, xe vm-shutdown "
				      "--force powers the VM off");
		} else if (req->timeout == 0) {
			ex_approx(ex, "xe waits until the VM has shut down; vmctl --timeout 0 does not wait");
		} else {
			ex_approx(ex, "xe waits for the clean shutdown without vmctl's time limit (%u s)", req->timeout);
		}
		xe_vm_note(ex, req);
		return;
	case VERB_KILL:
		if (req->all) {
			bulk(ex, req, "vm-shutdown", "running", true);
			ex_note(ex, "paused VMs: the same with power-state=paused");
			return;
		}
		strvec_push(xe_vm(ex, req, "vm-shutdown"), "--force");
		/* cli_frontend.ml "vm-destroy": "Destroy a VM. This leaves the
		 * storage associated with the VM intact" (reqd ["uuid"]) */
		ex_note(ex, "false friend: xe vm-destroy deletes the VM's record (its disks stay); the power-off is "
			    "xe vm-shutdown --force");
		xe_vm_note(ex, req);
		return;
	case VERB_REBOOT:
		xe_vm(ex, req, "vm-reboot");
		ex_note(ex, "xe vm-reboot --force would reset the VM at once (VM.hard_reboot)");
		xe_vm_note(ex, req);
		return;
	case VERB_PAUSE:
		if (req->all) {
			bulk(ex, req, "vm-pause", "running", false);
			return;
		}
		xe_vm(ex, req, "vm-pause");
		/* cli_frontend.ml "vm-pause": "Note this operation does not free
		 * the associated memory (see 'vm-suspend')" */
		ex_note(ex, "false friend: xe vm-suspend saves the VM to disk and stops it (vmctl save); xe vm-pause keeps it "
			    "in memory");
		xe_vm_note(ex, req);
		return;
	case VERB_RESUME:
		if (req->all) {
			bulk(ex, req, "vm-unpause", "paused", false);
			return;
		}
		xe_vm(ex, req, "vm-unpause");
		/* vm_resume calls VM.resume: a suspended VM (vm-suspend) */
		ex_note(ex, "false friend: xe vm-resume starts a suspended (saved) VM again (vmctl restore); xe vm-unpause "
			    "resumes a paused one");
		xe_vm_note(ex, req);
		return;
	case VERB_VCPU_SET:
		vcpu_set(ex, req);
		return;
	case VERB_MEM_SET:
		mem_set(ex, req);
		return;
	case VERB_CD_CHANGE:
		cd_change(ex, req);
		return;
	case VERB_CONSOLE:
		xe_vm(ex, req, "console");
		ex_note(ex, "xe console attaches to the VM's text (vt100) console");
		xe_vm_note(ex, req);
		return;
	case VERB_SAVE:
		xe_vm(ex, req, "vm-suspend");
		/* vm_suspend calls VM.suspend: XAPI writes a suspend VDI */
		ex_approx(ex, "XAPI saves the memory to a suspend image on an SR it chooses (the pool's suspend-image-SR), "
			      "not to PATH");
		ex_note(ex, "false friend: xe vm-suspend saves to disk; xe vm-pause pauses in memory (vmctl pause)");
		xe_vm_note(ex, req);
		return;
	case VERB_RESTORE:
		if (!g) {
			ex_none(ex, "xe vm-resume needs the VM: XAPI keeps the saved image with it; closest: vmctl restore PATH "
				    "GUEST, which is xe vm-resume vm=NAME");
			return;
		}
		xe_vm(ex, req, "vm-resume");
		ex_approx(ex, "xe vm-resume reads the suspend image XAPI keeps with the VM, not PATH");
		ex_note(ex, "false friend: xe vm-resume starts a suspended VM; a paused one is xe vm-unpause");
		xe_vm_note(ex, req);
		return;
	case VERB_SNAPSHOT:
		snapshot(ex, req);
		return;
	case VERB_MIGRATE:
		migrate(ex, req);
		return;
	case VERB_DELETE:
		delete(ex, req);
		return;
	case VERB_CONFIG:
		info(ex, req, true);
		return;
	case VERB_CREATE:
	case VERB_AUTOSTART:
	case VERB_RENAME:
		explain_xe_define(req, ex);
		return;
	CASE_DEVICES:
		explain_xe_devices(req, ex);
		return;
	CASE_WATCH:
		explain_xe_watch(req, ex);
		return;
	CASE_RESOURCES:
		explain_xe_resources(req, ex);
		return;
	case VERB_HOST:
		c = xe_cmd(ex, "host-list");
		strvec_push(c, "params=all");
		ex_approx(ex, "xe host-list shows the pool's hosts (software version, CPUs, memory); vmctl host checks this "
			      "host for KVM, Xen and libvirt");
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	ex_none(ex, "not a guest operation");
}

void explain_xe(const struct vm_request *req, struct explanation *ex)
{
	explain_verb(req, ex);
	if (ex->equiv == EQUIV_NONE || !req->uri)
		return;
	/* xe has no libvirt URI: it talks to the XAPI of this host (xe -s HOST for another) */
	char *host = uri_host(req->uri);
	if (host[0])
		ex_approx(ex, "xe talks to the XAPI of this host, not to the host of -c URI: xe -s %s -u USER -pw PASSWORD "
			      "reaches another", host);
	free(host);
}
