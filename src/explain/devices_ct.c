/* devices_ct.c: a container's devices in the lxc-* (LXC 5.0) and vzctl
 * (4.11) vocabularies.  A container has no vCPUs, no CD drive and no
 * graphical console.  Explain reads nothing: a SOURCE under /dev/ is taken
 * for a device node, anything else for a directory or file to bind-mount.
 * lxc-device (src/lxc/tools/lxc_device.c) adds and deletes device nodes
 * and moves host interfaces in and out; no lxc-* command bind-mounts into a
 * running container (liblxc's mount() needs lxc.mount.auto = shmounts:). */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "quote.h"

static const char *val(const struct vm_request *req, const char *name)
{
	return vm_value_str(req, name);
}

static bool dev_path(const char *s)
{
	return s && strncmp(s, "/dev/", 5) == 0 && s[5];
}

static bool config_only(const struct vm_request *req)
{
	return req->config && !req->live;
}

/* ---- lxc-* ---- */

static struct strvec *lxc_tool(struct explanation *ex, const struct vm_request *req, const char *name)
{
	struct strvec *c = ex_cmd(ex, name);
	if (req->lxcpath) {
		strvec_push(c, "-P");
		strvec_push(c, req->lxcpath);
	}
	strvec_push(c, "-n");
	strvec_push(c, req->guest);
	return c;
}

/* The container's config file; a new string. */
static char *lxc_config(const struct vm_request *req)
{
	return xasprintf("%s/%s/config", req->lxcpath ? req->lxcpath : "/var/lib/lxc", req->guest);
}

/* The lxc.mount.entry line of a bind mount of SOURCE at TARGET; a new string. */
static char *mount_entry(const struct vm_request *req, const char *create)
{
	const char *target = val(req, "target");
	return xasprintf("lxc.mount.entry = %s %s none bind,create=%s%s 0 0", val(req, "source"),
			 target + strspn(target, "/"), create, req->verb == VERB_DISK_ATTACH &&
			 val(req, "mode") && strcmp(val(req, "mode"), "readonly") == 0 ? ",ro" : "");
}

static void lxc_disk_attach(const struct vm_request *req, struct explanation *ex, const char *cfg)
{
	if (val(req, "device") && strcmp(val(req, "device"), "cdrom") == 0) {
		ex_none(ex, "a container has no CD drive");
		return;
	}
	if (!dev_path(val(req, "source"))) {
		char *entry = mount_entry(req, "dir");
		if (config_only(req))
			ex_none(ex, "no lxc-* command adds a mount: %s in %s, read at the next start", entry, cfg);
		else
			ex_none(ex, "no lxc-* command bind-mounts into a running container (liblxc's mount() needs "
				    "lxc.mount.auto = shmounts:); vmctl does it itself (open_tree, setns, move_mount); "
				    "closest: %s in %s and a restart", entry, cfg);
		free(entry);
		return;
	}
	char *entry = mount_entry(req, "file");
	if (config_only(req)) {
		ex_none(ex, "lxc-device changes the running container only; for the next start: %s and "
			    "lxc.cgroup2.devices.allow = b MAJOR:MINOR rwm (ls -l %s shows them) in %s", entry,
			val(req, "source"), cfg);
		free(entry);
		return;
	}
	struct strvec *c = lxc_tool(ex, req, "lxc-device");
	strvec_push(c, "add");
	strvec_push(c, val(req, "source"));
	strvec_push(c, val(req, "target"));
	if (val(req, "mode") && strcmp(val(req, "mode"), "readonly") == 0)
		ex_approx(ex, "lxc-device add allows reading and writing the node: it has no read-only mode");
	if (val(req, "mode") && strcmp(val(req, "mode"), "shareable") == 0)
		ex_approx(ex, "lxc-device add has no shareable mode: the host and the container share the node anyway");
	if (req->config)
		ex_approx(ex, "lxc-device changes the running container only; for the next start also %s in %s", entry, cfg);
	if (val(req, "format"))
		ex_note(ex, "a device node has no image format: --format changes nothing here");
	free(entry);
}

static void lxc_nic_attach(const struct vm_request *req, struct explanation *ex, const char *cfg)
{
	const char *net = val(req, "net");
	if (strncmp(net, "dev=", 4) == 0) {
		if (config_only(req)) {
			ex_none(ex, "lxc-device changes the running container only; for the next start: lxc.net.N.type = "
				    "phys and lxc.net.N.link = %s in %s (N the next free index)", net + 4, cfg);
			return;
		}
		struct strvec *c = lxc_tool(ex, req, "lxc-device");
		strvec_push(c, "add");
		strvec_push(c, net + 4);
		if (val(req, "mac"))
			ex_approx(ex, "lxc-device add moves the interface with its own MAC; vmctl sets %s", val(req, "mac"));
		if (val(req, "model"))
			ex_approx(ex, "a container's interface has no model: --model changes nothing");
		if (req->config)
			ex_approx(ex, "lxc-device changes the running container only; for the next start also lxc.net.N.type "
				      "= phys and lxc.net.N.link = %s in %s", net + 4, cfg);
		ex_note(ex, "lxc-device add moves the host interface into the container: the host no longer sees it");
		return;
	}
	if (strncmp(net, "bridge=", 7) != 0) {
		ex_none(ex, "LXC has no libvirt networks (give bridge=BR or dev=IFACE)");
		return;
	}
	char *mac = val(req, "mac") ? xasprintf(", lxc.net.N.hwaddr = %s", val(req, "mac")) : xstrdup("");
	ex_none(ex, "%s: lxc.net.N.type = veth, lxc.net.N.link = %s, lxc.net.N.flags = up%s in %s (N the next free "
		    "index)%s", config_only(req) ? "no lxc-* command adds a NIC; for the next start" :
		    "no lxc-* command adds a veth to a running container (vmctl makes the pair on the bridge and moves "
		    "one end in, as lxc-device add IFACE moves an interface); closest", net + 7, mac, cfg,
		config_only(req) ? "" : " and a restart");
	free(mac);
}

static void lxc_devices(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	char *cfg = lxc_config(req);
	char *g = sh_quote(req->guest);
	switch (req->verb) {
	case VERB_DISK_LIST:
		ex_none(ex, "no lxc-* command lists them: the lxc.mount.entry items of %s, and in the running container "
			    "lxc-attach -n %s -- cat /proc/mounts", cfg, g);
		break;
	case VERB_DISK_ATTACH:
		lxc_disk_attach(req, ex, cfg);
		break;
	case VERB_DISK_DETACH:
		if (dev_path(val(req, "target")) && !config_only(req)) {
			c = lxc_tool(ex, req, "lxc-device");
			strvec_push(c, "del");
			strvec_push(c, val(req, "target"));
			if (req->config)
				ex_approx(ex, "lxc-device changes the running container only; also remove the node's "
					      "lxc.mount.entry from %s", cfg);
		} else {
			char *t = sh_quote(val(req, "target"));
			ex_none(ex, "no lxc-* command %s; closest: remove its lxc.mount.entry from %s%s%s%s%s",
				config_only(req) ? "edits the config" : "unmounts in a running container", cfg,
				config_only(req) ? "" : ", and lxc-attach -n ", config_only(req) ? "" : g,
				config_only(req) ? "" : " -- umount ", config_only(req) ? "" : t);
			free(t);
		}
		break;
	case VERB_NIC_LIST:
		ex_none(ex, "no lxc-* command lists them; closest: lxc-info -n %s (each address and veth link) and the "
			    "lxc.net.N items of %s", g, cfg);
		break;
	case VERB_NIC_ATTACH:
		lxc_nic_attach(req, ex, cfg);
		break;
	case VERB_NIC_DETACH:
		ex_none(ex, "lxc-device del takes the interface's name in the container, not its MAC (lxc-attach -n %s -- "
			    "ip -o link shows it); closest: lxc-device -n %s del IFACE", g, g);
		break;
	case VERB_VCPU_LIST:
		c = lxc_tool(ex, req, "lxc-cgroup");
		strvec_push(c, "cpuset.cpus.effective");
		ex_approx(ex, "a container has no vCPUs: lxc-cgroup shows the host CPUs it may run on, one range list "
			      "where vmctl prints one line per CPU");
		break;
	case VERB_VCPU_PIN:
		ex_none(ex, "a container has no vCPUs (vmctl -b lxc: exit 4); closest: lxc-cgroup -n %s cpuset.cpus %s "
			    "limits the whole container", g, val(req, "cpulist"));
		break;
	case VERB_DISPLAY:
		ex_none(ex, "a container has no graphical console; closest: lxc-console -n %s", g);
		break;
	default:
		break;
	}
	free(g);
	free(cfg);
}

/* ---- vzctl ---- */

/* vzctl set CTID OPTION VALUE, with --save as vcpu-set's. */
static struct strvec *vz_set(struct explanation *ex, const struct vm_request *req, const char *option, const char *value)
{
	struct strvec *c = ex_cmd(ex, "vzctl");
	strvec_push(c, "set");
	strvec_push(c, req->guest);
	strvec_push(c, option);
	strvec_push(c, value);
	if (req->config) {
		strvec_push(c, "--save");
		if (!req->live)
			ex_approx(ex, "vzctl set --save also changes a running container");
	} else if (!req->live) {
		ex_approx(ex, "vzctl set without --save changes a running container only; add --save to keep the change");
	}
	return c;
}

static void vz_devices(const struct vm_request *req, struct explanation *ex)
{
	const char *src = val(req, "source"), *tgt = val(req, "target"), *net = val(req, "net");
	char *v;
	switch (req->verb) {
	case VERB_DISK_LIST:
		ex_none(ex, "vzctl lists no devices: DEVNODES= in /etc/vz/conf/CTID.conf, and bind mounts in the "
			    "CTID.mount script");
		return;
	case VERB_DISK_ATTACH:
		if (val(req, "device") && strcmp(val(req, "device"), "cdrom") == 0) {
			ex_none(ex, "a container has no CD drive");
			return;
		}
		if (!dev_path(src)) {
			ex_none(ex, "vzctl has no bind-mount option; closest: a mount script /etc/vz/conf/CTID.mount that "
				    "runs mount --bind SOURCE $VE_ROOT/TARGET");
			return;
		}
		v = xasprintf("%s:%s", src + 5, val(req, "mode") && strcmp(val(req, "mode"), "readonly") == 0 ? "r" : "rw");
		vz_set(ex, req, "--devnodes", v);
		free(v);
		if (val(req, "mode") && strcmp(val(req, "mode"), "shareable") == 0)
			ex_approx(ex, "--devnodes has no shareable mode: the host and the container share the node anyway");
		if (strcmp(src, tgt) != 0)
			ex_approx(ex, "the node keeps its host name %s in the container; vmctl makes it %s", src, tgt);
		return;
	case VERB_DISK_DETACH:
		if (!dev_path(tgt)) {
			ex_none(ex, "vzctl has no bind-mount option; closest: vzctl exec CTID umount TARGET, and the "
				    "CTID.mount script");
			return;
		}
		v = xasprintf("%s:none", tgt + 5);
		vz_set(ex, req, "--devnodes", v);
		free(v);
		return;
	case VERB_NIC_LIST:
		ex_none(ex, "vzctl lists no interfaces: NETIF= in /etc/vz/conf/CTID.conf; closest: vzctl exec CTID ip addr");
		return;
	case VERB_NIC_ATTACH:
		if (strncmp(net, "dev=", 4) == 0) {
			vz_set(ex, req, "--netdev_add", net + 4);
			if (val(req, "mac"))
				ex_approx(ex, "--netdev_add moves the interface with its own MAC; vmctl sets %s", val(req, "mac"));
			if (val(req, "model"))
				ex_approx(ex, "a container's interface has no model: --model changes nothing");
			return;
		}
		if (strncmp(net, "bridge=", 7) != 0) {
			ex_none(ex, "vzctl has no libvirt networks (give bridge=BR or dev=IFACE)");
			return;
		}
		v = xasprintf("eth1,%s,,,%s", val(req, "mac") ? val(req, "mac") : "", net + 7);
		vz_set(ex, req, "--netif_add", v);
		free(v);
		ex_approx(ex, "--netif_add needs the container's interface name: eth1 is explain's choice");
		if (val(req, "model"))
			ex_approx(ex, "a container's interface has no model: --model changes nothing");
		ex_note(ex, "--netif_add IFNAME,MAC,HOST_IFNAME,HOST_MAC,BRIDGE: empty fields are vzctl's choice");
		return;
	case VERB_NIC_DETACH:
		ex_none(ex, "vzctl set --netif_del takes the container's interface name (eth1), not its MAC; closest: vzctl "
			    "set CTID --netif_del IFNAME --save");
		return;
	case VERB_VCPU_LIST:
		ex_none(ex, "a container has no vCPUs; closest: the CPUS= and CPUMASK= lines of /etc/vz/conf/CTID.conf "
			    "(vzctl set --cpus, --cpumask)");
		return;
	case VERB_VCPU_PIN:
		ex_none(ex, "a container has no vCPUs; closest: vzctl set CTID --cpumask %s --save limits the whole container",
			val(req, "cpulist"));
		return;
	case VERB_DISPLAY:
		ex_none(ex, "a container has no graphical console; closest: vzctl console CTID");
		return;
	default:
		return;
	}
}

void explain_devices_ct(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	if (v == VOCAB_LXC)
		lxc_devices(req, ex);
	else
		vz_devices(req, ex);
}
