/* libvirt_devices.c: cd-change, as virsh change-media --update/--eject does
 * it: the drive's own <disk> element from the domain XML, with its <source>
 * replaced or removed, given to virDomainUpdateDeviceFlags. */
#include <errno.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libvirt_internal.h"
#include "quote.h"

/* The CD drive whose target is dev, or whose current source is dev. */
static xmlNodePtr find_cdrom(xmlDocPtr doc, const char *dev)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj = ctx ? xmlXPathEvalExpression(BAD_CAST "/domain/devices/disk[@device='cdrom']", ctx) : NULL;
	xmlNodePtr found = NULL;
	for (int i = 0; obj && obj->nodesetval && i < obj->nodesetval->nodeNr && !found; i++) {
		xmlNodePtr disk = obj->nodesetval->nodeTab[i];
		for (xmlNodePtr n = disk->children; n && !found; n = n->next) {
			if (n->type != XML_ELEMENT_NODE)
				continue;
			const char *attr = strcmp((const char *)n->name, "target") == 0   ? "dev"
					   : strcmp((const char *)n->name, "source") == 0 ? "file"
											  : NULL;
			if (!attr)
				continue;
			xmlChar *v = xmlGetProp(n, BAD_CAST attr);
			if (v && strcmp((const char *)v, dev) == 0)
				found = disk;
			xmlFree(v);
		}
	}
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return found;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

int lv_cd_change(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const bool eject = req->eject;
	if (!eject && lv_local(c)) {
		struct stat st;
		char *q = msg_quote(req->iso);
		int bad = 0;
		if (stat(req->iso, &st) < 0)
			bad = vm_error_set(err, VM_EXIT_USAGE, "cannot use ISO %s: %s", q, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			bad = vm_error_set(err, VM_EXIT_USAGE, "cannot use ISO %s: it is a directory", q);
		free(q);
		if (bad)
			return -1;
	}
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	xmlDocPtr doc = NULL;
	xmlBufferPtr buf = NULL;
	char *xml = virDomainGetXMLDesc(d, 0);
	if (!xml) {
		lv_fail(err, "read the definition of", req->guest);
		goto cleanup;
	}
	doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(xml);
	xmlNodePtr disk = doc ? find_cdrom(doc, req->device) : NULL;
	if (!disk) {
		char *q = msg_quote(req->device);
		vm_error_set(err, VM_EXIT_FAILED, "guest '%s' has no CD drive %s (give its target, such as hdc, or its current medium's path)",
			     req->guest, q);
		free(q);
		goto cleanup;
	}
	xmlNodePtr source = child(disk, "source");
	xmlChar *srcfile = source ? xmlGetProp(source, BAD_CAST "file") : NULL;
	bool empty = !srcfile || !*srcfile; /* libvirt may keep <source index='N'/> on an empty drive */
	xmlFree(srcfile);
	if (eject && empty) {
		res->already = true;
		snprintf(res->note, sizeof(res->note), "the drive %s of '%s' holds no medium", req->device, req->guest);
		rc = 0;
		goto cleanup;
	}
	if (source) {
		xmlUnlinkNode(source);
		xmlFreeNode(source);
	}
	if (!eject) {
		xmlNodePtr src = xmlNewNode(NULL, BAD_CAST "source");
		xmlNewProp(src, BAD_CAST "file", BAD_CAST req->iso);
		xmlNodePtr target = child(disk, "target");
		if (target)
			xmlAddPrevSibling(target, src);
		else
			xmlAddChild(disk, src);
		xmlSetProp(disk, BAD_CAST "type", BAD_CAST "file");
	}
	buf = xmlBufferCreate();
	xmlNodeDump(buf, doc, disk, 0, 0);
	if (virDomainUpdateDeviceFlags(d, (const char *)xmlBufferContent(buf), VIR_DOMAIN_AFFECT_CURRENT) < 0) {
		lv_fail(err, eject ? "eject the CD of" : "change the CD of", req->guest);
		goto cleanup;
	}
	rc = 0;
cleanup:
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	virDomainFree(d);
	return rc;
}
