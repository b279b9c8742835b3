/* setall.c: puts every guest of URI in one state, from one connection:
 *   setall URI running|paused
 * (one virConnectGetAllDomainStats, then virDomainResume or virDomainSuspend
 * for each guest not yet there).  The benchmark's neutral reset between runs
 * of pause --all / resume --all; prints how many guests it changed. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <string.h>

static void quiet(void *opaque, virErrorPtr e)
{
	(void)opaque;
	(void)e;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[2], "running") && strcmp(argv[2], "paused"))) {
		fprintf(stderr, "usage: setall URI running|paused\n");
		return 2;
	}
	int want_paused = strcmp(argv[2], "paused") == 0, changed = 0, rc = 0;
	virSetErrorFunc(NULL, quiet);
	virConnectPtr c = virConnectOpen(argv[1]);
	virDomainStatsRecordPtr *recs = NULL;
	int n = c ? virConnectGetAllDomainStats(c, VIR_DOMAIN_STATS_STATE, &recs, 0) : -1;
	if (n < 0) {
		virErrorPtr e = virGetLastError();
		fprintf(stderr, "setall: %s\n", e && e->message ? e->message : "failed");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		int st = 0;
		virTypedParamsGetInt(recs[i]->params, recs[i]->nparams, "state.state", &st);
		if (want_paused && st == VIR_DOMAIN_RUNNING) {
			if (virDomainSuspend(recs[i]->dom) < 0)
				rc = 1;
			changed++;
		} else if (!want_paused && st == VIR_DOMAIN_PAUSED) {
			if (virDomainResume(recs[i]->dom) < 0)
				rc = 1;
			changed++;
		}
	}
	virDomainStatsRecordListFree(recs);
	virConnectClose(c);
	printf("%d\n", changed);
	return rc;
}
