/* incus.c: the incus vocabulary (Incus 6.x, the incus client).  Instances
 * are containers and QEMU VMs alike, named as hostnames, on the current
 * remote (REMOTE:NAME names another).  Checked against the source only
 * (incus is not packaged in Debian 12): lxc/incus the cmd/incus Go files at tag
 * v6.0.0 (714bcc5e42b189f54025b8567df1f3408a1cae2c), with top.go (6.2) and
 * wait.go (6.21) from the later 6.x tags.  The names are hostnames, so none
 * begins with '-'; a snapshot name or a path that does goes after "--". */
#include <stdlib.h>
#include <string.h>

#include "incus.h"
#include "quote.h"

bool incus_valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	if (strspn(s, "0123456789") == n)
		return false; /* "Name cannot be a number" */
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n;
}

struct strvec *incus_cmd(struct explanation *ex, const char *word, const char *word2)
{
	struct strvec *c = ex_cmd(ex, "incus");
	strvec_push(c, word);
	if (word2)
		strvec_push(c, word2);
	return c;
}

static bool uri_is(const struct vm_request *req, const char *scheme)
{
	size_t n = strlen(scheme);
	return req->uri && strncmp(req->uri, scheme, n) == 0 && req->uri[n] && strchr("+:", req->uri[n]);
}

bool incus_is_ct(const struct vm_request *req)
{
	return req->backend == BACKEND_LXC || req->backend == BACKEND_OPENVZ || uri_is(req, "lxc");
}

bool incus_kind_known(const struct vm_request *req)
{
	return req->backend != BACKEND_NONE || req->uri;
}

static bool is_xen(const struct vm_request *req)
{
	return req->backend == BACKEND_XEN || uri_is(req, "xen");
}

/* Whether the verb acts on guests (not on the host or its resources). */
static bool guest_verb(enum vm_verb v)
{
	switch (v) {
	case VERB_HOST:
	CASE_RESOURCES:
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		return false;
	default:
		return true;
	}
}

/* The instance operand, or "--all" for a bulk request. */
static void target(struct strvec *c, const struct vm_request *req)
{
	strvec_push(c, req->all ? "--all" : req->guest);
}

/* incus changes every instance at once (cmd/incus/action.go doActionAll:
 * one UpdateInstances call, the bulk API). */
static void bulk_note(struct explanation *ex, const struct vm_request *req)
{
	if (!req->all)
		return;
	if (req->parallel > 1)
		ex_approx(ex, "incus --all changes every instance of the project at once (one bulk request): --parallel %u has no equivalent",
			  req->parallel);
	else
		ex_note(ex, "incus --all changes every instance of the project at once (one bulk request), not one after another");
}

/* stop: cmd/incus/action.go (cmdAction.Command) gives --timeout a default
 * of -1, no limit of the client's; cmd/incusd/instance_state.go
 * (doInstanceStatePut) makes -1 a shutdown of 600 s that fails, never
 * kills, when it expires, makes --force a kill at once whatever --timeout
 * says, and makes --timeout 0 a kill too. */
static void stop(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c = incus_cmd(ex, "stop", NULL);
	if (req->force && req->timeout == 0) {
		strvec_push(c, "--force");
		target(c, req);
		ex_note(ex, "--force with --timeout 0 kills at once: incus stop --force");
		bulk_note(ex, req);
		return;
	}
	strvec_push(c, "--timeout");
	strvec_pushf(c, "%u", req->timeout ? req->timeout : 1);
	target(c, req);
	if (req->timeout == 0)
		ex_approx(ex, "incus cannot ask for a shutdown without waiting: its --timeout 0 is a kill (incusd "
			  "doInstanceStatePut); --timeout 1 asks, then fails after 1 s while the instance goes on shutting down");
	if (req->force) {
		c = incus_cmd(ex, "stop", NULL);
		strvec_push(c, "--force");
		target(c, req);
		ex_approx(ex, "incus stop --force kills at once whatever --timeout says: the second line kills %s the first "
			  "gave up (it fails when the instance has already stopped)", req->all ? "what" : "the instance once");
	}
	ex_note(ex, "false friend: incus stop without --timeout waits with no limit of its own (incusd gives up after "
		"600 s and fails, it never kills); vmctl stop waits %u s", VM_STOP_TIMEOUT_DEFAULT);
	bulk_note(ex, req);
}

static void start(const struct vm_request *req, struct explanation *ex)
{
	if (req->from) {
		ex_none(ex, "incus makes instances from images, not from a %s file; closest: incus create IMAGE NAME < "
			"config.yaml (incus's own YAML), then incus start NAME", req->from);
		return;
	}
	struct strvec *c = incus_cmd(ex, "start", NULL);
	if (req->console)
		strvec_push(c, "--console");
	target(c, req);
	if (req->paused) {
		struct strvec *p = incus_cmd(ex, "pause", NULL);
		strvec_push(p, req->guest);
		ex_approx(ex, "incus start cannot leave an instance paused: it runs briefly before incus pause");
	}
	if (req->console)
		ex_note(ex, "leave the console with Ctrl+a q; a VM's screen: incus console --type=vga");
	/* cmd/incus/action.go doAction: '"start" for a frozen instance means
	 * "unfreeze"', and a stateful stop's state is restored unless
	 * --stateless */
	ex_note(ex, "false friend: incus start of a paused (frozen) instance resumes it; it also restores the state an "
		"incus stop --stateful kept");
	bulk_note(ex, req);
}

static void snapshot(const struct vm_request *req, struct explanation *ex)
{
	const char *sub[] = { [SNAPSHOT_CREATE] = "create", [SNAPSHOT_LIST] = "list", [SNAPSHOT_REVERT] = "restore",
			      [SNAPSHOT_DELETE] = "delete" };
	const char *s = req->snapshot;
	/* internal/server/instance/instance_utils.go ValidName: a snapshot's
	 * name "Cannot contain space or / characters" */
	if (s && strpbrk(s, " /")) {
		char *q = sh_quote(s);
		ex_none(ex, "an incus snapshot name has no space and no '/': %s cannot be one; closest: incus snapshot %s %s "
			"with another name", q, sub[req->snapshot_op], req->guest);
		free(q);
		return;
	}
	struct strvec *c = incus_cmd(ex, "snapshot", sub[req->snapshot_op]);
	if (s && s[0] == '-')
		strvec_push(c, "--");
	strvec_push(c, req->guest);
	if (s)
		strvec_push(c, s);
	if (req->snapshot_op == SNAPSHOT_CREATE && !s)
		ex_note(ex, "incus names the snapshot itself: snap0, snap1, ...");
	if (req->snapshot_op == SNAPSHOT_REVERT)
		ex_note(ex, "incus snapshot restore --stateful also brings back the running state a stateful snapshot kept");
}

static void migrate(const struct vm_request *req, struct explanation *ex)
{
	const char *d = req->dest;
	if (strstr(d, "://") || strchr(d, '/') || strchr(d, ':')) {
		ex_none(ex, "%s is a libvirt URI, not an incus remote; closest: incus remote add HOST https://HOST:8443, "
			"then incus move %s HOST:", d, req->guest);
		return;
	}
	struct strvec *c = incus_cmd(ex, "move", NULL);
	strvec_push(c, req->guest);
	strvec_pushf(c, "%s:", d);
	ex_approx(ex, "incus moves to a remote, not to a host: %s must be a remote added beforehand (incus remote add %s "
		  "https://%s:8443)", d, d, d);
	if (req->live)
		ex_note(ex, "a running VM moves live when its migration.stateful is true; a running container needs CRIU "
			"(else incus move --stateless stops it)");
	if (req->unsafe)
		ex_note(ex, "incus copies the instance's storage with it: --unsafe has nothing to allow");
}

void explain_incus(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	if (guest_verb(req->verb) && is_xen(req)) {
		ex_none(ex, "incus runs containers and QEMU VMs, no Xen guests; closest: incus-migrate imports the guest's "
			"disk image as a new incus VM");
		return;
	}
	if (g && guest_verb(req->verb) && !incus_valid_name(g)) {
		char *q = sh_quote(g);
		ex_none(ex, "incus names an instance as a hostname (1 to 63 letters, digits and '-', not beginning or ending "
			"with '-', not a number; no '_' or '.'): %s cannot be one; closest: incus list to see the names",
			q);
		free(q);
		return;
	}
	if (req->uri && guest_verb(req->verb))
		ex_note(ex, "incus takes no libvirt URI: it acts on its current remote (incus remote switch REMOTE); an "
			"instance of another remote is REMOTE:NAME");
	switch (req->verb) {
	case VERB_LIST:
		c = incus_cmd(ex, "list", NULL);
		if (req->names) {
			strvec_push(c, "--format");
			strvec_push(c, "csv");
			strvec_push(c, "--columns");
			strvec_push(c, "n");
		}
		ex_note(ex, "incus list shows the containers and VMs of the current project (--all-projects: every project)");
		return;
	case VERB_INFO:
		strvec_push(incus_cmd(ex, "info", NULL), g);
		return;
	case VERB_START:
		start(req, ex);
		return;
	case VERB_STOP:
		stop(req, ex);
		return;
	case VERB_KILL:
		c = incus_cmd(ex, "stop", NULL);
		strvec_push(c, "--force");
		target(c, req);
		/* cmd/incus/delete.go cmdDelete.Run: --force stops, then deletes */
		ex_note(ex, "false friend: incus delete deletes the instance (--force stops it first); incus stop --force "
			"only kills it");
		bulk_note(ex, req);
		return;
	case VERB_REBOOT:
		strvec_push(incus_cmd(ex, "restart", NULL), g);
		ex_note(ex, "incus restart returns once the instance is back; incus restart --force resets it at once");
		return;
	case VERB_PAUSE:
		c = incus_cmd(ex, "pause", NULL);
		target(c, req);
		/* cmd/incus/action.go doAction: pause is the "freeze" action,
		 * for containers and VMs alike */
		ex_note(ex, "incus pause (alias freeze) pauses in memory, a container and a VM alike; it saves nothing to "
			"disk (incus stop --stateful does)");
		bulk_note(ex, req);
		return;
	case VERB_RESUME:
		c = incus_cmd(ex, "resume", NULL);
		target(c, req);
		ex_note(ex, "incus resume is also called unfreeze; incus start resumes a paused instance too");
		bulk_note(ex, req);
		return;
	case VERB_VCPU_SET:
	case VERB_MEM_SET: {
		bool cpu = req->verb == VERB_VCPU_SET;
		char *v = cpu ? xasprintf("%u", req->count) : size_with_suffix(req->size_kib, "KiB", "MiB", "GiB", "TiB");
		c = incus_cmd(ex, "config", "set");
		strvec_push(c, g);
		strvec_pushf(c, "limits.%s=%s", cpu ? "cpu" : "memory", v);
		free(v);
		if (!(req->live && req->config))
			ex_approx(ex, "incus config set changes the configuration and, when the instance runs, the running "
				  "instance too: vmctl's %s", req->live ? "--live and --config" : req->config ? "--config and --live" :
				  "--live --config");
		if (cpu && incus_is_ct(req))
			ex_note(ex, "a container has no vCPUs: limits.cpu=%u lets it use %u host CPUs, which incus chooses",
				req->count, req->count);
		else if (cpu)
			ex_note(ex, "a running VM takes the new count live where QEMU can hot-plug CPUs; else at its next start");
		else
			ex_note(ex, "a running VM may need a restart for a new limits.memory; a container takes it at once");
		return;
	}
	case VERB_CD_CHANGE: {
		if (incus_is_ct(req)) {
			ex_none(ex, "a container has no CD drive; closest: incus config device add %s DEVICE disk source=DIR "
				"path=/media/cdrom", g);
			return;
		}
		if (req->device[0] == '/') {
			ex_none(ex, "incus names a drive by its device name, not by its medium's path; closest: incus config "
				"device list %s, then incus config device set %s DEVICE source=%s", g, g, req->iso ? req->iso : "ISO");
			return;
		}
		c = incus_cmd(ex, "config", "device");
		strvec_push(c, req->eject ? "remove" : "add");
		strvec_push(c, g);
		strvec_push(c, req->device);
		if (req->eject) {
			ex_approx(ex, "an incus CD drive is a disk device holding an ISO: the eject removes the drive with its "
				  "medium");
			return;
		}
		strvec_push(c, "disk");
		strvec_pushf(c, "source=%s", req->iso);
		ex_approx(ex, "an incus CD drive is a disk device whose source is an ISO: this adds the drive %s; to swap "
			  "the medium of an existing one: incus config device set %s %s source=ISO", req->device, g, req->device);
		if (!incus_kind_known(req))
			ex_note(ex, "virtual machines only: a container has no CD drive");
		return;
	}
	case VERB_CONSOLE:
		strvec_push(incus_cmd(ex, "console", NULL), g);
		ex_note(ex, "leave the console with Ctrl+a q; a VM's screen: incus console --type=vga");
		return;
	case VERB_SAVE:
		c = incus_cmd(ex, "stop", NULL);
		strvec_push(c, "--stateful");
		strvec_push(c, g);
		ex_approx(ex, "incus keeps the saved state with the instance, not in %s; incus start restores it", req->path);
		ex_note(ex, "a container needs CRIU; a VM needs migration.stateful=true (incus config set %s "
			"migration.stateful=true, before it starts)", g);
		return;
	case VERB_RESTORE:
		if (!g) {
			ex_none(ex, "incus restores the state an incus stop --stateful kept with the instance: it needs its name; "
				"closest: incus start NAME");
			return;
		}
		strvec_push(incus_cmd(ex, "start", NULL), g);
		ex_approx(ex, "incus start restores the state incus stop --stateful kept with the instance; %s is not read",
			  req->path);
		return;
	case VERB_SNAPSHOT:
		snapshot(req, ex);
		return;
	case VERB_MIGRATE:
		migrate(req, ex);
		return;
	case VERB_HOST:
		c = incus_cmd(ex, "info", NULL);
		strvec_push(c, "--resources");
		ex_approx(ex, "incus info --resources shows the host's CPUs, memory, GPUs, disks and NICs; vmctl host also "
			  "checks KVM, Xen, LXC and libvirt");
		return;
	CASE_DEFINE:
		incus_define(req, ex);
		return;
	CASE_DEVICES:
		incus_devices(req, ex);
		return;
	CASE_WATCH:
		incus_watch(req, ex);
		return;
	CASE_RESOURCES:
		incus_resources(req, ex);
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	ex_none(ex, "not a guest operation");
}
