/* verbs.c: the verb table, its options and operands as data, the global
 * options, the help text made from them, and the table's self-test. */
#include "verbs.h"

#include "validate.h"

#include <stdlib.h>
#include <string.h>

#define REQ(field) offsetof(struct vm_request, field)

/* ---- verb options ---- */

static const struct opt_def o_name = { "name", OPT_FLAG, NULL, "print guest names only, one per line",
				       .dest = REQ(names) };
static const struct opt_def o_from = { "from", OPT_PATH, "CONFIG", "start a transient guest from CONFIG",
				       .dest = REQ(from) };
static const struct opt_def o_paused = { "paused", OPT_FLAG, NULL, "leave the guest paused once started",
					 .dest = REQ(paused) };
static const struct opt_def o_console = { "console", OPT_FLAG, NULL, "attach to the console once started",
					  .needs_tty = true, .dest = REQ(console) };
static const struct opt_def o_timeout = { "timeout", OPT_SECONDS, "SEC",
					  "seconds to wait for the guest to go down (default 60; 0: do not wait)",
					  .init = VM_STOP_TIMEOUT_DEFAULT, .usual = VM_STOP_TIMEOUT_DEFAULT,
					  .dest = REQ(timeout) };
static const struct opt_def o_force = { "force", OPT_FLAG, NULL, "kill the guest when the timeout expires",
					.dest = REQ(force) };
static const struct opt_def o_live = { "live", OPT_FLAG, NULL, "change the running guest", .dest = REQ(live) };
static const struct opt_def o_config = { "config", OPT_FLAG, NULL, "change the persistent definition (next boot)",
					 .dest = REQ(config) };
static const struct opt_def o_eject = { "eject", OPT_FLAG, NULL, "eject the medium instead of inserting one",
					.dest = REQ(eject) };
static const struct opt_def o_unsafe = { "unsafe", OPT_FLAG, NULL, "allow migration without shared storage",
					 .dest = REQ(unsafe) };
static const struct opt_def o_all = { "all", OPT_FLAG, NULL, "every guest the verb applies to (bulk)",
				      .dest = REQ(all) };
static const struct opt_def o_parallel = { "parallel", OPT_NUMBER, "N",
					   "bulk: act on N guests at a time (1 to 64; default 1)", .min = 1,
					   .max = VM_PARALLEL_MAX, .usual = 1, .dest = REQ(parallel) };

static const struct opt_def *const opts_list[] = { &o_name, NULL };
static const struct opt_def *const opts_start[] = { &o_from, &o_paused, &o_console, &o_all, &o_parallel, NULL };
static const struct opt_def *const opts_stop[] = { &o_timeout, &o_force, &o_all, &o_parallel, NULL };
static const struct opt_def *const opts_bulk[] = { &o_all, &o_parallel, NULL };
static const struct opt_def *const opts_affect[] = { &o_live, &o_config, NULL };
static const struct opt_def *const opts_cd[] = { &o_eject, NULL };
static const struct opt_def *const opts_migrate[] = { &o_live, &o_unsafe, NULL };

/* ---- operands ---- */

#define GUEST { "GUEST", OPD_GUEST, "guest name", "guest", .dest = REQ(guest) }
#define GUEST_OPT { "GUEST", OPD_GUEST, "guest name", "guest", .optional = true, .dest = REQ(guest) }
#define END { NULL, OPD_WORD, NULL, NULL, .dest = 0 }

static const struct operand_def no_operands[] = { END };
static const struct operand_def opd_guest[] = { GUEST, END };
static const struct operand_def opd_guest_opt[] = { GUEST_OPT, END };
static const struct operand_def opd_vcpu[] = { GUEST, { "COUNT", OPD_COUNT, "COUNT", "count", .dest = REQ(count) }, END };
static const struct operand_def opd_mem[] = { GUEST, { "SIZE", OPD_SIZE, "SIZE", "size", .dest = REQ(size_kib) }, END };
static const struct operand_def opd_cd[] = {
	GUEST,
	{ "DEVICE", OPD_DEVICE, "DEVICE", "device", .dest = REQ(device) },
	{ "ISO", OPD_PATH, "ISO", "iso", .optional = true, .dest = REQ(iso) },
	END,
};
static const struct operand_def opd_save[] = { GUEST, { "PATH", OPD_PATH, "PATH", "path", .dest = REQ(path) }, END };
static const struct operand_def opd_restore[] = {
	{ "PATH", OPD_PATH, "PATH", "path", .reads_file = true, .dest = REQ(path) }, GUEST_OPT, END,
};
static const struct operand_def opd_snapshot_named[] = {
	GUEST, { "NAME", OPD_NAME, "snapshot name", "name", .dest = REQ(snapshot) }, END,
};
static const struct operand_def opd_snapshot_create[] = {
	GUEST, { "NAME", OPD_NAME, "snapshot name", "name", .optional = true, .dest = REQ(snapshot) }, END,
};
static const struct operand_def opd_migrate[] = { GUEST, { "DEST", OPD_DEST, "DEST", "dest", .dest = REQ(dest) }, END };
static const struct operand_def opd_translate[] = { { "NATIVE-COMMAND", OPD_WORDS, NULL, "command", .dest = 0 }, END };
static const struct operand_def opd_help[] = {
	{ "VERB", OPD_WORD, NULL, "verb", .optional = true, .dest = REQ(help_verb) }, END,
};

/* ---- checks no row can express ---- */

/* GUEST, --from CONFIG or --all (start, stop, kill, pause, resume). */
static int check_guest_or_all(const struct verb_def *verb, int n, struct vm_request *req, struct vm_error *err)
{
	if (req->all) {
		if (n > 0)
			return verb_usage_error(err, verb, "--all takes no GUEST");
		if (req->from || req->console)
			return verb_usage_error(err, verb, "--all goes with neither --from nor --console");
		return 0;
	}
	if (req->parallel)
		return verb_usage_error(err, verb, "--parallel goes with --all");
	if (req->from && n == 1)
		return verb_usage_error(err, verb, "give either GUEST or --from CONFIG, not both");
	if (!req->from && n == 0)
		return verb_usage_error(err, verb, verb_option(verb, "from") ? "missing GUEST (or --from CONFIG, or --all)"
									    : "missing GUEST (or --all)");
	return 0;
}

/* GUEST DEVICE ISO, or --eject GUEST DEVICE. */
static int check_cd_change(const struct verb_def *verb, int n, struct vm_request *req, struct vm_error *err)
{
	if (req->eject && n != 2)
		return verb_usage_error(err, verb, n < 2 ? "missing DEVICE" : "--eject takes GUEST DEVICE and no ISO");
	if (!req->eject && n != 3)
		return verb_usage_error(err, verb, "missing ISO (or use --eject)");
	return 0;
}

static int check_image_create(const struct verb_def *verb, int n, struct vm_request *req, struct vm_error *err)
{
	bool backing = vm_value_str(req, "backing") != NULL;
	if (n < 2 && !backing)
		return verb_usage_error(err, verb, "missing SIZE (needed without --backing)");
	if (vm_value_str(req, "backing-format") && !backing)
		return verb_usage_error(err, verb, "--backing-format goes with --backing");
	if (backing && vm_value_str(req, "format") && strcmp(vm_value_str(req, "format"), "raw") == 0)
		return verb_usage_error(err, verb, "a raw image has no backing file: use --format qcow2");
	return 0;
}

static int check_net_create(const struct verb_def *verb, int n, struct vm_request *req, struct vm_error *err)
{
	(void)n;
	const char *br = vm_value_str(req, "bridge");
	if (br && (strlen(br) == 0 || strlen(br) > 15 || strpbrk(br, "/: \t\n") || br[0] == '-'))
		return verb_usage_error(err, verb, "--bridge takes an interface name: 1 to 15 characters, no '/', ':' or space");
	if (vm_value_flag(req, "dhcp") && !vm_value_str(req, "subnet"))
		return verb_usage_error(err, verb, "--dhcp needs --subnet");
	return 0;
}

/* create: NAME and a spec, or --from CONFIG (and NAME where the format names none). */
static int check_create(const struct verb_def *verb, int n, struct vm_request *req, struct vm_error *err)
{
	static const char *const spec[] = { "vcpus", "memory", "disk", "cdrom", "kernel", "initrd", "cmdline",
					    "network", "type", "template" };
	if (req->from) {
		for (size_t i = 0; i < ARRAY_SIZE(spec); i++)
			if (vm_value(req, spec[i])) {
				char what[96];
				snprintf(what, sizeof(what), "--from CONFIG goes with no --%s: the configuration says it all", spec[i]);
				return verb_usage_error(err, verb, what);
			}
		return 0;
	}
	if (n == 0)
		return verb_usage_error(err, verb, "missing NAME (or --from CONFIG)");
	if (vm_value(req, "initrd") && !vm_value(req, "kernel"))
		return verb_usage_error(err, verb, "--initrd goes with --kernel");
	if (vm_value(req, "template") && (vm_value(req, "kernel") || vm_value(req, "cdrom")))
		return verb_usage_error(err, verb, "--template makes a container: it goes with neither --kernel nor --cdrom");
	return 0;
}

/* nic-attach --model: a device model name as libvirt and QEMU spell them. */
static int check_nic_attach(const struct verb_def *verb, int n, struct vm_request *req, struct vm_error *err)
{
	(void)n;
	const char *m = vm_value_str(req, "model");
	if (m && (strlen(m) == 0 || strlen(m) > 32 || strspn(m, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(m)))
		return verb_usage_error(err, verb, "--model takes a model name such as virtio, e1000 or rtl8139");
	return 0;
}

/* ---- watching and reaching in ---- */

/* top: --once is one sample; a batch takes top only with --once or --count
 * (main.c asks top_is_finite()). */
static int check_top(const struct verb_def *verb, int n, struct vm_request *req, struct vm_error *err)
{
	(void)n;
	if (vm_value_flag(req, "once") && vm_value(req, "count"))
		return verb_usage_error(err, verb, "--once goes without --count (it is --count 1)");
	return 0;
}

static const struct opt_def o_watch_timeout = { "timeout", OPT_SECONDS, "SEC", "give up after SEC seconds "
						"(default: never; 0: look once)", .dest = 0 };
static const struct opt_def o_watch_count = { "count", OPT_NUMBER, "N", "stop after N lines (1 to 1000000)",
					      .min = 1, .max = 1000000, .dest = 0 };

/* ---- devices: their options and operands ---- */

static const struct opt_def o_mode = { "mode", OPT_ENUM, "MODE", "readonly or shareable (default: read-write, "
				       "this guest only)", .choices = (const char *const[]){ "readonly", "shareable", NULL } };
static const struct opt_def o_device = { "device", OPT_ENUM, "KIND", "disk (default) or cdrom",
					 .choices = (const char *const[]){ "disk", "cdrom", NULL } };
static const struct opt_def o_format = { "format", OPT_ENUM, "FORMAT", "the image's format, never probed: raw or "
					 "qcow2 (default: the storage pool's record, else raw)",
					 .choices = (const char *const[]){ "raw", "qcow2", NULL } };
static const struct opt_def o_detach_timeout = { "timeout", OPT_SECONDS, "SEC", "live: seconds to wait for the guest "
						 "to release the device (default 30)", .init = 30, .usual = 30,
						 .dest = REQ(timeout) };
static const struct opt_def o_mac = { "mac", OPT_MAC, "MAC", "the NIC's MAC address (default: the backend's choice)",
				      .dest = 0 };
static const struct opt_def o_model = { "model", OPT_STRING, "MODEL", "the NIC's model (default virtio)", .dest = 0 };
static const struct opt_def *const opts_disk_attach[] = { &o_live, &o_config, &o_mode, &o_device, &o_format, NULL };
static const struct opt_def *const opts_disk_detach[] = { &o_live, &o_config, &o_detach_timeout, NULL };
static const struct opt_def *const opts_nic_attach[] = { &o_live, &o_config, &o_mac, &o_model, NULL };

static const struct operand_def opd_disk_attach[] = {
	GUEST,
	{ "SOURCE", OPD_PATH, "SOURCE", "source", .dest = 0 },
	{ "TARGET", OPD_DEVICE, "TARGET", "target", .dest = 0 },
	END,
};
static const struct operand_def opd_disk_detach[] = { GUEST, { "TARGET", OPD_DEVICE, "TARGET", "target", .dest = 0 }, END };
static const struct operand_def opd_nic_attach[] = {
	GUEST, { "NET", OPD_WORD, "NET", "net", .valid = validate_netspec, .dest = 0 }, END,
};
static const struct operand_def opd_nic_detach[] = {
	GUEST, { "MAC", OPD_WORD, "MAC", "mac", .valid = validate_mac, .dest = 0 }, END,
};
static const struct operand_def opd_vcpu_pin[] = {
	GUEST,
	{ "VCPU", OPD_WORD, "VCPU", "vcpu", .valid = validate_vcpu, .dest = 0 },
	{ "CPULIST", OPD_WORD, "CPULIST", "cpulist", .valid = validate_cpulist, .dest = 0 },
	END,
};

/* ---- the table ---- */

/* The sub-verbs of snapshot: arity counts the action word. */
static const struct verb_def snapshot_subs[] = {
	{ .name = "create", .id = VERB_SNAPSHOT, .min = 2, .max = 3, .operands = opd_snapshot_create,
	  .changes = true, .explains = true, .long_op = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .sub_op = SNAPSHOT_CREATE, .synopsis = "GUEST [NAME]", .help = "Take a snapshot (the backend names it when NAME is left out)." },
	{ .name = "list", .id = VERB_SNAPSHOT, .min = 2, .max = 2, .operands = opd_guest,
	  .explains = true, .goes = GOES_GUEST, .returns = RET_NAMES, .run = verb_act,
	  .sub_op = SNAPSHOT_LIST, .synopsis = "GUEST", .help = "List the guest's snapshots." },
	{ .name = "revert", .id = VERB_SNAPSHOT, .min = 3, .max = 3, .operands = opd_snapshot_named,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .sub_op = SNAPSHOT_REVERT, .synopsis = "GUEST NAME", .help = "Go back to a snapshot." },
	{ .name = "delete", .id = VERB_SNAPSHOT, .min = 3, .max = 3, .operands = opd_snapshot_named,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .sub_op = SNAPSHOT_DELETE, .synopsis = "GUEST NAME", .help = "Delete a snapshot." },
	{ .name = NULL },
};

const struct verb_def verb_table[] = {
	{ .name = "list", .id = VERB_LIST, .min = 0, .max = 0, .operands = no_operands, .opts = opts_list,
	  .explains = true, .several_hosts = true, .goes = GOES_GUEST, .returns = RET_GUESTS, .run = verb_act,
	  .synopsis = "[--name]",
	  .help = "List every guest, running or not (--name: names only, one per line)." },
	{ .name = "info", .id = VERB_INFO, .min = 1, .max = 1, .operands = opd_guest, .explains = true,
	  .goes = GOES_GUEST, .returns = RET_GUEST_INFO, .run = verb_act,
	  .synopsis = "GUEST", .help = "Show a guest's state, vCPUs, memory and identity." },
	{ .name = "start", .id = VERB_START, .min = 0, .max = 1, .operands = opd_guest_opt, .opts = opts_start,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .check = check_guest_or_all,
	  .bulk_from = { [VM_STATE_SHUTOFF] = true, [VM_STATE_CRASHED] = true },
	  .synopsis = "[--paused] [--console] GUEST | --from CONFIG | --all [--parallel N]",
	  .help = "Start a defined guest, or a transient one from CONFIG (xl.cfg for xen, domain XML for libvirt)." },
	{ .name = "stop", .id = VERB_STOP, .min = 0, .max = 1, .operands = opd_guest_opt, .opts = opts_stop,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .check = check_guest_or_all,
	  .bulk_from = { [VM_STATE_RUNNING] = true, [VM_STATE_PAUSED] = true, [VM_STATE_STOPPING] = true },
	  .synopsis = "[--timeout SEC] [--force] GUEST | --all [--parallel N]",
	  .help = "Ask the guest to shut down and wait up to SEC seconds (default 60; 0: do not wait); --force kills it when the time is up." },
	{ .name = "kill", .id = VERB_KILL, .min = 0, .max = 1, .operands = opd_guest_opt, .opts = opts_bulk,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .check = check_guest_or_all,
	  .bulk_from = { [VM_STATE_RUNNING] = true, [VM_STATE_PAUSED] = true, [VM_STATE_STOPPING] = true,
			[VM_STATE_CRASHED] = true },
	  .synopsis = "GUEST | --all [--parallel N]",
	  .help = "Power the guest off at once (its definition is kept)." },
	{ .name = "reboot", .id = VERB_REBOOT, .min = 1, .max = 1, .operands = opd_guest, .changes = true,
	  .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .synopsis = "GUEST", .help = "Ask the guest to reboot." },
	{ .name = "pause", .id = VERB_PAUSE, .min = 0, .max = 1, .operands = opd_guest_opt, .opts = opts_bulk,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .check = check_guest_or_all,
	  .bulk_from = { [VM_STATE_RUNNING] = true },
	  .synopsis = "GUEST | --all [--parallel N]",
	  .help = "Pause the guest in memory (virsh suspend, xl pause, lxc-freeze)." },
	{ .name = "resume", .id = VERB_RESUME, .min = 0, .max = 1, .operands = opd_guest_opt, .opts = opts_bulk,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .check = check_guest_or_all,
	  .bulk_from = { [VM_STATE_PAUSED] = true },
	  .synopsis = "GUEST | --all [--parallel N]",
	  .help = "Resume a paused guest (virsh resume, xl unpause, lxc-unfreeze)." },
	{ .name = "vcpu-set", .id = VERB_VCPU_SET, .min = 2, .max = 2, .operands = opd_vcpu, .opts = opts_affect,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .synopsis = "[--live] [--config] GUEST COUNT",
	  .help = "Set the number of virtual CPUs (default: what the guest's state allows, as virsh --current)." },
	{ .name = "mem-set", .id = VERB_MEM_SET, .min = 2, .max = 2, .operands = opd_mem, .opts = opts_affect,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .synopsis = "[--live] [--config] GUEST SIZE",
	  .help = "Set the guest's memory; SIZE is KiB unless it has a unit K, M, G or T (binary)." },
	{ .name = "cd-change", .id = VERB_CD_CHANGE, .min = 2, .max = 3, .operands = opd_cd, .opts = opts_cd,
	  .changes = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .check = check_cd_change, .synopsis = "GUEST DEVICE ISO | --eject GUEST DEVICE",
	  .help = "Insert or swap the medium of a CD drive, or eject it; DEVICE is a target such as hdc, or the current source path (libvirt)." },
	{ .name = "console", .id = VERB_CONSOLE, .min = 1, .max = 1, .operands = opd_guest, .changes = true,
	  .explains = true, .needs_tty = true, .no_batch = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .synopsis = "GUEST", .help = "Attach this terminal to the guest's console." },
	{ .name = "save", .id = VERB_SAVE, .min = 2, .max = 2, .operands = opd_save, .changes = true,
	  .explains = true, .long_op = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .synopsis = "GUEST PATH", .help = "Save the running guest's memory to PATH and stop it (lxc: a checkpoint directory)." },
	{ .name = "restore", .id = VERB_RESTORE, .min = 1, .max = 2, .operands = opd_restore, .changes = true,
	  .explains = true, .long_op = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .synopsis = "PATH [GUEST]", .help = "Start a guest again from a file made by save (GUEST is needed for lxc and openvz)." },
	{ .name = "snapshot", .id = VERB_SNAPSHOT, .min = 2, .max = 3, .operands = no_operands, .changes = true,
	  .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act, .subs = snapshot_subs,
	  .synopsis = "create GUEST [NAME] | list GUEST | revert GUEST NAME | delete GUEST NAME",
	  .help = "Create, list, revert to or delete snapshots of a guest." },
	{ .name = "migrate", .id = VERB_MIGRATE, .min = 2, .max = 2, .operands = opd_migrate, .opts = opts_migrate,
	  .changes = true, .explains = true, .long_op = true, .goes = GOES_GUEST, .returns = RET_RESULT, .run = verb_act,
	  .synopsis = "[--live] [--unsafe] GUEST DEST",
	  .help = "Move the guest to DEST (a libvirt URI; a bare host means qemu+ssh://HOST/system; a host for xen)." },
	{ .name = "host", .id = VERB_HOST, .min = 0, .max = 0, .operands = no_operands, .explains = true,
	  .goes = GOES_HOST, .returns = RET_NOTHING, .run = verb_host,
	  .synopsis = "", .help = "Show what this host can run." },
	{ .name = "translate", .id = VERB_TRANSLATE, .min = 1, .max = -1, .operands = opd_translate,
	  .goes = GOES_NOWHERE, .returns = RET_NOTHING, .run_raw = verb_translate,
	  .synopsis = "NATIVE-COMMAND... | -",
	  .help = "Read a native command (xl, virsh, lxc-*, vzctl, QEMU monitor, qm, pct, xe, vagrant, openstack, incus) and answer in every vocabulary." },
	{ .name = "help", .id = VERB_HELP, .min = 0, .max = 1, .operands = opd_help, .goes = GOES_NOWHERE,
	  .returns = RET_NOTHING, .run = verb_help,
	  .synopsis = "[VERB]", .help = "Show the usage, or the help of one verb." },
	{ .name = "pool-list", .id = VERB_POOL_LIST, .min = 0, .max = 0, .operands = no_operands, .explains = true,
	  .several_hosts = true, .goes = GOES_RESOURCES, .returns = RET_RECORDS, .plural = "pools", .run = verb_act, .synopsis = "",
	  .help = "List libvirt's storage pools: name, state, type, target directory, capacity, allocation, available." },
	{ .name = "pool-create", .id = VERB_POOL_CREATE, .min = 2, .max = 2,
	  .operands = (const struct operand_def[]){ { "NAME", OPD_NAME, "pool name", "name", .dest = 0 },
						    { "DIR", OPD_PATH, "DIR", "dir", .image = true }, END },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "NAME DIR",
	  .help = "Make DIR a storage pool of libvirt's: defined, built, started and autostarted." },
	{ .name = "pool-delete", .id = VERB_POOL_DELETE, .min = 1, .max = 1,
	  .operands = (const struct operand_def[]){ { "NAME", OPD_NAME, "pool name", "name", .dest = 0 }, END },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "NAME", .help = "Stop and undefine the storage pool; its files stay." },
	{ .name = "image-list", .id = VERB_IMAGE_LIST, .min = 0, .max = 1,
	  .operands = (const struct operand_def[]){ { "POOL", OPD_NAME, "pool name", "pool", .optional = true }, END },
	  .explains = true, .several_hosts = true, .goes = GOES_RESOURCES, .returns = RET_RECORDS, .plural = "images",
	  .run = verb_act, .synopsis = "[POOL]", .help = "List the disk images (volumes) of POOL, or of every active pool." },
	{ .name = "image-create", .id = VERB_IMAGE_CREATE, .min = 1, .max = 2,
	  .operands = (const struct operand_def[]){ { "PATH", OPD_PATH, "PATH", "path", .image = true },
						    { "SIZE", OPD_SIZE, "SIZE", "size", .optional = true, .image = true },
						    END },
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "format", OPT_ENUM, "FORMAT", "qcow2 (default) or raw",
					   .choices = (const char *const[]){ "qcow2", "raw", NULL } },
		  &(const struct opt_def){ "backing", OPT_PATH, "FILE", "a qcow2 overlay on FILE (SIZE: FILE's by default)", .dest = 0 },
		  &(const struct opt_def){ "backing-format", OPT_ENUM, "FORMAT",
					   "FILE's format when its pool has no record of it: qcow2 or raw",
					   .choices = (const char *const[]){ "qcow2", "raw", NULL } },
		  NULL },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .check = check_image_create,
	  .synopsis = "[--format qcow2|raw] [--backing FILE [--backing-format qcow2|raw]] PATH [SIZE]",
	  .help = "Create a disk image at PATH, in the pool whose directory holds it; SIZE needs a unit (K, M, G, T)." },
	{ .name = "image-info", .id = VERB_IMAGE_INFO, .min = 1, .max = 1,
	  .operands = (const struct operand_def[]){ { "PATH", OPD_PATH, "PATH", "path", .image = true }, END },
	  .explains = true, .goes = GOES_RESOURCES, .returns = RET_RECORDS, .run = verb_act, .synopsis = "PATH",
	  .help = "Show a disk image's format, virtual size, allocation and backing file." },
	{ .name = "image-resize", .id = VERB_IMAGE_RESIZE, .min = 2, .max = 2,
	  .operands = (const struct operand_def[]){ { "PATH", OPD_PATH, "PATH", "path", .image = true },
						    { "SIZE", OPD_SIZE, "SIZE", "size", .image = true }, END },
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "shrink", OPT_FLAG, NULL, "allow a SIZE below the current one (data beyond it is lost)", .dest = 0 },
		  NULL },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "[--shrink] PATH SIZE",
	  .help = "Set a disk image's virtual size to SIZE (a unit is required); growing only, unless --shrink." },
	{ .name = "image-convert", .id = VERB_IMAGE_CONVERT, .min = 2, .max = 2,
	  .operands = (const struct operand_def[]){ { "SRC", OPD_PATH, "SRC", "src", .image = true },
						    { "DST", OPD_PATH, "DST", "dst", .image = true }, END },
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "format", OPT_ENUM, "FORMAT", "DST's format: qcow2 (default) or raw",
					   .choices = (const char *const[]){ "qcow2", "raw", NULL } },
		  NULL },
	  .changes = true, .reports = true, .explains = true, .long_op = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "[--format qcow2|raw] SRC DST",
	  .help = "Copy the disk image SRC into a new image DST of the given format, in DST's pool." },
	{ .name = "image-delete", .id = VERB_IMAGE_DELETE, .min = 1, .max = 1,
	  .operands = (const struct operand_def[]){ { "PATH", OPD_PATH, "PATH", "path", .image = true }, END },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "PATH",
	  .help = "Delete a disk image, unless a defined guest uses it or another image has it as backing file." },
	{ .name = "net-list", .id = VERB_NET_LIST, .min = 0, .max = 0, .operands = no_operands, .explains = true,
	  .several_hosts = true, .goes = GOES_RESOURCES, .returns = RET_RECORDS, .plural = "networks", .run = verb_act,
	  .synopsis = "", .help = "List libvirt's virtual networks: name, state, bridge, forward mode, subnet, autostart." },
	{ .name = "net-info", .id = VERB_NET_INFO, .min = 1, .max = 1,
	  .operands = (const struct operand_def[]){ { "NAME", OPD_NAME, "network name", "name", .dest = 0 }, END },
	  .explains = true, .goes = GOES_RESOURCES, .returns = RET_RECORDS, .run = verb_act, .synopsis = "NAME",
	  .help = "Show a virtual network as net-list does, with its DHCP range and leases." },
	{ .name = "net-create", .id = VERB_NET_CREATE, .min = 1, .max = 1,
	  .operands = (const struct operand_def[]){ { "NAME", OPD_NAME, "network name", "name", .dest = 0 }, END },
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "bridge", OPT_STRING, "BR", "the bridge's name (default: libvirt's virbrN)",
					   .dest = 0 },
		  &(const struct opt_def){ "subnet", OPT_CIDR, "CIDR", "its IPv4 subnet, such as 192.168.100.0/24",
					   .dest = 0 },
		  &(const struct opt_def){ "forward", OPT_ENUM, "MODE", "nat (default), route or none (isolated)",
					   .choices = (const char *const[]){ "nat", "route", "none", NULL } },
		  &(const struct opt_def){ "dhcp", OPT_FLAG, NULL, "serve DHCP on the subnet's host addresses", .dest = 0 },
		  NULL },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .check = check_net_create,
	  .synopsis = "[--bridge BR] [--subnet CIDR] [--forward nat|route|none] [--dhcp] NAME",
	  .help = "Define a virtual network, start it and mark it autostarted." },
	{ .name = "net-delete", .id = VERB_NET_DELETE, .min = 1, .max = 1,
	  .operands = (const struct operand_def[]){ { "NAME", OPD_NAME, "network name", "name", .dest = 0 }, END },
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "force", OPT_FLAG, NULL, "delete it even while running guests use it", .dest = 0 },
		  NULL },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "[--force] NAME",
	  .help = "Stop and undefine a virtual network, unless a running guest uses it (--force: anyway)." },
	{ .name = "net-start", .id = VERB_NET_START, .min = 1, .max = 1,
	  .operands = (const struct operand_def[]){ { "NAME", OPD_NAME, "network name", "name", .dest = 0 }, END },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "NAME", .help = "Start a defined virtual network." },
	{ .name = "net-stop", .id = VERB_NET_STOP, .min = 1, .max = 1,
	  .operands = (const struct operand_def[]){ { "NAME", OPD_NAME, "network name", "name", .dest = 0 }, END },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_RESOURCES, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "NAME", .help = "Stop a virtual network; its definition stays." },
	{ .name = "create", .id = VERB_CREATE, .min = 0, .max = 1,
	  .operands = (const struct operand_def[]){ { "NAME", OPD_GUEST, "guest name", "guest", .optional = true,
						      .dest = REQ(guest) }, END },
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "vcpus", OPT_COUNT, "N", "virtual CPUs (default 1)", .dest = 0 },
		  &(const struct opt_def){ "memory", OPT_SIZE, "SIZE", "memory (default 512M)", .dest = 0 },
		  &(const struct opt_def){ "disk", OPT_PATH, "PATH", "a disk image (vda, vdb... in order; libvirt-LXC: the "
					   "root directory)", .repeatable = true, .dest = 0 },
		  &(const struct opt_def){ "cdrom", OPT_PATH, "ISO", "a CD-ROM drive holding ISO", .dest = 0 },
		  &(const struct opt_def){ "kernel", OPT_PATH, "PATH", "boot this kernel directly", .dest = 0 },
		  &(const struct opt_def){ "initrd", OPT_PATH, "PATH", "with --kernel: its initial ramdisk", .dest = 0 },
		  &(const struct opt_def){ "cmdline", OPT_STRING, "STR", "the kernel's command line (containers: the init "
					   "command)", .dest = 0 },
		  &(const struct opt_def){ "network", OPT_STRING, "NET", "a NIC on libvirt network NET, or bridge=BR",
					   .repeatable = true, .dest = 0 },
		  &(const struct opt_def){ "type", OPT_ENUM, "TYPE", "xen: pv or hvm (default pv with --kernel, else hvm)",
					   .choices = (const char *const[]){ "pv", "hvm", NULL } },
		  &(const struct opt_def){ "template", OPT_STRING, "T", "lxc: the template that builds the root "
					   "filesystem (such as busybox)", .dest = 0 },
		  &(const struct opt_def){ "from", OPT_PATH, "CONFIG", "define the guest from CONFIG, in the backend's "
					   "own format", .dest = REQ(from) },
		  NULL },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_NEW, .returns = RET_RESULT,
	  .run = verb_act, .check = check_create,
	  .synopsis = "[--vcpus N] [--memory SIZE] [--disk PATH]... [--cdrom ISO] [--kernel PATH [--initrd PATH] "
		      "[--cmdline STR]] [--network NET]... [--type pv|hvm] [--template T] NAME | --from CONFIG [NAME]",
	  .help = "Define a persistent, shut-off guest NAME from a neutral spec (1 vCPU, 512 MiB unless told), "
		  "or from a native CONFIG." },
	{ .name = "delete", .id = VERB_DELETE, .min = 1, .max = 1, .operands = opd_guest,
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "force", OPT_FLAG, NULL, "kill a running or paused guest first", .dest = 0 },
		  &(const struct opt_def){ "storage", OPT_FLAG, NULL, "also delete its disks that are storage volumes no "
					   "other guest uses", .dest = 0 },
		  NULL },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "[--force] [--storage] GUEST",
	  .help = "Remove the guest's definition with its snapshot metadata, managed save and NVRAM." },
	{ .name = "config", .id = VERB_CONFIG, .min = 1, .max = 1, .operands = opd_guest,
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "inactive", OPT_FLAG, NULL, "the definition the next boot uses, not the running "
					   "guest's", .dest = 0 },
		  NULL },
	  .explains = true, .goes = GOES_GUEST, .returns = RET_CONFIG, .run = verb_act, .synopsis = "[--inactive] GUEST",
	  .help = "Print the guest's native definition (domain XML, xl.cfg, LXC config), passwords redacted." },
	{ .name = "autostart", .id = VERB_AUTOSTART, .min = 2, .max = 2,
	  .operands = (const struct operand_def[]){ GUEST, { "on|off", OPD_WORD, "on or off", "switch", .choices = (const char *const[]){ "on", "off", NULL }, .dest = 0 }, END },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "GUEST on|off",
	  .help = "Start the guest, or not, when the host boots." },
	{ .name = "rename", .id = VERB_RENAME, .min = 2, .max = 2,
	  .operands = (const struct operand_def[]){ GUEST, { "NEWNAME", OPD_NAME, "new guest name", "new_name",
							      .dest = 0 }, END },
	  .changes = true, .reports = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "GUEST NEWNAME", .help = "Rename a shut-off guest." },
	{ .name = "disk-list", .id = VERB_DISK_LIST, .min = 1, .max = 1, .operands = opd_guest, .explains = true,
	  .goes = GOES_GUEST, .returns = RET_RECORDS, .plural = "disks", .run = verb_act, .synopsis = "GUEST",
	  .help = "List the guest's disks: target, type, source, format, bus, mode (lxc: mount entries and device nodes)." },
	{ .name = "disk-attach", .id = VERB_DISK_ATTACH, .min = 3, .max = 3, .operands = opd_disk_attach,
	  .opts = opts_disk_attach, .changes = true, .reports = true, .explains = true, .goes = GOES_GUEST,
	  .returns = RET_RESULT, .run = verb_act,
	  .synopsis = "[--live] [--config] [--mode readonly|shareable] [--device disk|cdrom] [--format raw|qcow2] "
		      "GUEST SOURCE TARGET",
	  .help = "Attach the file or block device SOURCE as TARGET (vdb; lxc: a directory bind-mounted at TARGET)." },
	{ .name = "disk-detach", .id = VERB_DISK_DETACH, .min = 2, .max = 2, .operands = opd_disk_detach,
	  .opts = opts_disk_detach, .changes = true, .reports = true, .explains = true, .goes = GOES_GUEST,
	  .returns = RET_RESULT, .run = verb_act, .synopsis = "[--live] [--config] [--timeout SEC] GUEST TARGET",
	  .help = "Detach the disk TARGET; live, wait up to SEC seconds (default 30) until the guest releases it." },
	{ .name = "nic-list", .id = VERB_NIC_LIST, .min = 1, .max = 1, .operands = opd_guest, .explains = true,
	  .goes = GOES_GUEST, .returns = RET_RECORDS, .plural = "nics", .run = verb_act, .synopsis = "GUEST",
	  .help = "List the guest's network interfaces: MAC, network or bridge, model, host device, addresses." },
	{ .name = "nic-attach", .id = VERB_NIC_ATTACH, .min = 2, .max = 2, .operands = opd_nic_attach,
	  .opts = opts_nic_attach, .changes = true, .reports = true, .explains = true, .goes = GOES_GUEST,
	  .returns = RET_RESULT, .run = verb_act, .check = check_nic_attach,
	  .synopsis = "[--live] [--config] [--mac MAC] [--model MODEL] GUEST NET",
	  .help = "Attach a NIC on libvirt network NET, on bridge=BR, or move the host interface dev=IFACE in." },
	{ .name = "nic-detach", .id = VERB_NIC_DETACH, .min = 2, .max = 2, .operands = opd_nic_detach,
	  .opts = opts_affect, .changes = true, .reports = true, .explains = true, .goes = GOES_GUEST,
	  .returns = RET_RESULT, .run = verb_act, .synopsis = "[--live] [--config] GUEST MAC",
	  .help = "Detach the NIC whose MAC address is MAC." },
	{ .name = "vcpu-list", .id = VERB_VCPU_LIST, .min = 1, .max = 1, .operands = opd_guest, .explains = true,
	  .goes = GOES_GUEST, .returns = RET_RECORDS, .plural = "vcpus", .run = verb_act, .synopsis = "GUEST",
	  .help = "List the guest's vCPUs: number, state, host CPU, affinity (lxc: the CPUs the container may use)." },
	{ .name = "vcpu-pin", .id = VERB_VCPU_PIN, .min = 3, .max = 3, .operands = opd_vcpu_pin, .opts = opts_affect,
	  .changes = true, .reports = true, .explains = true, .goes = GOES_GUEST, .returns = RET_RESULT,
	  .run = verb_act, .synopsis = "[--live] [--config] GUEST VCPU CPULIST",
	  .help = "Let vCPU VCPU run only on the host CPUs of CPULIST (such as 0-3,6)." },
	{ .name = "display", .id = VERB_DISPLAY, .min = 1, .max = 1, .operands = opd_guest, .explains = true,
	  .goes = GOES_GUEST, .returns = RET_RECORDS, .run = verb_act, .synopsis = "GUEST",
	  .help = "Show the URI of the guest's graphical console (vnc://HOST:PORT), never its password." },
	{ .name = "wait", .id = VERB_WAIT, .min = 1, .max = 1, .operands = opd_guest,
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "state", OPT_STATE, "STATE", "the state to wait for: running, paused, shutoff, "
					   "crashed, suspended, starting, stopping", .required = true, .dest = 0 },
		  &o_watch_timeout, NULL },
	  .explains = true, .goes = GOES_GUEST, .returns = RET_STREAM, .run = verb_act,
	  .synopsis = "--state STATE [--timeout SEC] GUEST",
	  .help = "Wait until the guest is in STATE (exit 0; 1 when SEC seconds pass first; 3 when it disappears)." },
	{ .name = "events", .id = VERB_EVENTS, .min = 0, .max = 1, .operands = opd_guest_opt,
	  .opts = (const struct opt_def *const[]){ &o_watch_timeout, &o_watch_count, NULL },
	  .explains = true, .no_batch = true, .several_hosts = true, .goes = GOES_GUEST, .returns = RET_STREAM,
	  .run = verb_act, .synopsis = "[--timeout SEC] [--count N] [GUEST]",
	  .help = "Print one line per lifecycle change of GUEST, or of every guest, until interrupted." },
	{ .name = "top", .id = VERB_TOP, .min = 0, .max = 0, .operands = no_operands,
	  .opts = (const struct opt_def *const[]){
		  &(const struct opt_def){ "once", OPT_FLAG, NULL, "one sample, then exit", .dest = 0 },
		  &(const struct opt_def){ "interval", OPT_NUMBER, "SEC", "seconds between samples (1 to 3600; default 2)",
					   .min = 1, .max = 3600, .dest = 0 },
		  &(const struct opt_def){ "count", OPT_NUMBER, "N", "stop after N samples (1 to 1000000)", .min = 1,
					   .max = 1000000, .dest = 0 },
		  &(const struct opt_def){ "sort", OPT_ENUM, "KEY", "cpu (default), mem or name",
					   .choices = (const char *const[]){ "cpu", "mem", "name", NULL } },
		  NULL },
	  .explains = true, .no_batch = true, .batch_if = (const char *const[]){ "once", "count", NULL },
	  .several_hosts = true, .goes = GOES_GUEST, .returns = RET_SAMPLES, .run = verb_act,
	  .check = check_top, .synopsis = "[--once] [--interval SEC] [--count N] [--sort cpu|mem|name]",
	  .help = "Show each guest's CPU %, memory, disk and network rates, refreshed every SEC seconds." },
	{ .name = "exec", .id = VERB_EXEC, .min = 2, .max = -1,
	  .operands = (const struct operand_def[]){ GUEST, { "COMMAND", OPD_ARGV, NULL, "command", .dest = 0 }, END },
	  .changes = true, .explains = true, .no_batch = true, .goes = GOES_GUEST, .returns = RET_STATUS,
	  .run = verb_act, .synopsis = "GUEST -- COMMAND [ARG...]",
	  .help = "Run COMMAND inside the guest; exit with its status (125: vmctl's own failure, 126, 127)." },
};

const size_t verb_table_len = ARRAY_SIZE(verb_table);

/* ---- global options ---- */

const struct global_opt global_opts[] = {
	{ 'b', "backend", GARG_REQUIRED, "NAME", { "libvirt, xen, lxc or openvz", NULL }, GOPT_BACKEND, .scope = true },
	{ 'c', "connect", GARG_REQUIRED, "URI",
	  { "libvirt URI (default: LIBVIRT_DEFAULT_URI, else as virsh);", "repeat it for several hosts (list, info, --all)" },
	  GOPT_CONNECT, .scope = true },
	{ 0, "hosts", GARG_REQUIRED, "FILE", { "several hosts: one libvirt URI a line", NULL }, GOPT_HOSTS, .scope = true },
	{ 'P', "lxcpath", GARG_REQUIRED, "DIR", { "where liblxc keeps containers", NULL }, GOPT_LXCPATH, .scope = true },
	{ 0, "explain", GARG_OPTIONAL, "VOCABS",
	  { "print native commands instead of acting; VOCABS: vmctl, xl, virsh,",
	    "lxc, vzctl, qemu, qm, pct, xe, vagrant, openstack, incus or all" },
	  GOPT_EXPLAIN, .scope = false },
	{ 'o', "output", GARG_REQUIRED, "FORMAT", { "text (default) or json", NULL }, GOPT_OUTPUT, .explain_safe = true },
	{ 'q', "quiet", GARG_NONE, NULL, { "no notes on stderr; --explain: no '# ' lines", NULL }, GOPT_QUIET,
	  .explain_safe = true },
	{ 'r', "readonly", GARG_NONE, NULL, { "refuse every verb that changes a guest", NULL }, GOPT_READONLY,
	  .explain_safe = true },
	{ 'f', "batch", GARG_REQUIRED, "FILE|-", { "run one verb line after another", NULL }, GOPT_BATCH, .scope = false },
	{ 0, "keep-going", GARG_NONE, NULL, { "batch: go on after a failure", NULL }, GOPT_KEEP_GOING,
	  .explain_safe = true },
	{ 0, "progress", GARG_NONE, NULL, { "show progress of save, restore, migrate, snapshot", "create and image-convert also off a terminal" },
	  GOPT_PROGRESS, .explain_safe = true },
	{ 0, "jobs", GARG_REQUIRED, "N", { "several hosts: how many at a time (1 to 256; default 64)", NULL }, GOPT_JOBS,
	  .explain_safe = true },
	{ 0, "host-timeout", GARG_REQUIRED, "SEC",
	  { "silence allowed a host (default 30): with several, it is", "reported and left; one host's open fails (exit 5)" },
	  GOPT_HOST_TIMEOUT, .explain_safe = true },
	{ 'h', "help", GARG_NONE, NULL, { "this help; 'vmctl help VERB' for one verb", NULL }, GOPT_HELP, .scope = false },
	{ 'V', "version", GARG_NONE, NULL, { "print the version", NULL }, GOPT_VERSION, .scope = false },
};

const size_t global_opts_len = ARRAY_SIZE(global_opts);

/* ---- look-ups ---- */

const char *verb_name(enum vm_verb id)
{
	const struct verb_def *v = verb_by_id(id);
	return v ? v->name : "?";
}

const struct verb_def *verb_by_id(enum vm_verb id)
{
	for (size_t i = 0; i < verb_table_len; i++)
		if (verb_table[i].id == id)
			return &verb_table[i];
	return NULL;
}

const struct verb_def *verb_find(const char *name)
{
	for (size_t i = 0; i < verb_table_len; i++)
		if (strcmp(verb_table[i].name, name) == 0)
			return &verb_table[i];
	return NULL;
}

const struct verb_def *verb_effective(const struct verb_def *verb, const struct vm_request *req)
{
	for (const struct verb_def *s = verb->subs; s && s->name; s++)
		if (s->sub_op == (int)req->snapshot_op)
			return s;
	return verb;
}

const struct opt_def *verb_option(const struct verb_def *verb, const char *name)
{
	for (const struct opt_def *const *o = verb->opts; o && *o; o++)
		if (strcmp((*o)->name, name) == 0)
			return *o;
	return NULL;
}

int verb_usage_error(struct vm_error *err, const struct verb_def *verb, const char *what)
{
	return vm_error_set(err, VM_EXIT_USAGE, "%s; usage: vmctl %s %s", what, verb->name, verb->synopsis);
}

/* Native words that people type for a vmctl verb. */
static const struct {
	const char *word;
	const char *verb;
} native_words[] = {
	{ "suspend", "pause" },  { "freeze", "pause" },      { "unpause", "resume" },
	{ "unfreeze", "resume" }, { "cont", "resume" },      { "shutdown", "stop" },
	{ "halt", "stop" },      { "destroy", "kill" },      { "restart", "reboot" },
	{ "reset", "reboot" },   { "create", "start" },      { "up", "start" },
	{ "dominfo", "info" },   { "status", "info" },       { "domstate", "info" },
	{ "setvcpus", "vcpu-set" }, { "setmem", "mem-set" }, { "change-media", "cd-change" },
	{ "cd-insert", "cd-change" }, { "cd-eject", "cd-change" }, { "checkpoint", "save" },
	{ "ls", "list" },        { "snapshot-create-as", "snapshot" },
};

const char *verb_suggest(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(native_words); i++)
		if (strcmp(native_words[i].word, name) == 0)
			return native_words[i].verb;
	const char *best = NULL;
	size_t best_d = 99;
	for (size_t i = 0; i < verb_table_len; i++) {
		size_t d = edit_distance(name, strlen(name), verb_table[i].name, strlen(verb_table[i].name));
		if (d < best_d) {
			best_d = d;
			best = verb_table[i].name;
		}
	}
	size_t len = strlen(name);
	size_t limit = len <= 3 ? 1 : 2;
	return best_d <= limit ? best : NULL;
}

/* ---- help ---- */

void verb_print_usage(FILE *out)
{
	fputs("usage: vmctl [OPTIONS] VERB [VERB-OPTIONS] OPERANDS...\n"
	      "\n"
	      "One vocabulary for the life of a guest under libvirt (KVM/QEMU, LXC,\n"
	      "OpenVZ), Xen (libxl) and LXC (liblxc).  With --explain, print the native\n"
	      "command (xl, virsh, lxc-*, vzctl, QEMU monitor) instead of acting.\n"
	      "\n"
	      "Options (before the verb):\n",
	      out);
	for (size_t i = 0; i < global_opts_len; i++) {
		const struct global_opt *o = &global_opts[i];
		char left[64];
		snprintf(left, sizeof(left), "%c%c%s--%s%s%s%s", o->shortopt ? '-' : ' ', o->shortopt ? o->shortopt : ' ',
			 o->shortopt ? ", " : "  ", o->name, o->arg == GARG_OPTIONAL ? "[=" : o->arg ? " " : "",
			 o->placeholder ? o->placeholder : "", o->arg == GARG_OPTIONAL ? "]" : "");
		fprintf(out, "  %-24s %s\n", left, o->help[0]);
		if (o->help[1])
			fprintf(out, "  %-24s %s\n", "", o->help[1]);
	}
	fputs("\nVerbs:\n", out);
	for (size_t i = 0; i < verb_table_len; i++)
		fprintf(out, "  %-10s %s\n", verb_table[i].name, verb_table[i].synopsis);
	fputs("\nExit status: 0 done, 1 failed, 2 usage, 3 no such guest, 4 not supported,\n"
	      "5 backend unavailable, 6 partial.  See vmctl(1).\n",
	      out);
}

void verb_print_help(FILE *out, const struct verb_def *verb)
{
	fprintf(out, "usage: vmctl %s%s%s\n\n%s\n", verb->name, *verb->synopsis ? " " : "",
		verb->synopsis, verb->help);
	if (verb->opts && verb->opts[0]) {
		fputs("\nOptions:\n", out);
		for (const struct opt_def *const *o = verb->opts; *o; o++) {
			char left[64];
			snprintf(left, sizeof(left), "--%s%s%s", (*o)->name, (*o)->arg ? " " : "",
				 (*o)->arg ? (*o)->arg : "");
			fprintf(out, "  %-18s %s\n", left, (*o)->help);
		}
	}
	if (verb->explains)
		fprintf(out, "\nNative commands: vmctl --explain %s ...\n", verb->name);
}

/* ---- the self-test ---- */

static size_t fault(struct strvec *faults, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static size_t fault(struct strvec *faults, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	strvec_push(faults, s);
	free(s);
	return 1;
}

static size_t check_operands(const struct verb_def *v, const char *name, int words, struct strvec *faults)
{
	size_t bad = 0;
	int n = 0, required = 0;
	bool optional_seen = false, rest = false;
	for (const struct operand_def *o = v->operands; o && o->name; o++, n++) {
		if (o->optional)
			optional_seen = true;
		else if (optional_seen)
			bad += fault(faults, "%s: operand %s is required after an optional one", name, o->name);
		else
			required++;
		if (o->kind == OPD_WORDS || o->kind == OPD_ARGV)
			rest = true;
		if (!o->json)
			bad += fault(faults, "%s: operand %s has no JSON name", name, o->name);
	}
	if (!v->operands)
		bad += fault(faults, "%s: no operand list (use an empty one)", name);
	else if (!rest && (v->max != n + words || v->min != required + words))
		bad += fault(faults, "%s: arity %d..%d does not match its operands (%d, %d required)", name, v->min,
			     v->max, n, required);
	else if (rest && v->max != -1)
		bad += fault(faults, "%s: a verb that takes the rest of the words has no maximum", name);
	return bad;
}

static bool global_name(const char *name)
{
	for (size_t i = 0; i < global_opts_len; i++)
		if (strcmp(global_opts[i].name, name) == 0)
			return true;
	return false;
}

static size_t check_options(const struct verb_def *v, const struct verb_def *rows, size_t nrows,
			    struct strvec *faults)
{
	size_t bad = 0;
	for (const struct opt_def *const *o = v->opts; o && *o; o++) {
		const struct opt_def *d = *o;
		if (global_name(d->name))
			bad += fault(faults, "%s: option --%s takes a global option's name", v->name, d->name);
		if (strcmp(d->name, "help") == 0)
			bad += fault(faults, "%s: --help is every verb's own", v->name);
		if ((d->type == OPT_FLAG) != (d->arg == NULL))
			bad += fault(faults, "%s: option --%s: a flag has no value placeholder, a value has one", v->name,
				     d->name);
		if (!d->help || !*d->help)
			bad += fault(faults, "%s: option --%s has no help", v->name, d->name);
		if (d->type == OPT_ENUM && !d->choices)
			bad += fault(faults, "%s: option --%s is an enum without choices", v->name, d->name);
		for (const struct opt_def *const *p = o + 1; *p; p++)
			if (strcmp((*p)->name, d->name) == 0)
				bad += fault(faults, "%s: option --%s listed twice", v->name, d->name);
		/* one name, one value type, across the whole table */
		for (size_t i = 0; i < nrows; i++)
			for (const struct opt_def *const *p = rows[i].opts; p && *p; p++)
				if (strcmp((*p)->name, d->name) == 0 && (*p)->type != d->type)
					bad += fault(faults, "option --%s has two value types (%s and %s)", d->name,
						     v->name, rows[i].name);
	}
	return bad;
}

size_t verb_table_check(struct strvec *faults)
{
	return verb_rows_check(verb_table, verb_table_len, faults);
}

size_t verb_rows_check(const struct verb_def *rows, size_t nrows, struct strvec *faults)
{
	size_t bad = 0;
	int seen[VERB__COUNT] = { 0 };
	for (size_t i = 0; i < nrows; i++) {
		const struct verb_def *v = &rows[i];
		if ((unsigned)v->id >= VERB__COUNT) {
			bad += fault(faults, "%s: verb id out of range", v->name);
			continue;
		}
		seen[v->id]++;
		if (rows == verb_table && (size_t)v->id != i)
			bad += fault(faults, "%s: verb ids follow the table's order (append a new verb to both)", v->name);
		for (size_t k = 0; k < i; k++)
			if (strcmp(rows[k].name, v->name) == 0)
				bad += fault(faults, "%s: two rows of that name", v->name);
		if (strspn(v->name, "abcdefghijklmnopqrstuvwxyz-") != strlen(v->name))
			bad += fault(faults, "%s: a verb name is lower case", v->name);
		if (!v->help || !*v->help || !v->synopsis)
			bad += fault(faults, "%s: no help or synopsis", v->name);
		if (v->max >= 0 && v->min > v->max)
			bad += fault(faults, "%s: arity min > max", v->name);
		if (!v->run == !v->run_raw)
			bad += fault(faults, "%s: exactly one of run and run_raw", v->name);
		if (v->run_raw && v->opts)
			bad += fault(faults, "%s: a raw verb parses its own words: no options", v->name);
		if (v->explains && v->goes == GOES_NOWHERE)
			bad += fault(faults, "%s: explained, but goes nowhere", v->name);
		bad += check_options(v, rows, nrows, faults);
		if (!v->subs) {
			bad += check_operands(v, v->name, 0, faults);
			continue;
		}
		for (const struct verb_def *s = v->subs; s->name; s++) {
			char *name = xasprintf("%s %s", v->name, s->name);
			bad += check_operands(s, name, 1, faults);
			if (s->id != v->id)
				bad += fault(faults, "%s: a sub-verb has its parent's id", name);
			if (s->opts)
				bad += fault(faults, "%s: a sub-verb's options are its parent's", name);
			if (s->min < v->min || s->max > v->max)
				bad += fault(faults, "%s: arity outside the parent's", name);
			if (!s->run)
				bad += fault(faults, "%s: no handler", name);
			free(name);
		}
	}
	for (int id = 0; id < VERB__COUNT; id++)
		if (seen[id] != 1)
			bad += fault(faults, "verb id %d has %d rows", id, seen[id]);
	return bad;
}
