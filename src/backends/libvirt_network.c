/* libvirt_network.c: virtual networks through libvirt's network driver:
 * net-list, net-info, net-create, net-delete, net-start, net-stop.  The
 * network XML is written and read with libxml2; the calls made once per
 * network or per guest go out together on the one connection (lv_each). */
#include <arpa/inet.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_util.h"
#include "libvirt_internal.h"
#include "quote.h"
#include "validate.h"

/* ---- IPv4 subnets ---- */

struct subnet {
	uint32_t net;  /* host order */
	unsigned prefix;
};

static uint32_t mask_of(unsigned prefix)
{
	return prefix ? UINT32_MAX << (32 - prefix) : 0;
}

static int parse_ip(const char *s, uint32_t *out)
{
	struct in_addr a;
	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*out = ntohl(a.s_addr);
	return 0;
}

static void ip_text(uint32_t ip, char *buf, size_t len)
{
	struct in_addr a = { htonl(ip) };
	inet_ntop(AF_INET, &a, buf, (socklen_t)len);
}

static bool overlap(struct subnet a, struct subnet b)
{
	unsigned p = a.prefix < b.prefix ? a.prefix : b.prefix;
	return (a.net & mask_of(p)) == (b.net & mask_of(p));
}

/* ---- what a network is ---- */

struct net {
	virNetworkPtr p;
	char *xml;
	int active, autostart;
};

static void net_read(void *ctx, size_t i)
{
	struct net *n = &((struct net *)ctx)[i];
	n->xml = virNetworkGetXMLDesc(n->p, 0);
	n->active = virNetworkIsActive(n->p);
	if (virNetworkGetAutostart(n->p, &n->autostart) < 0)
		n->autostart = -1;
}

/* The network's IPv4 subnet as CIDR text ("" when it has none) and *sn. */
static char *subnet_of(xmlDocPtr doc, struct subnet *sn, bool *has)
{
	char *addr = lv_xml_text(doc, "/network/ip[not(@family) or @family='ipv4'][1]/@address");
	char *prefix = lv_xml_text(doc, "/network/ip[not(@family) or @family='ipv4'][1]/@prefix");
	char *netmask = lv_xml_text(doc, "/network/ip[not(@family) or @family='ipv4'][1]/@netmask");
	uint32_t a = 0, m = 0;
	char *out = xstrdup("");
	*has = false;
	if (parse_ip(addr, &a) == 0) {
		unsigned p = 24;
		if (prefix)
			p = (unsigned)atoi(prefix);
		else if (parse_ip(netmask, &m) == 0)
			p = (unsigned)__builtin_popcount(m);
		sn->prefix = p;
		sn->net = a & mask_of(p);
		char ip[32];
		ip_text(sn->net, ip, sizeof(ip));
		free(out);
		out = xasprintf("%s/%u", ip, p);
		*has = true;
	}
	free(addr);
	free(prefix);
	free(netmask);
	return out;
}

static void net_record(struct vm_record *r, const struct net *n, bool details)
{
	xmlDocPtr doc = lv_xml_parse(n->xml);
	char *bridge = lv_xml_text(doc, "/network/bridge/@name"), *forward = lv_xml_text(doc, "/network/forward/@mode");
	struct subnet sn;
	bool has;
	char *subnet = subnet_of(doc, &sn, &has);
	vm_record_add(r, "name", "%s", virNetworkGetName(n->p));
	vm_record_add(r, "state", "%s", n->active == 1 ? "active" : n->active == 0 ? "inactive" : "");
	vm_record_add(r, "bridge", "%s", bridge ? bridge : "");
	/* no <forward>: an isolated network */
	vm_record_add(r, "forward", "%s", forward ? forward : doc ? "none" : "");
	vm_record_add(r, "subnet", "%s", subnet);
	vm_record_num_if(r, "autostart", FIELD_BOOL, n->autostart >= 0, (unsigned long long)n->autostart);
	if (details) {
		char *start = lv_xml_text(doc, "/network/ip[not(@family) or @family='ipv4'][1]/dhcp/range/@start");
		char *end = lv_xml_text(doc, "/network/ip[not(@family) or @family='ipv4'][1]/dhcp/range/@end");
		vm_record_add(r, "dhcp_start", "%s", start ? start : "");
		vm_record_add(r, "dhcp_end", "%s", end ? end : "");
		free(start);
		free(end);
	}
	free(bridge);
	free(forward);
	free(subnet);
	xmlFreeDoc(doc);
}

static void nets_free(struct net *v, int n)
{
	for (int i = 0; i < n; i++) {
		virNetworkFree(v[i].p);
		free(v[i].xml);
	}
	free(v);
}

/* Every network with its XML, state and autostart: two round trips. */
static struct net *nets_get(struct vm_conn *c, int *n, struct vm_error *err)
{
	virNetworkPtr *v = NULL;
	*n = virConnectListAllNetworks(c->conn, &v, 0);
	if (*n < 0)
		return lv_fail(err, "list the networks", NULL), NULL;
	struct net *nets = xcalloc(*n ? (size_t)*n : 1, sizeof(*nets));
	for (int i = 0; i < *n; i++)
		nets[i].p = v[i];
	free(v);
	lv_each((size_t)*n, net_read, nets);
	return nets;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(virNetworkGetName(((const struct net *)a)->p), virNetworkGetName(((const struct net *)b)->p));
}

int lv_net_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	(void)req;
	int n;
	struct net *nets = nets_get(c, &n, err);
	if (!nets)
		return -1;
	qsort(nets, (size_t)n, sizeof(*nets), by_name);
	for (int i = 0; i < n; i++)
		net_record(vm_records_new(out), &nets[i], false);
	nets_free(nets, n);
	return 0;
}

static virNetworkPtr net_named(struct vm_conn *c, const char *name, struct vm_error *err)
{
	virNetworkPtr p = virNetworkLookupByName(c->conn, name);
	if (!p) {
		virErrorPtr e = virGetLastError();
		if (!e || e->code == VIR_ERR_NO_NETWORK) {
			char *q = msg_quote(name);
			vm_error_set(err, VM_EXIT_NO_GUEST, "no network %s on %s", q, c->uri);
			free(q);
		} else {
			lv_fail(err, "find the network", name);
		}
	}
	return p;
}

int lv_net_info(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	const char *name = vm_value_str(req, "name");
	struct net n = { .p = net_named(c, name, err) };
	if (!n.p)
		return -1;
	net_read(&n, 0);
	struct vm_record *r = vm_records_new(out);
	net_record(r, &n, true);
	virNetworkDHCPLeasePtr *leases = NULL;
	int nl = n.active == 1 ? virNetworkGetDHCPLeases(n.p, NULL, &leases, 0) : 0;
	char *list = xstrdup("");
	for (int i = 0; i < nl; i++) {
		char *next = xasprintf("%s%s%s/%u %s%s%s", list, i ? ", " : "", leases[i]->ipaddr, leases[i]->prefix,
				       leases[i]->mac ? leases[i]->mac : "-", leases[i]->hostname ? " " : "",
				       leases[i]->hostname ? leases[i]->hostname : "");
		free(list);
		list = next;
		virNetworkDHCPLeaseFree(leases[i]);
	}
	free(leases);
	vm_record_add(r, "leases", "%s", list);
	free(list);
	free(n.xml);
	virNetworkFree(n.p);
	return 0;
}

/* The network XML of net-create, written with libxml2: its subnet as
 * ipv4_plan() lays it out (explain writes the same). */
static char *net_xml(const struct vm_request *req, const struct ipv4_plan *plan)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "network");
	xmlDocSetRootElement(doc, root);
	xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST vm_value_str(req, "name"));
	const char *forward = vm_value_str(req, "forward") ? vm_value_str(req, "forward") : "nat";
	if (strcmp(forward, "none") != 0)
		xmlNewProp(xmlNewChild(root, NULL, BAD_CAST "forward", NULL), BAD_CAST "mode", BAD_CAST forward);
	if (vm_value_str(req, "bridge"))
		xmlNewProp(xmlNewChild(root, NULL, BAD_CAST "bridge", NULL), BAD_CAST "name", BAD_CAST vm_value_str(req, "bridge"));
	if (plan) {
		char prefix[16];
		xmlNodePtr e = xmlNewChild(root, NULL, BAD_CAST "ip", NULL);
		xmlNewProp(e, BAD_CAST "address", BAD_CAST plan->gateway);
		snprintf(prefix, sizeof(prefix), "%u", plan->prefix);
		xmlNewProp(e, BAD_CAST "prefix", BAD_CAST prefix);
		if (vm_value_flag(req, "dhcp")) {
			xmlNodePtr range = xmlNewChild(xmlNewChild(e, NULL, BAD_CAST "dhcp", NULL), NULL, BAD_CAST "range", NULL);
			xmlNewProp(range, BAD_CAST "start", BAD_CAST plan->dhcp_start);
			xmlNewProp(range, BAD_CAST "end", BAD_CAST plan->dhcp_end);
		}
	}
	char *xml = lv_xml_dump(doc);
	xmlFreeDoc(doc);
	return xml;
}

int lv_net_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *name = vm_value_str(req, "name"), *cidr = vm_value_str(req, "subnet");
	struct ipv4_plan plan;
	if (cidr && ipv4_plan(cidr, &plan) < 0)
		return vm_error_set(err, VM_EXIT_USAGE, "invalid --subnet '%s'", cidr);
	struct subnet sn = { plan.net, plan.prefix };
	int n;
	struct net *nets = nets_get(c, &n, err);
	if (!nets)
		return -1;
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		if (strcmp(virNetworkGetName(nets[i].p), name) == 0) {
			char *q = msg_quote(name);
			rc = vm_error_set(err, VM_EXIT_FAILED, "a network %s exists on %s: nothing changed", q, c->uri);
			free(q);
		} else if (cidr) {
			xmlDocPtr doc = lv_xml_parse(nets[i].xml);
			struct subnet other;
			bool has;
			char *text = subnet_of(doc, &other, &has);
			if (has && overlap(sn, other))
				rc = vm_error_set(err, VM_EXIT_USAGE, "invalid --subnet %s: it overlaps network '%s' (%s)", cidr,
						  virNetworkGetName(nets[i].p), text);
			free(text);
			xmlFreeDoc(doc);
		}
	}
	nets_free(nets, n);
	if (rc < 0)
		return -1;
	char *xml = net_xml(req, cidr ? &plan : NULL);
	virNetworkPtr p = virNetworkDefineXML(c->conn, xml);
	free(xml);
	if (!p)
		return lv_fail(err, "define the network", name);
	if (virNetworkCreate(p) < 0 || virNetworkSetAutostart(p, 1) < 0) {
		rc = lv_fail(err, "start the network", name);
		virNetworkDestroy(p); /* no half-made network */
		virNetworkUndefine(p);
	}
	virNetworkFree(p);
	if (rc == 0)
		note(res, "network '%s' defined, started and autostarted", name);
	return rc;
}

int lv_net_start(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *name = vm_value_str(req, "name");
	virNetworkPtr p = net_named(c, name, err);
	if (!p)
		return -1;
	int rc = 0, active = virNetworkIsActive(p);
	bool start = req->verb == VERB_NET_START;
	if (active < 0)
		rc = lv_fail(err, "read the network", name);
	else if (active == start)
		already(res, "network '%s' is already %s", name, start ? "active" : "inactive");
	else if ((start ? virNetworkCreate(p) : virNetworkDestroy(p)) < 0)
		rc = lv_fail(err, start ? "start the network" : "stop the network", name);
	virNetworkFree(p);
	return rc;
}

int lv_net_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *name = vm_value_str(req, "name");
	virNetworkPtr p = net_named(c, name, err);
	if (!p)
		return -1;
	int rc = 0;
	int active = virNetworkIsActive(p);
	if (active == 1) {
		char *who = lv_guest_with(c, VIR_CONNECT_LIST_DOMAINS_ACTIVE, 0,
					  "/domain/devices/interface[@type='network']/source/@network", name, err);
		if (!who) {
			rc = -1;
		} else if (*who && !vm_value_flag(req, "force")) {
			char *q = msg_quote(name), *g = msg_quote(who);
			rc = vm_error_set(err, VM_EXIT_FAILED, "network %s is in use by running guest %s: nothing changed "
				     "(--force deletes it anyway; the guests' NICs lose their link)", q, g);
			free(q);
			free(g);
		} else if (*who) {
			note(res, "running guest '%s' loses its network '%s'", who, name);
		}
		free(who);
		if (rc == 0 && virNetworkDestroy(p) < 0)
			rc = lv_fail(err, "stop the network", name);
	}
	if (rc == 0 && virNetworkUndefine(p) < 0)
		rc = lv_fail(err, "undefine the network", name);
	virNetworkFree(p);
	return rc;
}
