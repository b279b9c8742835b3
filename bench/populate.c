/* populate.c: defines N guests on a libvirt connection, from one process.
 *   populate URI test PREFIX N   test-driver guests PREFIX0001.., started
 *                                (removes the driver's own "test" guest)
 *   populate URI qemu PREFIX N   minimal QEMU guests, defined, never started
 * Idempotent: a guest that exists is left alone (a test guest is started if
 * it is not running).  Prints how many it defined. */
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

static int die(const char *what)
{
	virErrorPtr e = virGetLastError();
	fprintf(stderr, "populate: %s: %s\n", what, e && e->message ? e->message : "failed");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 5 || (strcmp(argv[2], "test") && strcmp(argv[2], "qemu"))) {
		fprintf(stderr, "usage: populate URI test|qemu PREFIX N\n");
		return 2;
	}
	int test = strcmp(argv[2], "test") == 0, n = atoi(argv[4]), made = 0;
	const char *prefix = argv[3];
	virSetErrorFunc(NULL, quiet);
	virConnectPtr c = virConnectOpen(argv[1]);
	if (!c)
		return die("connect");
	if (test) {
		virDomainPtr d = virDomainLookupByName(c, "test");
		if (d) {
			virDomainDestroy(d);
			virDomainUndefine(d);
			virDomainFree(d);
		}
	}
	for (int i = 1; i <= n; i++) {
		char name[128], xml[1024];
		snprintf(name, sizeof(name), "%s%04d", prefix, i);
		virDomainPtr d = virDomainLookupByName(c, name);
		if (!d) {
			if (test)
				snprintf(xml, sizeof(xml),
					 "<domain type='test'><name>%s</name><memory unit='MiB'>64</memory>"
					 "<vcpu>1</vcpu><os><type>hvm</type></os></domain>", name);
			else
				snprintf(xml, sizeof(xml),
					 "<domain type='qemu'><name>%s</name><memory unit='MiB'>32</memory>"
					 "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
					 "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>",
					 name);
			d = virDomainDefineXML(c, xml);
			if (!d)
				return die(name);
			made++;
		}
		int st, reason;
		if (test && virDomainGetState(d, &st, &reason, 0) == 0 && st == VIR_DOMAIN_SHUTOFF &&
		    virDomainCreate(d) < 0)
			return die(name);
		virDomainFree(d);
	}
	printf("%d\n", made);
	virConnectClose(c);
	return 0;
}
