/* floor_list.c: the floor for `vmctl list`: one libvirt connection and one
 * bulk call for every domain and its stats, then one line per domain.
 *   floor_list URI            virConnectGetAllDomainStats (one RPC)
 *   floor_list -2 URI         virConnectListAllDomains + virDomainListGetStats
 *   floor_list -i URI         as the first, plus one virDomainGetInfo for each
 *                             domain whose stats lack vCPUs or memory (the
 *                             test driver's carry the state only): the floor
 *                             for what `vmctl list` shows
 * Prints "name state" per domain (-i: "name state vcpus KiB"). */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quiet(void *opaque, virErrorPtr e)
{
	(void)opaque;
	(void)e;
}

int main(int argc, char **argv)
{
	int two = argc > 2 && strcmp(argv[1], "-2") == 0, info = argc > 2 && strcmp(argv[1], "-i") == 0;
	const char *uri = argv[argc - 1];
	if (argc < 2) {
		fprintf(stderr, "usage: floor_list [-2|-i] URI\n");
		return 2;
	}
	virSetErrorFunc(NULL, quiet);
	virConnectPtr c = virConnectOpen(uri);
	if (!c) {
		virErrorPtr e = virGetLastError();
		fprintf(stderr, "floor_list: %s\n", e && e->message ? e->message : "cannot connect");
		return 5;
	}
	unsigned stats = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_BALLOON |
			 VIR_DOMAIN_STATS_CPU_TOTAL;
	virDomainStatsRecordPtr *recs = NULL;
	virDomainPtr *doms = NULL;
	int n, nd = 0;
	if (two) {
		nd = virConnectListAllDomains(c, &doms, 0);
		n = nd > 0 ? virDomainListGetStats(doms, stats, &recs, 0) : nd;
	} else {
		n = virConnectGetAllDomainStats(c, stats, &recs, 0);
	}
	if (n < 0) {
		virErrorPtr e = virGetLastError();
		fprintf(stderr, "floor_list: %s\n", e && e->message ? e->message : "failed");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		int st = 0;
		virTypedParamsGetInt(recs[i]->params, recs[i]->nparams, "state.state", &st);
		if (!info) {
			printf("%s %d\n", virDomainGetName(recs[i]->dom), st);
			continue;
		}
		unsigned vcpus = 0;
		unsigned long long kib = 0;
		virDomainInfo di;
		if ((virTypedParamsGetUInt(recs[i]->params, recs[i]->nparams, "vcpu.current", &vcpus) != 1 ||
		     virTypedParamsGetULLong(recs[i]->params, recs[i]->nparams, "balloon.current", &kib) != 1) &&
		    virDomainGetInfo(recs[i]->dom, &di) == 0) {
			st = di.state;
			vcpus = di.nrVirtCpu;
			kib = di.memory;
		}
		printf("%s %d %u %llu\n", virDomainGetName(recs[i]->dom), st, vcpus, kib);
	}
	if (recs)
		virDomainStatsRecordListFree(recs);
	for (int i = 0; i < nd; i++)
		virDomainFree(doms[i]);
	free(doms);
	virConnectClose(c);
	return 0;
}
