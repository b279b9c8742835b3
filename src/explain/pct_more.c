/* pct_more.c: the pct vocabulary's definitions, devices, watching and host
 * resources.  Checked against proxmox/pve-container master 94f5585:
 * src/PVE/API2/LXC.pm (create_vm: ostemplate, storage default local;
 * destroy_vm: "Destroy the container (also delete all uses files)", --force
 * "even if running", --purge), src/PVE/API2/LXC/Config.pm (vm_config
 * --current: current values instead of pending ones), src/PVE/LXC/Config.pm
 * ($confdesc: memory in MB, minimum 16; cores 1..8192; onboot; hostname;
 * netN name=,bridge=,hwaddr= (32 of them); mpN VOLUME|PATH,mp=PATH,ro=;
 * devN PATH,deny-write=), src/PVE/CLI/pct.pm (exec: lxc-attach -n VMID --
 * COMMAND, exec()ed, so its status is the command's; cpusets). */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "pct.h"
#include "quote.h"

static const char *val(const struct vm_request *req, const char *name)
{
	return vm_value_str(req, name);
}

bool pct_snapname(const char *s)
{
	/* pve-common JSONSchema.pm: pve-snapshot-name is pve-configid
	 * (^[a-z][a-z0-9_-]+$, case-insensitive), maxLength 40; Snapshot.pm
	 * snapshot refuses 'current' and 'vzdump' */
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 40 || strcmp(s, "current") == 0 || strcmp(s, "vzdump") == 0)
		return false;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

/* A value that a property string (KEY=VALUE,...) carries as it is. */
static bool prop_safe(const char *s)
{
	return *s && !strpbrk(s, ",=;\n");
}

/* ---- definitions ---- */

static void pct_create(const struct vm_request *req, struct explanation *ex)
{
	static const char *const vm_items[] = { "kernel", "initrd", "cdrom", "type", "disk", "cmdline" };
	const char *tmpl = val(req, "template");
	if (req->from) {
		ex_none(ex, "pct create reads no config file: pct create VMID OSTEMPLATE [--memory MiB --cores N ...], or "
			    "pct restore VMID BACKUP for a vzdump backup");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(vm_items); i++)
		if (vm_value(req, vm_items[i])) {
			ex_none(ex, "a container has no --%s: it runs the host's kernel on a root filesystem unpacked from an "
				    "OS template (pct create VMID OSTEMPLATE)", vm_items[i]);
			return;
		}
	if (!tmpl) {
		ex_none(ex, "pct create needs an OS template: pct create %s local:vztmpl/ARCHIVE (pveam available lists "
			    "them, pveam download fetches one)", req->guest);
		return;
	}
	struct strvec *c = pct_cmd(ex, "create", req->guest);
	strvec_push(c, tmpl);
	if (!strchr(tmpl, ':') && tmpl[0] != '/')
		ex_approx(ex, "pct create takes an OS template archive, a volume such as "
			      "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst or a path; %s is taken as one (pveam "
			      "available lists them)", tmpl);
	if (vm_value(req, "vcpus")) {
		strvec_push(c, "--cores");
		strvec_pushf(c, "%llu", (unsigned long long)vm_value_num(req, "vcpus", 1));
	}
	if (vm_value(req, "memory")) {
		uint64_t kib = vm_value_num(req, "memory", 512 * 1024), mib = (kib + 1023) / 1024;
		strvec_push(c, "--memory");
		strvec_pushf(c, "%llu", (unsigned long long)(mib < 16 ? 16 : mib));
		if (kib % 1024 || mib < 16)
			ex_approx(ex, "pct create --memory takes whole MiB, at least 16: %llu", (unsigned long long)(mib < 16 ? 16 : mib));
	}
	unsigned n = 0;
	for (size_t i = 0; vm_value_nth(req, "network", i); i++) {
		const char *net = vm_value_nth(req, "network", i);
		if (strncmp(net, "bridge=", 7) != 0 || !prop_safe(net + 7)) {
			ex_approx(ex, "a container joins a bridge (bridge=BR): %s has no pct equivalent", net);
			continue;
		}
		strvec_pushf(c, "--net%u", n);
		strvec_pushf(c, "name=eth%u,bridge=%s", n, net + 7);
		n++;
	}
	if (!vm_value(req, "vcpus"))
		ex_note(ex, "without --cores the container may run on every host CPU");
	ex_note(ex, "the root filesystem goes on storage local unless --storage or --rootfs STORAGE:GiB says otherwise");
}

static void pct_delete(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c = pct_cmd(ex, "destroy", req->guest);
	if (vm_value_flag(req, "force")) {
		strvec_push(c, "--force");
		strvec_push(c, "1");
	}
	if (vm_value_flag(req, "storage"))
		ex_note(ex, "pct destroy always deletes the container's volumes (its rootfs and mount points): --storage "
			    "adds nothing");
	ex_note(ex, "false friend: pct destroy deletes the container and its volumes; pct stop only kills it; --purge "
		    "also removes it from backup jobs, replication and HA");
}

void pct_define(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (req->verb) {
	case VERB_CREATE:
		pct_create(req, ex);
		return;
	case VERB_DELETE:
		pct_delete(req, ex);
		return;
	case VERB_CONFIG:
		c = pct_cmd(ex, "config", req->guest);
		if (!vm_value_flag(req, "inactive"))
			strvec_push(c, "--current");
		ex_note(ex, "pct config without --current shows the pending changes as they will be after the next start");
		return;
	case VERB_AUTOSTART:
		c = pct_cmd(ex, "set", req->guest);
		strvec_push(c, "--onboot");
		strvec_push(c, strcmp(val(req, "switch"), "on") == 0 ? "1" : "0");
		ex_note(ex, "Proxmox starts the guests marked onboot when the node boots (pve-guests.service)");
		return;
	case VERB_RENAME:
		/* LXC/Config.pm: hostname is "Set a host name for the container",
		 * written into the container's /etc/hostname at its next start;
		 * the VMID names the container and never changes */
		ex_none(ex, "pct names a container by its VMID, which cannot change; closest: pct set %s --hostname %s "
			    "changes the name pct list shows and the container's own hostname", req->guest,
			val(req, "new_name"));
		return;
	default:
		return;
	}
}

/* ---- devices ---- */

static bool dev_path(const char *s)
{
	return s && strncmp(s, "/dev/", 5) == 0 && s[5];
}

static void pct_disk_attach(const struct vm_request *req, struct explanation *ex)
{
	const char *src = val(req, "source"), *tgt = val(req, "target"), *mode = val(req, "mode");
	bool ro = mode && strcmp(mode, "readonly") == 0;
	if (val(req, "device") && strcmp(val(req, "device"), "cdrom") == 0) {
		ex_none(ex, "a container has no CD drive; closest: a bind mount point, pct set %s --mp0 DIR,mp=/media/cdrom",
			req->guest);
		return;
	}
	if (!prop_safe(src) || !prop_safe(tgt)) {
		ex_none(ex, "pct set --mpN and --devN take a property string (KEY=VALUE,...): a path with ',', '=' or ';' "
			    "cannot be written in one");
		return;
	}
	if (tgt[0] != '/') {
		ex_none(ex, "a container mounts at a path: vmctl disk-attach %s SOURCE /PATH (closest: pct set %s --mp0 "
			    "SOURCE,mp=/PATH); %s names a VM's disk", req->guest, req->guest, tgt);
		return;
	}
	char *v;
	if (dev_path(src)) {
		v = xasprintf("%s%s", src, ro ? ",deny-write=1" : "");
		pct_set(ex, req, "--dev0", v);
		ex_approx(ex, "dev0 is explain's choice: take the next free devN (pct config %s shows those in use)",
			  req->guest);
		if (strcmp(src, tgt) != 0)
			ex_approx(ex, "the node keeps its host path %s in the container; vmctl makes it %s", src, tgt);
	} else {
		v = xasprintf("%s,mp=%s%s", src, tgt, ro ? ",ro=1" : "");
		pct_set(ex, req, "--mp0", v);
		ex_approx(ex, "mp0 is explain's choice: take the next free mpN (pct config %s shows those in use)",
			  req->guest);
		ex_note(ex, "a host path as the volume of --mpN is a bind mount point");
	}
	if (mode && strcmp(mode, "shareable") == 0)
		ex_approx(ex, "pct has no shareable mode: the host and the container share the path anyway");
	if (val(req, "format"))
		ex_note(ex, "a bind mount or device node has no image format: --format changes nothing here");
	free(v);
}

static void pct_nic_attach(const struct vm_request *req, struct explanation *ex)
{
	const char *net = val(req, "net"), *mac = val(req, "mac");
	if (strncmp(net, "dev=", 4) == 0) {
		ex_none(ex, "pct's netN are veth pairs on a bridge; a host interface moves in only with raw LXC keys in "
			    "/etc/pve/lxc/%s.conf: lxc.net.N.type: phys and lxc.net.N.link: %s", req->guest, net + 4);
		return;
	}
	if (strncmp(net, "bridge=", 7) != 0 || !prop_safe(net + 7)) {
		ex_none(ex, "a container joins a Linux bridge (give bridge=BR, such as bridge=vmbr0); %s is not one", net);
		return;
	}
	char *v = xasprintf("name=eth1,bridge=%s%s%s", net + 7, mac ? ",hwaddr=" : "", mac ? mac : "");
	pct_set(ex, req, "--net1", v);
	free(v);
	ex_approx(ex, "net1 and eth1 are explain's choice: take the next free netN (pct config %s shows those in use)",
		  req->guest);
	if (val(req, "model"))
		ex_approx(ex, "a container's interface has no model: --model changes nothing");
}

void pct_devices(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	switch (req->verb) {
	case VERB_DISK_LIST:
		pct_cmd(ex, "config", g);
		ex_approx(ex, "pct config shows the rootfs, mpN and devN lines among the rest of the container's config");
		return;
	case VERB_DISK_ATTACH:
		pct_disk_attach(req, ex);
		return;
	case VERB_DISK_DETACH:
		ex_none(ex, "pct set takes the mount point's key, not its path: pct set %s --delete mpN (or devN; pct config "
			    "%s shows which one is %s)", g, g, val(req, "target"));
		return;
	case VERB_NIC_LIST:
		pct_cmd(ex, "config", g);
		ex_approx(ex, "pct config shows the netN lines (name, bridge, hwaddr, ip) among the rest of the config");
		return;
	case VERB_NIC_ATTACH:
		pct_nic_attach(req, ex);
		return;
	case VERB_NIC_DETACH:
		ex_none(ex, "pct set takes the interface's key, not its MAC: pct set %s --delete netN (pct config %s shows "
			    "which netN has hwaddr=%s)", g, g, val(req, "mac"));
		return;
	case VERB_VCPU_LIST:
		pct_cmd(ex, "cpusets", NULL);
		ex_approx(ex, "a container has no vCPUs: pct cpusets prints the host CPUs of every running container, one "
			      "line each");
		return;
	case VERB_VCPU_PIN:
		ex_none(ex, "a container has no vCPUs; closest: the raw key lxc.cgroup2.cpuset.cpus: %s in "
			    "/etc/pve/lxc/%s.conf limits the whole container", val(req, "cpulist"), g);
		return;
	case VERB_DISPLAY:
		ex_none(ex, "a container has no graphical console; closest: pct console %s", g);
		return;
	default:
		return;
	}
}

/* ---- watching and reaching in ---- */

void pct_watch(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	switch (req->verb) {
	case VERB_WAIT:
		ex_none(ex, "pct has no wait; closest: pct status %s in a loop (it prints status: running or stopped)", g);
		return;
	case VERB_EVENTS:
		ex_none(ex, "pct has no event stream; closest: the node's task log, pvenode task list (or "
			    "/var/log/pve/tasks/)");
		return;
	case VERB_TOP:
		ex_none(ex, "pct has no top; closest: pvesh get /nodes/$(hostname)/lxc (each container's CPU and memory "
			    "use), or lxc-top");
		return;
	case VERB_EXEC: {
		struct strvec *c = pct_cmd(ex, "exec", g);
		strvec_push(c, "--");
		for (size_t i = 0; vm_value_nth(req, "command", i); i++)
			strvec_push(c, vm_value_nth(req, "command", i));
		ex_note(ex, "pct exec runs the command with lxc-attach and exits with its status");
		return;
	}
	default:
		return;
	}
}

/* ---- the host and its resources ---- */

/* A storage ID as pvesm takes it (pve-storage-id:
 * ^[a-z][a-z0-9\-\_\.]*[a-z0-9]$, case-insensitive). */
static bool storage_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	const char *alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	if (n < 2 || !strchr(alnum + 0, s[0]) || (s[0] >= '0' && s[0] <= '9') || !strchr(alnum, s[n - 1]))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

#define PVE_NETWORKS "Proxmox has no libvirt networks: a container joins a Linux bridge (vmbr0) defined in " \
	"/etc/network/interfaces (ifreload -a applies it), or an SDN vnet (pvesh create /cluster/sdn/vnets)"

void pct_resources(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	const char *name = val(req, "name"), *pool = val(req, "pool");
	switch (req->verb) {
	case VERB_HOST:
		ex_none(ex, "pct has no host check; closest: pveversion -v (the Proxmox packages) and pvesh get "
			    "/nodes/$(hostname)/status");
		return;
	case VERB_POOL_LIST:
		c = ex_cmd(ex, "pvesm");
		strvec_push(c, "status");
		ex_approx(ex, "Proxmox storages (/etc/pve/storage.cfg) are not libvirt pools: pvesm status lists each with "
			      "its type, total, used and available space");
		return;
	case VERB_POOL_CREATE:
		if (!storage_id(name)) {
			ex_none(ex, "pvesm takes a storage ID of letters, digits, '-', '_' and '.', starting with a letter; "
				    "closest: pvesm add dir ID --path %s", val(req, "dir"));
			return;
		}
		c = ex_cmd(ex, "pvesm");
		strvec_push(c, "add");
		strvec_push(c, "dir");
		strvec_push(c, name);
		strvec_push(c, "--path");
		strvec_push(c, val(req, "dir"));
		strvec_push(c, "--content");
		strvec_push(c, "rootdir,images");
		ex_approx(ex, "a Proxmox directory storage, not a libvirt pool: pvesm add makes the directory and the "
			      "whole cluster sees the storage");
		return;
	case VERB_POOL_DELETE:
		if (!storage_id(name)) {
			ex_none(ex, "pvesm takes a storage ID of letters, digits, '-', '_' and '.'; closest: pvesm remove ID");
			return;
		}
		c = ex_cmd(ex, "pvesm");
		strvec_push(c, "remove");
		strvec_push(c, name);
		ex_approx(ex, "pvesm remove forgets a Proxmox storage, not a libvirt pool; the files stay");
		return;
	case VERB_IMAGE_LIST:
		if (!pool || !storage_id(pool)) {
			ex_none(ex, "pvesm list takes one storage: pvesm list STORAGE (pvesm status lists them)");
			return;
		}
		c = ex_cmd(ex, "pvesm");
		strvec_push(c, "list");
		strvec_push(c, pool);
		ex_approx(ex, "pvesm list lists the volumes of a Proxmox storage (STORAGE:VMID/NAME), not of a libvirt pool");
		return;
	case VERB_IMAGE_CREATE:
	case VERB_IMAGE_INFO:
	case VERB_IMAGE_RESIZE:
	case VERB_IMAGE_CONVERT:
	case VERB_IMAGE_DELETE:
		ex_none(ex, "Proxmox names a volume STORAGE:VMID/NAME and gives it to one guest, not by path; closest: %s",
			req->verb == VERB_IMAGE_CREATE ? "pvesm alloc STORAGE VMID NAME SIZE"
			: req->verb == VERB_IMAGE_INFO ? "pvesm list STORAGE, pvesm path VOLID"
			: req->verb == VERB_IMAGE_RESIZE ? "pct resize VMID rootfs|mpN SIZE (it grows only)"
			: req->verb == VERB_IMAGE_CONVERT ? "pct move-volume VMID rootfs|mpN STORAGE"
							  : "pvesm free VOLID");
		return;
	case VERB_NET_LIST:
	case VERB_NET_INFO:
	case VERB_NET_CREATE:
	case VERB_NET_DELETE:
	case VERB_NET_START:
	case VERB_NET_STOP:
		ex_none(ex, PVE_NETWORKS);
		return;
	default:
		return;
	}
}
