/* libvirt_devlist.c: what a guest's devices are: disk-list and nic-list
 * from one GetXMLDesc each, vcpu-list and vcpu-pin through libvirt's vCPU
 * calls, display from the graphics element (never a password: the XML is
 * read without VIR_DOMAIN_XML_SECURE). */
#include <libvirt/virterror.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend_util.h"
#include "libvirt_internal.h"
#include "quote.h"
#include "util.h"

/* Appends to *s (a new string, or NULL for none yet) what fmt makes,
 * after a comma when *s is not empty. */
static void add_item(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_item(char **s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *item = xvasprintf(fmt, ap);
	va_end(ap);
	char *joined = *s ? xasprintf("%s,%s", *s, item) : xstrdup(item);
	free(*s);
	free(item);
	*s = joined;
}

/* An attribute of n as a new string, or NULL. */
static char *attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
	char *s = v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

xmlNodePtr lv_xml_child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

char *lv_xml_child_attr(xmlNodePtr parent, const char *name, const char *attr_name)
{
	return attr(lv_xml_child(parent, name), attr_name);
}

size_t lv_xml_nodes(xmlDocPtr doc, const char *xpath, xmlNodePtr **out)
{
	xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
	xmlXPathObjectPtr obj = ctx ? xmlXPathEvalExpression(BAD_CAST xpath, ctx) : NULL;
	size_t n = obj && obj->nodesetval ? (size_t)obj->nodesetval->nodeNr : 0;
	*out = n ? xcalloc(n, sizeof(**out)) : NULL;
	for (size_t i = 0; i < n; i++)
		(*out)[i] = obj->nodesetval->nodeTab[i];
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return n;
}

xmlDocPtr lv_domain_xml(virDomainPtr d, unsigned flags, const char *guest, struct vm_error *err)
{
	char *xml = virDomainGetXMLDesc(d, flags);
	if (!xml) {
		lv_fail(err, "read the definition of", guest);
		return NULL;
	}
	xmlDocPtr doc = lv_xml_parse(xml);
	free(xml);
	if (!doc)
		cannot(err, VM_EXIT_FAILED, "read the definition of", guest, "libvirt's XML does not parse");
	return doc;
}

/* The source of a disk as a user names it: a file, a device, a directory,
 * POOL/VOLUME, or PROTOCOL://HOST/NAME for a network disk. */
/* GUEST's live domain XML (its inactive one when shut off), or NULL with err. */
static xmlDocPtr guest_xml(struct vm_conn *c, const char *guest, struct vm_error *err)
{
	virDomainPtr d = lv_lookup(c, guest, err);
	if (!d)
		return NULL;
	xmlDocPtr doc = lv_domain_xml(d, 0, guest, err);
	virDomainFree(d);
	return doc;
}

static char *disk_source(xmlNodePtr disk)
{
	xmlNodePtr s = lv_xml_child(disk, "source");
	if (!s)
		return NULL;
	static const char *const keys[] = { "file", "dev", "dir" };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		char *v = attr(s, keys[i]);
		if (v)
			return v;
	}
	char *pool = attr(s, "pool"), *vol = attr(s, "volume"), *proto = attr(s, "protocol"), *name = attr(s, "name");
	char *host = lv_xml_child_attr(s, "host", "name");
	char *out = pool && vol ? xasprintf("%s/%s", pool, vol)
		    : proto	? xasprintf("%s://%s/%s", proto, host ? host : "", name ? name : "")
				: NULL;
	free(pool);
	free(vol);
	free(proto);
	free(name);
	free(host);
	return out;
}

static void disk_record(xmlNodePtr disk, struct vm_records *out)
{
	struct vm_record *r = vm_records_new(out);
	char *target = lv_xml_child_attr(disk, "target", "dev"), *bus = lv_xml_child_attr(disk, "target", "bus");
	char *device = attr(disk, "device"), *source = disk_source(disk);
	char *format = lv_xml_child_attr(disk, "driver", "type");
	vm_record_add(r, "target", "%s", target ? target : "");
	vm_record_add(r, "type", "%s", device ? device : "disk");
	vm_record_add(r, "source", "%s", source ? source : "");
	vm_record_add(r, "format", "%s", format ? format : "");
	vm_record_add(r, "bus", "%s", bus ? bus : "");
	vm_record_add(r, "mode", "%s", lv_xml_child(disk, "readonly")    ? "readonly"
				       : lv_xml_child(disk, "shareable") ? "shareable"
									 : "readwrite");
	free(target);
	free(bus);
	free(device);
	free(source);
	free(format);
}

int lv_disk_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	xmlDocPtr doc = guest_xml(c, req->guest, err);
	if (!doc)
		return -1;
	xmlNodePtr *disks;
	size_t n = lv_xml_nodes(doc, "/domain/devices/disk", &disks);
	for (size_t i = 0; i < n; i++)
		disk_record(disks[i], out);
	free(disks);
	xmlFreeDoc(doc);
	return 0;
}

/* The NIC's network, bridge or host device, as its type says. */
static char *nic_source(xmlNodePtr nic)
{
	xmlNodePtr s = lv_xml_child(nic, "source");
	static const char *const keys[] = { "network", "bridge", "dev", "name" };
	for (size_t i = 0; s && i < ARRAY_SIZE(keys); i++) {
		char *v = attr(s, keys[i]);
		if (v)
			return v;
	}
	return NULL;
}

/* The addresses libvirt's DHCP leases give each MAC (a running guest on a
 * libvirt network only: one round trip, no guest agent). */
struct leases {
	virDomainInterfacePtr *ifs;
	int n;
};

static char *addresses_of(const struct leases *l, const char *mac)
{
	char *s = NULL;
	for (int i = 0; i < l->n; i++) {
		if (!l->ifs[i]->hwaddr || strcasecmp(l->ifs[i]->hwaddr, mac) != 0)
			continue;
		for (unsigned k = 0; k < l->ifs[i]->naddrs; k++)
			add_item(&s, "%s/%u", l->ifs[i]->addrs[k].addr, l->ifs[i]->addrs[k].prefix);
	}
	return s;
}

int lv_nic_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	xmlDocPtr doc = lv_domain_xml(d, 0, req->guest, err);
	if (!doc) {
		virDomainFree(d);
		return -1;
	}
	xmlNodePtr *nics;
	size_t n = lv_xml_nodes(doc, "/domain/devices/interface", &nics);
	struct leases l = { 0 };
	char *id = lv_xml_text(doc, "/domain/@id");
	bool on_network = false;
	for (size_t i = 0; i < n; i++) {
		char *t = attr(nics[i], "type");
		on_network |= t && strcmp(t, "network") == 0;
		free(t);
	}
	if (id && on_network) { /* running, on a libvirt network: its leases (failure: addresses unknown) */
		l.n = virDomainInterfaceAddresses(d, &l.ifs, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
		if (l.n < 0)
			l.n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct vm_record *r = vm_records_new(out);
		char *mac = lv_xml_child_attr(nics[i], "mac", "address"), *type = attr(nics[i], "type");
		char *source = nic_source(nics[i]), *model = lv_xml_child_attr(nics[i], "model", "type");
		char *dev = lv_xml_child_attr(nics[i], "target", "dev");
		char *addrs = mac && id && on_network ? addresses_of(&l, mac) : NULL;
		vm_record_add(r, "mac", "%s", mac ? mac : "");
		vm_record_add(r, "type", "%s", type ? type : "");
		vm_record_add(r, "source", "%s", source ? source : "");
		vm_record_add(r, "model", "%s", model ? model : "");
		vm_record_add(r, "device", "%s", dev ? dev : "");
		vm_record_add(r, "addresses", "%s", addrs ? addrs : "");
		free(mac);
		free(type);
		free(source);
		free(model);
		free(dev);
		free(addrs);
	}
	for (int i = 0; i < l.n; i++)
		virDomainInterfaceFree(l.ifs[i]);
	free(l.ifs);
	free(id);
	free(nics);
	xmlFreeDoc(doc);
	virDomainFree(d);
	return 0;
}

/* The CPUs set in map (maplen bytes, ncpus bits) as a list "0-3,6". */
static char *cpulist_of(const unsigned char *map, int maplen, int ncpus)
{
	char *s = NULL;
	for (int i = 0; i < ncpus && i / 8 < maplen; i++) {
		if (!VIR_CPU_USABLE(map, maplen, 0, i))
			continue;
		int j = i;
		while (j + 1 < ncpus && (j + 1) / 8 < maplen && VIR_CPU_USABLE(map, maplen, 0, j + 1))
			j++;
		if (j == i)
			add_item(&s, "%d", i);
		else
			add_item(&s, "%d-%d", i, j);
		i = j;
	}
	return s ? s : xstrdup("");
}

/* The host's CPU count (one round trip). */
static int host_cpus(struct vm_conn *c, struct vm_error *err)
{
	int n = virNodeGetCPUMap(c->conn, NULL, NULL, 0);
	if (n <= 0)
		lv_fail(err, "count the CPUs of", c->uri);
	return n;
}

int lv_vcpu_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	int ncpus = host_cpus(c, err);
	if (ncpus <= 0)
		return -1;
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1, maplen = VIR_CPU_MAPLEN(ncpus);
	virDomainInfo info;
	virVcpuInfoPtr vi = NULL;
	unsigned char *maps = NULL;
	if (virDomainGetInfo(d, &info) < 0) {
		lv_fail(err, "read the state of", req->guest);
		goto done;
	}
	bool running = info.state == VIR_DOMAIN_RUNNING || info.state == VIR_DOMAIN_PAUSED ||
		       info.state == VIR_DOMAIN_BLOCKED;
	int n = info.nrVirtCpu > 0 ? info.nrVirtCpu : 1;
	maps = xcalloc((size_t)n, (size_t)maplen);
	if (running) {
		vi = xcalloc((size_t)n, sizeof(*vi));
		n = virDomainGetVcpus(d, vi, n, maps, maplen);
	} else {
		n = virDomainGetVcpuPinInfo(d, n, maps, maplen, VIR_DOMAIN_AFFECT_CONFIG);
	}
	if (n < 0) {
		lv_fail(err, "read the vCPUs of", req->guest);
		goto done;
	}
	for (int i = 0; i < n; i++) {
		struct vm_record *r = vm_records_new(out);
		char *aff = cpulist_of(VIR_GET_CPUMAP(maps, maplen, i), maplen, ncpus);
		vm_record_num(r, "vcpu", FIELD_NUM, vi ? vi[i].number : (unsigned)i);
		vm_record_add(r, "state", "%s", !vi ? "offline" : vi[i].state == VIR_VCPU_RUNNING ? "running"
					    : vi[i].state == VIR_VCPU_BLOCKED			       ? "blocked"
													       : "offline");
		vm_record_num_if(r, "cpu", FIELD_NUM, vi && vi[i].cpu >= 0, vi && vi[i].cpu >= 0 ? (unsigned)vi[i].cpu : 0);
		vm_record_add(r, "affinity", "%s", aff);
		free(aff);
	}
	rc = 0;
done:
	free(vi);
	free(maps);
	virDomainFree(d);
	return rc;
}

int lv_vcpu_pin(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *list = vm_value_str(req, "cpulist");
	unsigned vcpu = (unsigned)strtoul(vm_value_str(req, "vcpu"), NULL, 10);
	int ncpus = host_cpus(c, err);
	if (ncpus <= 0)
		return -1;
	int maplen = VIR_CPU_MAPLEN(ncpus);
	unsigned char *map = xcalloc(1, (size_t)maplen);
	for (const char *p = list; *p;) { /* the syntax is checked: numbers, ranges, commas */
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;
		if (*end == '-')
			b = strtoul(end + 1, &end, 10);
		if (b >= (unsigned long)ncpus) {
			free(map);
			return cannot(err, VM_EXIT_FAILED, "pin a vCPU of", req->guest, "the host has %d CPU%s (0-%d), not CPU %lu",
				      ncpus, ncpus == 1 ? "" : "s", ncpus - 1, b);
		}
		for (unsigned long k = a; k <= b; k++)
			VIR_USE_CPU(map, k);
		p = *end == ',' ? end + 1 : end;
	}
	virDomainPtr d = lv_lookup(c, req->guest, err);
	int rc = -1;
	if (d) {
		unsigned flags = req->live ? VIR_DOMAIN_AFFECT_LIVE : 0;
		flags |= req->config ? VIR_DOMAIN_AFFECT_CONFIG : 0;
		rc = virDomainPinVcpuFlags(d, vcpu, map, maplen, flags ? flags : VIR_DOMAIN_AFFECT_CURRENT) < 0
			? lv_fail(err, "pin a vCPU of", req->guest) : 0;
		virDomainFree(d);
	}
	if (rc == 0)
		note(res, "vCPU %u of '%s' runs on host CPUs %s", vcpu, req->guest, list);
	free(map);
	return rc;
}

/* The host part of a display URI: the listen address, or for a wildcard
 * (or none) the connection's host ("localhost" when it is local), as virsh
 * domdisplay does; IPv6 in brackets. */
static char *display_host(struct vm_conn *c, const char *listen)
{
	if (listen && *listen && strcmp(listen, "0.0.0.0") != 0 && strcmp(listen, "::") != 0)
		return strchr(listen, ':') ? xasprintf("[%s]", listen) : xstrdup(listen);
	const char *p = strstr(c->uri, "://");
	if (!p || p[3] == '/' || p[3] == '\0')
		return xstrdup("localhost");
	p += 3;
	const char *at = strchr(p, '@'), *slash = strchr(p, '/');
	if (at && (!slash || at < slash))
		p = at + 1;
	size_t n = strcspn(p, p[0] == '[' ? "]/?" : ":/?");
	return p[0] == '[' ? xasprintf("%.*s]", (int)n, p) : xasprintf("%.*s", (int)n, p);
}

int lv_display(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	xmlDocPtr doc = guest_xml(c, req->guest, err);
	if (!doc)
		return -1;
	int rc = -1;
	char *id = lv_xml_text(doc, "/domain/@id");
	xmlNodePtr *gr = NULL;
	size_t n = lv_xml_nodes(doc, "/domain/devices/graphics[@type='vnc' or @type='spice']", &gr);
	if (!id) {
		cannot(err, VM_EXIT_FAILED, "show the display of", req->guest, "it is not running");
	} else if (n == 0) {
		cannot(err, VM_EXIT_FAILED, "show the display of", req->guest, "it has no VNC or SPICE graphics");
	} else {
		char *type = attr(gr[0], "type"), *port = attr(gr[0], "port"), *listen = attr(gr[0], "listen");
		char *socket = attr(gr[0], "socket");
		xmlNodePtr l = lv_xml_child(gr[0], "listen");
		if (!listen)
			listen = attr(l, "address");
		if (!socket)
			socket = attr(l, "socket");
		long p = port ? strtol(port, NULL, 10) : -1;
		if (socket) {
			struct vm_record *r = vm_records_new(out);
			vm_record_add(r, "uri", "%s+unix://%s", type, socket);
			vm_record_add(r, "type", "%s", type);
			vm_record_add(r, "listen", "%s", socket);
			vm_record_num_if(r, "port", FIELD_NUM, false, 0);
			rc = 0;
		} else if (p <= 0) {
			cannot(err, VM_EXIT_FAILED, "show the display of", req->guest, "its %s display has no TCP port", type);
		} else {
			char *host = display_host(c, listen);
			struct vm_record *r = vm_records_new(out);
			vm_record_add(r, "uri", "%s://%s:%ld", type, host, p);
			vm_record_add(r, "type", "%s", type);
			vm_record_add(r, "listen", "%s", listen ? listen : "");
			vm_record_num(r, "port", FIELD_NUM, (unsigned long long)p);
			free(host);
			rc = 0;
		}
		free(type);
		free(port);
		free(listen);
		free(socket);
	}
	free(gr);
	free(id);
	xmlFreeDoc(doc);
	return rc;
}
