/* qemu_net.c: the NICs of a qemu-system command line (QEMU 7.2) and what
 * each is plugged into: -net nic with -net user|tap|bridge (QEMU's hub),
 * -nic TYPE,model=, and -device MODEL,netdev=ID with -netdev TYPE,id=ID.
 * The translation writes user-mode, tap and bridge backends; any other is
 * named, with its NIC left out. */
#include <stdlib.h>
#include <string.h>

#include "qemu_cmdline.h"
#include "quote.h"

/* libvirt's name of a QEMU NIC device model (virtio-net-pci is libvirt's
 * virtio); a new string, or NULL for none given. */
static char *nic_model(const char *model)
{
	if (!model)
		return NULL;
	if (strcmp(model, "virtio") == 0 || strncmp(model, "virtio-net", 10) == 0)
		return xstrdup("virtio");
	return xstrdup(model);
}

/* The backends the translation writes: user-mode, a tap device, a bridge. */
static char backend_of(const char *type)
{
	return strcmp(type, "user") == 0 ? 'u' : strcmp(type, "tap") == 0 ? 't' : strcmp(type, "bridge") == 0 ? 'b' : 0;
}

int q_net(struct qctx *c, const char *arg, bool nic_too)
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
			free(g->nics[i].dev);
			free(c->nic_ref[i]);
			c->nic_ref[i] = NULL;
			c->from_device[i] = false;
			g->nics[i] = (struct qemu_nic){ 0 };
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
		const char *mac = qkv_get(&o, nic_too ? "mac" : "macaddr");
		n->model = nic_model(qkv_get(&o, "model"));
		n->mac = mac ? xstrdup(mac) : NULL;
		if (!nic_too) {
			qkv_rest(c->t, "-net nic", &o, "type model macaddr");
			goto done;
		}
	}
	char net = backend_of(type);
	if (net) {
		const char *dev = qkv_get(&o, net == 't' ? "ifname" : "br");
		char *devs = dev ? xstrdup(dev) : net == 'b' ? xstrdup("br0") : NULL;
		if (nic_too) { /* -nic: this NIC's own backend */
			g->nics[g->nnics - 1].net = net;
			g->nics[g->nnics - 1].dev = devs;
		} else {
			g->net = net;
			free(g->netdev);
			g->netdev = devs;
		}
		qkv_rest(c->t, nic_too ? "-nic" : "-net", &o, "type ifname br model mac");
	} else if (nic_too) {
		char *q = msg_quote(type);
		tr_approx(c->t, "the -nic network %s is not translated: its NIC is left out", q);
		free(q);
		struct qemu_nic *n = &g->nics[--g->nnics];
		free(n->model);
		free(n->mac);
		*n = (struct qemu_nic){ 0 };
	} else {
		char *q = msg_quote(type);
		tr_approx(c->t, "the -net network %s is not translated", q);
		free(q);
	}
done:
	qkv_clear(&o);
	return rc;
}

/* -netdev TYPE,id=ID,...: a backend a -device NIC names with netdev=ID. */
int q_netdev(struct qctx *c, const char *arg)
{
	struct qkv o = { STRVEC_INIT, STRVEC_INIT };
	qkv_parse(arg, "type", &o);
	const char *type = qkv_get(&o, "type"), *id = qkv_get(&o, "id");
	int rc = -1;
	c->net_given = true;
	if (!type || !id) {
		char *q = msg_quote(arg);
		vm_error_set(c->err, VM_EXIT_USAGE, "-netdev %s needs a type and an id: -netdev TYPE,id=ID (QEMU refuses it)", q);
		free(q);
		goto done;
	}
	char net = backend_of(type);
	const char *dev = qkv_get(&o, net == 't' ? "ifname" : "br");
	if (word_bad(c, id, "netdev id", WORD_CHARS) || word_bad(c, type, "netdev type", WORD_CHARS) ||
	    (net && net != 'u' && word_bad(c, dev, net == 't' ? "tap device" : "bridge", WORD_CHARS)))
		goto done;
	for (size_t i = 0; i < c->nnetdevs; i++)
		if (strcmp(c->netdevs[i].id, id) == 0) {
			char *q = msg_quote(id);
			vm_error_set(c->err, VM_EXIT_USAGE, "two -netdev have id=%s (QEMU refuses it)", q);
			free(q);
			goto done;
		}
	if (c->nnetdevs == QEMU_MAX_NICS) {
		rc = tr_unsupported(c->err, "translate writes at most %d NICs", QEMU_MAX_NICS);
		goto done;
	}
	struct qnetdev *nd = &c->netdevs[c->nnetdevs++];
	nd->id = xstrdup(id);
	nd->type = xstrdup(type);
	nd->net = net;
	nd->dev = dev && net != 'u' ? xstrdup(dev) : net == 'b' ? xstrdup("br0") : NULL;
	if (net)
		qkv_rest(c->t, "-netdev", &o, "type id ifname br");
	rc = 0;
done:
	qkv_clear(&o);
	return rc;
}

/* -device DRIVER,...: a NIC (with netdev=ID) is translated, any other
 * device is named as not translated. */
int q_device(struct qctx *c, const char *arg)
{
	static const char nics[] = "virtio-net-pci virtio-net virtio-net-pci-transitional virtio-net-pci-non-transitional "
				   "e1000 e1000e e1000-82544gc e1000-82545em rtl8139 ne2k_pci pcnet i82550 i82551 i82557a "
				   "i82557b i82557c i82558a i82558b i82559a i82559b i82559c i82559er i82562 i82801 vmxnet3 "
				   "usb-net";
	struct qkv o = { STRVEC_INIT, STRVEC_INIT };
	qkv_parse(arg, "driver", &o);
	const char *driver = qkv_get(&o, "driver"), *netdev = qkv_get(&o, "netdev"), *mac = qkv_get(&o, "mac");
	int rc = 0;
	if (!driver || !in_list(driver, nics)) {
		char *q = msg_quote(arg);
		tr_approx(c->t, "-device %s is not translated", q);
		free(q);
		goto done;
	}
	if (word_bad(c, mac, "MAC address", MAC_CHARS) || word_bad(c, netdev, "netdev id", WORD_CHARS)) {
		rc = -1;
		goto done;
	}
	if (c->g->nnics == QEMU_MAX_NICS) {
		rc = tr_unsupported(c->err, "translate writes at most %d NICs", QEMU_MAX_NICS);
		goto done;
	}
	c->nic_ref[c->g->nnics] = netdev ? xstrdup(netdev) : NULL;
	c->from_device[c->g->nnics] = true;
	struct qemu_nic *n = &c->g->nics[c->g->nnics++];
	n->model = nic_model(driver);
	n->mac = mac ? xstrdup(mac) : NULL;
	qkv_rest(c->t, "-device", &o, "driver netdev mac id");
done:
	qkv_clear(&o);
	return rc;
}

/* The NIC of a -device on the -netdev named ref: whether it is kept. */
static bool plug(struct qctx *c, struct qemu_nic *n, const char *ref, int *rc)
{
	struct qnetdev *nd = NULL;
	for (size_t k = 0; ref && k < c->nnetdevs; k++)
		if (strcmp(c->netdevs[k].id, ref) == 0)
			nd = &c->netdevs[k];
	char *q = msg_quote(nd ? nd->type : ref ? ref : n->model);
	if (!ref)
		tr_approx(c->t, "-device %s without netdev= is a NIC on no network: it is left out", q);
	else if (!nd)
		*rc = vm_error_set(c->err, VM_EXIT_USAGE, "-device netdev=%s: no -netdev has that id (QEMU refuses it)", q);
	else if (!nd->net)
		tr_approx(c->t, "the -netdev network %s is not translated: its NIC is left out", q);
	free(q);
	if (nd)
		nd->used = true;
	if (!nd || !nd->net)
		return *rc < 0;
	n->net = nd->net;
	n->dev = nd->dev ? xstrdup(nd->dev) : NULL;
	return true;
}

/* Each -device NIC on the -netdev its netdev= names; a -netdev no NIC
 * names gives the guest nothing. */
int plug_nics(struct qctx *c)
{
	struct qemu_guest *g = c->g;
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; i < g->nnics; i++) {
		struct qemu_nic n = g->nics[i];
		char *ref = c->nic_ref[i];
		bool keep = !c->from_device[i] || rc < 0 || plug(c, &n, ref, &rc);
		c->nic_ref[i] = NULL;
		c->from_device[i] = false;
		free(ref);
		if (keep) {
			g->nics[kept++] = n;
		} else {
			free(n.model);
			free(n.mac);
		}
	}
	g->nnics = kept;
	for (size_t k = 0; rc == 0 && k < c->nnetdevs; k++)
		if (!c->netdevs[k].used) {
			char *q = msg_quote(c->netdevs[k].id);
			tr_approx(c->t, "-netdev id=%s: no -device NIC is on it, so the guest has no NIC there; none is written", q);
			free(q);
		}
	return rc;
}
