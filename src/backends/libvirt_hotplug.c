/* libvirt_hotplug.c: disk-attach, disk-detach, nic-attach, nic-detach
 * through virDomainAttachDeviceFlags/DetachDeviceFlags.  The device XML is
 * written by libxml2 (every path and name escaped by the library); a disk
 * image's format is never probed from the image (a raw image may carry a
 * qcow2 header naming a host file as its backing): --format, else the
 * storage pool's record of the volume, else raw.  A live detach waits for
 * libvirt's DEVICE_REMOVED event, bounded by --timeout. */
#include <errno.h>
#include <libvirt/virterror.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "backend_util.h"
#include "libvirt_internal.h"
#include "quote.h"
#include "util.h"

static unsigned affect_flags(const struct vm_request *req)
{
	unsigned f = (req->live ? VIR_DOMAIN_AFFECT_LIVE : 0) | (req->config ? VIR_DOMAIN_AFFECT_CONFIG : 0);
	return f ? f : VIR_DOMAIN_AFFECT_CURRENT;
}

/* libvirt's error for a device operation: what the driver cannot do at all
 * is exit 4 with libvirt's reason, a missing network exit 1 (not "no such
 * guest"), the rest as every verb maps it. */
static int dev_fail(struct vm_error *err, const char *what, const char *guest)
{
	virErrorPtr e = virGetLastError();
	int code = e ? e->code : 0;
	lv_fail(err, what, guest);
	if (code == VIR_ERR_CONFIG_UNSUPPORTED || code == VIR_ERR_OPERATION_UNSUPPORTED || code == VIR_ERR_NO_SUPPORT)
		err->code = VM_EXIT_UNSUPPORTED;
	else if (code == VIR_ERR_NO_NETWORK)
		err->code = VM_EXIT_FAILED;
	return -1;
}

/* The one element of a device as a string, for Attach/DetachDeviceFlags. */
static char *node_xml(xmlNodePtr n)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlNodeDump(buf, n->doc, n, 0, 0);
	char *s = xstrdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	return s;
}

/* A new document whose root is an element name, for a device. */
static xmlNodePtr new_device(xmlDocPtr *doc, const char *name)
{
	*doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST name);
	xmlDocSetRootElement(*doc, root);
	return root;
}

static xmlNodePtr sub(xmlNodePtr parent, const char *name, const char *key, const char *value)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
	if (key)
		xmlNewProp(n, BAD_CAST key, BAD_CAST value);
	return n;
}

/* Whether the domain is running: its live XML carries an id. */
static bool xml_running(xmlDocPtr doc)
{
	char *id = lv_xml_text(doc, "/domain/@id");
	free(id);
	return id != NULL;
}

/* The disk (or, for a container, the filesystem) whose target is target, or NULL. */
static xmlNodePtr find_disk(xmlDocPtr doc, const char *target)
{
	xmlNodePtr *v, found = NULL;
	size_t n = lv_xml_nodes(doc, "/domain/devices/disk | /domain/devices/filesystem", &v);
	for (size_t i = 0; i < n && !found; i++) {
		bool fs = strcmp((const char *)v[i]->name, "filesystem") == 0;
		char *t = lv_xml_child_attr(v[i], "target", fs ? "dir" : "dev");
		if (t && strcmp(t, target) == 0)
			found = v[i];
		free(t);
	}
	free(v);
	return found;
}

static xmlNodePtr find_nic(xmlDocPtr doc, const char *mac)
{
	xmlNodePtr *v, found = NULL;
	size_t n = lv_xml_nodes(doc, "/domain/devices/interface", &v);
	for (size_t i = 0; i < n && !found; i++) {
		char *m = lv_xml_child_attr(v[i], "mac", "address");
		if (m && strcasecmp(m, mac) == 0)
			found = v[i];
		free(m);
	}
	free(v);
	return found;
}

/* What the guest has, for "no such device" messages: "vda, hdc" or "none". */
static char *present(xmlDocPtr doc, bool nic)
{
	xmlNodePtr *v;
	size_t n = lv_xml_nodes(doc, nic ? "/domain/devices/interface" : "/domain/devices/disk | /domain/devices/filesystem",
				&v);
	char *s = NULL;
	for (size_t i = 0; i < n; i++) {
		bool fs = strcmp((const char *)v[i]->name, "filesystem") == 0;
		char *t = nic ? lv_xml_child_attr(v[i], "mac", "address") : lv_xml_child_attr(v[i], "target", fs ? "dir" : "dev");
		char *j = xasprintf("%s%s%s", s ? s : "", s ? ", " : "", t ? t : "?");
		free(s);
		free(t);
		s = j;
	}
	free(v);
	return s ? s : xstrdup("none");
}

/* The format the storage pool records for path, or NULL; *block set when
 * the volume is a block device.  Two round trips, none when no pool has it. */
static char *pool_format(struct vm_conn *c, const char *path, bool *block)
{
	virStorageVolPtr v = virStorageVolLookupByPath(c->conn, path);
	if (!v) {
		virResetLastError();
		return NULL;
	}
	char *xml = virStorageVolGetXMLDesc(v, 0);
	virStorageVolFree(v);
	xmlDocPtr doc = lv_xml_parse(xml);
	free(xml);
	char *fmt = lv_xml_text(doc, "/volume/target/format/@type");
	char *type = lv_xml_text(doc, "/volume/@type");
	*block = type && strcmp(type, "block") == 0;
	free(type);
	xmlFreeDoc(doc);
	if (fmt && strcmp(fmt, "raw") != 0 && strcmp(fmt, "qcow2") != 0) { /* iso, dir, ...: as raw */
		free(fmt);
		fmt = xstrdup("raw");
	}
	return fmt;
}

int lv_disk_attach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *src = vm_value_str(req, "source"), *target = vm_value_str(req, "target");
	const char *mode = vm_value_str(req, "mode"), *device = vm_value_str(req, "device");
	const char *format = vm_value_str(req, "format");
	bool cdrom = device && strcmp(device, "cdrom") == 0;
	struct stat st = { 0 };
	bool known = false;
	if (lv_local(c)) { /* a local file is ours to check; a remote one is libvirt's */
		if (stat(src, &st) < 0) {
			char *q = msg_quote(src);
			vm_error_set(err, VM_EXIT_USAGE, "cannot attach %s: %s", q, strerror(errno));
			free(q);
			return -1;
		}
		known = true;
	}
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	char *fmt = NULL, *xml = NULL, *domtype = NULL;
	xmlDocPtr dev = NULL, doc = lv_domain_xml(d, 0, req->guest, err);
	if (!doc)
		goto done;
	domtype = lv_xml_text(doc, "/domain/@type");
	bool lxc = domtype && strcmp(domtype, "lxc") == 0;
	if (find_disk(doc, target)) {
		cannot(err, VM_EXIT_FAILED, "attach a disk to", req->guest, "it already has a disk %s", target);
		goto done;
	}
	bool block = known && S_ISBLK(st.st_mode), dir = known && S_ISDIR(st.st_mode);
	if (dir && !lxc) {
		cannot(err, VM_EXIT_USAGE, "attach a disk to", req->guest, "%s is a directory: a virtual machine takes a "
		       "file or a block device", src);
		goto done;
	}
	const char *why = "--format";
	if (!format && !dir) {
		bool vol_block = false;
		fmt = pool_format(c, src, &vol_block);
		block |= !known && vol_block;
		why = fmt ? "the storage pool's record" : "no --format and no storage pool records it";
		format = fmt ? fmt : "raw";
	}
	xmlNodePtr root;
	if (dir) { /* a container: the host directory mounted at target */
		if (cdrom || format) {
			cannot(err, VM_EXIT_UNSUPPORTED, "attach a directory to", req->guest, "--%s: a directory mount has "
			       "no %s", cdrom ? "device cdrom" : "format", cdrom ? "CD drive" : "image format");
			goto done;
		}
		root = new_device(&dev, "filesystem");
		xmlNewProp(root, BAD_CAST "type", BAD_CAST "mount");
		xmlNewProp(root, BAD_CAST "accessmode", BAD_CAST "passthrough");
		sub(root, "source", "dir", src);
		sub(root, "target", "dir", target);
	} else {
		root = new_device(&dev, "disk");
		xmlNewProp(root, BAD_CAST "type", BAD_CAST(block ? "block" : "file"));
		xmlNewProp(root, BAD_CAST "device", BAD_CAST(cdrom ? "cdrom" : "disk"));
		if (!lxc) {
			xmlNodePtr drv = sub(root, "driver", "name", "qemu");
			xmlNewProp(drv, BAD_CAST "type", BAD_CAST format);
		}
		sub(root, "source", block ? "dev" : "file", src);
		sub(root, "target", "dev", target);
	}
	if (mode)
		sub(root, strcmp(mode, "readonly") == 0 ? "readonly" : "shareable", NULL, NULL);
	xml = node_xml(root);
	if (virDomainAttachDeviceFlags(d, xml, affect_flags(req)) < 0) {
		dev_fail(err, "attach a disk to", req->guest);
		goto done;
	}
	if (dir)
		note(res, "mounted %s at %s in '%s'", src, target, req->guest);
	else
		note(res, "attached %s to '%s' as %s (%s, from %s)", src, req->guest, target, format, why);
	rc = 0;
done:
	free(fmt);
	free(xml);
	free(domtype);
	xmlFreeDoc(dev);
	xmlFreeDoc(doc);
	virDomainFree(d);
	return rc;
}

int lv_nic_attach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *net = vm_value_str(req, "net"), *mac = vm_value_str(req, "mac"), *model = vm_value_str(req, "model");
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	char *xml = NULL, *domtype = NULL, *newmac = NULL;
	xmlDocPtr dev = NULL, after = NULL, doc = lv_domain_xml(d, 0, req->guest, err);
	if (!doc)
		goto done;
	domtype = lv_xml_text(doc, "/domain/@type");
	bool lxc = domtype && strcmp(domtype, "lxc") == 0;
	if (mac && find_nic(doc, mac)) {
		cannot(err, VM_EXIT_FAILED, "attach a NIC to", req->guest, "it already has a NIC with MAC %s", mac);
		goto done;
	}
	if (lxc && model) {
		cannot(err, VM_EXIT_UNSUPPORTED, "attach a NIC to", req->guest, "--model: a container's NIC is a veth, "
		       "it has no device model");
		goto done;
	}
	xmlNodePtr root = new_device(&dev, "interface");
	if (strncmp(net, "bridge=", 7) == 0) {
		xmlNewProp(root, BAD_CAST "type", BAD_CAST "bridge");
		sub(root, "source", "bridge", net + 7);
	} else if (strncmp(net, "dev=", 4) == 0) { /* macvtap on the host interface */
		xmlNewProp(root, BAD_CAST "type", BAD_CAST "direct");
		xmlNewProp(sub(root, "source", "dev", net + 4), BAD_CAST "mode", BAD_CAST "bridge");
	} else {
		xmlNewProp(root, BAD_CAST "type", BAD_CAST "network");
		sub(root, "source", "network", net);
	}
	if (mac)
		sub(root, "mac", "address", mac);
	if (!lxc)
		sub(root, "model", "type", model ? model : "virtio");
	xml = node_xml(root);
	unsigned flags = affect_flags(req);
	if (virDomainAttachDeviceFlags(d, xml, flags) < 0) {
		dev_fail(err, "attach a NIC to", req->guest);
		goto done;
	}
	if (!mac) { /* the MAC libvirt chose: the last NIC of the definition changed (nic-detach takes it) */
		bool live = (flags & VIR_DOMAIN_AFFECT_LIVE) || (flags == VIR_DOMAIN_AFFECT_CURRENT && xml_running(doc));
		char *text = virDomainGetXMLDesc(d, live ? 0 : VIR_DOMAIN_XML_INACTIVE);
		after = lv_xml_parse(text);
		free(text);
		newmac = lv_xml_text(after, "/domain/devices/interface[last()]/mac/@address");
	}
	note(res, "attached a NIC with MAC %s to '%s' on %s", mac ? mac : newmac ? newmac : "(unknown)", req->guest, net);
	rc = 0;
done:
	free(xml);
	free(domtype);
	free(newmac);
	xmlFreeDoc(dev);
	xmlFreeDoc(after);
	xmlFreeDoc(doc);
	virDomainFree(d);
	return rc;
}

/* ---- detach, and the wait for the guest to let go ---- */

struct removal {
	const char *alias; /* the device's alias in the live XML, or NULL */
	int removed;       /* DEVICE_REMOVED seen for it */
	int timer_fired;
};

static void on_removed(virConnectPtr conn, virDomainPtr dom, const char *alias, void *opaque)
{
	(void)conn;
	(void)dom;
	struct removal *r = opaque;
	if (!r->alias || (alias && strcmp(alias, r->alias) == 0))
		r->removed = 1;
}

static void on_timer(int timer, void *opaque)
{
	(void)timer;
	((struct removal *)opaque)->timer_fired = 1;
}

/* Whether the device (a disk by target, or a NIC by MAC) is still in the
 * live definition; -1 with err filled when it cannot be read. */
static int still_there(virDomainPtr d, const struct vm_request *req, bool nic, struct vm_error *err)
{
	xmlDocPtr doc = lv_domain_xml(d, 0, req->guest, err);
	if (!doc)
		return -1;
	int there = (nic ? find_nic(doc, vm_value_str(req, "mac")) : find_disk(doc, vm_value_str(req, "target"))) != NULL;
	xmlFreeDoc(doc);
	return there;
}

/* Waits (req->timeout s) on libvirt's event loop for DEVICE_REMOVED of the
 * device; 0 when it is gone, -1 with err filled when it is not. */
static int wait_removed(virDomainPtr d, const struct vm_request *req, bool nic, struct removal *r,
			const char *what, struct vm_error *err)
{
	int there = r->removed ? 0 : still_there(d, req, nic, err);
	if (there <= 0)
		return there;
	if (req->timeout > 0) {
		double end = now() + req->timeout;
		int timer = virEventAddTimeout((int)(req->timeout * 1000), on_timer, r, NULL);
		while (!r->removed && !r->timer_fired && now() < end && virEventRunDefaultImpl() == 0)
			;
		if (timer >= 0)
			virEventRemoveTimeout(timer);
		there = r->removed ? 0 : still_there(d, req, nic, err);
		if (there <= 0)
			return there;
	}
	return cannot(err, VM_EXIT_FAILED, "detach", req->guest, "the guest has not released %s %s within %u s; it "
		      "stays attached until the guest lets it go, then libvirt removes it", what,
		      nic ? vm_value_str(req, "mac") : vm_value_str(req, "target"), req->timeout);
}

static int detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, bool nic,
		  struct vm_error *err)
{
	const char *key = nic ? vm_value_str(req, "mac") : vm_value_str(req, "target");
	const char *what = nic ? "the NIC" : "the disk";
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1, cb = -1;
	char *xml = NULL, *alias = NULL;
	unsigned flags = affect_flags(req);
	xmlDocPtr doc = lv_domain_xml(d, req->config && !req->live ? VIR_DOMAIN_XML_INACTIVE : 0, req->guest, err);
	if (!doc)
		goto done;
	bool live = req->live || (!req->config && xml_running(doc));
	xmlNodePtr n = nic ? find_nic(doc, key) : find_disk(doc, key);
	if (!n) {
		char *has = present(doc, nic);
		cannot(err, VM_EXIT_FAILED, "detach", req->guest, "it has no %s %s (%s: %s)", nic ? "NIC with MAC" : "disk",
		       key, nic ? "its NICs" : "its disks", has);
		free(has);
		goto done;
	}
	xml = node_xml(n);
	alias = lv_xml_child_attr(n, "alias", "name");
	struct removal r = { .alias = alias };
	if (live)
		cb = virConnectDomainEventRegisterAny(c->conn, d, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
						      VIR_DOMAIN_EVENT_CALLBACK(on_removed), &r, NULL);
	if (virDomainDetachDeviceFlags(d, xml, flags) < 0) {
		dev_fail(err, "detach a device from", req->guest);
		goto done;
	}
	if (live && wait_removed(d, req, nic, &r, what, err) < 0)
		goto done;
	note(res, "detached %s %s from '%s'", what, key, req->guest);
	rc = 0;
done:
	if (cb >= 0)
		virConnectDomainEventDeregisterAny(c->conn, cb);
	free(xml);
	free(alias);
	xmlFreeDoc(doc);
	virDomainFree(d);
	return rc;
}

int lv_disk_detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return detach(c, req, res, false, err);
}

int lv_nic_detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	return detach(c, req, res, true, err);
}
