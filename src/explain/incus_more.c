/* incus_more.c: the incus vocabulary's definitions, devices, watching and
 * host resources (Incus 6.x; lxc/incus cmd/incus/create.go, config.go,
 * config_device.go, monitor.go, top.go, wait.go, storage.go,
 * storage_volume.go, network.go at v6.0.0 unless said). */
#include <stdlib.h>
#include <string.h>

#include "incus.h"
#include "quote.h"
#include "validate.h"

static const char *spec(const struct vm_request *req, const char *name)
{
	return vm_value_str(req, name);
}

/* "incus config device add NAME DEV nic ..." for a vmctl NET (a libvirt
 * network, bridge=BR or dev=IFACE). */
static void nic_words(struct strvec *c, const char *net)
{
	if (strncmp(net, "bridge=", 7) == 0) {
		strvec_push(c, "nictype=bridged");
		strvec_pushf(c, "parent=%s", net + 7);
	} else if (strncmp(net, "dev=", 4) == 0) {
		strvec_push(c, "nictype=physical");
		strvec_pushf(c, "parent=%s", net + 4);
	} else {
		strvec_pushf(c, "network=%s", net);
	}
}

static void create(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	if (req->from) {
		ex_none(ex, "incus reads its own YAML, not a domain XML or an xl.cfg; closest: incus create IMAGE %s < "
			"config.yaml", g ? g : "NAME");
		return;
	}
	bool ct = incus_is_ct(req) || spec(req, "template");
	struct strvec *c = incus_cmd(ex, "create", NULL);
	if (spec(req, "template")) {
		strvec_pushf(c, "images:%s", spec(req, "template"));
		ex_approx(ex, "incus makes a container from an image, not by a template: images:%s is the image server's "
			  "image of that name, when it has one", spec(req, "template"));
	} else {
		strvec_push(c, "--empty");
		if (!ct)
			strvec_push(c, "--vm");
	}
	strvec_push(c, g);
	strvec_push(c, "--config");
	strvec_pushf(c, "limits.cpu=%llu", (unsigned long long)vm_value_num(req, "vcpus", 1));
	char *mem = size_with_suffix(vm_value_num(req, "memory", 512 * 1024), "KiB", "MiB", "GiB", "TiB");
	strvec_push(c, "--config");
	strvec_pushf(c, "limits.memory=%s", mem);
	free(mem);
	const char *net0 = vm_value_nth(req, "network", 0);
	size_t first_nic = 0;
	if (net0 && !strchr(net0, '=')) {
		strvec_push(c, "--network");
		strvec_push(c, net0);
		first_nic = 1;
	}
	if (!spec(req, "template"))
		ex_approx(ex, "incus makes an instance from an image; --empty makes one with an empty root disk");
	if (vm_value_nth(req, "disk", 0))
		ex_approx(ex, "incus does not boot an existing disk image in place: incus-migrate imports %s as the "
			  "instance's root disk", vm_value_nth(req, "disk", 0));
	if (vm_value_nth(req, "disk", 1))
		ex_note(ex, "further disks: incus config device add %s DEVICE disk source=PATH", g);
	if (spec(req, "cdrom")) {
		struct strvec *d = incus_cmd(ex, "config", "device");
		strvec_push(d, "add");
		strvec_push(d, g);
		strvec_push(d, "cdrom");
		strvec_push(d, "disk");
		strvec_pushf(d, "source=%s", spec(req, "cdrom"));
		strvec_push(d, "boot.priority=10");
	}
	for (size_t i = first_nic; vm_value_nth(req, "network", i); i++) {
		if (ex->n == EXPLAIN_MAX_CMDS) {
			ex_note(ex, "the other NICs: incus config device add %s ethN nic network=NET", g);
			break;
		}
		struct strvec *d = incus_cmd(ex, "config", "device");
		strvec_push(d, "add");
		strvec_push(d, g);
		strvec_pushf(d, "eth%zu", i);
		strvec_push(d, "nic");
		nic_words(d, vm_value_nth(req, "network", i));
	}
	if (spec(req, "kernel"))
		ex_approx(ex, "an incus VM boots through its firmware: a kernel of its own (%s) only through raw.qemu",
			  spec(req, "kernel"));
	if (spec(req, "cmdline") && ct)
		ex_approx(ex, "an incus container runs the image's init: no init command of its own");
	if (spec(req, "type"))
		ex_note(ex, "--type is Xen's: incus runs QEMU VMs only");
}

void incus_define(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_CREATE:
		create(req, ex);
		return;
	case VERB_DELETE:
		c = incus_cmd(ex, "delete", NULL);
		if (vm_value_flag(req, "force"))
			strvec_push(c, "--force");
		strvec_push(c, g);
		/* cmd/incus/delete.go cmdDelete.Run: a running instance is
		 * refused ("stop it first or pass --force"), --force stops it
		 * (Force: true) and then deletes it with its root volume */
		ex_approx(ex, "incus delete also deletes the instance's root disk and its snapshots%s; the custom volumes "
			  "attached to it stay", vm_value_flag(req, "storage") ? "" : " (vmctl keeps the disks without --storage)");
		return;
	case VERB_CONFIG:
		c = incus_cmd(ex, "config", "show");
		strvec_push(c, g);
		if (vm_value_flag(req, "inactive"))
			ex_approx(ex, "incus keeps one configuration, which the running instance already uses: --inactive "
				  "shows nothing else");
		ex_note(ex, "incus config show prints the instance's YAML; --expanded adds what its profiles give it");
		return;
	case VERB_AUTOSTART: {
		bool on = strcmp(vm_value_str(req, "switch"), "on") == 0;
		c = incus_cmd(ex, "config", "set");
		strvec_push(c, g);
		strvec_pushf(c, "boot.autostart=%s", on ? "true" : "false");
		if (on)
			ex_note(ex, "without boot.autostart incus starts again what ran when the host went down");
		return;
	}
	case VERB_RENAME: {
		const char *n = vm_value_str(req, "new_name");
		if (!incus_valid_name(n)) {
			char *q = sh_quote(n);
			ex_none(ex, "incus names an instance as a hostname (1 to 63 letters, digits and '-', not beginning or "
				"ending with '-', not a number): %s cannot be one; closest: incus rename %s NEWNAME", q, g);
			free(q);
			return;
		}
		c = incus_cmd(ex, "rename", NULL);
		strvec_push(c, g);
		strvec_push(c, n);
		return;
	}
	default:
		return;
	}
}

/* A device name (or a path) as an operand: after "--" when it begins with '-'. */
static void dev_operands(struct strvec *c, const char *g, const char *dev)
{
	if (dev[0] == '-')
		strvec_push(c, "--");
	strvec_push(c, g);
	strvec_push(c, dev);
}

void incus_devices(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	bool ct = incus_is_ct(req);
	struct strvec *c;
	switch (req->verb) {
	case VERB_DISK_LIST:
	case VERB_NIC_LIST:
		c = incus_cmd(ex, "config", "device");
		strvec_push(c, "list");
		strvec_push(c, g);
		ex_approx(ex, "incus config device list names every device (disks, NICs, ...) without their keys; incus "
			  "config device show %s shows them", g);
		if (req->verb == VERB_NIC_LIST)
			ex_note(ex, "incus info %s shows each NIC's addresses and MAC", g);
		return;
	case VERB_DISK_ATTACH: {
		const char *src = vm_value_str(req, "source"), *tgt = vm_value_str(req, "target");
		const char *mode = vm_value_str(req, "mode");
		c = incus_cmd(ex, "config", "device");
		strvec_push(c, "add");
		dev_operands(c, g, tgt);
		strvec_push(c, "disk");
		strvec_pushf(c, "source=%s", src);
		if (ct)
			strvec_pushf(c, "path=%s", tgt);
		if (mode && strcmp(mode, "readonly") == 0)
			strvec_push(c, "readonly=true");
		if (ct)
			ex_approx(ex, "a container mounts %s at %s (the device is named after the path)", src, tgt);
		else
			ex_approx(ex, "incus names the device %s; the VM sees the disk where incus attaches it (virtio-scsi), "
				  "not as %s", tgt, tgt);
		if (!(req->live && req->config))
			ex_note(ex, "incus config device add changes the configuration and hot-plugs into a running "
				"instance: --live and --config both");
		if (mode && strcmp(mode, "shareable") == 0)
			ex_approx(ex, "incus has no shareable flag for a disk path: a custom volume shared by instances sets "
				  "security.shared=true");
		if (vm_value_str(req, "device") && strcmp(vm_value_str(req, "device"), "cdrom") == 0)
			ex_note(ex, "an ISO file as source makes the disk a CD-ROM");
		if (vm_value_str(req, "format"))
			ex_note(ex, "incus reads the format of a disk file itself: --format is not given");
		return;
	}
	case VERB_DISK_DETACH:
		c = incus_cmd(ex, "config", "device");
		strvec_push(c, "remove");
		dev_operands(c, g, vm_value_str(req, "target"));
		ex_approx(ex, "incus removes the device by its incus name, from the configuration and the running "
			  "instance both, without waiting for the guest to release it");
		return;
	case VERB_NIC_ATTACH: {
		c = incus_cmd(ex, "config", "device");
		strvec_push(c, "add");
		strvec_push(c, g);
		strvec_push(c, "eth1");
		strvec_push(c, "nic");
		nic_words(c, vm_value_str(req, "net"));
		if (vm_value_str(req, "mac"))
			strvec_pushf(c, "hwaddr=%s", vm_value_str(req, "mac"));
		ex_approx(ex, "incus names each device: eth1 is a name of vmctl's choice (incus config device list %s "
			  "shows those taken)", g);
		if (vm_value_str(req, "model"))
			ex_approx(ex, "incus chooses the NIC's model itself (virtio for a VM): --model %s is not given",
				  vm_value_str(req, "model"));
		return;
	}
	case VERB_NIC_DETACH:
		ex_none(ex, "incus removes a NIC by its device name, not by its MAC; closest: incus config device show %s "
			"(each NIC's hwaddr), then incus config device remove %s DEVICE", g, g);
		return;
	case VERB_VCPU_LIST:
		c = incus_cmd(ex, "config", "get");
		strvec_push(c, g);
		strvec_push(c, "limits.cpu");
		ex_approx(ex, "incus config get prints limits.cpu (a count, or the host CPUs it is pinned to), not one line "
			  "per vCPU");
		return;
	case VERB_VCPU_PIN: {
		const char *list = vm_value_str(req, "cpulist");
		c = incus_cmd(ex, "config", "set");
		strvec_push(c, g);
		/* limits.cpu: a number is a count, a range or list pins */
		if (strspn(list, "0123456789") == strlen(list))
			strvec_pushf(c, "limits.cpu=%s-%s", list, list);
		else
			strvec_pushf(c, "limits.cpu=%s", list);
		ex_approx(ex, "incus pins the whole instance, not one vCPU: limits.cpu as a list of host CPUs%s",
			  ct ? "" : " also makes a VM's vCPU count the list's length");
		return;
	}
	case VERB_DISPLAY:
		if (ct) {
			ex_none(ex, "a container has no screen; closest: incus console %s", g);
			return;
		}
		c = incus_cmd(ex, "console", NULL);
		strvec_push(c, g);
		strvec_push(c, "--type=vga");
		ex_approx(ex, "incus console --type=vga opens the VM's screen (SPICE) in a viewer; it prints no vnc:// URI");
		return;
	default:
		return;
	}
}

/* wait --state: incus's status words (shared/api/status_code.go). */
static const char *status_word(const char *state)
{
	static const char *const map[][2] = { { "running", "Running" }, { "paused", "Frozen" },
					      { "shutoff", "Stopped" }, { "crashed", "Error" } };
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (strcmp(state, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

void incus_watch(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_WAIT: {
		const char *st = vm_value_str(req, "state"), *w = st ? status_word(st) : NULL;
		if (!w) {
			ex_none(ex, "incus has no state %s (its states: Running, Frozen, Stopped, Error); closest: incus list "
				"%s --format csv --columns s in a loop", st ? st : "(none given)", g);
			return;
		}
		c = incus_cmd(ex, "wait", NULL);
		strvec_push(c, g);
		strvec_pushf(c, "status=%s", w);
		const struct vm_value *t = vm_value(req, "timeout");
		if (t) {
			strvec_push(c, "--timeout");
			strvec_pushf(c, "%llu", (unsigned long long)(t->num ? t->num : 1));
		}
		ex_approx(ex, "incus wait exists from Incus 6.21 on; it looks every 5 s (--interval)%s",
			  t && !t->num ? "; --timeout 0 would wait without a limit: 1 s" : "");
		if (strcmp(st, "crashed") == 0)
			ex_note(ex, "incus's Error is the nearest thing to a crash");
		return;
	}
	case VERB_EVENTS:
		c = incus_cmd(ex, "monitor", NULL);
		strvec_push(c, "--type=lifecycle");
		if (g || vm_value(req, "timeout") || vm_value(req, "count"))
			ex_approx(ex, "incus monitor prints every instance's events until interrupted: %s",
				  g ? "keep the lines that name the instance" : "no --timeout or --count");
		else
			ex_note(ex, "incus monitor prints each event as YAML (--format json: one JSON object)");
		return;
	case VERB_TOP: {
		c = incus_cmd(ex, "top", NULL);
		const struct vm_value *iv = vm_value(req, "interval");
		if (iv) {
			strvec_push(c, "--refresh");
			strvec_pushf(c, "%llu", (unsigned long long)iv->num);
		}
		ex_approx(ex, "incus top (Incus 6.2 and later; --refresh from 6.10) shows CPU time, memory and disk per "
			  "instance, refreshed every 10 s by default");
		if (vm_value_flag(req, "once") || vm_value(req, "count") || vm_value(req, "sort"))
			ex_note(ex, "incus top runs until interrupted and sorts with its own keys: --once, --count and --sort "
				"are not given");
		return;
	}
	case VERB_EXEC: {
		c = incus_cmd(ex, "exec", NULL);
		strvec_push(c, g);
		strvec_push(c, "--");
		for (size_t i = 0; vm_value_nth(req, "command", i); i++)
			strvec_push(c, vm_value_nth(req, "command", i));
		ex_note(ex, "incus exec exits with the command's status; a VM needs its incus-agent running");
		return;
	}
	default:
		return;
	}
}

/* Pools are incus storage pools, images incus storage volumes (named in a
 * pool, never by a path: `incus image` is a false friend, its images are
 * OS images to make instances from), networks incus networks. */
/* A network's name as incus takes it (shared/validate IsInterfaceName):
 * 1 to 15 characters, no '/', ':', space or '.'-only name; here: letters,
 * digits, '-', '_' and '.', not beginning with '-'. */
static bool net_name_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 15 && s[0] != '-' && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

/* A pool's name as an operand: after "--" when it begins with '-'. */
static void pool_operand(struct strvec *c, const char *name)
{
	if (name[0] == '-')
		strvec_push(c, "--");
	strvec_push(c, name);
}

void incus_resources(const struct vm_request *req, struct explanation *ex)
{
	const char *name = vm_value_str(req, "name");
	const char *path = vm_value_str(req, "path");
	struct strvec *c;
	bool net = req->verb == VERB_NET_INFO || req->verb == VERB_NET_CREATE || req->verb == VERB_NET_DELETE ||
		   req->verb == VERB_NET_START || req->verb == VERB_NET_STOP;
	if (net && name && !net_name_ok(name)) {
		char *q = sh_quote(name);
		ex_none(ex, "an incus network is named as an interface (1 to 15 letters, digits, '-', '_' and '.', not "
			"beginning with '-'): %s cannot be one; closest: incus network list", q);
		free(q);
		return;
	}
	switch (req->verb) {
	case VERB_POOL_LIST:
		incus_cmd(ex, "storage", "list");
		return;
	case VERB_POOL_CREATE:
		c = incus_cmd(ex, "storage", "create");
		pool_operand(c, name);
		strvec_push(c, "dir");
		strvec_pushf(c, "source=%s", vm_value_str(req, "dir"));
		ex_note(ex, "an incus pool is always available: nothing to build, start or autostart");
		return;
	case VERB_POOL_DELETE:
		pool_operand(incus_cmd(ex, "storage", "delete"), name);
		ex_approx(ex, "incus refuses to delete a pool that volumes use, and removes the directories it made in it");
		return;
	case VERB_IMAGE_LIST:
		if (!vm_value_str(req, "pool")) {
			ex_none(ex, "incus lists the volumes of one pool; closest: incus storage volume list POOL, for each "
				"pool of incus storage list");
			return;
		}
		c = incus_cmd(ex, "storage", "volume");
		strvec_push(c, "list");
		pool_operand(c, vm_value_str(req, "pool"));
		ex_note(ex, "incus image list is a false friend: it lists OS images to make instances from");
		return;
	case VERB_IMAGE_CREATE:
		ex_none(ex, "an incus volume is named in a pool, not by a path (%s); closest: incus storage volume create "
			"POOL NAME --type=block size=SIZE", path);
		return;
	case VERB_IMAGE_INFO:
		ex_none(ex, "an incus volume is named in a pool, not by a path (%s); closest: incus storage volume info "
			"POOL NAME", path);
		return;
	case VERB_IMAGE_RESIZE:
		ex_none(ex, "an incus volume is named in a pool, not by a path (%s); closest: incus storage volume set "
			"POOL NAME size=SIZE", path);
		return;
	case VERB_IMAGE_CONVERT:
		ex_none(ex, "incus converts no disk image files; closest: incus-migrate imports %s into an incus pool",
			vm_value_str(req, "src"));
		return;
	case VERB_IMAGE_DELETE:
		ex_none(ex, "an incus volume is named in a pool, not by a path (%s); closest: incus storage volume delete "
			"POOL NAME", path);
		return;
	case VERB_NET_LIST:
		incus_cmd(ex, "network", "list");
		ex_approx(ex, "incus network list also shows the host's own interfaces (MANAGED NO)");
		return;
	case VERB_NET_INFO:
		strvec_push(incus_cmd(ex, "network", "show"), name);
		c = incus_cmd(ex, "network", "list-leases");
		strvec_push(c, name);
		ex_approx(ex, "incus network show prints the network's YAML (addresses, DHCP, NAT); list-leases its leases");
		return;
	case VERB_NET_CREATE: {
		const char *br = vm_value_str(req, "bridge"), *sub = vm_value_str(req, "subnet");
		const char *fwd = vm_value_str(req, "forward");
		c = incus_cmd(ex, "network", "create");
		strvec_push(c, name);
		struct ipv4_plan plan;
		if (sub && ipv4_plan(sub, &plan) == 0)
			strvec_pushf(c, "ipv4.address=%s/%u", plan.gateway, plan.prefix);
		strvec_pushf(c, "ipv4.nat=%s", fwd && strcmp(fwd, "nat") != 0 ? "false" : "true");
		strvec_pushf(c, "ipv4.dhcp=%s", vm_value_flag(req, "dhcp") ? "true" : "false");
		strvec_push(c, "ipv6.address=none");
		ex_approx(ex, "an incus network is a bridge of the network's name (%s)%s", name,
			  br ? ", not one named by --bridge" : "");
		if (!sub)
			ex_note(ex, "without ipv4.address incus chooses a free subnet itself");
		if (fwd && strcmp(fwd, "none") == 0)
			ex_approx(ex, "incus has no isolated network: ipv4.nat=false routes it");
		return;
	}
	case VERB_NET_DELETE:
		strvec_push(incus_cmd(ex, "network", "delete"), name);
		ex_approx(ex, "incus refuses to delete a network that an instance or profile uses%s",
			  vm_value_flag(req, "force") ? ": there is no --force" : "");
		return;
	case VERB_NET_START:
	case VERB_NET_STOP:
		ex_none(ex, "an incus network is up while incusd runs: it has no start or stop; closest: incus network "
			"show %s", name);
		return;
	default:
		return;
	}
}
