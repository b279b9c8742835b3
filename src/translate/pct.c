/* pct.c: reads pct command lines (Proxmox VE 8's container tool).
 *
 * pct parses as every PVE CLI does (pve-common src/PVE/JSONSchema.pm
 * get_options, checked at f665029): Getopt::Long with prefix_pattern
 * (--|-), so --opt and -opt alike, --opt=VALUE or --opt VALUE, option
 * names matched without regard to case and by unique prefix, options and
 * operands in any order, `--` ending the options; a boolean takes an
 * optional value (1|0, yes|no, on|off, true|false; alone it is 1), taken
 * from the next word unless that word is an option.  The operands are the
 * subcommand's arg_param list (src/PVE/CLI/pct.pm $cmddef, proxmox/
 * pve-container 94f5585), the VMID first (^[1-9][0-9]{2,8}$).
 *
 * The words are first written in one canonical form (--NAME VALUE), then
 * scanned by nscan() against the subcommand's table. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"

#define PCT_DUMP_DIR "/var/lib/vz/dump"

#define PCT_WORDS \
	"list config pending set resize create restore destroy start suspend resume shutdown stop reboot clone " \
	"migrate move-volume move_volume remote-migrate snapshot delsnapshot listsnapshot rollback template " \
	"status console enter unlock exec fsck mount unmount push pull df rescan cpusets fstrim help"
#define PCT_READ \
	"pct list, status, config, start, shutdown, stop, reboot, suspend, resume, console, exec, set --cores, " \
	"--memory, --onboot, --netN, --mpN and --devN, create, destroy, snapshot, listsnapshot, rollback, " \
	"delsnapshot and migrate"

/* The option codes. */
enum {
	O_SKIP = 1, O_DEBUG, O_VERBOSE, O_CURRENT, O_SNAP, O_TIMEOUT, O_FORCESTOP, O_OVERRULE, O_ESCAPE, O_KEEPENV,
	O_DESC, O_START, O_FORCE, O_ONLINE, O_RESTART, O_TSTORAGE, O_BWLIMIT, O_PURGE, O_UNREF, O_CORES, O_MEMORY,
	O_ONBOOT, O_HOSTNAME, O_NET, O_MP, O_DEV, O_DELETE, O_OTHER, O_CREATE_OTHER, O_DIGEST, O_UNUSED,
};

/* One option of a pct subcommand: its name as pct spells it, whether it is
 * a boolean (an optional value), and its code. */
struct popt {
	const char *name;
	bool boolean;
	int id;
	const char *what; /* what it does, for a note (NULL: the handler says) */
};

#define POPT_END { NULL, false, 0, NULL }

static const struct popt po_none[] = { POPT_END };
static const struct popt po_status[] = { { "verbose", true, O_VERBOSE, NULL }, POPT_END };
static const struct popt po_config[] = {
	{ "current", true, O_CURRENT, NULL }, { "snapshot", false, O_SNAP, NULL }, POPT_END };
static const struct popt po_start[] = {
	{ "skiplock", true, O_SKIP, "ignore the container's lock (root only)" },
	{ "debug", true, O_DEBUG, "a very verbose start log" }, POPT_END };
static const struct popt po_shutdown[] = {
	{ "timeout", false, O_TIMEOUT, NULL }, { "forceStop", true, O_FORCESTOP, NULL }, POPT_END };
static const struct popt po_stop[] = {
	{ "skiplock", true, O_SKIP, "ignore the container's lock (root only)" },
	{ "overrule-shutdown", true, O_OVERRULE, "abort running pct shutdown tasks first" }, POPT_END };
static const struct popt po_reboot[] = { { "timeout", false, O_TIMEOUT, "how long the shutdown may take" }, POPT_END };
static const struct popt po_console[] = { { "escape", false, O_ESCAPE, NULL }, POPT_END };
static const struct popt po_exec[] = { { "keep-env", true, O_KEEPENV, "keep pct's environment" }, POPT_END };
static const struct popt po_snapshot[] = { { "description", false, O_DESC, "a description" }, POPT_END };
static const struct popt po_rollback[] = { { "start", true, O_START, NULL }, POPT_END };
static const struct popt po_delsnap[] = {
	{ "force", true, O_FORCE, "remove the snapshot from the config even if removing its volumes fails" }, POPT_END };
static const struct popt po_migrate[] = {
	{ "online", true, O_ONLINE, NULL }, { "restart", true, O_RESTART, NULL },
	{ "timeout", false, O_TIMEOUT, "how long the shutdown of a restart migration may take" },
	{ "target-storage", false, O_TSTORAGE, "where the volumes go" },
	{ "bwlimit", false, O_BWLIMIT, "a bandwidth limit" }, POPT_END };
static const struct popt po_destroy[] = {
	{ "force", true, O_FORCE, NULL }, { "purge", true, O_PURGE, NULL },
	{ "destroy-unreferenced-disks", true, O_UNREF, NULL }, POPT_END };

/* The container's config options (src/PVE/LXC/Config.pm $confdesc), which
 * pct set and pct create take; netN, mpN, devN and unusedN are added in
 * full by pct_table().  The booleans are marked. */
static const struct popt po_config_props[] = {
	{ "cores", false, O_CORES, NULL }, { "memory", false, O_MEMORY, NULL }, { "onboot", true, O_ONBOOT, NULL },
	{ "hostname", false, O_HOSTNAME, NULL },
	{ "arch", false, O_OTHER, NULL }, { "cmode", false, O_OTHER, NULL }, { "console", true, O_OTHER, NULL },
	{ "cpulimit", false, O_OTHER, NULL }, { "cpuunits", false, O_OTHER, NULL }, { "debug", true, O_OTHER, NULL },
	{ "description", false, O_OTHER, NULL }, { "entrypoint", false, O_OTHER, NULL }, { "env", false, O_OTHER, NULL },
	{ "features", false, O_OTHER, NULL }, { "hookscript", false, O_OTHER, NULL }, { "lock", false, O_OTHER, NULL },
	{ "nameserver", false, O_OTHER, NULL }, { "ostype", false, O_OTHER, NULL }, { "protection", true, O_OTHER, NULL },
	{ "rootfs", false, O_OTHER, NULL }, { "searchdomain", false, O_OTHER, NULL }, { "startup", false, O_OTHER, NULL },
	{ "swap", false, O_OTHER, NULL }, { "tags", false, O_OTHER, NULL }, { "template", true, O_OTHER, NULL },
	{ "timezone", false, O_OTHER, NULL }, { "tty", false, O_OTHER, NULL }, { "unprivileged", true, O_OTHER, NULL },
	POPT_END };
/* pct set's own (API2/LXC/Config.pm update_vm). */
static const struct popt po_set_own[] = {
	{ "delete", false, O_DELETE, NULL }, { "revert", false, O_OTHER, NULL }, { "digest", false, O_DIGEST, NULL },
	POPT_END };
/* pct create's own (API2/LXC.pm create_vm). */
static const struct popt po_create_own[] = {
	{ "storage", false, O_CREATE_OTHER, NULL }, { "password", false, O_CREATE_OTHER, NULL },
	{ "ssh-public-keys", false, O_CREATE_OTHER, NULL }, { "force", true, O_CREATE_OTHER, NULL },
	{ "restore", true, O_CREATE_OTHER, NULL }, { "unique", true, O_CREATE_OTHER, NULL },
	{ "pool", false, O_CREATE_OTHER, NULL }, { "ignore-unpack-errors", true, O_CREATE_OTHER, NULL },
	{ "bwlimit", false, O_CREATE_OTHER, NULL }, { "start", true, O_START, NULL },
	{ "ha-managed", true, O_CREATE_OTHER, NULL }, POPT_END };

/* netN (32), mpN, devN, unusedN (256 each): LXC/Config.pm $MAX_LXC_NETWORKS,
 * $MAX_MOUNT_POINTS, $MAX_DEVICES, $MAX_UNUSED_DISKS. */
static const struct {
	const char *prefix;
	unsigned count;
	int id;
} po_indexed[] = { { "net", 32, O_NET }, { "mp", 256, O_MP }, { "dev", 256, O_DEV }, { "unused", 256, O_UNUSED } };

/* The whole table of pct set (set true) or pct create: built once, kept for
 * the life of the process (its names are what the words become). */
static const struct popt *pct_table(bool set)
{
	static struct popt *tables[2];
	if (tables[set])
		return tables[set];
	size_t n = 0, cap = 1024;
	struct popt *t = xcalloc(cap, sizeof(*t));
	const struct popt *parts[] = { po_config_props, set ? po_set_own : po_create_own };
	for (size_t k = 0; k < ARRAY_SIZE(parts); k++)
		for (const struct popt *o = parts[k]; o->name; o++)
			t[n++] = *o;
	for (size_t k = 0; k < ARRAY_SIZE(po_indexed); k++)
		for (unsigned i = 0; i < po_indexed[k].count && n + 1 < cap; i++)
			t[n++] = (struct popt){ xasprintf("%s%u", po_indexed[k].prefix, i), false, po_indexed[k].id, NULL };
	return tables[set] = t;
}

struct ctx {
	const char *who; /* "pct shutdown" */
	struct nscan sc;
	const struct popt *table;
	struct translation *t;
	struct vm_error *err;
};

/* ---- the canonical words ---- */

static int bool_value(struct ctx *c, const char *name, const char *v, const char **out)
{
	if (!*v || strcmp(v, "1") == 0 || strcasecmp(v, "on") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "true") == 0) {
		*out = "1";
		return 0;
	}
	if (strcmp(v, "0") == 0 || strcasecmp(v, "off") == 0 || strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0) {
		*out = "0";
		return 0;
	}
	char *q = msg_quote(v);
	vm_error_set(c->err, VM_EXIT_USAGE, "invalid boolean %s for --%s of '%s': pct takes 1, 0, yes, no, on, off, true "
		     "or false (it says 'unable to parse boolean option')", q, name, c->who);
	free(q);
	return -1;
}

/* The option that word names (NAME or a unique prefix of one, any case), or
 * NULL with err filled. */
static const struct popt *find_opt(struct ctx *c, const char *word, const char *name, size_t len)
{
	const struct popt *found = NULL;
	size_t matches = 0;
	for (const struct popt *o = c->table; o->name; o++) {
		if (strncasecmp(o->name, name, len) != 0)
			continue;
		if (o->name[len] == '\0')
			return o;
		found = o;
		matches++;
	}
	if (matches == 1)
		return found;
	char *q = msg_quote(word);
	if (matches)
		vm_error_set(c->err, VM_EXIT_USAGE, "option %s of '%s' is ambiguous (pct says 'Option %.*s is ambiguous')",
			     q, c->who, (int)len, name);
	else
		vm_error_set(c->err, VM_EXIT_USAGE, "unknown option %s for '%s'", q, c->who);
	free(q);
	return NULL;
}

/* Writes argv as --NAME VALUE pairs and operands into *out (words kept in
 * c->t), as Getopt::Long reads them.  0, or -1 with err filled. */
static int canonical(struct ctx *c, int argc, char **argv, struct strvec *out)
{
	bool dashdash = false;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (dashdash || w[0] != '-' || w[1] == '\0') {
			strvec_push(out, w);
			continue;
		}
		if (strcmp(w, "--") == 0) {
			dashdash = true;
			strvec_push(out, w);
			continue;
		}
		const char *name = w + (w[1] == '-' ? 2 : 1);
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct popt *o = find_opt(c, w, name, len);
		if (!o)
			return -1;
		const char *v = eq ? eq + 1 : NULL;
		if (o->boolean) {
			if (!v)
				v = i + 1 < argc && strcmp(argv[i + 1], "--") != 0 &&
				    !(argv[i + 1][0] == '-' && argv[i + 1][1]) ? argv[++i] : "";
			if (bool_value(c, o->name, v, &v) < 0)
				return -1;
		} else if (!v || !*v) {
			if (v || i + 1 >= argc) {
				char *q = msg_quote(w);
				vm_error_set(c->err, VM_EXIT_USAGE, "option %s of '%s' needs a value", q, c->who);
				free(q);
				return -1;
			}
			v = argv[++i];
		}
		strvec_pushf(out, "--%s", o->name);
		strvec_push(out, v);
	}
	return 0;
}

/* ---- shared by the handlers ---- */

static void not_expressed(struct ctx *c, int id, const char *what)
{
	tr_not_expressed(c->t, &c->sc, id, what);
}

/* The options of the table that carry their own what, each named. */
static void named_options(struct ctx *c)
{
	for (const struct popt *o = c->table; o->name; o++)
		if (o->what && (o == c->table || o[-1].id != o->id))
			not_expressed(c, o->id, o->what);
}

static int vmid(struct ctx *c, const char *s)
{
	if (!s)
		return tr_usage(c->err, c->who, "a VMID", "pct COMMAND VMID [OPTIONS]");
	if (!pve_vmid_valid(s)) {
		char *q = msg_quote(s);
		vm_error_set(c->err, VM_EXIT_USAGE, "invalid VMID %s for '%s': pct takes a number from 100 to 999999999 "
			     "(pct list shows them)", q, c->who);
		free(q);
		return -1;
	}
	return tr_guest(c->t, s, c->err);
}

/* The operands after the VMID: exactly want of them. */
static int operands(struct ctx *c, size_t want, const char *usage, const char *needs)
{
	if (c->sc.nops > want + 1) {
		char *q = msg_quote(c->sc.ops[want + 1]);
		vm_error_set(c->err, VM_EXIT_USAGE, "'%s' takes no operand %s (pct says 'too many arguments'); usage: %s",
			     c->who, q, usage);
		free(q);
		return -1;
	}
	if (c->sc.nops < want + 1)
		return tr_usage(c->err, c->who, want == 0 || c->sc.nops == 0 ? "a VMID" : needs, usage);
	return vmid(c, c->sc.ops[0]);
}

static bool flag(struct ctx *c, int id)
{
	const char *v = nscan_value(&c->sc, id);
	return v && strcmp(v, "1") == 0;
}

/* An integer option of 0 or more (pct's "minimum => 0"): 0, or -1. */
static int seconds(struct ctx *c, int id, unsigned *out)
{
	const char *v = nscan_value(&c->sc, id);
	if (!v)
		return 0;
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	if (*v < '0' || *v > '9' || *end || n > 1000000000UL) {
		char *q = msg_quote(v);
		vm_error_set(c->err, VM_EXIT_USAGE, "invalid value %s for --timeout of '%s': pct takes a whole number of "
			     "seconds, 0 or more", q, c->who);
		free(q);
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

/* ---- the handlers ---- */

struct pct_cmd;
typedef int (*pct_run)(struct ctx *c, const struct pct_cmd *cmd);

struct pct_cmd {
	const char *name;
	const struct popt *opts; /* NULL: pct set's or pct create's whole table */
	pct_run run;
	enum vm_verb verb;
	enum vm_snapshot_op op;
	const char *usage;
	const char *needs; /* what the operands after the VMID are, for a message */
};

static int h_list(struct ctx *c, const struct pct_cmd *cmd)
{
	if (c->sc.nops) {
		char *q = msg_quote(c->sc.ops[0]);
		vm_error_set(c->err, VM_EXIT_USAGE, "'pct list' takes no operand %s (pct says 'too many arguments')", q);
		free(q);
		return -1;
	}
	c->t->req.verb = cmd->verb;
	tr_note(c->t, "pct list shows this node's containers (qm list its VMs)");
	return 0;
}

static int h_status(struct ctx *c, const struct pct_cmd *cmd)
{
	if (operands(c, 0, cmd->usage, NULL) < 0)
		return -1;
	c->t->req.verb = VERB_INFO;
	if (!flag(c, O_VERBOSE))
		tr_approx(c->t, "pct status without --verbose prints the state only; vmctl info shows more");
	return 0;
}

static int h_config(struct ctx *c, const struct pct_cmd *cmd)
{
	struct tr_words w = { .t = c->t };
	if (operands(c, 0, cmd->usage, NULL) < 0)
		return -1;
	const char *snap = nscan_value(&c->sc, O_SNAP);
	/* API2/LXC/Config.pm vm_config: "cannot use 'snapshot' parameter with 'current'" */
	if (snap && flag(c, O_CURRENT))
		return vm_error_set(c->err, VM_EXIT_USAGE, "'pct config' takes --snapshot or --current, not both (pct says "
				    "\"cannot use 'snapshot' parameter with 'current'\")");
	if (snap) {
		char *q = msg_quote(snap);
		tr_approx(c->t, "--snapshot %s shows the config the snapshot keeps; vmctl config shows the container's", q);
		free(q);
	}
	if (!flag(c, O_CURRENT))
		tr_word(&w, "--inactive");
	else
		tr_note(c->t, "pct config --current shows the values in effect, without the pending changes");
	tr_word(&w, "--");
	tr_word(&w, c->t->req.guest);
	return tr_answer(&w, "config", c->err);
}

/* start, stop (a kill), reboot, console, listsnapshot: the VMID only. */
static int h_simple(struct ctx *c, const struct pct_cmd *cmd)
{
	struct translation *t = c->t;
	if (operands(c, 0, cmd->usage, NULL) < 0)
		return -1;
	t->req.verb = cmd->verb;
	t->req.snapshot_op = cmd->op;
	named_options(c);
	if (cmd->verb == VERB_KILL)
		/* Status.pm vm_stop: "abruptly stop all processes"; LXC.pm
		 * vm_stop($vmid, 1) runs lxc-stop --kill */
		tr_note(t, "false friend: pct stop kills the container at once (lxc-stop --kill), as vmctl kill does; the "
			"clean stop is pct shutdown (vmctl stop)");
	if (cmd->verb == VERB_REBOOT)
		tr_note(t, "pct reboot shuts the container down (killing it after --timeout) and starts it again, applying "
			"pending changes");
	if (cmd->verb == VERB_CONSOLE && nscan_count(&c->sc, O_ESCAPE))
		tr_note(t, "--escape only changes the key that leaves the console (Ctrl+a q by default)");
	return 0;
}

static int h_shutdown(struct ctx *c, const struct pct_cmd *cmd)
{
	struct tr_words w = { .t = c->t };
	unsigned timeout = 60;
	if (operands(c, 0, cmd->usage, NULL) < 0 || seconds(c, O_TIMEOUT, &timeout) < 0)
		return -1;
	tr_word(&w, "--timeout");
	tr_word(&w, tr_keep(c->t, xasprintf("%u", timeout)));
	if (flag(c, O_FORCESTOP))
		tr_word(&w, "--force");
	if (timeout == 0)
		tr_approx(c->t, "pct shutdown --timeout 0 waits until the container has stopped (PVE::LXC::vm_stop reads its "
			  "command socket); vmctl stop --timeout 0 returns at once");
	tr_note(c->t, "pct shutdown is the clean stop; false friend: pct stop kills (vmctl kill)");
	tr_word(&w, "--");
	tr_word(&w, c->t->req.guest);
	return tr_answer(&w, "stop", c->err);
}

/* pct suspend and resume: Status.pm vm_suspend runs lxc-checkpoint -n VMID
 * -s -D /var/lib/vz/dump (CRIU: a checkpoint to disk, the container
 * stops), vm_resume lxc-checkpoint -r --foreground -D /var/lib/vz/dump. */
static int h_checkpoint(struct ctx *c, const struct pct_cmd *cmd)
{
	if (operands(c, 0, cmd->usage, NULL) < 0)
		return -1;
	c->t->req.verb = cmd->verb;
	c->t->req.path = PCT_DUMP_DIR;
	if (cmd->verb == VERB_SAVE)
		tr_note(c->t, "false friend: pct suspend is not a pause: it checkpoints the container to " PCT_DUMP_DIR
			" with CRIU (lxc-checkpoint -s, experimental) and stops it, as vmctl save does");
	else
		tr_note(c->t, "false friend: pct resume is not an unpause: it restores what pct suspend checkpointed "
			"(lxc-checkpoint -r), as vmctl restore does");
	return 0;
}

static int h_exec(struct ctx *c, const struct pct_cmd *cmd)
{
	struct tr_words w = { .t = c->t };
	if (c->sc.nops == 0)
		return tr_usage(c->err, c->who, "a VMID", cmd->usage);
	if (vmid(c, c->sc.ops[0]) < 0)
		return -1;
	/* pct.pm exec: lxc-attach -n VMID -- EXTRA-ARGS; with none, lxc-attach runs a shell */
	if (c->sc.nops == 1)
		return tr_unsupported(c->err, "'pct exec VMID' without a command opens a shell in the container, as pct enter "
				      "does; closest: vmctl exec %s -- sh", c->t->req.guest);
	named_options(c);
	tr_word(&w, "--");
	tr_word(&w, c->t->req.guest);
	tr_word(&w, "--");
	for (size_t i = 1; i < c->sc.nops; i++)
		tr_word(&w, c->sc.ops[i]);
	return tr_answer(&w, "exec", c->err);
}

static int h_enter(struct ctx *c, const struct pct_cmd *cmd)
{
	if (operands(c, 0, cmd->usage, NULL) < 0)
		return -1;
	return tr_unsupported(c->err, "'pct enter' opens an interactive shell in the container (lxc-attach); closest: "
			      "vmctl exec %s -- sh, or vmctl console %s", c->t->req.guest, c->t->req.guest);
}

static int h_snapshot(struct ctx *c, const struct pct_cmd *cmd)
{
	struct translation *t = c->t;
	if (operands(c, 1, cmd->usage, cmd->needs) < 0)
		return -1;
	const char *name = c->sc.ops[1];
	size_t n = strlen(name);
	if (n < 2 || n > 40 || !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", name[0]) ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n) {
		char *q = msg_quote(name);
		vm_error_set(c->err, VM_EXIT_USAGE, "invalid snapshot name %s for '%s': pct takes a letter, then letters, "
			     "digits, '-' and '_' (2 to 40 characters)", q, c->who);
		free(q);
		return -1;
	}
	if (cmd->op == SNAPSHOT_CREATE && (strcmp(name, "current") == 0 || strcmp(name, "vzdump") == 0))
		return vm_error_set(c->err, VM_EXIT_USAGE, "'pct snapshot' refuses the name '%s' (Snapshot.pm: it is "
				    "reserved)", name);
	t->req.verb = VERB_SNAPSHOT;
	t->req.snapshot_op = cmd->op;
	t->req.snapshot = name;
	named_options(c);
	if (cmd->op == SNAPSHOT_REVERT && flag(c, O_START))
		tr_approx(t, "--start 1 also starts the container after the rollback: vmctl start %s", t->req.guest);
	return 0;
}

static int h_migrate(struct ctx *c, const struct pct_cmd *cmd)
{
	struct translation *t = c->t;
	if (operands(c, 1, cmd->usage, cmd->needs) < 0 || validate_dest(c->sc.ops[1], c->err) < 0)
		return -1;
	t->req.verb = VERB_MIGRATE;
	t->req.dest = c->sc.ops[1];
	/* API2/LXC.pm migrate_vm: "can't migrate running container without
	 * --online or --restart"; Migrate.pm prepare: "lxc live migration is
	 * currently not implemented" */
	if (flag(c, O_ONLINE))
		tr_approx(t, "pct migrate --online fails for a running container (live migration of containers is not "
			  "implemented) and moves a stopped one as it is");
	if (flag(c, O_RESTART))
		tr_approx(t, "--restart shuts a running container down, moves it and starts it again: containers migrate "
			  "by restart only");
	else if (!flag(c, O_ONLINE))
		tr_approx(t, "without --restart pct migrate moves a stopped container only; it refuses a running one");
	tr_note(t, "pct migrate takes a node of the same Proxmox cluster");
	named_options(c);
	return 0;
}

static int h_destroy(struct ctx *c, const struct pct_cmd *cmd)
{
	struct tr_words w = { .t = c->t };
	if (operands(c, 0, cmd->usage, NULL) < 0)
		return -1;
	if (flag(c, O_FORCE))
		tr_word(&w, "--force");
	if (flag(c, O_PURGE))
		tr_approx(c->t, "--purge also removes the container from backup jobs, replication and HA; vmctl delete does not");
	if (flag(c, O_UNREF))
		tr_approx(c->t, "--destroy-unreferenced-disks also deletes the volumes of every storage that carry the VMID "
			  "but are not in the config");
	tr_note(c->t, "false friend: pct destroy deletes the container and its volumes, as vmctl delete does (a "
		"liblxc container's rootfs goes with it); virsh destroy and xl destroy only power off");
	tr_word(&w, "--");
	tr_word(&w, c->t->req.guest);
	return tr_answer(&w, "delete", c->err);
}

/* A property string's KEY=VALUE (or the default key's VALUE when key is
 * NULL); a new string, or NULL. */
static char *prop(const char *s, const char *key)
{
	size_t kl = key ? strlen(key) : 0;
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		if (!key && !eq)
			return xasprintf("%.*s", (int)len, p);
		if (key && eq && (size_t)(eq - p) == kl && strncmp(p, key, kl) == 0)
			return xasprintf("%.*s", (int)(len - kl - 1), eq + 1);
		p += len + (p[len] == ',');
	}
	return NULL;
}

/* The keys of a property string other than those listed. */
static bool other_keys(const char *s, const char *keys)
{
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		if (eq) {
			char *k = xasprintf("%.*s", (int)(eq - p), p);
			bool known = in_list(k, keys);
			free(k);
			if (!known)
				return true;
		}
		p += len + (p[len] == ',');
	}
	return false;
}

/* MiB as pct's --memory takes them (Config.pm: integer, minimum 16). */
static const char *mib_words(struct ctx *c, const char *v)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 10);
	if (*v < '0' || *v > '9' || *end || n < 16 || n > (1ULL << 44)) {
		char *q = msg_quote(v);
		vm_error_set(c->err, VM_EXIT_USAGE, "invalid value %s for --memory of '%s': pct takes a whole number of MiB, "
			     "16 or more", q, c->who);
		free(q);
		return NULL;
	}
	return tr_keep(c->t, xasprintf("%lluM", n));
}

static int h_create(struct ctx *c, const struct pct_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	if (operands(c, 1, cmd->usage, cmd->needs) < 0)
		return -1;
	const char *tmpl = c->sc.ops[1];
	tr_word(&w, "--template");
	tr_word(&w, tmpl);
	const char *cores = nscan_value(&c->sc, O_CORES), *mem = nscan_value(&c->sc, O_MEMORY);
	if (cores) {
		tr_word(&w, "--vcpus");
		tr_word(&w, cores);
		tr_note(t, "a container has no vCPUs: --cores limits how many host CPUs it may run on");
	}
	if (mem) {
		const char *m = mib_words(c, mem);
		if (!m)
			return -1;
		tr_word(&w, "--memory");
		tr_word(&w, m);
	}
	bool net_other = false;
	for (size_t i = 0; i < c->sc.nopts; i++) {
		if (c->sc.opts[i].id != O_NET)
			continue;
		char *br = prop(c->sc.opts[i].value, "bridge");
		if (br && *br) {
			tr_word(&w, "--network");
			tr_word(&w, tr_keep(t, xasprintf("bridge=%s", br)));
		} else {
			tr_approx(t, "%s without bridge=: not translated", c->sc.opts[i].word);
		}
		net_other |= other_keys(c->sc.opts[i].value, "bridge name");
		free(br);
	}
	if (net_other)
		tr_approx(t, "the netN keys other than name= and bridge= (ip=, gw=, hwaddr=, ...) have no vmctl create "
			  "equivalent; translated without them");
	if (flag(c, O_START))
		tr_approx(t, "--start 1 also starts the container: vmctl start %s", t->req.guest);
	not_expressed(c, O_HOSTNAME, "the container's hostname");
	not_expressed(c, O_ONBOOT, "autostart: vmctl autostart");
	not_expressed(c, O_MP, "a mount point: vmctl disk-attach after create");
	not_expressed(c, O_DEV, "a device node: vmctl disk-attach after create");
	not_expressed(c, O_OTHER, "a container setting");
	not_expressed(c, O_UNUSED, "an unused volume");
	not_expressed(c, O_CREATE_OTHER, "where and how pct creates it");
	if (!strchr(tmpl, ':') && tmpl[0] != '/')
		tr_note(t, "pct takes the OS template as a volume (local:vztmpl/ARCHIVE) or a path");
	tr_word(&w, "--");
	tr_word(&w, t->req.guest);
	return tr_answer(&w, "create", c->err);
}

/* pct set VMID --mpN VOLUME,mp=PATH[,ro=1] or --devN PATH[,deny-write=1]:
 * vmctl disk-attach of a host path. */
static int set_disk(struct ctx *c, const struct nfound *o, struct tr_words *w)
{
	struct translation *t = c->t;
	char *src = prop(o->value, o->id == O_MP ? "volume" : "path");
	if (!src)
		src = prop(o->value, NULL);
	char *tgt = o->id == O_MP ? prop(o->value, "mp") : src ? xstrdup(src) : NULL;
	bool ro = false;
	char *r = prop(o->value, o->id == O_MP ? "ro" : "deny-write");
	ro = r && (strcmp(r, "1") == 0 || strcasecmp(r, "yes") == 0 || strcasecmp(r, "true") == 0 || strcasecmp(r, "on") == 0);
	free(r);
	int rc;
	if (!src || !tgt) {
		rc = vm_error_set(c->err, VM_EXIT_USAGE, "'%s %s' needs %s (pct refuses it)", c->who, o->word,
				  o->id == O_MP ? "a volume and mp=PATH" : "a device path");
	} else if (src[0] != '/') {
		rc = tr_unsupported(c->err, "'pct set %s %s' mounts a Proxmox volume (STORAGE:SIZE allocates a new one); vmctl "
				    "disk-attach takes a host path", o->word, o->value);
	} else {
		if (ro) {
			tr_word(w, "--mode");
			tr_word(w, "readonly");
		}
		if (other_keys(o->value, o->id == O_MP ? "volume mp ro" : "path deny-write"))
			tr_approx(t, "the keys of %s other than %s have no vmctl equivalent; translated without them", o->word,
				  o->id == O_MP ? "mp= and ro=" : "deny-write=");
		tr_approx(t, "the key %s: vmctl leaves the %s index to the backend", o->word + 2, o->id == O_MP ? "mount point's" : "device's");
		tr_word(w, "--");
		tr_word(w, t->req.guest);
		tr_word(w, tr_keep(t, src));
		tr_word(w, tr_keep(t, tgt));
		return tr_answer(w, "disk-attach", c->err);
	}
	free(src);
	free(tgt);
	return rc;
}

static int set_nic(struct ctx *c, const struct nfound *o, struct tr_words *w)
{
	struct translation *t = c->t;
	char *br = prop(o->value, "bridge"), *mac = prop(o->value, "hwaddr"), *name = prop(o->value, "name");
	int rc;
	if (!name) {
		rc = vm_error_set(c->err, VM_EXIT_USAGE, "'%s %s' needs name=IFNAME (pct says 'missing property - "
				  "missing value for required option 'name'')", c->who, o->word);
	} else if (!br || !*br) {
		rc = tr_unsupported(c->err, "'pct set %s' without bridge=: vmctl nic-attach joins a bridge (bridge=BR)",
				    o->word);
	} else {
		if (mac) {
			tr_word(w, "--mac");
			tr_word(w, tr_keep(t, mac));
			mac = NULL;
		}
		tr_approx(t, "the key %s and the interface name %s: vmctl leaves them to the backend", o->word + 2, name);
		if (other_keys(o->value, "name bridge hwaddr"))
			tr_approx(t, "the keys of %s other than name=, bridge= and hwaddr= (ip=, gw=, firewall=, ...) have no "
				  "vmctl equivalent; translated without them", o->word);
		tr_word(w, "--");
		tr_word(w, t->req.guest);
		tr_word(w, tr_keep(t, xasprintf("bridge=%s", br)));
		rc = tr_answer(w, "nic-attach", c->err);
	}
	free(br);
	free(mac);
	free(name);
	return rc;
}

/* pct set VMID --cores N | --memory MiB | --onboot B | --netN | --mpN |
 * --devN: the first of them is translated (pct set writes the config and
 * changes a running container: --live --config), every other option named. */
static int h_set(struct ctx *c, const struct pct_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	if (operands(c, 0, cmd->usage, NULL) < 0)
		return -1;
	const struct nfound *first = NULL;
	for (size_t i = 0; i < c->sc.nopts && !first; i++) {
		int id = c->sc.opts[i].id;
		if (id == O_CORES || id == O_MEMORY || id == O_ONBOOT || id == O_NET || id == O_MP || id == O_DEV)
			first = &c->sc.opts[i];
	}
	if (!c->sc.nopts)
		/* API2/LXC/Config.pm update_vm: "no options specified" */
		return vm_error_set(c->err, VM_EXIT_USAGE, "'pct set' needs an option to set (pct says 'no options "
				    "specified'); usage: %s", cmd->usage);
	if (!first) {
		if (nscan_count(&c->sc, O_HOSTNAME))
			/* Config.pm: hostname "Set a host name for the container" */
			return tr_unsupported(c->err, "'pct set --hostname' is not a rename: it sets the container's hostname "
					      "and the name pct list shows, the VMID stays; vmctl rename has no pct equivalent");
		if (nscan_count(&c->sc, O_DELETE))
			return tr_unsupported(c->err, "'pct set --delete' removes config keys (netN, mpN, ...) by name; vmctl "
					      "nic-detach takes a MAC and disk-detach a target: pct config shows which key "
					      "is which");
		struct strvec names = STRVEC_INIT;
		for (size_t i = 0; i < c->sc.nopts; i++)
			if (!names.n || strcmp(names.v[names.n - 1], c->sc.opts[i].word) != 0)
				strvec_push(&names, c->sc.opts[i].word);
		char *list = names.n ? join_words(names.v, names.n) : xstrdup("");
		tr_unsupported(c->err, "'pct set%s%s' has no vmctl equivalent; translate reads pct set --cores, --memory, "
			       "--onboot, --netN, --mpN and --devN", names.n ? " " : "", list);
		free(list);
		strvec_clear(&names);
		return -1;
	}
	for (size_t i = 0; i < c->sc.nopts; i++) {
		const struct nfound *o = &c->sc.opts[i];
		if (o == first)
			continue;
		tr_approx(t, "pct set also sets %s %s: vmctl sets one thing at a time", o->word, o->value);
	}
	if (first->id == O_ONBOOT) {
		tr_word(&w, "--");
		tr_word(&w, t->req.guest);
		tr_word(&w, strcmp(first->value, "1") == 0 ? "on" : "off");
		return tr_answer(&w, "autostart", c->err);
	}
	tr_word(&w, "--live");
	tr_word(&w, "--config");
	tr_note(t, "pct set writes the container's config and changes it when it runs: vmctl --live --config");
	if (first->id == O_NET)
		return set_nic(c, first, &w);
	if (first->id == O_MP || first->id == O_DEV)
		return set_disk(c, first, &w);
	const char *v = first->value;
	if (first->id == O_MEMORY && !(v = mib_words(c, v)))
		return -1;
	if (first->id == O_CORES)
		tr_note(t, "a container has no vCPUs: --cores limits how many host CPUs it may run on");
	tr_word(&w, "--");
	tr_word(&w, t->req.guest);
	tr_word(&w, v);
	return tr_answer(&w, first->id == O_CORES ? "vcpu-set" : "mem-set", c->err);
}

static const struct pct_cmd cmds[] = {
	{ "list", po_none, h_list, VERB_LIST, 0, "pct list", NULL },
	{ "status", po_status, h_status, VERB_INFO, 0, "pct status VMID [--verbose]", NULL },
	{ "config", po_config, h_config, VERB_CONFIG, 0, "pct config VMID [--current] [--snapshot NAME]", NULL },
	{ "start", po_start, h_simple, VERB_START, 0, "pct start VMID", NULL },
	{ "shutdown", po_shutdown, h_shutdown, VERB_STOP, 0, "pct shutdown VMID [--timeout SEC] [--forceStop 1]", NULL },
	{ "stop", po_stop, h_simple, VERB_KILL, 0, "pct stop VMID", NULL },
	{ "reboot", po_reboot, h_simple, VERB_REBOOT, 0, "pct reboot VMID [--timeout SEC]", NULL },
	{ "suspend", po_none, h_checkpoint, VERB_SAVE, 0, "pct suspend VMID", NULL },
	{ "resume", po_none, h_checkpoint, VERB_RESTORE, 0, "pct resume VMID", NULL },
	{ "console", po_console, h_simple, VERB_CONSOLE, 0, "pct console VMID [--escape KEY]", NULL },
	{ "enter", po_exec, h_enter, VERB_EXEC, 0, "pct enter VMID", NULL },
	{ "exec", po_exec, h_exec, VERB_EXEC, 0, "pct exec VMID -- COMMAND [ARG...]", NULL },
	{ "snapshot", po_snapshot, h_snapshot, VERB_SNAPSHOT, SNAPSHOT_CREATE, "pct snapshot VMID NAME", "a VMID and a snapshot name" },
	{ "listsnapshot", po_none, h_simple, VERB_SNAPSHOT, SNAPSHOT_LIST, "pct listsnapshot VMID", NULL },
	{ "rollback", po_rollback, h_snapshot, VERB_SNAPSHOT, SNAPSHOT_REVERT, "pct rollback VMID NAME [--start 1]", "a VMID and a snapshot name" },
	{ "delsnapshot", po_delsnap, h_snapshot, VERB_SNAPSHOT, SNAPSHOT_DELETE, "pct delsnapshot VMID NAME", "a VMID and a snapshot name" },
	{ "migrate", po_migrate, h_migrate, VERB_MIGRATE, 0, "pct migrate VMID NODE [--restart]", "a VMID and a node" },
	{ "destroy", po_destroy, h_destroy, VERB_DELETE, 0, "pct destroy VMID [--force 1] [--purge 1]", NULL },
	{ "create", NULL, h_create, VERB_CREATE, 0, "pct create VMID OSTEMPLATE [OPTIONS]", "a VMID and an OS template" },
	{ "set", NULL, h_set, VERB_VCPU_SET, 0, "pct set VMID --OPTION VALUE...", NULL },
};

static const struct nrefusal pct_refused[] = {
	{ "restore", "'pct restore' makes a container from a vzdump backup archive: a backup keeps the disks, not a "
		     "running state; vmctl restore reads what vmctl save wrote (pct resume)" },
	{ "resize", "'pct resize' grows a container's volume named by its key (rootfs, mpN); vmctl image-resize takes a "
		    "volume's path" },
	{ "cpusets", "'pct cpusets' prints the host CPUs of every running container; vmctl vcpu-list shows one guest's" },
	{ "clone", "'pct clone' copies a container; vmctl has no clone (vmctl create makes a new one)" },
	{ NULL, NULL },
};

static const struct nalias pct_aliases[] = {
	{ "kill", "pct has no kill; you mean pct stop (it kills the container at once)" },
	{ "halt", "pct has no halt; you mean pct shutdown (pct stop kills at once)" },
	{ "pause", "pct has no pause; a freeze is lxc-freeze -n VMID (pct suspend is a CRIU checkpoint to disk, vmctl save)" },
	{ "freeze", "pct has no freeze; you mean lxc-freeze -n VMID (pct suspend is a CRIU checkpoint to disk, vmctl save)" },
	{ "unpause", "pct has no unpause; you mean lxc-unfreeze -n VMID (pct resume restores a pct suspend checkpoint)" },
	{ "info", "pct has no info; you mean pct status VMID --verbose (or pct config VMID)" },
	{ "delete", "pct has no delete; you mean pct destroy VMID, which deletes the container and its volumes" },
	{ "remove", "pct has no remove; you mean pct destroy VMID, which deletes the container and its volumes" },
	{ "restart", "pct has no restart; you mean pct reboot" },
	{ "attach", "pct has no attach; you mean pct enter VMID (a shell) or pct exec VMID -- COMMAND" },
	{ "shell", "pct has no shell; you mean pct enter VMID" },
	{ NULL, NULL },
};

static const struct ntool pct_tool = {
	.kind = "pct command",
	.prefix = "pct ",
	.subject = "",
	.refused = pct_refused,
	.words = PCT_WORDS,
	.reads = PCT_READ,
	.aliases = pct_aliases,
};

/* The nscan table of a popt table: every option takes a value (the words
 * are canonical by then: a boolean's is 1 or 0); a new array. */
static struct nopt *scan_table(const struct popt *p)
{
	size_t n = 0;
	while (p[n].name)
		n++;
	struct nopt *o = xcalloc(n + 1, sizeof(*o));
	for (size_t i = 0; i < n; i++)
		o[i] = (struct nopt){ 0, p[i].name, true, p[i].id };
	return o;
}

int translate_pct(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	struct ctx c = { .t = t, .err = err };
	struct strvec words = STRVEC_INIT;
	struct nopt *spec = NULL;
	char *who = NULL;
	bool kept = false;
	int rc = -1;
	t->req.backend = BACKEND_LXC;
	if (argc < 2) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'pct' needs a command, such as pct start VMID");
		goto cleanup;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "help") == 0 || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "pct help prints pct's own text; nothing to translate");
		goto cleanup;
	}
	const struct pct_cmd *cmd = cmds;
	while (cmd < cmds + ARRAY_SIZE(cmds) && strcmp(cmd->name, sub) != 0)
		cmd++;
	if (cmd == cmds + ARRAY_SIZE(cmds)) {
		rc = tr_not_expressible(&pct_tool, sub, err);
		goto cleanup;
	}
	who = xasprintf("pct %s", sub);
	c.who = who;
	c.table = cmd->opts ? cmd->opts : pct_table(strcmp(sub, "set") == 0);
	if (canonical(&c, argc - 2, argv + 2, &words) < 0)
		goto cleanup;
	for (size_t i = 0; i < words.n; i++)
		words.v[i] = (char *)tr_keep(t, words.v[i]);
	kept = true;
	spec = scan_table(c.table);
	if (nscan(who, NSCAN_GNU, spec, (int)words.n, words.v, &c.sc, err) < 0)
		goto cleanup;
	rc = cmd->run(&c, cmd);
cleanup:
	/* the words now belong to t (tr_keep); only the array goes */
	if (kept)
		words.n = 0;
	strvec_clear(&words);
	free(spec);
	free(who);
	nscan_clear(&c.sc);
	return rc;
}
