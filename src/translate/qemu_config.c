/* qemu_config.c: the guest of a qemu-system command line written as a
 * libvirt domain XML and as xl.cfg (memory, vcpus, kernel, extra, ramdisk,
 * disk with devtype=cdrom, boot, vif), and its explanation in each
 * vocabulary. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"

/* A growing text. */
struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	size_t l = strlen(s);
	if (b->len + l + 1 > b->cap) {
		b->cap = (b->len + l + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, l + 1);
	b->len += l;
	free(s);
}

/* s escaped for XML text and attributes in single quotes; a new string. */
static char *xml_esc(const char *s)
{
	struct buf b = { 0 };
	put(&b, "%s", "");
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': put(&b, "&amp;"); break;
		case '<': put(&b, "&lt;"); break;
		case '>': put(&b, "&gt;"); break;
		case '\'': put(&b, "&apos;"); break;
		case '"': put(&b, "&quot;"); break;
		default: put(&b, "%c", *p); break;
		}
	}
	return b.s;
}

/* s as an xl.cfg string in quote q, '\' and q escaped; a new string. */
static char *cfg_str(const char *s, char q)
{
	struct buf b = { 0 };
	put(&b, "%c", q);
	for (const char *p = s; *p; p++)
		put(&b, *p == q || *p == '\\' ? "\\%c" : "%c", *p);
	put(&b, "%c", q);
	return b.s;
}

static const char *libvirt_boot(char c)
{
	return c == 'c' ? "hd" : c == 'd' ? "cdrom" : c == 'n' ? "network" : "fd";
}

static void xml_disks(const struct qemu_guest *g, struct buf *b)
{
	for (size_t i = 0; i < g->ndisks; i++) {
		const struct qemu_disk *d = &g->disks[i];
		char *file = xml_esc(d->file);
		put(b, "    <disk type='%s' device='%s'>\n", d->block ? "block" : "file", d->cdrom ? "cdrom" : "disk");
		if (d->format)
			put(b, "      <driver name='qemu' type='%s'/>\n", d->format);
		put(b, "      <source %s='%s'/>\n      <target dev='%s' bus='%s'/>\n", d->block ? "dev" : "file", file,
		    d->target, d->bus);
		if (d->readonly)
			put(b, "      <readonly/>\n");
		put(b, "    </disk>\n");
		free(file);
	}
}

/* The backend of NIC i: its own (-nic, -device with netdev=), else the
 * one of -net. */
static char nic_net(const struct qemu_guest *g, size_t i, const char **dev)
{
	*dev = g->nics[i].net ? g->nics[i].dev : g->netdev;
	return g->nics[i].net ? g->nics[i].net : g->net;
}

static void xml_nics(const struct qemu_guest *g, struct buf *b)
{
	for (size_t i = 0; i < g->nnics; i++) {
		const char *dev;
		char net = nic_net(g, i, &dev);
		put(b, "    <interface type='%s'>\n", net == 'u' ? "user" : net == 't' ? "ethernet" : "bridge");
		if (g->nics[i].mac)
			put(b, "      <mac address='%s'/>\n", g->nics[i].mac);
		if (net == 'b')
			put(b, "      <source bridge='%s'/>\n", dev);
		if (net == 't' && dev)
			put(b, "      <target dev='%s'/>\n", dev);
		put(b, "      <model type='%s'/>\n    </interface>\n", g->nics[i].model ? g->nics[i].model : "e1000");
	}
}

static char *domain_xml(const struct qemu_guest *g)
{
	struct buf b = { 0 };
	char *name = xml_esc(g->name);
	put(&b, "<domain type='%s'>\n  <name>%s</name>\n", g->kvm ? "kvm" : "qemu", name);
	put(&b, "  <memory unit='KiB'>%llu</memory>\n", (unsigned long long)g->mem_kib);
	if (g->maxvcpus > g->vcpus)
		put(&b, "  <vcpu current='%u'>%u</vcpu>\n", g->vcpus, g->maxvcpus);
	else
		put(&b, "  <vcpu>%u</vcpu>\n", g->vcpus);
	put(&b, "  <os>\n    <type arch='%s'", g->arch);
	if (g->machine)
		put(&b, " machine='%s'", g->machine);
	put(&b, ">hvm</type>\n");
	const char *os[][2] = { { "kernel", g->kernel }, { "initrd", g->initrd }, { "cmdline", g->append } };
	for (size_t i = 0; i < ARRAY_SIZE(os); i++) {
		if (!os[i][1])
			continue;
		char *v = xml_esc(os[i][1]);
		put(&b, "    <%s>%s</%s>\n", os[i][0], v, os[i][0]);
		free(v);
	}
	for (const char *p = g->boot; *p; p++)
		put(&b, "    <boot dev='%s'/>\n", libvirt_boot(*p));
	put(&b, "  </os>\n");
	if (g->no_reboot)
		put(&b, "  <on_reboot>destroy</on_reboot>\n");
	put(&b, "  <devices>\n");
	xml_disks(g, &b);
	xml_nics(g, &b);
	if (g->serial)
		put(&b, "    <serial type='pty'/>\n    <console type='pty'/>\n");
	put(&b, "  </devices>\n</domain>\n");
	free(name);
	return b.s;
}

static void cfg_disks(struct qemu_guest *g, struct buf *b)
{
	static const char *const xl_formats = "raw qcow qcow2 vhd qed";
	if (!g->ndisks)
		return;
	put(b, "disk = [ ");
	for (size_t i = 0; i < g->ndisks; i++) {
		const struct qemu_disk *d = &g->disks[i];
		const char *fmt = d->format ? d->format : "raw";
		if (!in_list(fmt, xl_formats))
			strvec_pushf(&g->xl_approx, "xl reads no %s images: the disk %s says format=%s", fmt, d->target, fmt);
		char vdev[8];
		snprintf(vdev, sizeof(vdev), "%s%s", d->target[0] == 'v' ? "xv" : "", d->target + (d->target[0] == 'v'));
		if (d->target[0] == 'v')
			strvec_pushf(&g->xl_approx, "Xen has no virtio disks: %s is the PV disk %s", d->target, vdev);
		char *spec = xasprintf("format=%s, vdev=%s, access=%s%s, target=%s", fmt, vdev, d->readonly ? "ro" : "rw",
				       d->cdrom ? ", devtype=cdrom" : "", d->file);
		char *q = cfg_str(spec, '\'');
		put(b, "%s%s", i ? ", " : "", q);
		free(q);
		free(spec);
	}
	put(b, " ]\n");
}

static void cfg_vifs(struct qemu_guest *g, struct buf *b)
{
	if (!g->nnics)
		return;
	put(b, "vif = [ ");
	bool user = false;
	for (size_t i = 0; i < g->nnics; i++) {
		const char *model = g->nics[i].model ? g->nics[i].model : "e1000", *dev;
		if (strcmp(model, "virtio") == 0) /* libxl hands the model to QEMU's -device */
			model = "virtio-net-pci";
		char net = nic_net(g, i, &dev);
		if (!in_list(model, "e1000 rtl8139"))
			strvec_pushf(&g->xl_notes, "xl documents the NIC models rtl8139 and e1000; it hands model=%s to QEMU as it is", model);
		put(b, "%s'model=%s", i ? ", " : "", model);
		if (g->nics[i].mac)
			put(b, ", mac=%s", g->nics[i].mac);
		if (net == 'b')
			put(b, ", bridge=%s", dev);
		if (net == 't' && dev)
			put(b, ", vifname=%s", dev);
		put(b, "'");
		user |= net == 'u';
	}
	put(b, " ]\n");
	if (user)
		strvec_push(&g->xl_approx, "xl has no user-mode network: the vif joins the host's default bridge (xenbr0)");
}

static char *xl_cfg(struct qemu_guest *g)
{
	struct buf b = { 0 };
	char *name = cfg_str(g->name, '"');
	put(&b, "name = %s\ntype = \"hvm\"\n", name);
	free(name);
	put(&b, "memory = %llu\nvcpus = %u\n", (unsigned long long)((g->mem_kib + 1023) / 1024), g->vcpus);
	if (g->mem_kib % 1024)
		strvec_push(&g->xl_approx, "xl.cfg gives memory in MiB: rounded up");
	if (g->maxvcpus > g->vcpus)
		put(&b, "maxvcpus = %u\n", g->maxvcpus);
	const char *keys[][2] = { { "kernel", g->kernel }, { "ramdisk", g->initrd }, { "extra", g->append } };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (!keys[i][1])
			continue;
		char *v = cfg_str(keys[i][1], '"');
		put(&b, "%s = %s\n", keys[i][0], v);
		free(v);
	}
	if (g->boot[0]) {
		char boot[sizeof(g->boot)] = "";
		size_t n = 0;
		for (const char *p = g->boot; *p; p++)
			if (strchr("cdn", *p))
				boot[n++] = *p;
		boot[n] = '\0';
		if (n < strlen(g->boot))
			strvec_push(&g->xl_approx, "xl boots from c (disk), d (CD) and n (network) only: a floppy is left out");
		if (n)
			put(&b, "boot = \"%s\"\n", boot);
	}
	cfg_disks(g, &b);
	cfg_vifs(g, &b);
	if (g->serial)
		put(&b, "serial = \"pty\"\n");
	if (g->no_reboot)
		put(&b, "on_reboot = \"destroy\"\n");
	if (g->machine)
		strvec_pushf(&g->xl_approx, "xl chooses the machine itself: -machine %s is left out", g->machine);
	return b.s;
}

void qemu_guest_render(struct qemu_guest *g)
{
	g->xml = domain_xml(g);
	g->xlcfg = xl_cfg(g);
	g->xml_file = xasprintf("%s.xml", g->name);
	g->cfg_file = xasprintf("/etc/xen/%s.cfg", g->name);
}

const char *qemu_guest_name(const struct qemu_guest *g)
{
	return g->name;
}

void qemu_guest_explain(const struct translation *t, enum vocab v, struct explanation *ex, struct explain_config *cfg)
{
	const struct qemu_guest *g = t->guest;
	struct vm_request req = t->req;
	switch (v) {
	case VOCAB_XL:
		req.from = g->cfg_file;
		explain_one(v, &req, ex);
		for (size_t i = 0; i < g->xl_approx.n; i++)
			ex_approx(ex, "%s", g->xl_approx.v[i]);
		for (size_t i = 0; i < g->xl_notes.n; i++)
			ex_note(ex, "%s", g->xl_notes.v[i]);
		*cfg = (struct explain_config){ "xl.cfg", g->cfg_file, g->xlcfg };
		return;
	case VOCAB_VIRSH:
		explain_one(v, &req, ex);
		*cfg = (struct explain_config){ "libvirt-xml", g->xml_file, g->xml };
		return;
	case VOCAB_VMCTL:
		explain_one(v, &req, ex);
		char *name = sh_quote(g->name);
		ex_note(ex, "%s is the domain XML under # virsh; on Xen, save the xl.cfg under # xl as %s, then: vmctl -b xen start %s",
			g->xml_file, g->cfg_file, name);
		free(name);
		return;
	case VOCAB_LXC:
	case VOCAB_VZCTL:
	case VOCAB_QEMU:
		*ex = (struct explanation){ .vocab = v, .equiv = EQUIV_EXACT };
		ex_none(ex, "%s", v == VOCAB_QEMU ? "the monitor runs inside the QEMU this command line starts"
			: "a container has no kernel, disks or emulated devices: this command line defines a virtual machine");
		return;
	case VOCAB_QM: /* the second wave: the guest's request in their words, no fragment */
	case VOCAB_PCT:
	case VOCAB_XE:
	case VOCAB_VAGRANT:
	case VOCAB_OPENSTACK:
	case VOCAB_INCUS:
		explain_one(v, &req, ex);
		return;
	case VOCAB__COUNT:
		break;
	}
	explain_one(VOCAB_VMCTL, &req, ex);
}

void qemu_guest_free(struct qemu_guest *g)
{
	if (!g)
		return;
	free(g->name);
	free(g->machine);
	free(g->kernel);
	free(g->initrd);
	free(g->append);
	for (size_t i = 0; i < g->ndisks; i++) {
		free(g->disks[i].file);
		free(g->disks[i].format);
	}
	for (size_t i = 0; i < g->nnics; i++) {
		free(g->nics[i].model);
		free(g->nics[i].mac);
		free(g->nics[i].dev);
	}
	free(g->netdev);
	strvec_clear(&g->xl_approx);
	strvec_clear(&g->xl_notes);
	free(g->xml);
	free(g->xlcfg);
	free(g->xml_file);
	free(g->cfg_file);
	free(g);
}
