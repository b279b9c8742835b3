/* lxc_cgroup.c: a container's memory and CPUs, read from its cgroup when
 * it runs and from its config when it does not (what info and list show),
 * and changed by mem-set and vcpu-set: live through the cgroup, saved in
 * the config, or both (--live / --config).  cgroup v1 and v2 hosts alike. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>

#include "backend_util.h"
#include "lxc_internal.h"

/* ---- cgroup, config and host facts ---------------------------------- */

/* cgroup v2 when /sys/fs/cgroup is the unified hierarchy itself; a hybrid
 * host (v1 controllers, v2 only for systemd) keeps memory and cpuset on v1. */
static bool cgroup_v2(void)
{
	struct statfs sf;
	return statfs("/sys/fs/cgroup", &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC;
}

struct cg_items {
	const char *mem_usage, *mem_limit, *mem_key;
	const char *cpuset_key;
};

static const struct cg_items *cg_items(void)
{
	static const struct cg_items v1 = {
		.mem_usage = "memory.usage_in_bytes",
		.mem_limit = "memory.limit_in_bytes",
		.mem_key = "lxc.cgroup.memory.limit_in_bytes",
		.cpuset_key = "lxc.cgroup.cpuset.cpus",
	};
	static const struct cg_items v2 = {
		.mem_usage = "memory.current",
		.mem_limit = "memory.max",
		.mem_key = "lxc.cgroup2.memory.max",
		.cpuset_key = "lxc.cgroup2.cpuset.cpus",
	};
	return cgroup_v2() ? &v2 : &v1;
}

/* A cgroup item of a running container into buf; -1 when liblxc has none. */
static int cg_get(struct lxc_container *c, const char *item, char *buf, size_t len)
{
	int n = c->get_cgroup_item(c, item, buf, (int)len);
	if (n < 0 || (size_t)n >= len)
		return -1;
	buf[n] = '\0';
	lx_trim(buf);
	return 0;
}

int lx_cfg_get(struct lxc_container *c, const char *key, char *buf, size_t len)
{
	int n = c->get_config_item(c, key, buf, (int)len);
	if (n <= 0 || (size_t)n >= len)
		return -1;
	buf[n] = '\0';
	lx_trim(buf);
	return 0;
}

/* The kernel's memparse: a number with an optional K/M/G/T/P/E suffix.
 * "max" and v1's near-2^63 "unlimited" give UINT64_MAX. */
static uint64_t parse_bytes(const char *s)
{
	if (strcmp(s, "max") == 0 || strcmp(s, "-1") == 0)
		return UINT64_MAX;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return 0;
	static const char units[] = "KMGTPE";
	const char *u = *end ? strchr(units, toupper((unsigned char)*end)) : NULL;
	for (int i = u ? (int)(u - units) + 1 : 0; i > 0; i--) {
		if (v > ULLONG_MAX / 1024)
			return UINT64_MAX;
		v *= 1024;
	}
	return v >= (1ULL << 62) ? UINT64_MAX : v;
}

static uint64_t host_memory(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	unsigned long long kib = 0;
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return (uint64_t)kib * 1024;
}

/* A CPU list ("0-3,8,10-11") into a sorted array; returns the count, or -1. */
static int parse_cpus(const char *s, unsigned **out)
{
	size_t n = 0, alloc = 16;
	unsigned *v = xmalloc(alloc * sizeof(*v));
	const char *p = s;
	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;
		if (end == p)
			goto bad;
		p = end;
		if (*p == '-') {
			b = strtoul(++p, &end, 10);
			if (end == p || b < a)
				goto bad;
			p = end;
		}
		if (b > 1u << 20)
			goto bad;
		for (unsigned long i = a; i <= b; i++) {
			if (n == alloc)
				v = xrealloc(v, (alloc *= 2) * sizeof(*v));
			v[n++] = (unsigned)i;
		}
		if (*p == ',')
			p++;
		else if (*p && !isspace((unsigned char)*p))
			goto bad;
		else if (*p)
			break;
	}
	*out = v;
	return (int)n;
bad:
	free(v);
	*out = NULL;
	return -1;
}

/* The first count of cpus[] as a list with ranges: "0-1", "0,2-3". */
static char *cpu_list(const unsigned *cpus, unsigned count)
{
	struct strvec parts = STRVEC_INIT;
	for (unsigned i = 0; i < count;) {
		unsigned j = i;
		while (j + 1 < count && cpus[j + 1] == cpus[j] + 1)
			j++;
		if (j == i)
			strvec_pushf(&parts, "%u", cpus[i]);
		else
			strvec_pushf(&parts, "%u-%u", cpus[i], cpus[j]);
		i = j + 1;
	}
	size_t len = 1;
	for (size_t i = 0; i < parts.n; i++)
		len += strlen(parts.v[i]) + 1;
	char *s = xcalloc(1, len);
	for (size_t i = 0; i < parts.n; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, parts.v[i]);
	}
	strvec_clear(&parts);
	return s;
}

/* The host's online CPUs; returns the count, or -1 with err filled. */
static int online_cpus(unsigned **cpus, char **text, struct vm_error *err)
{
	char buf[4096] = "";
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		int e = f ? 0 : errno;
		if (f)
			fclose(f);
		vm_error_set(err, VM_EXIT_FAILED, "cannot read the host's online CPUs from /sys/devices/system/cpu/online%s%s",
			     e ? ": " : " (empty)", e ? strerror(e) : "");
		return -1;
	}
	fclose(f);
	lx_trim(buf);
	int n = parse_cpus(buf, cpus);
	if (n <= 0) {
		vm_error_set(err, VM_EXIT_FAILED, "cannot parse the host's online CPUs '%s'", buf);
		return -1;
	}
	if (text)
		*text = xstrdup(buf);
	return n;
}

const char *lx_mem_key(void)
{
	return cg_items()->mem_key;
}

const char *lx_cpuset_key(void)
{
	return cg_items()->cpuset_key;
}

char *lx_first_cpus(unsigned count, const char *what, const char *guest, struct vm_error *err)
{
	unsigned *cpus = NULL;
	char *online = NULL, *list = NULL;
	int n = online_cpus(&cpus, &online, err);
	if (n < 0)
		goto cleanup;
	if (count > (unsigned)n) {
		cannot(err, VM_EXIT_FAILED, what, guest,
		       "a container runs on host CPUs and this host has %d online (%s); ask for at most %d", n, online, n);
		goto cleanup;
	}
	list = cpu_list(cpus, count);
cleanup:
	free(cpus);
	free(online);
	return list;
}

/* ---- what info and list show ---------------------------------------- */

void lx_fill_info(struct lxc_container *c, struct vm_guest_info *g, bool ips)
{
	const struct cg_items *cg = cg_items();
	char buf[4096];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(c->name);
	g->id = -1; /* a container has no id: its init PID is init_pid */
	g->cpu_time = -1;
	g->state = lx_state(c);
	g->persistent = c->is_defined(c) ? 1 : 0;
	g->autostart = lx_cfg_get(c, "lxc.start.auto", buf, sizeof(buf)) == 0 && atoi(buf) > 0;

	uint64_t limit = UINT64_MAX;
	bool running = g->state != VM_STATE_SHUTOFF && g->state != VM_STATE_UNKNOWN;
	if (running) {
		pid_t pid = c->init_pid(c);
		g->init_pid = pid > 0 ? (int)pid : 0;
		if (cg_get(c, cg->mem_usage, buf, sizeof(buf)) == 0)
			g->mem_current = parse_bytes(buf);
		if (cg_get(c, cg->mem_limit, buf, sizeof(buf)) == 0)
			limit = parse_bytes(buf);
		if ((cg_get(c, "cpuset.cpus", buf, sizeof(buf)) == 0 && buf[0]) ||
		    (cg_get(c, "cpuset.cpus.effective", buf, sizeof(buf)) == 0 && buf[0]))
			g->cpuset = xstrdup(buf);
		if (!cgroup_v2() && cg_get(c, "cpuacct.usage", buf, sizeof(buf)) == 0) {
			g->cpu_time = (double)strtoull(buf, NULL, 10) / 1e9;
		} else if (cg_get(c, "cpu.stat", buf, sizeof(buf)) == 0) {
			const char *u = strstr(buf, "usage_usec ");
			if (u)
				g->cpu_time = (double)strtoull(u + 11, NULL, 10) / 1e6;
		}
		if (ips) {
			char **v = c->get_ips(c, NULL, NULL, 0);
			for (size_t i = 0; v && v[i]; i++) {
				strvec_push(&g->ips, v[i]);
				free(v[i]);
			}
			free(v);
		}
	} else {
		if (lx_cfg_get(c, cg->mem_key, buf, sizeof(buf)) == 0)
			limit = parse_bytes(buf);
		if (lx_cfg_get(c, cg->cpuset_key, buf, sizeof(buf)) == 0 && buf[0])
			g->cpuset = xstrdup(buf);
	}
	g->mem_max = limit == UINT64_MAX ? host_memory() : limit;
	if (!g->cpuset) {
		unsigned *cpus = NULL;
		struct vm_error ignored;
		if (online_cpus(&cpus, &g->cpuset, &ignored) < 0)
			g->cpuset = NULL;
		free(cpus);
	}
	unsigned *cpus = NULL;
	int n = g->cpuset ? parse_cpus(g->cpuset, &cpus) : -1;
	free(cpus);
	g->vcpus_current = g->vcpus_max = n > 0 ? (unsigned)n : 0;
}

/* Bytes read and written by a running container's tasks: cgroup v2's
 * io.stat (rbytes=, wbytes= per device), v1's
 * blkio.throttle.io_service_bytes ("MAJ:MIN Read N", "... Write N" per
 * device, then "Total"), summed over devices; false when neither is there. */
bool lx_io_bytes(struct lxc_container *c, uint64_t *rd, uint64_t *wr)
{
	char buf[16384];
	*rd = *wr = 0;
	if (cgroup_v2()) {
		if (cg_get(c, "io.stat", buf, sizeof(buf)) < 0)
			return false;
		for (const char *p = buf; (p = strstr(p, "bytes=")); p += 6) {
			unsigned long long v = strtoull(p + 6, NULL, 10);
			if (p > buf && p[-1] == 'r')
				*rd += v;
			else if (p > buf && p[-1] == 'w')
				*wr += v;
		}
		return true;
	}
	if (cg_get(c, "blkio.throttle.io_service_bytes", buf, sizeof(buf)) < 0)
		return false;
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char dev[32], op[16];
		unsigned long long v;
		if (sscanf(line, "%31s %15s %llu", dev, op, &v) != 3)
			continue;
		if (strcmp(op, "Read") == 0)
			*rd += v;
		else if (strcmp(op, "Write") == 0)
			*wr += v;
	}
	return true;
}

/* ---- mem-set and vcpu-set -------------------------------------------- */

/* --live/--config, or by default what the state allows (virsh --current):
 * live when running, the config when stopped. */
int lx_targets(struct lxc_container *c, const struct vm_request *req, const char *what, bool *live, bool *config,
	       struct vm_error *err)
{
	bool running = lx_state(c) != VM_STATE_SHUTOFF;
	*live = req->live;
	*config = req->config;
	if (!*live && !*config) {
		*live = running;
		*config = !running;
	}
	if (*live && !running)
		return cannot(err, VM_EXIT_FAILED, what, req->guest,
			      "--live needs a running container and it is shutoff (--config changes its config)");
	if (*config && !c->is_defined(c))
		return cannot(err, VM_EXIT_FAILED, what, req->guest, "it has no config file to save to");
	return 0;
}

/* Sets a cgroup item live and/or a config key saved to the config file. */
static int apply(struct lxc_container *c, const struct vm_request *req, const char *what, const char *item,
		 const char *key, const char *value, bool live, bool config, struct vm_error *err)
{
	if (live) {
		errno = 0;
		if (!c->set_cgroup_item(c, item, value)) {
			int e = errno;
			return cannot(err, VM_EXIT_FAILED, what, req->guest, "the cgroup refused %s = %s%s%s", item,
				      value, e ? ": " : "", e ? strerror(e) : "");
		}
	}
	if (config) {
		/* cgroup keys accumulate: drop the old value, not only add one */
		c->clear_config_item(c, key);
		if (!c->set_config_item(c, key, value))
			return cannot(err, VM_EXIT_FAILED, what, req->guest, "liblxc refused %s = %s", key, value);
		if (!c->save_config(c, NULL))
			return cannot(err, VM_EXIT_FAILED, what, req->guest, "cannot save its config %s: %s",
				      c->configfile ? c->configfile : "", errno ? strerror(errno) : "liblxc failed");
	}
	return 0;
}

int lx_mem_set(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	const struct cg_items *cg = cg_items();
	int rc = -1;
	bool live, config;
	if (lx_targets(c, req, "set the memory of", &live, &config, err) == 0) {
		char value[32]; /* bytes; 16 EiB saturates (the kernel clamps to its maximum) */
		uint64_t bytes = req->size_kib > UINT64_MAX / 1024 ? UINT64_MAX : req->size_kib * 1024;
		snprintf(value, sizeof(value), "%llu", (unsigned long long)bytes);
		rc = apply(c, req, "set the memory of", cg->mem_limit, cg->mem_key, value, live, config, err);
	}
	lxc_container_put(c);
	return rc;
}

int lx_vcpu_set(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	bool live, config;
	char *list = lx_first_cpus(req->count, "set the CPUs of", req->guest, err);
	if (list && lx_targets(c, req, "set the CPUs of", &live, &config, err) == 0)
		rc = apply(c, req, "set the CPUs of", "cpuset.cpus", cg_items()->cpuset_key, list, live, config, err);
	free(list);
	lxc_container_put(c);
	return rc;
}

/* ---- vcpu-list ------------------------------------------------------- */

/* A container has no vCPUs: its tasks run on the host's CPUs that its
 * cpuset allows.  One record per such CPU, in order: "vcpu" its ordinal,
 * "state" the container's, "cpu" the host CPU (null when the container is
 * not running: nothing runs anywhere), "affinity" the whole allowed list
 * (any task may run on any of them).  Running: the cgroup's
 * cpuset.cpus.effective (v1: cpuset.effective_cpus; what the kernel really allows, the parent's limits
 * included); stopped: the config's cpuset, else every online CPU. */
int lx_vcpu_list(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	char buf[4096];
	char *list = NULL;
	enum vm_state st = lx_state(c);
	bool running = st != VM_STATE_SHUTOFF && st != VM_STATE_UNKNOWN;
	/* cgroup v2's name, then v1's */
	if (running && ((cg_get(c, "cpuset.cpus.effective", buf, sizeof(buf)) == 0 && buf[0]) ||
			(cg_get(c, "cpuset.effective_cpus", buf, sizeof(buf)) == 0 && buf[0])))
		list = xstrdup(buf);
	else if (!running && lx_cfg_get(c, cg_items()->cpuset_key, buf, sizeof(buf)) == 0 && buf[0])
		list = xstrdup(buf);
	int rc = -1;
	unsigned *cpus = NULL;
	if (!list) {
		if (running) {
			cannot(err, VM_EXIT_FAILED, "list the CPUs of", req->guest,
			       "its cgroup has no cpuset.cpus.effective (v1: cpuset.effective_cpus): no cpuset "
			       "controller?");
			goto cleanup;
		}
		if (online_cpus(&cpus, &list, err) < 0)
			goto cleanup;
		free(cpus);
		cpus = NULL;
	}
	int n = parse_cpus(list, &cpus);
	if (n <= 0) {
		cannot(err, VM_EXIT_FAILED, "list the CPUs of", req->guest, "cannot parse its CPU list '%s'", list);
		goto cleanup;
	}
	for (int i = 0; i < n; i++) {
		struct vm_record *r = vm_records_new(out);
		vm_record_num(r, "vcpu", FIELD_NUM, (unsigned long long)i);
		vm_record_add(r, "state", "%s", vm_state_name(st));
		vm_record_num_if(r, "cpu", FIELD_NUM, running, cpus[i]);
		vm_record_add(r, "affinity", "%s", list);
	}
	rc = 0;
cleanup:
	free(cpus);
	free(list);
	lxc_container_put(c);
	return rc;
}
