/* vagrant.c: reads vagrant commands (Vagrant 2.3).  Each command parses
 * with Ruby's OptionParser#parse! after bin/vagrant took out its own flags
 * (--debug, --timestamp, --debug-timestamp, --no-color, --color,
 * --machine-readable, --no-tty; -v and --version print the version) from
 * the words before "--" (hashicorp/vagrant v2.3.4 bin/vagrant): options
 * anywhere, short ones clustered, long ones by any unique prefix, "--" ends
 * them (lib/vagrant/plugin/v2/command.rb parse_options).  The operands are
 * machine names of the Vagrantfile in the current directory (or ids from
 * vagrant global-status); a name between slashes is a regular expression
 * (with_target_vms); none is every machine of the Vagrantfile.
 *
 * The false friends (checked as src/explain/vagrant.c says): vagrant destroy
 * deletes the machine, vagrant halt is the clean stop that powers off after
 * config.vm.graceful_halt_timeout (halt -f powers off at once), vagrant
 * suspend saves to disk under VirtualBox but pauses in memory under
 * vagrant-libvirt, vagrant up creates and provisions a machine that does not
 * exist, vagrant reload is halt then up. */
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "quote.h"
#include "translate_internal.h"
#include "validate.h"

#define VAGRANT_WORDS                                                                                   \
	"autocomplete box cloud destroy global-status halt help init login package plugin port powershell " \
	"provision push rdp reload resume serve snapshot ssh ssh-config status suspend up upload validate "  \
	"version winrm winrm-config cap list-commands provider"
#define VAGRANT_READ                                                                                    \
	"vagrant up, halt, destroy, suspend, resume, reload, status, global-status, ssh and snapshot save, " \
	"push, list, restore, delete"

enum {
	G_LOG = 1, /* bin/vagrant's output flags */
	G_HELP,
	G_VERSION,
	G_FORCE,
	G_PROVISION,   /* --[no-]provision, --provision-with */
	G_PARALLEL,
	G_PROVIDER,
	G_INSTALL,     /* --[no-]install-provider */
	G_DESTROY_ERR, /* --[no-]destroy-on-error */
	G_GRACEFUL,
	G_ALL_GLOBAL,
	G_PRUNE,
	G_COMMAND,
	G_PLAIN,
	G_TTY,
	G_NO_START,
	G_NO_DELETE,
};

#define COMMON                                                                                          \
	{ 0, "debug", false, G_LOG }, { 0, "timestamp", false, G_LOG }, { 0, "debug-timestamp", false, G_LOG }, \
	{ 0, "no-color", false, G_LOG }, { 0, "color", false, G_LOG }, { 0, "machine-readable", false, G_LOG }, \
	{ 0, "no-tty", false, G_LOG }, { 'h', "help", false, G_HELP }, { 'v', "version", false, G_VERSION }
/* plugins/commands/up/start_mixins.rb build_start_options */
#define START                                                                                           \
	{ 0, "provision", false, G_PROVISION }, { 0, "no-provision", false, G_PROVISION },                   \
	{ 0, "provision-with", true, G_PROVISION }

static const struct nopt o_plain[] = { COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_up[] = {
	START, { 0, "destroy-on-error", false, G_DESTROY_ERR }, { 0, "no-destroy-on-error", false, G_DESTROY_ERR },
	{ 0, "parallel", false, G_PARALLEL }, { 0, "no-parallel", false, G_PARALLEL }, { 0, "provider", true, G_PROVIDER },
	{ 0, "install-provider", false, G_INSTALL }, { 0, "no-install-provider", false, G_INSTALL }, COMMON,
	{ 0, NULL, false, 0 } };
static const struct nopt o_halt[] = { { 'f', "force", false, G_FORCE }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_destroy[] = {
	{ 'f', "force", false, G_FORCE }, { 0, "parallel", false, G_PARALLEL }, { 0, "no-parallel", false, G_PARALLEL },
	{ 'g', "graceful", false, G_GRACEFUL }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_suspend[] = { { 'a', "all-global", false, G_ALL_GLOBAL }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_resume[] = { START, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_reload[] = { START, { 'f', "force", false, G_FORCE }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_global_status[] = { { 0, "prune", false, G_PRUNE }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_ssh[] = {
	{ 'c', "command", true, G_COMMAND }, { 'p', "plain", false, G_PLAIN }, { 't', "tty", false, G_TTY },
	{ 0, "no-tty", false, G_TTY }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_snap_save[] = { { 'f', "force", false, G_FORCE }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_snap_restore[] = { START, { 0, "no-start", false, G_NO_START }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_snap_pop[] = {
	START, { 0, "no-start", false, G_NO_START }, { 0, "no-delete", false, G_NO_DELETE }, COMMON, { 0, NULL, false, 0 } };

struct ctx {
	const char *who; /* "vagrant halt", "vagrant snapshot save" */
	const char *usage;
	struct nscan sc;
	char **extra;    /* vagrant ssh: the words after "--" */
	size_t nextra;
	struct translation *t;
	struct vm_error *err;
};

struct vg_cmd {
	const char *name;
	const struct nopt *opts;
	const char *usage;
	int (*run)(struct ctx *c, const struct vg_cmd *cmd);
	const char *verb; /* the vmctl verb */
	enum vm_snapshot_op op; /* vagrant snapshot SUB */
};

static void not_expressed(struct ctx *c, int id, const char *what)
{
	tr_not_expressed(c->t, &c->sc, id, what);
}

/* The characters Ruby's Regexp.escape backslashes (the ones explain's
 * vagrant ssh '/\A...\z/' writes). */
#define RX_ESCAPED "[]{}()|-*.\\?+^$#/ "
#define RX_SPECIAL ".*?+^$|()[]{}\\"

/* /\A...\z/ matching one name only: that name (a new string), else NULL. */
static char *exact_regex(const char *w)
{
	size_t n = strlen(w);
	if (n < 7 || strncmp(w, "/\\A", 3) != 0 || strcmp(w + n - 3, "\\z/") != 0)
		return NULL;
	char *out = xcalloc(n, 1), *p = out;
	for (const char *s = w + 3; s < w + n - 3; s++) {
		if (*s == '\\') {
			if (s + 1 >= w + n - 3 || !strchr(RX_ESCAPED, s[1]) || !s[1])
				goto fail;
			*p++ = *++s;
		} else if (strchr(RX_SPECIAL, *s)) {
			goto fail;
		} else {
			*p++ = *s;
		}
	}
	if (p == out)
		goto fail;
	return out;
fail:
	free(out);
	return NULL;
}

/* The machine the operands name: 0 with *name set (NULL: none given, the
 * Vagrantfile's every machine), or -1. */
static int machine(struct ctx *c, size_t first, const char **name)
{
	struct translation *t = c->t;
	size_t n = c->sc.nops > first ? c->sc.nops - first : 0;
	*name = NULL;
	if (n == 0)
		return 0;
	if (n > 1)
		return tr_unsupported(c->err, "'%s' names %zu machines; vmctl acts on one guest (one command per machine)",
				      c->who, n);
	const char *w = c->sc.ops[first];
	size_t len = strlen(w);
	if (len >= 3 && w[0] == '/' && w[len - 1] == '/') {
		char *one = exact_regex(w);
		if (!one) {
			char *q = msg_quote(w);
			tr_unsupported(c->err, "'%s' reads the name %s as a regular expression, which may match several "
				       "machines; vmctl names one guest", c->who, q);
			free(q);
			return -1;
		}
		w = tr_keep(t, one);
		char *q = msg_quote(c->sc.ops[first]);
		tr_note(t, "the regular expression %s matches the machine %s only", q, w);
		free(q);
	}
	if (tr_guest(t, w, c->err) < 0)
		return -1;
	*name = w;
	tr_note(t, "vagrant reads %s as a machine of the Vagrantfile in the current directory (or an id from vagrant "
		"global-status)", w);
	return 0;
}

/* The answer "VERB [--all | -- NAME]" (with opts before it). */
static int answer(struct ctx *c, const char *verb, const char *opt, const char *name)
{
	struct tr_words w = { .t = c->t };
	if (opt)
		tr_word(&w, opt);
	if (!name) {
		tr_word(&w, "--all");
		tr_approx(c->t, "without a machine name vagrant acts on every machine of the Vagrantfile in the current "
			  "directory; vmctl --all acts on every guest of the host");
	} else {
		tr_word(&w, "--");
		tr_word(&w, name);
	}
	return tr_answer(&w, verb, c->err);
}

static void provisioning(struct ctx *c)
{
	not_expressed(c, G_PROVISION, "whether the provisioners run");
}

static int v_up(struct ctx *c, const struct vg_cmd *cmd)
{
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	tr_approx(c->t, "false friend: vagrant up also creates the machine when it does not exist and provisions it the "
		  "first time (vmctl start fails with exit 3)");
	provisioning(c);
	not_expressed(c, G_PROVIDER, "the provider that backs the machine");
	not_expressed(c, G_INSTALL, "whether vagrant installs the provider");
	not_expressed(c, G_DESTROY_ERR, "whether a machine that fails to come up is destroyed");
	if (nscan_count(&c->sc, G_PARALLEL))
		tr_note(c->t, "--parallel and --no-parallel only choose how several machines come up");
	return answer(c, cmd->verb, NULL, name);
}

static int v_halt(struct ctx *c, const struct vg_cmd *cmd)
{
	(void)cmd;
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	if (nscan_count(&c->sc, G_FORCE)) {
		tr_note(c->t, "false friend: vagrant halt -f powers the machine off and keeps it; vagrant destroy deletes it");
		return answer(c, "kill", NULL, name);
	}
	tr_note(c->t, "vagrant halt asks the guest to shut down and powers it off after config.vm.graceful_halt_timeout "
		"(60 s unless the Vagrantfile sets it): vmctl stop --force");
	tr_note(c->t, "false friend: vagrant halt is the clean stop; vagrant destroy deletes the machine");
	return answer(c, "stop", "--force", name);
}

static int v_destroy(struct ctx *c, const struct vg_cmd *cmd)
{
	struct translation *t = c->t;
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	if (!name)
		return tr_unsupported(c->err, "'vagrant destroy' without a name destroys every machine of the Vagrantfile; "
				      "vmctl delete takes one guest");
	tr_note(t, "false friend: vagrant destroy deletes the machine with its disks; vagrant halt only stops it "
		"(virsh destroy and xl destroy only power off: vmctl kill)");
	if (!nscan_count(&c->sc, G_FORCE))
		tr_note(t, "without -f vagrant destroy asks before destroying; vmctl delete does not ask");
	if (nscan_count(&c->sc, G_GRACEFUL))
		tr_approx(t, "-g shuts a running machine down cleanly before destroying it; vmctl delete --force kills it");
	if (nscan_count(&c->sc, G_PARALLEL))
		tr_note(t, "--parallel and --no-parallel only choose how several machines are destroyed");
	struct tr_words w = { .t = t };
	tr_word(&w, "--force");
	tr_word(&w, "--storage");
	tr_word(&w, "--");
	tr_word(&w, name);
	return tr_answer(&w, cmd->verb, c->err);
}

static int v_suspend(struct ctx *c, const struct vg_cmd *cmd)
{
	struct translation *t = c->t;
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	bool global = nscan_count(&c->sc, G_ALL_GLOBAL);
	if (global && name)
		tr_note(t, "-a suspends every running machine vagrant knows: the name %s is not used", name);
	tr_approx(t, "false friend: vagrant suspend pauses in memory under vagrant-libvirt (libvirt's suspend) but saves "
		  "the machine to disk under VirtualBox (vmctl save)");
	if (global) {
		struct tr_words w = { .t = t };
		tr_word(&w, "--all");
		tr_approx(t, "-a suspends every running machine vagrant knows (vagrant global-status), of every Vagrantfile");
		return tr_answer(&w, cmd->verb, c->err);
	}
	return answer(c, cmd->verb, NULL, name);
}

static int v_resume(struct ctx *c, const struct vg_cmd *cmd)
{
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	tr_approx(c->t, "vagrant resume undoes vagrant suspend: a pause in memory under vagrant-libvirt, a state saved "
		  "to disk under VirtualBox");
	provisioning(c);
	return answer(c, cmd->verb, NULL, name);
}

static int v_reload(struct ctx *c, const struct vg_cmd *cmd)
{
	struct translation *t = c->t;
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	if (!name)
		return tr_unsupported(c->err, "'vagrant reload' without a name reloads every machine of the Vagrantfile; "
				      "vmctl reboot takes one guest");
	tr_approx(t, "false friend: vagrant reload is vagrant halt then vagrant up: it re-reads the Vagrantfile and "
		  "applies its changes; vmctl reboot asks the guest to reboot");
	if (nscan_count(&c->sc, G_FORCE))
		tr_approx(t, "-f powers the machine off instead of shutting it down");
	provisioning(c);
	return answer(c, cmd->verb, NULL, name);
}

static int v_status(struct ctx *c, const struct vg_cmd *cmd)
{
	(void)cmd;
	struct translation *t = c->t;
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	struct tr_words w = { .t = t };
	if (!name) {
		tr_approx(t, "vagrant status lists the machines of the Vagrantfile in the current directory; vmctl list "
			  "lists every guest of the host");
		return tr_answer(&w, "list", c->err);
	}
	tr_approx(t, "vagrant status shows the machine's state and provider; vmctl info also shows its vCPUs, memory and "
		  "UUID");
	tr_word(&w, "--");
	tr_word(&w, name);
	return tr_answer(&w, "info", c->err);
}

static int v_global_status(struct ctx *c, const struct vg_cmd *cmd)
{
	(void)cmd;
	struct translation *t = c->t;
	if (c->sc.nops > 0) {
		char *q = msg_quote(c->sc.ops[0]);
		tr_note(t, "vagrant global-status ignores %s", q);
		free(q);
	}
	tr_approx(t, "vagrant global-status lists the machines vagrant has made on this host, from a cache that may be "
		  "stale; vmctl list asks the host");
	if (nscan_count(&c->sc, G_PRUNE))
		tr_note(t, "--prune also drops the cache's stale entries");
	struct tr_words w = { .t = t };
	return tr_answer(&w, "list", c->err);
}

/* Whether sh would do more with line than split it into words. */
static bool shell_syntax(const char *line)
{
	bool sq = false, dq = false;
	if (memchr(line, '=', strcspn(line, " \t'\"\\")))
		return true; /* an assignment */
	for (const char *p = line; *p; p++) {
		if (sq) {
			sq = *p != '\'';
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '\'' && !dq) {
			sq = true;
		} else if (*p == '"') {
			dq = !dq;
		} else if (strchr(dq ? "$`!" : "$`|;&<>()*?[]~{}!#\n", *p)) {
			return true;
		}
	}
	return false;
}

static int v_ssh(struct ctx *c, const struct vg_cmd *cmd)
{
	(void)cmd;
	struct translation *t = c->t;
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	if (!name)
		return tr_unsupported(c->err, "'vagrant ssh' without a name needs a Vagrantfile of one machine; vmctl "
				      "names the guest: give the machine's name");
	if (c->nextra) {
		char *line = join_words(c->extra, c->nextra);
		char *q = msg_quote(line);
		tr_approx(t, "the words after -- are ssh's own arguments (%s): vmctl has no equivalent", q);
		free(q);
		free(line);
	}
	if (nscan_count(&c->sc, G_PLAIN))
		tr_approx(t, "-p (plain) leaves the login to you: no vagrant key");
	if (nscan_count(&c->sc, G_TTY))
		tr_note(t, "-t and --no-tty only choose whether ssh gets a terminal");
	const char *command = nscan_value(&c->sc, G_COMMAND);
	struct tr_words w = { .t = t };
	tr_word(&w, "--");
	tr_word(&w, name);
	if (!command) {
		tr_approx(t, "vagrant ssh is an SSH session as the vagrant user, not the machine's console");
		return tr_answer(&w, "console", c->err);
	}
	tr_approx(t, "vagrant ssh -c runs the command line through the guest's shell over SSH, as the vagrant user; "
		  "vmctl exec runs the command itself");
	tr_word(&w, "--");
	struct strvec words = STRVEC_INIT;
	struct vm_error serr = { 0 };
	if (shell_syntax(command) || split_words(command, &words, &serr) < 0 || words.n == 0) {
		tr_word(&w, "sh");
		tr_word(&w, "-c");
		tr_word(&w, command);
	} else {
		tr_note(t, "the guest's shell splits the command line into words: vmctl exec gets those words");
		for (size_t i = 0; i < words.n; i++)
			tr_word(&w, tr_keep(t, xstrdup(words.v[i])));
	}
	strvec_clear(&words);
	return tr_answer(&w, "exec", c->err);
}

/* vagrant snapshot SUB [options] [vm-name] <name>: the last operand is the
 * snapshot (plugins/commands/snapshot/command/save.rb: name = argv.pop). */
static int v_snapshot(struct ctx *c, const struct vg_cmd *cmd)
{
	struct translation *t = c->t;
	bool named = strcmp(cmd->name, "save") == 0 || strcmp(cmd->name, "restore") == 0 ||
		     strcmp(cmd->name, "delete") == 0;
	if (named && (c->sc.nops == 0 || c->sc.nops > 2))
		return tr_usage(c->err, c->who, c->sc.nops ? "at most a machine and a snapshot name"
							     : "a snapshot name", c->usage);
	const char *snap = named ? c->sc.ops[c->sc.nops - 1] : NULL;
	if (named)
		c->sc.nops--;
	const char *name;
	if (machine(c, 0, &name) < 0)
		return -1;
	if (!name)
		return tr_unsupported(c->err, "'%s' without a machine name acts on every machine of the Vagrantfile; vmctl "
				      "snapshot takes one guest", c->who);
	if (strcmp(cmd->name, "pop") == 0)
		return tr_unsupported(c->err, "'vagrant snapshot pop' restores the last snapshot pushed and deletes it; "
				      "vmctl names the snapshot: vmctl snapshot revert %s NAME, then vmctl snapshot delete",
				      name);
	if (snap && validate_name(snap, "snapshot name", c->err) < 0)
		return -1;
	t->req.verb = VERB_SNAPSHOT;
	t->req.snapshot_op = cmd->op;
	t->req.snapshot = snap;
	if (strcmp(cmd->name, "push") == 0)
		tr_note(t, "vagrant snapshot push names the snapshot itself");
	if (nscan_count(&c->sc, G_FORCE))
		tr_approx(t, "-f replaces a snapshot of that name; vmctl snapshot create refuses a name that exists");
	if (strcmp(cmd->name, "restore") == 0) {
		tr_approx(t, "vagrant snapshot restore starts the machine afterwards (unless --no-start), whatever state the "
			  "snapshot was taken in");
		provisioning(c);
	}
	return 0;
}

static const struct vg_cmd cmds[] = {
	{ "up", o_up, "vagrant up [options] [name|id]", v_up, "start", 0 },
	{ "halt", o_halt, "vagrant halt [-f] [name|id]", v_halt, "stop", 0 },
	{ "destroy", o_destroy, "vagrant destroy [-f] [-g] [name|id]", v_destroy, "delete", 0 },
	{ "suspend", o_suspend, "vagrant suspend [-a] [name|id]", v_suspend, "pause", 0 },
	{ "resume", o_resume, "vagrant resume [vm-name]", v_resume, "resume", 0 },
	{ "reload", o_reload, "vagrant reload [-f] [vm-name]", v_reload, "reboot", 0 },
	{ "status", o_plain, "vagrant status [name|id]", v_status, NULL, 0 },
	{ "global-status", o_global_status, "vagrant global-status [--prune]", v_global_status, NULL, 0 },
	{ "ssh", o_ssh, "vagrant ssh [-c COMMAND] [name|id] [-- extra ssh args]", v_ssh, NULL, 0 },
};

static const struct vg_cmd snapshot_cmds[] = {
	{ "save", o_snap_save, "vagrant snapshot save [-f] [vm-name] <name>", v_snapshot, NULL, SNAPSHOT_CREATE },
	{ "push", o_plain, "vagrant snapshot push [vm-name]", v_snapshot, NULL, SNAPSHOT_CREATE },
	{ "list", o_plain, "vagrant snapshot list [vm-name]", v_snapshot, NULL, SNAPSHOT_LIST },
	{ "restore", o_snap_restore, "vagrant snapshot restore [--no-start] [vm-name] <name>", v_snapshot, NULL,
	  SNAPSHOT_REVERT },
	{ "delete", o_plain, "vagrant snapshot delete [vm-name] <name>", v_snapshot, NULL, SNAPSHOT_DELETE },
	{ "pop", o_snap_pop, "vagrant snapshot pop [--no-delete] [--no-start] [vm-name]", v_snapshot, NULL,
	  SNAPSHOT_CREATE },
};

static const struct nalias vagrant_aliases[] = {
	{ "start", "vagrant has no start; you mean vagrant up (which also creates the machine)" },
	{ "stop", "vagrant has no stop; you mean vagrant halt (vagrant destroy deletes the machine)" },
	{ "shutdown", "vagrant has no shutdown; you mean vagrant halt" },
	{ "kill", "vagrant has no kill; you mean vagrant halt -f (vagrant destroy deletes the machine)" },
	{ "poweroff", "vagrant has no poweroff; you mean vagrant halt -f" },
	{ "reboot", "vagrant has no reboot; you mean vagrant reload (halt then up)" },
	{ "restart", "vagrant has no restart; you mean vagrant reload (halt then up)" },
	{ "pause", "vagrant has no pause; you mean vagrant suspend" },
	{ "unpause", "vagrant has no unpause; you mean vagrant resume" },
	{ "delete", "vagrant has no delete; you mean vagrant destroy" },
	{ "remove", "vagrant has no remove; you mean vagrant destroy" },
	{ "list", "vagrant has no list; you mean vagrant status (this Vagrantfile) or vagrant global-status" },
	{ "info", "vagrant has no info; you mean vagrant status NAME" },
	{ "console", "vagrant has no console; you mean vagrant ssh" },
	{ "exec", "vagrant has no exec; you mean vagrant ssh NAME -c COMMAND" },
	{ NULL, NULL },
};

static const struct nrefusal vagrant_refused[] = {
	/* plugins/commands/push/command.rb: config.push, a deployment */
	{ "push", "'vagrant push' deploys the application with the Vagrantfile's config.push strategy; it has no vmctl "
		  "equivalent (vagrant snapshot push takes a snapshot)" },
	{ "provision", "'vagrant provision' runs the Vagrantfile's provisioners in the running machine; it has no vmctl "
		       "equivalent (vmctl exec runs one command)" },
	{ "init", "'vagrant init' writes a Vagrantfile; it has no vmctl equivalent (vmctl create defines a guest)" },
	{ NULL, NULL },
};

static const struct ntool vagrant_tool = {
	.kind = "vagrant command",
	.prefix = "vagrant ",
	.subject = "",
	.refused = vagrant_refused,
	.words = VAGRANT_WORDS,
	.reads = VAGRANT_READ,
	.aliases = vagrant_aliases,
	.unknown_says_reads = false,
};

static const struct ntool snapshot_tool = {
	.kind = "vagrant snapshot subcommand",
	.prefix = "vagrant snapshot ",
	.subject = "",
	.words = "save push pop list restore delete",
	.reads = VAGRANT_READ,
	.unknown_says_reads = false,
};

int translate_vagrant(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	/* bin/vagrant: the words after "--" are kept apart, -v/--version before
	 * it prints the version; the subcommand is the first word not
	 * beginning with '-'. */
	int end = argc;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			end = i;
			break;
		}
	int at = 1;
	while (at < end && argv[at][0] == '-')
		at++;
	for (int i = 1; i < end; i++)
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--version") == 0)
			return vm_error_set(err, VM_EXIT_USAGE, "'vagrant %s' prints vagrant's version; nothing to translate",
					    argv[i]);
	if (at >= end)
		return vm_error_set(err, VM_EXIT_USAGE, "'vagrant' needs a command, such as vagrant up");
	const char *word = argv[at];
	const struct vg_cmd *cmd = NULL;
	int snap_at = 0;
	char who[64];
	if (strcmp(word, "snapshot") == 0) {
		int sub = at + 1;
		while (sub < end && argv[sub][0] == '-')
			sub++;
		if (sub >= end)
			return vm_error_set(err, VM_EXIT_USAGE, "'vagrant snapshot' needs a subcommand: save, push, pop, "
					    "list, restore or delete");
		for (size_t i = 0; i < ARRAY_SIZE(snapshot_cmds); i++)
			if (strcmp(snapshot_cmds[i].name, argv[sub]) == 0)
				cmd = &snapshot_cmds[i];
		if (!cmd)
			return tr_not_expressible(&snapshot_tool, argv[sub], err);
		/* the words between "snapshot" and its subcommand are snapshot's
		 * own, which takes -h only (snapshot/command/root.rb) */
		for (int i = at + 1; i < sub; i++)
			if (strcmp(argv[i], "-h") != 0 && strcmp(argv[i], "--help") != 0)
				return vm_error_set(err, VM_EXIT_USAGE, "unknown option '%s' for 'vagrant snapshot'", argv[i]);
		if (sub > at + 1)
			return vm_error_set(err, VM_EXIT_USAGE, "'vagrant snapshot --help' prints vagrant's own help; nothing "
					    "to translate");
		snap_at = at;
		at = sub;
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
			if (strcmp(cmds[i].name, word) == 0)
				cmd = &cmds[i];
		if (!cmd)
			return tr_not_expressible(&vagrant_tool, word, err);
	}
	snprintf(who, sizeof(who), "vagrant %s%s", cmd->run == v_snapshot ? "snapshot " : "", cmd->name);
	struct ctx c = { .who = who, .usage = cmd->usage, .t = t, .err = err };
	/* the options: the words before the command (bin/vagrant's) and after */
	int n = 0;
	char **words = xcalloc((size_t)argc + 1, sizeof(*words));
	for (int i = 1; i < argc; i++) {
		if (i == at || i == snap_at)
			continue;
		if (cmd->run == v_ssh && i == end) {
			c.extra = argv + end + 1;
			c.nextra = (size_t)(argc - end - 1);
			break;
		}
		words[n++] = argv[i];
	}
	int rc = -1;
	if (nscan(who, NSCAN_GNU, cmd->opts, n, words, &c.sc, err) < 0)
		goto cleanup;
	if (nscan_count(&c.sc, G_HELP)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'%s --help' prints vagrant's own help; nothing to translate", who);
		goto cleanup;
	}
	if (nscan_count(&c.sc, G_LOG))
		tr_note(t, "--debug, --timestamp, --no-color, --color, --machine-readable and --no-tty only change what "
			"vagrant prints");
	rc = cmd->run(&c, cmd);
cleanup:
	nscan_clear(&c.sc);
	free(words);
	return rc;
}
