/* holder.c: keeps one connection to URI open until it reads EOF on stdin or
 * is signalled.  libvirt's test driver frees test:///default when its last
 * connection closes; through a libvirtd that holds the 1,000 defined guests
 * (and their paused/running state) between the benchmark's processes.
 * Prints "ready" once connected. */
#include <libvirt/libvirt.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: holder URI\n");
		return 2;
	}
	virConnectPtr c = virConnectOpen(argv[1]);
	if (!c)
		return 5;
	printf("ready\n");
	fflush(stdout);
	char buf[64];
	while (read(0, buf, sizeof(buf)) > 0)
		;
	virConnectClose(c);
	return 0;
}
