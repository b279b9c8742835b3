/* xe_more.c: the xe vocabulary's definitions, devices, watching and host
 * resources (see xe.c for the source checked: xen-api e2ee48d,
 * ocaml/xapi-cli-server/cli_frontend.ml and cli_operations.ml). */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_xe.h"

void explain_xe_define(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (req->verb) {
	case VERB_CREATE:
		/* vm-install: reqd ["new-name-label"], optn template, sr-name-label,
		 * sr-uuid: a VM is made from a template, then changed */
		if (req->from) {
			ex_none(ex, "XAPI reads no native configuration; closest: xe vm-import filename=FILE for an XVA "
				    "export (an OVF goes through XenCenter or Xen Orchestra)");
			return;
		}
		ex_none(ex, "XAPI builds a VM from a template; closest: xe vm-install template=TEMPLATE new-name-label=NAME, "
			    "then xe vm-memory-limits-set, xe vm-disk-add, xe vm-cd-add and xe vif-create");
		return;
	case VERB_AUTOSTART:
		/* xen-api reads other-config:auto_poweron only in
		 * ocaml/xapi/xapi_db_upgrade.ml upgrade_auto_poweron, since "the
		 * removal of the Auto-start on server boot feature" */
		ex_none(ex, "XAPI has no autostart of its own; closest: xe vm-param-set uuid=UUID "
			    "other-config:auto_poweron=%s, which XCP-ng honours when the pool has it too",
			strcmp(vm_value_str(req, "switch"), "on") == 0 ? "true" : "false");
		return;
	case VERB_RENAME: {
		/* vm-param-set is generated (gen_cmds: reqd ["uuid"]) */
		const char *new_name = vm_value_str(req, "new_name");
		char *rest = xasprintf("name-label=%s", new_name);
		c = xe_by_uuid(ex, req, "vm-param-set", "name-label=NEWNAME");
		if (c) {
			strvec_push(c, rest);
			ex_note(ex, "XAPI renames a running VM too");
		}
		free(rest);
		return;
	}
	default:
		break;
	}
	ex_none(ex, "not a definition");
}

void explain_xe_devices(const struct vm_request *req, struct explanation *ex)
{
	switch (req->verb) {
	case VERB_DISK_LIST:
		xe_vm(ex, req, "vm-disk-list");
		/* vm_disk_list false: the CD drives are vm-cd-list's */
		ex_approx(ex, "xe vm-disk-list leaves the CD drives out (xe vm-cd-list vm=NAME shows them)");
		xe_vm_note(ex, req);
		return;
	case VERB_DISK_ATTACH:
		ex_none(ex, "xe attaches VDIs (disks of an SR), not files; closest: xe vbd-create vm-uuid=UUID "
			    "vdi-uuid=VDI device=N, then xe vbd-plug uuid=VBD (a new disk: xe vm-disk-add vm=NAME "
			    "disk-size=SIZE device=N)");
		return;
	case VERB_DISK_DETACH:
		/* vm-disk-remove: "Remove a disk from the selected VM and destroy it" */
		ex_none(ex, "xe names a VBD by its UUID; closest: xe vbd-unplug uuid=VBD, then xe vbd-destroy uuid=VBD "
			    "(xe vm-disk-remove would also destroy the disk)");
		return;
	case VERB_NIC_LIST:
		xe_vm(ex, req, "vm-vif-list");
		xe_vm_note(ex, req);
		return;
	case VERB_NIC_ATTACH:
		ex_none(ex, "xe attaches a VIF to an XAPI network by UUIDs; closest: xe vif-create vm-uuid=UUID "
			    "network-uuid=NET device=N, then xe vif-plug uuid=VIF");
		return;
	case VERB_NIC_DETACH:
		ex_none(ex, "xe names a VIF by its UUID; closest: xe vif-list vm-uuid=UUID MAC=MAC --minimal prints it, "
			    "then xe vif-unplug uuid=VIF and xe vif-destroy uuid=VIF");
		return;
	case VERB_VCPU_LIST:
		ex_none(ex, "xe lists no vCPUs; closest: xe vm-param-get uuid=UUID param-name=VCPUs-utilisation, or "
			    "xl vcpu-list on the host");
		return;
	case VERB_VCPU_PIN:
		/* records.ml VCPUs-params: keys weight, cap, mask */
		ex_none(ex, "XAPI pins all of a VM's vCPUs together, from the next start; closest: xe vm-param-set "
			    "uuid=UUID VCPUs-params:mask=%s", vm_value_str(req, "cpulist"));
		return;
	case VERB_DISPLAY:
		ex_none(ex, "xe prints no VNC address: XAPI serves the graphical console (RFB) over its own HTTPS "
			    "connection to XenCenter and Xen Orchestra; closest: xe console vm=NAME (the text console)");
		return;
	default:
		break;
	}
	ex_none(ex, "not a device");
}

/* The power-state event-wait compares (record_util: lower case). */
static const char *power_state(enum vm_state s)
{
	switch (s) {
	case VM_STATE_RUNNING:
		return "running";
	case VM_STATE_PAUSED:
		return "paused";
	case VM_STATE_SHUTOFF:
		return "halted";
	case VM_STATE_SUSPENDED:
		return "suspended";
	case VM_STATE_CRASHED:
	case VM_STATE_STARTING:
	case VM_STATE_STOPPING:
	case VM_STATE_UNKNOWN:
	case VM_STATE__NONE:
		break;
	}
	return NULL;
}

void explain_xe_watch(const struct vm_request *req, struct explanation *ex)
{
	switch (req->verb) {
	case VERB_WAIT: {
		/* event_wait: class= and KEY=VALUE (or KEY=/=VALUE) conditions on
		 * the records of the class, polled until one record meets all */
		const struct vm_value *st = vm_value(req, "state");
		enum vm_state s = st ? (enum vm_state)st->num : VM_STATE_UNKNOWN;
		const char *ps = power_state(s);
		if (!ps) {
			ex_none(ex, "XAPI's power-state is halted, paused, running or suspended: it has no %s; closest: "
				    "xe event-wait class=vm name-label=NAME power-state=halted", vm_state_name(s));
			return;
		}
		struct strvec *c = xe_cmd(ex, "event-wait");
		strvec_push(c, "class=vm");
		xe_kv(c, xe_is_uuid(req->guest) ? "uuid" : "name-label", req->guest);
		xe_kv(c, "power-state", ps);
		if (vm_value(req, "timeout"))
			ex_approx(ex, "xe event-wait has no time limit: --timeout has no xe equivalent");
		else
			ex_approx(ex, "xe event-wait keeps waiting when the VM disappears (vmctl exits 3)");
		return;
	}
	case VERB_EVENTS:
		ex_none(ex, "xe prints no stream of events; closest: xe event-wait class=vm name-label=NAME "
			    "power-state=STATE, which returns once the condition holds");
		return;
	case VERB_TOP:
		ex_none(ex, "xe has no top; closest: xentop on the host, or xe vm-data-source-query vm=NAME "
			    "data-source=cpu0 for one figure");
		return;
	case VERB_EXEC:
		ex_none(ex, "XAPI runs no command inside a VM (its guest agent reports, it does not execute); closest: ssh "
			    "to the guest");
		return;
	default:
		break;
	}
	ex_none(ex, "not a watch");
}

void explain_xe_resources(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	const char *name = vm_value_str(req, "name");
	switch (req->verb) {
	case VERB_POOL_LIST:
		xe_cmd(ex, "sr-list");
		ex_approx(ex, "XAPI's storage repositories (SRs) stand for libvirt's pools: xe sr-list shows their "
			      "name-label, type and content-type, not a directory or sizes");
		return;
	case VERB_POOL_CREATE:
		ex_none(ex, "an SR is made by a storage driver with device-config, not from a directory; closest: xe "
			    "sr-create name-label=%s type=TYPE device-config:KEY=VALUE", "NAME");
		return;
	case VERB_POOL_DELETE:
		/* sr-destroy: "Destroy the SR" (and its disks); sr-forget keeps them */
		ex_none(ex, "xe names an SR by its UUID, and xe sr-destroy destroys its disks; closest (the data stays): xe "
			    "pbd-unplug uuid=PBD, then xe sr-forget uuid=SR");
		return;
	case VERB_IMAGE_LIST:
		c = xe_cmd(ex, "vdi-list");
		if (vm_value_str(req, "pool"))
			xe_kv(c, "sr-name-label", vm_value_str(req, "pool"));
		ex_approx(ex, "XAPI's disks are VDIs of an SR, named and found by UUID, not by path");
		return;
	case VERB_IMAGE_CREATE:
		ex_none(ex, "xe makes a VDI in an SR, not a file at a path; closest: xe vdi-create sr-uuid=SR "
			    "name-label=NAME virtual-size=SIZE");
		return;
	case VERB_IMAGE_INFO:
		ex_none(ex, "xe names a VDI by its UUID, not by path; closest: xe vdi-param-list uuid=VDI");
		return;
	case VERB_IMAGE_RESIZE:
		ex_none(ex, "xe names a VDI by its UUID, not by path; closest: xe vdi-resize uuid=VDI disk-size=SIZE "
			    "(it grows only)");
		return;
	case VERB_IMAGE_CONVERT:
		ex_none(ex, "xe converts no image formats; closest: xe vdi-copy uuid=VDI sr-uuid=SR (the SR's own format)");
		return;
	case VERB_IMAGE_DELETE:
		ex_none(ex, "xe names a VDI by its UUID, not by path; closest: xe vdi-destroy uuid=VDI");
		return;
	case VERB_NET_LIST:
		xe_cmd(ex, "network-list");
		ex_approx(ex, "an XAPI network is a bridge: xe network-list shows its name-label and bridge, no subnet, "
			      "forward mode or DHCP");
		return;
	case VERB_NET_INFO:
		c = xe_cmd(ex, "network-list");
		xe_kv(c, "name-label", name);
		strvec_push(c, "params=all");
		ex_approx(ex, "an XAPI network is a bridge: no subnet, forward mode, DHCP range or leases");
		return;
	case VERB_NET_CREATE: {
		/* network-create: reqd ["name-label"], optn name-description, MTU,
		 * bridge, managed */
		c = xe_cmd(ex, "network-create");
		xe_kv(c, "name-label", name);
		if (vm_value_str(req, "bridge"))
			xe_kv(c, "bridge", vm_value_str(req, "bridge"));
		ex_approx(ex, "xe network-create makes a bridge private to the host's VMs (a PIF or VLAN connects it "
			      "out): no NAT, routing, subnet or DHCP");
		return;
	}
	case VERB_NET_DELETE:
		ex_none(ex, "xe network-destroy takes the network's UUID (uuid=); closest: xe network-list "
			    "name-label=NAME --minimal prints it, then xe network-destroy uuid=UUID");
		return;
	case VERB_NET_START:
	case VERB_NET_STOP:
		ex_none(ex, "an XAPI network has no start or stop: a host brings its bridge up when a VM's VIF on it is "
			    "plugged; closest: xe network-attach uuid=UUID host-uuid=HOST%s",
			req->verb == VERB_NET_STOP ? " (no detach: unplug the VIFs, xe vif-unplug)" : "");
		return;
	default:
		break;
	}
	ex_none(ex, "not a host resource");
}
