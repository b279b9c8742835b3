/* incus.c: reads the incus client's commands (Incus 6.x).  Checked against
 * the source only (incus is not packaged in Debian 12): lxc/incus
 * cmd/incus at tag v6.0.0 (714bcc5e42b189f54025b8567df1f3408a1cae2c), top
 * (6.2) and wait (6.21) at the later 6.x tags.  incus parses with cobra and
 * pflag: the global flags of main.go anywhere, each command's flags
 * anywhere before "--" (exec included), -abc clusters, --flag=value.  pflag
 * takes no abbreviated long flags where nscan does, and --console takes
 * its type only as --console=TYPE (NoOptDefVal), as here.  The LXD client
 * `lxc` is refused by translate.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "incus.h"
#include "quote.h"
#include "validate.h"

const char *incus_instance(struct ictx *c, const char *op)
{
	const char *colon = strchr(op, ':');
	if (!colon)
		return op;
	const char *name = colon + 1;
	char *remote = xasprintf("%.*s", (int)(colon - op), op);
	if (*name == '\0') {
		vm_error_set(c->err, VM_EXIT_USAGE, "'%s' needs an instance after the remote %s:; usage: %s", c->who,
			     remote, c->cmd->usage);
		free(remote);
		return NULL;
	}
	if (strcmp(remote, "local") != 0)
		tr_approx(c->t, "%s: is the incus remote %s; vmctl acts on its own connection: translated as the guest %s",
			  remote, remote, name);
	free(remote);
	return name;
}

void incus_not_expressed(struct ictx *c, int id, const char *what)
{
	tr_not_expressed(c->t, &c->sc, id, what);
}

static bool has(struct ictx *c, int id)
{
	return nscan_count(&c->sc, id) > 0;
}

/* One instance, or --all with remotes only (the state commands of
 * action.go: "Both --all and instance name given"). */
static int one_or_all(struct ictx *c, struct tr_words *w, const char **name, const char *verb)
{
	*name = NULL;
	if (has(c, I_ALL)) {
		for (size_t i = 0; i < c->sc.nops; i++) {
			const char *op = c->sc.ops[i];
			size_t n = strlen(op);
			if (n == 0 || op[n - 1] != ':')
				return vm_error_set(c->err, VM_EXIT_USAGE, "Both --all and instance name given");
			if (strcmp(op, "local:") != 0)
				tr_approx(c->t, "%s is an incus remote; vmctl --all acts on its own connection", op);
		}
		tr_word(w, "--all");
		return 0;
	}
	if (c->sc.nops == 0)
		return tr_usage(c->err, c->who, "an instance (or --all)", c->cmd->usage);
	if (c->sc.nops > 1)
		return tr_unsupported(c->err, "'%s' of %zu instances: vmctl %s takes one guest (one command each, or --all)",
				      c->who, c->sc.nops, verb);
	*name = incus_instance(c, c->sc.ops[0]);
	return *name ? 0 : -1;
}

static void guest_word(struct tr_words *w, const char *name)
{
	if (name) {
		tr_word(w, "--");
		tr_word(w, name);
	}
}

static int console_type(struct ictx *c)
{
	if (c->console && strcmp(c->console, "console") != 0 && strcmp(c->console, "vga") != 0)
		return vm_error_set(c->err, VM_EXIT_USAGE, "Unknown console type %s: 'console' or 'vga'", c->console);
	return 0;
}

static int i_start(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name;
	if (console_type(c) < 0)
		return -1;
	if (c->console) {
		if (has(c, I_ALL))
			return vm_error_set(c->err, VM_EXIT_USAGE, "--console can't be used with --all");
		tr_word(&w, "--console");
		if (strcmp(c->console, "vga") == 0)
			tr_approx(c->t, "--console=vga opens a VM's screen; vmctl start --console attaches the text console");
	}
	if (one_or_all(c, &w, &name, "start") < 0)
		return -1;
	incus_not_expressed(c, I_STATELESS, "start afresh, dropping the state incus stop --stateful kept");
	/* cmd/incus/action.go doAction: "start" for a frozen instance means "unfreeze" */
	tr_note(c->t, "false friend: incus start of a paused (frozen) instance resumes it; vmctl start does not");
	guest_word(&w, name);
	return tr_answer(&w, "start", c->err);
}

/* cmd/incusd/instance_state.go doInstanceStatePut: --force is a kill
 * whatever --timeout says, --timeout 0 too, and no --timeout (-1) is a
 * shutdown given 600 s that fails, without a kill, when they pass. */
static int i_stop(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name, *tv = nscan_value(&c->sc, I_TIMEOUT);
	long timeout = -1;
	if (tv) {
		char *end;
		timeout = strtol(tv, &end, 10);
		if (!*tv || *end || timeout < -1 || timeout > 86400)
			return vm_error_set(c->err, VM_EXIT_USAGE, "invalid argument \"%s\" for \"--timeout\" flag of 'incus stop': "
					    "a number of seconds", tv);
	}
	if (console_type(c) < 0)
		return -1;
	if (has(c, I_FORCE) && c->console)
		return vm_error_set(c->err, VM_EXIT_USAGE, "--console can't be used while forcing instance shutdown");
	if (has(c, I_STATEFUL))
		return tr_unsupported(c->err, "'incus stop --stateful' keeps the running state with the instance (incus start "
				      "restores it); vmctl save writes it to a PATH: vmctl save GUEST PATH");
	if (one_or_all(c, &w, &name, "stop") < 0)
		return -1;
	if (c->console)
		tr_approx(c->t, "--console (attach to the console while it stops) has no vmctl equivalent; translated without it");
	guest_word(&w, name);
	if (has(c, I_FORCE) || timeout == 0) {
		if (has(c, I_FORCE) && tv)
			tr_note(c->t, "incus stop --force kills at once: incusd ignores --timeout with it");
		if (!has(c, I_FORCE))
			tr_note(c->t, "false friend: incus stop --timeout 0 kills the instance (incusd reads a zero timeout as "
				"a forced stop)");
		tr_note(c->t, "incus stop --force kills the instance and keeps it; incus delete deletes one");
		return tr_answer(&w, "kill", c->err);
	}
	struct tr_words s = { .t = c->t };
	tr_word(&s, "--timeout");
	if (timeout < 0) {
		tr_word(&s, "600");
		tr_note(c->t, "false friend: incus stop without --timeout sets no limit of its own; incusd gives up after "
			"600 s and fails, never kills: vmctl stop --timeout 600");
	} else {
		tr_word(&s, tv);
	}
	for (int i = 0; i < w.n; i++)
		tr_word(&s, w.v[i]);
	return tr_answer(&s, "stop", c->err);
}

static int i_restart(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name;
	if (has(c, I_ALL))
		return tr_unsupported(c->err, "'incus restart --all' restarts every instance; vmctl reboot takes one guest");
	if (console_type(c) < 0 || one_or_all(c, &w, &name, "reboot") < 0)
		return -1;
	if (has(c, I_FORCE))
		tr_approx(c->t, "incus restart --force resets the instance at once; vmctl reboot asks the guest");
	else
		incus_not_expressed(c, I_TIMEOUT, "how long the shutdown may take");
	if (c->console)
		tr_approx(c->t, "--console (attach to the console once restarted) has no vmctl equivalent; translated without it");
	guest_word(&w, name);
	return tr_answer(&w, "reboot", c->err);
}

static int i_pause(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name;
	bool pause = strcmp(c->cmd->path, "pause") == 0 || strcmp(c->cmd->path, "freeze") == 0;
	if (one_or_all(c, &w, &name, pause ? "pause" : "resume") < 0)
		return -1;
	if (pause)
		tr_note(c->t, "incus pause freezes the instance in memory (a VM too); xe vm-suspend, vzctl suspend and "
			"openstack server suspend save to disk");
	guest_word(&w, name);
	return tr_answer(&w, pause ? "pause" : "resume", c->err);
}

static int i_list(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *cols = nscan_value(&c->sc, I_COLUMNS), *fmt = nscan_value(&c->sc, I_FORMAT);
	for (size_t i = 0; i < c->sc.nops; i++) {
		const char *op = c->sc.ops[i];
		size_t n = strlen(op);
		if (i == 0 && n && op[n - 1] == ':' && !strchr(op, '=')) {
			if (strcmp(op, "local:") != 0)
				tr_approx(c->t, "%s is an incus remote; vmctl lists the guests of its own connection", op);
			continue;
		}
		char *q = msg_quote(op);
		tr_approx(c->t, "the filter %s has no vmctl equivalent: vmctl list shows every guest", q);
		free(q);
	}
	if (cols && strcmp(cols, "n") == 0 && fmt && strcmp(fmt, "csv") == 0) {
		tr_word(&w, "--name");
	} else {
		if (cols || has(c, I_FAST))
			tr_note(c->t, "--columns and --fast only choose what incus list prints");
		if (fmt)
			tr_note(c->t, "--format only changes how incus list prints (vmctl -o json prints JSON)");
	}
	incus_not_expressed(c, I_ALLPROJ, "every project");
	return tr_answer(&w, "list", c->err);
}

static int i_info(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	incus_not_expressed(c, I_TARGET, "a cluster member");
	if (c->sc.nops == 0 || has(c, I_RESOURCES)) {
		tr_approx(c->t, "incus info %s shows the server's %s; vmctl host shows what this host can run",
			  has(c, I_RESOURCES) ? "--resources" : "without an instance",
			  has(c, I_RESOURCES) ? "CPUs, memory, GPUs, disks and NICs" : "configuration and API extensions");
		return tr_answer(&w, "host", c->err);
	}
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	incus_not_expressed(c, I_SHOWLOG, "the instance's log");
	guest_word(&w, name);
	return tr_answer(&w, "info", c->err);
}

static int i_delete(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	if (c->sc.nops > 1)
		return tr_unsupported(c->err, "'incus delete' of %zu instances: vmctl delete takes one guest (one command each)",
				      c->sc.nops);
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	/* cmd/incus/delete.go cmdDelete.Run: --force stops a running
	 * instance, then it is deleted with its root volume */
	tr_note(c->t, "false friend: incus delete deletes the instance (--force stops it first); incus stop --force only "
		"kills it");
	tr_approx(c->t, "incus delete also deletes the root disk and the snapshots; the custom volumes attached stay");
	if (has(c, I_INTERACTIVE))
		tr_note(c->t, "-i only asks for a confirmation first");
	if (has(c, I_FORCE))
		tr_word(&w, "--force");
	tr_word(&w, "--storage");
	guest_word(&w, name);
	return tr_answer(&w, "delete", c->err);
}

static int i_console(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *type = nscan_value(&c->sc, I_TYPE);
	if (type && strcmp(type, "console") != 0 && strcmp(type, "vga") != 0)
		return vm_error_set(c->err, VM_EXIT_USAGE, "Unknown console type %s: 'console' or 'vga'", type);
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	if (has(c, I_SHOWLOG))
		return tr_unsupported(c->err, "'incus console --show-log' prints the console's log; vmctl console attaches to it");
	guest_word(&w, name);
	if (type && strcmp(type, "vga") == 0) {
		tr_approx(c->t, "incus console --type=vga opens the VM's screen in a SPICE viewer; vmctl display prints "
			  "its URI");
		return tr_answer(&w, "display", c->err);
	}
	tr_note(c->t, "leave the console with Ctrl+a q");
	return tr_answer(&w, "console", c->err);
}

/* exec.go: the command's words go after the instance; flags anywhere
 * before "--" (pflag), so a command with options needs "--". */
static int i_exec(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	bool shell = strcmp(c->cmd->path, "shell") == 0;
	if (has(c, I_TTY) && has(c, I_NOTTY))
		return vm_error_set(c->err, VM_EXIT_USAGE, "You can't pass -t and -T at the same time");
	if (nscan_value(&c->sc, I_MODE) && (has(c, I_TTY) || has(c, I_NOTTY)))
		return vm_error_set(c->err, VM_EXIT_USAGE, "You can't pass -t or -T at the same time as --mode");
	if (!shell && c->sc.nops < 2)
		return tr_usage(c->err, c->who, "an instance and a command", c->cmd->usage);
	if (shell && c->sc.nops > 1)
		return vm_error_set(c->err, VM_EXIT_USAGE, "'incus shell' takes one instance: it runs su -l in it");
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	incus_not_expressed(c, I_ENV, "set variables");
	incus_not_expressed(c, I_USER, "another user or group");
	incus_not_expressed(c, I_CWD, "another working directory");
	if (has(c, I_MODE) || has(c, I_TTY) || has(c, I_NOTTY) || has(c, I_NOSTDIN))
		tr_note(c->t, "--mode, -t, -T and -n only choose whether incus gives the command a terminal; vmctl exec "
			"passes its own standard streams");
	guest_word(&w, name);
	tr_word(&w, "--");
	if (shell) {
		/* cmd/incus/main_aliases.go defaultAliases: "shell": "exec @ARGS@ -- su -l" */
		tr_word(&w, "su");
		tr_word(&w, "-l");
		tr_note(c->t, "incus shell is incus's built-in alias of incus exec NAME -- su -l");
	} else {
		for (size_t i = 1; i < c->sc.nops; i++)
			tr_word(&w, c->sc.ops[i]);
	}
	return tr_answer(&w, "exec", c->err);
}

/* snapshot.go; instance_utils.go ValidName: a snapshot's name has no space and no '/'. */
static int snap_name(struct ictx *c, const char *s)
{
	if (strpbrk(s, " /"))
		return vm_error_set(c->err, VM_EXIT_USAGE, "Invalid instance snapshot name: Cannot contain space or / characters");
	return 0;
}

static int i_snapshot(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *sub = c->cmd->path + strlen("snapshot ");
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	const char *op = strcmp(sub, "restore") == 0 ? "revert" : strcmp(sub, "rm") == 0 ? "delete" : sub;
	tr_word(&w, op);
	guest_word(&w, name);
	if (c->sc.nops > 1) {
		if (snap_name(c, c->sc.ops[1]) < 0)
			return -1;
		tr_word(&w, c->sc.ops[1]);
	}
	if (strcmp(op, "create") == 0) {
		incus_not_expressed(c, I_STATEFUL, "keep the running state");
		incus_not_expressed(c, I_NOEXPIRY, "no expiry");
		incus_not_expressed(c, I_EXPIRY, "an expiry");
		incus_not_expressed(c, I_REUSE, "replace a snapshot of that name");
		if (c->sc.nops == 1)
			tr_note(c->t, "incus names the snapshot itself: snap0, snap1, ...");
	} else if (strcmp(op, "revert") == 0) {
		incus_not_expressed(c, I_STATEFUL, "bring back the running state");
	} else if (strcmp(op, "list") == 0 && (has(c, I_FORMAT) || has(c, I_COLUMNS))) {
		tr_note(c->t, "--format and --columns only change how incus prints the list");
	} else if (has(c, I_INTERACTIVE)) {
		tr_note(c->t, "-i only asks for a confirmation first");
	}
	return tr_answer(&w, "snapshot", c->err);
}

/* move.go: to "REMOTE:" or "REMOTE:NAME" moves the instance to a remote,
 * to a plain name renames it (as rename.go, which calls move). */
static int i_move(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	const char *dest = c->sc.nops > 1 ? c->sc.ops[1] : NULL, *member = nscan_value(&c->sc, I_TARGET);
	incus_not_expressed(c, I_CONFIG, "change the configuration on the way");
	incus_not_expressed(c, I_DEVICE, "change a device on the way");
	incus_not_expressed(c, I_PROFILE, "other profiles");
	incus_not_expressed(c, I_NOPROFILES, "no profiles");
	incus_not_expressed(c, I_INSTONLY, "without the snapshots");
	incus_not_expressed(c, I_XMODE, "the transfer mode");
	incus_not_expressed(c, I_STATELESS, "drop the running state");
	incus_not_expressed(c, I_STORAGE, "another storage pool");
	incus_not_expressed(c, I_TPROJECT, "another project");
	incus_not_expressed(c, I_ALLOWINC, "ignore copy errors");
	if (!dest && !member)
		return tr_usage(c->err, c->who, "a destination (REMOTE:, NEWNAME or --target MEMBER)", c->cmd->usage);
	if (dest && !strchr(dest, ':')) {
		if (member)
			return tr_unsupported(c->err, "'incus move --target' with a new name moves and renames at once; vmctl "
					      "migrate and vmctl rename are two commands");
		if (!incus_valid_name(dest))
			return vm_error_set(c->err, VM_EXIT_USAGE, "Invalid instance name: %s is no hostname (1 to 63 letters, "
					    "digits and '-', not beginning or ending with '-', not a number)", dest);
		tr_note(c->t, "incus move OLD NEW renames: incus rename OLD NEW");
		guest_word(&w, name);
		tr_word(&w, dest);
		return tr_answer(&w, "rename", c->err);
	}
	const char *host = member;
	if (dest) {
		const char *colon = strchr(dest, ':');
		char *remote = xasprintf("%.*s", (int)(colon - dest), dest);
		host = tr_keep(c->t, remote);
		if (colon[1] && strcmp(colon + 1, name) != 0)
			tr_approx(c->t, "incus move also renames it %s; vmctl migrate keeps the name", colon + 1);
		tr_approx(c->t, "%s is an incus remote, not a libvirt URI: vmctl migrate reads it as a host name", host);
	} else {
		tr_approx(c->t, "--target moves the instance to another member of the incus cluster: vmctl migrate reads %s "
			  "as a host name", member);
	}
	tr_note(c->t, "incus moves a running VM live when migration.stateful is true; vmctl migrate moves it live with --live");
	guest_word(&w, name);
	tr_word(&w, host);
	return tr_answer(&w, "migrate", c->err);
}

static int i_rename(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	if (strchr(c->sc.ops[1], ':'))
		return vm_error_set(c->err, VM_EXIT_USAGE, "Can't specify a different remote for rename");
	if (!incus_valid_name(c->sc.ops[1]))
		return vm_error_set(c->err, VM_EXIT_USAGE, "Invalid instance name: %s is no hostname (1 to 63 letters, digits "
				    "and '-', not beginning or ending with '-', not a number)", c->sc.ops[1]);
	guest_word(&w, name);
	tr_word(&w, c->sc.ops[1]);
	return tr_answer(&w, "rename", c->err);
}

static int i_monitor(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	bool lifecycle = false, other = false;
	for (size_t i = 0; i < c->sc.nopts; i++)
		if (c->sc.opts[i].id == I_TYPE) {
			if (strcmp(c->sc.opts[i].value, "lifecycle") == 0)
				lifecycle = true;
			else
				other = true;
		}
	if (other && !lifecycle)
		return tr_unsupported(c->err, "'incus monitor --type' other than lifecycle shows incusd's logs or operations; "
				      "vmctl events shows the guests' lifecycle");
	if (other)
		tr_approx(c->t, "incus monitor also prints the other types asked for; vmctl events prints the lifecycle only");
	if (!lifecycle && !other)
		tr_approx(c->t, "incus monitor without --type=lifecycle also prints logging and operation events");
	if (c->sc.nops && strcmp(c->sc.ops[0], "local:") != 0)
		tr_approx(c->t, "%s is an incus remote; vmctl events watches its own connection", c->sc.ops[0]);
	incus_not_expressed(c, I_ALLPROJ, "every project");
	if (has(c, I_PRETTY) || has(c, I_FORMAT) || has(c, I_LOGLEVEL))
		tr_note(c->t, "--pretty, --format and --loglevel only change how incus monitor prints");
	return tr_answer(&w, "events", c->err);
}

static int i_top(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *r = nscan_value(&c->sc, I_REFRESH);
	if (r) {
		tr_word(&w, "--interval");
		tr_word(&w, r);
	}
	tr_approx(c->t, "incus top shows CPU time, memory and disk per instance (refreshed every %s s); vmctl top shows "
		  "CPU %%, memory and I/O rates", r ? r : "10");
	if (c->sc.nops && strcmp(c->sc.ops[0], "local:") != 0)
		tr_approx(c->t, "%s is an incus remote; vmctl top shows its own connection", c->sc.ops[0]);
	incus_not_expressed(c, I_ALLPROJ, "every project");
	if (has(c, I_COLUMNS) || has(c, I_FORMAT))
		tr_note(c->t, "--columns and --format only change what incus top prints");
	return tr_answer(&w, "top", c->err);
}

/* wait.go (6.21): status=STATUS compared without regard to case with the
 * instance's status (shared/api/status_code.go). */
static int i_wait(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	static const char *const map[][2] = { { "running", "running" }, { "frozen", "paused" },
					      { "stopped", "shutoff" }, { "error", "crashed" } };
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	const char *cond = c->sc.ops[1], *state = NULL;
	if (strncmp(cond, "status=", 7) != 0) {
		if (in_list(cond, "agent ip ipv4 ipv6"))
			return tr_unsupported(c->err, "'incus wait %s' waits for %s; vmctl wait waits for a state", cond,
					      strcmp(cond, "agent") == 0 ? "the VM's agent" : "an address");
		return vm_error_set(c->err, VM_EXIT_USAGE, "Unknown condition %s: agent, ip, ipv4, ipv6 or status=STATUS", cond);
	}
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (strcasecmp(cond + 7, map[i][0]) == 0)
			state = map[i][1];
	if (!state)
		return tr_unsupported(c->err, "'incus wait status=%s' waits for a status vmctl has no state for", cond + 7);
	if (strcmp(state, "crashed") == 0)
		tr_approx(c->t, "incus's Error status is the nearest thing to vmctl's crashed");
	tr_word(&w, "--state");
	tr_word(&w, state);
	const char *to = nscan_value(&c->sc, I_TIMEOUT);
	if (to && strcmp(to, "-1") != 0 && strcmp(to, "0") != 0) {
		tr_word(&w, "--timeout");
		tr_word(&w, to);
	}
	if (has(c, I_INTERVAL))
		tr_note(c->t, "--interval only sets how often incus looks (every 5 s by default)");
	guest_word(&w, name);
	return tr_answer(&w, "wait", c->err);
}

/* ---- the table ---- */

static const struct nopt o_plain[] = { INCUS_GLOBALS };
static const struct nopt o_start[] = { { 0, "all", false, I_ALL }, { 0, "stateless", false, I_STATELESS },
	{ 0, "console", false, I_CONSOLE }, INCUS_GLOBALS };
static const struct nopt o_stop[] = { { 0, "all", false, I_ALL }, { 0, "stateful", false, I_STATEFUL },
	{ 0, "console", false, I_CONSOLE }, { 'f', "force", false, I_FORCE }, { 0, "timeout", true, I_TIMEOUT },
	INCUS_GLOBALS };
static const struct nopt o_restart[] = { { 0, "all", false, I_ALL }, { 0, "console", false, I_CONSOLE },
	{ 'f', "force", false, I_FORCE }, { 0, "timeout", true, I_TIMEOUT }, INCUS_GLOBALS };
static const struct nopt o_pause[] = { { 0, "all", false, I_ALL }, INCUS_GLOBALS };
static const struct nopt o_list[] = { { 'c', "columns", true, I_COLUMNS }, { 'f', "format", true, I_FORMAT },
	{ 0, "fast", false, I_FAST }, { 0, "all-projects", false, I_ALLPROJ }, INCUS_GLOBALS };
static const struct nopt o_info[] = { { 0, "show-log", false, I_SHOWLOG }, { 0, "resources", false, I_RESOURCES },
	{ 0, "target", true, I_TARGET }, INCUS_GLOBALS };
static const struct nopt o_delete[] = { { 'f', "force", false, I_FORCE }, { 'i', "interactive", false, I_INTERACTIVE },
	INCUS_GLOBALS };
static const struct nopt o_console[] = { { 0, "show-log", false, I_SHOWLOG }, { 't', "type", true, I_TYPE },
	INCUS_GLOBALS };
static const struct nopt o_exec[] = { { 0, "env", true, I_ENV }, { 0, "mode", true, I_MODE },
	{ 't', "force-interactive", false, I_TTY }, { 'T', "force-noninteractive", false, I_NOTTY },
	{ 'n', "disable-stdin", false, I_NOSTDIN }, { 0, "user", true, I_USER }, { 0, "group", true, I_USER },
	{ 0, "cwd", true, I_CWD }, INCUS_GLOBALS };
static const struct nopt o_snap_create[] = { { 0, "stateful", false, I_STATEFUL }, { 0, "no-expiry", false, I_NOEXPIRY },
	{ 0, "reuse", false, I_REUSE }, { 0, "expiry", true, I_EXPIRY }, INCUS_GLOBALS };
static const struct nopt o_snap_list[] = { { 'f', "format", true, I_FORMAT }, { 'c', "columns", true, I_COLUMNS },
	INCUS_GLOBALS };
static const struct nopt o_snap_restore[] = { { 0, "stateful", false, I_STATEFUL }, INCUS_GLOBALS };
static const struct nopt o_snap_delete[] = { { 'i', "interactive", false, I_INTERACTIVE }, INCUS_GLOBALS };
static const struct nopt o_move[] = { { 'c', "config", true, I_CONFIG }, { 'd', "device", true, I_DEVICE },
	{ 'p', "profile", true, I_PROFILE }, { 0, "no-profiles", false, I_NOPROFILES },
	{ 0, "instance-only", false, I_INSTONLY }, { 0, "mode", true, I_XMODE }, { 0, "stateless", false, I_STATELESS },
	{ 's', "storage", true, I_STORAGE }, { 0, "target", true, I_TARGET }, { 0, "target-project", true, I_TPROJECT },
	{ 0, "allow-inconsistent", false, I_ALLOWINC }, INCUS_GLOBALS };
static const struct nopt o_create[] = { { 'c', "config", true, I_CONFIG }, { 'p', "profile", true, I_PROFILE },
	{ 'd', "device", true, I_DEVICE }, { 'e', "ephemeral", false, I_EPHEMERAL }, { 'n', "network", true, I_NETWORK },
	{ 's', "storage", true, I_STORAGE }, { 't', "type", true, I_TYPE }, { 0, "target", true, I_TARGET },
	{ 0, "no-profiles", false, I_NOPROFILES }, { 0, "empty", false, I_EMPTY }, { 0, "vm", false, I_VM },
	{ 0, "description", true, I_DESCRIPTION }, INCUS_GLOBALS };
static const struct nopt o_launch[] = { { 'c', "config", true, I_CONFIG }, { 'p', "profile", true, I_PROFILE },
	{ 'd', "device", true, I_DEVICE }, { 'e', "ephemeral", false, I_EPHEMERAL }, { 'n', "network", true, I_NETWORK },
	{ 's', "storage", true, I_STORAGE }, { 't', "type", true, I_TYPE }, { 0, "target", true, I_TARGET },
	{ 0, "no-profiles", false, I_NOPROFILES }, { 0, "empty", false, I_EMPTY }, { 0, "vm", false, I_VM },
	{ 0, "description", true, I_DESCRIPTION }, { 0, "console", false, I_CONSOLE }, INCUS_GLOBALS };
static const struct nopt o_monitor[] = { { 0, "pretty", false, I_PRETTY }, { 0, "all-projects", false, I_ALLPROJ },
	{ 0, "type", true, I_TYPE }, { 0, "loglevel", true, I_LOGLEVEL }, { 'f', "format", true, I_FORMAT },
	INCUS_GLOBALS };
static const struct nopt o_top[] = { { 0, "all-projects", false, I_ALLPROJ }, { 'c', "columns", true, I_COLUMNS },
	{ 'f', "format", true, I_FORMAT }, { 0, "refresh", true, I_REFRESH }, INCUS_GLOBALS };
static const struct nopt o_wait[] = { { 0, "interval", true, I_INTERVAL }, { 0, "timeout", true, I_TIMEOUT },
	INCUS_GLOBALS };
static const struct nopt o_config_show[] = { { 'e', "expanded", false, I_EXPANDED }, { 0, "target", true, I_TARGET },
	INCUS_GLOBALS };
static const struct nopt o_config_set[] = { { 'p', "property", false, I_PROPERTY }, { 0, "target", true, I_TARGET },
	INCUS_GLOBALS };
static const struct nopt o_config_get[] = { { 'e', "expanded", false, I_EXPANDED }, { 'p', "property", false, I_PROPERTY },
	{ 0, "target", true, I_TARGET }, INCUS_GLOBALS };
static const struct nopt o_format[] = { { 'f', "format", true, I_FORMAT }, INCUS_GLOBALS };
static const struct nopt o_target[] = { { 0, "target", true, I_TARGET }, INCUS_GLOBALS };
static const struct nopt o_volume_list[] = { { 'c', "columns", true, I_COLUMNS }, { 0, "all-projects", false, I_ALLPROJ },
	{ 'f', "format", true, I_FORMAT }, INCUS_GLOBALS };
static const struct nopt o_net_create[] = { { 0, "target", true, I_TARGET }, { 't', "type", true, I_TYPE },
	{ 0, "description", true, I_DESCRIPTION }, INCUS_GLOBALS };

#define I_INST "[<remote>:]<instance>"
#define I_INSTS I_INST " [[<remote>:]<instance>...]"
static const struct icmd cmds[] = {
	{ "list", o_list, "incus list [<remote>:] [<filter>...]", i_list, 0, -1 },
	{ "ls", o_list, "incus list [<remote>:] [<filter>...]", i_list, 0, -1 },
	{ "info", o_info, "incus info [<remote>:][<instance>]", i_info, 0, 1 },
	{ "start", o_start, "incus start " I_INSTS, i_start, 0, -1 },
	{ "stop", o_stop, "incus stop " I_INSTS, i_stop, 0, -1 },
	{ "restart", o_restart, "incus restart " I_INSTS, i_restart, 0, -1 },
	{ "pause", o_pause, "incus pause " I_INSTS, i_pause, 0, -1 },
	{ "freeze", o_pause, "incus pause " I_INSTS, i_pause, 0, -1 },
	{ "resume", o_pause, "incus resume " I_INSTS, i_pause, 0, -1 },
	{ "unfreeze", o_pause, "incus resume " I_INSTS, i_pause, 0, -1 },
	{ "delete", o_delete, "incus delete " I_INSTS, i_delete, 1, -1 },
	{ "rm", o_delete, "incus delete " I_INSTS, i_delete, 1, -1 },
	{ "console", o_console, "incus console " I_INST " [--type=console|vga]", i_console, 1, 1 },
	{ "exec", o_exec, "incus exec " I_INST " [flags] [--] <command line>", i_exec, 1, -1 },
	{ "shell", o_exec, "incus shell " I_INST, i_exec, 1, -1 },
	{ "snapshot create", o_snap_create, "incus snapshot create " I_INST " [<snapshot name>]", i_snapshot, 1, 2 },
	{ "snapshot list", o_snap_list, "incus snapshot list " I_INST, i_snapshot, 1, 1 },
	{ "snapshot restore", o_snap_restore, "incus snapshot restore " I_INST " <snapshot name>", i_snapshot, 2, 2 },
	{ "snapshot delete", o_snap_delete, "incus snapshot delete " I_INST " <snapshot name>", i_snapshot, 2, 2 },
	{ "snapshot rm", o_snap_delete, "incus snapshot delete " I_INST " <snapshot name>", i_snapshot, 2, 2 },
	{ "move", o_move, "incus move " I_INST " [<remote>:][<instance>]", i_move, 1, 2 },
	{ "mv", o_move, "incus move " I_INST " [<remote>:][<instance>]", i_move, 1, 2 },
	{ "rename", o_plain, "incus rename " I_INST " <instance>", i_rename, 2, 2 },
	{ "create", o_create, "incus create [<remote>:]<image> [<remote>:][<name>]", i_create, 0, 2 },
	{ "init", o_create, "incus create [<remote>:]<image> [<remote>:][<name>]", i_create, 0, 2 },
	{ "launch", o_launch, "incus launch [<remote>:]<image> [<remote>:][<name>]", i_create, 1, 2 },
	{ "monitor", o_monitor, "incus monitor [<remote>:]", i_monitor, 0, 1 },
	{ "top", o_top, "incus top [<remote>:]", i_top, 0, 1 },
	{ "wait", o_wait, "incus wait " I_INST " <condition>", i_wait, 2, 2 },
	{ "config show", o_config_show, "incus config show " I_INST, i_config_show, 0, 1 },
	{ "config set", o_config_set, "incus config set " I_INST " <key>=<value>...", i_config_set, 1, -1 },
	{ "config get", o_config_get, "incus config get " I_INST " <key>", i_config_get, 1, 2 },
	{ "config unset", o_config_set, "incus config unset " I_INST " <key>", i_config_unset, 1, 2 },
	{ "config device add", o_plain, "incus config device add " I_INST " <device> <type> [key=value...]",
	  i_device_add, 3, -1 },
	{ "config device remove", o_plain, "incus config device remove " I_INST " <name>...", i_device_remove, 2, -1 },
	{ "config device rm", o_plain, "incus config device remove " I_INST " <name>...", i_device_remove, 2, -1 },
	{ "config device list", o_plain, "incus config device list " I_INST, i_device_list, 1, 1 },
	{ "config device ls", o_plain, "incus config device list " I_INST, i_device_list, 1, 1 },
	{ "config device show", o_plain, "incus config device show " I_INST, i_device_list, 1, 1 },
	{ "config device set", o_plain, "incus config device set " I_INST " <device> <key>=<value>...", i_device_set, 3, -1 },
	{ "storage list", o_format, "incus storage list [<remote>:]", i_storage_list, 0, 1 },
	{ "storage ls", o_format, "incus storage list [<remote>:]", i_storage_list, 0, 1 },
	{ "storage create", o_target, "incus storage create [<remote>:]<pool> <driver> [key=value...]", i_storage_create,
	  2, -1 },
	{ "storage delete", o_plain, "incus storage delete [<remote>:]<pool>", i_storage_delete, 1, 1 },
	{ "storage rm", o_plain, "incus storage delete [<remote>:]<pool>", i_storage_delete, 1, 1 },
	{ "storage volume list", o_volume_list, "incus storage volume list [<remote>:]<pool> [<filter>...]", i_volume_list,
	  1, -1 },
	{ "storage volume ls", o_volume_list, "incus storage volume list [<remote>:]<pool> [<filter>...]", i_volume_list,
	  1, -1 },
	{ "network list", o_format, "incus network list [<remote>:]", i_network_list, 0, 1 },
	{ "network ls", o_format, "incus network list [<remote>:]", i_network_list, 0, 1 },
	{ "network show", o_target, "incus network show [<remote>:]<network>", i_network_show, 1, 1 },
	{ "network info", o_target, "incus network info [<remote>:]<network>", i_network_show, 1, 1 },
	{ "network list-leases", o_format, "incus network list-leases [<remote>:]<network>", i_network_show, 1, 1 },
	{ "network create", o_net_create, "incus network create [<remote>:]<network> [key=value...]", i_network_create,
	  1, -1 },
	{ "network delete", o_plain, "incus network delete [<remote>:]<network>", i_network_delete, 1, 1 },
	{ "network rm", o_plain, "incus network delete [<remote>:]<network>", i_network_delete, 1, 1 },
};

/* The commands of each group (cmd/incus/main.go, config.go,
 * config_device.go, snapshot.go, storage.go, storage_volume.go,
 * network.go at v6.0.0, with top and wait of later 6.x). */
#define INCUS_WORDS \
	"alias admin cluster config console copy cp create delete rm exec export file image import info init launch " \
	"list ls manpage monitor move mv network operation pause freeze publish profile project query rebuild " \
	"rename restart remote resume unfreeze shell snapshot storage start stop top version wait warning help " \
	"completion"
#define INCUS_READ \
	"incus list, info, start, stop, restart, pause, resume, delete, console, exec, shell, snapshot, move, " \
	"rename, create, launch, monitor, top, wait, config (show, set, get, device), storage (list, create, delete, " \
	"volume list) and network (list, show, info, list-leases, create, delete)"

static const struct {
	const char *group, *words;
} groups[] = {
	{ "config", "device edit get metadata set show template trust unset" },
	{ "config device", "add get list ls override remove rm set show unset" },
	{ "snapshot", "create delete rm list rename restore show" },
	{ "storage", "bucket create delete rm edit get info list ls set show unset volume" },
	{ "storage volume", "attach attach-profile copy cp create delete rm detach detach-profile edit export get "
			    "import info list ls move mv rename restore set show snapshot unset" },
	{ "network", "acl attach attach-profile create delete rm detach detach-profile edit forward get info "
		     "integration list ls list-allocations list-leases load-balancer peer rename set show unset zone" },
};

static const struct nalias incus_aliases[] = {
	{ "suspend", "incus has no suspend; you mean incus pause (in memory) or incus stop --stateful (the state kept on disk)" },
	{ "shutdown", "incus has no shutdown; you mean incus stop" },
	{ "halt", "incus has no halt; you mean incus stop" },
	{ "poweroff", "incus has no poweroff; you mean incus stop (incus stop --force kills)" },
	{ "kill", "incus has no kill; you mean incus stop --force (incus delete deletes)" },
	{ "destroy", "incus has no destroy; you mean incus stop --force to power off, incus delete to delete" },
	{ "reboot", "incus has no reboot; you mean incus restart" },
	{ "reset", "incus has no reset; you mean incus restart --force" },
	{ "unpause", "incus has no unpause; you mean incus resume" },
	{ "status", "incus has no status; you mean incus info (or incus list)" },
	{ "ssh", "incus has no ssh; you mean incus shell NAME or incus exec NAME -- COMMAND" },
	{ "attach", "incus has no attach; you mean incus exec NAME -- COMMAND (incus console for the console)" },
	{ "migrate", "incus has no migrate; you mean incus move NAME REMOTE:" },
	{ "clone", "incus has no clone; you mean incus copy" },
	{ "restore", "incus has no restore; you mean incus snapshot restore NAME SNAPSHOT" },
	{ "run", "incus has no run; you mean incus launch IMAGE NAME" },
	{ "ps", "incus has no ps; you mean incus list" },
	{ "save", "incus has no save; you mean incus stop --stateful (the state stays with the instance)" },
	{ NULL, NULL },
};

static const struct nrefusal incus_refused[] = {
	{ "image", "false friend: 'incus image' manages the OS images instances are made from; vmctl's images are disk "
		   "files (their nearest: incus storage volume list POOL)" },
	{ "copy", "'incus copy' makes a new instance from another (or from a snapshot); vmctl has no copy" },
	{ "cp", "'incus copy' makes a new instance from another (or from a snapshot); vmctl has no copy" },
	{ "export", "'incus export' writes a backup tarball of the instance; vmctl has none (vmctl save keeps the memory)" },
	{ "import", "'incus import' makes an instance from a backup tarball; vmctl has none" },
	{ NULL, NULL },
};

static const struct ntool incus_tool = {
	.kind = "incus command",
	.prefix = "incus ",
	.subject = "",
	.refused = incus_refused,
	.words = INCUS_WORDS,
	.reads = INCUS_READ,
	.aliases = incus_aliases,
	.unknown_says_reads = true,
};

/* "incus GROUP WORD": a subcommand the group does not have, or none read. */
static int group_error(const char *group, const char *words, const char *word, struct vm_error *err)
{
	if (!word)
		return vm_error_set(err, VM_EXIT_USAGE, "'incus %s' needs a subcommand, such as incus %s %s", group, group,
				    strcmp(group, "config") == 0 ? "show" : "list");
	if (in_list(word, words))
		return tr_unsupported(err, "'incus %s %s' has no vmctl equivalent; translate reads %s", group, word, INCUS_READ);
	if (strcmp(group, "snapshot") == 0) /* LXD's `lxc snapshot NAME [SNAP]` */
		return vm_error_set(err, VM_EXIT_USAGE, "'incus snapshot' takes a subcommand (create, list, restore, delete, "
				    "rename, show): LXD's 'lxc snapshot NAME SNAP' is incus snapshot create NAME SNAP");
	char near[64];
	char *q = msg_quote(word);
	if (nearest_word(word, words, near, sizeof(near)))
		vm_error_set(err, VM_EXIT_USAGE, "unknown command %s for 'incus %s', did you mean 'incus %s %s'?", q, group,
			     group, near);
	else
		vm_error_set(err, VM_EXIT_USAGE, "unknown command %s for 'incus %s'", q, group);
	free(q);
	return -1;
}

static const char *group_words(const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++)
		if (strcmp(groups[i].group, path) == 0)
			return groups[i].words;
	return NULL;
}

int translate_incus(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	/* the command's words: the first operands, skipping options (and
	 * --project's value), while they name a group */
	char **rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	int nrest = 0, rc = -1;
	char path[96] = "";
	const char *console = NULL, *missing = NULL;
	bool in_path = true, dashdash = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!dashdash && strncmp(a, "--console=", 10) == 0) {
			console = a + 10;
			continue;
		}
		if (!dashdash && strcmp(a, "--console") == 0)
			console = "console";
		if (strcmp(a, "--") == 0)
			dashdash = true;
		if (in_path && !dashdash && a[0] != '-' && strlen(path) + strlen(a) + 2 < sizeof(path)) {
			const char *words = group_words(path);
			if (path[0] == '\0' || (words && in_list(a, words))) {
				if (path[0])
					strcat(path, " ");
				strcat(path, a);
				if (!group_words(path))
					in_path = false;
				continue;
			}
			if (words) { /* a group's word that is no command of it */
				missing = a;
				in_path = false;
				continue;
			}
		}
		rest[nrest++] = argv[i];
		if (!dashdash && strcmp(a, "--project") == 0 && i + 1 < argc)
			rest[nrest++] = argv[++i];
	}
	if (path[0] == '\0') {
		for (int i = 1; i < argc && !dashdash; i++)
			if (in_list(argv[i], "--version -h --help")) {
				rc = vm_error_set(err, VM_EXIT_USAGE, "'incus %s' prints incus's own %s; nothing to translate",
						  argv[i], strcmp(argv[i], "--version") == 0 ? "version" : "help");
				goto cleanup;
			}
		rc = vm_error_set(err, VM_EXIT_USAGE, "'incus' needs a command, such as incus list");
		goto cleanup;
	}
	const struct icmd *cmd = cmds;
	while (cmd < cmds + ARRAY_SIZE(cmds) && strcmp(cmd->path, path) != 0)
		cmd++;
	if (cmd == cmds + ARRAY_SIZE(cmds)) {
		const char *words = group_words(path);
		if (words && !missing) {
			rc = group_error(path, words, NULL, err);
		} else {
			/* "config edit": the group is path up to its last word;
			 * a word with a space in it names no command */
			char group[96];
			const char *word = missing;
			snprintf(group, sizeof(group), "%s", path);
			char *sp = word ? NULL : strrchr(group, ' ');
			if (sp) {
				*sp = '\0';
				word = sp + 1;
			}
			if (word && group_words(group))
				rc = group_error(group, group_words(group), word, err);
			else
				rc = tr_not_expressible(&incus_tool, path, err);
		}
		goto cleanup;
	}
	char *who = xasprintf("incus %s", cmd->path);
	struct ictx c = { .who = who, .cmd = cmd, .console = console, .t = t, .err = err };
	if (nscan(who, NSCAN_GNU, cmd->opts, nrest, rest, &c.sc, err) < 0)
		goto done;
	if (console && cmd->opts != o_start && cmd->opts != o_stop && cmd->opts != o_restart && cmd->opts != o_launch) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "unknown flag: --console for '%s'", who);
		goto done;
	}
	if (has(&c, I_HELP) || has(&c, I_VERSION)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'%s %s' prints incus's own %s; nothing to translate", who,
				  has(&c, I_HELP) ? "--help" : "--version", has(&c, I_HELP) ? "help" : "version");
		goto done;
	}
	if ((int)c.sc.nops < cmd->min || (cmd->max >= 0 && (int)c.sc.nops > cmd->max)) {
		if ((int)c.sc.nops < cmd->min)
			rc = vm_error_set(err, VM_EXIT_USAGE, "'%s' needs %d argument%s; usage: %s", who, cmd->min,
					  cmd->min == 1 ? "" : "s", cmd->usage);
		else
			rc = vm_error_set(err, VM_EXIT_USAGE, "'%s' takes at most %d argument%s; usage: %s", who, cmd->max,
					  cmd->max == 1 ? "" : "s", cmd->usage);
		goto done;
	}
	incus_not_expressed(&c, I_PROJECT, "another project");
	if (has(&c, I_LOCAL))
		tr_note(t, "--force-local only makes incus use the local socket");
	if (has(&c, I_LOG) || has(&c, I_SUBCMDS))
		tr_note(t, "--debug, --verbose and --quiet only change what incus prints");
	rc = cmd->run(&c);
done:
	nscan_clear(&c.sc);
	free(who);
cleanup:
	free(rest);
	return rc;
}
