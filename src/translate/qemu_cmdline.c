/* qemu_cmdline.c: qemu-system-x86_64 and qemu-kvm command lines (QEMU
 * 7.2): the guest they define, to be written as libvirt domain XML and
 * xl.cfg (qemu_config.c).  QEMU takes -opt and --opt, each option's value
 * as the next word; option values are KEY=VALUE lists where ",," is a
 * comma; a word that is no option is a disk image (as -hda). */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"

enum { Q_M = 1, Q_SMP, Q_KERNEL, Q_INITRD, Q_APPEND, Q_CDROM, Q_HD, Q_DRIVE, Q_BOOT, Q_NET, Q_NIC, Q_NAME,
       Q_MACHINE, Q_ACCEL, Q_KVM, Q_PAUSED, Q_NOGRAPHIC, Q_NOREBOOT, Q_NODEFAULTS, Q_DAEMON, Q_OTHER, Q_FLAG };

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
	{ "cpu bios L vga display vnc spice serial parallel monitor qmp mon chardev pidfile device global "
	  "netdev object rtc k usbdevice audiodev soundhw fda fdb mtdblock sd pflash uuid smbios numa mem-path "
	  "incoming gdb d D trace sandbox runas chroot tpmdev fsdev virtfs add-fd watchdog watchdog-action "
	  "action overcommit msg echr icount dtb readconfig semihosting-config compat plugin iscsi blockdev "
	  "boot-order option-rom fw_cfg cpu-pm", true, Q_OTHER },
	{ "usb full-screen no-acpi no-hpet mem-prealloc s curses no-user-config sdl alt-grab ctrl-grab "
	  "win2k-hack semihosting no-fd-bootchk snapshot no-shutdown", false, Q_FLAG },
};

/* A QEMU option value: KEY=VALUE,... with ",," for a comma; a first item
 * without '=' is the value of the implied key. */
struct qkv {
	struct strvec keys, vals;
};

static void qkv_parse(const char *s, const char *implied, struct qkv *o)
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

static const char *qkv_get(const struct qkv *o, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; i < o->keys.n; i++)
		if (strcmp(o->keys.v[i], key) == 0)
			v = o->vals.v[i];
	return v;
}

static void qkv_clear(struct qkv *o)
{
	strvec_clear(&o->keys);
	strvec_clear(&o->vals);
}

/* Names the keys of o that the translation leaves out. */
static void qkv_rest(struct translation *t, const char *opt, const struct qkv *o, const char *used)
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

#define WORD_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-"
#define MAC_CHARS "0123456789abcdefABCDEF:"

struct ctx {
	const char *tool;
	struct translation *t;
	struct qemu_guest *g;
	struct vm_error *err;
	bool net_given, nodefaults;
};

/* A word that goes into the XML and xl.cfg as it is: only chars. */
static bool word_bad(struct ctx *c, const char *s, const char *what, const char *chars)
{
	if (!s || (*s && strspn(s, chars) == strlen(s) && strlen(s) <= 64))
		return false;
	char *q = msg_quote(s);
	vm_error_set(c->err, VM_EXIT_USAGE, "invalid %s %s", what, q);
	free(q);
	return true;
}

/* A string the XML can hold: valid UTF-8, no control characters. */
static int text_ok(struct ctx *c, const char *s, const char *what)
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
static void relative(struct ctx *c, const char *s)
{
	if (s[0] == '/')
		return;
	char *q = msg_quote(s);
	tr_approx(c->t, "%s is relative to the directory QEMU starts in; the domain XML and xl.cfg need it absolute", q);
	free(q);
}

static int path_arg(struct ctx *c, const char *s, const char *what, char **out)
{
	if (validate_path(s, what, c->err) < 0 || text_ok(c, s, what) < 0)
		return -1;
	relative(c, s);
	free(*out);
	*out = xstrdup(s);
	return 0;
}

static int add_disk(struct ctx *c, const char *file, const char *target, const char *bus, bool cdrom)
{
	struct qemu_guest *g = c->g;
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
	snprintf(d->target, sizeof(d->target), "%s", target);
	d->bus = bus;
	d->cdrom = cdrom;
	d->readonly = cdrom;
	return 0;
}

/* The next free target of a bus: hda.., vda.., sda.. */
static int next_target(struct ctx *c, const char *prefix, long index, char *out)
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

static int q_drive(struct ctx *c, const char *arg)
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
	if (!prefix) {
		char *q = msg_quote(iface);
		rc = tr_unsupported(c->err, "translate writes IDE, virtio and SCSI drives, not if=%s", q);
		free(q);
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
	if (next_target(c, prefix, idx, target) < 0 || add_disk(c, file, target, bus, cdrom) < 0)
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

static int q_net(struct ctx *c, const char *arg, bool nic_too)
{
	struct qemu_guest *g = c->g;
	struct qkv o = { STRVEC_INIT, STRVEC_INIT };
	qkv_parse(arg, "type", &o);
	const char *type = qkv_get(&o, "type");
	int rc = 0;
	c->net_given = true;
	if (!type && !nic_too) {
		rc = vm_error_set(c->err, VM_EXIT_USAGE, "-net needs a type first: nic, user, tap, bridge or none");
		goto done;
	}
	if (!type)
		type = "user";
	if (word_bad(c, qkv_get(&o, "model"), "NIC model", WORD_CHARS) ||
	    word_bad(c, qkv_get(&o, "macaddr"), "MAC address", MAC_CHARS) ||
	    word_bad(c, qkv_get(&o, "mac"), "MAC address", MAC_CHARS) ||
	    word_bad(c, qkv_get(&o, "ifname"), "tap device", WORD_CHARS) ||
	    word_bad(c, qkv_get(&o, "br"), "bridge", WORD_CHARS)) {
		rc = -1;
		goto done;
	}
	if (strcmp(type, "none") == 0) {
		for (size_t i = 0; i < g->nnics; i++) {
			free(g->nics[i].model);
			free(g->nics[i].mac);
			g->nics[i] = (struct qemu_nic){ NULL, NULL };
		}
		g->net = 0;
		g->nnics = 0;
		goto done;
	}
	if (strcmp(type, "nic") == 0 || nic_too) {
		if (g->nnics == QEMU_MAX_NICS) {
			rc = tr_unsupported(c->err, "translate writes at most %d NICs", QEMU_MAX_NICS);
			goto done;
		}
		struct qemu_nic *n = &g->nics[g->nnics++];
		const char *model = qkv_get(&o, "model"), *mac = qkv_get(&o, nic_too ? "mac" : "macaddr");
		n->model = model ? xstrdup(model) : NULL;
		n->mac = mac ? xstrdup(mac) : NULL;
		if (!nic_too) {
			qkv_rest(c->t, "-net nic", &o, "type model macaddr");
			goto done;
		}
	}
	if (strcmp(type, "user") == 0 || strcmp(type, "tap") == 0 || strcmp(type, "bridge") == 0) {
		g->net = type[0] == 'u' ? 'u' : type[0] == 't' ? 't' : 'b';
		const char *dev = qkv_get(&o, g->net == 't' ? "ifname" : "br");
		free(g->netdev);
		g->netdev = dev ? xstrdup(dev) : g->net == 'b' ? xstrdup("br0") : NULL;
		qkv_rest(c->t, nic_too ? "-nic" : "-net", &o, "type ifname br model mac");
	} else {
		char *q = msg_quote(type);
		tr_approx(c->t, "the %s network %s is not translated", nic_too ? "-nic" : "-net", q);
		free(q);
	}
done:
	qkv_clear(&o);
	return rc;
}

static int q_boot(struct ctx *c, const char *arg)
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

static int q_smp(struct ctx *c, const char *arg)
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

static int q_named(struct ctx *c, int id, const char *opt, const char *arg)
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

static int option(struct ctx *c, int id, const char *opt, const char *arg)
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

static int parse(struct ctx *c, int argc, char **argv)
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
		if (option(c, qopts[k].id, opt, qopts[k].value ? argv[++i] : NULL) < 0)
			return -1;
	}
	return 0;
}

/* What QEMU adds by itself, and what the two formats need. */
static void defaults(struct ctx *c)
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
	if (!c->net_given && !c->nodefaults) {
		g->nnics = 1;
		g->net = 'u';
		tr_note(t, "no -net: QEMU gives the guest a user-mode e1000 NIC, and so does the translation");
	}
	if (g->nnics && !g->net) {
		g->net = 'u';
		tr_approx(t, "-net nic without -net user, tap or bridge is a NIC on no network: translated as user-mode networking");
	}
	if (!g->nnics && g->net) {
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
			tr_note(t, "QEMU probes the format of %s; its name says qcow2", d->target);
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
	struct ctx c = { .tool = tool, .t = t, .g = g, .err = err };
	if (parse(&c, argc, argv) < 0)
		return -1;
	defaults(&c);
	qemu_guest_render(g);
	t->req.verb = VERB_START;
	t->req.from = g->xml_file;
	return 0;
}
