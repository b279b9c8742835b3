/* fleet_floor.c: the floor for `vmctl --hosts FILE list --name` (issue 22).
 * Reads URIs from FILE (one a line; blank lines and # comments skipped),
 * starts one thread per host, each doing virConnectOpen and one bulk call,
 * virConnectListAllDomains (the names come with the domains: no further RPC),
 * then prints "URI NAME" per guest, hosts in file order, each host's guests
 * in the order libvirt returned them. A host that fails: one line on stderr.
 *   fleet_floor FILE
 * Exit: 0 all hosts answered, 6 some did not, 1 none did, 2 usage.
 * Build: cc -O2 -Wall -Wextra -pthread -o fleet_floor bench/fleet_floor.c $(pkg-config --cflags --libs libvirt)
 * (bench/fleet.sh builds it into build-bench/bench/bin/). */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct host {
	char *uri;
	pthread_t tid;
	char **names;
	int n;		/* domains, or -1 */
	char err[256];
};

static void quiet(void *opaque, virErrorPtr e)
{
	(void)opaque;
	(void)e;
}

static void fail(struct host *h, const char *what)
{
	virErrorPtr e = virGetLastError();
	snprintf(h->err, sizeof(h->err), "%s: %s", what, e && e->message ? e->message : "failed");
}

static void *work(void *arg)
{
	struct host *h = arg;
	h->n = -1;
	virConnectPtr c = virConnectOpen(h->uri);
	if (!c) {
		fail(h, "cannot connect");
		return NULL;
	}
	virDomainPtr *doms = NULL;
	h->n = virConnectListAllDomains(c, &doms, 0);
	if (h->n < 0)
		fail(h, "cannot list");
	/* the names copied and the domains freed here: a domain holds its
	 * connection, whose close (a round trip) would otherwise come with the
	 * last virDomainFree in main, one host after another */
	h->names = calloc(h->n > 0 ? (size_t)h->n : 1, sizeof(*h->names));
	for (int j = 0; j < h->n; j++) {
		h->names[j] = strdup(virDomainGetName(doms[j]));
		virDomainFree(doms[j]);
	}
	free(doms);
	virConnectClose(c);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fleet_floor HOSTS-FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	struct host *hosts = NULL;
	size_t n = 0, cap = 0;
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			struct host *p = realloc(hosts, cap * sizeof(*hosts));
			if (!p) {
				perror("realloc");
				return 1;
			}
			hosts = p;
		}
		memset(&hosts[n], 0, sizeof(hosts[n]));
		if (!(hosts[n].uri = strdup(line))) {
			perror("strdup");
			return 1;
		}
		n++;
	}
	fclose(f);
	if (virInitialize() < 0) {
		fprintf(stderr, "fleet_floor: virInitialize failed\n");
		return 1;
	}
	virSetErrorFunc(NULL, quiet);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1024 * 1024);	/* 200 hosts: 200 MiB of address space, little of it touched */
	for (size_t i = 0; i < n; i++) {
		int rc = pthread_create(&hosts[i].tid, &attr, work, &hosts[i]);
		if (rc != 0) {
			fprintf(stderr, "fleet_floor: pthread_create: %s\n", strerror(rc));
			return 1;
		}
	}
	size_t ok = 0;
	for (size_t i = 0; i < n; i++) {
		struct host *h = &hosts[i];
		pthread_join(h->tid, NULL);
		if (h->n < 0) {
			fprintf(stderr, "fleet_floor: %s: %s\n", h->uri, h->err);
			free(h->uri);
			continue;
		}
		ok++;
		for (int j = 0; j < h->n; j++) {
			printf("%s %s\n", h->uri, h->names[j]);
			free(h->names[j]);
		}
		free(h->names);
		free(h->uri);
	}
	free(hosts);
	return ok == n ? 0 : ok ? 6 : 1;
}
