/* libvirt_top.c: top's sample (backend.h, RET_SAMPLES): every guest's
 * statistics in ONE virConnectGetAllDomainStats call (one RPC on a remote
 * connection, as `virsh domstats` makes), whatever the number of guests.
 * The typed parameters read (libvirt's names, as virsh domstats prints):
 *   state.state                          -> state
 *   cpu.time (ns)                        -> cpu_time
 *   vcpu.current                         -> vcpus
 *   balloon.current (KiB), else rss      -> mem
 *   balloon.maximum (KiB)                -> mem_max
 *   block.N.rd.bytes, block.N.wr.bytes   -> disk_rd, disk_wr (summed)
 *   net.N.rx.bytes, net.N.tx.bytes       -> net_rx, net_tx (summed)
 * A group the driver did not fill (a shut off guest has no cpu.time; the
 * test driver fills state only) is unknown, not 0; block.count and
 * net.count of 0 make the sums a known 0. */
#include <stdio.h>
#include <string.h>

#include <libvirt/virterror.h>

#include "libvirt_internal.h"

/* The sums and figures of one guest while its parameters are read. */
struct lv_top_guest {
	int state;
	bool has_state;
	unsigned long long cpu, vcpus, mem, rss, mem_max, rd, wr, rx, tx;
	bool has_cpu, has_vcpus, has_mem, has_rss, has_max, has_rd, has_wr, has_rx, has_tx;
};

static unsigned long long param_ull(const virTypedParameter *p)
{
	switch (p->type) {
	case VIR_TYPED_PARAM_INT:
		return p->value.i < 0 ? 0 : (unsigned long long)p->value.i;
	case VIR_TYPED_PARAM_UINT:
		return p->value.ui;
	case VIR_TYPED_PARAM_LLONG:
		return p->value.l < 0 ? 0 : (unsigned long long)p->value.l;
	case VIR_TYPED_PARAM_ULLONG:
		return p->value.ul;
	default:
		return 0;
	}
}

/* "block.3.rd.bytes" ends with ".rd.bytes" after block.<digits>. */
static bool indexed(const char *field, const char *group, const char *tail)
{
	size_t g = strlen(group);
	if (strncmp(field, group, g) != 0)
		return false;
	const char *p = field + g;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return strcmp(p, tail) == 0;
}

static void add(unsigned long long *sum, bool *has, unsigned long long v)
{
	*sum += v;
	*has = true;
}

static void read_param(struct lv_top_guest *g, const virTypedParameter *p)
{
	const char *f = p->field;
	unsigned long long v = param_ull(p);
	if (strcmp(f, "state.state") == 0) {
		g->state = (int)v;
		g->has_state = true;
	} else if (strcmp(f, "cpu.time") == 0) {
		add(&g->cpu, &g->has_cpu, v);
	} else if (strcmp(f, "vcpu.current") == 0) {
		add(&g->vcpus, &g->has_vcpus, v);
	} else if (strcmp(f, "balloon.current") == 0) {
		add(&g->mem, &g->has_mem, v * 1024);
	} else if (strcmp(f, "balloon.rss") == 0) {
		add(&g->rss, &g->has_rss, v * 1024);
	} else if (strcmp(f, "balloon.maximum") == 0) {
		add(&g->mem_max, &g->has_max, v * 1024);
	} else if (strcmp(f, "block.count") == 0) { /* no disk at all: 0 bytes, known */
		g->has_rd = g->has_wr = true;
	} else if (strcmp(f, "net.count") == 0) {
		g->has_rx = g->has_tx = true;
	} else if (indexed(f, "block.", ".rd.bytes")) {
		add(&g->rd, &g->has_rd, v);
	} else if (indexed(f, "block.", ".wr.bytes")) {
		add(&g->wr, &g->has_wr, v);
	} else if (indexed(f, "net.", ".rx.bytes")) {
		add(&g->rx, &g->has_rx, v);
	} else if (indexed(f, "net.", ".tx.bytes")) {
		add(&g->tx, &g->has_tx, v);
	}
}

int lv_top(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	(void)req;
	unsigned stats = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON |
			 VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
	virDomainStatsRecordPtr *recs = NULL;
	/* NOWAIT: a guest busy with a job (a migration, a save) gives what it
	 * can at once instead of holding the whole refresh up */
	int n = virConnectGetAllDomainStats(c->conn, stats, &recs, VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
	if (n < 0)
		return lv_fail(err, "read the statistics of", NULL);
	for (int i = 0; i < n; i++) {
		struct lv_top_guest g = { 0 };
		for (int k = 0; k < recs[i]->nparams; k++)
			read_param(&g, &recs[i]->params[k]);
		struct vm_record *r = vm_records_new(out);
		vm_record_add(r, "name", "%s", virDomainGetName(recs[i]->dom));
		vm_record_add(r, "state", "%s", g.has_state ? vm_state_name(lv_map_state(g.state)) : "unknown");
		vm_record_num_if(r, "cpu_time", FIELD_NUM, g.has_cpu, g.cpu);
		vm_record_num_if(r, "vcpus", FIELD_NUM, g.has_vcpus, g.vcpus);
		vm_record_num_if(r, "mem", FIELD_BYTES, g.has_mem || g.has_rss, g.has_mem ? g.mem : g.rss);
		vm_record_num_if(r, "mem_max", FIELD_BYTES, g.has_max, g.mem_max);
		vm_record_num_if(r, "disk_rd", FIELD_BYTES, g.has_rd, g.rd);
		vm_record_num_if(r, "disk_wr", FIELD_BYTES, g.has_wr, g.wr);
		vm_record_num_if(r, "net_rx", FIELD_BYTES, g.has_rx, g.rx);
		vm_record_num_if(r, "net_tx", FIELD_BYTES, g.has_tx, g.tx);
	}
	virDomainStatsRecordListFree(recs);
	return 0;
}
