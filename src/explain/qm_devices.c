/* qm_devices.c: the qm vocabulary's definitions and devices: qm create,
 * destroy, config, set --onboot/--name, and qm set's drive (ideN, scsiN,
 * virtioN), NIC (netN) and --affinity options (proxmox/qemu-server e6352be,
 * src/PVE/API2/Qemu.pm create_vm, destroy_vm, vm_config, update_vm). */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "quote.h"
#include "qm.h"

static struct strvec *qm(struct explanation *ex, const struct vm_request *req, const char *sub)
{
	struct strvec *c = ex_cmd(ex, "qm");
	strvec_push(c, sub);
	strvec_push(c, req->guest);
	return c;
}

/* pve-common's dns-name format (PVE/JSONSchema.pm pve_verify_dns_name):
 * dot-separated labels of letters, digits and inner '-'. */
static bool dns_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 255)
		return false;
	const char *p = s;
	for (;;) {
		size_t l = strcspn(p, ".");
		if (l == 0 || p[0] == '-' || p[l - 1] == '-')
			return false;
		for (size_t i = 0; i < l; i++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", p[i]))
				return false;
		if (p[l] == '\0')
			return true;
		p += l + 1;
	}
}

/* Both or neither of --live and --config: qm set changes the configuration and
 * hotplugs into a running VM (hotplug's default: network,disk,usb). */
static void affect(const struct vm_request *req, struct explanation *ex, const char *what)
{
	if (req->live != req->config)
		ex_approx(ex, "qm set changes the configuration and, when the VM runs and its hotplug option includes %s "
			      "(the default), the running VM too: it has no %s alone",
			  what, req->live ? "--live" : "--config");
}

static bool none_if_comma(struct explanation *ex, const char *what, const char *s)
{
	if (!strchr(s, ',') && s[0] == '/')
		return false;
	char *q = msg_quote(s);
	ex_none(ex, "qm reads a %s as a property string: %s, which is no absolute path without ',', cannot be one "
		    "(a Proxmox storage volume such as local-lvm:vm-100-disk-1 can)", what, q);
	free(q);
	return true;
}

static void create(const struct vm_request *req, struct explanation *ex)
{
	if (req->from) {
		ex_none(ex, "qm defines a VM from options, not from a native file (its definition is "
			    "/etc/pve/qemu-server/VMID.conf); closest: qm importovf VMID MANIFEST STORAGE for an OVF");
		return;
	}
	if (vm_value(req, "template")) {
		ex_none(ex, "--template makes a container: that is pct create CTID TEMPLATE, not qm");
		return;
	}
	const char *type = vm_value_str(req, "type");
	if (type && strcmp(type, "pv") == 0) {
		ex_none(ex, "a Xen PV guest has no Proxmox form; closest: qm create VMID with --ostype l26");
		return;
	}
	if (!pve_vmid_valid(req->guest)) {
		char *q = msg_quote(req->guest);
		ex_none(ex, "qm create takes a new numeric VMID (pvesh get /cluster/nextid gives a free one); closest: "
			    "qm create VMID --name %s", q);
		free(q);
		return;
	}
	if (vm_value(req, "kernel")) {
		ex_none(ex, "qm create has no kernel option; closest: qm create VMID --args '-kernel PATH -initrd PATH "
			    "-append CMDLINE' (root@pam only)");
		return;
	}
	for (size_t i = 0; vm_value_nth(req, "disk", i); i++)
		if (none_if_comma(ex, "disk", vm_value_nth(req, "disk", i)))
			return;
	if (vm_value(req, "cdrom") && none_if_comma(ex, "CD", vm_value_str(req, "cdrom")))
		return;
	struct strvec *c = qm(ex, req, "create");
	if (vm_value(req, "memory")) {
		uint64_t kib = vm_value_num(req, "memory", 0);
		strvec_push(c, "--memory");
		strvec_pushf(c, "%llu", (unsigned long long)((kib + 1023) / 1024));
		if (kib % 1024)
			ex_approx(ex, "qm takes whole MiB: the memory is rounded up");
	}
	if (vm_value(req, "vcpus")) {
		strvec_push(c, "--cores");
		strvec_pushf(c, "%llu", (unsigned long long)vm_value_num(req, "vcpus", 1));
	}
	for (size_t i = 0; vm_value_nth(req, "disk", i) && i < 16; i++) {
		strvec_pushf(c, "--virtio%zu", i);
		strvec_push(c, vm_value_nth(req, "disk", i));
	}
	if (vm_value(req, "cdrom")) {
		strvec_push(c, "--ide2");
		strvec_pushf(c, "%s,media=cdrom", vm_value_str(req, "cdrom"));
	}
	for (size_t i = 0; vm_value_nth(req, "network", i) && i < 32; i++) {
		const char *net = vm_value_nth(req, "network", i);
		strvec_pushf(c, "--net%zu", i);
		if (strncmp(net, "bridge=", 7) == 0 && net[7] && !strchr(net + 7, ',')) {
			strvec_pushf(c, "virtio,bridge=%s", net + 7);
		} else {
			strvec_push(c, "virtio,bridge=vmbr0");
			char *q = msg_quote(net);
			ex_approx(ex, "a Proxmox NIC joins a bridge, not the libvirt network %s: vmbr0 is the bridge of a "
				      "default install", q);
			free(q);
		}
	}
	if (type)
		ex_note(ex, "--type is Xen's: a qm VM is always fully virtualised (KVM)");
	if (vm_value(req, "disk") || vm_value(req, "cdrom"))
		ex_note(ex, "Proxmox keeps disks as storage volumes (--scsi0 local-lvm:32 allocates 32 GiB); a path is "
			    "allowed to root@pam only");
	ex_note(ex, "qm create's defaults are vmctl's: 512 MiB, 1 core");
}

static void delete(const struct vm_request *req, struct explanation *ex)
{
	if (!vm_value_flag(req, "storage")) {
		ex_none(ex, "qm destroy deletes the VM's disks too (every volume it owns); closest: vmctl delete --storage "
			    "(qm destroy %s)", req->guest);
		return;
	}
	if (vm_value_flag(req, "force"))
		qm(ex, req, "stop");
	qm(ex, req, "destroy");
	ex_note(ex, "qm destroy refuses a running VM; it deletes every volume the VM owns; --purge 1 also drops it "
		    "from backup, replication and HA jobs");
}

static void define(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (req->verb) {
	case VERB_CREATE:
		create(req, ex);
		return;
	case VERB_DELETE:
		delete(req, ex);
		return;
	case VERB_CONFIG:
		c = qm(ex, req, "config");
		if (!vm_value_flag(req, "inactive")) {
			strvec_push(c, "--current");
			strvec_push(c, "1");
		}
		ex_note(ex, "qm config prints Proxmox's KEY: VALUE lines (/etc/pve/qemu-server/%s.conf), not domain XML; "
			    "without --current 1 it shows the pending changes applied", req->guest);
		return;
	case VERB_AUTOSTART:
		c = qm(ex, req, "set");
		strvec_push(c, "--onboot");
		strvec_push(c, strcmp(vm_value_str(req, "switch"), "on") == 0 ? "1" : "0");
		return;
	case VERB_RENAME: {
		const char *name = vm_value_str(req, "new_name");
		if (!dns_name(name)) {
			char *q = msg_quote(name);
			ex_none(ex, "a qm VM's name is a DNS name (letters, digits, '-', dots between labels): not %s", q);
			free(q);
			return;
		}
		c = qm(ex, req, "set");
		strvec_push(c, "--name");
		strvec_push(c, name);
		ex_note(ex, "the VMID stays: qm names a VM by it, the name is a label");
		return;
	}
	default:
		return;
	}
}

void explain_qm_define(const struct vm_request *req, struct explanation *ex)
{
	if (req->verb != VERB_CREATE && !pve_vmid_valid(req->guest)) {
		char *q = msg_quote(req->guest);
		ex_none(ex, "qm names a VM by its numeric VMID (100 to 999999999), not by a name: qm list shows the VMID of %s", q);
		free(q);
		return;
	}
	define(req, ex);
}

static void disk_attach(const struct vm_request *req, struct explanation *ex)
{
	const char *src = vm_value_str(req, "source"), *target = vm_value_str(req, "target");
	const char *mode = vm_value_str(req, "mode"), *dev = vm_value_str(req, "device");
	const char *fmt = vm_value_str(req, "format");
	char *key = qm_drive_key(target);
	if (!key) {
		char *q = msg_quote(target);
		ex_none(ex, "qm names a drive by its key (ide0-3, sata0-5, scsi0-30, virtio0-15), not %s; closest: qm set "
			    "VMID --scsi1 SOURCE", q);
		free(q);
		return;
	}
	if (none_if_comma(ex, "disk", src))
		goto done;
	if (mode && strcmp(mode, "shareable") == 0) {
		ex_none(ex, "qm's shared=1 only tells migration that the disk is on shared storage, it shares nothing; "
			    "closest: qm set VMID --%s SOURCE", key);
		goto done;
	}
	if (mode && strncmp(key, "ide", 3) == 0) {
		ex_none(ex, "Proxmox has a read-only drive (ro=1) on scsi and virtio only; closest: qm set VMID --%s SOURCE",
			key);
		goto done;
	}
	struct strvec *c = qm(ex, req, "set");
	strvec_pushf(c, "--%s", key);
	strvec_pushf(c, "%s%s%s%s%s", src, dev && strcmp(dev, "cdrom") == 0 ? ",media=cdrom" : "", fmt ? ",format=" : "",
		     fmt ? fmt : "", mode ? ",ro=1" : "");
	affect(req, ex, "disk");
	ex_note(ex, "a path is allowed to root@pam only; Proxmox's own disks are storage volumes (local-lvm:32 allocates one)");
done:
	free(key);
}

static void disk_detach(const struct vm_request *req, struct explanation *ex)
{
	char *key = qm_drive_key(vm_value_str(req, "target"));
	if (!key) {
		char *q = msg_quote(vm_value_str(req, "target"));
		ex_none(ex, "qm names a drive by its key (ide0-3, sata0-5, scsi0-30, virtio0-15), not %s; closest: qm set "
			    "VMID --delete scsi1", q);
		free(q);
		return;
	}
	struct strvec *c = qm(ex, req, "set");
	strvec_push(c, "--delete");
	strvec_push(c, key);
	affect(req, ex, "disk");
	if (req->timeout != 30)
		ex_approx(ex, "qm set has no timeout for the guest to release the disk");
	ex_note(ex, "a storage volume stays as unusedN (qm disk unlink --force would delete it)");
	free(key);
}

static void nic_attach(const struct vm_request *req, struct explanation *ex)
{
	const char *net = vm_value_str(req, "net"), *mac = vm_value_str(req, "mac");
	const char *model = vm_value_str(req, "model");
	if (strncmp(net, "bridge=", 7) != 0 || strchr(net, ',')) {
		char *q = msg_quote(net);
		ex_none(ex, "a Proxmox NIC joins a bridge (vmbr0) or an SDN VNet, not %s; closest: qm set VMID --net1 "
			    "virtio,bridge=vmbr0", q);
		free(q);
		return;
	}
	struct strvec *c = qm(ex, req, "set");
	strvec_push(c, "--net1");
	strvec_pushf(c, "%s%s%s,bridge=%s", model ? model : "virtio", mac ? "=" : "", mac ? mac : "", net + 7);
	ex_approx(ex, "qm set needs the NIC's key: net1 here, where vmctl takes the first free one (qm config shows "
		      "the netN in use)");
	affect(req, ex, "network");
}

void explain_qm_devices(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (req->verb) {
	case VERB_DISK_LIST:
		qm(ex, req, "config");
		ex_approx(ex, "qm config prints the whole configuration: the disks are its ideN, sataN, scsiN and virtioN lines");
		return;
	case VERB_DISK_ATTACH:
		disk_attach(req, ex);
		return;
	case VERB_DISK_DETACH:
		disk_detach(req, ex);
		return;
	case VERB_NIC_LIST:
		qm(ex, req, "config");
		ex_approx(ex, "qm config prints the whole configuration: the NICs are its netN lines (MODEL=MAC,bridge=BR)");
		return;
	case VERB_NIC_ATTACH:
		nic_attach(req, ex);
		return;
	case VERB_NIC_DETACH:
		ex_none(ex, "qm removes a NIC by its key, not its MAC; closest: qm set %s --delete netN (qm config shows "
			    "which netN has the MAC)", req->guest);
		return;
	case VERB_VCPU_LIST:
		ex_none(ex, "qm lists no vCPUs; closest: qm config %s (vcpus, cores, sockets, affinity)", req->guest);
		return;
	case VERB_VCPU_PIN:
		c = qm(ex, req, "set");
		strvec_push(c, "--affinity");
		strvec_push(c, vm_value_str(req, "cpulist"));
		ex_approx(ex, "--affinity pins the whole VM (every vCPU and QEMU's own threads), not vCPU %s alone, and "
			      "takes effect at the next start", vm_value_str(req, "vcpu"));
		return;
	case VERB_DISPLAY:
		ex_none(ex, "qm shows no display URI: qm vncproxy %s speaks VNC on its standard input and output (the web "
			    "UI's noVNC console uses it); closest: the web UI's Console", req->guest);
		return;
	default:
		return;
	}
}
