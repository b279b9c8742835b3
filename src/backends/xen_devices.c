/* xen_devices.c: the device verbs of the xen backend (disk-list,
 * disk-attach, disk-detach, nic-list, nic-attach, nic-detach, vcpu-list,
 * vcpu-pin, display), through libxl as xl block-*, network-*, vcpu-list,
 * vcpu-pin and vncviewer do them.
 *
 * Xen keeps no guest definition: every verb here works on a running (or
 * paused) domain only.  A guest that is not running is exit 1, saying so;
 * --config is exit 4 naming the line of /etc/xen/NAME.cfg to edit, as
 * vcpu-set --config is.  A libvirt network name and dev=IFACE are exit 4:
 * a Xen NIC is a vif on a dom0 bridge (bridge=BR). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <xenstore.h>

#include "backend_util.h"
#include "quote.h"
#include "xen_internal.h"

/* The running domain of req->guest for a device verb WHAT; --config asks
 * for the .cfg line KEY (exit 4), a guest that is not running is exit 1. */
static int device_domain(struct vm_conn *c, const struct vm_request *req, const char *what, const char *key,
			 uint32_t *domid, struct vm_error *err)
{
	if (xen_refuse_host(req->guest, err) < 0)
		return -1;
	if (req->config)
		return xen_no_definition(err, what, req->guest, key);
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	int rc = 0;
	libxl_dominfo d;
	libxl_dominfo_init(&d);
	if (x.domid == XEN_NO_DOMID)
		rc = 1;
	else
		rc = xen_dom_info(c, x.domid, &d, req->guest, err);
	if (rc == 1)
		cannot(err, VM_EXIT_FAILED, what, req->guest,
		       "it is not running, and Xen keeps no definition to change (its devices are %s in %s/%s.cfg)", key,
		       XEN_CONFIG_DIR, req->guest);
	*domid = x.domid;
	libxl_dominfo_dispose(&d);
	xen_guest_clear(&x);
	return rc == 0 ? 0 : -1;
}

/* The domain's configuration as libxl keeps it, hot-plugged devices
 * included (what xl list -l prints).  -1 with err filled. */
static int domain_config(struct vm_conn *c, uint32_t domid, const char *what, const char *guest,
			 libxl_domain_config *dc, struct vm_error *err)
{
	libxl_domain_config_init(dc);
	xen_log_reset(&c->log);
	int e = libxl_retrieve_domain_configuration(c->ctx, domid, dc, NULL);
	if (e)
		return xen_fail(c, err, 0, e, what, guest);
	return 0;
}

/* --- disks --------------------------------------------------------------- */

static const char *disk_bus(const char *vdev)
{
	if (!vdev)
		return "";
	if (strncmp(vdev, "hd", 2) == 0)
		return "ide";
	if (strncmp(vdev, "sd", 2) == 0)
		return "scsi";
	return "xen";
}

int xen_disk_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out,
			 struct vm_error *err)
{
	uint32_t domid;
	if (device_domain(c, req, "list the disks of", "the disk= line", &domid, err) < 0)
		return -1;
	libxl_domain_config dc;
	if (domain_config(c, domid, "list the disks of", req->guest, &dc, err) < 0)
		return -1;
	for (int i = 0; i < dc.num_disks; i++) {
		const libxl_device_disk *d = &dc.disks[i];
		struct vm_record *r = vm_records_new(out);
		vm_record_add(r, "target", "%s", d->vdev ? d->vdev : "");
		vm_record_add(r, "type", "%s", d->is_cdrom ? "cdrom" : "disk");
		vm_record_add(r, "source", "%s", d->pdev_path ? d->pdev_path : "");
		const char *f = d->format == LIBXL_DISK_FORMAT_UNKNOWN || d->format == LIBXL_DISK_FORMAT_EMPTY
					? ""
					: libxl_disk_format_to_string(d->format);
		vm_record_add(r, "format", "%s", f ? f : "");
		vm_record_add(r, "bus", "%s", disk_bus(d->vdev));
		vm_record_add(r, "mode", "%s", d->readwrite ? "readwrite" : "readonly");
	}
	libxl_domain_config_dispose(&dc);
	return 0;
}

/* The targets of the domain's disks, "xvda, xvdb", for messages. */
static char *disk_targets(struct vm_conn *c, uint32_t domid)
{
	int n = 0;
	libxl_device_disk *l = libxl_device_disk_list(c->ctx, domid, &n);
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(l[i].vdev ? l[i].vdev : "?") + 2;
	char *s = xcalloc(1, len);
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, l[i].vdev ? l[i].vdev : "?");
	}
	if (l)
		libxl_device_disk_list_free(l, n);
	return s;
}

/* As xl block-attach "format=F, vdev=TARGET, access=rw|ro[, devtype=cdrom],
 * target=SOURCE", filled field by field: the format is --format's, else
 * raw, never probed from the image. */
int xen_disk_attach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res,
			   struct vm_error *err)
{
	const char *what = "attach a disk to";
	const char *source = vm_value_str(req, "source"), *target = vm_value_str(req, "target");
	const char *mode = vm_value_str(req, "mode"), *device = vm_value_str(req, "device");
	const char *format = vm_value_str(req, "format");
	if (xen_refuse_host(req->guest, err) < 0)
		return -1;
	if (mode && strcmp(mode, "shareable") == 0)
		return cannot(err, VM_EXIT_UNSUPPORTED, what, req->guest,
			      "libxl has no shareable disks (its block script refuses a device another domain writes to)");
	uint32_t domid;
	if (device_domain(c, req, what, "the disk= line", &domid, err) < 0)
		return -1;
	struct stat st;
	const char *bad = NULL;
	if (stat(source, &st) < 0)
		bad = strerror(errno);
	else if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		bad = "not a file or block device";
	if (bad) {
		char *q = msg_quote(source);
		vm_error_set(err, VM_EXIT_USAGE, "cannot attach %s: %s", q, bad);
		free(q);
		return -1;
	}
	int rc = -1;
	libxl_device_disk d, old;
	libxl_device_disk_init(&d);
	libxl_device_disk_init(&old);
	if (libxl_vdev_to_device_disk(c->ctx, domid, target, &old) == 0) {
		char *q = msg_quote(target), *s = msg_quote(old.pdev_path ? old.pdev_path : "");
		cannot(err, VM_EXIT_FAILED, what, req->guest, "it has a disk %s already (%s)", q, s);
		free(q);
		free(s);
		goto cleanup;
	}
	d.pdev_path = xstrdup(source);
	d.vdev = xstrdup(target);
	d.format = format && strcmp(format, "qcow2") == 0 ? LIBXL_DISK_FORMAT_QCOW2 : LIBXL_DISK_FORMAT_RAW;
	d.readwrite = !(mode && strcmp(mode, "readonly") == 0);
	if (device && strcmp(device, "cdrom") == 0) { /* as xl's disk spec parser: a CD is removable, read-only */
		d.is_cdrom = 1;
		d.removable = 1;
		d.readwrite = 0;
	}
	xen_log_reset(&c->log);
	int e = libxl_device_disk_add(c->ctx, domid, &d, NULL);
	if (e) {
		xen_fail(c, err, 0, e, what, req->guest);
		goto cleanup;
	}
	(void)res;
	rc = 0;
cleanup:
	libxl_device_disk_dispose(&old);
	libxl_device_disk_dispose(&d);
	return rc;
}

/* As xl block-detach (without -f): libxl asks the guest to release the
 * device and waits for its backend to close (libxl's own 10 s), then
 * removes it; a guest that does not release it is an error, never a
 * forced removal. */
int xen_disk_detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res,
			   struct vm_error *err)
{
	(void)res;
	const char *what = "detach a disk from";
	const char *target = vm_value_str(req, "target");
	uint32_t domid;
	if (device_domain(c, req, what, "the disk= line", &domid, err) < 0)
		return -1;
	int rc = -1;
	libxl_device_disk d;
	libxl_device_disk_init(&d);
	if (libxl_vdev_to_device_disk(c->ctx, domid, target, &d) != 0) {
		char *q = msg_quote(target), *has = disk_targets(c, domid);
		cannot(err, VM_EXIT_FAILED, what, req->guest, "it has no disk %s (its disks: %s)", q,
		       *has ? has : "none");
		free(q);
		free(has);
		goto cleanup;
	}
	xen_log_reset(&c->log);
	int e = libxl_device_disk_safe_remove(c->ctx, domid, &d, NULL);
	if (e) {
		char *q = msg_quote(target);
		if (e == ERROR_TIMEDOUT || strstr(c->log.first, "imeout"))
			cannot(err, VM_EXIT_FAILED, what, req->guest,
			       "the guest did not release %s within libxl's 10 s (it is still attached)", q);
		else
			xen_fail(c, err, 0, e, what, req->guest);
		free(q);
		goto cleanup;
	}
	rc = 0;
cleanup:
	libxl_device_disk_dispose(&d);
	return rc;
}

/* --- network interfaces ---------------------------------------------------- */

static void mac_text(const libxl_mac m, char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* The domain's NIC with MAC mac (text, either case) copied into *out: 0,
 * or -1 when it has none; the others' MACs in has (", "-separated).
 * Not libxl_mac_to_device_nic, which leaks libxl's allocations on every
 * call in 4.17 (LeakSanitizer in the bed). */
static int find_nic(struct vm_conn *c, uint32_t domid, const char *mac, libxl_device_nic *out, char *has,
		    size_t size)
{
	unsigned b[6];
	if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	int n = 0, found = -1;
	libxl_device_nic *l = libxl_device_nic_list(c->ctx, domid, &n);
	if (has)
		has[0] = '\0';
	for (int i = 0; i < n; i++) {
		int same = 1;
		for (int k = 0; k < 6; k++)
			same &= l[i].mac[k] == b[k];
		if (same && found < 0) {
			libxl_device_nic_copy(c->ctx, out, &l[i]);
			found = i;
		}
		char t[18];
		mac_text(l[i].mac, t);
		if (has && strlen(has) + 20 < size) {
			if (has[0])
				strcat(has, ", ");
			strcat(has, t);
		}
	}
	if (l)
		libxl_device_nic_list_free(l, n);
	return found < 0 ? -1 : 0;
}

int xen_nic_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out,
			struct vm_error *err)
{
	uint32_t domid;
	if (device_domain(c, req, "list the NICs of", "the vif= line", &domid, err) < 0)
		return -1;
	libxl_domain_config dc;
	if (domain_config(c, domid, "list the NICs of", req->guest, &dc, err) < 0)
		return -1;
	for (int i = 0; i < dc.num_nics; i++) {
		const libxl_device_nic *n = &dc.nics[i];
		char mac[18];
		mac_text(n->mac, mac);
		struct vm_record *r = vm_records_new(out);
		vm_record_add(r, "mac", "%s", mac);
		vm_record_add(r, "network", "%s", n->bridge ? n->bridge : "");
		vm_record_add(r, "type", "%s", "bridge");
		vm_record_add(r, "model", "%s", n->model ? n->model : "");
		if (n->ifname)
			vm_record_add(r, "device", "%s", n->ifname);
		else /* libxl's own name for the backend interface */
			vm_record_add(r, "device", "vif%u.%d", domid, n->devid);
		vm_record_add(r, "addresses", "%s", n->ip ? n->ip : "");
	}
	libxl_domain_config_dispose(&dc);
	return 0;
}

/* A dom0 bridge: /sys/class/net/BR/bridge exists. */
static bool is_bridge(const char *br)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", br);
	return stat(path, &st) == 0;
}

/* As xl network-attach GUEST bridge=BR [mac=MAC] [model=MODEL]: libxl picks
 * the devid, the vif-bridge script and (without --mac) a MAC in Xen's
 * 00:16:3e range. */
int xen_nic_attach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res,
			  struct vm_error *err)
{
	const char *what = "attach a NIC to";
	const char *net = vm_value_str(req, "net"), *mac = vm_value_str(req, "mac"), *model = vm_value_str(req, "model");
	if (xen_refuse_host(req->guest, err) < 0)
		return -1;
	if (strncmp(net, "dev=", 4) == 0) {
		char *q = msg_quote(net + 4);
		cannot(err, VM_EXIT_UNSUPPORTED, what, req->guest,
		       "xen cannot move host interface %s into a domain (a Xen NIC is a vif on a dom0 bridge: bridge=BR; a "
		       "physical NIC goes in by PCI passthrough, xl pci-attach)", q);
		free(q);
		return -1;
	}
	if (strncmp(net, "bridge=", 7) != 0) {
		char *q = msg_quote(net);
		cannot(err, VM_EXIT_UNSUPPORTED, what, req->guest,
		       "%s is a libvirt network name, which xl does not know: give bridge=BR (the network's bridge, shown by "
		       "vmctl net-info)", q);
		free(q);
		return -1;
	}
	const char *br = net + 7;
	uint32_t domid;
	if (device_domain(c, req, what, "the vif= line", &domid, err) < 0)
		return -1;
	if (!is_bridge(br)) {
		char *q = msg_quote(br);
		vm_error_set(err, VM_EXIT_USAGE, "cannot attach a NIC to '%s': there is no bridge %s in dom0", req->guest, q);
		free(q);
		return -1;
	}
	int rc = -1;
	libxl_device_nic n, old;
	libxl_device_nic_init(&n);
	libxl_device_nic_init(&old);
	if (mac) {
		unsigned b[6];
		sscanf(mac, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]); /* validated: unicast */
		for (int i = 0; i < 6; i++)
			n.mac[i] = (uint8_t)b[i];
		if (find_nic(c, domid, mac, &old, NULL, 0) == 0) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "it has a NIC with MAC %s already (device vif%u.%d)", mac,
			       domid, old.devid);
			goto cleanup;
		}
	}
	n.bridge = xstrdup(br);
	if (model)
		n.model = xstrdup(model);
	xen_log_reset(&c->log);
	int e = libxl_device_nic_add(c->ctx, domid, &n, NULL);
	if (e) {
		xen_fail(c, err, 0, e, what, req->guest);
		goto cleanup;
	}
	char text[18];
	mac_text(n.mac, text);
	note(res, "attached NIC %s to '%s' on bridge %s (vif%u.%d)", text, req->guest, br, domid, n.devid);
	rc = 0;
cleanup:
	libxl_device_nic_dispose(&old);
	libxl_device_nic_dispose(&n);
	return rc;
}

/* As xl network-detach GUEST MAC. */
int xen_nic_detach(struct vm_conn *c, const struct vm_request *req, struct vm_result *res,
			  struct vm_error *err)
{
	(void)res;
	const char *what = "detach a NIC from";
	const char *mac = vm_value_str(req, "mac");
	uint32_t domid;
	if (device_domain(c, req, what, "the vif= line", &domid, err) < 0)
		return -1;
	int rc = -1;
	libxl_device_nic n;
	libxl_device_nic_init(&n);
	char has[512];
	if (find_nic(c, domid, mac, &n, has, sizeof(has)) < 0) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "it has no NIC with MAC %s (its NICs: %s)", mac,
		       *has ? has : "none");
		goto cleanup;
	}
	xen_log_reset(&c->log);
	int e = libxl_device_nic_remove(c->ctx, domid, &n, NULL);
	if (e) {
		xen_fail(c, err, 0, e, what, req->guest);
		goto cleanup;
	}
	rc = 0;
cleanup:
	libxl_device_nic_dispose(&n);
	return rc;
}

/* --- vCPUs ------------------------------------------------------------------ */

/* "0-1,3" for the CPUs of map below n. */
static void cpulist_text(const libxl_bitmap *map, int n, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && len + 16 < size; i++) {
		if (!libxl_bitmap_test(map, i))
			continue;
		int j = i;
		while (j + 1 < n && libxl_bitmap_test(map, j + 1))
			j++;
		len += (size_t)snprintf(buf + len, size - len, len ? ",%d" : "%d", i);
		if (j > i)
			len += (size_t)snprintf(buf + len, size - len, "-%d", j);
		i = j;
	}
}

/* As xl vcpu-list: each vCPU's state, the CPU it runs on, its (hard) affinity. */
int xen_vcpu_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out,
			 struct vm_error *err)
{
	uint32_t domid;
	if (device_domain(c, req, "list the vCPUs of", "cpus=", &domid, err) < 0)
		return -1;
	int nb = 0, nrcpus = 0;
	xen_log_reset(&c->log);
	libxl_vcpuinfo *v = libxl_list_vcpu(c->ctx, domid, &nb, &nrcpus);
	if (!v)
		return xen_fail(c, err, 0, ERROR_FAIL, "list the vCPUs of", req->guest);
	for (int i = 0; i < nb; i++) {
		struct vm_record *r = vm_records_new(out);
		vm_record_num(r, "vcpu", FIELD_NUM, v[i].vcpuid);
		vm_record_add(r, "state", "%s", !v[i].online ? "offline" : v[i].running ? "running" : v[i].blocked ? "blocked" : "runnable");
		vm_record_num_if(r, "cpu", FIELD_NUM, v[i].online, v[i].cpu);
		char aff[1024];
		cpulist_text(&v[i].cpumap, nrcpus, aff, sizeof(aff));
		vm_record_add(r, "affinity", "%s", aff);
	}
	libxl_vcpuinfo_list_free(v, nb);
	return 0;
}

/* As xl vcpu-pin GUEST VCPU CPULIST (hard affinity; the soft one kept). */
int xen_vcpu_pin(struct vm_conn *c, const struct vm_request *req, struct vm_result *res,
			struct vm_error *err)
{
	(void)res;
	const char *what = "pin a vCPU of";
	const char *list = vm_value_str(req, "cpulist");
	unsigned long vcpu = strtoul(vm_value_str(req, "vcpu"), NULL, 10);
	uint32_t domid;
	if (device_domain(c, req, what, "cpus=", &domid, err) < 0)
		return -1;
	int rc = -1;
	libxl_bitmap map;
	libxl_bitmap_init(&map);
	libxl_dominfo d;
	libxl_dominfo_init(&d);
	libxl_physinfo pi;
	libxl_physinfo_init(&pi);
	if (xen_dom_info(c, domid, &d, req->guest, err) != 0)
		goto cleanup;
	if (vcpu > d.vcpu_max_id) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "it has no vCPU %lu (its vCPUs: 0-%u)", vcpu, d.vcpu_max_id);
		goto cleanup;
	}
	xen_log_reset(&c->log);
	int e = libxl_get_physinfo(c->ctx, &pi);
	if (e) {
		xen_fail(c, err, 0, e, what, req->guest);
		goto cleanup;
	}
	unsigned host = pi.nr_cpus;
	e = libxl_cpu_bitmap_alloc(c->ctx, &map, 0);
	if (e) {
		xen_fail(c, err, 0, e, what, req->guest);
		goto cleanup;
	}
	for (const char *p = list; *p;) { /* syntax checked by the frontend: N[-M](,N[-M])* */
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;
		if (*end == '-')
			b = strtoul(end + 1, &end, 10);
		if (b >= host) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "this host has %u CPUs (0-%u), no CPU %lu", host,
			       host - 1, b);
			goto cleanup;
		}
		for (unsigned long i = a; i <= b; i++)
			libxl_bitmap_set(&map, (int)i);
		p = *end == ',' ? end + 1 : end;
	}
	xen_log_reset(&c->log);
	e = libxl_set_vcpuaffinity(c->ctx, domid, (uint32_t)vcpu, &map, NULL);
	if (e) {
		xen_fail(c, err, 0, e, what, req->guest);
		goto cleanup;
	}
	rc = 0;
cleanup:
	libxl_physinfo_dispose(&pi);
	libxl_dominfo_dispose(&d);
	libxl_bitmap_dispose(&map);
	return rc;
}

/* --- display ------------------------------------------------------------------ */

/* The VNC port QEMU published in xenstore (as xl vncviewer reads it), or -1. */
static int vnc_port(uint32_t domid)
{
	struct xs_handle *xs = xs_open(XS_OPEN_READONLY);
	if (!xs)
		return -1;
	char path[64];
	snprintf(path, sizeof(path), "/local/domain/%u/console/vnc-port", domid);
	unsigned len = 0;
	char *v = xs_read(xs, XBT_NULL, path, &len);
	int port = -1;
	if (v) {
		char *end;
		long p = strtol(v, &end, 10);
		if (end != v && *end == '\0' && p > 0 && p < 65536)
			port = (int)p;
	}
	free(v);
	xs_close(xs);
	return port;
}

/* The guest's VNC console: enabled in its configuration (HVM: vnc=, PV: a
 * vfb with vnc=1), at the port its QEMU published; no password shown. */
int xen_display(struct vm_conn *c, const struct vm_request *req, struct vm_records *out,
		       struct vm_error *err)
{
	const char *what = "show the display of";
	uint32_t domid;
	if (device_domain(c, req, what, "vfb= (or vnc=)", &domid, err) < 0)
		return -1;
	libxl_domain_config dc;
	if (domain_config(c, domid, what, req->guest, &dc, err) < 0)
		return -1;
	const libxl_vnc_info *vnc = NULL;
	if (dc.c_info.type == LIBXL_DOMAIN_TYPE_HVM && libxl_defbool_is_default(dc.b_info.u.hvm.vnc.enable) == false &&
	    libxl_defbool_val(dc.b_info.u.hvm.vnc.enable))
		vnc = &dc.b_info.u.hvm.vnc;
	for (int i = 0; !vnc && i < dc.num_vfbs; i++)
		if (!libxl_defbool_is_default(dc.vfbs[i].vnc.enable) && libxl_defbool_val(dc.vfbs[i].vnc.enable))
			vnc = &dc.vfbs[i].vnc;
	int rc = -1;
	if (!vnc) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "it has no graphical console (no vnc=1 in its configuration)");
		goto cleanup;
	}
	int port = vnc_port(domid);
	if (port < 0) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "its VNC server has published no port in xenstore "
		       "(/local/domain/%u/console/vnc-port)", domid);
		goto cleanup;
	}
	const char *listen = vnc->listen && *vnc->listen ? vnc->listen : "127.0.0.1";
	bool v6 = strchr(listen, ':') != NULL;
	struct vm_record *r = vm_records_new(out);
	vm_record_add(r, "uri", "vnc://%s%s%s:%d", v6 ? "[" : "", listen, v6 ? "]" : "", port);
	vm_record_add(r, "type", "vnc");
	vm_record_add(r, "listen", "%s", listen);
	vm_record_num(r, "port", FIELD_NUM, (unsigned long long)port);
	rc = 0;
cleanup:
	libxl_domain_config_dispose(&dc);
	return rc;
}
