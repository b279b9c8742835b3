/* qemu_cmdline.c: qemu-system-x86_64 and qemu-kvm command lines (QEMU
 * 7.2): the guest they define, to be written as libvirt domain XML and
 * xl.cfg (qemu_config.c).  QEMU takes -opt and --opt, each option's value
 * as the next word; option values are KEY=VALUE lists where ",," is a
 * comma; a word that is no option is a disk image (as -hda). */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "qemu_cmdline.h"
#include "validate.h"

enum { Q_M = 1, Q_SMP, Q_KERNEL, Q_INITRD, Q_APPEND, Q_CDROM, Q_HD, Q_DRIVE, Q_BOOT, Q_NET, Q_NIC, Q_NAME,
       Q_MACHINE, Q_ACCEL, Q_KVM, Q_PAUSED, Q_NOGRAPHIC, Q_NOREBOOT, Q_NODEFAULTS, Q_DAEMON, Q_NETDEV, Q_DEVICE,
       Q_QUERY, Q_OTHER, Q_FLAG };

static const struct {
	const char *names;
	bool value;
	int id;
} qopts[] = {
	{ "m", true, Q_M }, { "smp", true, Q_SMP }, { "kernel", true, Q_KERNEL }, { "initrd", true, Q_INITRD },
	{ "append", true, Q_APPEND }, { "cdrom", true, Q_CDROM }, { "hda hdb hdc hdd", true, Q_HD },
	{ "drive", true, Q_DRIVE }, { "boot", true, Q_BOOT }, { "net", true, Q_NET }, { "nic", true, Q_NIC },
	{ "name", true, Q_NAME }, { "machine M", true, Q_MACHINE }, { "accel", true, Q_ACCEL },
	{ "enable-kvm", false, Q_KVM }, { "S", false, Q_PAUSED }, { "nographic", false, Q_NOGRAPHIC },
	{ "no-reboot", false, Q_NOREBOOT }, { "nodefaults", false, Q_NODEFAULTS }, { "daemonize", false, Q_DAEMON },
	{ "netdev", true, Q_NETDEV }, { "device", true, Q_DEVICE }, { "version h help", false, Q_QUERY },
	{ "cpu bios L vga display vnc spice serial parallel monitor qmp qmp-pretty mon chardev pidfile global "
	  "object rtc k usbdevice audio audiodev soundhw fda fdb mtdblock sd pflash uuid smbios numa mem-path "
	  "incoming gdb d D trace sandbox runas chroot tpmdev fsdev virtfs add-fd watchdog watchdog-action "
	  "action overcommit msg echr icount dtb readconfig semihosting-config compat plugin iscsi blockdev "
	  "boot-order option-rom fw_cfg cpu-pm debugcon", true, Q_OTHER },
	{ "usb full-screen no-acpi no-hpet mem-prealloc s curses no-user-config sdl alt-grab ctrl-grab "
	  "win2k-hack semihosting no-fd-bootchk snapshot no-shutdown no-quit preconfig", false, Q_FLAG },
};

void qkv_parse(const char *s, const char *implied, struct qkv *o)
{
	size_t len = strlen(s);
	char *item = xmalloc(len + 1);
	bool first = true;
	for (const char *p = s;;) {
		size_t n = 0;
		while (*p && !(*p == ',' && p[1] != ',')) {
			if (*p == ',')
				p++;
			item[n++] = *p++;
		}
		item[n] = '\0';
		char *eq = strchr(item, '=');
		if (eq) {
			*eq = '\0';
			strvec_push(&o->keys, item);
			strvec_push(&o->vals, eq + 1);
		} else if (first && implied) {
			strvec_push(&o->keys, implied);
			strvec_push(&o->vals, item);
		} else {
			strvec_push(&o->keys, item);
			strvec_push(&o->vals, "on");
		}
		first = false;
		if (!*p)
			break;
		p++;
	}
	free(item);
}

const char *qkv_get(const struct qkv *o, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; i < o->keys.n; i++)
		if (strcmp(o->keys.v[i], key) == 0)
			v = o->vals.v[i];
	return v;
}

void qkv_clear(struct qkv *o)
{
	strvec_clear(&o->keys);
	strvec_clear(&o->vals);
}

/* Names the keys of o that the translation leaves out. */
void qkv_rest(struct translation *t, const char *opt, const struct qkv *o, const char *used)
{
	for (size_t i = 0; i < o->keys.n; i++) {
		if (in_list(o->keys.v[i], used))
			continue;
		char *kv = xasprintf("%s=%s", o->keys.v[i], o->vals.v[i]);
		char *q = msg_quote(kv);
		tr_approx(t, "%s %s is not translated", opt, q);
		free(q);
		free(kv);
	}
}

bool word_bad(struct qctx *c, const char *s, const char *what, const char *chars)
{
	if (!s || (*s && strspn(s, chars) == strlen(s) && strlen(s) <= 64))
		return false;
	char *q = msg_quote(s);
	vm_error_set(c->err, VM_EXIT_USAGE, "invalid %s %s", what, q);
	free(q);
	return true;
}

/* A string the XML can hold: valid UTF-8, no control characters. */
static int text_ok(struct qctx *c, const char *s, const char *what)
{
	if (utf8_valid(s))
		return 0;
	char *q = msg_quote(s);
	vm_error_set(c->err, VM_EXIT_USAGE, "invalid %s %s: not valid UTF-8 (domain XML cannot hold it)", what, q);
	free(q);
	return -1;
}

/* A relative path is read by QEMU from its working directory; libvirt
 * wants it absolute and xl puts /dev/ before it. */
static void relative(struct qctx *c, const char *s)
{
	if (s[0] == '/')
		return;
	char *q = msg_quote(s);
	tr_approx(c->t, "%s is relative to the directory QEMU starts in; the domain XML and xl.cfg need it absolute", q);
	free(q);
}

static int path_arg(struct qctx *c, const char *s, const char *what, char **out)
{
	if (validate_path(s, what, c->err) < 0 || text_ok(c, s, what) < 0)
		return -1;
	relative(c, s);
	free(*out);
	*out = xstrdup(s);
	return 0;
}

/* The protocol of a drive QEMU reaches over the network (qemu(1), "Device
 * URL Syntax"; json: pseudo-protocol), or NULL for a file or device. */
static const char *network_drive(const char *file)
{
	static const char *const protos[] = { "iscsi", "nbd", "nbds", "ssh", "gluster", "gluster+tcp", "gluster+unix",
					      "gluster+rdma", "http", "https", "ftp", "ftps", "rbd", "nfs", "json",
					      "sheepdog", "vxhs" };
	size_t n = strcspn(file, ":/");
	if (file[n] != ':')
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(protos); i++)
		if (strlen(protos[i]) == n && strncmp(file, protos[i], n) == 0)
			return protos[i];
	return NULL;
}

static int add_disk(struct qctx *c, const char *file, const char *target, const char *bus, bool cdrom)
{
	struct qemu_guest *g = c->g;
	const char *proto = network_drive(file);
	if (proto) {
		char *q = msg_quote(file);
		tr_approx(c->t, "the %s drive %s is reached over %s: not translated (libvirt writes it as <disk type='network'> "
			  "with its protocol and host; xl.cfg reads local files and devices only)", cdrom ? "CD" : "disk", q,
			  strcmp(proto, "json") == 0 ? "the protocol its JSON names" : proto);
		free(q);
		return 0;
	}
	for (size_t i = 0; i < g->ndisks; i++)
		if (strcmp(g->disks[i].target, target) == 0)
			return vm_error_set(c->err, VM_EXIT_USAGE, "two drives are %s (QEMU refuses it)", target);
	if (g->ndisks == QEMU_MAX_DISKS)
		return tr_unsupported(c->err, "translate writes at most %d drives", QEMU_MAX_DISKS);
	if (validate_path(file, cdrom ? "ISO" : "disk image", c->err) < 0 ||
	    text_ok(c, file, cdrom ? "ISO" : "disk image") < 0)
		return -1;
	relative(c, file);
	struct qemu_disk *d = &g->disks[g->ndisks++];
	d->file = xstrdup(file);
	d->block = strncmp(file, "/dev/", 5) == 0;
	snprintf(d->target, sizeof(d->target), "%s", target);
	d->bus = bus;
	d->cdrom = cdrom;
	d->readonly = cdrom;
	return 0;
}

/* The next free target of a bus: hda.., vda.., sda.. */
static int next_target(struct qctx *c, const char *prefix, long index, char *out)
{
	for (long i = index < 0 ? 0 : index; i < (index < 0 ? 26 : index + 1); i++) {
		snprintf(out, 8, "%s%c", prefix, (char)('a' + i));
		bool used = false;
		for (size_t d = 0; d < c->g->ndisks; d++)
			used |= strcmp(c->g->disks[d].target, out) == 0;
		if (!used || index >= 0)
			return 0;
	}
	return vm_error_set(c->err, VM_EXIT_USAGE, "no free %s drive left", prefix);
}

static int q_drive(struct qctx *c, const char *arg)
{
	struct qkv o = { STRVEC_INIT, STRVEC_INIT };
	qkv_parse(arg, NULL, &o);
	int rc = -1;
	const char *file = qkv_get(&o, "file"), *iface = qkv_get(&o, "if"), *media = qkv_get(&o, "media");
	const char *index = qkv_get(&o, "index"), *format = qkv_get(&o, "format"), *ro = qkv_get(&o, "readonly");
	if (!iface)
		iface = "ide";
	if (word_bad(c, format, "image format", WORD_CHARS))
		goto done;
	if (!file || strcmp(iface, "none") == 0) {
		char *q = msg_quote(arg);
		tr_approx(c->t, "-drive %s is not translated (%s)", q, file ? "if=none belongs to a -device" : "it has no file=");
		free(q);
		rc = 0;
		goto done;
	}
	const char *prefix = strcmp(iface, "ide") == 0 ? "hd" : strcmp(iface, "virtio") == 0 ? "vd"
			     : strcmp(iface, "scsi") == 0 ? "sd" : NULL;
	if (!prefix && !in_list(iface, "floppy sd mtd pflash xen")) {
		char *q = msg_quote(iface);
		rc = vm_error_set(c->err, VM_EXIT_USAGE, "invalid -drive if=%s: QEMU knows ide, scsi, virtio, floppy, sd, mtd, "
				  "pflash, xen and none", q);
		free(q);
		goto done;
	}
	if (!prefix) {
		char *q = msg_quote(arg);
		tr_approx(c->t, "-drive %s is not translated: translate writes IDE, virtio and SCSI drives", q);
		free(q);
		rc = 0;
		goto done;
	}
	long idx = -1;
	if (index) {
		char *end;
		idx = strtol(index, &end, 10);
		if (*end || idx < 0 || idx > (prefix[0] == 'h' ? 3 : 25)) {
			char *q = msg_quote(index);
			rc = vm_error_set(c->err, VM_EXIT_USAGE, "invalid drive index %s for -drive if=%s", q, iface);
			free(q);
			goto done;
		}
	}
	char target[8];
	bool cdrom = media && strcmp(media, "cdrom") == 0;
	const char *bus = prefix[0] == 'h' ? "ide" : prefix[0] == 'v' ? "virtio" : "scsi";
	size_t had = c->g->ndisks;
	if (next_target(c, prefix, idx, target) < 0 || add_disk(c, file, target, bus, cdrom) < 0)
		goto done;
	rc = 0;
	if (c->g->ndisks == had) /* a network drive: not written */
		goto done;
	struct qemu_disk *d = &c->g->disks[c->g->ndisks - 1];
	if (format)
		d->format = xstrdup(format);
	if (ro && strcmp(ro, "on") == 0)
		d->readonly = true;
	qkv_rest(c->t, "-drive", &o, "file if media index format readonly");
	rc = 0;
done:
	qkv_clear(&o);
	return rc;
}

static int q_boot(struct qctx *c, const char *arg)
{
	struct qkv o = { STRVEC_INIT, STRVEC_INIT };
	qkv_parse(arg, "order", &o);
	const char *order = qkv_get(&o, "order"), *once = qkv_get(&o, "once");
	int rc = 0;
	if (!order && once) {
		order = once;
		tr_approx(c->t, "-boot once=%s boots from it once only; the translation always does", once);
	}
	if (order && (strlen(order) >= sizeof(c->g->boot) || strspn(order, "abcdn") != strlen(order))) {
		char *q = msg_quote(order);
		rc = vm_error_set(c->err, VM_EXIT_USAGE, "invalid boot order %s: QEMU takes the letters a, b, c, d and n", q);
		free(q);
	} else if (order) {
		snprintf(c->g->boot, sizeof(c->g->boot), "%s", order);
	}
	qkv_rest(c->t, "-boot", &o, "order once");
	qkv_clear(&o);
	return rc;
}

static int q_smp(struct qctx *c, const char *arg)
{
	struct qkv o = { STRVEC_INIT, STRVEC_INIT };
	qkv_parse(arg, "cpus", &o);
	const char *cpus = qkv_get(&o, "cpus"), *max = qkv_get(&o, "maxcpus");
	int rc = 0;
	if (!cpus && !max) {
		rc = vm_error_set(c->err, VM_EXIT_USAGE, "-smp %s gives no CPU count: give -smp N", arg);
		goto done;
	}
	if ((cpus && parse_count(cpus, &c->g->vcpus, c->err) < 0) || (max && parse_count(max, &c->g->maxvcpus, c->err) < 0)) {
		rc = -1;
		goto done;
	}
	if (!cpus)
		c->g->vcpus = c->g->maxvcpus;
	if (c->g->maxvcpus && c->g->maxvcpus < c->g->vcpus) {
		rc = vm_error_set(c->err, VM_EXIT_USAGE, "-smp maxcpus=%u is less than cpus=%u (QEMU refuses it)", c->g->maxvcpus,
				  c->g->vcpus);
		goto done;
	}
	qkv_rest(c->t, "-smp", &o, "cpus maxcpus");
done:
	qkv_clear(&o);
	return rc;
}

static int q_named(struct qctx *c, int id, const char *opt, const char *arg)
{
	struct qemu_guest *g = c->g;
	struct qkv o = { STRVEC_INIT, STRVEC_INIT };
	int rc = 0;
	if (id == Q_M) {
		qkv_parse(arg, "size", &o);
		const char *size = qkv_get(&o, "size");
		if (!size || native_size("-m", size, "=20 b=0 k=10 m=20 g=30 t=40", &g->mem_kib, NULL, c->err) < 0) {
			if (!size)
				vm_error_set(c->err, VM_EXIT_USAGE, "-m %s gives no size", arg);
			rc = -1;
		}
		qkv_rest(c->t, "-m", &o, "size");
	} else if (id == Q_NAME) {
		qkv_parse(arg, "guest", &o);
		const char *name = qkv_get(&o, "guest");
		if (!name || validate_name(name, "guest name", c->err) < 0) {
			if (!name)
				vm_error_set(c->err, VM_EXIT_USAGE, "-name %s gives no name", arg);
			rc = -1;
		} else {
			free(g->name);
			g->name = xstrdup(name);
		}
		qkv_rest(c->t, "-name", &o, "guest");
	} else if (id == Q_MACHINE) {
		qkv_parse(arg, "type", &o);
		const char *type = qkv_get(&o, "type"), *accel = qkv_get(&o, "accel");
		if (word_bad(c, type, "machine type", WORD_CHARS)) {
			rc = -1;
		} else if (type) {
			free(g->machine);
			g->machine = xstrdup(type);
		}
		if (accel && strncmp(accel, "kvm", 3) == 0)
			g->kvm = true;
		qkv_rest(c->t, opt, &o, "type accel");
	} else { /* -accel */
		qkv_parse(arg, "accel", &o);
		const char *accel = qkv_get(&o, "accel");
		g->kvm = accel && strcmp(accel, "kvm") == 0;
		qkv_rest(c->t, "-accel", &o, "accel");
	}
	qkv_clear(&o);
	return rc;
}

static int option(struct qctx *c, int id, const char *opt, const char *arg)
{
	struct qemu_guest *g = c->g;
	switch (id) {
	case Q_M: case Q_NAME: case Q_MACHINE: case Q_ACCEL:
		return q_named(c, id, opt, arg);
	case Q_SMP:
		return q_smp(c, arg);
	case Q_KERNEL:
		return path_arg(c, arg, "kernel", &g->kernel);
	case Q_INITRD:
		return path_arg(c, arg, "initrd", &g->initrd);
	case Q_APPEND:
		for (const char *p = arg; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return vm_error_set(c->err, VM_EXIT_USAGE, "-append: control characters are not allowed");
		if (text_ok(c, arg, "kernel command line") < 0)
			return -1;
		free(g->append);
		g->append = xstrdup(arg);
		return 0;
	case Q_CDROM:
		return add_disk(c, arg, "hdc", "ide", true);
	case Q_HD:
		return add_disk(c, arg, opt, "ide", false);
	case Q_DRIVE:
		return q_drive(c, arg);
	case Q_BOOT:
		return q_boot(c, arg);
	case Q_NET: case Q_NIC:
		return q_net(c, arg, id == Q_NIC);
	case Q_NETDEV:
		return q_netdev(c, arg);
	case Q_DEVICE:
		return q_device(c, arg);
	case Q_KVM:
		g->kvm = true;
		return 0;
	case Q_PAUSED:
		c->t->req.paused = true;
		return 0;
	case Q_NOGRAPHIC:
		g->serial = true;
		tr_note(c->t, "-nographic puts the console on the serial port: vmctl console GUEST reaches it");
		return 0;
	case Q_NOREBOOT:
		g->no_reboot = true;
		return 0;
	case Q_NODEFAULTS:
		c->nodefaults = true;
		return 0;
	case Q_DAEMON:
		tr_note(c->t, "vmctl start returns once the guest runs, as -daemonize does");
		return 0;
	default:
		tr_approx(c->t, "-%s%s%s is not translated", opt, arg ? " " : "", arg ? arg : "");
		return 0;
	}
}

/* QEMU's own queries (-M help, -cpu ?, -device virtio-net-pci,help,
 * --version, -h): they print a list and start no guest. */
static bool is_help(const char *arg)
{
	size_t n = strlen(arg);
	return strcmp(arg, "help") == 0 || strcmp(arg, "?") == 0 || (n > 5 && strcmp(arg + n - 5, ",help") == 0) ||
	       (n > 2 && strcmp(arg + n - 2, ",?") == 0);
}

static int query(struct qctx *c, const char *w, const char *opt, const char *arg)
{
	static const struct {
		const char *opts, *lists, *closest;
	} queries[] = {
		{ "machine M", "the machine types it emulates", "virsh domcapabilities (libvirt's machine types of this QEMU)" },
		{ "cpu", "the CPU models it offers", "virsh cpu-models x86_64" },
		{ "device", "the devices it can add (or one device's properties)", "virsh domcapabilities" },
		{ "accel", "its accelerators", "virsh domcapabilities (the domain types, kvm or qemu)" },
		{ "version", "its version", "virsh version" },
		{ "h help", "its options", "man qemu-system-x86_64" },
	};
	const char *lists = "what the option accepts", *closest = "man qemu-system-x86_64";
	for (size_t i = 0; i < ARRAY_SIZE(queries); i++)
		if (in_list(opt, queries[i].opts)) {
			lists = queries[i].lists;
			closest = queries[i].closest;
		}
	char *whole = xasprintf("%s %s%s%s", c->tool, w, arg ? " " : "", arg ? arg : "");
	char *q = msg_quote(whole);
	tr_unsupported(c->err, "%s asks QEMU for %s and starts no guest: no vmctl equivalent; the closest: %s", q, lists,
		       closest);
	free(q);
	free(whole);
	return -1;
}

static int parse(struct qctx *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		if (w[0] != '-' || !w[1]) {
			char target[8];
			if (next_target(c, "hd", -1, target) < 0 || add_disk(c, w, target, "ide", false) < 0)
				return -1;
			continue;
		}
		const char *opt = w + 1 + (w[1] == '-');
		if (strcmp(opt, "memory") == 0 || strcmp(opt, "mem") == 0)
			return vm_error_set(c->err, VM_EXIT_USAGE,
					    "%s has no -%s option; you mean -m SIZE (MiB unless it has a unit: -m 1024, -m 1G)", c->tool, opt);
		if (strcmp(opt, "cpus") == 0 || strcmp(opt, "vcpus") == 0)
			return vm_error_set(c->err, VM_EXIT_USAGE, "%s has no -%s option; you mean -smp N", c->tool, opt);
		size_t k = 0;
		while (k < ARRAY_SIZE(qopts) && !in_list(opt, qopts[k].names))
			k++;
		char *q = msg_quote(w);
		if (k == ARRAY_SIZE(qopts)) {
			vm_error_set(c->err, VM_EXIT_USAGE, "unknown option %s for '%s' (QEMU would refuse it too)", q, c->tool);
			free(q);
			return -1;
		}
		if (qopts[k].value && i + 1 >= argc) {
			vm_error_set(c->err, VM_EXIT_USAGE, "option %s of '%s' needs a value", q, c->tool);
			free(q);
			return -1;
		}
		free(q);
		if (qopts[k].id == Q_QUERY || (qopts[k].value && is_help(argv[i + 1])))
			return query(c, w, opt, qopts[k].value ? argv[i + 1] : NULL);
		if (option(c, qopts[k].id, opt, qopts[k].value ? argv[++i] : NULL) < 0)
			return -1;
	}
	return 0;
}

/* What QEMU adds by itself, and what the two formats need. */
static void defaults(struct qctx *c)
{
	struct qemu_guest *g = c->g;
	struct translation *t = c->t;
	if (!g->name) {
		g->name = xstrdup("qemu-guest");
		tr_note(t, "no -name: the guest is called qemu-guest here");
	}
	if (!g->mem_kib) {
		g->mem_kib = 128 * 1024;
		tr_note(t, "no -m: QEMU gives the guest 128 MiB, and so does the translation");
	}
	if (!g->vcpus)
		g->vcpus = 1;
	if (!c->net_given && !c->nodefaults && g->nnics < QEMU_MAX_NICS) {
		g->nics[g->nnics++] = (struct qemu_nic){ .net = 'u' };
		tr_note(t, "no -net, -nic or -netdev: QEMU gives the guest a user-mode e1000 NIC, and so does the translation");
	}
	size_t hub = 0; /* the NICs of -net nic, on the backend of -net */
	for (size_t i = 0; i < g->nnics; i++)
		hub += !g->nics[i].net;
	if (hub && !g->net) {
		g->net = 'u';
		tr_approx(t, "-net nic without -net user, tap or bridge is a NIC on no network: translated as user-mode networking");
	}
	if (!hub && g->net) {
		g->net = 0;
		tr_approx(t, "a network backend without -net nic gives the guest no NIC: none is written");
	}
	if (!g->kvm && strcmp(c->tool, "qemu-kvm") != 0 && strcmp(c->tool, "kvm") != 0)
		tr_note(t, "without -enable-kvm QEMU emulates the CPU (TCG): domain type qemu, not kvm");
	if (strcmp(c->tool, "qemu-kvm") == 0 || strcmp(c->tool, "kvm") == 0)
		g->kvm = true;
	bool probed = false;
	for (size_t i = 0; i < g->ndisks; i++) {
		struct qemu_disk *d = &g->disks[i];
		size_t len = strlen(d->file);
		if (d->format || d->cdrom)
			continue;
		if (len > 6 && strcmp(d->file + len - 6, ".qcow2") == 0) {
			d->format = xstrdup("qcow2");
			tr_approx(t, "QEMU probes the format of %s; the translation writes qcow2 because its name says so", d->target);
		} else {
			probed = true;
		}
	}
	if (probed)
		tr_note(t, "a drive without format=: QEMU probes the image; the XML and xl.cfg say raw (write format=qcow2 if it is one)");
	tr_note(t, "false friend: qemu-kvm's memory option is -m (MiB), not -memory");
}

int translate_qemu(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	const char *tool = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	struct qemu_guest *g = xcalloc(1, sizeof(*g));
	t->guest = g;
	g->arch = strcmp(tool, "qemu-system-i386") == 0 ? "i686" : "x86_64";
	struct qctx c = { .tool = tool, .t = t, .g = g, .err = err };
	int rc = parse(&c, argc, argv);
	if (rc == 0)
		rc = plug_nics(&c);
	for (size_t i = 0; i < QEMU_MAX_NICS; i++)
		free(c.nic_ref[i]);
	for (size_t k = 0; k < c.nnetdevs; k++) {
		free(c.netdevs[k].id);
		free(c.netdevs[k].type);
		free(c.netdevs[k].dev);
	}
	if (rc < 0)
		return -1;
	defaults(&c);
	qemu_guest_render(g);
	t->req.verb = VERB_START;
	t->req.from = g->xml_file;
	return 0;
}

