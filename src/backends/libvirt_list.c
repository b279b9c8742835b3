/* libvirt_list.c: list and info, in as few round trips as libvirt allows.
 * On a remote host a call costs a round trip, so the calls that do not need
 * each other's answers go out together on the one connection (lv_each):
 * libvirt's remote client is thread-safe, and while one thread waits for
 * the socket the others' calls are queued and sent with its own
 * (virnetclient.c: the thread holding the socket does the I/O of every
 * waiting call and hands the socket on when its own reply is in).
 *   list: the bulk stats and the transient and autostart sets together
 *         (one round trip), then, only where the stats lack vCPUs or memory
 *         (libvirt's test driver), one GetInfo per guest, all together;
 *   info: the lookup, then GetInfo, the maximum vCPUs, autostart and
 *         persistence together: two round trips after the connection. */
#include <libvirt/virterror.h>
#include <stdlib.h>
#include <string.h>

#include "backend_util.h"
#include "libvirt_internal.h"

void lv_fill_identity(virDomainPtr d, struct vm_guest_info *g)
{
	g->name = xstrdup(virDomainGetName(d));
	unsigned id = virDomainGetID(d);
	g->id = id == (unsigned)-1 ? -1 : (long long)id;
	if (virDomainGetUUIDString(d, g->uuid) < 0)
		g->uuid[0] = '\0';
	g->cpu_time = -1;
}

/* libvirt's last error of this thread, kept for the thread that reports it
 * (errors are per thread); a generic one when libvirt set none.  The
 * caller frees it (virFreeError). */
static virErrorPtr saved_error(void)
{
	virErrorPtr e = virSaveLastError();
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			abort();
		e->code = VIR_ERR_INTERNAL_ERROR;
	}
	return e;
}

/* ---- info ---- */

struct info_calls {
	virDomainPtr d;
	virDomainInfo info;
	virErrorPtr info_err; /* GetInfo failed: info fails */
	int vcpus_max, autostart_rc, autostart, persistent;
};

static void info_call(void *ctx, size_t i)
{
	struct info_calls *a = ctx;
	switch (i) {
	case 0:
		if (virDomainGetInfo(a->d, &a->info) < 0)
			a->info_err = saved_error();
		break;
	case 1:
		a->vcpus_max = virDomainGetVcpusFlags(a->d, VIR_DOMAIN_AFFECT_CURRENT | VIR_DOMAIN_VCPU_MAXIMUM);
		break;
	case 2:
		a->autostart_rc = virDomainGetAutostart(a->d, &a->autostart);
		break;
	default:
		a->persistent = virDomainIsPersistent(a->d);
		break;
	}
}

int lv_info(struct vm_conn *c, const struct vm_request *req, struct vm_guest_info *g, struct vm_error *err)
{
	double t0 = now();
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	struct info_calls a = { .d = d };
	lv_each_after(now() - t0, 4, info_call, &a);
	memset(g, 0, sizeof(*g));
	lv_fill_identity(d, g);
	virDomainFree(d);
	if (a.info_err) {
		lv_fail_with(a.info_err, err, "read the state of", req->guest);
		virFreeError(a.info_err);
		guest_info_clear(g);
		return -1;
	}
	g->state = lv_map_state(a.info.state);
	g->vcpus_current = a.info.nrVirtCpu;
	g->vcpus_max = a.vcpus_max > 0 ? (unsigned)a.vcpus_max : a.info.nrVirtCpu;
	g->mem_current = (uint64_t)a.info.memory * 1024;
	g->mem_max = (uint64_t)a.info.maxMem * 1024;
	g->cpu_time = (double)a.info.cpuTime / 1e9;
	g->autostart = a.autostart_rc < 0 ? -1 : a.autostart;
	g->persistent = a.persistent;
	return 0;
}

/* ---- list ---- */

static int uuid_cmp(const void *a, const void *b)
{
	return memcmp(a, b, VIR_UUID_BUFLEN);
}

/* The raw UUIDs of doms[0..n-1], sorted for uuid_has(); NULL when n <= 0. */
static unsigned char *uuid_set(virDomainPtr *doms, int n)
{
	if (n <= 0)
		return NULL;
	unsigned char *set = xmalloc((size_t)n * VIR_UUID_BUFLEN);
	for (int i = 0; i < n; i++)
		if (virDomainGetUUID(doms[i], set + (size_t)i * VIR_UUID_BUFLEN) < 0)
			memset(set + (size_t)i * VIR_UUID_BUFLEN, 0, VIR_UUID_BUFLEN);
	qsort(set, (size_t)n, VIR_UUID_BUFLEN, uuid_cmp);
	return set;
}

/* 1 when d is in the set of n, 0 when not, -1 when the set is unknown (n < 0). */
static int uuid_has(const unsigned char *set, int n, virDomainPtr d)
{
	unsigned char u[VIR_UUID_BUFLEN];
	if (n < 0)
		return -1;
	if (n == 0 || virDomainGetUUID(d, u) < 0)
		return 0;
	return bsearch(u, set, (size_t)n, VIR_UUID_BUFLEN, uuid_cmp) != NULL;
}

static void free_doms(virDomainPtr *doms, int n)
{
	for (int i = 0; i < n; i++)
		virDomainFree(doms[i]);
	free(doms);
}

/* The three listing calls, made together. */
struct list_calls {
	virConnectPtr conn;
	virDomainStatsRecordPtr *stats;
	int n, nt, na;
	virDomainPtr *trans, *autos;
	virErrorPtr set_err; /* the transient or autostart set failed */
	double stats_took;   /* s, the stats call alone: how fast this link is */
};

static void list_call(void *ctx, size_t i)
{
	struct list_calls *a = ctx;
	if (i == 0) {
		double t0 = now();
		a->n = virConnectGetAllDomainStats(a->conn, VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_VCPU |
								    VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_CPU_TOTAL,
						   &a->stats, 0);
		a->stats_took = now() - t0;
		return;
	}
	virDomainPtr **out = i == 1 ? &a->trans : &a->autos;
	int *n = i == 1 ? &a->nt : &a->na;
	*n = virConnectListAllDomains(a->conn, out, i == 1 ? VIR_CONNECT_LIST_DOMAINS_TRANSIENT
							  : VIR_CONNECT_LIST_DOMAINS_AUTOSTART);
	if (*n < 0 && !a->set_err)
		a->set_err = saved_error(); /* the other set's thread may fail too: one is enough */
}

/* What the bulk stats lack, one GetInfo per guest, made together. */
struct fill {
	virDomainPtr d;
	virDomainInfo info;
	virErrorPtr e; /* NULL: info is good */
};

static void fill_call(void *ctx, size_t i)
{
	struct fill *f = (struct fill *)ctx + i;
	if (virDomainGetInfo(f->d, &f->info) < 0)
		f->e = saved_error();
}

/* g from stats record r; returns what r had: 1 state, 2 vCPUs, 4 memory. */
static int from_stats(virDomainStatsRecordPtr r, struct vm_guest_info *g)
{
	int have = 0, st = VIR_DOMAIN_NOSTATE;
	unsigned u;
	unsigned long long ull;
	if (virTypedParamsGetInt(r->params, r->nparams, "state.state", &st) == 1) {
		g->state = lv_map_state(st);
		have |= 1;
	}
	if (virTypedParamsGetUInt(r->params, r->nparams, "vcpu.current", &u) == 1) {
		g->vcpus_current = u;
		have |= 2;
	}
	if (virTypedParamsGetUInt(r->params, r->nparams, "vcpu.maximum", &u) == 1)
		g->vcpus_max = u;
	if (virTypedParamsGetULLong(r->params, r->nparams, "balloon.current", &ull) == 1) {
		g->mem_current = ull * 1024;
		have |= 4;
	}
	if (virTypedParamsGetULLong(r->params, r->nparams, "balloon.maximum", &ull) == 1)
		g->mem_max = ull * 1024;
	if (virTypedParamsGetULLong(r->params, r->nparams, "cpu.time", &ull) == 1)
		g->cpu_time = (double)ull / 1e9;
	return have;
}

static void from_info(const virDomainInfo *info, int have, struct vm_guest_info *g)
{
	g->state = lv_map_state(info->state);
	if (!(have & 2))
		g->vcpus_current = g->vcpus_max = info->nrVirtCpu;
	if (!(have & 4)) {
		g->mem_current = (uint64_t)info->memory * 1024;
		g->mem_max = (uint64_t)info->maxMem * 1024;
	}
	if (g->cpu_time < 0)
		g->cpu_time = (double)info->cpuTime / 1e9;
}

/* Bulk: a constant number of round trips whatever the number of guests,
 * and O(n log n) work.  Where the driver has no bulk stats, the domains
 * alone (one more round trip).  A guest undefined between the stats and
 * its GetInfo is not listed; any other failure fails the whole list, never
 * a list of half-known guests. */
int lv_list(struct vm_conn *c, struct vm_guest_list *out, struct vm_error *err)
{
	struct list_calls a = { .conn = c->conn };
	lv_each(3, list_call, &a);
	virDomainPtr *doms = NULL;
	int n = a.n, nd = 0, rc = 0;
	double took = a.stats_took;
	if (n < 0) { /* no bulk stats in this driver: the domains alone */
		a.stats = NULL;
		double t0 = now();
		n = nd = virConnectListAllDomains(c->conn, &doms, 0);
		took = now() - t0;
		if (n < 0)
			rc = lv_fail(err, "list the guests", NULL);
	}
	if (rc == 0 && a.set_err) /* a daemon gone mid-list */
		rc = lv_fail_with(a.set_err, err, "list the guests", NULL);
	if (rc < 0)
		n = 0;
	unsigned char *tset = uuid_set(a.trans, a.nt), *aset = uuid_set(a.autos, a.na);
	struct vm_guest_info *v = xcalloc(n ? (size_t)n : 1, sizeof(*v));
	int *have = xcalloc(n ? (size_t)n : 1, sizeof(*have));
	struct fill *fill = xcalloc(n ? (size_t)n : 1, sizeof(*fill));
	size_t nfill = 0;
	for (int i = 0; i < n; i++) {
		virDomainPtr d = a.stats ? a.stats[i]->dom : doms[i];
		lv_fill_identity(d, &v[i]);
		int transient = uuid_has(tset, a.nt, d);
		v[i].persistent = transient < 0 ? -1 : !transient;
		v[i].autostart = uuid_has(aset, a.na, d);
		have[i] = a.stats ? from_stats(a.stats[i], &v[i]) : 0;
		if (have[i] != 7)
			fill[nfill++].d = d;
	}
	lv_each_after(took, nfill, fill_call, fill);
	out->v = xcalloc(n ? (size_t)n : 1, sizeof(*out->v));
	out->n = 0;
	for (int i = 0, k = 0; i < n; i++) {
		struct fill *f = have[i] != 7 ? &fill[k++] : NULL;
		if (f && f->e) {
			if (f->e->code != VIR_ERR_NO_DOMAIN && rc == 0) /* else: undefined since the stats, not listed */
				rc = lv_fail_with(f->e, err, "list the guests", NULL);
			virFreeError(f->e);
			guest_info_clear(&v[i]);
			continue;
		}
		if (f)
			from_info(&f->info, have[i], &v[i]);
		out->v[out->n++] = v[i];
	}
	free(v);
	free(have);
	free(fill);
	free(tset);
	free(aset);
	if (a.set_err)
		virFreeError(a.set_err);
	if (a.stats)
		virDomainStatsRecordListFree(a.stats);
	if (nd > 0)
		free_doms(doms, nd);
	else
		free(doms);
	if (a.nt > 0)
		free_doms(a.trans, a.nt);
	else
		free(a.trans);
	if (a.na > 0)
		free_doms(a.autos, a.na);
	else
		free(a.autos);
	if (rc < 0)
		guest_list_clear(out);
	return rc;
}
