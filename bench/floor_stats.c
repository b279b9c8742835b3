/* floor_stats.c: the floor for one refresh of `vmctl top`: one libvirt
 * connection, then K times the same bulk call top's libvirt sample makes
 * (virConnectGetAllDomainStats with the state, cpu, balloon, vcpu,
 * interface and block groups, NOWAIT), each result freed, nothing else:
 * no figures read, no output.
 *   floor_stats URI K
 * bench/top.sh runs it with two values of K: the difference of its CPU
 * time, over the difference of K, is the floor's CPU per refresh. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>

static void quiet(void *opaque, virErrorPtr e)
{
	(void)opaque;
	(void)e;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: floor_stats URI K\n");
		return 2;
	}
	int k = atoi(argv[2]);
	virSetErrorFunc(NULL, quiet);
	virConnectPtr c = virConnectOpenReadOnly(argv[1]);
	if (!c) {
		virErrorPtr e = virGetLastError();
		fprintf(stderr, "floor_stats: %s\n", e && e->message ? e->message : "cannot connect");
		return 5;
	}
	unsigned stats = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON |
			 VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
	for (int i = 0; i < k; i++) {
		virDomainStatsRecordPtr *recs = NULL;
		int n = virConnectGetAllDomainStats(c, stats, &recs, VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
		if (n < 0) {
			virErrorPtr e = virGetLastError();
			fprintf(stderr, "floor_stats: %s\n", e && e->message ? e->message : "failed");
			return 1;
		}
		virDomainStatsRecordListFree(recs);
	}
	virConnectClose(c);
	return 0;
}
