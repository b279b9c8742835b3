/* lxc_top.c: top's sample, one record per container, from one pass over
 * the lxcpath: for each container its state and, when it runs, its cgroup's
 * counters (what info reads, lxc_cgroup.c: CPU time from cpuacct.usage or
 * cpu.stat's usage_usec, memory in use and its limit, the CPUs of its
 * cpuset) plus its block I/O (blkio.throttle.io_service_bytes or io.stat)
 * and its network traffic.
 *
 * Network: /proc/INIT_PID/net/dev, which the kernel shows for the network
 * namespace of that process (no setns, no fork): every interface but lo,
 * summed, as the container sees them (received = net_rx).  Reading the
 * host side of its veth pairs would need their names and miss the other
 * kinds (macvlan, phys, a namespace of its own); a container that shares
 * the host's network namespace would count the host's traffic, so such a
 * container (lxc.net.0.type = none) reports none. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend_util.h"
#include "lxc_internal.h"

/* The traffic of pid's network namespace, lo left out; false when it
 * cannot be read or is the host's own. */
static bool net_bytes(int pid, uint64_t *rx, uint64_t *tx)
{
	char path[64];
	struct stat self, other;
	*rx = *tx = 0;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
	if (stat("/proc/self/ns/net", &self) == 0 && stat(path, &other) == 0 && self.st_ino == other.st_ino &&
	    self.st_dev == other.st_dev)
		return false; /* the host's namespace: its traffic is not the container's */
	snprintf(path, sizeof(path), "/proc/%d/net/dev", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue; /* the two heading lines */
		*colon = '\0';
		const char *name = line + strspn(line, " ");
		if (strcmp(name, "lo") == 0)
			continue;
		unsigned long long v[9];
		/* rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes ... */
		if (sscanf(colon + 1, "%llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
			   &v[5], &v[6], &v[7], &v[8]) == 9) {
			*rx += v[0];
			*tx += v[8];
		}
	}
	fclose(f);
	return true;
}

static void sample(struct lxc_container *c, struct vm_records *out)
{
	struct vm_guest_info g;
	lx_fill_info(c, &g, false);
	bool running = g.state != VM_STATE_SHUTOFF && g.state != VM_STATE_UNKNOWN;
	uint64_t rd = 0, wr = 0, rx = 0, tx = 0;
	bool io = running && lx_io_bytes(c, &rd, &wr);
	bool net = running && g.init_pid > 0 && net_bytes(g.init_pid, &rx, &tx);
	struct vm_record *r = vm_records_new(out);
	vm_record_add(r, "name", "%s", g.name);
	vm_record_add(r, "state", "%s", vm_state_name(g.state));
	vm_record_num_if(r, "cpu_time", FIELD_NUM, running && g.cpu_time >= 0,
			 g.cpu_time >= 0 ? (unsigned long long)llround(g.cpu_time * 1e9) : 0);
	vm_record_num(r, "vcpus", FIELD_NUM, g.vcpus_current);
	vm_record_num_if(r, "mem", FIELD_BYTES, running, g.mem_current);
	vm_record_num(r, "mem_max", FIELD_BYTES, g.mem_max);
	vm_record_num_if(r, "disk_rd", FIELD_BYTES, io, rd);
	vm_record_num_if(r, "disk_wr", FIELD_BYTES, io, wr);
	vm_record_num_if(r, "net_rx", FIELD_BYTES, net, rx);
	vm_record_num_if(r, "net_tx", FIELD_BYTES, net, tx);
	guest_info_clear(&g);
}

int lx_top(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	(void)req;
	char **names = NULL;
	struct stat sb;
	if (stat(conn->lxcpath, &sb) != 0)
		return 0; /* as list: nothing there */
	int n = list_all_containers(conn->lxcpath, &names, NULL);
	if (n < 0)
		return vm_error_set(err, VM_EXIT_FAILED, "cannot list the containers in %s", conn->lxcpath);
	for (int i = 0; i < n; i++) {
		/* half-created or half-deleted (lxc_define.c's marker): absent, as in list */
		struct lxc_container *c = lx_marked(conn->lxcpath, names[i], NULL, 0) == LX_MARK_NONE
						  ? lx_open_container(names[i], conn->lxcpath, NULL)
						  : NULL;
		if (c) {
			sample(c, out);
			lxc_container_put(c);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}
