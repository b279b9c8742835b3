/* libvirt_define.c: a guest's definition through libvirt: create (domain
 * XML written with libxml2 from the neutral spec, or given whole), delete
 * (with snapshot metadata, managed save, NVRAM and, asked, the storage
 * volumes no other guest uses), config, autostart and rename.
 *
 * libvirt defines a guest in one call (virDomainDefineXML), so a create
 * killed at any point leaves either nothing or a whole definition. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "backend_util.h"
#include "libvirt_internal.h"
#include "quote.h"

/* ---- the domain XML ---- */

/* A child element of parent with text (escaped by libxml2), or empty. */
static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static void attr(xmlNodePtr node, const char *name, const char *value)
{
	xmlNewProp(node, BAD_CAST name, BAD_CAST value);
}

/* What the connection's driver is, asked once per connection (a batch of
 * creates asks once) into c: kind ("test", "lxc", "qemu"), the domain
 * type to write (kvm where the domain capabilities offer it, else qemu)
 * and the architecture. */
struct driver_facts {
	const char *kind, *domtype, *arch;
};

/* The driver's type and the domain capabilities, asked together: one
 * round trip (the capabilities fail on drivers that have none). */
struct facts_ask {
	virConnectPtr conn;
	const char *type;
	char *caps;
	virErrorPtr type_err;
};

static void facts_one(void *ctx, size_t i)
{
	struct facts_ask *a = ctx;
	if (i == 0) {
		a->type = virConnectGetType(a->conn);
		if (!a->type)
			a->type_err = virSaveLastError();
	} else {
		a->caps = virConnectGetDomainCapabilities(a->conn, NULL, NULL, NULL, NULL, 0);
	}
}

static int driver_facts(struct vm_conn *c, struct driver_facts *f, struct vm_error *err)
{
	if (!c->kind) {
		struct facts_ask a = { .conn = c->conn };
		lv_each(2, facts_one, &a);
		int rc = 0;
		if (!a.type) {
			rc = lv_fail_with(a.type_err, err, "ask the driver's type of", c->uri);
		} else if (strcasecmp(a.type, "test") == 0) {
			c->kind = xstrdup("test");
			c->domtype = xstrdup("test");
			c->arch = xstrdup("x86_64");
		} else if (strcasecmp(a.type, "lxc") == 0) {
			c->kind = xstrdup("lxc");
			c->domtype = xstrdup("lxc");
		} else if (strcasecmp(a.type, "qemu") == 0 && a.caps) {
			xmlDocPtr doc = lv_xml_parse(a.caps);
			c->domtype = lv_xml_text(doc, "/domainCapabilities/domain");
			c->arch = lv_xml_text(doc, "/domainCapabilities/arch");
			xmlFreeDoc(doc);
			if (!c->domtype)
				c->domtype = xstrdup("qemu");
			c->kind = xstrdup("qemu");
		} else if (strcasecmp(a.type, "qemu") == 0) {
			rc = vm_error_set(err, VM_EXIT_FAILED, "cannot read the domain capabilities of %s", c->uri);
		} else {
			rc = vm_error_set(err, VM_EXIT_UNSUPPORTED, "create from a spec: libvirt's %s driver is not "
					  "supported (QEMU, LXC and test are); give --from CONFIG", a.type);
		}
		free(a.caps);
		if (a.type_err)
			virFreeError(a.type_err);
		if (rc < 0)
			return rc;
	}
	*f = (struct driver_facts){ c->kind, c->domtype, c->arch };
	return 0;
}

/* A spec item the driver cannot have: exit 4 naming the option. */
static int cannot_have(struct vm_error *err, const struct driver_facts *f, const char *opt, const char *why)
{
	return vm_error_set(err, VM_EXIT_UNSUPPORTED, "create %s: not supported by libvirt's %s driver: %s", opt, f->kind,
			    why);
}

/* A file named in the spec must exist on a local connection (exit 2);
 * a remote daemon's files are its own to check. */
static int must_exist(const struct vm_conn *c, const char *opt, const char *path, bool dir, struct vm_error *err)
{
	struct stat st;
	if (!lv_local(c))
		return 0;
	char *q = msg_quote(path);
	int rc = 0;
	if (stat(path, &st) < 0)
		rc = vm_error_set(err, VM_EXIT_USAGE, "%s %s: no such file or directory", opt, q);
	else if (dir && !S_ISDIR(st.st_mode))
		rc = vm_error_set(err, VM_EXIT_USAGE, "%s %s: not a directory (the container's root)", opt, q);
	else if (!dir && S_ISDIR(st.st_mode))
		rc = vm_error_set(err, VM_EXIT_USAGE, "%s %s: a directory, not a disk image", opt, q);
	free(q);
	return rc;
}

static bool is_block(const struct vm_conn *c, const char *path)
{
	struct stat st;
	return lv_local(c) && stat(path, &st) == 0 && S_ISBLK(st.st_mode);
}

/* A disk's format: the storage pool's record of the volume, else raw; never
 * probed from the image (a raw image may carry a qcow2 header). */
struct disk_format {
	struct vm_conn *c;
	const char *const *paths;
	char **formats;
};

static void format_one(void *ctx, size_t i)
{
	struct disk_format *d = ctx;
	virStorageVolPtr v = virStorageVolLookupByPath(d->c->conn, d->paths[i]);
	char *xml = v ? virStorageVolGetXMLDesc(v, 0) : NULL;
	if (v)
		virStorageVolFree(v);
	xmlDocPtr doc = lv_xml_parse(xml);
	free(xml);
	d->formats[i] = lv_xml_text(doc, "/volume/target/format/@type");
	xmlFreeDoc(doc);
}

static void add_nic(xmlNodePtr devices, const char *net, bool virtio)
{
	xmlNodePtr nic = el(devices, "interface", NULL);
	bool bridge = strncmp(net, "bridge=", 7) == 0;
	attr(nic, "type", bridge ? "bridge" : "network");
	attr(el(nic, "source", NULL), bridge ? "bridge" : "network", bridge ? net + 7 : net);
	if (virtio)
		attr(el(nic, "model", NULL), "type", "virtio");
}

static void add_disk(xmlNodePtr devices, const char *device, const char *path, const char *format, bool block,
		     const char *target, const char *bus)
{
	xmlNodePtr disk = el(devices, "disk", NULL);
	attr(disk, "type", block ? "block" : "file");
	attr(disk, "device", device);
	xmlNodePtr drv = el(disk, "driver", NULL);
	attr(drv, "name", "qemu");
	attr(drv, "type", format);
	attr(el(disk, "source", NULL), block ? "dev" : "file", path);
	xmlNodePtr t = el(disk, "target", NULL);
	attr(t, "dev", target);
	attr(t, "bus", bus);
	if (strcmp(device, "cdrom") == 0)
		el(disk, "readonly", NULL);
}

/* The spec's checks that need the driver, before anything is made. */
static int spec_check(struct vm_conn *c, const struct vm_request *req, const struct driver_facts *f,
		      struct vm_error *err)
{
	const char *type = vm_value_str(req, "type");
	if (vm_value(req, "template"))
		return cannot_have(err, f, "--template", "libvirt has no templates (lxc-create's are liblxc's: -b lxc)");
	if (strcmp(f->kind, "lxc") == 0) {
		static const char *const no[][2] = { { "kernel", "a container runs the host's kernel" },
						     { "initrd", "a container runs the host's kernel" },
						     { "cdrom", "a container has no CD drive" },
						     { "type", "a container is neither pv nor hvm" } };
		for (size_t i = 0; i < ARRAY_SIZE(no); i++)
			if (vm_value(req, no[i][0])) {
				char opt[16];
				snprintf(opt, sizeof(opt), "--%s", no[i][0]);
				return cannot_have(err, f, opt, no[i][1]);
			}
		if (!vm_value_nth(req, "disk", 0))
			return vm_error_set(err, VM_EXIT_USAGE, "create on libvirt-LXC needs --disk DIR, the container's "
				            "root directory");
		if (vm_value_nth(req, "disk", 1))
			return vm_error_set(err, VM_EXIT_USAGE, "create on libvirt-LXC takes one --disk DIR, the "
				            "container's root directory");
		return must_exist(c, "--disk", vm_value_nth(req, "disk", 0), true, err);
	}
	if (type && strcmp(type, "pv") == 0)
		return cannot_have(err, f, "--type pv", "a QEMU guest is a full (hvm) machine");
	if (vm_value(req, "cmdline") && !vm_value(req, "kernel"))
		return vm_error_set(err, VM_EXIT_USAGE, "--cmdline goes with --kernel on a virtual machine");
	static const char *const files[] = { "kernel", "initrd", "cdrom" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char opt[16];
		snprintf(opt, sizeof(opt), "--%s", files[i]);
		if (vm_value_str(req, files[i]) && must_exist(c, opt, vm_value_str(req, files[i]), false, err) < 0)
			return -1;
	}
	for (size_t i = 0; vm_value_nth(req, "disk", i); i++)
		if (must_exist(c, "--disk", vm_value_nth(req, "disk", i), false, err) < 0)
			return -1;
	if (vm_value_nth(req, "disk", 26))
		return vm_error_set(err, VM_EXIT_USAGE, "at most 26 --disk (vda to vdz)");
	return 0;
}

/* The domain XML of the spec (a new string). */
static char *spec_xml(struct vm_conn *c, const struct vm_request *req, const struct driver_facts *f)
{
	bool lxc = strcmp(f->kind, "lxc") == 0;
	char num[32];
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "domain");
	xmlDocSetRootElement(doc, root);
	attr(root, "type", f->domtype);
	el(root, "name", req->guest);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)vm_value_num(req, "memory", 512 * 1024));
	attr(el(root, "memory", num), "unit", "KiB");
	snprintf(num, sizeof(num), "%llu", (unsigned long long)vm_value_num(req, "vcpus", 1));
	el(root, "vcpu", num);
	xmlNodePtr os = el(root, "os", NULL);
	if (lxc) {
		el(os, "type", "exe");
		const char *cmd = vm_value_str(req, "cmdline");
		if (!cmd) {
			el(os, "init", "/sbin/init");
		} else { /* words split at blanks, no shell */
			char *copy = xstrdup(cmd), *save = NULL;
			bool first = true;
			for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save), first = false)
				el(os, first ? "init" : "initarg", w);
			free(copy);
		}
	} else {
		xmlNodePtr t = el(os, "type", "hvm");
		if (f->arch)
			attr(t, "arch", f->arch);
		if (vm_value_str(req, "kernel")) {
			el(os, "kernel", vm_value_str(req, "kernel"));
			if (vm_value_str(req, "initrd"))
				el(os, "initrd", vm_value_str(req, "initrd"));
			if (vm_value_str(req, "cmdline"))
				el(os, "cmdline", vm_value_str(req, "cmdline"));
		}
		if (vm_value_str(req, "cdrom"))
			attr(el(os, "boot", NULL), "dev", "cdrom");
		attr(el(os, "boot", NULL), "dev", "hd");
		xmlNodePtr feat = el(root, "features", NULL);
		el(feat, "acpi", NULL);
		el(feat, "apic", NULL);
	}
	xmlNodePtr dev = el(root, "devices", NULL);
	if (lxc) {
		xmlNodePtr fs = el(dev, "filesystem", NULL);
		attr(fs, "type", "mount");
		attr(el(fs, "source", NULL), "dir", vm_value_nth(req, "disk", 0));
		attr(el(fs, "target", NULL), "dir", "/");
	} else {
		size_t n = 0;
		while (vm_value_nth(req, "disk", n))
			n++;
		const char **paths = xcalloc(n + 1, sizeof(*paths));
		for (size_t i = 0; i < n; i++)
			paths[i] = vm_value_nth(req, "disk", i);
		struct disk_format d = { c, paths, xcalloc(n + 1, sizeof(char *)) };
		if (strcmp(f->kind, "test") != 0) /* each volume's record, all at once */
			lv_each(n, format_one, &d);
		for (size_t i = 0; i < n; i++) {
			char target[8];
			snprintf(target, sizeof(target), "vd%c", (char)('a' + i));
			add_disk(dev, "disk", paths[i], d.formats[i] ? d.formats[i] : "raw", is_block(c, paths[i]), target,
				 "virtio");
			free(d.formats[i]);
		}
		free(d.formats);
		free(paths);
		if (vm_value_str(req, "cdrom"))
			add_disk(dev, "cdrom", vm_value_str(req, "cdrom"), "raw", false, "sda", "sata");
	}
	for (size_t i = 0; vm_value_nth(req, "network", i); i++)
		add_nic(dev, vm_value_nth(req, "network", i), !lxc);
	attr(el(dev, "console", NULL), "type", "pty");
	char *xml = lv_xml_dump(doc);
	xmlFreeDoc(doc);
	return xml;
}


static int exists_already(struct vm_error *err, const struct vm_conn *c, const char *name)
{
	char *q = msg_quote(name);
	vm_error_set(err, VM_EXIT_FAILED, "a guest %s exists on %s: nothing changed", q, c->uri);
	free(q);
	return -1;
}

/* create --from CONFIG: domain XML as virsh define reads it. */
static char *from_xml(struct vm_conn *c, const struct vm_request *req, char **name, struct vm_error *err)
{
	char *xml = read_small_file(req->from, 16, NULL, err);
	if (!xml)
		return NULL;
	xmlDocPtr doc = xml[strspn(xml, " \t\r\n")] == '<' ? lv_xml_parse(xml) : NULL;
	*name = lv_xml_text(doc, "/domain/name");
	xmlFreeDoc(doc);
	char *q = msg_quote(req->from);
	if (!*name)
		vm_error_set(err, VM_EXIT_USAGE, "%s is not libvirt domain XML (no <domain> with a <name>)", q);
	else if (req->guest && strcmp(req->guest, *name) != 0)
		vm_error_set(err, VM_EXIT_USAGE, "%s names the guest '%s', not '%s'", q, *name, req->guest);
	free(q);
	if (!*name || (req->guest && strcmp(req->guest, *name) != 0)) {
		free(xml);
		return NULL;
	}
	/* DefineXML replaces a guest of the same name and UUID: refuse first */
	virDomainPtr old = virDomainLookupByName(c->conn, *name);
	if (old) {
		virDomainFree(old);
		exists_already(err, c, *name);
		free(xml);
		return NULL;
	}
	return xml;
}

int lv_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	char *name = NULL, *xml = NULL;
	if (req->from) {
		xml = from_xml(c, req, &name, err);
	} else {
		struct driver_facts f = { 0 };
		if (driver_facts(c, &f, err) == 0 && spec_check(c, req, &f, err) == 0)
			xml = spec_xml(c, req, &f);
		name = xstrdup(req->guest);
	}
	if (!xml) {
		free(name);
		return -1;
	}
	test_kill_at("libvirt-create-xml-made");
	/* one call: the guest is defined whole or not at all; without a UUID
	 * in the XML, libvirt refuses a name that exists */
	/* a CONFIG is checked against libvirt's schema (virsh define --validate);
	 * the XML vmctl wrote is not: the check costs the daemon more than the
	 * define itself */
	virDomainPtr d = virDomainDefineXMLFlags(c->conn, xml, req->from ? VIR_DOMAIN_DEFINE_VALIDATE : 0);
	free(xml);
	int rc = 0;
	if (!d) {
		virErrorPtr e = virGetLastError();
		if (e && e->code == VIR_ERR_OPERATION_FAILED && e->message && strstr(e->message, "already exists"))
			rc = exists_already(err, c, name);
		else
			rc = lv_fail(err, "create", name);
	} else {
		test_kill_at("libvirt-create-defined");
		note(res, "defined guest '%s' (shut off)", virDomainGetName(d));
		virDomainFree(d);
	}
	free(name);
	return rc;
}

/* ---- delete ---- */

/* The guests' inactive XML, read together (lv_each). */
struct all_xml {
	virDomainPtr *doms;
	char **xml;
};

static void xml_one(void *ctx, size_t i)
{
	struct all_xml *a = ctx;
	a->xml[i] = virDomainGetXMLDesc(a->doms[i], VIR_DOMAIN_XML_INACTIVE);
}

/* The file-backed disks of xml (sources of type file or block), in order. */
static void disk_sources(const char *xml, struct strvec *out)
{
	xmlDocPtr doc = lv_xml_parse(xml);
	for (int i = 1;; i++) {
		char xpath[128];
		snprintf(xpath, sizeof(xpath), "(/domain/devices/disk[@device='disk'])[%d]/source/@file", i);
		char *file = lv_xml_text(doc, xpath);
		snprintf(xpath, sizeof(xpath), "(/domain/devices/disk[@device='disk'])[%d]/source/@dev", i);
		char *dev = file ? NULL : lv_xml_text(doc, xpath);
		snprintf(xpath, sizeof(xpath), "(/domain/devices/disk[@device='disk'])[%d]", i);
		char *any = file || dev ? NULL : lv_xml_text(doc, xpath);
		if (!file && !dev && !any)
			break;
		if (file || dev)
			strvec_push(out, file ? file : dev);
		free(file);
		free(dev);
		free(any);
	}
	xmlFreeDoc(doc);
}

/* --storage: the disks of self that are storage volumes used by no other
 * guest go to vols; the others to kept, with the reason. */
static int storage_plan(struct vm_conn *c, virDomainPtr self, const char *self_xml, struct strvec *vols,
			struct strvec *kept, struct vm_error *err)
{
	struct strvec disks = { 0 };
	disk_sources(self_xml, &disks);
	if (disks.n == 0)
		return 0;
	virDomainPtr *doms = NULL;
	int n = virConnectListAllDomains(c->conn, &doms, 0);
	if (n < 0) {
		strvec_clear(&disks);
		return lv_fail(err, "list the guests", NULL);
	}
	struct all_xml a = { doms, xcalloc((size_t)n + 1, sizeof(char *)) };
	lv_each((size_t)n, xml_one, &a);
	unsigned char self_uuid[VIR_UUID_BUFLEN], uuid[VIR_UUID_BUFLEN];
	virDomainGetUUID(self, self_uuid);
	for (size_t k = 0; k < disks.n; k++) {
		const char *user = NULL;
		for (int i = 0; i < n && !user; i++) {
			if (virDomainGetUUID(doms[i], uuid) == 0 && memcmp(uuid, self_uuid, sizeof(uuid)) == 0)
				continue;
			if (a.xml[i] && (lv_xml_has(a.xml[i], "/domain/devices/disk/source/@file", disks.v[k]) ||
					 lv_xml_has(a.xml[i], "/domain/devices/disk/source/@dev", disks.v[k])))
				user = virDomainGetName(doms[i]);
		}
		virStorageVolPtr v = user ? NULL : virStorageVolLookupByPath(c->conn, disks.v[k]);
		if (v) {
			strvec_push(vols, disks.v[k]);
			virStorageVolFree(v);
		} else {
			char *why = user ? xasprintf("%s (used by guest '%s')", disks.v[k], user)
					 : xasprintf("%s (not a storage volume)", disks.v[k]);
			strvec_push(kept, why);
			free(why);
		}
	}
	for (int i = 0; i < n; i++) {
		free(a.xml[i]);
		virDomainFree(doms[i]);
	}
	free(a.xml);
	free(doms);
	strvec_clear(&disks);
	return 0;
}

/* What delete must know of a guest, asked together (lv_each_after): one
 * round trip for its state, its definition, its snapshots, a managed save
 * image and checkpoints; in turn on a local socket, where threads cost more. */
struct probe {
	virDomainPtr d;
	int state, state_rc;
	virErrorPtr state_err, xml_err;
	char *xml;
	virDomainSnapshotPtr *snaps;
	int nsnaps, managed, checkpoints;
};

static void probe_one(void *ctx, size_t i)
{
	struct probe *p = ctx;
	switch (i) {
	case 0:
		p->state_rc = virDomainGetState(p->d, &p->state, NULL, 0);
		if (p->state_rc < 0)
			p->state_err = virSaveLastError();
		break;
	case 1:
		p->xml = virDomainGetXMLDesc(p->d, VIR_DOMAIN_XML_INACTIVE);
		if (!p->xml)
			p->xml_err = virSaveLastError();
		break;
	case 2: /* drivers without snapshots (LXC) fail: none */
		p->nsnaps = virDomainListAllSnapshots(p->d, &p->snaps, 0);
		break;
	case 3:
		p->managed = virDomainHasManagedSaveImage(p->d, 0);
		break;
	default:
		p->checkpoints = virDomainListAllCheckpoints(p->d, NULL, 0);
		break;
	}
}

static void probe_clear(struct probe *p)
{
	for (int i = 0; i < p->nsnaps; i++)
		virDomainSnapshotFree(p->snaps[i]);
	free(p->snaps);
	free(p->xml);
	if (p->state_err)
		virFreeError(p->state_err);
	if (p->xml_err)
		virFreeError(p->xml_err);
}

int lv_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	double asked = now();
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	struct strvec vols = { 0 }, kept = { 0 }, snaps = { 0 };
	struct probe p = { .d = d };
	char *nvram = NULL;
	lv_each_after(now() - asked, 5, probe_one, &p);
	if (p.state_rc < 0 || !p.xml) {
		lv_fail_with(p.state_rc < 0 ? p.state_err : p.xml_err, err, "delete", req->guest);
		goto out;
	}
	enum vm_state st = lv_map_state(p.state);
	if (st != VM_STATE_SHUTOFF && !vm_value_flag(req, "force")) {
		cannot(err, VM_EXIT_FAILED, "delete", req->guest, "it is %s (--force kills it first)", vm_state_name(st));
		goto out;
	}
	if (vm_value_flag(req, "storage") && storage_plan(c, d, p.xml, &vols, &kept, err) < 0)
		goto out;
	/* what goes with the definition: only the flags it needs, since some
	 * drivers (LXC) take none */
	unsigned flags = 0;
	for (int i = 0; i < p.nsnaps; i++)
		strvec_push(&snaps, virDomainSnapshotGetName(p.snaps[i]));
	if (p.nsnaps > 0)
		flags |= VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
	if (p.managed > 0)
		flags |= VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;
	if (p.checkpoints > 0)
		flags |= VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;
	xmlDocPtr doc = lv_xml_parse(p.xml);
	nvram = lv_xml_text(doc, "/domain/os/nvram");
	xmlFreeDoc(doc);
	if (nvram)
		flags |= VIR_DOMAIN_UNDEFINE_NVRAM;
	if (st != VM_STATE_SHUTOFF) {
		if (virDomainDestroy(d) < 0) {
			lv_fail(err, "kill (before deleting)", req->guest);
			goto out;
		}
	}
	test_kill_at("libvirt-delete-killed");
	if (virDomainUndefineFlags(d, flags) < 0) {
		lv_fail(err, "delete", req->guest);
		goto out;
	}
	test_kill_at("libvirt-delete-undefined");
	strvec_push(&res->removed, "definition");
	for (size_t i = 0; i < snaps.n; i++) {
		char *s = xasprintf("snapshot metadata %s", snaps.v[i]);
		strvec_push(&res->removed, s);
		free(s);
	}
	if (p.managed > 0)
		strvec_push(&res->removed, "managed save image");
	if (nvram) {
		char *s = xasprintf("nvram %s", nvram);
		strvec_push(&res->removed, s);
		free(s);
	}
	rc = 0;
	for (size_t i = 0; i < vols.n; i++) {
		virStorageVolPtr v = virStorageVolLookupByPath(c->conn, vols.v[i]);
		if (!v || virStorageVolDelete(v, 0) < 0) {
			char *what = xasprintf("delete the volume %s of", vols.v[i]);
			rc = lv_fail(err, what, req->guest);
			free(what);
		} else {
			char *s = xasprintf("volume %s", vols.v[i]);
			strvec_push(&res->removed, s);
			free(s);
		}
		if (v)
			virStorageVolFree(v);
	}
	if (kept.n) {
		char buf[400] = "";
		for (size_t i = 0; i < kept.n; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? ", " : "", kept.v[i]);
		note(res, "%s '%s'; disks left: %s", st != VM_STATE_SHUTOFF ? "killed and deleted" : "deleted", req->guest,
		     buf);
	} else {
		note(res, "%s '%s'", st != VM_STATE_SHUTOFF ? "killed and deleted" : "deleted", req->guest);
	}
out:
	free(nvram);
	probe_clear(&p);
	strvec_clear(&vols);
	strvec_clear(&kept);
	strvec_clear(&snaps);
	virDomainFree(d);
	return rc;
}

/* ---- config, autostart, rename ---- */

int lv_config(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	/* without VIR_DOMAIN_XML_SECURE libvirt leaves passwords out, as dumpxml does */
	char *xml = virDomainGetXMLDesc(d, vm_value_flag(req, "inactive") ? VIR_DOMAIN_XML_INACTIVE : 0);
	virDomainFree(d);
	if (!xml)
		return lv_fail(err, "read the definition of", req->guest);
	struct vm_record *r = vm_records_new(out);
	vm_record_add(r, "format", "libvirt-xml");
	vm_record_add(r, "text", "%s", xml);
	free(xml);
	return 0;
}

int lv_autostart(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int want = strcmp(vm_value_str(req, "switch"), "on") == 0, now_on = 0, rc = 0;
	if (virDomainGetAutostart(d, &now_on) == 0 && !!now_on == want)
		already(res, "autostart of '%s' is already %s", req->guest, want ? "on" : "off");
	else if (virDomainSetAutostart(d, want) < 0)
		rc = lv_fail(err, want ? "mark for autostart" : "unmark for autostart", req->guest);
	virDomainFree(d);
	return rc;
}

int lv_rename(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *to = vm_value_str(req, "new_name");
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	enum vm_state st;
	virDomainPtr other = strcmp(to, req->guest) ? virDomainLookupByName(c->conn, to) : NULL;
	if (other) {
		virDomainFree(other);
		exists_already(err, c, to);
	} else if (strcmp(to, req->guest) == 0) {
		already(res, "'%s' is already named so", req->guest);
		rc = 0;
	} else if (lv_state(d, &st) < 0) {
		lv_fail(err, "rename", req->guest);
	} else if (st != VM_STATE_SHUTOFF) {
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "it is %s; only a shut-off guest can be renamed",
		       vm_state_name(st));
	} else if (virDomainRename(d, to, 0) < 0) {
		lv_fail(err, "rename", req->guest);
	} else {
		rc = 0;
	}
	virDomainFree(d);
	return rc;
}
