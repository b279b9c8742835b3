/* openstack.c: reads openstack command lines (python-openstackclient 6.0):
 * `openstack [GLOBAL OPTIONS] server VERB [OPTIONS] SERVER` and the
 * console, volume, network and hypervisor commands vmctl has a verb for.
 * cliff (4.0) finds the command by its words, then argparse reads the rest:
 * options anywhere, --opt=value, unique prefixes of long options, "--"
 * before a server that begins with '-'.  Option tables follow
 * openstackclient/compute/v2/server.py (6.0.0) class by class. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"

/* The second words of `openstack server ...` (setup.cfg, 6.0.0). */
#define SERVER_WORDS \
	"add backup create delete dump evacuate event group image list lock migrate migration pause reboot rebuild " \
	"remove rescue resize restore resume set shelve show ssh start stop suspend unlock unpause unrescue unset " \
	"unshelve volume"
/* The first words of the commands of the compute, volume, image, network
 * and identity clients (a subset: those people type about instances). */
#define TOP_WORDS \
	"aggregate availability catalog command complete compute console consistency endpoint extension flavor " \
	"floating help host hypervisor image ip keypair limits module network object port project quota region " \
	"role router security server service snapshot subnet token usage user versions volume"
#define OS_READS \
	"openstack server list, show, start, stop, reboot, pause, unpause, delete, set --name, migrate, image create, " \
	"rebuild, volume list, add volume, add network, event list; console url show, console log show; volume list, " \
	"show, delete; network list, show, create, delete; hypervisor stats show"

enum {
	O_FMT = 1, O_COL, O_SHOWN, O_LONG, O_ALLP, O_FILTER, O_WAIT, O_HARD, O_SOFT, O_FORCE, O_NAME, O_SETX,
	O_LIVEM, O_HOST, O_BLOCK, O_SHARED, O_OVERC, O_IMAGE, O_REBUILDX, O_DEVICE, O_TAG, O_DOT, O_NOVNC, O_XVPVNC,
	O_SPICE, O_RDP, O_SERIAL, O_MKS, O_LINES, O_DIAG, O_TOPO, O_NETX, O_SINCE, O_HELP,
};

/* cliff's formatters: ShowOne and Lister (and -h) */
#define FMT_SHOW                                                                                         \
	{ 'f', "format", true, O_FMT }, { 'c', "column", true, O_COL }, { 0, "noindent", false, O_SHOWN }, \
	{ 0, "prefix", true, O_SHOWN }, { 0, "max-width", true, O_SHOWN }, { 0, "fit-width", false, O_SHOWN }, \
	{ 0, "print-empty", false, O_SHOWN }, { 'h', "help", false, O_HELP }
#define FMT_LIST                                                                                         \
	FMT_SHOW, { 0, "quote", true, O_SHOWN }, { 0, "sort-column", true, O_SHOWN },                     \
	{ 0, "sort-ascending", false, O_SHOWN }, { 0, "sort-descending", false, O_SHOWN }
#define HELP { 'h', "help", false, O_HELP }
#define END { 0, NULL, false, 0 }

struct ctx {
	const char *who;   /* "openstack server stop" */
	const struct os_row *row;
	struct nscan sc;
	struct translation *t;
	struct vm_error *err;
	struct tr_words w;
};

struct os_row {
	const char *words; /* "server stop" */
	const char *usage;
	int (*run)(struct ctx *c);
	const char *verb;  /* the vmctl verb for the simple rows */
	const char *note;  /* a remark (a false friend) */
	const char *approx; /* the reason the simple row is approximate */
	struct nopt opts[48];
};

static int usage(struct ctx *c, const char *what)
{
	return tr_usage(c->err, c->who, what, c->row->usage);
}

/* The one server operand: cliff's commands take several, vmctl one. */
static int one_server(struct ctx *c, size_t extra)
{
	if (c->sc.nops < 1 + extra)
		return usage(c, extra ? c->row->words[11] == 'v' ? "a server and a volume" : "a server and a network"
				      : "a server");
	if (c->sc.nops > 1 + extra)
		return tr_unsupported(c->err, "vmctl acts on one guest: '%s' was given %zu servers", c->who,
				      c->sc.nops - extra);
	if (validate_name(c->sc.ops[0], "guest name", c->err) < 0)
		return -1;
	return 0;
}

static void fmt_notes(struct ctx *c)
{
	if (nscan_count(&c->sc, O_FMT) || nscan_count(&c->sc, O_COL) || nscan_count(&c->sc, O_SHOWN))
		tr_note(c->t, "-f, -c and cliff's other output options only change what openstack prints");
}

/* --wait: openstack polls until nova is done; vmctl waits too */
static void wait_note(struct ctx *c)
{
	if (nscan_count(&c->sc, O_WAIT))
		tr_note(c->t, "--wait only makes openstack wait until nova is done, as vmctl does");
}

static int answer(struct ctx *c, const char *verb, size_t nops)
{
	tr_word(&c->w, "--");
	for (size_t i = 0; i < nops; i++)
		tr_word(&c->w, c->sc.ops[i]);
	return tr_answer(&c->w, verb, c->err);
}

/* start, pause, unpause, show, volume list, event list: one server. */
static int os_simple(struct ctx *c)
{
	if (one_server(c, 0) < 0)
		return -1;
	if (c->row->approx)
		tr_approx(c->t, "%s", c->row->approx);
	if (c->row->note)
		tr_note(c->t, "%s", c->row->note);
	tr_not_expressed(c->t, &c->sc, O_ALLP, "looking the server up in every project (admin)");
	tr_not_expressed(c->t, &c->sc, O_LONG, "more columns");
	tr_not_expressed(c->t, &c->sc, O_FILTER, "a filter of the actions listed");
	fmt_notes(c);
	return answer(c, c->row->verb, 1);
}

static int os_list(struct ctx *c)
{
	if (c->sc.nops)
		return vm_error_set(c->err, VM_EXIT_USAGE, "%s: error: unrecognized arguments: %s", c->who, c->sc.ops[0]);
	const char *f = nscan_value(&c->sc, O_FMT), *col = nscan_value(&c->sc, O_COL);
	if (f && strcmp(f, "value") == 0 && col && strcmp(col, "Name") == 0 && nscan_count(&c->sc, O_COL) == 1) {
		tr_word(&c->w, "--name");
	} else {
		fmt_notes(c);
	}
	tr_not_expressed(c->t, &c->sc, O_FILTER, "a filter of the instances listed");
	tr_not_expressed(c->t, &c->sc, O_ALLP, "every project's instances (admin)");
	tr_not_expressed(c->t, &c->sc, O_LONG, "more columns");
	if (nscan_count(&c->sc, O_SHOWN) && !f)
		tr_note(c->t, "cliff's output options only change what openstack prints");
	tr_note(c->t, "openstack server list shows the current project's instances");
	return tr_answer(&c->w, "list", c->err);
}

static int os_show(struct ctx *c)
{
	if (one_server(c, 0) < 0)
		return -1;
	fmt_notes(c);
	if (nscan_count(&c->sc, O_TOPO)) {
		tr_approx(c->t, "--topology shows the NUMA and CPU pinning nova chose; vmctl vcpu-list shows each vCPU");
		return answer(c, "vcpu-list", 1);
	}
	if (nscan_count(&c->sc, O_DIAG)) {
		tr_approx(c->t, "--diagnostics shows the hypervisor's counters once; vmctl top samples every guest");
		tr_word(&c->w, "--once");
		return tr_answer(&c->w, "top", c->err);
	}
	return answer(c, "info", 1);
}

static int os_stop(struct ctx *c)
{
	if (one_server(c, 0) < 0)
		return -1;
	/* server.py StopServer (6.0.0) and nova/virt/libvirt/driver.py
	 * LibvirtDriver.power_off: _clean_shutdown(timeout) then _destroy() */
	tr_approx(c->t, "false friend: nova shuts the instance down and destroys it (a power-off) once its shutdown timeout "
			"has passed, 60 s unless the operator ([DEFAULT]shutdown_timeout) or the image (os_shutdown_timeout) "
			"says otherwise: read as vmctl stop --force");
	tr_note(c->t, "openstack server stop returns at once; vmctl stop waits for the guest to go down");
	tr_not_expressed(c->t, &c->sc, O_ALLP, "looking the server up in every project (admin)");
	tr_word(&c->w, "--force");
	return answer(c, "stop", 1);
}

static int os_reboot(struct ctx *c)
{
	if (one_server(c, 0) < 0)
		return -1;
	if (nscan_count(&c->sc, O_HARD) && nscan_count(&c->sc, O_SOFT))
		return vm_error_set(c->err, VM_EXIT_USAGE, "%s: error: argument --soft: not allowed with argument --hard", c->who);
	/* server.py RebootServer: --soft is the default; driver.py
	 * LibvirtDriver.reboot falls through to _hard_reboot */
	if (nscan_count(&c->sc, O_HARD))
		tr_approx(c->t, "--hard resets the instance (a power cycle); vmctl reboot asks the guest to reboot");
	else
		tr_approx(c->t, "nova's libvirt driver resets the instance when a soft reboot has not happened within "
				"[libvirt]wait_soft_reboot_seconds (120 s)");
	if (nscan_count(&c->sc, O_SOFT))
		tr_note(c->t, "--soft is the default: the guest is asked to reboot");
	wait_note(c);
	return answer(c, "reboot", 1);
}

static int os_delete(struct ctx *c)
{
	if (one_server(c, 0) < 0)
		return -1;
	/* server.py DeleteServer: --force (force-delete a soft-deleted
	 * server), --all-projects, --wait; nova deletes a running one */
	tr_approx(c->t, "openstack server delete deletes the instance even while it runs, with its local disks (read as "
			"vmctl delete --force); attached volumes stay unless made with delete_on_termination");
	tr_not_expressed(c->t, &c->sc, O_FORCE, "deleting at once where nova keeps deleted instances a while (reclaim_instance_interval)");
	tr_not_expressed(c->t, &c->sc, O_ALLP, "looking the server up in every project (admin)");
	if (nscan_count(&c->sc, O_WAIT))
		tr_note(c->t, "--wait waits until the instance is gone, as vmctl delete does");
	tr_word(&c->w, "--force");
	return answer(c, "delete", 1);
}

static int os_set(struct ctx *c)
{
	const char *name = nscan_value(&c->sc, O_NAME);
	if (one_server(c, 0) < 0)
		return -1;
	if (!name)
		return tr_unsupported(c->err, "'%s' without --name changes properties, passwords, state or tags: no vmctl "
					      "equivalent (vmctl rename is openstack server set --name)", c->who);
	tr_not_expressed(c->t, &c->sc, O_SETX, "a change of the instance's password, properties, state, tags or hostname");
	tr_word(&c->w, "--");
	tr_word(&c->w, c->sc.ops[0]);
	tr_word(&c->w, name);
	return tr_answer(&c->w, "rename", c->err);
}

static int os_migrate(struct ctx *c)
{
	const char *host = nscan_value(&c->sc, O_HOST);
	if (one_server(c, 0) < 0)
		return -1;
	if (!host)
		return tr_unsupported(c->err, "'%s' without --host lets nova's scheduler choose the host; vmctl migrate needs DEST",
				      c->who);
	tr_approx(c->t, "--host names a nova compute host; vmctl reads it as DEST (a host becomes qemu+ssh://HOST/system for libvirt)");
	if (nscan_count(&c->sc, O_LIVEM))
		tr_word(&c->w, "--live");
	else
		tr_note(c->t, "a cold migration: the instance is shut off, moved and left in VERIFY_RESIZE for openstack server migrate confirm");
	if (nscan_count(&c->sc, O_BLOCK))
		tr_word(&c->w, "--unsafe");
	tr_not_expressed(c->t, &c->sc, O_SHARED, "a migration that assumes shared storage");
	tr_not_expressed(c->t, &c->sc, O_OVERC, "allowing or refusing disk over-commit on the destination");
	wait_note(c);
	tr_word(&c->w, "--");
	tr_word(&c->w, c->sc.ops[0]);
	tr_word(&c->w, host);
	return tr_answer(&c->w, "migrate", c->err);
}

static int snapshot(struct ctx *c, enum vm_snapshot_op op, const char *name)
{
	c->t->req.verb = VERB_SNAPSHOT;
	c->t->req.snapshot_op = op;
	if (tr_guest(c->t, c->sc.ops[0], c->err) < 0)
		return -1;
	if (name && validate_name(name, "snapshot name", c->err) < 0)
		return -1;
	c->t->req.snapshot = name;
	return 0;
}

static int os_image_create(struct ctx *c)
{
	const char *name = nscan_value(&c->sc, O_NAME);
	if (one_server(c, 0) < 0)
		return -1;
	tr_approx(c->t, "openstack server image create uploads a Glance image of the root disk (no memory state, no volumes), "
			"not a snapshot kept with the guest");
	fmt_notes(c);
	wait_note(c);
	return snapshot(c, SNAPSHOT_CREATE, name);
}

static int os_rebuild(struct ctx *c)
{
	const char *image = nscan_value(&c->sc, O_IMAGE);
	if (one_server(c, 0) < 0)
		return -1;
	if (!image)
		return tr_unsupported(c->err, "'%s' without --image reinstalls the instance from its own image: no vmctl equivalent",
				      c->who);
	tr_approx(c->t, "a rebuild rewrites the root disk from the image %s, a snapshot or any other image; no memory state comes back",
		  image);
	tr_not_expressed(c->t, &c->sc, O_REBUILDX, "a change of name, password, properties, key, user data or hostname");
	fmt_notes(c);
	wait_note(c);
	return snapshot(c, SNAPSHOT_REVERT, image);
}

static int os_add_volume(struct ctx *c)
{
	const char *dev = nscan_value(&c->sc, O_DEVICE);
	if (one_server(c, 1) < 0)
		return -1;
	if (!dev)
		return tr_unsupported(c->err, "'%s' without --device lets nova name the disk; vmctl disk-attach needs TARGET", c->who);
	const char *target = strncmp(dev, "/dev/", 5) == 0 ? dev + 5 : dev;
	tr_approx(c->t, "VOLUME is a cinder volume's name or ID, read as SOURCE; nova's libvirt driver ignores the --device name (since 12.0.0 Liberty)");
	tr_not_expressed(c->t, &c->sc, O_TAG, "a device tag");
	tr_not_expressed(c->t, &c->sc, O_DOT, "whether the volume is deleted with the instance");
	fmt_notes(c);
	tr_word(&c->w, "--");
	tr_word(&c->w, c->sc.ops[0]);
	tr_word(&c->w, c->sc.ops[1]);
	tr_word(&c->w, target);
	return tr_answer(&c->w, "disk-attach", c->err);
}

static int os_add_network(struct ctx *c)
{
	if (one_server(c, 1) < 0)
		return -1;
	tr_approx(c->t, "NETWORK is a neutron network: nova makes a port on it");
	tr_not_expressed(c->t, &c->sc, O_TAG, "a device tag");
	return answer(c, "nic-attach", 2);
}

static int os_console_url(struct ctx *c)
{
	if (one_server(c, 0) < 0)
		return -1;
	fmt_notes(c);
	if (nscan_count(&c->sc, O_SERIAL)) {
		tr_approx(c->t, "--serial prints a websocket URL of the serial console, for a websocket client");
		return answer(c, "console", 1);
	}
	if (nscan_count(&c->sc, O_RDP) || nscan_count(&c->sc, O_MKS))
		return tr_unsupported(c->err, "'%s --rdp' and '--mks' are Hyper-V's and VMware's consoles: no vmctl equivalent", c->who);
	tr_approx(c->t, "openstack prints a URL of a web console (noVNC unless --spice or --xvpvnc), not a vnc:// address");
	if (nscan_count(&c->sc, O_SPICE))
		tr_note(c->t, "--spice: the URL of SPICE's HTML5 client");
	else if (nscan_count(&c->sc, O_XVPVNC))
		tr_note(c->t, "--xvpvnc: the URL of the XVP VNC proxy's Java client");
	else if (nscan_count(&c->sc, O_NOVNC))
		tr_note(c->t, "--novnc is the default: the URL of noVNC, a VNC client in the browser");
	return answer(c, "display", 1);
}

static int os_console_log(struct ctx *c)
{
	if (one_server(c, 0) < 0)
		return -1;
	tr_approx(c->t, "openstack console log show prints the serial output so far and exits; vmctl console attaches to it");
	tr_not_expressed(c->t, &c->sc, O_LINES, "only the last lines");
	return answer(c, "console", 1);
}

/* network, volume: one NAME operand */
static int os_named(struct ctx *c)
{
	if (c->sc.nops < 1)
		return usage(c, "a name");
	if (c->sc.nops > 1)
		return tr_unsupported(c->err, "vmctl %s takes one name: '%s' was given %zu", c->row->verb, c->who, c->sc.nops);
	if (strncmp(c->row->verb, "image-", 6) == 0 && c->sc.ops[0][0] != '/')
		return tr_unsupported(c->err, "'%s' names a cinder volume; vmctl %s takes an image file's absolute path",
				      c->who, c->row->verb);
	tr_approx(c->t, "%s", c->row->approx);
	tr_not_expressed(c->t, &c->sc, O_NETX, "a property of the network or volume");
	fmt_notes(c);
	return answer(c, c->row->verb, 1);
}

static int os_plain(struct ctx *c)
{
	if (c->sc.nops)
		return vm_error_set(c->err, VM_EXIT_USAGE, "%s: error: unrecognized arguments: %s", c->who, c->sc.ops[0]);
	tr_approx(c->t, "%s", c->row->approx);
	tr_not_expressed(c->t, &c->sc, O_FILTER, "a filter of what is listed");
	tr_not_expressed(c->t, &c->sc, O_LONG, "more columns");
	fmt_notes(c);
	return tr_answer(&c->w, c->row->verb, c->err);
}

static const struct os_row rows[] = {
	{ "server list", "openstack server list [--long] [--all-projects] [--name REGEX] [--status STATUS] ...", os_list, NULL, NULL, NULL,
	  { FMT_LIST, { 0, "long", false, O_LONG }, { 0, "all-projects", false, O_ALLP },
	    { 0, "reservation-id", true, O_FILTER }, { 0, "ip", true, O_FILTER }, { 0, "ip6", true, O_FILTER },
	    { 0, "name", true, O_FILTER }, { 0, "instance-name", true, O_FILTER }, { 0, "status", true, O_FILTER },
	    { 0, "flavor", true, O_FILTER }, { 0, "image", true, O_FILTER }, { 0, "host", true, O_FILTER },
	    { 0, "project", true, O_FILTER }, { 0, "project-domain", true, O_FILTER }, { 0, "user", true, O_FILTER },
	    { 0, "user-domain", true, O_FILTER }, { 0, "deleted", false, O_FILTER },
	    { 0, "availability-zone", true, O_FILTER }, { 0, "key-name", true, O_FILTER },
	    { 0, "config-drive", false, O_FILTER }, { 0, "no-config-drive", false, O_FILTER },
	    { 0, "progress", true, O_FILTER }, { 0, "vm-state", true, O_FILTER }, { 0, "task-state", true, O_FILTER },
	    { 0, "power-state", true, O_FILTER }, { 'n', "no-name-lookup", false, O_SHOWN },
	    { 0, "name-lookup-one-by-one", false, O_SHOWN }, { 0, "marker", true, O_FILTER },
	    { 0, "limit", true, O_FILTER }, { 0, "changes-before", true, O_FILTER },
	    { 0, "changes-since", true, O_FILTER }, { 0, "locked", false, O_FILTER }, { 0, "unlocked", false, O_FILTER },
	    { 0, "tags", true, O_FILTER }, { 0, "not-tags", true, O_FILTER }, END } },
	{ "server show", "openstack server show [--diagnostics | --topology] SERVER", os_show, NULL, NULL, NULL,
	  { FMT_SHOW, { 0, "diagnostics", false, O_DIAG }, { 0, "topology", false, O_TOPO }, END } },
	{ "server start", "openstack server start [--all-projects] SERVER", os_simple, "start",
	  "openstack server start returns at once; the instance starts shortly after", NULL,
	  { HELP, { 0, "all-projects", false, O_ALLP }, END } },
	{ "server stop", "openstack server stop [--all-projects] SERVER", os_stop, NULL, NULL, NULL,
	  { HELP, { 0, "all-projects", false, O_ALLP }, END } },
	{ "server reboot", "openstack server reboot [--hard | --soft] [--wait] SERVER", os_reboot, NULL, NULL, NULL,
	  { HELP, { 0, "hard", false, O_HARD }, { 0, "soft", false, O_SOFT }, { 0, "wait", false, O_WAIT }, END } },
	/* driver.py LibvirtDriver.pause: guest.pause(), in memory */
	{ "server pause", "openstack server pause SERVER", os_simple, "pause",
	  "openstack server pause pauses in memory (openstack server suspend would save to disk)", NULL, { HELP, END } },
	{ "server unpause", "openstack server unpause SERVER", os_simple, "resume",
	  "openstack server unpause resumes a paused instance (openstack server resume brings back a suspended one)", NULL,
	  { HELP, END } },
	{ "server delete", "openstack server delete [--force] [--all-projects] [--wait] SERVER", os_delete, NULL, NULL, NULL,
	  { HELP, { 0, "force", false, O_FORCE }, { 0, "all-projects", false, O_ALLP }, { 0, "wait", false, O_WAIT }, END } },
	{ "server set", "openstack server set --name NAME SERVER", os_set, NULL, NULL, NULL,
	  { HELP, { 0, "name", true, O_NAME }, { 0, "password", true, O_SETX }, { 0, "no-password", false, O_SETX },
	    { 0, "root-password", false, O_SETX }, { 0, "property", true, O_SETX }, { 0, "state", true, O_SETX },
	    { 0, "description", true, O_SETX }, { 0, "tag", true, O_SETX }, { 0, "hostname", true, O_SETX }, END } },
	{ "server migrate", "openstack server migrate [--live-migration] --host HOST [--block-migration] [--wait] SERVER",
	  os_migrate, NULL, NULL, NULL,
	  { HELP, { 0, "live-migration", false, O_LIVEM }, { 0, "host", true, O_HOST },
	    { 0, "shared-migration", false, O_SHARED }, { 0, "block-migration", false, O_BLOCK },
	    { 0, "disk-overcommit", false, O_OVERC }, { 0, "no-disk-overcommit", false, O_OVERC },
	    { 0, "wait", false, O_WAIT }, END } },
	{ "server image create", "openstack server image create [--name NAME] [--wait] SERVER", os_image_create, NULL, NULL,
	  NULL, { FMT_SHOW, { 0, "name", true, O_NAME }, { 0, "wait", false, O_WAIT }, END } },
	{ "server rebuild", "openstack server rebuild --image IMAGE [--wait] SERVER", os_rebuild, NULL, NULL, NULL,
	  { FMT_SHOW, { 0, "image", true, O_IMAGE }, { 0, "name", true, O_REBUILDX }, { 0, "password", true, O_REBUILDX },
	    { 0, "property", true, O_REBUILDX }, { 0, "description", true, O_REBUILDX },
	    { 0, "preserve-ephemeral", false, O_REBUILDX }, { 0, "no-preserve-ephemeral", false, O_REBUILDX },
	    { 0, "key-name", true, O_REBUILDX }, { 0, "no-key-name", false, O_REBUILDX },
	    { 0, "key-unset", false, O_REBUILDX }, { 0, "user-data", true, O_REBUILDX },
	    { 0, "no-user-data", false, O_REBUILDX }, { 0, "trusted-image-cert", true, O_REBUILDX },
	    { 0, "no-trusted-image-certs", false, O_REBUILDX }, { 0, "hostname", true, O_REBUILDX },
	    { 0, "wait", false, O_WAIT }, END } },
	{ "server volume list", "openstack server volume list SERVER", os_simple, "disk-list", NULL,
	  "openstack server volume list lists attached cinder volumes only, not the flavor's root and ephemeral disks",
	  { FMT_LIST, END } },
	{ "server add volume", "openstack server add volume --device DEVICE SERVER VOLUME", os_add_volume, NULL, NULL, NULL,
	  { FMT_SHOW, { 0, "device", true, O_DEVICE }, { 0, "tag", true, O_TAG },
	    { 0, "enable-delete-on-termination", false, O_DOT }, { 0, "disable-delete-on-termination", false, O_DOT }, END } },
	{ "server add network", "openstack server add network [--tag TAG] SERVER NETWORK", os_add_network, NULL, NULL, NULL,
	  { HELP, { 0, "tag", true, O_TAG }, END } },
	{ "server event list", "openstack server event list [--long] SERVER", os_simple, "events", NULL,
	  "openstack server event list lists the actions requested so far; vmctl events follows new events",
	  { FMT_LIST, { 0, "long", false, O_LONG }, { 0, "changes-since", true, O_FILTER },
	    { 0, "changes-before", true, O_FILTER }, { 0, "limit", true, O_FILTER }, { 0, "marker", true, O_FILTER }, END } },
	{ "console url show", "openstack console url show [--novnc | --spice | --serial ...] SERVER", os_console_url, NULL,
	  NULL, NULL,
	  { FMT_SHOW, { 0, "novnc", false, O_NOVNC }, { 0, "xvpvnc", false, O_XVPVNC }, { 0, "spice", false, O_SPICE },
	    { 0, "rdp", false, O_RDP }, { 0, "serial", false, O_SERIAL }, { 0, "mks", false, O_MKS }, END } },
	{ "console log show", "openstack console log show [--lines N] SERVER", os_console_log, NULL, NULL, NULL,
	  { HELP, { 0, "lines", true, O_LINES }, END } },
	{ "network list", "openstack network list", os_plain, "net-list", NULL,
	  "neutron networks are the project's and shared ones, not libvirt networks of one host",
	  { FMT_LIST, { 0, "long", false, O_LONG }, { 0, "external", false, O_FILTER }, { 0, "internal", false, O_FILTER },
	    { 0, "name", true, O_FILTER }, { 0, "enable", false, O_FILTER }, { 0, "disable", false, O_FILTER },
	    { 0, "project", true, O_FILTER }, { 0, "share", false, O_FILTER }, { 0, "no-share", false, O_FILTER },
	    { 0, "status", true, O_FILTER }, { 0, "provider-network-type", true, O_FILTER }, END } },
	{ "network show", "openstack network show NETWORK", os_named, "net-info", NULL, "a neutron network, not a libvirt one",
	  { FMT_SHOW, END } },
	{ "network create", "openstack network create [OPTIONS] NAME", os_named, "net-create", NULL,
	  "a neutron network has no addresses until openstack subnet create gives it a subnet",
	  { FMT_SHOW, { 0, "share", false, O_NETX }, { 0, "no-share", false, O_NETX }, { 0, "enable", false, O_NETX },
	    { 0, "disable", false, O_NETX }, { 0, "project", true, O_NETX }, { 0, "description", true, O_NETX },
	    { 0, "mtu", true, O_NETX }, { 0, "availability-zone-hint", true, O_NETX }, { 0, "external", false, O_NETX },
	    { 0, "internal", false, O_NETX }, { 0, "provider-network-type", true, O_NETX },
	    { 0, "provider-physical-network", true, O_NETX }, { 0, "provider-segment", true, O_NETX },
	    { 0, "tag", true, O_NETX }, { 0, "no-tag", false, O_NETX }, END } },
	{ "network delete", "openstack network delete NETWORK", os_named, "net-delete", NULL,
	  "neutron refuses to delete a network that still has ports", { HELP, END } },
	{ "volume list", "openstack volume list", os_plain, "image-list", NULL,
	  "cinder volumes are named block devices, not files in a pool",
	  { FMT_LIST, { 0, "long", false, O_LONG }, { 0, "all-projects", false, O_FILTER }, { 0, "name", true, O_FILTER },
	    { 0, "status", true, O_FILTER }, { 0, "project", true, O_FILTER }, { 0, "user", true, O_FILTER },
	    { 0, "limit", true, O_FILTER }, { 0, "marker", true, O_FILTER }, END } },
	{ "volume show", "openstack volume show VOLUME", os_named, "image-info", NULL,
	  "a cinder volume's name or ID, read as a PATH", { FMT_SHOW, END } },
	{ "volume delete", "openstack volume delete VOLUME", os_named, "image-delete", NULL,
	  "a cinder volume's name or ID, read as a PATH",
	  { HELP, { 0, "force", false, O_NETX }, { 0, "purge", false, O_NETX }, END } },
	{ "hypervisor stats show", "openstack hypervisor stats show", os_plain, "host", NULL,
	  "the sum of the compute hosts' resources; vmctl host checks this host", { FMT_SHOW, END } },
};

/* Real commands of the server group that vmctl has no verb for, and why;
 * the false friends first. */
static const struct nrefusal server_refused[] = {
	/* driver.py LibvirtDriver.suspend: guest.save_memory_state() */
	{ "suspend", "false friend: 'openstack server suspend' saves the instance to disk (libvirt managed save, kept by "
		     "nova), it does not pause it: closest vmctl save GUEST PATH; vmctl pause is openstack server pause" },
	{ "resume", "false friend: 'openstack server resume' brings back a suspended (saved) instance from nova's own "
		    "state: closest vmctl restore PATH GUEST; vmctl resume is openstack server unpause" },
	{ "resize", "'openstack server resize' changes the flavor (vCPUs, memory and disk together): closest vmctl vcpu-set "
		    "and mem-set" },
	{ "create", "'openstack server create' boots a new instance from a flavor and an image: closest vmctl create and "
		    "vmctl start" },
	{ "ssh", "'openstack server ssh' runs ssh to the instance's address: closest vmctl exec GUEST -- COMMAND" },
	{ "remove", "'openstack server remove' detaches a volume, port, network, fixed or floating IP, or security group by "
		    "its own name or ID: closest vmctl disk-detach GUEST TARGET and nic-detach GUEST MAC" },
	{ "shelve", "'openstack server shelve' shuts the instance down and keeps it as an image off any host: no vmctl "
		    "equivalent (closest vmctl stop)" },
	{ NULL, NULL },
};

static const struct ntool server_tool = {
	.kind = "openstack command",
	.prefix = "openstack server ",
	.subject = "",
	.refused = server_refused,
	.words = SERVER_WORDS,
	.reads = OS_READS,
};

static const struct nalias top_aliases[] = {
	{ "instance", "openstack has no instance command; you mean openstack server" },
	{ "vm", "openstack has no vm command; you mean openstack server" },
	{ NULL, NULL },
};

static const struct ntool top_tool = {
	.kind = "openstack command",
	.prefix = "openstack ",
	.subject = "",
	.words = TOP_WORDS,
	.reads = OS_READS,
	.aliases = top_aliases,
	.unknown_says_reads = true,
};

/* openstack's global options (openstackclient/shell.py and osc-lib's
 * shell.py, 6.0): every --os-* takes a value but --os-beta-command. */
static int globals(int argc, char **argv, int *at, struct translation *t, struct vm_error *err)
{
	bool noisy = false;
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return vm_error_set(err, VM_EXIT_USAGE, "'openstack --' is not an openstack command");
		if (strncmp(a, "--os-", 5) == 0 && strcmp(a, "--os-beta-command") != 0) {
			if (!strchr(a, '=')) {
				if (i + 1 >= argc) {
					char *q = msg_quote(a);
					vm_error_set(err, VM_EXIT_USAGE, "openstack: error: argument %s: expected one argument", q);
					free(q);
					return -1;
				}
				i++;
			}
			noisy = true;
		} else if (strcmp(a, "--log-file") == 0) {
			if (++i >= argc)
				return vm_error_set(err, VM_EXIT_USAGE, "openstack: error: argument --log-file: expected one argument");
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0 || strcmp(a, "-q") == 0 ||
			   strcmp(a, "--quiet") == 0 || strcmp(a, "--debug") == 0 || strcmp(a, "--insecure") == 0 ||
			   strcmp(a, "--timing") == 0 || strcmp(a, "--os-beta-command") == 0 ||
			   strcmp(a, "--no-cache") == 0 || strcmp(a, "--verify") == 0 || strncmp(a, "--log-file=", 11) == 0 ||
			   strcmp(a, "-vv") == 0) {
			/* only what openstack prints, or how it talks to the API */
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "--version") == 0) {
			return vm_error_set(err, VM_EXIT_USAGE, "'openstack %s' prints openstack's own text; nothing to translate", a);
		} else {
			char *q = msg_quote(a);
			vm_error_set(err, VM_EXIT_USAGE, "openstack: error: unrecognized arguments: %s", q);
			free(q);
			return -1;
		}
		i++;
	}
	if (noisy)
		tr_note(t, "the --os-* options choose the cloud, region and credentials; vmctl acts on its own connection (-c)");
	*at = i;
	return 0;
}

/* The row whose words are the longest prefix of argv[at..]. */
static const struct os_row *find_row(int argc, char **argv, int at, int *used)
{
	const struct os_row *best = NULL;
	int best_n = 0;
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++) {
		const char *p = rows[r].words;
		int n = 0;
		bool ok = true;
		while (*p && ok) {
			size_t len = strcspn(p, " ");
			ok = at + n < argc && strlen(argv[at + n]) == len && strncmp(argv[at + n], p, len) == 0;
			n++;
			p += len;
			if (*p == ' ')
				p++;
		}
		if (ok && n > best_n) {
			best = &rows[r];
			best_n = n;
		}
	}
	*used = best_n;
	return best;
}

int translate_openstack(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	int at = 1;
	if (globals(argc, argv, &at, t, err) < 0)
		return -1;
	if (at >= argc)
		return vm_error_set(err, VM_EXIT_USAGE, "'openstack' needs a command, such as openstack server list "
							"(without one it reads commands from standard input)");
	int used = 0;
	const struct os_row *row = find_row(argc, argv, at, &used);
	if (!row) {
		if (strcmp(argv[at], "server") != 0)
			return tr_not_expressible(&top_tool, argv[at], err);
		if (at + 1 >= argc)
			return vm_error_set(err, VM_EXIT_USAGE, "'openstack server' needs a command, such as openstack server list");
		return tr_not_expressible(&server_tool, argv[at + 1], err);
	}
	struct ctx c = { .row = row, .t = t, .err = err, .w = { .t = t } };
	char *who = xasprintf("openstack %s", row->words);
	c.who = who;
	int rc = -1;
	if (nscan(who, NSCAN_GNU, row->opts, argc - at - used, argv + at + used, &c.sc, err) == 0) {
		if (nscan_count(&c.sc, O_HELP))
			rc = vm_error_set(err, VM_EXIT_USAGE, "'%s -h' prints openstack's help; nothing to translate", who);
		else
			rc = row->run(&c);
	}
	nscan_clear(&c.sc);
	free(who);
	return rc;
}
