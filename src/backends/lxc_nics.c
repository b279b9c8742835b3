/* lxc_nics.c: a container's network interfaces (nic-list, nic-attach,
 * nic-detach).
 *
 * nic-attach bridge=BR, live: a veth pair made with rtnetlink
 * (lxc_netlink.c): its host end, named vmPID-ethN after the container's
 * init PID and the inside name, up and enslaved to BR; its peer born in the
 * container's network namespace as the first free ethN, up, with the MAC
 * (--mac, else a random one in 00:16:3e, as lxc's own xx:xx:xx).  dev=IFACE:
 * liblxc's attach_interface moves the host interface in.  A libvirt network
 * name and --model are exit 4: liblxc knows neither.  --config adds
 * lxc.net.N.type/link/flags/hwaddr (veth or phys).  nic-detach MAC deletes a
 * veth that exists for the container (vmctl's, or one of its config) inside
 * it, which deletes its pair, gives any other interface back to the host
 * (detach_interface), and --config clears the lxc.net.N whose hwaddr is MAC.
 *
 * nic-list's fields, libvirt's: mac, type (bridge for a veth on a bridge,
 * else the lxc.net type), source (the bridge or host link), model (the
 * lxc.net type: veth, phys, macvlan...), device (the host end), addresses:
 * the running container's interfaces (loopback aside), then the config's
 * entries that are not up inside it. */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_util.h"
#include "lxc_internal.h"
#include "quote.h"

#define NET_MAX 64

static int parse_mac(const char *s, unsigned char mac[6])
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) == 6
		       ? 0
		       : -1;
}

/* ---- the container's links, read in a child in its netns ------------ */

static int links_child(void *arg, int out)
{
	(void)arg;
	struct lxnl_links l;
	int e = lxnl_links(&l);
	if (e < 0) {
		dprintf(out, "cannot read its interfaces (rtnetlink): %s", strerror(-e));
		return VM_EXIT_FAILED;
	}
	for (size_t i = 0; i < l.n; i++)
		dprintf(out, "%d\t%d\t%s\t%s\t%s\t%s\n", l.v[i].index, l.v[i].link, l.v[i].name[0] ? l.v[i].name : "-",
			l.v[i].mac[0] ? l.v[i].mac : "-", l.v[i].kind[0] ? l.v[i].kind : "-",
			l.v[i].addrs[0] ? l.v[i].addrs : "-");
	lxnl_links_clear(&l);
	return 0;
}

static void field(char *dst, size_t len, const char *s)
{
	snprintf(dst, len, "%s", strcmp(s, "-") == 0 ? "" : s);
}

static int live_links(pid_t pid, const char *what, const char *guest, struct lxnl_links *l, struct vm_error *err)
{
	char *text = NULL;
	memset(l, 0, sizeof(*l));
	if (lx_in_container(pid, CLONE_NEWNET, links_child, NULL, &text, what, guest, err) < 0)
		return -1;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[16], mac[18], kind[16], addrs[256];
		struct lxnl_link k = { 0 };
		if (sscanf(line, "%d\t%d\t%15s\t%17s\t%15s\t%255s", &k.index, &k.link, name, mac, kind, addrs) != 6)
			continue;
		field(k.name, sizeof(k.name), name);
		field(k.mac, sizeof(k.mac), mac);
		field(k.kind, sizeof(k.kind), kind);
		field(k.addrs, sizeof(k.addrs), addrs);
		l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n++] = k;
	}
	free(text);
	return 0;
}

static pid_t running_pid(struct lxc_container *c)
{
	enum vm_state st = lx_state(c);
	return st == VM_STATE_SHUTOFF || st == VM_STATE_UNKNOWN ? 0 : c->init_pid(c);
}

/* lxc.net.N.KEY into buf ("" when unset). */
static bool net_item(struct lxc_container *c, int n, const char *key, char *buf, size_t len)
{
	char k[64];
	snprintf(k, sizeof(k), "lxc.net.%d.%s", n, key);
	if (lx_cfg_get(c, k, buf, len) < 0) {
		buf[0] = '\0';
		return false;
	}
	return true;
}

/* The config's lxc.net.N whose hwaddr is mac, or -1. */
static int net_with_mac(struct lxc_container *c, const char *mac)
{
	char type[32], hw[64];
	for (int n = 0; n < NET_MAX && net_item(c, n, "type", type, sizeof(type)) && type[0]; n++)
		if (net_item(c, n, "hwaddr", hw, sizeof(hw)) && strcasecmp(hw, mac) == 0)
			return n;
	return -1;
}

static int nets_count(struct lxc_container *c)
{
	char type[32];
	int n = 0;
	while (n < NET_MAX && net_item(c, n, "type", type, sizeof(type)) && type[0])
		n++;
	return n;
}

/* The host end of a veth whose peer index (in this namespace) is link, and its bridge. */
static void host_end(int link, char *dev, char *bridge, size_t len)
{
	char name[IF_NAMESIZE] = "";
	dev[0] = bridge[0] = '\0';
	if (link <= 0 || !if_indextoname((unsigned)link, name))
		return;
	snprintf(dev, len, "%s", name);
	char p[96], target[256];
	snprintf(p, sizeof(p), "/sys/class/net/%s/master", name);
	ssize_t n = readlink(p, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		const char *b = strrchr(target, '/');
		b = b ? b + 1 : target;
		size_t k = strnlen(b, len - 1);
		memcpy(bridge, b, k);
		bridge[k] = '\0';
	}
}

/* The fields of libvirt's nic-list: type is "bridge" for a veth on a
 * bridge, else the lxc.net type; source the bridge or the host link; model
 * the lxc.net type (veth, phys, macvlan...). */
static void add_nic(struct vm_records *out, const char *mac, const char *source, const char *model, const char *dev,
		    const char *addrs, bool on_bridge)
{
	struct vm_record *r = vm_records_new(out);
	vm_record_add(r, "mac", "%s", mac);
	vm_record_add(r, "type", "%s", on_bridge ? "bridge" : model);
	vm_record_add(r, "source", "%s", source);
	vm_record_add(r, "model", "%s", model);
	vm_record_add(r, "device", "%s", dev);
	vm_record_add(r, "addresses", "%s", addrs);
}

/* ---- nic-list -------------------------------------------------------- */

int lx_nic_list(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	pid_t pid = running_pid(c);
	struct lxnl_links l = { 0 };
	if (pid > 0 && live_links(pid, "list the NICs of", req->guest, &l, err) < 0) {
		lxc_container_put(c);
		return -1;
	}
	bool shown[NET_MAX] = { false };
	int nets = nets_count(c);
	char type[32], link[64], hw[64], pair[64], addr[256];
	for (size_t i = 0; i < l.n; i++) {
		const struct lxnl_link *k = &l.v[i];
		if (strcmp(k->name, "lo") == 0)
			continue;
		int n = k->mac[0] ? net_with_mac(c, k->mac) : -1;
		char dev[64], br[64];
		host_end(strcmp(k->kind, "veth") == 0 ? k->link : 0, dev, br, sizeof(dev));
		if (n >= 0) {
			shown[n] = true;
			net_item(c, n, "type", type, sizeof(type));
			net_item(c, n, "link", link, sizeof(link));
		} else {
			snprintf(type, sizeof(type), "%s", k->kind[0] ? k->kind : "phys");
			link[0] = '\0';
		}
		add_nic(out, k->mac, br[0] ? br : link, type, dev, k->addrs, br[0] != '\0');
	}
	for (int n = 0; n < nets; n++) {
		if (shown[n] || !net_item(c, n, "type", type, sizeof(type)) || strcmp(type, "empty") == 0 ||
		    strcmp(type, "none") == 0)
			continue;
		net_item(c, n, "link", link, sizeof(link));
		net_item(c, n, "hwaddr", hw, sizeof(hw));
		net_item(c, n, "veth.pair", pair, sizeof(pair));
		net_item(c, n, "ipv4.address", addr, sizeof(addr));
		for (char *p = hw; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p);
		char sys[128];
		struct stat st;
		snprintf(sys, sizeof(sys), "/sys/class/net/%s/bridge", link);
		add_nic(out, hw, link, type, pair, addr, link[0] && stat(sys, &st) == 0);
	}
	lxnl_links_clear(&l);
	lxc_container_put(c);
	return 0;
}

/* ---- nic-attach ------------------------------------------------------ */

static int up_child(void *arg, int out)
{
	unsigned index = if_nametoindex(arg);
	int e = index ? lxnl_set_link(index, NULL, true) : -errno;
	if (e == 0)
		return 0;
	dprintf(out, "cannot bring %s up: %s", (const char *)arg, strerror(-e));
	return VM_EXIT_FAILED;
}

static int attach_live(struct lxc_container *c, const struct vm_request *req, const char *br, const char *dev,
		       const unsigned char *mac, struct vm_result *res, struct vm_error *err)
{
	const char *what = "attach a NIC to";
	pid_t pid = running_pid(c);
	if (pid <= 0)
		return cannot(err, VM_EXIT_FAILED, what, req->guest, "it is not running");
	if (dev) {
		if (mac) {
			int e = lxnl_set_link(if_nametoindex(dev), mac, false);
			if (e < 0)
				return cannot(err, VM_EXIT_FAILED, what, req->guest, "cannot set the MAC of %s: %s", dev,
					      strerror(-e));
		}
		struct lx_hush h;
		lx_hush_begin(&h);
		fflush(NULL);
		bool ok = c->attach_interface(c, dev, NULL);
		char *said = lx_hush_end(&h);
		if (!ok)
			cannot(err, VM_EXIT_FAILED, what, req->guest, "%s",
			       lx_why(c, said ? said : "liblxc's attach_interface could not move it in"));
		free(said);
		if (!ok)
			return -1;
		note(res, "%s moved into the container", dev);
		return 0;
	}
	unsigned master = if_nametoindex(br);
	int e = -EEXIST;
	char host[32], peer[16]; /* pid_max 4194304: vm4194304-eth99 is 15 bytes */
	for (int k = 1; k < 100 && e == -EEXIST; k++) {
		snprintf(peer, sizeof(peer), "eth%d", k);
		snprintf(host, sizeof(host), "vm%d-eth%d", (int)pid, k);
		e = lxnl_veth_create(host, peer, mac, master, pid);
	}
	if (e < 0)
		return cannot(err, VM_EXIT_FAILED, what, req->guest, "cannot make a veth pair on %s: %s", br, strerror(-e));
	/* up inside, as lxc.net.N.flags = up does; a failure leaves it down, said in the note */
	char *text = NULL;
	struct vm_error ignored;
	bool up = lx_in_container(pid, CLONE_NEWNET, up_child, peer, &text, what, req->guest, &ignored) == 0;
	free(text);
	note(res, "%s inside the container%s, %s on %s", peer, up ? "" : " (still down)", host, br);
	return 0;
}

int lx_nic_attach(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *what = "attach a NIC to";
	const char *net = vm_value_str(req, "net"), *macs = vm_value_str(req, "mac");
	if (vm_value_str(req, "model"))
		return vm_error_set(err, VM_EXIT_UNSUPPORTED,
				    "lxc: --model: a container's interface has no device model (it is a veth, or the host's own)");
	const char *br = strncmp(net, "bridge=", 7) == 0 ? net + 7 : NULL;
	const char *dev = strncmp(net, "dev=", 4) == 0 ? net + 4 : NULL;
	if (!br && !dev) {
		char *q = msg_quote(net);
		vm_error_set(err, VM_EXIT_UNSUPPORTED,
			     "lxc: %s is a libvirt network name; liblxc takes bridge=BR or dev=IFACE", q);
		free(q);
		return -1;
	}
	const char *name = br ? br : dev;
	char sys[96];
	snprintf(sys, sizeof(sys), "/sys/class/net/%s%s", name, br ? "/bridge" : "");
	struct stat st;
	if (if_nametoindex(name) == 0 || stat(sys, &st) < 0) {
		char *q = msg_quote(name);
		vm_error_set(err, VM_EXIT_USAGE, "cannot attach a NIC: %s %s on this host", br ? "no bridge" : "no interface",
			     q);
		free(q);
		return -1;
	}
	unsigned char mac[6];
	bool have_mac = macs != NULL;
	if (have_mac) {
		parse_mac(macs, mac);
	} else if (dev) {
		/* its own MAC, so that the config's entry names it for nic-detach */
		char p[96], text[32] = "";
		snprintf(p, sizeof(p), "/sys/class/net/%s/address", dev);
		FILE *f = fopen(p, "re");
		have_mac = f && fgets(text, sizeof(text), f) && parse_mac(text, mac) == 0;
		if (f)
			fclose(f);
	} else {
		mac[0] = 0x00, mac[1] = 0x16, mac[2] = 0x3e;
		if (getrandom(mac + 3, 3, 0) != 3)
			return vm_error_set(err, VM_EXIT_FAILED, "cannot make a MAC address: getrandom: %s", strerror(errno));
		have_mac = true;
	}
	char mactext[18] = "";
	if (have_mac)
		snprintf(mactext, sizeof(mactext), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
			 mac[5]);
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	bool live, config;
	struct lxnl_links l = { 0 };
	if (lx_targets(c, req, what, &live, &config, err) < 0)
		goto cleanup;
	if (have_mac && config && net_with_mac(c, mactext) >= 0) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "its config already has a NIC with MAC %s", mactext);
		goto cleanup;
	}
	if (have_mac && live) {
		if (live_links(running_pid(c), what, req->guest, &l, err) < 0)
			goto cleanup;
		for (size_t i = 0; i < l.n; i++)
			if (strcasecmp(l.v[i].mac, mactext) == 0) {
				cannot(err, VM_EXIT_FAILED, what, req->guest, "its %s already has MAC %s", l.v[i].name, mactext);
				goto cleanup;
			}
	}
	if (live && attach_live(c, req, br, dev, have_mac && (macs || br) ? mac : NULL, res, err) < 0)
		goto cleanup;
	if (config) {
		int n = nets_count(c);
		char k[64];
		bool ok = true;
		snprintf(k, sizeof(k), "lxc.net.%d.type", n);
		ok = ok && c->set_config_item(c, k, br ? "veth" : "phys");
		snprintf(k, sizeof(k), "lxc.net.%d.link", n);
		ok = ok && c->set_config_item(c, k, name);
		snprintf(k, sizeof(k), "lxc.net.%d.flags", n);
		ok = ok && c->set_config_item(c, k, "up");
		snprintf(k, sizeof(k), "lxc.net.%d.hwaddr", n);
		ok = ok && (!have_mac || c->set_config_item(c, k, mactext));
		if (!ok) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "%sliblxc refused lxc.net.%d", live ? "done live, but " : "",
			       n);
			goto cleanup;
		}
		if (!c->save_config(c, NULL)) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "%scannot save its config %s", live ? "done live, but " : "",
			       c->configfile ? c->configfile : "");
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	lxnl_links_clear(&l);
	lxc_container_put(c);
	return rc;
}

/* ---- nic-detach ------------------------------------------------------ */

/* A veth that exists for the container only (vmctl's vmPID-ethN, or an
 * lxc.net veth of its config) is deleted with its pair; any other
 * interface (dev=IFACE, moved in) goes back to the host. */
static bool made_here(struct lxc_container *c, const struct lxnl_link *k)
{
	if (strcmp(k->kind, "veth") != 0)
		return false;
	char dev[64], br[64], type[32];
	int pid, n, end = 0;
	host_end(k->link, dev, br, sizeof(dev));
	if (sscanf(dev, "vm%d-eth%d%n", &pid, &n, &end) == 2 && dev[end] == '\0')
		return true;
	int i = net_with_mac(c, k->mac);
	return i >= 0 && net_item(c, i, "type", type, sizeof(type)) && strcmp(type, "veth") == 0;
}

static int delete_child(void *arg, int out)
{
	int e = lxnl_delete(*(const unsigned *)arg);
	if (e == 0)
		return 0;
	dprintf(out, "cannot delete the interface: %s", strerror(-e));
	return VM_EXIT_FAILED;
}

int lx_nic_detach(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	const char *what = "detach a NIC from";
	const char *mac = vm_value_str(req, "mac");
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	bool live, config;
	struct lxnl_links l = { 0 };
	const struct lxnl_link *k = NULL;
	int n = -1;
	if (lx_targets(c, req, what, &live, &config, err) < 0)
		goto cleanup;
	if (live) {
		if (live_links(running_pid(c), what, req->guest, &l, err) < 0)
			goto cleanup;
		char list[512] = "";
		for (size_t i = 0; i < l.n; i++) {
			if (strcasecmp(l.v[i].mac, mac) == 0)
				k = &l.v[i];
			else if (strcmp(l.v[i].name, "lo") != 0)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s %s", list[0] ? ", " : "",
					 l.v[i].name, l.v[i].mac);
		}
		if (!k) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "no interface inside has MAC %s (it has: %s)", mac,
			       list[0] ? list : "none but lo");
			goto cleanup;
		}
	}
	if (config && (n = net_with_mac(c, mac)) < 0) {
		char list[512] = "", hw[64];
		for (int i = 0; i < nets_count(c); i++)
			if (net_item(c, i, "hwaddr", hw, sizeof(hw)) && hw[0])
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%slxc.net.%d %s",
					 list[0] ? ", " : "", i, hw);
		cannot(err, VM_EXIT_FAILED, what, req->guest, "its config has no lxc.net with hwaddr %s (it has: %s)", mac,
		       list[0] ? list : "none with a hwaddr");
		goto cleanup;
	}
	if (live) {
		unsigned index = (unsigned)k->index;
		if (made_here(c, k)) {
			if (lx_in_container(running_pid(c), CLONE_NEWNET, delete_child, &index, NULL, what, req->guest, err) < 0)
				goto cleanup;
		} else {
			struct lx_hush h;
			lx_hush_begin(&h);
			fflush(NULL);
			bool ok = c->detach_interface(c, k->name, NULL);
			char *said = lx_hush_end(&h);
			if (!ok)
				cannot(err, VM_EXIT_FAILED, what, req->guest, "%s",
				       lx_why(c, said ? said : "liblxc's detach_interface could not give it back to the host"));
			free(said);
			if (!ok)
				goto cleanup;
		}
	}
	if (config) {
		char key[32];
		snprintf(key, sizeof(key), "lxc.net.%d", n);
		if (!c->clear_config_item(c, key) || !c->save_config(c, NULL)) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "%scannot remove %s from its config %s",
			       live ? "done live, but " : "", key, c->configfile ? c->configfile : "");
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	lxnl_links_clear(&l);
	lxc_container_put(c);
	return rc;
}
