/* devices.c: a guest's devices (disks, NICs, vCPU pinning, the graphical
 * console) in the virsh, xl and QEMU monitor vocabularies; the containers'
 * (lxc-*, vzctl) are in devices_ct.c.  Explain looks nothing up: a disk's
 * format is --format or raw (the backend reads the storage pool's record
 * first), and the kind of SOURCE (block device or file) is not known.
 * Native syntax: virsh 9.0 tools/virsh-domain.c (attach-disk builds the
 * <disk> itself; attach-interface --type direct writes no mode, which
 * libvirt reads as vepa; without --live, --config, --current or
 * --persistent both call virDomainAttachDevice, the running guest only),
 * xl 4.17 xl_cmdtable.c and xl-disk-configuration, QEMU 7.2 HMP. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_virsh.h"
#include "quote.h"
#include "uri.h"

static const char *val(const struct vm_request *req, const char *name)
{
	return vm_value_str(req, name);
}

/* The format written for disk-attach, with the note that says why. */
static const char *disk_format(const struct vm_request *req, struct explanation *ex)
{
	if (val(req, "format"))
		return val(req, "format");
	ex_approx(ex, "the format is never probed from the image: vmctl takes the storage pool's record of the volume, "
		      "else raw; explain looks nothing up and writes raw (give --format to say which)");
	return "raw";
}

static bool cdrom(const struct vm_request *req)
{
	return val(req, "device") && strcmp(val(req, "device"), "cdrom") == 0;
}

static bool mode_is(const struct vm_request *req, const char *mode)
{
	return val(req, "mode") && strcmp(val(req, "mode"), mode) == 0;
}

/* NET: "bridge=BR", "dev=IFACE" or a libvirt network name. */
static const char *net_kind(const char *net, const char **name)
{
	if (strncmp(net, "bridge=", 7) == 0) {
		*name = net + 7;
		return "bridge";
	}
	if (strncmp(net, "dev=", 4) == 0) {
		*name = net + 4;
		return "direct";
	}
	*name = net;
	return "network";
}

/* ---- virsh ---- */

static bool lxc_uri(const struct vm_request *req)
{
	return req->uri && strncmp(req->uri, "lxc", 3) == 0 && strchr("+:", req->uri[3]);
}

static void virsh_devices(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	const char *name;
	switch (req->verb) {
	case VERB_DISK_LIST:
		c = virsh_dom_cmd(ex, req, "domblklist");
		strvec_push(c, "--details");
		ex_note(ex, "virsh dumpxml shows each disk's format, bus and mode too");
		return;
	case VERB_DISK_ATTACH: {
		c = virsh_dom_cmd(ex, req, "attach-disk");
		virsh_operand(c, "source", val(req, "source"));
		virsh_operand(c, "target", val(req, "target"));
		if (cdrom(req)) {
			strvec_push(c, "--type");
			strvec_push(c, "cdrom");
		}
		if (lxc_uri(req)) {
			ex_note(ex, "libvirt-LXC attaches a host block device; a directory is a <filesystem>, for virsh "
				    "attach-device");
		} else {
			const char *format = disk_format(req, ex);
			strvec_push(c, "--driver");
			strvec_push(c, "qemu");
			strvec_push(c, "--subdriver");
			strvec_push(c, format);
		}
		if (val(req, "mode")) {
			strvec_push(c, "--mode");
			strvec_push(c, val(req, "mode"));
		}
		virsh_affect(c, req);
		ex_note(ex, "virsh attach-disk makes a block device type='block' and anything else type='file', as vmctl "
			    "does");
		return;
	}
	case VERB_DISK_DETACH:
		c = virsh_dom_cmd(ex, req, "detach-disk");
		virsh_operand(c, "target", val(req, "target"));
		virsh_affect(c, req);
		if (req->live || !req->config)
			ex_approx(ex, "virsh detach-disk returns once the guest is asked (libvirt waits 5 s at most); vmctl "
				      "waits up to %u s until the guest has released the disk, else exit 1", req->timeout);
		return;
	case VERB_NIC_LIST:
		virsh_dom_cmd(ex, req, "domiflist");
		ex_note(ex, "virsh domifaddr shows the addresses");
		return;
	case VERB_NIC_ATTACH: {
		const char *type = net_kind(val(req, "net"), &name);
		c = virsh_dom_cmd(ex, req, "attach-interface");
		strvec_push(c, type);
		virsh_operand(c, "source", name);
		if (val(req, "mac")) {
			strvec_push(c, "--mac");
			strvec_push(c, val(req, "mac"));
		}
		if (!lxc_uri(req) || val(req, "model")) {
			strvec_push(c, "--model");
			strvec_push(c, val(req, "model") ? val(req, "model") : "virtio");
		}
		virsh_affect(c, req);
		if (strcmp(type, "direct") == 0)
			ex_approx(ex, "virsh attach-interface --type direct writes no mode, and libvirt takes vepa; vmctl "
				      "writes <source dev='%s' mode='bridge'/> (macvtap), which virsh attach-device with that "
				      "XML gives", name);
		else
			ex_note(ex, "NET %s is <interface type='%s'>", val(req, "net"), type);
		return;
	}
	case VERB_NIC_DETACH:
		c = virsh_dom_cmd(ex, req, "detach-interface");
		strvec_push(c, "network");
		strvec_push(c, "--mac");
		strvec_push(c, val(req, "mac"));
		virsh_affect(c, req);
		ex_approx(ex, "virsh detach-interface needs the NIC's type (network, bridge or direct: virsh domiflist shows "
			      "it), written here as network; vmctl finds the NIC by its MAC alone");
		return;
	case VERB_VCPU_LIST:
		virsh_dom_cmd(ex, req, "vcpuinfo");
		ex_note(ex, "virsh vcpupin DOMAIN without a CPU list shows the affinity alone");
		return;
	case VERB_VCPU_PIN:
		c = virsh_dom_cmd(ex, req, "vcpupin");
		strvec_push(c, val(req, "vcpu"));
		strvec_push(c, val(req, "cpulist"));
		virsh_affect(c, req);
		return;
	case VERB_DISPLAY: {
		virsh_dom_cmd(ex, req, "domdisplay");
		ex_approx(ex, "virsh domdisplay prints a VNC display number (vnc://HOST:N, port 5900+N); vmctl prints the "
			      "TCP port (vnc://HOST:PORT)");
		char *g = sh_quote(req->guest);
		char *shown = req->uri ? uri_redact(req->uri) : NULL;
		char *uri = shown ? sh_quote(shown) : NULL;
		free(shown);
		ex_note(ex, "virt-viewer%s%s %s%s opens the console itself", uri ? " -c " : "", uri ? uri : "",
			req->guest[0] == '-' ? "-- " : "", g);
		free(uri);
		free(g);
		return;
	}
	default:
		return;
	}
}

/* ---- xl ---- */

#define XEN_DIR "/etc/xen"

static struct strvec *xl_sub(struct explanation *ex, const char *subcommand, const struct vm_request *req)
{
	struct strvec *c = ex_cmd(ex, "xl");
	strvec_push(c, subcommand);
	if (req->guest[0] == '-')
		strvec_push(c, "--");
	strvec_push(c, req->guest);
	return c;
}

/* xl's disk spec for disk-attach: keys, target last (it may hold commas). */
static char *xl_disk_spec(const struct vm_request *req, struct explanation *ex)
{
	const char *format = disk_format(req, ex);
	bool ro = mode_is(req, "readonly") || cdrom(req);
	return xasprintf("format=%s,vdev=%s,access=%s%s,target=%s", format, val(req, "target"), ro ? "ro" : "rw",
			 cdrom(req) ? ",devtype=cdrom" : "", val(req, "source"));
}

static void xl_devices(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	const char *name;
	char *spec = NULL;
	if (req->config) {
		char *cfg = xasprintf(XEN_DIR "/%s.cfg", req->guest);
		char *q = sh_quote(cfg);
		const char *what = req->verb == VERB_DISK_ATTACH || req->verb == VERB_DISK_DETACH ? "disk= list"
				 : req->verb == VERB_VCPU_PIN ? "cpus= setting" : "vif= list";
		ex_none(ex, "xl keeps no definition and changes the running domain only; closest: edit the %s in %s, which "
			    "the next start reads (vmctl -b xen refuses --config)", what, q);
		free(q);
		free(cfg);
		return;
	}
	switch (req->verb) {
	case VERB_DISK_LIST:
		xl_sub(ex, "block-list", req);
		ex_note(ex, "xl block-list shows the backend path in xenstore; xl list -l shows each disk's target");
		return;
	case VERB_DISK_ATTACH:
		spec = xl_disk_spec(req, ex);
		c = xl_sub(ex, "block-attach", req);
		strvec_push(c, spec);
		if (mode_is(req, "shareable"))
			ex_approx(ex, "xl's disk spec has no shareable mode: the disk is attached read-write");
		ex_note(ex, "xl's disk spec (xl-disk-configuration): target= last, since a path may hold commas");
		if (strncmp(val(req, "target"), "vd", 2) == 0)
			ex_note(ex, "libxl names a disk xvdX, hdX, sdX, dNpM or by number (libxl__device_disk_dev_number): it "
				    "refuses %s, as vmctl -b xen does", val(req, "target"));
		free(spec);
		return;
	case VERB_DISK_DETACH:
		c = xl_sub(ex, "block-detach", req);
		strvec_push(c, val(req, "target"));
		if (req->timeout != 30)
			ex_approx(ex, "xl block-detach has no timeout: libxl waits for the guest on its own; vmctl waits up "
				      "to %u s", req->timeout);
		ex_note(ex, "xl block-detach takes the virtual device (xvdb) or the devid xl block-list shows");
		return;
	case VERB_NIC_LIST:
		xl_sub(ex, "network-list", req);
		return;
	case VERB_NIC_ATTACH: {
		const char *type = net_kind(val(req, "net"), &name);
		if (strcmp(type, "network") == 0) {
			ex_none(ex, "xl has no libvirt networks: a vif names a bridge (give bridge=BR)");
			return;
		}
		if (strcmp(type, "direct") == 0) {
			ex_none(ex, "xl cannot move a host interface into a domain; closest: PCI passthrough (xl pci-attach)");
			return;
		}
		c = xl_sub(ex, "network-attach", req);
		strvec_pushf(c, "bridge=%s", name);
		if (val(req, "mac"))
			strvec_pushf(c, "mac=%s", val(req, "mac"));
		if (val(req, "model")) {
			strvec_pushf(c, "model=%s", val(req, "model"));
			ex_note(ex, "model= names the emulated NIC of an HVM guest; a PV guest's vif has no model");
		}
		return;
	}
	case VERB_NIC_DETACH:
		c = xl_sub(ex, "network-detach", req);
		strvec_push(c, val(req, "mac"));
		return;
	case VERB_VCPU_LIST:
		xl_sub(ex, "vcpu-list", req);
		return;
	case VERB_VCPU_PIN:
		c = xl_sub(ex, "vcpu-pin", req);
		strvec_push(c, val(req, "vcpu"));
		strvec_push(c, val(req, "cpulist"));
		ex_note(ex, "xl vcpu-pin sets the hard affinity; a fourth operand would set the soft one");
		return;
	case VERB_DISPLAY:
		xl_sub(ex, "vncviewer", req);
		ex_approx(ex, "xl vncviewer starts a VNC viewer on the domain's console; vmctl prints its URI "
			      "(vnc://HOST:PORT)");
		return;
	default:
		return;
	}
}

/* ---- the QEMU monitor ---- */

static void hmp_line(struct explanation *ex, const struct vm_request *req, const char *command)
{
	struct strvec *c = virsh_dom_cmd(ex, req, "qemu-monitor-command");
	strvec_push(c, "--hmp");
	strvec_push(c, command);
	ex_note(ex, "monitor command: %s", command);
}

/* s with each ',' doubled, as QEMU's option strings escape it. */
static char *opt_escape(const char *s)
{
	char *out = xmalloc(strlen(s) * 2 + 1), *o = out;
	for (; *s; s++) {
		*o++ = *s;
		if (*s == ',')
			*o++ = ',';
	}
	*o = '\0';
	return out;
}

/* HMP's drive_add and device_add with their option string quoted. */
static void hmp_opts(struct explanation *ex, const struct vm_request *req, const char *head, const char *opts)
{
	char *q = hmp_quote(opts);
	char *line = xasprintf("%s%s", head, q);
	hmp_line(ex, req, line);
	free(line);
	free(q);
}

static const char *qemu_nic_device(const char *model)
{
	return strcmp(model, "virtio") == 0 ? "virtio-net-pci" : model;
}

static void qemu_devices(const struct vm_request *req, struct explanation *ex)
{
	const char *name;
	bool changes = req->verb == VERB_DISK_ATTACH || req->verb == VERB_DISK_DETACH || req->verb == VERB_NIC_ATTACH ||
		       req->verb == VERB_NIC_DETACH || req->verb == VERB_VCPU_PIN;
	if (changes && req->config && !req->live) {
		ex_none(ex, "the monitor changes the running guest only; closest: the virsh vocabulary with --config");
		return;
	}
	switch (req->verb) {
	case VERB_DISK_LIST:
		hmp_line(ex, req, "info block");
		ex_note(ex, "under libvirt the drives have libvirt's ids (drive-virtio-disk0), not the guest's targets");
		break;
	case VERB_DISK_ATTACH: {
		if (cdrom(req)) {
			ex_none(ex, "an IDE or SATA CD drive cannot be hot-plugged; closest: virsh change-media on an "
				    "existing drive, or scsi-cd on a virtio-scsi controller");
			return;
		}
		const char *format = disk_format(req, ex);
		const char *target = strrchr(val(req, "target"), '/') ? strrchr(val(req, "target"), '/') + 1 : val(req, "target");
		char *file = opt_escape(val(req, "source")), *id = opt_escape(*target ? target : "disk");
		char *drive = xasprintf("if=none,id=drive-%s,file=%s,format=%s%s", id, file, format,
					mode_is(req, "readonly") ? ",readonly=on" : "");
		char *dev = xasprintf("virtio-blk-pci,drive=drive-%s,id=%s", id, id);
		hmp_opts(ex, req, "drive_add 0 ", drive);
		hmp_opts(ex, req, "device_add ", dev);
		ex_approx(ex, "libvirt does not see a disk added through the monitor (virsh domblklist will not list it); "
			      "vmctl attaches it through libvirt");
		if (mode_is(req, "shareable"))
			ex_approx(ex, "the monitor has no shareable mode: QEMU locks the image");
		if (req->config)
			ex_approx(ex, "the monitor changes the running guest only, not its definition");
		ex_note(ex, "the target is the guest's device name only as a hint: the guest names a virtio disk itself");
		free(drive);
		free(dev);
		free(file);
		free(id);
		break;
	}
	case VERB_DISK_DETACH: {
		char *cmd = xasprintf("device_del %s", val(req, "target"));
		hmp_line(ex, req, cmd);
		free(cmd);
		ex_approx(ex, "device_del takes the device's id: under libvirt its alias (virtio-disk1, virsh dumpxml shows "
			      "it), not the target %s; it asks the guest and returns, where vmctl waits up to %u s",
			  val(req, "target"), req->timeout);
		if (req->config)
			ex_approx(ex, "the monitor changes the running guest only, not its definition");
		break;
	}
	case VERB_NIC_LIST:
		hmp_line(ex, req, "info network");
		break;
	case VERB_NIC_ATTACH: {
		const char *type = net_kind(val(req, "net"), &name);
		if (strcmp(type, "bridge") != 0) {
			ex_none(ex, "%s", strcmp(type, "network") == 0
				? "a bare QEMU has no libvirt networks; closest: virsh attach-interface DOMAIN network NET"
				: "a macvtap NIC needs a file descriptor the monitor cannot open; closest: virsh "
				  "attach-interface DOMAIN direct IFACE");
			return;
		}
		char *br = opt_escape(name);
		char *netdev = xasprintf("bridge,id=hostnet-vmctl,br=%s", br);
		char *dev = xasprintf("%s,netdev=hostnet-vmctl,id=net-vmctl%s%s",
				      qemu_nic_device(val(req, "model") ? val(req, "model") : "virtio"),
				      val(req, "mac") ? ",mac=" : "", val(req, "mac") ? val(req, "mac") : "");
		hmp_opts(ex, req, "netdev_add ", netdev);
		hmp_opts(ex, req, "device_add ", dev);
		ex_approx(ex, "libvirt does not see a NIC added through the monitor; the ids hostnet-vmctl and net-vmctl are "
			      "explain's");
		if (req->config)
			ex_approx(ex, "the monitor changes the running guest only, not its definition");
		ex_note(ex, "netdev bridge runs qemu-bridge-helper, which needs the bridge allowed in /etc/qemu/bridge.conf");
		free(netdev);
		free(dev);
		free(br);
		break;
	}
	case VERB_NIC_DETACH:
		ex_none(ex, "device_del takes the NIC's id, not its MAC: info network shows the ids, then device_del ID and "
			    "netdev_del for its backend");
		return;
	case VERB_VCPU_LIST:
		hmp_line(ex, req, "info cpus");
		ex_approx(ex, "info cpus shows each vCPU's host thread id, not its host CPU or affinity (taskset -p TID "
			      "shows them)");
		break;
	case VERB_VCPU_PIN:
		ex_none(ex, "the monitor cannot pin a vCPU; closest: info cpus gives each vCPU's thread_id, then taskset -pc "
			    "%s TID", val(req, "cpulist"));
		return;
	case VERB_DISPLAY:
		hmp_line(ex, req, "info vnc");
		ex_approx(ex, "info vnc shows the VNC server's address, TCP port and clients; vmctl prints vnc://HOST:PORT "
			      "(a SPICE display: info spice)");
		break;
	default:
		break;
	}
}

void explain_devices(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	switch (v) {
	case VOCAB_VIRSH:
		virsh_devices(req, ex);
		return;
	case VOCAB_XL:
		xl_devices(req, ex);
		return;
	case VOCAB_QEMU:
		qemu_devices(req, ex);
		return;
	case VOCAB_LXC:
	case VOCAB_VZCTL:
		explain_devices_ct(v, req, ex);
		return;
	case VOCAB_VMCTL:
	case VOCAB_QM: /* the second wave's vocabularies explain every verb in their own file */
	case VOCAB_PCT:
	case VOCAB_XE:
	case VOCAB_VAGRANT:
	case VOCAB_OPENSTACK:
	case VOCAB_INCUS:
	case VOCAB__COUNT:
		return;
	}
}
