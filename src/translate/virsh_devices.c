/* virsh_devices.c: virsh's device commands (libvirt 9.0 tools/virsh-domain.c)
 * read into vmctl's device verbs: attach-disk, detach-disk, domblklist,
 * attach-interface, detach-interface, domiflist, vcpuinfo, vcpupin and
 * domdisplay.  virsh.c's parser has read the options; each reader writes
 * the vmctl words and hands them to request_parse() (tr_answer).
 * attach-* and detach-* without --live, --config, --current or
 * --persistent call virDomainAttachDevice/DetachDevice: the running guest
 * only; vcpupin without them is --current. */
#include "translate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "quote.h"

struct rd {
	const struct virsh_opts *o;
	const char *who;
	struct tr_words w;
	struct vm_error *err;
};

static const char *get(struct rd *r, const char *name)
{
	return r->o->get(r->o->ctx, name);
}

static bool has(struct rd *r, const char *name)
{
	return get(r, name) != NULL;
}

/* --live, --config, --current, --persistent as virsh combines them;
 * attach: no flag at all means the running guest only. */
static int affect(struct rd *r, bool attach)
{
	struct translation *t = r->w.t;
	bool live = has(r, "live"), config = has(r, "config"), current = has(r, "current");
	bool persistent = attach && has(r, "persistent");
	if (current && (live || config || persistent))
		return vm_error_set(r->err, VM_EXIT_USAGE, "--current and --%s are mutually exclusive (virsh refuses them "
				    "together)", live ? "live" : config ? "config" : "persistent");
	if (persistent) {
		live = config = true;
		tr_approx(t, "--persistent changes the definition, and the running guest only when it runs; vmctl --live "
			  "--config needs a running guest");
	} else if (attach && !live && !config && !current) {
		live = true;
		tr_note(t, "'%s' without --live, --config or --current changes the running guest only "
			"(virDomainAttachDevice): --live", r->who);
	}
	if (live)
		tr_word(&r->w, "--live");
	if (config)
		tr_word(&r->w, "--config");
	return 0;
}

static bool lxc_uri(const struct translation *t)
{
	return t->req.uri && strncmp(t->req.uri, "lxc", 3) == 0 && strchr("+:", t->req.uri[3]);
}

static void operands(struct rd *r, const char *a, const char *b, const char *c)
{
	tr_word(&r->w, "--");
	tr_word(&r->w, get(r, "domain"));
	if (a)
		tr_word(&r->w, a);
	if (b)
		tr_word(&r->w, b);
	if (c)
		tr_word(&r->w, c);
}

static void print_xml(struct rd *r)
{
	if (has(r, "print-xml"))
		tr_approx(r->w.t, "--print-xml only prints the device XML; the vmctl command changes the guest");
}

static int attach_disk(struct rd *r)
{
	struct translation *t = r->w.t;
	const char *type = get(r, "type"), *mode = get(r, "mode"), *sub = get(r, "subdriver");
	const char *driver = get(r, "driver"), *stype = get(r, "sourcetype");
	if (type && strcmp(type, "disk") != 0 && strcmp(type, "cdrom") != 0)
		return tr_unsupported(r->err, "'%s --type %s': vmctl disk-attach --device takes disk or cdrom", r->who, type);
	if (stype && strcmp(stype, "file") != 0 && strcmp(stype, "block") != 0)
		return tr_unsupported(r->err, "'%s --sourcetype %s': vmctl disk-attach takes a file or block device", r->who,
				      stype);
	if (get(r, "source-protocol"))
		return tr_unsupported(r->err, "'%s --source-protocol': vmctl disk-attach takes a file or block device, not "
				      "a network disk", r->who);
	if (mode && strcmp(mode, "readonly") != 0 && strcmp(mode, "shareable") != 0)
		return vm_error_set(r->err, VM_EXIT_USAGE, "'%s': --mode takes readonly or shareable", r->who);
	if (type && strcmp(type, "cdrom") == 0) {
		tr_word(&r->w, "--device");
		tr_word(&r->w, "cdrom");
	}
	if (mode) {
		tr_word(&r->w, "--mode");
		tr_word(&r->w, mode);
	}
	if (sub && (strcmp(sub, "raw") == 0 || strcmp(sub, "qcow2") == 0)) {
		tr_word(&r->w, "--format");
		tr_word(&r->w, sub);
	} else if (sub) {
		char *q = msg_quote(sub);
		tr_approx(t, "--subdriver %s: vmctl --format takes raw or qcow2; translated without it", q);
		free(q);
	} else if (lxc_uri(t)) {
		tr_note(t, "libvirt-LXC attaches a host block device, which has no image format");
	} else {
		tr_approx(t, "virsh attach-disk without --subdriver writes no format, which libvirt takes as raw; vmctl "
			  "without --format takes the storage pool's record, else raw");
	}
	if (driver && strcmp(driver, "qemu") != 0) {
		char *q = msg_quote(driver);
		tr_note(t, "--driver %s: vmctl leaves the driver name to libvirt", q);
		free(q);
	}
	if (stype)
		tr_note(t, "--sourcetype %s: vmctl sees for itself whether SOURCE is a block device", stype);
	if (get(r, "targetbus"))
		tr_approx(t, "--targetbus %s: vmctl lets libvirt infer the bus from the target's name", get(r, "targetbus"));
	print_xml(r);
	if (affect(r, true) < 0)
		return -1;
	r->o->leftovers(r->o->ctx, "domain source target type mode subdriver driver sourcetype targetbus print-xml "
			"source-protocol live config current persistent", "");
	operands(r, get(r, "source"), get(r, "target"), NULL);
	return tr_answer(&r->w, "disk-attach", r->err);
}

static int detach_disk(struct rd *r)
{
	print_xml(r);
	if (affect(r, true) < 0)
		return -1;
	tr_note(r->w.t, "virsh detach-disk returns once the guest is asked; vmctl waits until it has released the disk "
		"(--timeout, 30 s)");
	r->o->leftovers(r->o->ctx, "domain target print-xml live config current persistent", "");
	operands(r, get(r, "target"), NULL, NULL);
	return tr_answer(&r->w, "disk-detach", r->err);
}

static int attach_interface(struct rd *r)
{
	struct translation *t = r->w.t;
	const char *type = get(r, "type"), *src = get(r, "source");
	const char *net;
	if (strcmp(type, "network") == 0) {
		net = src;
	} else if (strcmp(type, "bridge") == 0) {
		net = tr_keep(t, xasprintf("bridge=%s", src));
	} else if (strcmp(type, "direct") == 0) {
		net = tr_keep(t, xasprintf("dev=%s", src));
		tr_approx(t, "--type direct without a mode is macvtap in vepa mode; vmctl's dev=%s is mode bridge", src);
	} else {
		char *q = msg_quote(type);
		int rc = tr_unsupported(r->err, "'%s' of type %s: vmctl nic-attach takes a network, a bridge (bridge=BR) or "
					"a host interface (dev=IFACE)", r->who, q);
		free(q);
		return rc;
	}
	if (get(r, "mac")) {
		tr_word(&r->w, "--mac");
		tr_word(&r->w, get(r, "mac"));
	}
	if (get(r, "model") && strcmp(get(r, "model"), "virtio") == 0) {
		/* vmctl's default model */
	} else if (get(r, "model")) {
		tr_word(&r->w, "--model");
		tr_word(&r->w, get(r, "model"));
	} else if (lxc_uri(t)) {
		tr_note(t, "a container's NIC has no model");
	} else {
		tr_approx(t, "virsh attach-interface without --model leaves the model to the hypervisor (QEMU: rtl8139 or "
			  "e1000); vmctl gives virtio");
	}
	print_xml(r);
	if (affect(r, true) < 0)
		return -1;
	r->o->leftovers(r->o->ctx, "domain type source mac model print-xml live config current persistent", "");
	operands(r, net, NULL, NULL);
	return tr_answer(&r->w, "nic-attach", r->err);
}

static int detach_interface(struct rd *r)
{
	if (!has(r, "mac"))
		return tr_unsupported(r->err, "'%s' without --mac detaches the one NIC of its type; vmctl nic-detach needs "
				      "the MAC (virsh domiflist shows it)", r->who);
	tr_note(r->w.t, "vmctl finds the NIC by its MAC whatever its type (%s here)", get(r, "type"));
	print_xml(r);
	if (affect(r, true) < 0)
		return -1;
	r->o->leftovers(r->o->ctx, "domain type mac print-xml live config current persistent", "");
	operands(r, get(r, "mac"), NULL, NULL);
	return tr_answer(&r->w, "nic-detach", r->err);
}

static int vcpupin(struct rd *r)
{
	const char *vcpu = get(r, "vcpu"), *list = get(r, "cpulist");
	if (!list) {
		if (vcpu)
			tr_approx(r->w.t, "virsh vcpupin with a vCPU and no CPU list shows that vCPU's affinity; vmctl vcpu-list "
				  "shows every vCPU");
		else
			tr_note(r->w.t, "virsh vcpupin without a CPU list shows the affinity; vmctl vcpu-list also shows each "
				"vCPU's state and host CPU");
		if (has(r, "config") || has(r, "live"))
			tr_approx(r->w.t, "--config and --live choose what virsh vcpupin shows; vmctl vcpu-list shows the "
				  "running guest");
		r->o->leftovers(r->o->ctx, "domain vcpu config live current", "");
		operands(r, NULL, NULL, NULL);
		return tr_answer(&r->w, "vcpu-list", r->err);
	}
	if (!vcpu)
		return tr_usage(r->err, r->who, "--vcpu with a CPU list", "virsh vcpupin DOMAIN VCPU CPULIST");
	if (strcmp(list, "r") == 0)
		return tr_unsupported(r->err, "'%s VCPU r' pins to every host CPU; vmctl vcpu-pin needs the list (0-N)",
				      r->who);
	if (affect(r, false) < 0)
		return -1;
	r->o->leftovers(r->o->ctx, "domain vcpu cpulist live config current", "");
	operands(r, vcpu, list, NULL);
	return tr_answer(&r->w, "vcpu-pin", r->err);
}

static int listing(struct rd *r, const char *verb)
{
	if (has(r, "inactive"))
		tr_approx(r->w.t, "--inactive lists the definition's devices; vmctl lists the running guest's, or the "
			  "definition's when it is off");
	r->o->leftovers(r->o->ctx, "domain inactive", "details pretty");
	operands(r, NULL, NULL, NULL);
	return tr_answer(&r->w, verb, r->err);
}

static int domdisplay(struct rd *r)
{
	struct translation *t = r->w.t;
	tr_note(t, "virsh domdisplay prints a VNC display number (vnc://HOST:N, port 5900+N); vmctl display prints the "
		"TCP port");
	if (has(r, "include-password"))
		tr_approx(t, "--include-password prints the password; vmctl display never does");
	if (get(r, "type"))
		tr_approx(t, "--type %s picks the graphics type; vmctl display shows the guest's first display", get(r, "type"));
	if (has(r, "all"))
		tr_approx(t, "--all prints every display; vmctl display shows the first");
	r->o->leftovers(r->o->ctx, "domain include-password type all", "");
	operands(r, NULL, NULL, NULL);
	return tr_answer(&r->w, "display", r->err);
}

int translate_virsh_devices(const char *sub, const struct virsh_opts *o, struct translation *t, struct vm_error *err)
{
	char *who = xasprintf("virsh %s", sub);
	struct rd r = { .o = o, .who = who, .w = { .t = t }, .err = err };
	int rc;
	if (tr_guest(t, get(&r, "domain"), err) < 0)
		rc = -1;
	else if (strcmp(sub, "attach-disk") == 0)
		rc = attach_disk(&r);
	else if (strcmp(sub, "detach-disk") == 0)
		rc = detach_disk(&r);
	else if (strcmp(sub, "attach-interface") == 0)
		rc = attach_interface(&r);
	else if (strcmp(sub, "detach-interface") == 0)
		rc = detach_interface(&r);
	else if (strcmp(sub, "vcpupin") == 0)
		rc = vcpupin(&r);
	else if (strcmp(sub, "domblklist") == 0)
		rc = listing(&r, "disk-list");
	else if (strcmp(sub, "domiflist") == 0)
		rc = listing(&r, "nic-list");
	else if (strcmp(sub, "vcpuinfo") == 0)
		rc = listing(&r, "vcpu-list");
	else
		rc = domdisplay(&r);
	free(who);
	return rc;
}
