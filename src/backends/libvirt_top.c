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

/* A record of 10 fields made with two allocations less per vector and no
 * format parsing for the strings: top's sample of 1,000 guests makes
 * 1,000 of these per refresh. */
#define TOP_FIELDS 10
static void put(struct vm_record *r, const char *key, enum vm_field_kind kind, const char *value)
{
	r->kinds[r->keys.n] = (unsigned char)kind;
	strvec_push(&r->keys, key);
	strvec_push(&r->values, value);
}

static void put_num(struct vm_record *r, const char *key, enum vm_field_kind kind, bool known, unsigned long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	*--p = '\0';
	if (known)
		do
			*--p = (char)('0' + v % 10);
		while ((v /= 10) && p > buf);
	put(r, key, kind, p);
}

static void presize(struct strvec *sv)
{
	sv->v = xcalloc(TOP_FIELDS + 2, sizeof(*sv->v));
	sv->alloc = TOP_FIELDS + 2; /* strvec_push keeps room for the NULL */
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
	/* the list made at its size at once (vm_records_new grows it by one) */
	out->v = xcalloc(n ? (size_t)n : 1, sizeof(*out->v));
	for (int i = 0; i < n; i++) {
		struct lv_top_guest g = { 0 };
		for (int k = 0; k < recs[i]->nparams; k++)
			read_param(&g, &recs[i]->params[k]);
		struct vm_record *r = &out->v[out->n++];
		presize(&r->keys);
		presize(&r->values);
		put(r, "name", FIELD_STR, virDomainGetName(recs[i]->dom));
		put(r, "state", FIELD_STR, g.has_state ? vm_state_name(lv_map_state(g.state)) : "unknown");
		put_num(r, "cpu_time", FIELD_NUM, g.has_cpu, g.cpu);
		put_num(r, "vcpus", FIELD_NUM, g.has_vcpus, g.vcpus);
		put_num(r, "mem", FIELD_BYTES, g.has_mem || g.has_rss, g.has_mem ? g.mem : g.rss);
		put_num(r, "mem_max", FIELD_BYTES, g.has_max, g.mem_max);
		put_num(r, "disk_rd", FIELD_BYTES, g.has_rd, g.rd);
		put_num(r, "disk_wr", FIELD_BYTES, g.has_wr, g.wr);
		put_num(r, "net_rx", FIELD_BYTES, g.has_rx, g.rx);
		put_num(r, "net_tx", FIELD_BYTES, g.has_tx, g.tx);
	}
	virDomainStatsRecordListFree(recs);
	return 0;
}
