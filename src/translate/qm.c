/* qm.c: reads Proxmox VE 8's qm command lines (proxmox/qemu-server e6352be,
 * src/PVE/CLI/qm.pm $cmddef).  qm's options are PVE::JSONSchema's: --name or
 * -name, a value as the next word or after '=', anywhere on the line; a
 * boolean takes an optional value (1, 0, yes, no, on, off, true, false); the
 * positional arguments (the VMID first) are what is left.  A VMID is a
 * number from 100 to 999999999 (pve-common pve_verify_vmid).
 *
 * False friends (checked as in src/explain/qm.c): qm stop kills (API2/Qemu.pm
 * vm_stop: "akin to pulling the power plug"), qm shutdown is the clean stop
 * (vm_shutdown), qm suspend pauses in memory unless --todisk 1 (vm_suspend),
 * qm destroy deletes the VM and its disks (destroy_vm), qm reset is the hard
 * reset (vm_reset), qm wait waits for the VM to stop (CLI/qm.pm wait). */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "qm.h"

#define QM_WORDS                                                                                              \
	"list create destroy clone migrate remote-migrate set config pending showcmd status snapshot delsnapshot " \
	"listsnapshot rollback template start stop reset shutdown reboot suspend resume sendkey vncproxy wait "  \
	"unlock importdisk move-disk move_disk rescan resize unlink disk enroll-efi-keys monitor agent guest "    \
	"mtunnel nbdstop terminal importovf cleanup cloudinit help"
#define QM_READ                                                                                                 \
	"qm list, status, config, start, shutdown, stop, reboot, suspend, resume, set, create, destroy, snapshot, " \
	"listsnapshot, rollback, delsnapshot, migrate, terminal, wait, guest exec, disk unlink and unlink"

static const struct nalias qm_aliases[] = {
	{ "kill", "qm has no kill; you mean qm stop (the hard stop; qm destroy deletes the VM)" },
	{ "halt", "qm has no halt; you mean qm shutdown (qm stop pulls the plug)" },
	{ "poweroff", "qm has no poweroff; you mean qm shutdown (qm stop pulls the plug)" },
	{ "pause", "qm has no pause; you mean qm suspend (a pause in memory)" },
	{ "unpause", "qm has no unpause; you mean qm resume" },
	{ "delete", "qm has no delete; you mean qm destroy, which deletes the VM and its disks" },
	{ "remove", "qm has no remove; you mean qm destroy, which deletes the VM and its disks" },
	{ "rm", "qm has no rm; you mean qm destroy, which deletes the VM and its disks" },
	{ "info", "qm has no info; you mean qm status VMID --verbose (or qm config VMID)" },
	{ "console", "qm has no console; you mean qm terminal (a serial port) or qm vncproxy" },
	{ "restart", "qm has no restart; you mean qm reboot (qm reset is the hard reset)" },
	{ "rename", "qm has no rename; you mean qm set VMID --name NAME" },
	{ "exec", "qm has no exec; you mean qm guest exec VMID -- COMMAND" },
	{ "save", "qm has no save; you mean qm suspend VMID --todisk 1 (hibernation)" },
	{ "restore", "qm has no restore; qmrestore restores a vzdump backup, qm start resumes a hibernated VM" },
	{ "revert", "qm has no revert; you mean qm rollback VMID SNAPNAME" },
	{ "listsnapshots", "qm has no listsnapshots; you mean qm listsnapshot VMID" },
	{ NULL, NULL },
};

static const struct nrefusal qm_refused[] = {
	{ "reset", "'qm reset' is a hard reset (the reset button); vmctl has none: vmctl reboot asks the guest (qm reboot)" },
	{ "vncproxy", "'qm vncproxy' relays VNC on its standard input and output; vmctl display shows a vnc:// URI instead" },
	{ "monitor", "'qm monitor' reads monitor commands from its standard input; translate reads one as hmp VMID COMMAND" },
	{ "clone", "'qm clone' copies a VM; vmctl has no clone (vmctl create --from CONFIG defines one)" },
	{ "template", "'qm template' turns a VM into a template; vmctl has no templates" },
	{ "importovf", "'qm importovf' makes a VM of an OVF; vmctl has no import (vmctl create --from CONFIG reads libvirt XML or xl.cfg)" },
	{ "importdisk", "'qm importdisk' copies an image into a Proxmox storage; closest: vmctl image-convert, then disk-attach" },
	{ "agent", "'qm agent' (qm guest cmd) sends one guest agent command; vmctl exec runs a program: qm guest exec" },
	{ NULL, NULL },
};

static const struct ntool qm_tool = {
	.kind = "qm command",
	.prefix = "qm ",
	.subject = "",
	.refused = qm_refused,
	.words = QM_WORDS,
	.reads = QM_READ,
	.aliases = qm_aliases,
};

enum {
	Q_SKIPLOCK = 1, Q_TIMEOUT, Q_FORCESTOP, Q_KEEPACTIVE, Q_VERBOSE, Q_CURRENT, Q_SNAPSHOT, Q_FULL, Q_TODISK,
	Q_STATESTORAGE, Q_NOCHECK, Q_VMSTATE, Q_DESCRIPTION, Q_START, Q_FORCE, Q_ONLINE, Q_LOCALDISKS,
	Q_TARGETSTORAGE, Q_OTHER, Q_IFACE, Q_ESCAPE, Q_PURGE, Q_UNREFERENCED, Q_SYNC, Q_PASSSTDIN, Q_IDLIST,
	Q_OVERRULE, Q_STARTOPT, Q_NODE,
};

/* one qm option: name, boolean (optional value) or with a value, id */
struct qopt {
	const char *name;
	bool boolean;
	int id;
};

struct ctx {
	const char *who; /* "qm start" */
	struct nscan sc;
	const struct qopt *spec;
	struct translation *t;
	struct vm_error *err;
};

static bool bool_word(const char *s, bool *v)
{
	static const char *const yes[] = { "1", "yes", "on", "true" }, *const no[] = { "0", "no", "off", "false" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *v = true, true;
		if (strcasecmp(s, no[i]) == 0)
			return *v = false, true;
	}
	return false;
}

/* Scans argv as PVE::JSONSchema::get_options does (Getopt::Long, options
 * anywhere, '-' or '--', "--" ends them), into c->sc: each option with its
 * value ("1"/"0" for a boolean).  Unknown options are refused as qm does. */
static int scan(struct ctx *c, int argc, char **argv)
{
	struct nscan *sc = &c->sc;
	if (nscan_observer) { /* the options test (tests/translate/options.c) sees qm's table */
		size_t n = 0;
		while (c->spec[n].name)
			n++;
		struct nopt *spec = xcalloc(n + 1, sizeof(*spec));
		for (size_t i = 0; i < n; i++)
			spec[i] = (struct nopt){ 0, c->spec[i].name, !c->spec[i].boolean, c->spec[i].id };
		nscan_observer(c->who, NSCAN_LONG, spec, argc, argv);
		free(spec);
	}
	memset(sc, 0, sizeof(*sc));
	sc->ops = xcalloc((size_t)argc + 1, sizeof(*sc->ops));
	sc->first_op = argc;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (!sc->dashdash && strcmp(w, "--") == 0) {
			sc->dashdash = true;
			continue;
		}
		if (sc->dashdash || w[0] != '-' || w[1] == '\0' || (w[1] >= '0' && w[1] <= '9')) {
			if (sc->nops == 0)
				sc->first_op = i;
			sc->ops[sc->nops++] = argv[i];
			continue;
		}
		const char *name = w + (w[1] == '-' ? 2 : 1);
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct qopt *o = c->spec;
		while (o && o->name && !(strlen(o->name) == len && strncmp(o->name, name, len) == 0))
			o++;
		if (!o || !o->name) {
			char *q = msg_quote(w);
			vm_error_set(c->err, VM_EXIT_USAGE, "unknown option %s for '%s' (qm: Unknown option)", q, c->who);
			free(q);
			return -1;
		}
		const char *value = eq ? eq + 1 : NULL;
		if (!value && i + 1 < argc && (!o->boolean || argv[i + 1][0] != '-') &&
		    !(o->boolean && argv[i + 1][0] == '\0'))
			value = argv[++i];
		if (!value && !o->boolean) {
			char *q = msg_quote(w);
			vm_error_set(c->err, VM_EXIT_USAGE, "option %s of '%s' needs a value", q, c->who);
			free(q);
			return -1;
		}
		if (o->boolean) {
			bool b = true;
			if (value && !bool_word(value, &b)) {
				char *q = msg_quote(value);
				vm_error_set(c->err, VM_EXIT_USAGE,
					     "'%s --%s' takes the next word %s as its value: a boolean is 1, 0, yes, no, on, "
					     "off, true or false (qm: wrong value for boolean option)", c->who, o->name, q);
				free(q);
				return -1;
			}
			value = b ? "1" : "0";
		}
		if (sc->nopts == sc->opts_cap) {
			sc->opts_cap = sc->opts_cap ? 2 * sc->opts_cap : 8;
			sc->opts = xrealloc(sc->opts, sc->opts_cap * sizeof(*sc->opts));
		}
		sc->opts[sc->nopts++] = (struct nfound){ .id = o->id, .value = value, .word = tr_keep(c->t, xasprintf("--%s", o->name)) };
	}
	return 0;
}

static bool flag(const struct ctx *c, int id)
{
	const char *v = nscan_value(&c->sc, id);
	return v && strcmp(v, "1") == 0;
}

static void not_expressed(struct ctx *c, int id, const char *what)
{
	tr_not_expressed(c->t, &c->sc, id, what);
}

/* The VMID operand, checked as pve_verify_vmid does. */
int qm_vmid(struct translation *t, const char *who, const char *s, struct vm_error *err)
{
	if (!pve_vmid_valid(s)) {
		char *q = msg_quote(s);
		vm_error_set(err, VM_EXIT_USAGE, "invalid VMID %s for '%s': a VMID is a number from 100 to 999999999 "
			     "(qm list shows them)", q, who);
		free(q);
		return -1;
	}
	t->req.guest = s;
	return 0;
}

static int operands(struct ctx *c, size_t min, size_t max, const char *what, const char *usage)
{
	if (c->sc.nops < min)
		return tr_usage(c->err, c->who, what, usage);
	if (c->sc.nops > max) {
		char *q = msg_quote(c->sc.ops[max]);
		vm_error_set(c->err, VM_EXIT_USAGE, "'%s' takes no more arguments: %s is one too many; usage: %s", c->who,
			     q, usage);
		free(q);
		return -1;
	}
	return qm_vmid(c->t, c->who, c->sc.ops[0], c->err);
}

struct qm_sub {
	const char *name;
	const struct qopt *opts;
	int (*run)(struct ctx *c, const struct qm_sub *sub);
	const char *usage;
	const char *verb;  /* the vmctl verb of qm_simple */
	const char *note;  /* a remark (a false friend) */
};

/* The request: verb, the option words given, then -- VMID and more operands. */
static int answer_words(struct ctx *c, const char *verb, const char *const *opts, const char *const *ops)
{
	struct tr_words w = { .t = c->t };
	for (size_t i = 0; opts && opts[i]; i++)
		tr_word(&w, opts[i]);
	tr_word(&w, "--");
	if (c->t->req.guest)
		tr_word(&w, c->t->req.guest);
	for (size_t i = 0; ops && ops[i]; i++)
		tr_word(&w, ops[i]);
	return tr_answer(&w, verb, c->err);
}

static int answer(struct ctx *c, const char *verb, const char *opt1, const char *opt2)
{
	const char *opts[] = { opt1, opt2, NULL };
	return answer_words(c, verb, opt1 ? opts : NULL, NULL);
}

/* qm status VMID [--verbose], qm resume VMID, qm terminal VMID, ... */
static int qm_simple(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 1, 1, "a VMID", sub->usage) < 0)
		return -1;
	not_expressed(c, Q_SKIPLOCK, "acting on a locked VM");
	not_expressed(c, Q_NOCHECK, "skipping qm's own checks");
	not_expressed(c, Q_IFACE, "choosing the serial port");
	not_expressed(c, Q_ESCAPE, "another escape character (vmctl's console leaves with Ctrl+])");
	not_expressed(c, Q_KEEPACTIVE, "keeping the storage volumes active");
	if (sub->note)
		tr_note(c->t, "%s", sub->note);
	return answer(c, sub->verb, NULL, NULL);
}

static int qm_list(struct ctx *c, const struct qm_sub *sub)
{
	if (c->sc.nops) {
		char *q = msg_quote(c->sc.ops[0]);
		vm_error_set(c->err, VM_EXIT_USAGE, "'qm list' takes no arguments: %s is one too many; usage: %s", q,
			     sub->usage);
		free(q);
		return -1;
	}
	not_expressed(c, Q_FULL, "a full status of each VM");
	return answer(c, "list", NULL, NULL);
}

static int qm_status(struct ctx *c, const struct qm_sub *sub)
{
	if (!flag(c, Q_VERBOSE))
		tr_note(c->t, "qm status alone prints the state only (status: running); vmctl info shows more");
	return qm_simple(c, sub);
}

static int qm_config(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 1, 1, "a VMID", sub->usage) < 0)
		return -1;
	not_expressed(c, Q_SNAPSHOT, "the configuration of a snapshot");
	if (flag(c, Q_CURRENT))
		return answer(c, "config", NULL, NULL);
	tr_note(c->t, "without --current 1 qm config shows the pending changes applied: the next start's configuration");
	return answer(c, "config", "--inactive", NULL);
}

static int qm_start(struct ctx *c, const struct qm_sub *sub)
{
	not_expressed(c, Q_STARTOPT, "a migration's or a machine's start setting");
	not_expressed(c, Q_TIMEOUT, "a time limit for the start");
	return qm_simple(c, sub);
}

static int qm_stop(struct ctx *c, const struct qm_sub *sub)
{
	not_expressed(c, Q_TIMEOUT, "a time limit for the kill");
	not_expressed(c, Q_OVERRULE, "aborting a running qm shutdown first");
	not_expressed(c, Q_STARTOPT, "a migration's setting");
	return qm_simple(c, sub);
}

static int qm_shutdown(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 1, 1, "a VMID", sub->usage) < 0)
		return -1;
	not_expressed(c, Q_SKIPLOCK, "acting on a locked VM");
	not_expressed(c, Q_KEEPACTIVE, "keeping the storage volumes active");
	const char *tmo = nscan_value(&c->sc, Q_TIMEOUT);
	const char *opts[4] = { NULL };
	size_t n = 0;
	if (tmo) {
		if (tmo[strspn(tmo, "0123456789")] != '\0' || !tmo[0]) {
			char *q = msg_quote(tmo);
			vm_error_set(c->err, VM_EXIT_USAGE, "invalid --timeout %s for 'qm shutdown': an integer of 0 or more", q);
			free(q);
			return -1;
		}
		if (strcmp(tmo, "0") == 0) {
			tr_approx(c->t, "qm shutdown --timeout 0 gives up at once%s; vmctl stop --timeout 0 asks and does not wait",
				  flag(c, Q_FORCESTOP) ? " and kills the VM" : "");
		} else {
			opts[n++] = "--timeout";
			opts[n++] = tmo;
		}
	} else {
		tr_note(c->t, "qm shutdown waits 60 s unless the VM's startup option says down=; vmctl stop waits 60 s");
	}
	if (flag(c, Q_FORCESTOP))
		opts[n++] = "--force";
	tr_note(c->t, "qm shutdown is the clean stop (the ACPI power button); qm stop would kill the VM (vmctl kill)");
	return answer_words(c, "stop", opts, NULL);
}

static int qm_reboot(struct ctx *c, const struct qm_sub *sub)
{
	not_expressed(c, Q_TIMEOUT, "a time limit for the shutdown");
	return qm_simple(c, sub);
}

static int qm_suspend(struct ctx *c, const struct qm_sub *sub)
{
	if (flag(c, Q_TODISK)) {
		if (operands(c, 1, 1, "a VMID", sub->usage) < 0)
			return -1;
		return tr_unsupported(c->err, "'qm suspend --todisk 1' hibernates into a volume of a Proxmox storage, "
					      "resumed by the next qm start; vmctl save writes a file: vmctl save %s PATH",
				      c->sc.ops[0]);
	}
	if (nscan_count(&c->sc, Q_STATESTORAGE))
		return vm_error_set(c->err, VM_EXIT_USAGE, "'qm suspend --statestorage' goes with --todisk 1 (qm: "
					       "parameter requires todisk)");
	return qm_simple(c, sub);
}

static int qm_snapshot(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 2, 2, "a VMID and a snapshot name", sub->usage) < 0)
		return -1;
	const char *name = c->sc.ops[1];
	size_t n = strlen(name);
	if (n < 2 || n > 40 || !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", name[0]) ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n) {
		char *q = msg_quote(name);
		vm_error_set(c->err, VM_EXIT_USAGE, "invalid snapshot name %s for '%s': a letter, then letters, digits, "
			     "'_' or '-', 2 to 40 in all", q, c->who);
		free(q);
		return -1;
	}
	if (strcmp(sub->name, "snapshot") == 0) {
		not_expressed(c, Q_DESCRIPTION, "a description");
		if (flag(c, Q_VMSTATE))
			tr_approx(c->t, "--vmstate 1 keeps the running VM's memory in the snapshot; vmctl snapshot create "
					"leaves that to the backend");
	}
	not_expressed(c, Q_START, "starting the VM after the rollback");
	not_expressed(c, Q_FORCE, "removing the snapshot from the configuration even when its disks cannot be deleted");
	const char *ops[] = { name, NULL };
	struct tr_words w = { .t = c->t };
	tr_word(&w, sub->verb);
	tr_word(&w, "--");
	tr_word(&w, c->t->req.guest);
	tr_word(&w, ops[0]);
	return tr_answer(&w, "snapshot", c->err);
}

static int qm_listsnapshot(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 1, 1, "a VMID", sub->usage) < 0)
		return -1;
	struct tr_words w = { .t = c->t };
	tr_word(&w, "list");
	tr_word(&w, "--");
	tr_word(&w, c->t->req.guest);
	return tr_answer(&w, "snapshot", c->err);
}

static int qm_migrate(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 2, 2, "a VMID and a target node", sub->usage) < 0)
		return -1;
	const char *opts[3] = { NULL };
	size_t n = 0;
	if (flag(c, Q_ONLINE))
		opts[n++] = "--live";
	if (flag(c, Q_LOCALDISKS))
		opts[n++] = "--unsafe";
	not_expressed(c, Q_TARGETSTORAGE, "choosing the target's storage");
	not_expressed(c, Q_FORCE, "migrating a VM with local devices");
	not_expressed(c, Q_STARTOPT, "the migration's network, type, bandwidth or conntrack state");
	tr_approx(c->t, "qm migrates within a Proxmox cluster: %s is a node's name, which vmctl reads as the host of "
			"qemu+ssh://%s/system", c->sc.ops[1], c->sc.ops[1]);
	if (!flag(c, Q_ONLINE))
		tr_note(c->t, "without --online qm migrate refuses a running VM");
	const char *ops[] = { c->sc.ops[1], NULL };
	return answer_words(c, "migrate", opts, ops);
}

static int qm_wait(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 1, 1, "a VMID", sub->usage) < 0)
		return -1;
	const char *tmo = nscan_value(&c->sc, Q_TIMEOUT);
	const char *opts[] = { "--state", "shutoff", tmo ? "--timeout" : NULL, tmo, NULL };
	tr_note(c->t, "qm wait waits until the VM stops (the only state it waits for)");
	return answer_words(c, "wait", opts, NULL);
}

static int qm_destroy(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 1, 1, "a VMID", sub->usage) < 0)
		return -1;
	not_expressed(c, Q_SKIPLOCK, "acting on a locked VM");
	not_expressed(c, Q_PURGE, "dropping the VMID from backup, replication and HA jobs");
	not_expressed(c, Q_UNREFERENCED, "deleting the disks of the VMID that its configuration does not name");
	tr_note(c->t, "false friend: qm destroy deletes the VM and every volume it owns (vmctl delete --storage); "
		      "the hard stop is qm stop (vmctl kill)");
	return answer(c, "delete", "--storage", NULL);
}

static int qm_exec(struct ctx *c, const struct qm_sub *sub)
{
	if (c->sc.nops < 2)
		return tr_usage(c->err, c->who, "a VMID and a command", sub->usage);
	if (qm_vmid(c->t, c->who, c->sc.ops[0], c->err) < 0)
		return -1;
	not_expressed(c, Q_SYNC, "returning at once with the PID");
	not_expressed(c, Q_TIMEOUT, "a time limit (qm's default 30 s)");
	not_expressed(c, Q_PASSSTDIN, "passing standard input (1 MiB at most)");
	tr_approx(c->t, "qm guest exec goes through the QEMU guest agent and prints a JSON record (exitcode, out-data, "
			"err-data) where vmctl exec passes the output and exits with the command's status");
	const char *ops[24] = { NULL };
	size_t n = 0;
	for (size_t i = 1; i < c->sc.nops && n < 20; i++)
		ops[n++] = c->sc.ops[i];
	struct tr_words w = { .t = c->t };
	tr_word(&w, "--");
	tr_word(&w, c->t->req.guest);
	tr_word(&w, "--");
	for (size_t i = 0; i < n; i++)
		tr_word(&w, ops[i]);
	if (c->sc.nops - 1 > n)
		w.overflow = true;
	return tr_answer(&w, "exec", c->err);
}

static int qm_unlink(struct ctx *c, const struct qm_sub *sub)
{
	if (operands(c, 1, 1, "a VMID", sub->usage) < 0)
		return -1;
	const char *ids = nscan_value(&c->sc, Q_IDLIST);
	if (!ids)
		return tr_usage(c->err, c->who, "--idlist", sub->usage);
	if (flag(c, Q_FORCE))
		return tr_unsupported(c->err, "'%s --force 1' deletes the disk's volume; vmctl disk-detach keeps it "
					      "(vmctl image-delete deletes an image)", c->who);
	size_t len = strcspn(ids, ",; ");
	char *key = xasprintf("%.*s", (int)len, ids);
	const char *target = qm_drive_target(c->t, key);
	free(key);
	if (!target)
		return tr_unsupported(c->err, "'%s --idlist %s' names no drive vmctl knows (ide0-3, scsiN, virtioN)",
				      c->who, ids);
	if (ids[len])
		tr_approx(c->t, "qm unlinks every disk of --idlist %s; vmctl disk-detach detaches one (%s)", ids, target);
	tr_note(c->t, "the volume stays as unusedN");
	const char *ops[] = { target, NULL };
	return answer_words(c, "disk-detach", NULL, ops);
}

static const struct qopt o_none[] = { { NULL, false, 0 } };
static const struct qopt o_list[] = { { "full", true, Q_FULL }, { NULL, false, 0 } };
static const struct qopt o_status[] = { { "verbose", true, Q_VERBOSE }, { NULL, false, 0 } };
static const struct qopt o_config[] = { { "current", true, Q_CURRENT }, { "snapshot", false, Q_SNAPSHOT }, { NULL, false, 0 } };
static const struct qopt o_start[] = {
	{ "skiplock", true, Q_SKIPLOCK }, { "stateuri", false, Q_STARTOPT }, { "migratedfrom", false, Q_STARTOPT },
	{ "migration_type", false, Q_STARTOPT }, { "migration_network", false, Q_STARTOPT },
	{ "machine", false, Q_STARTOPT }, { "targetstorage", false, Q_STARTOPT }, { "force-cpu", false, Q_STARTOPT },
	{ "timeout", false, Q_TIMEOUT }, { "with-conntrack-state", true, Q_STARTOPT },
	{ "nets-host-mtu", false, Q_STARTOPT }, { NULL, false, 0 },
};
static const struct qopt o_stop[] = {
	{ "skiplock", true, Q_SKIPLOCK }, { "migratedfrom", false, Q_STARTOPT }, { "timeout", false, Q_TIMEOUT },
	{ "keepActive", true, Q_KEEPACTIVE }, { "overrule-shutdown", true, Q_OVERRULE }, { NULL, false, 0 },
};
static const struct qopt o_shutdown[] = {
	{ "skiplock", true, Q_SKIPLOCK }, { "timeout", false, Q_TIMEOUT }, { "forceStop", true, Q_FORCESTOP },
	{ "keepActive", true, Q_KEEPACTIVE }, { NULL, false, 0 },
};
static const struct qopt o_reboot[] = { { "timeout", false, Q_TIMEOUT }, { NULL, false, 0 } };
static const struct qopt o_suspend[] = {
	{ "skiplock", true, Q_SKIPLOCK }, { "todisk", true, Q_TODISK }, { "statestorage", false, Q_STATESTORAGE },
	{ NULL, false, 0 },
};
static const struct qopt o_resume[] = { { "skiplock", true, Q_SKIPLOCK }, { "nocheck", true, Q_NOCHECK }, { NULL, false, 0 } };
static const struct qopt o_snapshot[] = { { "description", false, Q_DESCRIPTION }, { "vmstate", true, Q_VMSTATE }, { NULL, false, 0 } };
static const struct qopt o_rollback[] = { { "start", true, Q_START }, { NULL, false, 0 } };
static const struct qopt o_delsnapshot[] = { { "force", true, Q_FORCE }, { NULL, false, 0 } };
static const struct qopt o_migrate[] = {
	{ "online", true, Q_ONLINE }, { "with-local-disks", true, Q_LOCALDISKS }, { "targetstorage", false, Q_TARGETSTORAGE },
	{ "force", true, Q_FORCE }, { "migration_type", false, Q_STARTOPT }, { "migration_network", false, Q_STARTOPT },
	{ "bwlimit", false, Q_STARTOPT }, { "with-conntrack-state", true, Q_STARTOPT }, { NULL, false, 0 },
};
static const struct qopt o_terminal[] = { { "iface", false, Q_IFACE }, { "escape", false, Q_ESCAPE }, { NULL, false, 0 } };
static const struct qopt o_wait[] = { { "timeout", false, Q_TIMEOUT }, { NULL, false, 0 } };
static const struct qopt o_destroy[] = {
	{ "skiplock", true, Q_SKIPLOCK }, { "purge", true, Q_PURGE }, { "destroy-unreferenced-disks", true, Q_UNREFERENCED },
	{ NULL, false, 0 },
};
static const struct qopt o_exec[] = {
	{ "synchronous", true, Q_SYNC }, { "timeout", false, Q_TIMEOUT }, { "pass-stdin", true, Q_PASSSTDIN },
	{ NULL, false, 0 },
};
static const struct qopt o_unlink[] = { { "idlist", false, Q_IDLIST }, { "force", true, Q_FORCE }, { NULL, false, 0 } };

static const struct qm_sub subs[] = {
	{ "list", o_list, qm_list, "qm list [--full]", NULL, NULL },
	{ "status", o_status, qm_status, "qm status VMID [--verbose]", "info", NULL },
	{ "config", o_config, qm_config, "qm config VMID [--current] [--snapshot NAME]", NULL, NULL },
	{ "start", o_start, qm_start, "qm start VMID [OPTIONS]", "start", NULL },
	{ "stop", o_stop, qm_stop, "qm stop VMID [OPTIONS]", "kill",
	  "false friend: qm stop kills the VM at once (pulls the plug: vmctl kill); the clean stop is qm shutdown" },
	{ "shutdown", o_shutdown, qm_shutdown, "qm shutdown VMID [--timeout SEC] [--forceStop 1]", NULL, NULL },
	{ "reboot", o_reboot, qm_reboot, "qm reboot VMID [--timeout SEC]", "reboot",
	  "qm reboot shuts the VM down and starts it again; qm reset is the hard reset" },
	{ "suspend", o_suspend, qm_suspend, "qm suspend VMID [--todisk 1]", "pause",
	  "false friend: qm suspend pauses the VM in memory (vmctl pause); with --todisk 1 it hibernates" },
	{ "resume", o_resume, qm_simple, "qm resume VMID", "resume", NULL },
	{ "snapshot", o_snapshot, qm_snapshot, "qm snapshot VMID SNAPNAME [--vmstate 1] [--description TEXT]", "create", NULL },
	{ "listsnapshot", o_none, qm_listsnapshot, "qm listsnapshot VMID", NULL, NULL },
	{ "rollback", o_rollback, qm_snapshot, "qm rollback VMID SNAPNAME [--start 1]", "revert", NULL },
	{ "delsnapshot", o_delsnapshot, qm_snapshot, "qm delsnapshot VMID SNAPNAME [--force 1]", "delete", NULL },
	{ "migrate", o_migrate, qm_migrate, "qm migrate VMID TARGET [--online] [--with-local-disks]", NULL, NULL },
	{ "terminal", o_terminal, qm_simple, "qm terminal VMID [--iface serialN] [--escape CHAR]", "console",
	  "qm terminal needs a serial port (serial0 socket); leave it with Ctrl+O" },
	{ "wait", o_wait, qm_wait, "qm wait VMID [--timeout SEC]", NULL, NULL },
	{ "destroy", o_destroy, qm_destroy, "qm destroy VMID [--purge 1]", NULL, NULL },
	{ "unlink", o_unlink, qm_unlink, "qm unlink VMID --idlist DISKS [--force 1]", NULL, NULL },
};

static int run_sub(const char *who, const struct qm_sub *sub, int argc, char **argv, struct translation *t,
		   struct vm_error *err)
{
	struct ctx c = { .who = who, .spec = sub->opts, .t = t, .err = err };
	int rc = scan(&c, argc, argv);
	if (rc == 0)
		rc = sub->run(&c, sub);
	nscan_clear(&c.sc);
	return rc;
}

static const struct qm_sub s_exec = { "guest exec", o_exec, qm_exec, "qm guest exec VMID [--] COMMAND [ARG...]", NULL, NULL };
static const struct qm_sub s_unlink = { "disk unlink", o_unlink, qm_unlink, "qm disk unlink VMID --idlist DISKS [--force 1]", NULL, NULL };

/* qm guest SUB and qm disk SUB */
static int group(const char *name, int argc, char **argv, struct translation *t, struct vm_error *err)
{
	bool guest = strcmp(name, "guest") == 0;
	const char *words = guest ? "cmd passwd exec exec-status" : "import move rescan resize unlink";
	if (argc < 3)
		return vm_error_set(err, VM_EXIT_USAGE, "'qm %s' needs a subcommand: %s", name, words);
	const char *sub = argv[2];
	if (strcmp(sub, guest ? "exec" : "unlink") == 0) {
		char *who = xasprintf("qm %s %s", name, sub);
		int rc = run_sub(who, guest ? &s_exec : &s_unlink, argc - 3, argv + 3, t, err);
		free(who);
		return rc;
	}
	if (in_list(sub, words)) {
		if (strcmp(sub, "resize") == 0)
			return tr_unsupported(err, "'qm disk resize' grows a VM's disk by its key; closest: vmctl image-resize "
						   "PATH SIZE on the image file");
		return tr_unsupported(err, "'qm %s %s' has no vmctl equivalent; translate reads %s", name, sub, QM_READ);
	}
	char near[32];
	char *q = msg_quote(sub);
	if (nearest_word(sub, words, near, sizeof(near)))
		vm_error_set(err, VM_EXIT_USAGE, "unknown qm %s subcommand %s, did you mean 'qm %s %s'?", name, q, name, near);
	else
		vm_error_set(err, VM_EXIT_USAGE, "unknown qm %s subcommand %s; qm %s has %s", name, q, name, words);
	free(q);
	return -1;
}

int translate_qm(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	if (argc < 2)
		return vm_error_set(err, VM_EXIT_USAGE, "'qm' needs a command, such as qm list");
	const char *name = argv[1];
	if (strcmp(name, "guest") == 0 || strcmp(name, "disk") == 0)
		return group(name, argc, argv, t, err);
	if (strcmp(name, "set") == 0 || strcmp(name, "create") == 0)
		return qm_define(name, argc - 2, argv + 2, t, err);
	/* CLI/qm.pm $cmddef: resize and unlink are aliases of disk resize and disk unlink */
	if (strcmp(name, "resize") == 0)
		return tr_unsupported(err, "'qm resize' grows a VM's disk by its key; closest: vmctl image-resize PATH SIZE "
					   "on the image file");
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
		if (strcmp(subs[i].name, name) != 0)
			continue;
		char *who = xasprintf("qm %s", name);
		int rc = run_sub(who, &subs[i], argc - 2, argv + 2, t, err);
		free(who);
		return rc;
	}
	return tr_not_expressible(&qm_tool, name, err);
}
