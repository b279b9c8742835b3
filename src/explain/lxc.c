/* lxc.c: the lxc-* vocabulary (LXC 5.0).  The name always goes through
 * -n NAME, so a name that begins with '-' is an option's value, never an
 * option. */
#include <stdlib.h>

#include "explain.h"

/* "lxc-TOOL [-P DIR] -n NAME" */
static struct strvec *tool(struct explanation *ex, const struct vm_request *req, const char *name)
{
	struct strvec *c = ex_cmd(ex, name);
	if (req->lxcpath) {
		strvec_push(c, "-P");
		strvec_push(c, req->lxcpath);
	}
	if (req->guest) {
		strvec_push(c, "-n");
		strvec_push(c, req->guest);
	}
	return c;
}

/* The first COUNT CPUs as a cpuset list: "0", "0-3". */
static char *cpu_list(unsigned count)
{
	return count == 1 ? xasprintf("0") : xasprintf("0-%u", count - 1);
}

/* vcpu-set and mem-set share the handling of --live/--config. */
static void cgroup_set(struct explanation *ex, const struct vm_request *req, const char *item,
		       const char *value, const char *config_key)
{
	if (req->config && !req->live) {
		ex_none(ex, "lxc-cgroup changes the running container only; for the next start set %s = %s in its config",
			config_key, value);
		return;
	}
	struct strvec *c = tool(ex, req, "lxc-cgroup");
	strvec_push(c, item);
	strvec_push(c, value);
	if (req->config)
		ex_approx(ex, "lxc-cgroup changes the running container only; for the next start also set %s = %s in its config",
			  config_key, value);
}

void explain_lxc(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_LIST:
		c = tool(ex, req, "lxc-ls");
		strvec_push(c, req->names ? "-1" : "-f");
		return;
	case VERB_INFO:
		tool(ex, req, "lxc-info");
		ex_note(ex, "lxc-info shows state, init PID, IPs and resource use (vzctl status shows much less)");
		return;
	case VERB_START:
		if (req->from) {
			ex_none(ex, "a container is started by name; closest: lxc-start -n NAME -f %s", req->from);
			return;
		}
		tool(ex, req, "lxc-start");
		if (req->paused) {
			tool(ex, req, "lxc-freeze");
			ex_approx(ex, "lxc-start cannot start a container frozen: it runs briefly before lxc-freeze");
		}
		if (req->console) {
			tool(ex, req, "lxc-console");
			ex_note(ex, "leave the console with Ctrl+a q");
		}
		return;
	case VERB_STOP:
		c = tool(ex, req, "lxc-stop");
		if (req->force && req->timeout == 0) {
			strvec_push(c, "-k");
			ex_note(ex, "--force with --timeout 0 kills at once");
			return;
		}
		if (req->timeout == 0) {
			strvec_push(c, "--nowait");
			return;
		}
		strvec_push(c, "-t");
		strvec_pushf(c, "%u", req->timeout);
		if (!req->force) {
			strvec_push(c, "--nokill");
			ex_note(ex, "without --nokill, lxc-stop kills the container when the timeout expires (vmctl stop --force)");
		}
		return;
	case VERB_KILL:
		strvec_push(tool(ex, req, "lxc-stop"), "-k");
		ex_note(ex, "lxc-destroy would delete the container; lxc-stop -k only kills it");
		return;
	case VERB_REBOOT:
		strvec_push(tool(ex, req, "lxc-stop"), "-r");
		return;
	case VERB_PAUSE:
		tool(ex, req, "lxc-freeze");
		return;
	case VERB_RESUME:
		tool(ex, req, "lxc-unfreeze");
		return;
	case VERB_VCPU_SET: {
		char *cpus = cpu_list(req->count);
		cgroup_set(ex, req, "cpuset.cpus", cpus, "lxc.cgroup.cpuset.cpus");
		if (ex->equiv != EQUIV_NONE)
			ex_approx(ex, "a container has no vCPUs; this pins it to %u host CPU%s (vmctl takes the first %u online ones)",
				  req->count, req->count == 1 ? "" : "s", req->count);
		free(cpus);
		return;
	}
	case VERB_MEM_SET: {
		char *size = size_with_suffix(req->size_kib, "K", "M", "G", "T");
		cgroup_set(ex, req, "memory.limit_in_bytes", size, "lxc.cgroup.memory.limit_in_bytes");
		if (ex->equiv != EQUIV_NONE)
			ex_note(ex, "this is cgroup v1; on a cgroup v2 host the item is memory.max (vmctl chooses at run time)");
		free(size);
		return;
	}
	case VERB_CD_CHANGE:
		ex_none(ex, "a container has no CD drive; closest: bind-mount the ISO's files with lxc.mount.entry");
		return;
	case VERB_CONSOLE:
		tool(ex, req, "lxc-console");
		ex_note(ex, "leave the console with Ctrl+a q");
		return;
	case VERB_SAVE:
		c = tool(ex, req, "lxc-checkpoint");
		strvec_push(c, "-D");
		strvec_push(c, req->path);
		strvec_push(c, "-s");
		ex_note(ex, "needs CRIU; PATH is a directory; -s stops the container once checkpointed, as vmctl save does");
		return;
	case VERB_RESTORE:
		if (!g) {
			ex_none(ex, "lxc-checkpoint needs the container's name: vmctl restore PATH GUEST");
			return;
		}
		c = tool(ex, req, "lxc-checkpoint");
		strvec_push(c, "-r");
		strvec_push(c, "-D");
		strvec_push(c, req->path);
		ex_note(ex, "needs CRIU");
		return;
	case VERB_SNAPSHOT:
		c = tool(ex, req, "lxc-snapshot");
		switch (req->snapshot_op) {
		case SNAPSHOT_CREATE:
			if (req->snapshot)
				ex_none(ex, "liblxc names snapshots itself (snap0, snap1, ...): the name %s cannot be chosen; closest: lxc-snapshot -n %s",
					req->snapshot, g);
			return;
		case SNAPSHOT_LIST:
			strvec_push(c, "-L");
			return;
		case SNAPSHOT_REVERT:
			strvec_push(c, "-r");
			strvec_push(c, req->snapshot);
			return;
		case SNAPSHOT_DELETE:
			strvec_push(c, "-d");
			strvec_push(c, req->snapshot);
			return;
		}
		break;
	case VERB_MIGRATE:
		ex_none(ex, "LXC has no migration; closest: lxc-checkpoint here, copy the directory, lxc-checkpoint -r there (CRIU)");
		return;
	CASE_WATCH:
		explain_watch(VOCAB_LXC, req, ex);
		return;
	CASE_DEVICES:
		explain_devices(VOCAB_LXC, req, ex);
		return;
	CASE_DEFINE:
		explain_define(VOCAB_LXC, req, ex);
		return;
	CASE_RESOURCES:
		explain_no_resources(req, ex, "lxc-* has no storage pools or images: a container's rootfs is a directory "
					      "(or an LVM, btrfs, zfs volume) that lxc-create -B makes",
				     "lxc-* has no virtual networks: lxc-net keeps one bridge, lxcbr0 (/etc/default/lxc-net), and a container joins a bridge with lxc.net.0.link");
		return;
	case VERB_HOST:
		ex_cmd(ex, "lxc-checkconfig");
		ex_approx(ex, "lxc-checkconfig checks the kernel for containers only; vmctl host also checks KVM, Xen and libvirt");
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	ex_none(ex, "not a guest operation");
}
