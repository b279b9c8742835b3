/* virsh.c: virsh command lines (libvirt 9.0).  virsh's own options come
 * before the command (-c URI is kept); a command's options go anywhere, as
 * --opt=value or --opt value; a word that is no option fills the command's
 * next data option in the order virsh declares them (so `--domain NAME` and
 * a bare NAME are one thing), and `--` ends the options. */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"

#define VIRSH_WORDS \
	"attach-device attach-disk attach-interface autostart blkdeviotune blkiotune blockcommit " \
	"blockcopy blockjob blockpull blockresize change-media console cpu-stats create define desc " \
	"destroy detach-device detach-device-alias detach-disk detach-interface domdisplay domfsfreeze " \
	"domfsthaw domfsinfo domfstrim domhostname domid domif-setlink domiftune domjobabort domjobinfo " \
	"domlaunchsecinfo domsetlaunchsecstate domname domrename dompmsuspend dompmwakeup domuuid " \
	"domxml-from-native domxml-to-native dump dumpxml edit get-user-sshkeys inject-nmi iothreadinfo " \
	"iothreadpin iothreadadd iothreadset iothreaddel send-key send-process-signal " \
	"lxc-enter-namespace managedsave managedsave-remove managedsave-edit managedsave-dumpxml " \
	"managedsave-define memtune perf metadata migrate migrate-setmaxdowntime migrate-getmaxdowntime " \
	"migrate-compcache migrate-setspeed migrate-getspeed migrate-postcopy numatune qemu-attach " \
	"qemu-monitor-command qemu-monitor-event qemu-agent-command guest-agent-timeout reboot reset " \
	"restore resume save save-image-define save-image-dumpxml save-image-edit schedinfo screenshot " \
	"set-lifecycle-action set-user-sshkeys set-user-password setmaxmem setmem setvcpus shutdown " \
	"start suspend ttyconsole undefine update-device update-memory-device vcpucount vcpuinfo " \
	"vcpupin emulatorpin vncdisplay guestvcpus setvcpu domblkthreshold guestinfo domdirtyrate-calc " \
	"dom-fd-associate domblkerror domblkinfo domblklist domblkstat domcontrol domif-getlink " \
	"domifaddr domiflist domifstat dominfo dommemstat domstate domstats domtime list event " \
	"allocpages capabilities cpu-baseline cpu-compare cpu-models domcapabilities freecell freepages " \
	"hostname hypervisor-cpu-baseline hypervisor-cpu-compare maxvcpus node-memory-tune nodecpumap " \
	"nodecpustats nodeinfo nodememstats nodesevinfo nodesuspend sysinfo uri version " \
	"checkpoint-create checkpoint-create-as checkpoint-delete checkpoint-dumpxml checkpoint-edit " \
	"checkpoint-info checkpoint-list checkpoint-parent iface-begin iface-bridge iface-commit " \
	"iface-define iface-destroy iface-dumpxml iface-edit iface-list iface-mac iface-name " \
	"iface-rollback iface-start iface-unbridge iface-undefine nwfilter-define nwfilter-dumpxml " \
	"nwfilter-edit nwfilter-list nwfilter-undefine nwfilter-binding-create nwfilter-binding-delete " \
	"nwfilter-binding-dumpxml nwfilter-binding-list net-autostart net-create net-define net-destroy " \
	"net-dhcp-leases net-dumpxml net-edit net-event net-info net-list net-name net-start " \
	"net-undefine net-update net-uuid net-port-list net-port-create net-port-dumpxml " \
	"net-port-delete nodedev-create nodedev-destroy nodedev-detach nodedev-dumpxml nodedev-list " \
	"nodedev-reattach nodedev-reset nodedev-event nodedev-define nodedev-undefine nodedev-start " \
	"nodedev-autostart nodedev-info secret-define secret-dumpxml secret-event secret-get-value " \
	"secret-list secret-set-value secret-undefine snapshot-create snapshot-create-as " \
	"snapshot-current snapshot-delete snapshot-dumpxml snapshot-edit snapshot-info snapshot-list " \
	"snapshot-parent snapshot-revert backup-begin backup-dumpxml find-storage-pool-sources-as " \
	"find-storage-pool-sources pool-autostart pool-build pool-create-as pool-create pool-define-as " \
	"pool-define pool-delete pool-destroy pool-dumpxml pool-edit pool-info pool-list pool-name " \
	"pool-refresh pool-start pool-undefine pool-uuid pool-event pool-capabilities vol-clone " \
	"vol-create-as vol-create vol-create-from vol-delete vol-download vol-dumpxml vol-info vol-key " \
	"vol-list vol-name vol-path vol-pool vol-resize vol-upload vol-wipe cd echo exit help pwd quit " \
	"connect"
#define VIRSH_READ "list, dominfo, domstate, start, create, define, undefine, dumpxml, autostart, domrename, " \
	"shutdown, destroy, reboot, reset, suspend, " \
	"resume, setvcpus, setmem, change-media, console, save, restore, snapshot-create, snapshot-create-as, " \
	"snapshot-list, snapshot-revert, snapshot-delete, migrate, nodeinfo, qemu-monitor-command, pool-list, " \
	"pool-define-as, pool-create-as, pool-undefine, vol-list, vol-create-as, vol-info, vol-dumpxml, vol-resize, " \
	"vol-create-from, vol-delete, net-list, net-info, net-dhcp-leases, net-dumpxml, net-start, net-destroy, " \
	"net-undefine, attach-disk, detach-disk, domblklist, attach-interface, detach-interface, domiflist, vcpuinfo, " \
	"vcpupin, domdisplay, event, domstats, qemu-agent-command and lxc-enter-namespace"

static const struct nalias virsh_aliases[] = {
	{ "pause", "virsh has no pause; you mean virsh suspend (a pause in memory; vzctl suspend is a checkpoint to disk)" },
	{ "unpause", "virsh has no unpause; you mean virsh resume" },
	{ "stop", "virsh has no stop; you mean virsh shutdown (virsh destroy powers off at once)" },
	{ "halt", "virsh has no halt; you mean virsh shutdown (virsh destroy powers off at once)" },
	{ "kill", "virsh has no kill; you mean virsh destroy (a power-off that keeps the definition)" },
	{ "vcpu-set", "virsh has no vcpu-set; you mean virsh setvcpus (xl vcpu-set is virsh setvcpus)" },
	{ "mem-set", "virsh has no mem-set; you mean virsh setmem" },
	{ "cd-insert", "virsh has no cd-insert; you mean virsh change-media DOMAIN TARGET SOURCE --update" },
	{ "cd-eject", "virsh has no cd-eject; you mean virsh change-media DOMAIN TARGET --eject" },
	{ "info", "virsh has no info; you mean virsh dominfo" },
	{ "status", "virsh has no status; you mean virsh domstate" },
	{ "snapshot", "virsh has no snapshot; you mean virsh snapshot-create-as" },
	{ "unfreeze", "virsh has no unfreeze; you mean virsh resume" },
	{ "freeze", "virsh has no freeze; you mean virsh suspend" },
	{ "rename", "virsh has no rename; you mean virsh domrename" },
	{ "delete", "virsh has no delete; you mean virsh undefine (virsh destroy only powers off)" },
	{ "config", "virsh has no config; you mean virsh dumpxml" },
	{ NULL, NULL },
};

#define VMAX 64

static const struct ntool virsh_tool;

struct vopt {
	char name[40];
	char type; /* 'b' flag, 'd' data, 'o' data given by name only, 'a' the rest of the data words */
	bool req;
	bool set;
	const char *val;
	const char *word;
};

struct vctx {
	const char *who;   /* "virsh setvcpus" */
	const char *usage;
	struct vopt o[VMAX];
	size_t n;
	struct strvec rest; /* the words of an 'a' option */
	struct translation *t;
	struct vm_error *err;
};

/* One virsh command: its options, and the handler that reads them into
 * c->t with the data of its row (one handler serves several rows). */
struct vcmd {
	const char *name;
	const char *spec;  /* the options, for load_spec() */
	const char *usage;
	int (*run)(struct vctx *c, const struct vcmd *cmd);
	enum vm_verb verb;
	enum vm_snapshot_op op; /* snapshot-* */
	const char *note;   /* v_simple, v_info, v_file: a remark */
	const char *approx; /* v_simple: a reason, what vmctl does not do */
};

/* "!domain:d !count:d maximum config": '!' required, ":d" data, ":o" data
 * that is never positional, ":a" the rest of the positional words. */
static void load_spec(struct vctx *c, const char *spec)
{
	for (const char *p = spec; *p && c->n < VMAX;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		struct vopt *o = &c->o[c->n++];
		memset(o, 0, sizeof(*o));
		const char *w = p;
		size_t wl = len;
		if (*w == '!') {
			o->req = true;
			w++;
			wl--;
		}
		o->type = 'b';
		if (wl > 2 && w[wl - 2] == ':') {
			o->type = w[wl - 1];
			wl -= 2;
		}
		snprintf(o->name, sizeof(o->name), "%.*s", (int)wl, w);
		p += len;
	}
}

static struct vopt *vfind(struct vctx *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->o[i].name) == len && strncmp(c->o[i].name, name, len) == 0)
			return &c->o[i];
	return NULL;
}

static bool vhas(struct vctx *c, const char *name)
{
	struct vopt *o = vfind(c, name, strlen(name));
	return o && o->set;
}

static const char *vval(struct vctx *c, const char *name)
{
	struct vopt *o = vfind(c, name, strlen(name));
	return o && o->set ? o->val : NULL;
}

enum { E_UNKNOWN, E_TWICE, E_NONE, E_NEEDS, E_OPERAND };

static int verr(struct vctx *c, int kind, const char *word)
{
	char *q = msg_quote(word);
	if (kind == E_UNKNOWN)
		vm_error_set(c->err, VM_EXIT_USAGE, "unknown option %s for '%s'", q, c->who);
	else if (kind == E_TWICE)
		vm_error_set(c->err, VM_EXIT_USAGE, "option %s given twice to '%s'", q, c->who);
	else if (kind == E_NONE)
		vm_error_set(c->err, VM_EXIT_USAGE, "option %s of '%s' takes no value", q, c->who);
	else if (kind == E_NEEDS)
		vm_error_set(c->err, VM_EXIT_USAGE, "option %s of '%s' needs a value", q, c->who);
	else
		vm_error_set(c->err, VM_EXIT_USAGE, "unexpected operand %s for '%s'", q, c->who);
	free(q);
	return -1;
}

static int set_value(struct vctx *c, struct vopt *o, const char *val, const char *word)
{
	if (o->type == 'a') {
		strvec_push(&c->rest, val);
		o->set = true;
		o->val = c->rest.v[0];
		return 0;
	}
	if (o->set)
		return verr(c, E_TWICE, word);
	o->set = true;
	o->val = val;
	o->word = word;
	return 0;
}

static int parse_words(struct vctx *c, int argc, char **argv)
{
	bool dd = false;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (!dd && strcmp(w, "--") == 0) {
			dd = true;
			continue;
		}
		if (!dd && w[0] == '-' && w[1] == '-') {
			const char *name = w + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			struct vopt *o = vfind(c, name, len);
			if (!o) {
				char *opt = xasprintf("--%.*s", (int)len, name);
				verr(c, E_UNKNOWN, opt);
				free(opt);
				return -1;
			}
			if (o->type == 'b') {
				if (eq)
					return verr(c, E_NONE, w);
				if (set_value(c, o, NULL, w) < 0)
					return -1;
				continue;
			}
			if (!eq && i + 1 >= argc)
				return verr(c, E_NEEDS, w);
			if (set_value(c, o, eq ? eq + 1 : argv[++i], w) < 0)
				return -1;
			continue;
		}
		struct vopt *o = NULL;
		for (size_t j = 0; j < c->n && !o; j++)
			if ((c->o[j].type == 'd' && !c->o[j].set) || c->o[j].type == 'a')
				o = &c->o[j];
		if (!o)
			return verr(c, E_OPERAND, w);
		if (set_value(c, o, w, w) < 0)
			return -1;
	}
	for (size_t j = 0; j < c->n; j++)
		if (c->o[j].req && !c->o[j].set)
			return vm_error_set(c->err, VM_EXIT_USAGE, "'%s' needs --%s; usage: %s", c->who, c->o[j].name, c->usage);
	return 0;
}

/* Every option given that the handler did not read (handled) is named:
 * display-only ones (shown) as a note, the others as an approximation. */
static void leftovers(struct vctx *c, const char *handled, const char *shown)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct vopt *o = &c->o[i];
		if (!o->set || o->req || in_list(o->name, handled))
			continue;
		if (in_list(o->name, shown))
			tr_note(c->t, "--%s only changes what virsh prints", o->name);
		else
			tr_approx(c->t, "--%s has no vmctl equivalent; translated without it", o->name);
	}
}

static int dom(struct vctx *c)
{
	return tr_guest(c->t, vval(c, "domain"), c->err);
}

/* --live, --config, --current as virsh combines them. */
static int affect(struct vctx *c)
{
	bool live = vhas(c, "live"), config = vhas(c, "config"), current = vhas(c, "current");
	if (current && (live || config))
		return vm_error_set(c->err, VM_EXIT_USAGE, "--current and --%s are mutually exclusive (virsh refuses them together)",
				    live ? "live" : "config");
	if (live)
		c->t->req.live = true;
	if (config)
		c->t->req.config = true;
	return 0;
}

static int v_list(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	if (vhas(c, "name"))
		t->req.names = true;
	if (!vhas(c, "all"))
		tr_approx(t, "virsh list without --all shows running guests only; vmctl list shows every guest");
	leftovers(c, "all name", "uuid id table title managed-save");
	return 0;
}

static int v_info(struct vctx *c, const struct vcmd *cmd)
{
	c->t->req.verb = cmd->verb;
	if (cmd->note)
		tr_note(c->t, "%s", cmd->note);
	leftovers(c, "", "reason");
	return dom(c);
}

/* What virsh start and virsh create share. */
static void start_flags(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	if (vhas(c, "paused"))
		t->req.paused = true;
	if (vhas(c, "console"))
		t->req.console = true;
	leftovers(c, "paused console validate", "");
}

static int v_start(struct vctx *c, const struct vcmd *cmd)
{
	start_flags(c, cmd);
	return dom(c);
}

static int v_create(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	start_flags(c, cmd);
	if (validate_path(vval(c, "file"), "CONFIG", c->err) < 0)
		return -1;
	t->req.from = vval(c, "file");
	tr_note(t, "false friend: virsh create starts a transient guest from domain XML, as vmctl start --from does under "
		"libvirt; vmctl create defines one (virsh define)");
	return 0;
}

/* ---- a guest's definition: define, undefine, dumpxml, autostart,
 * domrename (virsh 9.0 tools/virsh-domain.c; what virsh refuses was
 * checked with virsh 9.0 on test:///default) ---- */

/* virsh define FILE [--validate]: the guest's name is the XML's. */
static int v_define(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	tr_word(&w, "--from");
	tr_word(&w, vval(c, "file"));
	if (tr_answer(&w, "create", c->err) < 0)
		return -1;
	tr_note(t, "the guest's name comes from the XML's <name>");
	tr_note(t, "false friend: virsh define defines the guest and leaves it shut off, as vmctl create does; virsh "
		"create starts a transient one (vmctl start --from)");
	if (vhas(c, "validate"))
		tr_note(t, "--validate only checks the XML against libvirt's schema");
	leftovers(c, "file validate", "");
	return 0;
}

/* names[i] as "--name" (dashes) or whats[i], for those given (or not):
 * "A, B and C" (last: "and" or "or"), or NULL when there are none. */
static char *given_list(struct vctx *c, const char *const *names, const char *const *whats, size_t n, bool given,
			const char *last)
{
	struct strvec v = STRVEC_INIT;
	for (size_t i = 0; i < n; i++)
		if (vhas(c, names[i]) == given) {
			if (whats)
				strvec_push(&v, whats[i]);
			else
				strvec_pushf(&v, "--%s", names[i]);
		}
	char *list = NULL;
	for (size_t i = 0; i < v.n; i++) {
		char *next = xasprintf("%s%s%s%s%s", list ? list : "", i == 0 ? "" : i + 1 == v.n ? " " : ", ",
				       i && i + 1 == v.n ? last : "", i && i + 1 == v.n ? " " : "", v.v[i]);
		free(list);
		list = next;
	}
	strvec_clear(&v);
	return list;
}

/* virsh undefine: vmctl delete removes the snapshot metadata, managed save
 * and NVRAM with the definition, which libvirt refuses to leave behind
 * unless --snapshots-metadata, --managed-save and --nvram (or --keep-nvram)
 * are given. */
static int v_undefine(struct vctx *c, const struct vcmd *cmd)
{
	static const char *const removed[] = { "snapshots-metadata", "managed-save", "nvram" };
	static const char *const what[] = { "snapshots", "a managed save", "NVRAM" };
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	const char *vols = vval(c, "storage");
	bool all = vhas(c, "remove-all-storage");
	if (vhas(c, "nvram") && vhas(c, "keep-nvram"))
		return vm_error_set(c->err, VM_EXIT_USAGE, "--nvram and --keep-nvram are mutually exclusive (virsh refuses them together)");
	if (vhas(c, "tpm") && vhas(c, "keep-tpm"))
		return vm_error_set(c->err, VM_EXIT_USAGE, "--tpm and --keep-tpm are mutually exclusive (virsh refuses them together)");
	if (vhas(c, "delete-storage-volume-snapshots") && !all)
		return vm_error_set(c->err, VM_EXIT_USAGE, "--delete-storage-volume-snapshots needs --remove-all-storage (virsh refuses it alone)");
	if (vhas(c, "wipe-storage") && !all && !vols)
		return vm_error_set(c->err, VM_EXIT_USAGE, "--wipe-storage needs --storage or --remove-all-storage (virsh refuses it alone)");
	if (all || vols)
		tr_word(&w, "--storage");
	if (vols) {
		char *q = msg_quote(vols);
		tr_approx(t, "--storage %s deletes those volumes only; vmctl delete --storage deletes every volume of the guest "
			  "that no other guest uses", q);
		free(q);
	} else if (all) {
		tr_note(t, "vmctl delete --storage keeps a volume that another guest uses, and names it; virsh "
			"--remove-all-storage deletes it too");
	}
	if (vhas(c, "wipe-storage"))
		tr_approx(t, "--wipe-storage wipes the volumes before deleting them; vmctl delete --storage does not");
	if (vhas(c, "keep-nvram"))
		tr_approx(t, "--keep-nvram keeps the NVRAM file; vmctl delete removes it");
	if (vhas(c, "checkpoints-metadata"))
		tr_approx(t, "--checkpoints-metadata: vmctl delete names no checkpoint metadata among what it removes "
			  "(snapshot metadata, managed save, NVRAM)");
	/* nvram comes last: --keep-nvram leaves it out of what is missing */
	size_t asked = ARRAY_SIZE(removed) - vhas(c, "keep-nvram");
	char *given = given_list(c, removed, NULL, ARRAY_SIZE(removed), true, "and");
	char *missing = given_list(c, removed, NULL, asked, false, "and");
	char *has = given_list(c, removed, what, asked, false, "or");
	if (given)
		tr_note(t, "vmctl delete always removes the snapshot metadata, managed save and NVRAM, as %s ask%s", given,
			strchr(given, ' ') ? "" : "s");
	if (missing)
		tr_note(t, "virsh undefine without %s refuses a guest that has %s; vmctl delete removes %s with the "
			"definition", missing, has, strcmp(has, "a managed save") == 0 || strcmp(has, "NVRAM") == 0 ? "it" : "them");
	free(given);
	free(missing);
	free(has);
	tr_note(t, "virsh undefine leaves a running guest running, transient until it stops; vmctl delete refuses a "
		"running guest (--force kills it first)");
	leftovers(c, "domain storage remove-all-storage wipe-storage keep-nvram checkpoints-metadata snapshots-metadata "
		  "managed-save nvram", "");
	tr_word(&w, "--");
	tr_word(&w, vval(c, "domain"));
	return tr_answer(&w, "delete", c->err);
}

/* virsh dumpxml: passwords are left out unless --security-info, as vmctl
 * config always leaves them out. */
static int v_dumpxml(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	if (vhas(c, "inactive"))
		tr_word(&w, "--inactive");
	if (vhas(c, "security-info"))
		tr_approx(t, "--security-info also prints passwords; vmctl config always leaves them out, as virsh dumpxml "
			  "does without it");
	if (vhas(c, "update-cpu"))
		tr_approx(t, "--update-cpu prints the guest CPU updated from the host's; vmctl config prints the definition "
			  "as it is");
	if (vhas(c, "migratable"))
		tr_approx(t, "--migratable prints the XML a migration sends; vmctl config prints the definition as it is");
	if (vval(c, "xpath")) {
		char *q = msg_quote(vval(c, "xpath"));
		tr_approx(t, "--xpath %s prints only the nodes it matches; vmctl config prints the whole definition", q);
		free(q);
	}
	leftovers(c, "domain inactive security-info update-cpu migratable xpath", "wrap");
	tr_word(&w, "--");
	tr_word(&w, vval(c, "domain"));
	return tr_answer(&w, "config", c->err);
}

static int v_autostart(struct vctx *c, const struct vcmd *cmd)
{
	struct tr_words w = { .t = c->t };
	(void)cmd;
	leftovers(c, "domain disable", "");
	tr_word(&w, "--");
	tr_word(&w, vval(c, "domain"));
	tr_word(&w, vhas(c, "disable") ? "off" : "on");
	return tr_answer(&w, "autostart", c->err);
}

static int v_domrename(struct vctx *c, const struct vcmd *cmd)
{
	struct tr_words w = { .t = c->t };
	(void)cmd;
	leftovers(c, "domain new-name", "");
	tr_note(c->t, "false friend: virsh domrename renames an inactive guest only, as vmctl rename does; xl rename "
		"renames a running domain only");
	tr_word(&w, "--");
	tr_word(&w, vval(c, "domain"));
	tr_word(&w, vval(c, "new-name"));
	return tr_answer(&w, "rename", c->err);
}

/* A command on one domain that only names it. */
static int v_simple(struct vctx *c, const struct vcmd *cmd)
{
	if (cmd->approx)
		tr_approx(c->t, "%s", cmd->approx);
	c->t->req.verb = cmd->verb;
	if (cmd->verb == VERB_STOP)
		c->t->req.timeout = 0;
	if (cmd->note)
		tr_note(c->t, "%s", cmd->note);
	leftovers(c, "", "");
	return dom(c);
}

/* What virsh setvcpus and virsh setmem share: the domain, where it applies. */
static int set_target(struct vctx *c)
{
	if (dom(c) < 0 || affect(c) < 0)
		return -1;
	leftovers(c, "live config current", "");
	return 0;
}

static int v_setvcpus(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	if (set_target(c) < 0)
		return -1;
	t->req.verb = cmd->verb;
	tr_note(t, "false friend: virsh setvcpus is xl vcpu-set; virsh has no vcpu-set");
	return parse_count(vval(c, "count"), &t->req.count, c->err);
}

static int v_setmem(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	if (set_target(c) < 0)
		return -1;
	t->req.verb = cmd->verb;
	const char *s = vval(c, "size");
	bool rounded;
	if (native_size(c->who, s, "=10 b=0 byte=0 bytes=0 k=10 kib=10 kb=d3 m=20 mib=20 mb=d6 g=30 gib=30 gb=d9 "
			"t=40 tib=40 tb=d12 p=50 pib=50 pb=d15 e=60 eib=60 eb=d18", &t->req.size_kib, &rounded, c->err) < 0)
		return -1;
	size_t unit = strspn(s, "0123456789");
	if (s[unit] == '\0')
		tr_note(t, "virsh reads the bare number %s as KiB", s);
	else if (strchr("kKmMgGtTpPeE", s[unit]) && (s[unit + 1] == 'B' || s[unit + 1] == 'b'))
		tr_note(t, "virsh reads %s as powers of 10 (%s = %llu KiB%s); K, M, G are powers of 2", s + unit, s,
			(unsigned long long)t->req.size_kib, rounded ? ", rounded up" : "");
	return 0;
}

static int v_media(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	int actions = vhas(c, "eject") + vhas(c, "insert") + vhas(c, "update");
	if (actions > 1)
		return vm_error_set(c->err, VM_EXIT_USAGE, "--eject, --insert and --update are mutually exclusive (virsh refuses them together)");
	if (dom(c) < 0 || validate_device(vval(c, "path"), c->err) < 0)
		return -1;
	t->req.verb = cmd->verb;
	t->req.device = vval(c, "path");
	const char *source = vval(c, "source");
	if (vhas(c, "eject") && source)
		return vm_error_set(c->err, VM_EXIT_USAGE, "--eject takes no source (virsh refuses it)");
	if (vhas(c, "insert") && !source)
		return tr_usage(c->err, c->who, "--source with --insert", c->usage);
	if (!source) {
		t->req.eject = true;
		if (!vhas(c, "eject"))
			tr_note(t, "virsh change-media without a source ejects the medium");
	} else {
		if (validate_path(source, "ISO", c->err) < 0)
			return -1;
		t->req.iso = source;
		if (vhas(c, "insert"))
			tr_approx(t, "--insert fails on a drive that holds a medium; vmctl cd-change inserts or swaps (--update)");
	}
	leftovers(c, "eject insert update current source", "print-xml");
	if (vhas(c, "print-xml"))
		tr_approx(t, "virsh change-media --print-xml only prints the XML; the vmctl command changes the medium");
	tr_note(t, "false friend: virsh change-media DOMAIN TARGET SOURCE is xl cd-insert DOMAIN VDEV PATH and the monitor's change DEVICE FILE (a QEMU device id)");
	return 0;
}

/* virsh save DOMAIN FILE and virsh restore FILE (the guest's name is in the file). */
static int v_file(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	if (validate_path(vval(c, "file"), "PATH", c->err) < 0)
		return -1;
	t->req.path = vval(c, "file");
	leftovers(c, "", "verbose");
	tr_note(t, "%s", cmd->note);
	return cmd->verb == VERB_RESTORE ? 0 : dom(c);
}

static int v_snapshot(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	enum vm_snapshot_op op = cmd->op;
	t->req.verb = cmd->verb;
	t->req.snapshot_op = op;
	if (dom(c) < 0)
		return -1;
	const char *name = vval(c, op == SNAPSHOT_CREATE ? "name" : "snapshotname");
	if (op == SNAPSHOT_LIST) {
		leftovers(c, "", "parent tree name topological");
		return 0;
	}
	if (!name && op != SNAPSHOT_CREATE)
		return tr_unsupported(c->err, "vmctl snapshot %s needs a snapshot name: '%s' without --snapshotname (--current) has no vmctl equivalent",
				      op == SNAPSHOT_REVERT ? "revert" : "delete", c->who);
	if (name && validate_name(name, "snapshot name", c->err) < 0)
		return -1;
	t->req.snapshot = name;
	leftovers(c, "name snapshotname", "");
	if (op == SNAPSHOT_CREATE && !name)
		tr_note(t, "libvirt names the snapshot itself (the time it was taken)");
	return 0;
}

/* virsh snapshot-create DOMAIN [XMLFILE]: "If xmlfile is completely
 * omitted, then libvirt will choose a value for all fields" (virsh(1)),
 * which is vmctl snapshot create DOMAIN.  --current needs --redefine, and
 * --redefine an XMLFILE: libvirt refuses them otherwise (virsh 9.0 on
 * test:///default: "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required
 * by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'", "a redefined snapshot must
 * have a name"). */
static int v_snapshot_xml(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	const char *xml = vval(c, "xmlfile");
	bool redefine = vhas(c, "redefine");
	if (vhas(c, "current") && !redefine)
		return vm_error_set(c->err, VM_EXIT_USAGE, "--current needs --redefine ('%s' refuses it alone)", c->who);
	if (redefine && !xml)
		return tr_usage(c->err, c->who, "an XML file with --redefine", c->usage);
	if (redefine)
		return tr_unsupported(c->err, "'%s --redefine' gives libvirt the metadata of a snapshot taken before; vmctl has no verb for it",
				      c->who);
	t->req.verb = cmd->verb;
	t->req.snapshot_op = cmd->op;
	if (dom(c) < 0)
		return -1;
	if (xml) {
		char *q = msg_quote(xml);
		tr_approx(t, "the snapshot XML %s is not read: its <name>, <description> and <disks> are not carried; vmctl snapshot create lets libvirt choose them",
			  q);
		free(q);
	} else {
		tr_note(t, "libvirt names the snapshot itself (the time it was taken)");
	}
	if (vhas(c, "validate"))
		tr_note(t, "--validate only checks the XML against libvirt's schema");
	leftovers(c, "xmlfile validate", "");
	return 0;
}

/* qemu+ssh://HOST/system is what vmctl writes for a bare host. */
static const char *dest_of(struct vctx *c, const char *uri)
{
	static const char pre[] = "qemu+ssh://", post[] = "/system";
	size_t len = strlen(uri);
	if (len > sizeof(pre) + sizeof(post) - 2 && strncmp(uri, pre, sizeof(pre) - 1) == 0 &&
	    strcmp(uri + len - sizeof(post) + 1, post) == 0) {
		const char *host = uri + sizeof(pre) - 1;
		size_t hl = len - (sizeof(pre) - 1) - (sizeof(post) - 1);
		if (strcspn(host, "@:[]/?#") >= hl) {
			tr_note(c->t, "vmctl reads a bare host as qemu+ssh://HOST/system");
			return tr_keep(c->t, xasprintf("%.*s", (int)hl, host));
		}
	}
	return uri;
}

static int v_migrate(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	if (dom(c) < 0 || validate_dest(vval(c, "desturi"), c->err) < 0)
		return -1;
	t->req.dest = dest_of(c, vval(c, "desturi"));
	if (vhas(c, "live"))
		t->req.live = true;
	if (vhas(c, "unsafe"))
		t->req.unsafe = true;
	leftovers(c, "live unsafe", "verbose");
	return 0;
}

static int v_host(struct vctx *c, const struct vcmd *cmd)
{
	c->t->req.verb = cmd->verb;
	tr_approx(c->t, "virsh nodeinfo shows the host's CPUs and memory; vmctl host checks what the host can run");
	return 0;
}

/* s as a JSON object, or NULL when it is not one, whole. */
static json_object *json_object_of(const char *s)
{
	struct json_tokener *tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	size_t len = strlen(s);
	json_object *obj = json_tokener_parse_ex(tok, s, (int)len);
	size_t end = json_tokener_get_parse_end(tok);
	if (obj && (json_tokener_get_error(tok) != json_tokener_success || !json_object_is_type(obj, json_type_object) ||
		    strspn(s + end, " \t\r\n") != len - end)) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

/* The QMP command virsh 9.0 sends for the words of a command without --hmp
 * (cmdQemuMonitorCommand, tools/virsh-domain.c; virsh(1): "If command is
 * not a JSON object libvirt tries to wrap it"), as virsh 9.0 was seen to
 * send them (LIBVIRT_DEBUG=1 logs virDomainQemuMonitorCommand's cmd, on
 * test:///default): the words joined by spaces, when they make a JSON
 * object; else {"execute":FIRST} with "arguments" the other words joined
 * by spaces, when they make a JSON object, or else joined by commas inside
 * braces; virsh refuses other words.  A new string, or NULL with err. */
static char *qmp_words(struct vctx *c)
{
	char *line = join_words(c->rest.v, c->rest.n);
	json_object *obj = json_object_of(line);
	if (obj || line[strspn(line, " \t\r\n")] == '{') {
		/* a JSON object; or JSON meant, but broken: qmp.c says how
		 * (virsh would send it as the name of a command QEMU has not) */
		json_object_put(obj);
		return line;
	}
	free(line);
	json_object *args = NULL;
	if (c->rest.n > 1) {
		char *words = join_words(c->rest.v + 1, c->rest.n - 1);
		args = json_object_of(words);
		if (!args) {
			size_t len = 3;
			for (size_t i = 1; i < c->rest.n; i++)
				len += strlen(c->rest.v[i]) + 1;
			char *wrap = xmalloc(len), *o = wrap;
			*o++ = '{';
			for (size_t i = 1; i < c->rest.n; i++)
				o += sprintf(o, "%s%s", i > 1 ? "," : "", c->rest.v[i]);
			*o++ = '}';
			*o = '\0';
			args = json_object_of(wrap);
			if (!args) {
				char *q = msg_quote(words);
				vm_error_set(c->err, VM_EXIT_USAGE, "'%s' cannot wrap the arguments %s into a QMP command: %s is no JSON object (virsh refuses it)",
					     c->who, q, wrap);
				free(q);
			}
			free(wrap);
		}
		free(words);
		if (!args)
			return NULL;
	}
	json_object *qmp = json_object_new_object();
	json_object_object_add(qmp, "execute", json_object_new_string(c->rest.v[0]));
	if (args)
		json_object_object_add(qmp, "arguments", args);
	char *s = xasprintf("%s", json_object_to_json_string_ext(qmp, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(qmp);
	tr_note(c->t, "virsh wraps words that are no JSON object: it sends %s", s);
	return s;
}

/* The monitor command is translated by hmp.c or qmp.c. */
static int v_monitor(struct vctx *c, const struct vcmd *cmd)
{
	(void)cmd;
	bool hmp = vhas(c, "hmp");
	char *words = hmp ? join_words(c->rest.v, c->rest.n) : qmp_words(c);
	if (!words)
		return -1;
	const char *line = tr_keep(c->t, words);
	if ((hmp ? hmp_translate : qmp_translate)(vval(c, "domain"), line, c->t, c->err) < 0)
		return -1;
	leftovers(c, "hmp cmd", "pretty return-value");
	return 0;
}

static const char *storage_get(void *ctx, const char *name)
{
	struct vctx *c = ctx;
	const char *v = vval(c, name);
	return v ? v : vhas(c, name) ? "" : NULL;
}

static void storage_leftovers(void *ctx, const char *handled, const char *shown)
{
	leftovers(ctx, handled, shown);
}

/* pool-* and vol-*: storage.c reads what this parser found. */
static int v_storage(struct vctx *c, const struct vcmd *cmd)
{
	struct virsh_opts o = { storage_get, storage_leftovers, c };
	return translate_virsh_storage(cmd->name, &o, c->t, c->err);
}

/* attach-disk, detach-interface, ...: virsh_devices.c reads what this parser found. */
static int v_devices(struct vctx *c, const struct vcmd *cmd)
{
	struct virsh_opts o = { storage_get, storage_leftovers, c };
	return translate_virsh_devices(cmd->name, &o, c->t, c->err);
}

/* A real command that vmctl has no verb for, whose options are read for
 * what virsh itself refuses first (a missing operand: exit 2). */
static int v_unsupported(struct vctx *c, const struct vcmd *cmd)
{
	return tr_not_expressible(&virsh_tool, cmd->name, c->err);
}

/* ---- watching and reaching in (virsh 9.0: `virsh help event`, domstats,
 * qemu-agent-command, lxc-enter-namespace) ---- */

/* The event types of virsh 9.0 event --list. */
#define VIRSH_EVENTS "lifecycle reboot rtc-change watchdog io-error graphics io-error-reason control-error " \
	"block-job disk-change tray-change pm-wakeup pm-suspend balloon-change pm-suspend-disk device-removed " \
	"block-job-2 tunable agent-lifecycle device-added migration-iteration job-completed device-removal-failed " \
	"metadata-change block-threshold memory-failure memory-device-size-change"

/* virsh event [DOMAIN] --event lifecycle [--loop] [--timeout SEC]: without
 * --loop virsh stops after one event (--count 1). */
static int v_event(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	const char *ev = vval(c, "event");
	if (vhas(c, "list") && (ev || vhas(c, "all")))
		return vm_error_set(c->err, VM_EXIT_USAGE, "--list and --%s are mutually exclusive (virsh refuses them together)",
				    ev ? "event" : "all");
	if (vhas(c, "list"))
		return tr_unsupported(c->err, "'virsh event --list' prints the event types; vmctl has no equivalent");
	if (ev && vhas(c, "all"))
		return vm_error_set(c->err, VM_EXIT_USAGE, "--all and --event are mutually exclusive (virsh refuses them together)");
	if (!ev && !vhas(c, "all"))
		return vm_error_set(c->err, VM_EXIT_USAGE, "'virsh event' needs one of --list, --all or --event TYPE (virsh refuses it "
				    "without)");
	if (ev && !in_list(ev, VIRSH_EVENTS)) {
		char *q = msg_quote(ev);
		vm_error_set(c->err, VM_EXIT_USAGE, "unknown event type %s (virsh event --list shows them)", q);
		free(q);
		return -1;
	}
	if (ev && strcmp(ev, "lifecycle") != 0)
		return tr_unsupported(c->err, "'virsh event --event %s' has no vmctl equivalent: vmctl events shows lifecycle "
				      "events only", ev);
	if (vhas(c, "all"))
		tr_approx(t, "virsh event --all prints every event type (reboot, graphics, block jobs ...); vmctl events the "
			  "lifecycle changes only");
	if (!vhas(c, "loop")) {
		tr_word(&w, "--count");
		tr_word(&w, "1");
		tr_note(t, "without --loop virsh event stops after one event");
	}
	if (vval(c, "timeout")) {
		tr_word(&w, "--timeout");
		tr_word(&w, vval(c, "timeout"));
	}
	tr_note(t, "virsh event exits 1 when no event came before its timeout; vmctl events exits 0");
	leftovers(c, "domain event all loop timeout", "timestamp");
	if (vval(c, "domain")) {
		if (dom(c) < 0)
			return -1;
		tr_word(&w, "--");
		tr_word(&w, vval(c, "domain"));
	}
	return tr_answer(&w, "events", c->err);
}

/* virsh domstats: one sample of the counters, of the guests named or all. */
static int v_domstats(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	tr_word(&w, "--once");
	tr_approx(t, "virsh domstats prints the counters themselves (CPU time, bytes); vmctl top --once prints CPU %%, "
		  "memory and the disk and network rates");
	if (c->rest.n)
		tr_approx(t, "vmctl top shows every guest: the domains named are not carried");
	leftovers(c, "domain", "state cpu-total balloon vcpu interface block perf iothread memory dirtyrate vm raw "
		  "enforce backing nowait");
	return tr_answer(&w, "top", c->err);
}

/* virsh qemu-agent-command DOMAIN '{"execute":"guest-exec",...}': the
 * words are joined by spaces, as virsh joins them. */
static int v_agent(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	if (dom(c) < 0)
		return -1;
	char *text = join_words(c->rest.v, c->rest.n);
	json_object *obj = json_object_of(text), *exe = NULL, *args = NULL, *path = NULL, *argv = NULL;
	int rc = -1;
	if (!obj || !json_object_object_get_ex(obj, "execute", &exe) || !json_object_is_type(exe, json_type_string)) {
		char *q = msg_quote(text);
		vm_error_set(c->err, VM_EXIT_USAGE, "'%s' needs a guest agent command in JSON ({\"execute\":...}), not %s",
			     c->who, q);
		free(q);
		goto cleanup;
	}
	if (strcmp(json_object_get_string(exe), "guest-exec") != 0) {
		rc = tr_unsupported(c->err, "the guest agent's %s has no vmctl equivalent (vmctl exec is guest-exec)",
				    json_object_get_string(exe));
		goto cleanup;
	}
	if (!json_object_object_get_ex(obj, "arguments", &args) ||
	    !json_object_object_get_ex(args, "path", &path) || !json_object_is_type(path, json_type_string)) {
		rc = vm_error_set(c->err, VM_EXIT_USAGE, "guest-exec needs \"arguments\":{\"path\":COMMAND} (the agent refuses it "
				  "without)");
		goto cleanup;
	}
	tr_word(&w, "--");
	tr_word(&w, vval(c, "domain"));
	tr_word(&w, "--");
	tr_word(&w, tr_keep(t, xstrdup(json_object_get_string(path))));
	if (json_object_object_get_ex(args, "arg", &argv)) {
		if (!json_object_is_type(argv, json_type_array)) {
			rc = vm_error_set(c->err, VM_EXIT_USAGE, "guest-exec's \"arg\" is a list of strings");
			goto cleanup;
		}
		for (size_t i = 0; i < json_object_array_length(argv); i++) {
			json_object *a = json_object_array_get_idx(argv, i);
			if (!json_object_is_type(a, json_type_string)) {
				rc = vm_error_set(c->err, VM_EXIT_USAGE, "guest-exec's \"arg\" is a list of strings");
				goto cleanup;
			}
			tr_word(&w, tr_keep(t, xstrdup(json_object_get_string(a))));
		}
	}
	json_object_object_foreach(args, key, val) {
		(void)val;
		if (!in_list(key, "path arg capture-output"))
			tr_approx(t, "guest-exec's \"%s\" has no vmctl equivalent; translated without it", key);
	}
	tr_approx(t, "guest-exec answers with the PID at once (guest-exec-status gives the status and the output, "
		  "base64-encoded); vmctl exec waits, passes the output through and exits with the command's status");
	tr_note(t, "libvirt marks the domain tainted (custom-ga-command) after qemu-agent-command");
	if (vval(c, "timeout") || vhas(c, "async") || vhas(c, "block"))
		tr_note(t, "--timeout, --async and --block only change how long virsh waits for the agent's answer");
	leftovers(c, "domain cmd timeout async block", "pretty");
	rc = tr_answer(&w, "exec", c->err);
cleanup:
	json_object_put(obj);
	free(text);
	return rc;
}

/* virsh -c lxc:///system lxc-enter-namespace DOMAIN [--noseclabel] -- COMMAND... */
static int v_enterns(struct vctx *c, const struct vcmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	if (dom(c) < 0)
		return -1;
	tr_word(&w, "--");
	tr_word(&w, vval(c, "domain"));
	tr_word(&w, "--");
	for (size_t i = 0; i < c->rest.n; i++)
		tr_word(&w, tr_keep(t, xstrdup(c->rest.v[i]))); /* c->rest goes with c */
	tr_approx(t, "virsh lxc-enter-namespace exits 0 when the command exits 0 and 1 otherwise; vmctl exec exits with the "
		  "command's status");
	if (vhas(c, "noseclabel"))
		tr_note(t, "--noseclabel keeps virsh's own security label; vmctl exec enters the container's");
	if (c->rest.v[0][0] != '/')
		tr_note(t, "virsh runs the command by its path (virsh(1): /path/to/binary); vmctl exec looks it up in PATH");
	if (!t->req.uri || strncmp(t->req.uri, "lxc", 3) != 0)
		tr_note(t, "lxc-enter-namespace works on libvirt-LXC connections only (-c lxc:///system)");
	leftovers(c, "domain cmd noseclabel", "");
	return tr_answer(&w, "exec", c->err);
}

static const struct vcmd cmds[] = {
	{ .name = "list", .run = v_list, .verb = VERB_LIST,
	  .spec = "inactive all transient persistent with-snapshot without-snapshot with-checkpoint without-checkpoint "
		  "state-running state-paused state-shutoff state-other autostart no-autostart with-managed-save "
		  "without-managed-save uuid name id table managed-save title",
	  .usage = "virsh list [--all] [--name]" },
	{ .name = "dominfo", .run = v_info, .verb = VERB_INFO, .spec = "!domain:d", .usage = "virsh dominfo DOMAIN" },
	{ .name = "domstate", .run = v_info, .verb = VERB_INFO, .spec = "!domain:d reason", .usage = "virsh domstate DOMAIN",
	  .note = "vmctl info shows the state with the vCPUs and memory" },
	{ .name = "start", .run = v_start, .verb = VERB_START,
	  .spec = "!domain:d console paused autodestroy bypass-cache force-boot pass-fds:d reset-nvram",
	  .usage = "virsh start DOMAIN [--paused] [--console]" },
	{ .name = "create", .run = v_create, .verb = VERB_START,
	  .spec = "!file:d console paused autodestroy pass-fds:d validate reset-nvram",
	  .usage = "virsh create FILE [--paused] [--console]" },
	/* a guest's definition (virsh 9.0: --storage is positional, --xpath
	 * named only) */
	{ .name = "define", .run = v_define, .spec = "!file:d validate", .usage = "virsh define FILE" },
	{ .name = "undefine", .run = v_undefine,
	  .spec = "!domain:d managed-save storage:d remove-all-storage delete-storage-volume-snapshots wipe-storage "
		  "snapshots-metadata checkpoints-metadata nvram keep-nvram tpm keep-tpm",
	  .usage = "virsh undefine DOMAIN [--remove-all-storage] [--snapshots-metadata] [--managed-save] [--nvram]" },
	{ .name = "dumpxml", .run = v_dumpxml, .spec = "!domain:d inactive security-info update-cpu migratable xpath:o wrap",
	  .usage = "virsh dumpxml DOMAIN [--inactive]" },
	{ .name = "autostart", .run = v_autostart, .spec = "!domain:d disable", .usage = "virsh autostart DOMAIN [--disable]" },
	{ .name = "domrename", .run = v_domrename, .spec = "!domain:d !new-name:d", .usage = "virsh domrename DOMAIN NEWNAME" },
	{ .name = "shutdown", .run = v_simple, .verb = VERB_STOP, .spec = "!domain:d mode:d", .usage = "virsh shutdown DOMAIN",
	  .note = "virsh shutdown asks the guest and returns at once: vmctl stop --timeout 0" },
	{ .name = "destroy", .run = v_simple, .verb = VERB_KILL, .spec = "!domain:d graceful remove-logs",
	  .usage = "virsh destroy DOMAIN",
	  .note = "false friend: virsh destroy is a power-off that keeps a persistent guest's definition; vzctl destroy and vagrant destroy delete the guest" },
	{ .name = "reboot", .run = v_simple, .verb = VERB_REBOOT, .spec = "!domain:d mode:d", .usage = "virsh reboot DOMAIN" },
	{ .name = "reset", .run = v_simple, .verb = VERB_REBOOT, .spec = "!domain:d", .usage = "virsh reset DOMAIN",
	  .approx = "virsh reset is a hard reset; vmctl reboot asks the guest to reboot" },
	{ .name = "suspend", .run = v_simple, .verb = VERB_PAUSE, .spec = "!domain:d", .usage = "virsh suspend DOMAIN",
	  .note = "false friend: virsh suspend pauses in memory (xl pause); vzctl suspend is a checkpoint to disk" },
	{ .name = "resume", .run = v_simple, .verb = VERB_RESUME, .spec = "!domain:d", .usage = "virsh resume DOMAIN",
	  .note = "false friend: virsh resume unpauses (xl unpause); vzctl resume restores a checkpoint" },
	{ .name = "setvcpus", .run = v_setvcpus, .verb = VERB_VCPU_SET,
	  .spec = "!domain:d !count:d maximum config live current guest hotpluggable",
	  .usage = "virsh setvcpus DOMAIN COUNT [--live] [--config]" },
	{ .name = "setmem", .run = v_setmem, .verb = VERB_MEM_SET, .spec = "!domain:d !size:d config live current",
	  .usage = "virsh setmem DOMAIN SIZE [--live] [--config]" },
	{ .name = "change-media", .run = v_media, .verb = VERB_CD_CHANGE,
	  .spec = "!domain:d !path:d source:d eject insert update current live config force print-xml block",
	  .usage = "virsh change-media DOMAIN PATH [SOURCE] [--eject|--insert|--update]" },
	{ .name = "console", .run = v_simple, .verb = VERB_CONSOLE, .spec = "!domain:d devname:d force safe",
	  .usage = "virsh console DOMAIN" },
	{ .name = "save", .run = v_file, .verb = VERB_SAVE, .spec = "!domain:d !file:d bypass-cache xml:d running paused verbose",
	  .usage = "virsh save DOMAIN FILE", .note = "the guest stops once saved, as vmctl save does" },
	{ .name = "restore", .run = v_file, .verb = VERB_RESTORE, .spec = "!file:d bypass-cache xml:d running paused reset-nvram",
	  .usage = "virsh restore FILE", .note = "the guest's name comes from the saved file" },
	{ .name = "snapshot-create-as", .run = v_snapshot, .verb = VERB_SNAPSHOT, .op = SNAPSHOT_CREATE,
	  .spec = "!domain:d name:d description:d print-xml no-metadata halt disk-only reuse-external "
		  "quiesce atomic live validate memspec:o diskspec:a",
	  .usage = "virsh snapshot-create-as DOMAIN [NAME]" },
	{ .name = "snapshot-create", .run = v_snapshot_xml, .verb = VERB_SNAPSHOT, .op = SNAPSHOT_CREATE,
	  .spec = "!domain:d xmlfile:d redefine current no-metadata halt disk-only reuse-external quiesce atomic live validate",
	  .usage = "virsh snapshot-create DOMAIN [XMLFILE]" },
	{ .name = "snapshot-list", .run = v_snapshot, .verb = VERB_SNAPSHOT, .op = SNAPSHOT_LIST,
	  .spec = "!domain:d parent roots leaves no-leaves metadata no-metadata inactive active disk-only "
		  "internal external tree from:d current descendants name topological",
	  .usage = "virsh snapshot-list DOMAIN" },
	{ .name = "snapshot-revert", .run = v_snapshot, .verb = VERB_SNAPSHOT, .op = SNAPSHOT_REVERT,
	  .spec = "!domain:d snapshotname:d current running paused force reset-nvram",
	  .usage = "virsh snapshot-revert DOMAIN NAME" },
	{ .name = "snapshot-delete", .run = v_snapshot, .verb = VERB_SNAPSHOT, .op = SNAPSHOT_DELETE,
	  .spec = "!domain:d snapshotname:d current children children-only metadata",
	  .usage = "virsh snapshot-delete DOMAIN NAME" },
	{ .name = "migrate", .run = v_migrate, .verb = VERB_MIGRATE,
	  .spec = "!domain:d !desturi:d live offline p2p direct tunnelled persistent undefinesource suspend "
		  "copy-storage-all copy-storage-inc copy-storage-synchronous-writes change-protection unsafe "
		  "verbose compressed auto-converge rdma-pin-all abort-on-error postcopy postcopy-after-precopy "
		  "postcopy-resume zerocopy migrateuri:d graphicsuri:d listen-address:d dname:d timeout:d "
		  "timeout-suspend timeout-postcopy xml:d migrate-disks:d disks-port:d disks-uri:d comp-methods:d "
		  "comp-mt-level:d comp-mt-threads:d comp-mt-dthreads:d comp-xbzrle-cache:d "
		  "auto-converge-initial:d auto-converge-increment:d persistent-xml:d tls postcopy-bandwidth:d "
		  "parallel parallel-connections:d bandwidth:d tls-destination:d",
	  .usage = "virsh migrate [--live] [--unsafe] DOMAIN DESTURI" },
	/* storage (virsh 9.0 virsh-pool.c, virsh-volume.c); the pool-define-as
	 * fields in virsh's order, so that NAME dir - - - - DIR works */
	{ .name = "pool-list", .run = v_storage, .spec = "inactive all transient persistent autostart no-autostart "
		"type:o details uuid name", .usage = "virsh pool-list [--all] [--details]" },
	{ .name = "pool-define-as", .run = v_storage, .spec = "!name:d !type:d source-host:d source-path:d "
		"source-dev:d source-name:d target:d source-format:o auth-type:o auth-username:o secret-usage:o "
		"secret-uuid:o adapter-name:o adapter-wwnn:o adapter-wwpn:o adapter-parent:o source-protocol-ver:o "
		"print-xml", .usage = "virsh pool-define-as NAME dir --target DIR" },
	{ .name = "pool-create-as", .run = v_storage, .spec = "!name:d !type:d source-host:d source-path:d "
		"source-dev:d source-name:d target:d source-format:o auth-type:o auth-username:o secret-usage:o "
		"secret-uuid:o adapter-name:o adapter-wwnn:o adapter-wwpn:o adapter-parent:o source-protocol-ver:o "
		"print-xml build no-overwrite overwrite", .usage = "virsh pool-create-as NAME dir --target DIR" },
	{ .name = "pool-undefine", .run = v_storage, .spec = "!pool:d", .usage = "virsh pool-undefine POOL" },
	{ .name = "pool-delete", .run = v_storage, .spec = "!pool:d", .usage = "virsh pool-delete POOL" },
	{ .name = "pool-build", .run = v_storage, .spec = "!pool:d no-overwrite overwrite", .usage = "virsh pool-build POOL" },
	{ .name = "pool-start", .run = v_storage, .spec = "!pool:d build no-overwrite overwrite",
	  .usage = "virsh pool-start POOL" },
	{ .name = "pool-autostart", .run = v_storage, .spec = "!pool:d disable", .usage = "virsh pool-autostart POOL" },
	{ .name = "pool-destroy", .run = v_storage, .spec = "!pool:d", .usage = "virsh pool-destroy POOL" },
	{ .name = "vol-list", .run = v_storage, .spec = "!pool:d details", .usage = "virsh vol-list POOL [--details]" },
	{ .name = "vol-create-as", .run = v_storage, .spec = "!pool:d !name:d !capacity:d allocation:o format:o "
		"backing-vol:o backing-vol-format:o prealloc-metadata print-xml",
	  .usage = "virsh vol-create-as POOL NAME CAPACITY [--format F] [--backing-vol B --backing-vol-format F]" },
	{ .name = "vol-info", .run = v_storage, .spec = "!vol:d pool:o bytes physical", .usage = "virsh vol-info VOL" },
	{ .name = "vol-dumpxml", .run = v_storage, .spec = "!vol:d pool:o", .usage = "virsh vol-dumpxml VOL" },
	{ .name = "vol-delete", .run = v_storage, .spec = "!vol:d pool:o delete-snapshots", .usage = "virsh vol-delete VOL" },
	{ .name = "vol-resize", .run = v_storage, .spec = "!vol:d !capacity:d pool:o allocate delta shrink",
	  .usage = "virsh vol-resize VOL CAPACITY [--shrink]" },
	{ .name = "vol-create-from", .run = v_storage, .spec = "!pool:d !file:d !vol:d inputpool:o prealloc-metadata "
		"reflink", .usage = "virsh vol-create-from POOL FILE VOL [--inputpool POOL]" },
	/* networks (virsh 9.0 virsh-network.c) */
	{ .name = "net-list", .run = v_storage, .spec = "inactive all persistent transient autostart no-autostart uuid name "
		"table", .usage = "virsh net-list [--all]" },
	{ .name = "net-info", .run = v_storage, .spec = "!network:d", .usage = "virsh net-info NETWORK" },
	{ .name = "net-dhcp-leases", .run = v_storage, .spec = "!network:d mac:o", .usage = "virsh net-dhcp-leases NETWORK" },
	{ .name = "net-dumpxml", .run = v_storage, .spec = "!network:d inactive xpath:o wrap", .usage = "virsh net-dumpxml NETWORK" },
	{ .name = "net-start", .run = v_storage, .spec = "!network:d", .usage = "virsh net-start NETWORK" },
	{ .name = "net-destroy", .run = v_storage, .spec = "!network:d", .usage = "virsh net-destroy NETWORK" },
	{ .name = "net-undefine", .run = v_storage, .spec = "!network:d", .usage = "virsh net-undefine NETWORK" },
	{ .name = "net-define", .run = v_storage, .spec = "!file:d validate", .usage = "virsh net-define FILE" },
	{ .name = "net-create", .run = v_storage, .spec = "!file:d validate", .usage = "virsh net-create FILE" },
	{ .name = "net-autostart", .run = v_storage, .spec = "!network:d disable", .usage = "virsh net-autostart NETWORK" },
	/* devices (virsh 9.0 virsh-domain.c, virsh-domain-monitor.c) */
	{ .name = "attach-disk", .run = v_devices, .spec = "!domain:d !source:d !target:d targetbus:o driver:o "
		"subdriver:o iothread:o cache:o io:o type:o mode:o sourcetype:o serial:o wwn:o alias:o rawio address:o "
		"multifunction print-xml source-protocol:o source-host-name:o source-host-transport:o "
		"source-host-socket:o persistent config live current",
	  .usage = "virsh attach-disk DOMAIN SOURCE TARGET [--subdriver FORMAT] [--mode readonly|shareable] [--live] [--config]" },
	{ .name = "detach-disk", .run = v_devices, .spec = "!domain:d !target:d persistent config live current print-xml",
	  .usage = "virsh detach-disk DOMAIN TARGET [--live] [--config]" },
	{ .name = "domblklist", .run = v_devices, .spec = "!domain:d inactive details", .usage = "virsh domblklist DOMAIN" },
	{ .name = "attach-interface", .run = v_devices, .spec = "!domain:d !type:d !source:d target:o mac:o script:o "
		"model:o alias:o inbound:o outbound:o persistent config live current print-xml managed source-mode:o",
	  .usage = "virsh attach-interface DOMAIN TYPE SOURCE [--mac MAC] [--model MODEL] [--live] [--config]" },
	{ .name = "detach-interface", .run = v_devices, .spec = "!domain:d !type:d mac:o persistent config live current "
		"print-xml", .usage = "virsh detach-interface DOMAIN TYPE --mac MAC [--live] [--config]" },
	{ .name = "domiflist", .run = v_devices, .spec = "!domain:d inactive", .usage = "virsh domiflist DOMAIN" },
	{ .name = "vcpuinfo", .run = v_devices, .spec = "!domain:d pretty", .usage = "virsh vcpuinfo DOMAIN" },
	{ .name = "vcpupin", .run = v_devices, .spec = "!domain:d vcpu:d cpulist:d config live current",
	  .usage = "virsh vcpupin DOMAIN VCPU CPULIST [--live] [--config]" },
	{ .name = "domdisplay", .run = v_devices, .spec = "!domain:d include-password type:o all",
	  .usage = "virsh domdisplay DOMAIN" },
	/* virsh 9.0 opts_send_key: --codeset and --holdtime are named only
	 * (VSH_OFLAG_REQ_OPT), the keycodes the rest */
	{ .name = "send-key", .run = v_unsupported, .spec = "!domain:d codeset:o holdtime:o !keycode:a",
	  .usage = "virsh send-key DOMAIN [--codeset CODESET] [--holdtime MS] KEYCODE..." },
	{ .name = "nodeinfo", .run = v_host, .verb = VERB_HOST, .spec = "", .usage = "virsh nodeinfo" },
	{ .name = "qemu-monitor-command", .run = v_monitor, .spec = "!domain:d hmp pretty return-value pass-fds:o !cmd:a",
	  .usage = "virsh qemu-monitor-command DOMAIN [--hmp] COMMAND" },
	{ .name = "event", .run = v_event, .spec = "domain:d event:d all loop timeout:d list timestamp",
	  .usage = "virsh event [DOMAIN] --event lifecycle [--loop] [--timeout SEC]" },
	{ .name = "domstats", .run = v_domstats,
	  .spec = "state cpu-total balloon vcpu interface block perf iothread memory dirtyrate vm list-active "
		  "list-inactive list-persistent list-transient list-running list-paused list-shutoff list-other raw "
		  "enforce backing nowait domain:a",
	  .usage = "virsh domstats [--cpu-total] [--balloon] [--vcpu] [--interface] [--block] [DOMAIN...]" },
	{ .name = "qemu-agent-command", .run = v_agent, .spec = "!domain:d timeout:o async block pretty !cmd:a",
	  .usage = "virsh qemu-agent-command DOMAIN '{\"execute\":\"guest-exec\",...}'" },
	{ .name = "lxc-enter-namespace", .run = v_enterns, .spec = "!domain:d noseclabel !cmd:a",
	  .usage = "virsh -c lxc:///system lxc-enter-namespace DOMAIN [--noseclabel] -- COMMAND [ARG...]" },
};

static const struct nopt virsh_globals[] = {
	{ 'c', "connect", true, 1 }, { 'r', "readonly", false, 2 }, { 'q', "quiet", false, 3 },
	{ 'd', "debug", true, 3 }, { 'e', "escape", true, 3 }, { 'k', "keepalive-interval", true, 3 },
	{ 'K', "keepalive-count", true, 3 }, { 'l', "log", true, 3 }, { 't', "timing", false, 3 },
	{ 'v', "version", false, 4 }, { 'V', NULL, false, 4 }, { 'h', "help", false, 4 },
	{ 0, NULL, false, 0 },
};

static const struct nrefusal virsh_refused[] = {
	{ "managedsave", "vmctl save needs a PATH; virsh managedsave keeps the state where libvirt chooses" },
	{ NULL, NULL },
};

static const struct ntool virsh_tool = {
	.kind = "virsh subcommand",
	.prefix = "virsh ",
	.subject = "",
	.refused = virsh_refused,
	.words = VIRSH_WORDS,
	.reads = "virsh " VIRSH_READ,
	.aliases = virsh_aliases,
};

int translate_virsh(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	struct nscan g;
	int rc = -1;
	if (nscan("virsh", NSCAN_POSIX, virsh_globals, argc - 1, argv + 1, &g, err) < 0)
		goto cleanup;
	if (nscan_count(&g, 4)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "virsh --help and --version print virsh's own text; nothing to translate");
		goto cleanup;
	}
	if (g.nops == 0) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'virsh' needs a command; translate does not read virsh's interactive shell");
		goto cleanup;
	}
	const char *uri = nscan_value(&g, 1);
	if (uri && validate_uri_arg(uri, err) < 0)
		goto cleanup;
	t->req.uri = uri;
	const char *name = g.ops[0];
	const struct vcmd *cmd = cmds;
	while (cmd < cmds + ARRAY_SIZE(cmds) && strcmp(cmd->name, name) != 0)
		cmd++;
	if (cmd == cmds + ARRAY_SIZE(cmds)) {
		rc = tr_not_expressible(&virsh_tool, name, err);
		goto cleanup;
	}
	struct vctx *c = xcalloc(1, sizeof(*c));
	char *who = xasprintf("virsh %s", name);
	c->who = who;
	c->usage = cmd->usage;
	c->t = t;
	c->err = err;
	load_spec(c, cmd->spec);
	int first = g.first_op + 2;
	if (parse_words(c, argc - first, argv + first) == 0)
		rc = cmd->run(c, cmd);
	if (rc == 0 && nscan_count(&g, 2))
		tr_note(t, "virsh -r connects read-only and refuses a command that changes a guest, as vmctl -r does");
	if (rc == 0 && nscan_count(&g, 3))
		tr_note(t, "virsh's -q, -d, -e, -k, -K, -l and -t only change what virsh prints and how it connects");
	strvec_clear(&c->rest);
	free(who);
	free(c);
cleanup:
	nscan_clear(&g);
	return rc;
}
