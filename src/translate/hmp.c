/* hmp.c: QEMU monitor (HMP, QEMU 7.2) command lines, for one guest:
 * `vmctl translate hmp GUEST COMMAND...`, and the command of virsh and xl
 * qemu-monitor-command.  A word of the monitor is bare up to white space or
 * in double quotes with backslash escapes. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"
#include "verbs.h"

#define HMP_WORDS \
	"help info commit quit q block_resize block_stream block_job_set_speed block_job_cancel " \
	"block_job_complete block_job_pause block_job_resume eject drive_del change screendump " \
	"logfile trace-event log savevm loadvm delvm one-insn-per-tb stop s cont c system_wakeup " \
	"gdbserver x xp print p i o sendkey sync-profile system_reset system_powerdown sum device_add " \
	"device_del cpu mouse_move mouse_button mouse_set wavcapture stopcapture memsave pmemsave " \
	"boot_set nmi ringbuf_write ringbuf_read migrate migrate_cancel migrate_continue " \
	"migrate_incoming migrate_recover migrate_pause migrate_set_capability migrate_set_parameter " \
	"migrate_start_postcopy client_migrate_info dump-guest-memory snapshot_blkdev " \
	"snapshot_blkdev_internal snapshot_delete_blkdev_internal drive_mirror drive_backup drive_add " \
	"netdev_add netdev_del object_add object_del getfd closefd block_set_io_throttle set_password " \
	"expire_password set_link balloon watchdog_action nbd_server_start nbd_server_add " \
	"nbd_server_remove nbd_server_stop mce chardev-add chardev-change chardev-remove " \
	"chardev-send-break qemu-io qom-list qom-get qom-set calc_dirty_rate"
/* The info commands of QEMU 7.2 (qemu-system-x86_64's monitor, "info"). */
#define HMP_INFO_WORDS \
	"balloon block block-jobs blockstats capture chardev cpus dirty_rate dump history hotpluggable-cpus " \
	"iothreads irq jit kvm lapic mem memdev memory-devices memory_size_summary mice migrate " \
	"migrate_capabilities migrate_parameters mtree name network numa opcount pci pic profile qdm qom-tree " \
	"qtree ramblock rdma registers replay rocker rocker-of-dpa-flows rocker-of-dpa-groups rocker-ports roms " \
	"sev sgx snapshots spice stats status sync-profile tlb tpm trace-events usb usbhost usernet uuid " \
	"vcpu_dirty_limit version virtio virtio-queue-element virtio-queue-status virtio-status " \
	"virtio-vhost-queue-status vm-generation-id vnc"
#define HMP_READ "stop, cont, system_powerdown, system_reset, quit, info status, info cpus, " \
	"info snapshots, info block, info network, info vnc, info spice, change, eject, savevm, loadvm, delvm, balloon " \
	"and device_del"

static const struct nalias hmp_aliases[] = {
	{ "pause", "the monitor has no pause; you mean stop (it pauses, it does not shut down)" },
	{ "suspend", "the monitor has no suspend; you mean stop (a pause in memory)" },
	{ "resume", "the monitor has no resume; you mean cont" },
	{ "unpause", "the monitor has no unpause; you mean cont" },
	{ "continue", "the monitor has no continue; you mean cont" },
	{ "shutdown", "the monitor has no shutdown; you mean system_powerdown (stop only pauses)" },
	{ "powerdown", "the monitor has no powerdown; you mean system_powerdown" },
	{ "reset", "the monitor has no reset; you mean system_reset" },
	{ "reboot", "the monitor has no reboot; you mean system_reset (a hard reset)" },
	{ "exit", "the monitor has no exit; you mean quit (it ends QEMU and the guest with it)" },
	{ "insert", "the monitor has no insert; you mean change DEVICE FILE" },
	{ "snapshot", "the monitor has no snapshot; you mean savevm" },
	{ NULL, NULL },
};

/* Splits a monitor command line into its words. */
static int hmp_words(const char *line, struct strvec *out, struct vm_error *err)
{
	size_t len = strlen(line);
	char *word = xmalloc(len + 1);
	const char *p = line;
	for (;;) {
		p += strspn(p, " \t\r\n");
		if (!*p)
			break;
		size_t w = 0;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1]) {
					p++;
					word[w++] = *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == 't' ? '\t' : *p;
				} else {
					word[w++] = *p;
				}
			}
			if (*p != '"') {
				free(word);
				return vm_error_set(err, VM_EXIT_USAGE, "unterminated double quote in the monitor command");
			}
			p++;
		} else {
			while (*p && !strchr(" \t\r\n", *p))
				word[w++] = *p++;
		}
		word[w] = '\0';
		strvec_push(out, word);
	}
	free(word);
	return 0;
}

const char *monitor_drive_target(struct translation *t, const char *dev)
{
	const char *id = strncmp(dev, "drive-", 6) == 0 ? dev + 6 : dev;
	unsigned bus, unit;
	if (strlen(id) == 8 && strncmp(id, "ide0-", 5) == 0 && (id[5] == '0' || id[5] == '1') && id[6] == '-' &&
	    (id[7] == '0' || id[7] == '1')) {
		bus = (unsigned)(id[5] - '0');
		unit = (unsigned)(id[7] - '0');
		tr_note(t, "libvirt's drive id %s is the guest's target hd%c", dev, 'a' + bus * 2 + unit);
	} else if (strlen(id) == 8 && strncmp(id, "ide", 3) == 0 && (id[3] == '0' || id[3] == '1') && id[4] == '-' &&
		   (strncmp(id + 5, "cd", 2) == 0 || strncmp(id + 5, "hd", 2) == 0) && (id[7] == '0' || id[7] == '1')) {
		bus = (unsigned)(id[3] - '0');
		unit = (unsigned)(id[7] - '0');
		tr_note(t, "QEMU's drive id %s is the guest's hd%c (IDE bus %u, unit %u); libvirt calls it ide0-%u-%u",
			dev, 'a' + bus * 2 + unit, bus, unit, bus, unit);
	} else {
		char *q = msg_quote(dev);
		tr_approx(t, "the monitor names the drive by its QEMU id %s; vmctl cd-change wants the guest's target (such as hdc; virsh domblklist shows it)", q);
		free(q);
		return dev;
	}
	return tr_keep(t, xasprintf("hd%c", 'a' + bus * 2 + unit));
}

/* One monitor command: the handler that reads its words into t, with the
 * data of its row (one handler serves several rows). */
struct hmp_cmd {
	const char *names; /* the command and its short form: "stop s" */
	int (*run)(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err);
	const char *usage;
	enum vm_verb verb;
	enum vm_snapshot_op op; /* savevm, loadvm, delvm */
	const char *note;   /* hmp_simple: a remark */
	const char *approx; /* hmp_simple: a reason, what vmctl does not do */
};

static int words_needed(struct vm_error *err, const struct strvec *w, size_t min, size_t max, const char *usage)
{
	if (w->n < min)
		return vm_error_set(err, VM_EXIT_USAGE, "the monitor's %s needs more; usage: %s", w->v[0], usage);
	if (w->n > max) {
		char *q = msg_quote(w->v[max]);
		vm_error_set(err, VM_EXIT_USAGE, "the monitor refuses %s after '%s'; usage: %s", q, w->v[0], usage);
		free(q);
		return -1;
	}
	return 0;
}

/* A command that takes no arguments. */
static int hmp_simple(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err)
{
	if (words_needed(err, w, 1, 1, w->v[0]) < 0)
		return -1;
	t->req.verb = cmd->verb;
	if (cmd->verb == VERB_STOP)
		t->req.timeout = 0;
	if (cmd->approx)
		tr_approx(t, "%s", cmd->approx);
	if (cmd->note)
		tr_note(t, "%s", cmd->note);
	return 0;
}

/* An info command QEMU does not have ("unknown command: 'info cpu'"). */
static int info_unknown(const char *what, struct vm_error *err)
{
	char near[64];
	char *cmd = xasprintf("info %s", what);
	char *q = msg_quote(cmd);
	if (nearest_word(what, HMP_INFO_WORDS, near, sizeof(near)))
		vm_error_set(err, VM_EXIT_USAGE, "unknown monitor command %s, did you mean 'info %s'?", q, near);
	else
		vm_error_set(err, VM_EXIT_USAGE, "unknown monitor command %s; translate reads info status, cpus, balloon, snapshots, block, network, vnc and spice", q);
	free(q);
	free(cmd);
	return -1;
}

static int hmp_info(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err)
{
	if (words_needed(err, w, 2, 2, cmd->usage) < 0)
		return -1;
	const char *what = w->v[1];
	if (strcmp(what, "snapshots") == 0) {
		t->req.verb = VERB_SNAPSHOT;
		t->req.snapshot_op = SNAPSHOT_LIST;
		tr_note(t, "info snapshots lists the internal snapshots of the guest's qcow2 disks");
		return 0;
	}
	if (strcmp(what, "block") == 0 || strcmp(what, "network") == 0) {
		t->req.verb = strcmp(what, "block") == 0 ? VERB_DISK_LIST : VERB_NIC_LIST;
		tr_note(t, "under libvirt the monitor shows libvirt's device ids, not the guest's targets");
		return 0;
	}
	if (strcmp(what, "vnc") == 0 || strcmp(what, "spice") == 0) {
		t->req.verb = VERB_DISPLAY;
		tr_approx(t, "info %s shows the server's address, TCP port and clients; vmctl display prints the URI "
			  "(vnc://HOST:PORT)", what);
		return 0;
	}
	t->req.verb = VERB_INFO;
	if (strcmp(what, "status") == 0)
		tr_approx(t, "info status gives the run state only; vmctl info also shows the vCPUs and memory");
	else if (strcmp(what, "cpus") == 0)
		tr_approx(t, "info cpus lists the vCPUs and their host threads; vmctl info shows how many there are");
	else if (strcmp(what, "balloon") == 0)
		tr_approx(t, "info balloon gives the memory the balloon leaves the guest; vmctl info shows it with the rest");
	else if (in_list(what, HMP_INFO_WORDS))
		return tr_unsupported(err, "the monitor's 'info %s' has no vmctl equivalent; translate reads info status, cpus, balloon, snapshots, block, network, vnc and spice",
				      what);
	else
		return info_unknown(what, err);
	return 0;
}

/* The drive of change and eject, as the guest's target. */
static int drive(struct translation *t, const char *dev, const struct hmp_cmd *cmd, struct vm_error *err)
{
	const char *target = monitor_drive_target(t, dev);
	if (validate_device(target, err) < 0)
		return -1;
	t->req.verb = cmd->verb;
	t->req.device = target;
	return 0;
}

static int hmp_eject(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err)
{
	size_t at = 1;
	if (w->n > 1 && strcmp(w->v[1], "-f") == 0) {
		tr_approx(t, "eject -f forces a locked drive open; vmctl cd-change --eject asks");
		at = 2;
	}
	if (words_needed(err, w, at + 1, at + 1, cmd->usage) < 0 || drive(t, w->v[at], cmd, err) < 0)
		return -1;
	t->req.eject = true;
	return 0;
}

static int hmp_change(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err)
{
	if (words_needed(err, w, 3, 5, cmd->usage) < 0)
		return -1;
	if (strcmp(w->v[1], "vnc") == 0)
		return tr_unsupported(err, "the monitor's 'change vnc' changes the VNC server, not a medium; vmctl has no equivalent");
	if (drive(t, w->v[1], cmd, err) < 0)
		return -1;
	if (validate_path(w->v[2], "ISO", err) < 0)
		return -1;
	t->req.iso = w->v[2];
	for (size_t i = 3; i < w->n; i++) {
		char *q = msg_quote(w->v[i]);
		tr_approx(t, "the %s %s given to change is not translated", i == 3 ? "format" : "read-only mode", q);
		free(q);
	}
	tr_note(t, "false friend: the monitor's change DEVICE FILE is virsh change-media DOMAIN TARGET SOURCE --update and xl cd-insert DOMAIN VDEV PATH");
	tr_note(t, "libvirt does not see a change made through the monitor");
	return 0;
}

static int hmp_snapshot(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err)
{
	if (words_needed(err, w, cmd->op == SNAPSHOT_CREATE ? 1 : 2, 2, cmd->usage) < 0)
		return -1;
	t->req.verb = cmd->verb;
	t->req.snapshot_op = cmd->op;
	if (w->n == 2) {
		if (validate_name(w->v[1], "snapshot name", err) < 0)
			return -1;
		t->req.snapshot = w->v[1];
	}
	tr_note(t, "internal snapshots need a qcow2 disk; libvirt does not know snapshots made through the monitor");
	return 0;
}

static int hmp_balloon(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err)
{
	if (words_needed(err, w, 2, 2, cmd->usage) < 0)
		return -1;
	t->req.verb = cmd->verb;
	t->req.live = true;
	if (native_size("balloon", w->v[1], "=20 b=0 k=10 m=20 g=30 t=40 p=50 e=60", &t->req.size_kib, NULL, err) < 0)
		return -1;
	tr_note(t, "balloon takes MiB and needs a virtio balloon device; it changes the running guest only");
	return 0;
}

/* device_del ID: the device whose id is ID, a disk or a NIC; read as the
 * disk whose target is ID, the running guest only. */
static int hmp_device_del(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err)
{
	if (words_needed(err, w, 2, 2, cmd->usage) < 0 || validate_device(w->v[1], err) < 0)
		return -1;
	t->req.verb = cmd->verb;
	t->req.live = true;
	t->req.timeout = 30; /* disk-detach's own default */
	vm_values_add(&t->req.values, "target", w->v[1], 0);
	tr_approx(t, "device_del takes a device id (a disk's or a NIC's; under libvirt its alias, such as virtio-disk1), "
		  "read here as the disk whose target is %s; it asks the guest and returns, where vmctl waits until the "
		  "disk is released", w->v[1]);
	return 0;
}

/* drive_add, device_add, netdev_add: half of an attach (exit 4). */
static int hmp_half(struct translation *t, const struct strvec *w, const struct hmp_cmd *cmd, struct vm_error *err)
{
	(void)t;
	(void)cmd;
	return tr_unsupported(err, "the monitor's %s is one half of an attach (drive_add or netdev_add makes the backend, "
			      "device_add the device on it); the whole is vmctl disk-attach or nic-attach", w->v[0]);
}

static const struct hmp_cmd cmds[] = {
	{ .names = "device_del", .run = hmp_device_del, .verb = VERB_DISK_DETACH, .usage = "device_del ID" },
	{ .names = "drive_add device_add netdev_add", .run = hmp_half },
	{ .names = "stop s", .run = hmp_simple, .verb = VERB_PAUSE,
	  .note = "false friend: the monitor's stop pauses the guest (virsh suspend, xl pause); it does not shut it down" },
	{ .names = "cont c", .run = hmp_simple, .verb = VERB_RESUME },
	{ .names = "system_powerdown", .run = hmp_simple, .verb = VERB_STOP,
	  .note = "system_powerdown presses the ACPI power button and returns: vmctl stop --timeout 0" },
	{ .names = "system_reset", .run = hmp_simple, .verb = VERB_REBOOT,
	  .approx = "system_reset is a hard reset: the guest is not asked; vmctl reboot asks it" },
	{ .names = "quit q", .run = hmp_simple, .verb = VERB_KILL,
	  .approx = "quit ends QEMU at once; under libvirt, virsh destroy does this and cleans up" },
	{ .names = "info", .run = hmp_info, .usage = "info status|cpus|snapshots|block|network|vnc" },
	{ .names = "change", .run = hmp_change, .verb = VERB_CD_CHANGE, .usage = "change DEVICE FILE [FORMAT [READ-ONLY-MODE]]" },
	{ .names = "eject", .run = hmp_eject, .verb = VERB_CD_CHANGE, .usage = "eject [-f] DEVICE" },
	{ .names = "savevm", .run = hmp_snapshot, .verb = VERB_SNAPSHOT, .op = SNAPSHOT_CREATE, .usage = "savevm [TAG]" },
	{ .names = "loadvm", .run = hmp_snapshot, .verb = VERB_SNAPSHOT, .op = SNAPSHOT_REVERT, .usage = "loadvm TAG" },
	{ .names = "delvm", .run = hmp_snapshot, .verb = VERB_SNAPSHOT, .op = SNAPSHOT_DELETE, .usage = "delvm TAG" },
	{ .names = "balloon", .run = hmp_balloon, .verb = VERB_MEM_SET, .usage = "balloon SIZE (MiB)" },
};

static const struct ntool hmp_tool = {
	.kind = "monitor command",
	.prefix = "",
	.subject = "the monitor's ",
	.words = HMP_WORDS,
	.reads = HMP_READ,
	.aliases = hmp_aliases,
	.unknown_says_reads = true,
};

static int run(struct translation *t, const struct strvec *w, struct vm_error *err)
{
	for (const struct hmp_cmd *cmd = cmds; cmd < cmds + ARRAY_SIZE(cmds); cmd++)
		if (in_list(w->v[0], cmd->names))
			return cmd->run(t, w, cmd, err);
	return tr_not_expressible(&hmp_tool, w->v[0], err);
}

int hmp_translate(const char *guest, const char *line, struct translation *t, struct vm_error *err)
{
	if (tr_guest(t, guest, err) < 0)
		return -1;
	struct strvec w = STRVEC_INIT;
	int rc = hmp_words(line, &w, err);
	if (rc == 0 && w.n == 0)
		rc = vm_error_set(err, VM_EXIT_USAGE, "the monitor command is empty");
	if (rc == 0) {
		/* the request keeps pointers to the words: t owns copies */
		char **v = xcalloc(w.n + 1, sizeof(char *));
		for (size_t i = 0; i < w.n; i++)
			v[i] = (char *)tr_keep(t, xstrdup(w.v[i]));
		struct strvec kept = { v, w.n, 0 };
		rc = run(t, &kept, err);
		free(v);
	}
	strvec_clear(&w);
	return rc;
}

int translate_hmp(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	if (argc < 3)
		return vm_error_set(err, VM_EXIT_USAGE,
				    "'hmp' needs a guest and a monitor command; usage: vmctl translate hmp GUEST COMMAND...");
	const char *line = tr_keep(t, join_words(argv + 2, (size_t)argc - 2));
	return hmp_translate(argv[1], line, t, err);
}
