/* xen_top.c: top's sample on Xen, what xentop (xl top) reads too: one
 * libxl_list_domain (CPU time in ns, memory, online vCPUs), and the
 * counters dom0's backends keep for each domain in sysfs: the block
 * backend's sectors (/sys/bus/xen-backend/devices/vbd-DOMID-DEV/statistics,
 * 512-byte sectors) and the vif's bytes (/sys/class/net/vifDOMID.N, seen
 * from dom0: what the vif receives the guest sent, so rx and tx swap).
 * Disks QEMU serves (qdisk) have no such counters: with no vbd the disk
 * figures are unknown, as the network's are with no vif.  Domain 0 is the
 * host, not a guest: it is left out (xl top shows it). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_util.h"
#include "xen_internal.h"

struct counters {
	bool disk, net;
	unsigned long long rd, wr, rx, tx;
};

static bool read_ull(const char *dir, const char *name, const char *file, unsigned long long *v)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s/statistics/%s", dir, name, file);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fscanf(f, "%llu", v) == 1;
	fclose(f);
	return ok;
}

static struct counters *of(libxl_dominfo *d, int n, struct counters *c, unsigned long id)
{
	for (int i = 0; i < n; i++)
		if (d[i].domid == id)
			return &c[i];
	return NULL;
}

#define VBD_DIR "/sys/bus/xen-backend/devices"
#define NET_DIR "/sys/class/net"

/* One pass over each directory for every domain. */
static void read_counters(libxl_dominfo *d, int n, struct counters *c)
{
	DIR *dir = opendir(VBD_DIR);
	struct dirent *e;
	while (dir && (e = readdir(dir)) != NULL) {
		unsigned long id, dev;
		char end;
		unsigned long long rd, wr;
		struct counters *k;
		if (sscanf(e->d_name, "vbd-%lu-%lu%c", &id, &dev, &end) != 2 || !(k = of(d, n, c, id)))
			continue;
		if (read_ull(VBD_DIR, e->d_name, "rd_sect", &rd) && read_ull(VBD_DIR, e->d_name, "wr_sect", &wr)) {
			k->disk = true;
			k->rd += rd * 512;
			k->wr += wr * 512;
		}
	}
	if (dir)
		closedir(dir);
	dir = opendir(NET_DIR);
	while (dir && (e = readdir(dir)) != NULL) {
		unsigned long id, dev;
		int used = 0;
		unsigned long long rx, tx;
		struct counters *k;
		/* vifD.N, and vifD.N-emu for an HVM guest's emulated NIC */
		if (sscanf(e->d_name, "vif%lu.%lu%n", &id, &dev, &used) != 2 || !(k = of(d, n, c, id)) ||
		    (e->d_name[used] && strcmp(e->d_name + used, "-emu") != 0))
			continue;
		if (read_ull(NET_DIR, e->d_name, "tx_bytes", &rx) && read_ull(NET_DIR, e->d_name, "rx_bytes", &tx)) {
			k->net = true;
			k->rx += rx;
			k->tx += tx;
		}
	}
	if (dir)
		closedir(dir);
}

int xen_top(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	(void)req;
	int n = 0;
	xen_log_reset(&c->log);
	libxl_dominfo *d = libxl_list_domain(c->ctx, &n);
	if (!d)
		return xen_fail(c, err, 0, ERROR_FAIL, "list", "the domains");
	struct counters *k = xcalloc((size_t)n + 1, sizeof(*k));
	read_counters(d, n, k);
	for (int i = 0; i < n; i++) {
		if (d[i].domid == 0)
			continue;
		char *name = libxl_domid_to_name(c->ctx, d[i].domid);
		if (!name)
			continue; /* being built or destroyed: not in xenstore */
		struct vm_record *r = vm_records_new(out);
		vm_record_add(r, "name", "%s", name);
		vm_record_add(r, "state", "%s", vm_state_name(xen_dom_state(&d[i])));
		vm_record_num(r, "cpu_time", FIELD_NUM, d[i].cpu_time);
		vm_record_num(r, "vcpus", FIELD_NUM, d[i].vcpu_online);
		vm_record_num(r, "mem", FIELD_BYTES, (d[i].current_memkb + d[i].outstanding_memkb) * 1024);
		vm_record_num(r, "mem_max", FIELD_BYTES, d[i].max_memkb * 1024);
		vm_record_num_if(r, "disk_rd", FIELD_BYTES, k[i].disk, k[i].rd);
		vm_record_num_if(r, "disk_wr", FIELD_BYTES, k[i].disk, k[i].wr);
		vm_record_num_if(r, "net_rx", FIELD_BYTES, k[i].net, k[i].rx);
		vm_record_num_if(r, "net_tx", FIELD_BYTES, k[i].net, k[i].tx);
		free(name);
	}
	free(k);
	libxl_dominfo_list_free(d, n);
	xen_log_reset(&c->log);
	return 0;
}
