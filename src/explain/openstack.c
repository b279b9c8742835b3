/* openstack.c: the openstack vocabulary (python-openstackclient 6.0,
 * `openstack server ...` and the volume, network and console commands).
 * An instance is named by its name or ID.  cliff (4.0) parses a
 * command's words with argparse, so a server that begins with '-' would
 * read as an option: such a name comes after "--", and an option value
 * that begins with '-' is written --opt=VALUE.
 *
 * Sources checked (cited per verb below):
 *   openstack/python-openstackclient 6.0.0 (Debian 12's python3-openstackclient
 *   6.0.0-4), openstackclient/compute/v2/server.py;
 *   openstack/nova 00a030403f67, nova/virt/libvirt/driver.py. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "uri.h"

/* Every nova action is a request the API accepts at once; the command
 * returns before the compute host has acted (202 Accepted). */
#define ASYNC_NOTE "the API only accepts the request: the instance changes state shortly after (openstack server show)"

/* "openstack server W1 [W2]": the words of a command, options follow. */
static struct strvec *os_cmd(struct explanation *ex, const char *w1, const char *w2, const char *w3)
{
	struct strvec *c = ex_cmd(ex, "openstack");
	strvec_push(c, w1);
	if (w2)
		strvec_push(c, w2);
	if (w3)
		strvec_push(c, w3);
	return c;
}

/* An option with a value; a value beginning with '-' is joined to it
 * (argparse would take "--name -x" as two options). */
static void os_opt(struct strvec *c, const char *opt, const char *value)
{
	if (value[0] == '-') {
		strvec_pushf(c, "%s=%s", opt, value);
		return;
	}
	strvec_push(c, opt);
	strvec_push(c, value);
}

/* The positionals, after "--" when one begins with '-'; b may be NULL. */
static void os_pos(struct strvec *c, const char *a, const char *b)
{
	if (a[0] == '-' || (b && b[0] == '-'))
		strvec_push(c, "--");
	strvec_push(c, a);
	if (b)
		strvec_push(c, b);
}

/* "openstack server VERB [--] SERVER" */
static struct strvec *server(struct explanation *ex, const char *verb, const char *g)
{
	struct strvec *c = os_cmd(ex, "server", verb, NULL);
	os_pos(c, g, NULL);
	return c;
}

/* The last part of a path, for a volume or image named after a file. */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/* Whole GiB, rounded up: cinder sizes volumes in GiB. */
static uint64_t gib_up(uint64_t kib)
{
	return (kib + (1024u * 1024u) - 1) / (1024u * 1024u);
}

static void bulk(const struct vm_request *req, struct explanation *ex, const char *verb)
{
	/* server.py StartServer/StopServer/PauseServer...: `nargs="+"`
	 * servers, --all-projects only widens the name lookup */
	ex_none(ex, "openstack server %s takes several servers but has no 'every instance'; closest: "
		    "openstack server list -f value -c ID, then openstack server %s ID...", verb, verb);
	(void)req;
}

static void resources(const struct vm_request *req, struct explanation *ex)
{
	const char *name = vm_value_str(req, "name");
	const char *path = vm_value_str(req, "path");
	struct strvec *c;
	switch (req->verb) {
	case VERB_POOL_LIST:
	case VERB_POOL_CREATE:
	case VERB_POOL_DELETE:
		ex_none(ex, "cinder's storage backends are the operator's configuration, not created per user; closest: "
			    "openstack volume service list (admin) or openstack volume type list");
		return;
	case VERB_IMAGE_LIST:
		os_cmd(ex, "volume", "list", NULL);
		ex_approx(ex, "cinder volumes are named block devices, not files in a pool; openstack image list lists Glance images");
		if (vm_value_str(req, "pool"))
			ex_approx(ex, "there is no pool to list: every volume of the project is listed");
		return;
	case VERB_IMAGE_CREATE: {
		if (vm_value_str(req, "backing") || !vm_value(req, "size")) {
			ex_none(ex, "cinder makes no overlay of a file; closest: openstack volume create --snapshot or --source VOLUME NAME");
			return;
		}
		uint64_t kib = vm_value_num(req, "size", 0);
		c = os_cmd(ex, "volume", "create", NULL);
		strvec_push(c, "--size");
		strvec_pushf(c, "%llu", (unsigned long long)gib_up(kib));
		os_pos(c, base_name(path), NULL);
		ex_approx(ex, "a volume is named (here %s), not a file at %s; its size is whole GiB, its format cinder's",
			  base_name(path), path);
		return;
	}
	case VERB_IMAGE_INFO:
		os_pos(os_cmd(ex, "volume", "show", NULL), base_name(path), NULL);
		ex_approx(ex, "this shows the cinder volume named %s, not the file %s", base_name(path), path);
		return;
	case VERB_IMAGE_RESIZE:
		if (vm_value_flag(req, "shrink")) {
			ex_none(ex, "cinder only extends a volume; closest: a new, smaller volume and a copy");
			return;
		}
		c = os_cmd(ex, "volume", "set", NULL);
		strvec_push(c, "--size");
		strvec_pushf(c, "%llu", (unsigned long long)gib_up(vm_value_num(req, "size", 0)));
		os_pos(c, base_name(path), NULL);
		ex_approx(ex, "this extends the cinder volume named %s (whole GiB, never smaller), not the file %s",
			  base_name(path), path);
		return;
	case VERB_IMAGE_CONVERT:
		ex_none(ex, "openstack converts no image files; closest: openstack image create --disk-format qcow2 --file SRC NAME "
			    "uploads one to Glance as it is");
		return;
	case VERB_IMAGE_DELETE:
		os_pos(os_cmd(ex, "volume", "delete", NULL), base_name(path), NULL);
		ex_approx(ex, "this deletes the cinder volume named %s, not the file %s", base_name(path), path);
		return;
	case VERB_NET_LIST:
		os_cmd(ex, "network", "list", NULL);
		ex_approx(ex, "neutron networks are the project's (and shared ones), not libvirt networks of one host");
		return;
	case VERB_NET_INFO:
		os_pos(os_cmd(ex, "network", "show", NULL), name, NULL);
		ex_approx(ex, "a neutron network; its addresses are its subnets' (openstack subnet list --network %s)", name);
		return;
	case VERB_NET_CREATE: {
		const char *subnet = vm_value_str(req, "subnet");
		const char *forward = vm_value_str(req, "forward");
		os_pos(os_cmd(ex, "network", "create", NULL), name, NULL);
		if (subnet) {
			c = os_cmd(ex, "subnet", "create", NULL);
			os_opt(c, "--network", name);
			strvec_push(c, "--subnet-range");
			strvec_push(c, subnet);
			strvec_push(c, vm_value_flag(req, "dhcp") ? "--dhcp" : "--no-dhcp");
			char *sn = xasprintf("%s-subnet", name);
			os_pos(c, sn, NULL);
			free(sn);
		}
		ex_approx(ex, "a neutron network is a project network, not a host bridge; NAT to the outside needs a router "
			      "(openstack router create, router add subnet, router set --external-gateway)");
		if (vm_value_str(req, "bridge"))
			ex_approx(ex, "the bridge's name is neutron's choice: --bridge is not expressed");
		if (forward && strcmp(forward, "nat") != 0)
			ex_note(ex, "--forward %s: without a router the network is isolated", forward);
		return;
	}
	case VERB_NET_DELETE:
		os_pos(os_cmd(ex, "network", "delete", NULL), name, NULL);
		ex_approx(ex, "neutron refuses to delete a network that still has ports%s",
			  vm_value_flag(req, "force") ? " (--force cannot override it)" : "");
		return;
	case VERB_NET_START:
	case VERB_NET_STOP:
		c = os_cmd(ex, "network", "set", NULL);
		strvec_push(c, req->verb == VERB_NET_START ? "--enable" : "--disable");
		os_pos(c, name, NULL);
		ex_approx(ex, "this sets the network's administrative state; it neither creates nor removes a bridge");
		return;
	default:
		break;
	}
}

/* create, delete, config, autostart, rename */
static void define(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_CREATE:
		/* server.py CreateServer: --flavor and --image (or --volume) are
		 * required and the server boots at once */
		ex_none(ex, "an instance is made from a flavor (its vCPUs and memory) and an image, and boots at once; closest: "
			    "openstack server create --flavor FLAVOR --image IMAGE --network NET --wait NAME");
		if (vm_value_str(req, "from"))
			ex_note(ex, "a hypervisor configuration file is not read by nova");
		return;
	case VERB_DELETE:
		/* server.py DeleteServer: --force, --all-projects, --wait; nova
		 * deletes a running instance with its local disks */
		c = os_cmd(ex, "server", "delete", NULL);
		strvec_push(c, "--wait");
		os_pos(c, g, NULL);
		ex_approx(ex, "openstack server delete deletes a running instance too (as vmctl delete --force) and always its "
			      "local disks; attached volumes stay unless made with delete_on_termination");
		return;
	case VERB_CONFIG:
		server(ex, "show", g);
		ex_approx(ex, "nova shows the instance's record (flavor, image, addresses), not a hypervisor definition");
		return;
	case VERB_AUTOSTART:
		ex_none(ex, "nova has no per-instance autostart: [DEFAULT]resume_guests_state_on_host_boot restarts the host's "
			    "running instances; closest: openstack server start %s", g);
		return;
	case VERB_RENAME:
		c = os_cmd(ex, "server", "set", NULL);
		os_opt(c, "--name", vm_value_str(req, "new_name"));
		os_pos(c, g, NULL);
		ex_note(ex, "the instance keeps its ID; names need not be unique in nova");
		return;
	default:
		break;
	}
}

static void devices(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_DISK_LIST:
		os_pos(os_cmd(ex, "server", "volume", "list"), g, NULL);
		ex_approx(ex, "this lists the attached cinder volumes only, not the root or ephemeral disks of the flavor");
		return;
	case VERB_DISK_ATTACH: {
		const char *source = vm_value_str(req, "source"), *target = vm_value_str(req, "target");
		const char *device = vm_value_str(req, "device");
		if (device && strcmp(device, "cdrom") == 0) {
			ex_none(ex, "nova attaches volumes as disks only; closest: openstack server rescue --image ISO-IMAGE %s", g);
			return;
		}
		if (target[0] == '/' && strncmp(target, "/dev/", 5) != 0) {
			ex_none(ex, "nova attaches block volumes, never a directory at %s; closest: openstack server add volume "
				    "%s VOLUME (a cinder volume)", target, g);
			return;
		}
		/* server.py AddServerVolume: SERVER VOLUME, --device */
		c = os_cmd(ex, "server", "add", "volume");
		char *dev = target[0] == '/' ? xasprintf("%s", target) : xasprintf("/dev/%s", target);
		os_opt(c, "--device", dev);
		free(dev);
		os_pos(c, g, source);
		ex_approx(ex, "SOURCE is a cinder volume's name or ID, not a file; nova's libvirt driver ignores the --device "
			      "name (since 12.0.0 Liberty) and takes the next free one");
		if (vm_value_str(req, "mode"))
			ex_approx(ex, "--mode is the volume's own (openstack volume create --read-only, a multiattach volume type)");
		if (vm_value_str(req, "format"))
			ex_note(ex, "cinder knows the volume's format: --format is not expressed");
		return;
	}
	case VERB_DISK_DETACH:
		ex_none(ex, "nova detaches a volume by its name or ID, not the guest's disk name; closest: openstack server volume "
			    "list %s, then openstack server remove volume %s VOLUME", g, g);
		return;
	case VERB_NIC_LIST:
		c = os_cmd(ex, "port", "list", NULL);
		os_opt(c, "--server", g);
		ex_approx(ex, "neutron ports show MAC and fixed IPs; the NIC model is the image's hw_vif_model");
		return;
	case VERB_NIC_ATTACH: {
		const char *net = vm_value_str(req, "net");
		if (strchr(net, '=')) {
			ex_none(ex, "nova attaches neutron networks, not host bridges or devices (%s); closest: openstack server add "
				    "network %s NETWORK", net, g);
			return;
		}
		c = os_cmd(ex, "server", "add", "network");
		os_pos(c, g, net);
		ex_approx(ex, "NET is a neutron network: nova creates a port on it");
		if (vm_value_str(req, "mac"))
			ex_approx(ex, "a chosen MAC needs a port made first: openstack port create --network %s --mac-address %s PORT, "
				      "then openstack server add port %s PORT", net, vm_value_str(req, "mac"), g);
		if (vm_value_str(req, "model"))
			ex_approx(ex, "the NIC model is the image's hw_vif_model property: --model is not expressed");
		return;
	}
	case VERB_NIC_DETACH:
		ex_none(ex, "nova detaches a port, not a MAC; closest: openstack port list --server %s --mac-address %s, then "
			    "openstack server remove port %s PORT", g, vm_value_str(req, "mac"), g);
		return;
	case VERB_VCPU_LIST:
		c = os_cmd(ex, "server", "show", NULL);
		strvec_push(c, "--topology");
		os_pos(c, g, NULL);
		ex_approx(ex, "--topology (API 2.78, admin for host CPUs) shows the NUMA and CPU pinning nova chose, not "
			      "each vCPU's state");
		return;
	case VERB_VCPU_PIN:
		ex_none(ex, "nova pins vCPUs by the flavor's extra specs (hw:cpu_policy=dedicated), never by hand; closest: "
			    "openstack flavor set --property hw:cpu_policy=dedicated FLAVOR, then openstack server resize");
		return;
	case VERB_DISPLAY:
		/* console.py ShowConsoleURL: --novnc (default), --xvpvnc, --spice,
		 * --rdp, --serial, --mks */
		c = os_cmd(ex, "console", "url", "show");
		strvec_push(c, "--novnc");
		os_pos(c, g, NULL);
		ex_approx(ex, "this prints a noVNC URL for a web browser, not a vnc:// address (--spice for SPICE's HTML5 client)");
		return;
	default:
		break;
	}
}

static void watch(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	switch (req->verb) {
	case VERB_WAIT:
		ex_none(ex, "openstack waits only as part of a command (server create, delete, reboot, migrate --wait); "
			    "closest: repeat openstack server show -f value -c status %s", g ? g : "SERVER");
		return;
	case VERB_EVENTS:
		if (!g) {
			ex_none(ex, "openstack follows no events; closest: openstack server event list SERVER for one instance's actions");
			return;
		}
		os_pos(os_cmd(ex, "server", "event", "list"), g, NULL);
		ex_approx(ex, "this lists the actions requested of the instance so far (start, stop, ...); it follows nothing new");
		return;
	case VERB_TOP:
		ex_none(ex, "openstack shows no live resource use; closest: openstack server show --diagnostics SERVER (admin)");
		return;
	case VERB_EXEC:
		ex_none(ex, "nova runs nothing inside an instance; closest: openstack server ssh %s (ssh to its address)", g);
		return;
	default:
		break;
	}
}

void explain_openstack(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_LIST:
		c = os_cmd(ex, "server", "list", NULL);
		if (req->names) {
			strvec_push(c, "-f");
			strvec_push(c, "value");
			strvec_push(c, "-c");
			strvec_push(c, "Name");
		}
		ex_note(ex, "only the current project's instances (admin: --all-projects)");
		return;
	case VERB_INFO:
		server(ex, "show", g);
		return;
	case VERB_START:
		if (req->all) {
			bulk(req, ex, "start");
			return;
		}
		if (req->from) {
			ex_none(ex, "nova boots an instance from a flavor and an image, not a configuration file; closest: "
				    "openstack server create --flavor FLAVOR --image IMAGE --network NET NAME");
			return;
		}
		server(ex, "start", g);
		if (req->paused) {
			server(ex, "pause", g);
			ex_approx(ex, "nova cannot start an instance paused: it runs briefly before openstack server pause");
		}
		if (req->console) {
			c = os_cmd(ex, "console", "log", "show");
			os_pos(c, g, NULL);
			ex_approx(ex, "openstack has no interactive console: console log show prints the serial output so far");
		}
		ex_note(ex, ASYNC_NOTE);
		return;
	case VERB_STOP:
		if (req->all) {
			bulk(req, ex, "stop");
			return;
		}
		/* server.py StopServer: servers and --all-projects, no timeout
		 * and no --wait; nova's compute manager _power_off_instance
		 * takes [DEFAULT]shutdown_timeout (60) or the image's
		 * os_shutdown_timeout, and nova/virt/libvirt/driver.py
		 * LibvirtDriver.power_off calls _clean_shutdown(timeout) and
		 * then _destroy(): a kill once the timeout has passed */
		server(ex, "stop", g);
		ex_approx(ex, "false friend: nova shuts the instance down and destroys it (a power-off) once its shutdown timeout "
			      "has passed: 60 s ([DEFAULT]shutdown_timeout, or the image's os_shutdown_timeout), as vmctl stop "
			      "--force --timeout 60; the timeout cannot be given here");
		ex_note(ex, ASYNC_NOTE);
		return;
	case VERB_KILL:
		if (req->all) {
			bulk(req, ex, "stop");
			return;
		}
		/* the same LibvirtDriver.power_off: no immediate destroy is
		 * offered by the API; server.py DeleteServer deletes */
		server(ex, "stop", g);
		ex_approx(ex, "nova has no immediate power-off: openstack server stop asks the guest to shut down and destroys it "
			      "after the shutdown timeout (60 s)");
		ex_note(ex, "false friend: openstack server delete deletes the instance, it does not power it off");
		return;
	case VERB_REBOOT:
		/* server.py RebootServer: --soft (default) or --hard, --wait;
		 * driver.py LibvirtDriver.reboot: a SOFT reboot that fails
		 * (_soft_reboot waits [libvirt]wait_soft_reboot_seconds)
		 * falls through to _hard_reboot */
		c = os_cmd(ex, "server", "reboot", NULL);
		strvec_push(c, "--soft");
		strvec_push(c, "--wait");
		os_pos(c, g, NULL);
		ex_approx(ex, "nova's libvirt driver resets the instance (a hard reboot) when it has not rebooted within "
			      "[libvirt]wait_soft_reboot_seconds (120 s); --hard is a reset at once");
		return;
	case VERB_PAUSE:
		if (req->all) {
			bulk(req, ex, "pause");
			return;
		}
		/* driver.py LibvirtDriver.pause: guest.pause(), in memory;
		 * LibvirtDriver.suspend: guest.save_memory_state(), a managed
		 * save to disk */
		server(ex, "pause", g);
		ex_note(ex, "false friend: openstack server suspend saves the instance to disk (libvirt managed save), it does not pause it");
		return;
	case VERB_RESUME:
		if (req->all) {
			bulk(req, ex, "unpause");
			return;
		}
		/* server.py UnpauseServer; ResumeServer resumes a suspended one */
		server(ex, "unpause", g);
		ex_note(ex, "false friend: openstack server resume brings back a suspended (saved) instance, not a paused one");
		return;
	case VERB_VCPU_SET:
	case VERB_MEM_SET:
		ex_none(ex, "an instance's vCPUs and memory are its flavor's; closest: openstack server resize --flavor FLAVOR --wait %s "
			    "(a flavor with the %s wanted), then openstack server resize confirm %s", g,
			req->verb == VERB_VCPU_SET ? "vCPUs" : "memory", g);
		return;
	case VERB_CD_CHANGE:
		ex_none(ex, "nova has no CD-ROM to change on a running instance; closest: openstack image create --disk-format iso "
			    "--file ISO NAME, then openstack server rescue --image NAME %s", g);
		return;
	case VERB_CONSOLE:
		c = os_cmd(ex, "console", "url", "show");
		strvec_push(c, "--serial");
		os_pos(c, g, NULL);
		ex_approx(ex, "this prints a websocket URL of the serial console (nova's [serial_console] enabled) for a websocket "
			      "client; openstack console log show %s prints its output so far", g);
		return;
	case VERB_SAVE:
		/* driver.py LibvirtDriver.suspend: save_memory_state(), libvirt's
		 * managed save, kept by the compute host */
		server(ex, "suspend", g);
		ex_approx(ex, "nova saves the memory state where it chooses (libvirt managed save on the compute host): PATH "
			      "cannot be given; openstack server resume %s brings it back", g);
		return;
	case VERB_RESTORE:
		if (!g) {
			ex_none(ex, "nova resumes an instance by name, from the state it saved itself; closest: openstack server resume SERVER");
			return;
		}
		server(ex, "resume", g);
		ex_approx(ex, "this resumes the state nova saved (openstack server suspend); PATH is not read");
		return;
	case VERB_SNAPSHOT:
		switch (req->snapshot_op) {
		case SNAPSHOT_CREATE:
			/* server_image.py CreateServerImage: --name, --wait */
			c = os_cmd(ex, "server", "image", "create");
			if (req->snapshot)
				os_opt(c, "--name", req->snapshot);
			strvec_push(c, "--wait");
			os_pos(c, g, NULL);
			ex_approx(ex, "this uploads a Glance image of the root disk: no memory state, no volumes, an image "
				      "anyone allowed can boot, not a snapshot kept with the instance");
			return;
		case SNAPSHOT_LIST:
			ex_none(ex, "Glance lists images, not one instance's snapshots; closest: openstack image list --property "
				    "instance_uuid=SERVER-ID (an image made by openstack server image create carries it)");
			return;
		case SNAPSHOT_REVERT:
			c = os_cmd(ex, "server", "rebuild", NULL);
			os_opt(c, "--image", req->snapshot);
			strvec_push(c, "--wait");
			os_pos(c, g, NULL);
			ex_approx(ex, "a rebuild rewrites the root disk from the image %s (the instance keeps its ID, addresses and "
				      "volumes); no memory state comes back", req->snapshot);
			return;
		case SNAPSHOT_DELETE:
			os_pos(os_cmd(ex, "image", "delete", NULL), req->snapshot, NULL);
			ex_approx(ex, "this deletes the Glance image %s, whichever instance it came from", req->snapshot);
			return;
		}
		break;
	case VERB_MIGRATE: {
		/* server.py MigrateServer: --live-migration, --host (API 2.30
		 * live, 2.56 cold), --block-migration/--shared-migration, --wait */
		char *host = uri_host(req->dest);
		c = os_cmd(ex, "server", "migrate", NULL);
		if (req->live)
			strvec_push(c, "--live-migration");
		os_opt(c, "--host", host);
		if (req->unsafe)
			strvec_push(c, "--block-migration");
		strvec_push(c, "--wait");
		os_pos(c, g, NULL);
		ex_approx(ex, "DEST is a nova compute host (here %s), not a libvirt URI; nova chooses the transport, and --host "
			      "needs an admin", host);
		if (!req->live)
			ex_note(ex, "a cold migration ends in VERIFY_RESIZE: openstack server migrate confirm %s", g);
		free(host);
		return;
	}
	CASE_WATCH:
		watch(req, ex);
		return;
	CASE_DEVICES:
		devices(req, ex);
		return;
	CASE_DEFINE:
		define(req, ex);
		return;
	CASE_RESOURCES:
		resources(req, ex);
		return;
	case VERB_HOST:
		os_cmd(ex, "hypervisor", "stats", "show");
		ex_approx(ex, "this sums the compute hosts' vCPUs, memory and disk (admin); vmctl host checks this host's KVM, "
			      "Xen and libvirt");
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	ex_none(ex, "not a guest operation");
}
