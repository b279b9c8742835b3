/* host.c: `vmctl host`, what this host can really run, in the spirit of
 * virt-host-validate and lxc-checkconfig.  Everything is read from the
 * machine: /proc/cpuinfo, /dev/kvm (a VM is really created), /sys/module,
 * /proc/xen, and each backend module's own probe. */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend.h"

static void section_init(struct vm_host_section *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
}

static void unavailable(struct vm_host_section *s, const char *fmt, const char *arg)
	__attribute__((format(printf, 2, 0)));
static void unavailable(struct vm_host_section *s, const char *fmt, const char *arg)
{
	s->available = 0;
	free(s->reason);
	char *why = xstrdup(fmt);
	char *at = strstr(why, "%s");
	s->reason = at ? xasprintf("%.*s%s%s", (int)(at - why), why, arg, at + 2) : xstrdup(why);
	free(why);
}

static void cpu_section(struct vm_host_section *s)
{
	section_init(s, "cpu");
	FILE *f = fopen("/proc/cpuinfo", "re");
	if (!f) {
		unavailable(s, "cannot read /proc/cpuinfo: %s", strerror(errno));
		return;
	}
	char *line = NULL, *vendor = NULL, *model = NULL, *flags = NULL;
	size_t cap = 0;
	unsigned cpus = 0;
	while (getline(&line, &cap, f) >= 0) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		char *v = colon + 1 + (colon[1] == ' ');
		v[strcspn(v, "\n")] = '\0';
		if (strncmp(line, "processor", 9) == 0)
			cpus++;
		else if (!vendor && strncmp(line, "vendor_id", 9) == 0)
			vendor = xstrdup(v);
		else if (!model && strncmp(line, "model name", 10) == 0)
			model = xstrdup(v);
		else if (!flags && strncmp(line, "flags", 5) == 0)
			flags = xasprintf(" %s ", v);
	}
	free(line);
	fclose(f);
	bool vmx = flags && strstr(flags, " vmx "), svm = flags && strstr(flags, " svm ");
	s->available = vmx || svm;
	if (!s->available)
		s->reason = xstrdup("no vmx or svm flag in /proc/cpuinfo: no hardware virtualisation");
	host_fact(s, "vendor", "%s", vendor ? vendor : "unknown");
	host_fact(s, "model", "%s", model ? model : "unknown");
	host_fact(s, "cpus", "%u", cpus);
	host_fact(s, "virtualization", "%s", vmx ? "vmx (Intel VT-x)" : svm ? "svm (AMD-V)" : "none");
	free(vendor);
	free(model);
	free(flags);
}

/* Runs one HLT instruction in a real-mode guest: the proof that a KVM guest
 * can run here, not only be created.  Returns NULL, or why not. */
static const char *kvm_run_hlt(int kvm, int vm, int vcpu)
{
	const char *why = NULL;
	size_t memsz = 0x1000;
	unsigned char *mem = mmap(NULL, memsz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int runsz = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	struct kvm_run *run = runsz > 0 ? mmap(NULL, (size_t)runsz, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0) : MAP_FAILED;
	if (mem == MAP_FAILED || run == MAP_FAILED) {
		why = "cannot map guest memory";
		goto out;
	}
	mem[0] = 0xf4; /* hlt */
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0x1000, .memory_size = memsz, .userspace_addr = (unsigned long)mem,
	};
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = 0x1000, .rflags = 0x2 };
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0 || ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) {
		why = strerror(errno);
		goto out;
	}
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0 || ioctl(vcpu, KVM_SET_REGS, &regs) < 0 ||
	    ioctl(vcpu, KVM_RUN, 0) < 0) {
		why = strerror(errno);
		goto out;
	}
	if (run->exit_reason != KVM_EXIT_HLT)
		why = run->exit_reason == KVM_EXIT_FAIL_ENTRY ? "the CPU refused to enter the guest (KVM_EXIT_FAIL_ENTRY)"
		      : run->exit_reason == KVM_EXIT_INTERNAL_ERROR ? "KVM internal error"
								     : "the guest did not stop at HLT";
out:
	if (run != MAP_FAILED)
		munmap(run, (size_t)runsz);
	if (mem != MAP_FAILED)
		munmap(mem, memsz);
	return why;
}

static void kvm_section(struct vm_host_section *s)
{
	section_init(s, "kvm");
	static const char *const mods[] = { "kvm", "kvm_intel", "kvm_amd" };
	char loaded[64] = "";
	for (size_t i = 0; i < ARRAY_SIZE(mods); i++) {
		char path[64];
		struct stat st;
		snprintf(path, sizeof(path), "/sys/module/%s", mods[i]);
		if (stat(path, &st) == 0)
			snprintf(loaded + strlen(loaded), sizeof(loaded) - strlen(loaded), "%s%s", *loaded ? " " : "", mods[i]);
	}
	host_fact(s, "modules", "%s", *loaded ? loaded : "none loaded");
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		host_fact(s, "/dev/kvm", "%s", errno == ENOENT ? "absent" : strerror(errno));
		unavailable(s, "/dev/kvm: %s", errno == ENOENT ? "absent" : strerror(errno));
		return;
	}
	host_fact(s, "/dev/kvm", "present, opened read-write");
	int api = ioctl(fd, KVM_GET_API_VERSION, 0);
	host_fact(s, "api version", "%d", api);
	int vm = api == KVM_API_VERSION ? ioctl(fd, KVM_CREATE_VM, 0) : -1;
	if (vm >= 0) {
		host_fact(s, "create a VM", "yes");
		int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
		host_fact(s, "create a vCPU", "%s", vcpu >= 0 ? "yes" : strerror(errno));
		if (vcpu < 0) {
			unavailable(s, "KVM_CREATE_VCPU fails: %s", strerror(errno));
		} else {
			const char *why = kvm_run_hlt(fd, vm, vcpu);
			host_fact(s, "run a guest", "%s", why ? why : "yes (a HLT instruction ran and exited)");
			s->available = why == NULL;
			if (why)
				unavailable(s, "a guest cannot run: %s", why);
			close(vcpu);
		}
		close(vm);
	} else {
		host_fact(s, "create a VM", "no: %s", api == KVM_API_VERSION ? strerror(errno) : "unexpected API version");
		unavailable(s, "KVM_CREATE_VM fails: %s", api == KVM_API_VERSION ? strerror(errno) : "unexpected API version");
	}
	close(fd);
}

static void xen_facts(struct vm_host_section *s)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/hypervisor/type", "re");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
		buf[strcspn(buf, "\n")] = '\0';
	}
	host_fact(s, "hypervisor", "%s", *buf ? buf : "none (not running under a hypervisor that says so)");
	f = fopen("/proc/xen/capabilities", "re");
	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	host_fact(s, "dom0", "%s", strstr(buf, "control_d") ? "yes" : "no");
}

static void criu_section(struct vm_host_section *s)
{
	section_init(s, "criu");
	const char *path = getenv("PATH");
	char *copy = xstrdup(path && *path ? path : "/usr/sbin:/usr/bin:/sbin:/bin");
	char *found = NULL;
	for (char *dir = strtok(copy, ":"); dir && !found; dir = strtok(NULL, ":")) {
		char *p = xasprintf("%s/criu", dir);
		if (access(p, X_OK) == 0)
			found = p;
		else
			free(p);
	}
	free(copy);
	if (!found) {
		unavailable(s, "%s", "criu is not installed: lxc save/restore exit 4");
		return;
	}
	s->available = 1;
	host_fact(s, "binary", "%s", found);
	host_fact(s, "note", "whether this kernel lets CRIU checkpoint is known when a save is tried");
	free(found);
}

/* A backend module's own probe, or why there is none. */
static void backend_section(struct globals *g, const struct vm_request *req, enum vm_backend_id b,
			    struct vm_host_section *s)
{
	struct vm_error err = { 0 };
	const struct backend_ops *ops = backend_load(b, &err);
	section_init(s, vm_backend_name(b));
	if (b == BACKEND_XEN)
		xen_facts(s);
	if (!ops) {
		unavailable(s, "%s", err.msg);
		return;
	}
	if (!ops->host) {
		unavailable(s, "backend %s reports nothing about the host", ops->name);
		return;
	}
	struct vm_request r = *req;
	r.backend = b;
	r.uri = b == BACKEND_LIBVIRT && g->arg_uris.n ? g->arg_uris.v[0] : NULL;
	r.lxcpath = g->arg_lxcpath;
	if (ops->host(&r, s, &err) < 0)
		unavailable(s, "%s", err.msg);
}

int verb_host(struct globals *g, const struct verb_def *verb, struct vm_request *req)
{
	(void)verb;
	struct vm_host_section s[6];
	size_t n = 0;
	cpu_section(&s[n++]);
	kvm_section(&s[n++]);
	backend_section(g, req, BACKEND_LIBVIRT, &s[n++]);
	backend_section(g, req, BACKEND_XEN, &s[n++]);
	backend_section(g, req, BACKEND_LXC, &s[n++]);
	criu_section(&s[n++]);
	if (g->arg_json) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "schema_version", json_object_new_int(1));
		for (size_t i = 0; i < n; i++) {
			json_object *sec = json_object_new_object();
			json_object_object_add(sec, "available", json_object_new_boolean(s[i].available));
			if (s[i].reason)
				json_object_object_add(sec, "reason", json_object_new_string(s[i].reason));
			for (size_t k = 0; k < s[i].keys.n; k++)
				json_object_object_add(sec, s[i].keys.v[k], json_object_new_string(s[i].values.v[k]));
			json_object_object_add(o, s[i].name, sec);
		}
		printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		for (size_t i = 0; i < n; i++) {
			printf("%s%s: %s%s%s\n", i ? "\n" : "", s[i].name, s[i].available ? "yes" : "no",
			       s[i].reason ? " - " : "", s[i].reason ? s[i].reason : "");
			for (size_t k = 0; k < s[i].keys.n; k++)
				printf("  %-16s %s\n", s[i].keys.v[k], s[i].values.v[k]);
		}
	}
	for (size_t i = 0; i < n; i++)
		host_section_clear(&s[i]);
	return VM_EXIT_OK;
}
