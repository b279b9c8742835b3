/* vzctl.c: OpenVZ command lines: vzctl 4.11 (OpenVZ 7's differences in
 * notes), vzlist and vzmigrate.  vzctl takes its flags, the command, the
 * CTID (a number or a container name), then the command's long options in
 * any order, --opt value or --opt=value. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "batch.h"
#include "validate.h"

#define VZ_WORDS \
	"create destroy delete mount umount status start stop restart set enter exec exec2 runscript " \
	"suspend chkpnt resume restore snapshot snapshot-create snapshot-switch snapshot-delete " \
	"snapshot-list snapshot-mount snapshot-umount console convert compact quotaon quotaoff " \
	"quotainit pause"
#define VZ_READ "create, destroy (delete), start, stop, restart, status, set --cpus, --ram, --onboot, --name, --devnodes, --netdev_add and --netif_add, " \
	"suspend (chkpnt), resume (restore), " \
	"snapshot, snapshot-list, snapshot-switch, snapshot-delete, console, pause, exec2 and exec"
#define SET_PARAMS \
	"onboot bootorder root private userpasswd disabled name description ipadd ipdel hostname " \
	"nameserver searchdomain netif_add netif_del ifname mac host_ifname host_mac bridge mac_filter " \
	"numproc numtcpsock numothersock vmguarpages kmemsize tcpsndbuf tcprcvbuf othersockbuf " \
	"dgramrcvbuf oomguarpages lockedpages privvmpages shmpages numfile numflock numpty numsiginfo " \
	"dcachesize numiptent physpages swappages ram swap cpuunits cpulimit cpus cpumask nodemask " \
	"meminfo iptables netdev_add netdev_del diskquota diskspace diskinodes quotatime " \
	"quotaugidlimit noatime capability devnodes devices pci_add pci_del features applyconfig " \
	"applyconfig_map ioprio setmode"

static const struct nalias vz_aliases[] = {
	{ "halt", "vzctl has no halt; you mean vzctl stop" },
	{ "shutdown", "vzctl has no shutdown; you mean vzctl stop" },
	{ "kill", "vzctl has no kill; you mean vzctl stop CTID --fast" },
	{ "reboot", "vzctl has no reboot; you mean vzctl restart" },
	{ "info", "vzctl has no info; you mean vzctl status (it says much less than lxc-info), or vzlist -a CTID" },
	{ "list", "vzctl has no list; you mean vzlist -a" },
	{ "unpause", "vzctl 4.11 has no unpause; you mean vzctl chkpnt CTID --resume (not vzctl resume: it restores a checkpoint)" },
	{ "freeze", "vzctl has no freeze; you mean vzctl chkpnt CTID --suspend" },
	{ "migrate", "vzctl has no migrate; you mean vzmigrate HOST CTID" },
	/* vzctl 4.11 src/vzctl.c knows destroy and delete, no rm */
	{ "rm", "vzctl has no rm; you mean vzctl destroy CTID, which DELETES the container (vmctl delete)" },
	{ NULL, NULL },
};

enum { V_A = 1, V_B, V_C, V_D, V_E, V_F, V_G, V_H, V_I, V_J, V_K };

struct ctx {
	const char *who; /* "vzctl set" */
	const char *cmd;
	struct nscan sc;
	int argc;        /* the words after the CTID, for vzctl set */
	char **argv;
	struct translation *t;
	struct vm_error *err;
};

/* One vzctl command: its options, and the handler that reads them into
 * c->t with the data of its row (one handler serves several rows). */
struct vz_cmd {
	const char *name;
	const struct nopt *opts; /* NULL: the handler reads the words itself (vzctl set) */
	enum nscan_style style;
	int (*run)(struct ctx *c, const struct vz_cmd *cmd);
	enum vm_verb verb;
	enum vm_snapshot_op op;  /* snapshot-* */
	const char *usage;       /* vz_snapshot_id: the usage when --id is missing */
	const char *note;        /* a remark */
	const char *approx;      /* vz_simple: a reason, what vmctl does not do */
};

static void not_expressed(struct ctx *c, int id, const char *what)
{
	tr_not_expressed(c->t, &c->sc, id, what);
}

static void extra_operands(struct ctx *c, size_t used)
{
	for (size_t i = used; i < c->sc.nops; i++) {
		char *q = msg_quote(c->sc.ops[i]);
		tr_approx(c->t, "%s ignores %s", c->who, q);
		free(q);
	}
}

/* --dumpfile, or vzctl's default dump file. */
static const char *dumpfile(struct ctx *c)
{
	const char *f = nscan_value(&c->sc, V_A);
	if (f)
		return validate_path(f, "PATH", c->err) < 0 ? NULL : f;
	tr_approx(c->t, "without --dumpfile vzctl uses /vz/dump/Dump.CTID (CTID the number)");
	return tr_keep(c->t, xasprintf("/vz/dump/Dump.%s", c->t->req.guest));
}

static int vz_set_value(struct ctx *c, int id, const char *value)
{
	struct translation *t = c->t;
	if (id == V_A) {
		t->req.verb = VERB_VCPU_SET;
		return parse_count(value, &t->req.count, c->err);
	}
	t->req.verb = VERB_MEM_SET;
	bool rounded;
	if (native_size("vzctl set --ram", value, "=0 b=0 k=10 m=20 g=30 t=40 p=12", &t->req.size_kib, &rounded, c->err) < 0)
		return -1;
	if (value[strspn(value, "0123456789")] == '\0')
		tr_note(t, "vzctl reads the bare number %s as bytes", value);
	if (rounded)
		tr_approx(t, "%s is not a whole number of KiB: rounded up", value);
	return 0;
}

/* vzctl set's short options: vzctl 4.11 set parses with getopt_long and
 * PARAM_LINE "e:p:f:t:i:l:k:a:b:n:x:h" (include/vzctl_param.h), so -p 80:100
 * is the parameter whose PARAM_ code is 'p' in vzctl_param.h and set_opt
 * (src/vzctl-actions.c).  'a' and 'h' are in PARAM_LINE but no parameter
 * has those codes (--avnumproc is PARAM_AVNUMPROC 52): vzctl set answers
 * "Invalid option -a" (parse_opt, ERR_UNK from mod_parse). */
static const struct {
	char letter;
	const char *name;
} set_short[] = {
	{ 'e', "numiptent" }, { 'p', "numproc" }, { 'f', "numflock" }, { 't', "numpty" },
	{ 'i', "numsiginfo" }, { 'l', "lockedpages" }, { 'k', "kmemsize" }, { 'b', "tcprcvbuf" },
	{ 'n', "numfile" }, { 'x', "dcachesize" },
};

/* A short option of vzctl set (-t 16:20, -t16:20): its long name, or NULL
 * with err filled. */
static const char *set_short_name(struct ctx *c, const char *w)
{
	for (size_t k = 0; k < ARRAY_SIZE(set_short); k++)
		if (set_short[k].letter == w[1])
			return set_short[k].name;
	char *q = msg_quote(w);
	if (w[1] == 'a' || w[1] == 'h')
		vm_error_set(c->err, VM_EXIT_USAGE,
			     "vzctl set refuses %s: no parameter answers to -%c in vzctl 4.11 (it says 'Invalid option -%c')%s",
			     q, w[1], w[1], w[1] == 'a' ? "; --avnumproc has no short form" : "");
	else
		vm_error_set(c->err, VM_EXIT_USAGE, "unknown option %s for 'vzctl set'", q);
	free(q);
	return NULL;
}

/* The parameters of vzctl set that have a verb, by their code. */
static const struct {
	const char *param, *verb;
} set_verbs[] = {
	[V_A] = { "cpus", "vcpu-set" },
	[V_B] = { "ram", "mem-set" },
	[V_C] = { "onboot", "autostart" },
	[V_D] = { "name", "rename" },
	[V_E] = { "devnodes", "disk-attach" },
	[V_F] = { "netdev_add", "nic-attach" },
	[V_G] = { "netif_add", "nic-attach" },
};

/* vzctl set CTID --onboot yes|no and --name NAME: vmctl autostart and
 * rename.  vzctl 4.11 reads ONBOOT from the config only (the boot
 * script): without --save it changes nothing and warns "Settings were not
 * saved".  --name links /etc/vz/names/NAME to the config at once (set_name);
 * --save also writes NAME= in it. */
static int vz_set_definition(struct ctx *c, int id, const char *value, bool save)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	tr_word(&w, "--");
	tr_word(&w, t->req.guest);
	if (id == V_C) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
			char *q = msg_quote(value);
			vm_error_set(c->err, VM_EXIT_USAGE, "invalid value %s for --onboot: vzctl takes yes or no", q);
			free(q);
			return -1;
		}
		tr_word(&w, strcmp(value, "yes") == 0 ? "on" : "off");
		if (!save)
			tr_approx(t, "without --save vzctl set --onboot changes nothing: vzctl reads ONBOOT from the container's "
				  "config, which it leaves as it was (it warns: Settings were not saved); vmctl autostart saves it");
		return tr_answer(&w, "autostart", c->err);
	}
	tr_word(&w, value);
	tr_approx(t, "vzctl set --name gives the container a name that vzctl takes in place of the CTID (/etc/vz/names); "
		  "the CTID stays, and libvirt's openvz driver (vmctl -b openvz) names a guest by its CTID");
	if (save)
		tr_note(t, "--save also writes NAME= in the container's config");
	return tr_answer(&w, "rename", c->err);
}

/* vzctl set CTID --devnodes NAME:PERM, --netdev_add IFACE, --netif_add
 * IFNAME[,MAC,HOST_IFNAME,HOST_MAC,BRIDGE] (vzctl(8) 4.11): vmctl's
 * disk-attach and disk-detach of a device node, and nic-attach. */
static int vz_set_device(struct ctx *c, int id, const char *value, bool save)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	const char *verb = "nic-attach", *ops[2] = { NULL, NULL };
	tr_word(&w, "--live");
	if (save)
		tr_word(&w, "--config");
	if (id == V_E) {
		const char *colon = strrchr(value, ':');
		if (!colon || colon == value)
			return vm_error_set(c->err, VM_EXIT_USAGE, "vzctl set --devnodes takes DEVICE:r|w|rw|none (q added for quota)");
		const char *perm = colon + 1;
		const char *dev = tr_keep(t, xasprintf("/dev/%.*s", (int)(colon - value), value));
		ops[0] = dev;
		bool r = strchr(perm, 'r'), wr = strchr(perm, 'w'), q = strchr(perm, 'q');
		if (strcmp(perm, "none") == 0) {
			verb = "disk-detach";
		} else if (*perm && strspn(perm, "rwq") == strlen(perm) && (r || wr)) {
			verb = "disk-attach";
			ops[1] = dev;
			if (!wr) {
				tr_word(&w, "--mode");
				tr_word(&w, "readonly");
			} else if (!r) {
				tr_approx(t, "vmctl has no write-only mode: the node is read-write");
			}
			if (q)
				tr_approx(t, "q (the container may manage disk quota on the device) has no vmctl equivalent");
			tr_note(t, "the node keeps its host name %s in the container", dev);
		} else {
			return vm_error_set(c->err, VM_EXIT_USAGE, "vzctl set --devnodes takes DEVICE:r|w|rw|none (q added for quota)");
		}
	} else if (id == V_F) {
		ops[0] = tr_keep(t, xasprintf("dev=%s", value));
	} else {
		char *f[5] = { 0 };
		char *copy = (char *)tr_keep(t, xstrdup(value)), *p = copy;
		for (int i = 0; i < 5 && p; i++) {
			f[i] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		if (p || !f[4] || !*f[4])
			return tr_unsupported(c->err, "'vzctl set --netif_add %s' without a bridge (the fifth field): vmctl "
					      "nic-attach joins a bridge (bridge=BR)", value);
		if (f[1] && *f[1]) {
			tr_word(&w, "--mac");
			tr_word(&w, f[1]);
		}
		tr_approx(t, "the container's interface name %s: vmctl leaves it to the backend", f[0]);
		if ((f[2] && *f[2]) || (f[3] && *f[3]))
			tr_approx(t, "the host side's name and MAC have no vmctl equivalent; translated without them");
		ops[0] = tr_keep(t, xasprintf("bridge=%s", f[4]));
	}
	tr_note(t, save ? "vzctl set --save changes the running container and its config: vmctl --live --config"
			: "without --save vzctl changes the running container only: vmctl --live");
	tr_word(&w, "--");
	tr_word(&w, t->req.guest);
	tr_word(&w, ops[0]);
	if (ops[1])
		tr_word(&w, ops[1]);
	return tr_answer(&w, verb, c->err);
}

/* vzctl set CTID --param value ... [--save]: --cpus, --ram, --onboot and
 * --name have a verb; the first of them is translated, every other
 * parameter named. */
static int vz_set(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	int argc = c->argc;
	char **argv = c->argv;
	int done = 0;
	bool save = false;
	const char *chosen = NULL; /* the value of done */
	struct strvec other = STRVEC_INIT; /* the parameters vmctl has no verb for */
	(void)cmd; /* the verb is --cpus or --ram */
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		const char *eq = NULL, *shortv = NULL;
		char *name;
		if (w[0] == '-' && w[1] && w[1] != '-') {
			const char *longname = set_short_name(c, w);
			if (!longname) {
				strvec_clear(&other);
				return -1;
			}
			name = xstrdup(longname);
			shortv = w[2] ? w + 2 : NULL;
		} else if (strncmp(w, "--", 2) != 0 || !w[2]) {
			char *q = msg_quote(w);
			vm_error_set(c->err, VM_EXIT_USAGE, "unexpected operand %s for 'vzctl set'", q);
			free(q);
			strvec_clear(&other);
			return -1;
		} else {
			eq = strchr(w, '=');
			name = eq ? xasprintf("%.*s", (int)(eq - w - 2), w + 2) : xstrdup(w + 2);
		}
		int rc = 0;
		if (strcmp(name, "save") == 0) {
			save = true;
		} else if (strcmp(name, "force") == 0 || strcmp(name, "reset_ub") == 0) {
			tr_approx(t, "%s has no vmctl equivalent; translated without it", w);
		} else if (!in_list(name, SET_PARAMS)) {
			char near[64];
			char *q = msg_quote(w);
			if (nearest_word(name, SET_PARAMS, near, sizeof(near)))
				vm_error_set(c->err, VM_EXIT_USAGE, "unknown option %s for 'vzctl set', did you mean '--%s'?", q, near);
			else
				vm_error_set(c->err, VM_EXIT_USAGE, "unknown option %s for 'vzctl set'", q);
			free(q);
			rc = -1;
		} else if (!eq && !shortv && i + 1 >= argc) {
			char *q = msg_quote(w);
			vm_error_set(c->err, VM_EXIT_USAGE, "option %s of 'vzctl set' needs a value", q);
			free(q);
			rc = -1;
		} else {
			const char *value = eq ? eq + 1 : shortv ? shortv : argv[++i];
			int id = 0;
			for (int k = V_A; k <= V_G; k++)
				if (strcmp(name, set_verbs[k].param) == 0)
					id = k;
			if (id && !done) {
				done = id;
				chosen = value;
				if (id == V_A || id == V_B)
					rc = vz_set_value(c, id, value);
			} else if (id) {
				tr_approx(t, "vzctl set also sets --%s %s: vmctl sets one thing at a time (vmctl %s)", name, value,
					  set_verbs[id].verb);
			} else {
				if (w[1] == '-')
					tr_approx(t, "--%s %s has no vmctl equivalent; translated without it", name, value);
				else
					tr_approx(t, "-%c %s (--%s) has no vmctl equivalent; translated without it", w[1], value, name);
				strvec_pushf(&other, "--%s", name);
			}
		}
		free(name);
		if (rc < 0) {
			strvec_clear(&other);
			return -1;
		}
	}
	if (!done) {
		/* a parameter vmctl cannot express is a real command with no
		 * vmctl verb (exit 4), named in long form */
		if (other.n) {
			char *names = join_words(other.v, other.n);
			tr_unsupported(c->err, "'vzctl set %s' has no vmctl equivalent; translate reads vzctl set --cpus, --ram, "
				       "--onboot, --name, --devnodes, --netdev_add and --netif_add", names);
			free(names);
		} else {
			tr_unsupported(c->err, "vmctl has no equivalent of this vzctl set; translate reads vzctl set --cpus, --ram, "
				       "--onboot, --name, --devnodes, --netdev_add and --netif_add");
		}
		strvec_clear(&other);
		return -1;
	}
	strvec_clear(&other);
	if (done == V_C || done == V_D)
		return vz_set_definition(c, done, chosen, save);
	if (done >= V_E)
		return vz_set_device(c, done, chosen, save);
	t->req.live = true;
	t->req.config = save;
	if (!t->req.config)
		tr_note(t, "without --save vzctl changes the running container only: vmctl %s --live",
			done == V_A ? "vcpu-set" : "mem-set");
	else
		tr_note(t, "vzctl set --save changes the running container and its config: vmctl --live --config");
	return 0;
}

/* vzctl suspend, chkpnt, resume and restore: a checkpoint to disk, or the
 * chkpnt --suspend/--resume that only freezes and thaws. */
static int vz_checkpoint(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	bool restore = cmd->verb == VERB_RESTORE;
	bool suspend = nscan_count(&c->sc, V_B), resume = nscan_count(&c->sc, V_C);
	extra_operands(c, 0);
	if (!restore && suspend + resume > 1)
		return vm_error_set(c->err, VM_EXIT_USAGE, "vzctl %s takes one of --suspend and --resume", c->cmd);
	if (!restore && (suspend || resume) && nscan_count(&c->sc, V_A))
		tr_note(t, "vzctl chkpnt --%s writes no dump: --dumpfile is not used", suspend ? "suspend" : "resume");
	if (!restore && suspend) {
		t->req.verb = VERB_PAUSE;
		tr_approx(t, "vzctl chkpnt --suspend freezes the container (the first stage of a checkpoint); OpenVZ 7: vzctl pause CTID");
		return 0;
	}
	if (!restore && resume) {
		t->req.verb = VERB_RESUME;
		tr_approx(t, "vzctl chkpnt --resume resumes a container frozen by chkpnt --suspend");
		tr_note(t, "false friend: plain vzctl resume is not this: it restores a checkpoint from disk");
		return 0;
	}
	t->req.verb = cmd->verb;
	t->req.path = dumpfile(c);
	if (!t->req.path)
		return -1;
	not_expressed(c, V_D, "one stage of the checkpoint only");
	if (restore)
		not_expressed(c, V_C, "one stage of the restore only");
	if (cmd->note)
		tr_note(t, "%s", cmd->note);
	return 0;
}

static int vz_snapshot_list(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	extra_operands(c, 0);
	t->req.snapshot_op = cmd->op;
	if (c->sc.nopts)
		tr_note(t, "-H, -o and --id only choose what vzctl snapshot-list prints");
	return 0;
}

static int vz_snapshot_create(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	extra_operands(c, 0);
	t->req.snapshot_op = cmd->op;
	const char *name = nscan_value(&c->sc, V_B);
	if (name && validate_name(name, "snapshot name", c->err) < 0)
		return -1;
	t->req.snapshot = name;
	not_expressed(c, V_A, "the snapshot's UUID");
	not_expressed(c, V_C, "a description");
	not_expressed(c, V_D, "a snapshot of the disk only");
	tr_note(t, "ploop containers only");
	return 0;
}

/* vzctl snapshot-switch and snapshot-delete: a snapshot named by --id. */
static int vz_snapshot_id(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	bool sw = cmd->op == SNAPSHOT_REVERT;
	t->req.verb = cmd->verb;
	extra_operands(c, 0);
	const char *id = nscan_value(&c->sc, V_A);
	t->req.snapshot_op = cmd->op;
	if (!id)
		return tr_usage(c->err, c->who, "--id UUID", cmd->usage);
	if (validate_name(id, "snapshot name", c->err) < 0)
		return -1;
	t->req.snapshot = id;
	tr_approx(t, "vzctl names a snapshot by UUID; vmctl snapshot %s takes the snapshot's name", sw ? "revert" : "delete");
	if (sw)
		not_expressed(c, V_D, "resume or not after the switch");
	return 0;
}

/* vzctl start and restart. */
static int vz_start(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	extra_operands(c, 0);
	not_expressed(c, V_B, "start a disabled container");
	not_expressed(c, V_C, "stop without a clean shutdown");
	if (nscan_count(&c->sc, V_A))
		tr_note(t, "--wait waits for the container's default runlevel");
	return 0;
}

static int vz_stop(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	extra_operands(c, 0);
	not_expressed(c, V_B, "leave the private area mounted");
	if (nscan_count(&c->sc, V_A)) {
		t->req.verb = VERB_KILL;
		tr_approx(t, "--fast stops at once without a clean shutdown (reboot(2) in the container)");
		return 0;
	}
	t->req.verb = cmd->verb;
	t->req.force = true;
	tr_approx(t, "vzctl stop waits for a clean shutdown with its own timeout, then kills the container: vmctl stop --force");
	return 0;
}

/* A command that only names the container. */
static int vz_simple(struct ctx *c, const struct vz_cmd *cmd)
{
	c->t->req.verb = cmd->verb;
	extra_operands(c, 0);
	if (cmd->approx)
		tr_approx(c->t, "%s", cmd->approx);
	if (cmd->note)
		tr_note(c->t, "%s", cmd->note);
	return 0;
}

static int vz_console(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	if (c->sc.nops) {
		char *q = msg_quote(c->sc.ops[0]);
		tr_approx(t, "the tty number %s has no vmctl equivalent: vmctl attaches to the console (tty1)", q);
		free(q);
	}
	extra_operands(c, 1);
	return 0;
}

/* vzctl create CTID: vzctl 4.11 parse_create_opt (src/vzctl-actions.c),
 * vps_create (src/lib/create.c).  The CTID is a number: vzctl looks any
 * other word up as an existing container's name ("Bad CT ID"). */
static int vz_create(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	const char *ctid = t->req.guest;
	(void)cmd;
	if (strspn(ctid, "0123456789") != strlen(ctid)) {
		char *q = msg_quote(ctid);
		vm_error_set(c->err, VM_EXIT_USAGE, "'vzctl create' takes a numeric CTID: vzctl looks %s up as an existing "
			     "container's name (it says 'Bad CT ID'); --name NAME names the new one", q);
		free(q);
		return -1;
	}
	extra_operands(c, 0);
	const char *tmpl = nscan_value(&c->sc, V_A), *config = nscan_value(&c->sc, V_B);
	if (!tmpl)
		return tr_unsupported(c->err, "'vzctl create' without --ostemplate takes DEF_OSTEMPLATE from /etc/vz/vz.conf, "
				      "which translate does not read; vmctl create takes --template T");
	if (config) {
		char *q = msg_quote(config);
		tr_approx(t, "--config %s: vzctl takes the container's resources from ve-%s.conf-sample; vmctl create gives "
			  "1 vCPU and 512 MiB unless told (--vcpus, --memory)", q, config);
		free(q);
	} else {
		tr_note(t, "vzctl create takes the container's resources from the sample config that vz.conf names "
			"(CONFIGFILE); vmctl create gives 1 vCPU and 512 MiB unless told (--vcpus, --memory)");
	}
	not_expressed(c, V_C, "the container's hostname");
	not_expressed(c, V_D, "a name vzctl takes in place of the CTID");
	not_expressed(c, V_E, "where the container's private area or root goes");
	not_expressed(c, V_F, "an IP address");
	not_expressed(c, V_G, "a description");
	not_expressed(c, V_H, "the disk layout, ploop or simfs");
	not_expressed(c, V_I, "a disk quota");
	not_expressed(c, V_J, "the UID and GID of a container's files");
	tr_word(&w, "--template");
	tr_word(&w, tmpl);
	tr_word(&w, "--");
	tr_word(&w, ctid);
	return tr_answer(&w, "create", c->err);
}

/* vzctl destroy and delete (one action in vzctl 4.11 src/vzctl.c): it
 * refuses a running container ("Container is currently running. Stop it
 * first."), as vmctl delete does without --force. */
static int vz_delete(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	extra_operands(c, 0);
	tr_note(t, "false friend: vzctl %s deletes the container (its private area and config), as vmctl delete does; "
		"virsh destroy and xl destroy only power off (vmctl kill)", cmd->name);
	tr_word(&w, "--");
	tr_word(&w, t->req.guest);
	return tr_answer(&w, "delete", c->err);
}

/* Whether sh would do more with line than split it into words: an
 * operator, an expansion, a glob, a comment or an assignment outside
 * single quotes. */
static bool shell_line(const char *line)
{
	bool single = false, dbl = false;
	size_t first = strcspn(line, " \t'\"\\");
	if (memchr(line, '=', first))
		return true;
	for (const char *p = line; *p; p++) {
		if (single) {
			single = *p != '\'';
			continue;
		}
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '\'' && !dbl)
			single = true;
		else if (*p == '"')
			dbl = !dbl;
		else if (strchr(dbl ? "$`!" : "$`|;&<>()*?[]~{}!#\n", *p))
			return true;
	}
	return false;
}

/* vzctl exec2 CTID COMMAND... (and exec): vzctl 4.11 joins the words with
 * spaces and hands the line to the container's shell, so the words sh
 * makes of that line are the command; exec2 exits with its status, exec
 * does not. */
static int vz_exec(struct ctx *c, const struct vz_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	if (c->argc == 0)
		return tr_usage(c->err, c->who, "a command", "vzctl exec2 CTID COMMAND [ARG...]");
	if (c->argc == 1 && strcmp(c->argv[0], "-") == 0)
		return tr_unsupported(c->err, "'%s CTID -' runs the commands it reads on standard input; vmctl exec runs one "
				      "command (vmctl exec CTID -- sh reads them)", c->who);
	const char *line = tr_keep(t, join_words(c->argv, (size_t)c->argc));
	tr_word(&w, "--");
	tr_word(&w, t->req.guest);
	tr_word(&w, "--");
	struct strvec words = STRVEC_INIT;
	struct vm_error serr = { 0 };
	if (shell_line(line) || split_words(line, &words, &serr) < 0 || words.n == 0) {
		char *q = msg_quote(line);
		tr_approx(t, "vzctl runs %s through the container's shell (bash); vmctl exec runs it with sh -c", q);
		free(q);
		tr_word(&w, "sh");
		tr_word(&w, "-c");
		tr_word(&w, line);
	} else {
		if (c->argc > 1 || strcmp(words.v[0], line) != 0)
			tr_note(t, "vzctl joins the words with spaces and the container's shell splits them again");
		for (size_t i = 0; i < words.n; i++)
			tr_word(&w, tr_keep(t, xstrdup(words.v[i])));
	}
	strvec_clear(&words);
	if (strcmp(cmd->name, "exec") == 0)
		tr_approx(t, "vzctl exec does not exit with the command's status; vmctl exec does, as vzctl exec2 does");
	return tr_answer(&w, "exec", c->err);
}

/* vzctl enter CTID: a root shell on a new terminal. */
static int vz_enter(struct ctx *c, const struct vz_cmd *cmd)
{
	(void)cmd;
	return tr_unsupported(c->err, "'vzctl enter' opens an interactive root shell; closest: vmctl exec %s -- bash",
			      c->t->req.guest);
}

static const struct nopt o_start[] = { { 0, "wait", false, V_A }, { 0, "force", false, V_B }, { 0, NULL, false, 0 } };
static const struct nopt o_restart[] = {
	{ 0, "wait", false, V_A }, { 0, "force", false, V_B }, { 0, "fast", false, V_C }, { 0, NULL, false, 0 } };
static const struct nopt o_stop[] = {
	{ 0, "fast", false, V_A }, { 0, "skip-umount", false, V_B }, { 0, NULL, false, 0 } };
static const struct nopt o_chkpnt[] = {
	{ 0, "dumpfile", true, V_A }, { 0, "suspend", false, V_B }, { 0, "resume", false, V_C },
	{ 0, "dump", false, V_D }, { 0, "kill", false, V_D }, { 0, NULL, false, 0 } };
static const struct nopt o_restore[] = {
	{ 0, "dumpfile", true, V_A }, { 0, "undump", false, V_D }, { 0, "kill", false, V_D },
	{ 0, "resume", false, V_C }, { 0, "skip_arpdetect", false, V_D }, { 0, NULL, false, 0 } };
/* --uuid is --id's alias in vzctl 4.11 (src/vzctl-actions.c snapshot_*_options) */
static const struct nopt o_snapshot[] = {
	{ 0, "id", true, V_A }, { 0, "uuid", true, V_A }, { 0, "name", true, V_B }, { 0, "description", true, V_C },
	{ 0, "skip-suspend", false, V_D }, { 0, "skip-config", false, V_D }, { 0, NULL, false, 0 } };
static const struct nopt o_switch[] = {
	{ 0, "id", true, V_A }, { 0, "uuid", true, V_A }, { 0, "skip-resume", false, V_D }, { 0, "must-resume", false, V_D },
	{ 0, "skip-config", false, V_D }, { 0, NULL, false, 0 } };
static const struct nopt o_snapdel[] = { { 0, "id", true, V_A }, { 0, "uuid", true, V_A }, { 0, NULL, false, 0 } };
static const struct nopt o_snaplist[] = {
	{ 'H', "no-header", false, V_B }, { 'o', "output", true, V_B }, { 0, "id", true, V_B }, { 0, NULL, false, 0 } };
static const struct nopt o_none[] = { { 0, NULL, false, 0 } };
static const struct nopt o_create[] = {
	{ 0, "ostemplate", true, V_A }, { 0, "config", true, V_B }, { 0, "hostname", true, V_C }, { 0, "name", true, V_D },
	{ 0, "private", true, V_E }, { 0, "root", true, V_E }, { 0, "ipadd", true, V_F }, { 0, "description", true, V_G },
	{ 0, "layout", true, V_H }, { 0, "ve_layout", true, V_H }, { 0, "velayout", true, V_H },
	{ 0, "diskspace", true, V_I }, { 0, "diskinodes", true, V_I }, { 0, "local_uid", true, V_J },
	{ 0, "local_gid", true, V_J }, { 0, NULL, false, 0 } };

#define SUSPEND_NOTE(cmd) "false friend: vzctl " cmd " is a checkpoint to disk (vmctl save); virsh suspend is a pause in memory"

static const struct vz_cmd cmds[] = {
	{ .name = "create", .opts = o_create, .style = NSCAN_LONG, .run = vz_create, .verb = VERB_CREATE },
	{ .name = "destroy", .opts = o_none, .style = NSCAN_LONG, .run = vz_delete, .verb = VERB_DELETE },
	{ .name = "delete", .opts = o_none, .style = NSCAN_LONG, .run = vz_delete, .verb = VERB_DELETE },
	{ .name = "start", .opts = o_start, .style = NSCAN_LONG, .run = vz_start, .verb = VERB_START },
	{ .name = "restart", .opts = o_restart, .style = NSCAN_LONG, .run = vz_start, .verb = VERB_REBOOT },
	{ .name = "stop", .opts = o_stop, .style = NSCAN_LONG, .run = vz_stop, .verb = VERB_STOP },
	{ .name = "suspend", .opts = o_chkpnt, .style = NSCAN_LONG, .run = vz_checkpoint, .verb = VERB_SAVE,
	  .note = SUSPEND_NOTE("suspend") },
	{ .name = "chkpnt", .opts = o_chkpnt, .style = NSCAN_LONG, .run = vz_checkpoint, .verb = VERB_SAVE,
	  .note = SUSPEND_NOTE("chkpnt") },
	{ .name = "resume", .opts = o_restore, .style = NSCAN_LONG, .run = vz_checkpoint, .verb = VERB_RESTORE,
	  .note = "false friend: vzctl resume restores a checkpoint (vmctl restore); virsh resume unpauses" },
	{ .name = "restore", .opts = o_restore, .style = NSCAN_LONG, .run = vz_checkpoint, .verb = VERB_RESTORE },
	{ .name = "snapshot", .opts = o_snapshot, .style = NSCAN_LONG, .run = vz_snapshot_create,
	  .verb = VERB_SNAPSHOT, .op = SNAPSHOT_CREATE },
	{ .name = "snapshot-create", .opts = o_snapshot, .style = NSCAN_LONG, .run = vz_snapshot_create,
	  .verb = VERB_SNAPSHOT, .op = SNAPSHOT_CREATE },
	{ .name = "snapshot-switch", .opts = o_switch, .style = NSCAN_LONG, .run = vz_snapshot_id,
	  .verb = VERB_SNAPSHOT, .op = SNAPSHOT_REVERT, .usage = "vzctl snapshot-switch CTID --id UUID" },
	{ .name = "snapshot-delete", .opts = o_snapdel, .style = NSCAN_LONG, .run = vz_snapshot_id,
	  .verb = VERB_SNAPSHOT, .op = SNAPSHOT_DELETE, .usage = "vzctl snapshot-delete CTID --id UUID" },
	{ .name = "snapshot-list", .opts = o_snaplist, .style = NSCAN_GNU, .run = vz_snapshot_list,
	  .verb = VERB_SNAPSHOT, .op = SNAPSHOT_LIST },
	{ .name = "status", .opts = o_none, .style = NSCAN_LONG, .run = vz_simple, .verb = VERB_INFO,
	  .approx = "vzctl status only says whether the container exists, is mounted and runs; vmctl info shows more",
	  .note = "false friend: vzctl status is not lxc-info (state, init PID, IPs, resource use)" },
	{ .name = "console", .opts = o_none, .style = NSCAN_LONG, .run = vz_console, .verb = VERB_CONSOLE },
	{ .name = "pause", .opts = o_none, .style = NSCAN_LONG, .run = vz_simple, .verb = VERB_PAUSE,
	  .note = "vzctl pause is OpenVZ 7's; vzctl 4.11 has none (closest: vzctl chkpnt CTID --suspend)" },
	{ .name = "set", .run = vz_set },
	{ .name = "exec2", .run = vz_exec },
	{ .name = "exec", .run = vz_exec },
	{ .name = "enter", .run = vz_enter },
};

static const struct ntool vz_tool = {
	.kind = "vzctl subcommand",
	.prefix = "vzctl ",
	.subject = "",
	.words = VZ_WORDS,
	.reads = "vzctl " VZ_READ,
	.aliases = vz_aliases,
};

static const struct nopt vz_flags[] = {
	{ 0, "quiet", false, V_A }, { 0, "verbose", false, V_A }, { 0, "help", false, V_B },
	{ 0, "version", false, V_B }, { 0, NULL, false, 0 },
};

int translate_vzctl(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	struct nscan g;
	int rc = -1;
	t->req.backend = BACKEND_OPENVZ;
	struct ctx c = { .t = t, .err = err };
	if (nscan("vzctl", NSCAN_POSIX, vz_flags, argc - 1, argv + 1, &g, err) < 0)
		goto cleanup;
	if (nscan_count(&g, V_B)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "vzctl --help and --version print vzctl's own text; nothing to translate");
		goto cleanup;
	}
	if (g.nops == 0) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'vzctl' needs a command, such as vzctl start CTID");
		goto cleanup;
	}
	c.cmd = g.ops[0];
	const struct vz_cmd *cmd = cmds;
	while (cmd < cmds + ARRAY_SIZE(cmds) && strcmp(cmd->name, c.cmd) != 0)
		cmd++;
	if (cmd == cmds + ARRAY_SIZE(cmds)) {
		rc = tr_not_expressible(&vz_tool, c.cmd, err);
		goto cleanup;
	}
	char *who = xasprintf("vzctl %s", c.cmd);
	c.who = who;
	if (g.nops < 2) {
		rc = tr_usage(err, who, "a CTID", "vzctl COMMAND CTID [OPTIONS]");
	} else if (tr_guest(t, g.ops[1], err) == 0) {
		int first = g.first_op + 3; /* after "vzctl [flags] COMMAND CTID" */
		c.argc = argc - first;
		c.argv = argv + first;
		if (!cmd->opts || nscan(who, cmd->style, cmd->opts, c.argc, c.argv, &c.sc, err) == 0)
			rc = cmd->run(&c, cmd);
	}
	if (rc == 0 && nscan_count(&g, V_A))
		tr_note(t, "--quiet and --verbose only change what vzctl prints");
	if (rc == 0 && strspn(t->req.guest, "0123456789") != strlen(t->req.guest))
		tr_note(t, "vzctl looks a non-numeric CTID up as a container name (set with vzctl set CTID --name NAME --save)");
	free(who);
cleanup:
	nscan_clear(&c.sc);
	nscan_clear(&g);
	return rc;
}

int translate_vzlist(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	static const struct nopt opts[] = {
		{ 'a', "all", false, V_A }, { 'S', "stopped", false, V_B }, { 'n', "name", false, V_C },
		{ 'H', "no-header", false, V_D }, { 't', "no-trim", false, V_C }, { 'j', "json", false, V_E },
		{ 'o', "output", true, V_F }, { '1', NULL, false, V_G }, { 's', "sort", true, V_C },
		{ 'h', "hostname", true, V_H }, { 'N', "name_filter", true, V_H }, { 'd', "description", true, V_H },
		{ 'L', "list", false, V_B + 100 }, { 0, "help", false, V_B + 100 }, { 0, NULL, false, 0 },
	};
	struct ctx c = { .who = "vzlist", .t = t, .err = err };
	int rc = -1;
	t->req.backend = BACKEND_OPENVZ;
	if (nscan("vzlist", NSCAN_GNU, opts, argc - 1, argv + 1, &c.sc, err) < 0)
		goto cleanup;
	if (nscan_count(&c.sc, V_B + 100)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "vzlist -L and --help print vzlist's own text; nothing to translate");
		goto cleanup;
	}
	if (c.sc.nops > 1) {
		rc = tr_unsupported(err, "vmctl info shows one guest; vzlist was given %zu containers", c.sc.nops);
		goto cleanup;
	}
	const char *out = nscan_value(&c.sc, V_F);
	if (c.sc.nops == 1) {
		t->req.verb = VERB_INFO;
		tr_approx(t, "vzlist CTID prints one line about the container; vmctl info shows its state, vCPUs and memory");
		rc = tr_guest(t, c.sc.ops[0], err);
		goto cleanup;
	}
	t->req.verb = VERB_LIST;
	rc = 0;
	if (nscan_count(&c.sc, V_B))
		tr_approx(t, "vzlist -S lists stopped containers only; vmctl list shows every container");
	else if (!nscan_count(&c.sc, V_A))
		tr_approx(t, "vzlist without -a lists running containers only; vmctl list shows every container");
	not_expressed(&c, V_H, "list only the containers that match");
	if (out && strcmp(out, "name") == 0 && nscan_count(&c.sc, V_D)) {
		t->req.names = true;
		tr_note(t, "a container without a name shows '-' in vzlist");
	} else if (out || nscan_count(&c.sc, V_G) || nscan_count(&c.sc, V_D) || nscan_count(&c.sc, V_C)) {
		tr_note(t, "-o, -1, -H, -n, -t and -s only choose what vzlist prints; vmctl list --name prints names only");
	}
	if (nscan_count(&c.sc, V_E))
		tr_note(t, "vzlist -j is vmctl -o json list");
cleanup:
	nscan_clear(&c.sc);
	return rc;
}

int translate_vzmigrate(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	static const struct nopt opts[] = {
		{ 0, "live", false, V_A }, { 0, "online", false, V_I }, { 'r', "remove-area", true, V_B },
		{ 0, "ssh", true, V_C }, { 0, "rsync", true, V_C }, { 0, "keep-dst", false, V_D },
		{ 'c', "compact", false, V_E }, { 's', "snapshot", false, V_E }, { 0, "check-only", false, V_F },
		{ 0, "dry-run", false, V_F }, { 't', "times", false, V_G }, { 'v', NULL, false, V_G },
		{ 0, "ssh-mux", false, V_G }, { 'f', "nodeps", false, V_H }, { 0, NULL, false, 0 },
	};
	struct ctx c = { .who = "vzmigrate", .t = t, .err = err };
	int rc = -1;
	t->req.backend = BACKEND_OPENVZ;
	/* vzmigrate (a shell script) reads options up to the first operand */
	if (nscan("vzmigrate", NSCAN_POSIX, opts, argc - 1, argv + 1, &c.sc, err) < 0)
		goto cleanup;
	if (c.sc.nops != 2) {
		rc = c.sc.nops < 2 ? tr_usage(err, "vzmigrate", "a destination and a CTID", "vzmigrate [--live] HOST CTID")
				   : vm_error_set(err, VM_EXIT_USAGE, "vzmigrate takes a destination and a CTID, nothing after them (vzmigrate refuses it)");
		goto cleanup;
	}
	if (validate_dest(c.sc.ops[0], err) < 0 || tr_guest(t, c.sc.ops[1], err) < 0)
		goto cleanup;
	t->req.verb = VERB_MIGRATE;
	t->req.dest = c.sc.ops[0];
	if (nscan_count(&c.sc, V_A) || nscan_count(&c.sc, V_I))
		t->req.live = true;
	/* vzmigrate(8) 4.11: "Option --online can be used as a backward-compatible alias" */
	if (nscan_count(&c.sc, V_I))
		tr_note(t, "--online is the old spelling of --live (vzmigrate 4.11 keeps it as an alias)");
	const char *remove = nscan_value(&c.sc, V_B);
	if (remove && strcmp(remove, "no") == 0)
		tr_approx(t, "-r no keeps the container's area on this host; vmctl migrate moves the guest");
	not_expressed(&c, V_C, "options for ssh or rsync");
	not_expressed(&c, V_D, "keep the copied area after an error");
	not_expressed(&c, V_E, "compact or snapshot before the migration");
	not_expressed(&c, V_F, "check only, migrate nothing");
	not_expressed(&c, V_H, "ignore failed checks");
	if (nscan_count(&c.sc, V_G))
		tr_note(t, "-t, -v and --ssh-mux only change what vzmigrate prints and how it uses ssh");
	if (remove && strcmp(remove, "no") != 0)
		tr_note(t, "-r %s: vzmigrate removes the container's area on this host by default", remove);
	tr_note(t, "vzmigrate copies the container's private area itself");
	rc = 0;
cleanup:
	nscan_clear(&c.sc);
	return rc;
}
