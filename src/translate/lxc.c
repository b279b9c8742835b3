/* lxc.c: the lxc-* tools of LXC 5.0.  Each parses with getopt_long:
 * options anywhere, -n NAME, --name=NAME and --name NAME (a name may begin
 * with '-'), the name as the first operand when -n is absent, -P DIR. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"

#define LXC_WORDS \
	"lxc-attach lxc-autostart lxc-cgroup lxc-checkconfig lxc-checkpoint lxc-config lxc-console " \
	"lxc-copy lxc-create lxc-destroy lxc-device lxc-execute lxc-freeze lxc-info lxc-ls lxc-monitor " \
	"lxc-snapshot lxc-start lxc-stop lxc-top lxc-unfreeze lxc-unshare lxc-update-config " \
	"lxc-usernsexec lxc-wait lxc-unpriv-attach lxc-unpriv-start"
#define LXC_READ "lxc-ls, lxc-info, lxc-start, lxc-stop, lxc-freeze, lxc-unfreeze, lxc-cgroup, " \
	"lxc-console, lxc-checkpoint, lxc-snapshot, lxc-create, lxc-destroy, lxc-copy -R, lxc-device, lxc-wait, lxc-monitor, " \
	"lxc-top, lxc-attach and lxc-checkconfig"

static const struct nalias lxc_aliases[] = {
	{ "lxc-pause", "LXC has no lxc-pause; you mean lxc-freeze" },
	{ "lxc-suspend", "LXC has no lxc-suspend; you mean lxc-freeze (vzctl suspend is a checkpoint to disk)" },
	{ "lxc-resume", "LXC has no lxc-resume; you mean lxc-unfreeze" },
	{ "lxc-unpause", "LXC has no lxc-unpause; you mean lxc-unfreeze" },
	{ "lxc-kill", "LXC has no lxc-kill; you mean lxc-stop -k" },
	{ "lxc-reboot", "LXC has no lxc-reboot; you mean lxc-stop -r" },
	{ "lxc-restart", "LXC has no lxc-restart; you mean lxc-stop -r" },
	{ "lxc-shutdown", "LXC has no lxc-shutdown; you mean lxc-stop" },
	{ "lxc-halt", "LXC has no lxc-halt; you mean lxc-stop" },
	{ "lxc-status", "LXC has no lxc-status; you mean lxc-info (vzctl status shows much less)" },
	{ "lxc-list", "LXC has no lxc-list; you mean lxc-ls" },
	{ "lxc-save", "LXC has no lxc-save; you mean lxc-checkpoint -s" },
	{ "lxc-restore", "LXC has no lxc-restore; you mean lxc-checkpoint -r" },
	{ "lxc-rename", "LXC has no lxc-rename; you mean lxc-copy -R -n NAME -N NEWNAME" },
	{ "lxc-clone", "LXC 5.0 has no lxc-clone; you mean lxc-copy (lxc-copy -R renames)" },
	{ "lxc-delete", "LXC has no lxc-delete; you mean lxc-destroy" },
	{ NULL, NULL },
};

enum { L_NAME = 1, L_PATH, L_LOG, L_RC, L_HELP, L_A, L_B, L_C, L_D, L_E, L_F, L_G, L_H, L_I, L_J };

#define COMMON { 'n', "name", true, L_NAME }, { 'P', "lxcpath", true, L_PATH }, \
	{ 'o', "logfile", true, L_LOG }, { 'l', "logpriority", true, L_LOG }, { 'q', "quiet", false, L_LOG }, \
	{ '?', "help", false, L_HELP }, { 0, "usage", false, L_HELP }, { 0, "version", false, L_HELP }

struct ctx {
	const char *tool;
	const char *usage;
	struct nscan sc;
	const char *name;
	size_t op;         /* the next operand after the name */
	struct translation *t;
	struct vm_error *err;
};

/* One lxc-* tool: its options, and the handler that reads them into c->t
 * with the data of its row (one handler serves several rows). */
struct lxc_cmd {
	const char *tool;
	const struct nopt *opts; /* NULL: the tool reads no arguments */
	const char *usage;
	int (*run)(struct ctx *c, const struct lxc_cmd *cmd);
	enum vm_verb verb;
	bool no_name;    /* the operands are no container name (lxc-ls: filters) */
	bool own_rcfile; /* the handler names --rcfile itself (lxc-start) */
	const char *note; /* l_freeze: a remark */
};

/* Every option the tool took that the translation does not carry. */
static void not_expressed(struct ctx *c, int id, const char *what)
{
	tr_not_expressed(c->t, &c->sc, id, what);
}

static void ignored(struct ctx *c)
{
	for (size_t i = c->op; i < c->sc.nops; i++) {
		char *q = msg_quote(c->sc.ops[i]);
		tr_approx(c->t, "%s ignores %s", c->tool, q);
		free(q);
	}
}

static int need_name(struct ctx *c)
{
	if (!c->name)
		return tr_usage(c->err, c->tool, "a container name (-n NAME)", c->usage);
	return tr_guest(c->t, c->name, c->err);
}

static int l_stop(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	if (need_name(c) < 0)
		return -1;
	bool kill = nscan_count(&c->sc, L_A), reboot = nscan_count(&c->sc, L_B), nowait = nscan_count(&c->sc, L_C);
	const char *timeout = nscan_value(&c->sc, L_D);
	if (kill && timeout)
		return vm_error_set(c->err, VM_EXIT_USAGE, "lxc-stop refuses -k with -t: a kill does not wait");
	if (kill && reboot)
		return vm_error_set(c->err, VM_EXIT_USAGE, "lxc-stop -k and -r ask for two different things; give one");
	not_expressed(c, L_E, "do without the API locks");
	ignored(c);
	if (kill) {
		t->req.verb = VERB_KILL;
		tr_note(t, "false friend: lxc-stop -k kills the container and keeps it; lxc-destroy and vzctl destroy delete one");
		return 0;
	}
	if (reboot) {
		t->req.verb = VERB_REBOOT;
		if (timeout && !nowait)
			tr_approx(t, "lxc-stop -r -t waits for the reboot; vmctl reboot returns once the container is asked");
		return 0;
	}
	t->req.verb = cmd->verb;
	if (nowait) {
		t->req.timeout = 0;
		if (timeout)
			tr_approx(t, "-t does nothing with -W (--nowait)");
		return 0;
	}
	if (!nscan_count(&c->sc, L_F))
		t->req.force = true;
	if (!timeout) {
		t->req.timeout = 60;
		if (t->req.force)
			tr_note(t, "lxc-stop waits 60 s by default, then kills the container: vmctl stop --force");
		return 0;
	}
	if (strcmp(timeout, "-1") == 0) {
		t->req.timeout = 86400;
		tr_approx(t, "lxc-stop -t -1 waits without a limit; vmctl stop waits at most 86400 s");
		return 0;
	}
	return parse_timeout(timeout, &t->req.timeout, c->err);
}

/* The number of CPUs of a cpuset list, and whether it is 0..n-1. */
static int cpuset_count(struct ctx *c, const char *s, unsigned *count, bool *first)
{
	unsigned n = 0, next = 0;
	*first = true;
	for (const char *p = s; *p;) {
		char *end;
		if (*p < '0' || *p > '9')
			goto bad;
		unsigned long a = strtoul(p, &end, 10), b = a;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				goto bad;
			b = strtoul(end + 1, &end, 10);
		}
		if (b < a || b > 65535 || (*end && *end != ','))
			goto bad;
		if (a != next)
			*first = false;
		next = (unsigned)b + 1;
		n += (unsigned)(b - a + 1);
		p = *end ? end + 1 : end;
		if (n > VM_COUNT_MAX)
			break;
	}
	if (n == 0)
		goto bad;
	char *num = xasprintf("%u", n);
	int rc = parse_count(num, count, c->err);
	free(num);
	return rc;
bad: {
	char *q = msg_quote(s);
	vm_error_set(c->err, VM_EXIT_USAGE, "invalid cpuset %s for 'lxc-cgroup': expected a list such as 0-1 or 0,2", q);
	free(q);
	return -1;
}
}

static int l_cgroup(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	(void)cmd; /* the verb depends on the state object */
	if (need_name(c) < 0)
		return -1;
	if (c->op >= c->sc.nops)
		return tr_usage(c->err, c->tool, "a state object", c->usage);
	const char *key = c->sc.ops[c->op++];
	const char *value = c->op < c->sc.nops ? c->sc.ops[c->op++] : NULL;
	ignored(c);
	bool cpus = strcmp(key, "cpuset.cpus") == 0;
	bool mem = strcmp(key, "memory.limit_in_bytes") == 0 || strcmp(key, "memory.max") == 0;
	if (!value && strcmp(key, "cpuset.cpus.effective") == 0) {
		struct tr_words w = { .t = t };
		tr_approx(t, "a container has no vCPUs: cpuset.cpus.effective is the host CPUs it may run on, one range "
			  "list where vmctl vcpu-list prints one line per CPU");
		tr_word(&w, "--");
		tr_word(&w, c->name);
		return tr_answer(&w, "vcpu-list", c->err);
	}
	if (!value) {
		/* the items vmctl info reads itself (src/backends/lxc.c: cpuset,
		 * memory usage and limit, cgroup v1 and v2, CPU time) */
		if (!in_list(key, "cpuset.cpus memory.limit_in_bytes memory.max memory.usage_in_bytes memory.current "
				  "cpuacct.usage cpu.stat"))
			return tr_unsupported(c->err, "'lxc-cgroup %s' reads a cgroup item vmctl info does not show; "
					      "vmctl info shows the CPUs, memory and CPU time", key);
		t->req.verb = VERB_INFO;
		tr_approx(t, "lxc-cgroup without a value reads %s; vmctl info shows the CPUs and memory with the rest", key);
		return 0;
	}
	if (!cpus && !mem)
		return tr_unsupported(c->err, "vmctl sets only cpuset.cpus and the memory limit; 'lxc-cgroup %s' has no vmctl equivalent", key);
	t->req.live = true;
	if (cpus) {
		bool first;
		t->req.verb = VERB_VCPU_SET;
		if (cpuset_count(c, value, &t->req.count, &first) < 0)
			return -1;
		if (!first)
			tr_approx(t, "vmctl vcpu-set %u on a container takes the first %u online CPUs, not the CPUs %s",
				  t->req.count, t->req.count, value);
		tr_note(t, "a container has no vCPUs: cpuset.cpus is the host CPUs it may run on (virsh setvcpus and xl vcpu-set set vCPUs)");
		return 0;
	}
	t->req.verb = VERB_MEM_SET;
	if (strcmp(value, "max") == 0 || strcmp(value, "-1") == 0)
		return tr_unsupported(c->err, "'lxc-cgroup %s %s' lifts the limit; vmctl mem-set needs a size", key, value);
	bool rounded;
	if (native_size("lxc-cgroup", value, "=0 k=10 m=20 g=30 t=40 p=50 e=60", &t->req.size_kib, &rounded, c->err) < 0)
		return -1;
	if (value[strspn(value, "0123456789")] == '\0')
		tr_note(t, "the cgroup reads the bare number %s as bytes", value);
	if (rounded)
		tr_approx(t, "%s is not a whole number of KiB: rounded up", value);
	if (strcmp(key, "memory.max") == 0)
		tr_note(t, "memory.max is cgroup v2; vmctl chooses memory.max or memory.limit_in_bytes at run time");
	return 0;
}

/* lxc-checkpoint: LXC 5.0 src/lxc/tools/lxc_checkpoint.c.  Its my_checker
 * refuses -s and -p with -r, and -d/-F without -r; -d (the default) and -F
 * choose whether the restore forks (restore()); -v makes CRIU's logs
 * verbose; --predump-dir is read by a checkpoint only. */
static int l_checkpoint(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	(void)cmd; /* save, or restore with -r */
	const char *dir = nscan_value(&c->sc, L_D);
	bool restore = nscan_count(&c->sc, L_B);
	if (need_name(c) < 0)
		return -1;
	if (restore && (nscan_count(&c->sc, L_A) || nscan_count(&c->sc, L_E)))
		return vm_error_set(c->err, VM_EXIT_USAGE, "lxc-checkpoint refuses %s with -r: it is a checkpoint option",
				    nscan_count(&c->sc, L_A) ? "-s" : "-p");
	if (!restore && (nscan_count(&c->sc, L_I) || nscan_count(&c->sc, L_J)))
		return vm_error_set(c->err, VM_EXIT_USAGE, "lxc-checkpoint refuses %s without -r: it chooses how a restore runs",
				    nscan_count(&c->sc, L_J) ? "-F" : "-d");
	if (!dir)
		return tr_usage(c->err, c->tool, "a checkpoint directory (-D DIR)", c->usage);
	if (validate_path(dir, "PATH", c->err) < 0)
		return -1;
	ignored(c);
	t->req.path = dir;
	not_expressed(c, L_H, "a CRIU action script");
	if (nscan_count(&c->sc, L_G))
		tr_note(t, "-v only makes CRIU's logs verbose");
	if (restore) {
		t->req.verb = VERB_RESTORE;
		if (nscan_count(&c->sc, L_F))
			tr_note(t, "--predump-dir is a checkpoint option; lxc-checkpoint -r ignores it");
		/* the last of -d and -F wins (both set args->daemonize) */
		const char *last = NULL;
		for (size_t i = 0; i < c->sc.nopts; i++)
			if (c->sc.opts[i].id == L_I || c->sc.opts[i].id == L_J)
				last = c->sc.opts[i].id == L_J ? "F" : "d";
		if (last && *last == 'F')
			tr_approx(t, "-F (restore in the foreground, this terminal on the container's console) has no vmctl equivalent; translated without it");
		else if (last)
			tr_note(t, "-d (restore in the background) is lxc-checkpoint -r's default");
		tr_note(t, "needs CRIU");
		return 0;
	}
	t->req.verb = VERB_SAVE;
	if (!nscan_count(&c->sc, L_A))
		tr_approx(t, "without -s the container keeps running once checkpointed; vmctl save stops it");
	not_expressed(c, L_E, "a pre-dump: only the memory, the container keeps running");
	not_expressed(c, L_F, "a pre-dump directory");
	tr_note(t, "needs CRIU; PATH is a directory");
	return 0;
}

static int l_snapshot(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	bool list = nscan_count(&c->sc, L_A);
	const char *restore = nscan_value(&c->sc, L_B), *destroy = nscan_value(&c->sc, L_C);
	if (need_name(c) < 0)
		return -1;
	if (list + !!restore + !!destroy > 1)
		return vm_error_set(c->err, VM_EXIT_USAGE, "lxc-snapshot takes one of -L, -r and -d");
	ignored(c);
	t->req.verb = cmd->verb;
	if (list) {
		t->req.snapshot_op = SNAPSHOT_LIST;
		if (nscan_count(&c->sc, L_E))
			tr_note(t, "-C only adds the comments to what lxc-snapshot prints");
		return 0;
	}
	const char *name = restore ? restore : destroy;
	if (!name) {
		t->req.snapshot_op = SNAPSHOT_CREATE;
		not_expressed(c, L_F, "a comment file");
		tr_note(t, "liblxc names snapshots itself: snap0, snap1, ...");
		return 0;
	}
	t->req.snapshot_op = restore ? SNAPSHOT_REVERT : SNAPSHOT_DELETE;
	if (destroy && strcmp(destroy, "ALL") == 0)
		return tr_unsupported(c->err, "'lxc-snapshot -d ALL' destroys every snapshot; vmctl snapshot delete takes one name");
	if (validate_name(name, "snapshot name", c->err) < 0)
		return -1;
	t->req.snapshot = name;
	if (restore)
		not_expressed(c, L_D, "restore as a new container");
	return 0;
}

static int l_start(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	if (need_name(c) < 0)
		return -1;
	t->req.verb = cmd->verb;
	if (c->op < c->sc.nops) {
		char *init = join_words(c->sc.ops + c->op, c->sc.nops - c->op);
		char *q = msg_quote(init);
		tr_approx(t, "lxc-start runs %s instead of the container's init; vmctl start boots the container", q);
		free(q);
		free(init);
	}
	not_expressed(c, L_RC, "another config file");
	/* -d and -F set one flag (lxc_start.c): the last one given wins */
	int last = 0;
	for (size_t i = 0; i < c->sc.nopts; i++)
		if (c->sc.opts[i].id == L_A || c->sc.opts[i].id == L_F)
			last = c->sc.opts[i].id;
	if (last == L_F)
		not_expressed(c, L_F, "the foreground on this terminal; closest: vmctl start --console");
	else if (last == L_A)
		tr_note(t, "-d is lxc-start's default: the container runs in the background, as with vmctl start");
	not_expressed(c, L_G, "a pid file");
	not_expressed(c, L_H, "a console device or log");
	not_expressed(c, L_I, "close inherited file descriptors");
	not_expressed(c, L_J, "a configuration item or a shared namespace");
	return 0;
}

static int l_ls(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	/* LXC 5.0 lxc_ls.c: -f prints the table whatever -1 says; without
	 * -f lxc-ls prints names only, in columns unless -1. */
	if (nscan_count(&c->sc, L_B)) {
		if (nscan_count(&c->sc, L_A))
			tr_note(t, "with -f lxc-ls prints its table: -1 changes nothing");
	} else {
		t->req.names = true;
		if (!nscan_count(&c->sc, L_A))
			tr_note(t, "lxc-ls prints the names in columns, as ls does; vmctl list --name prints one a line (lxc-ls -1)");
	}
	if (c->name) {
		char *q = msg_quote(c->name);
		tr_note(t, "lxc-ls ignores -n %s: it lists every container (a pattern is its operand)", q);
		free(q);
	}
	not_expressed(c, L_D, "list only some containers");
	for (size_t i = 0; i < c->sc.nops; i++) {
		char *q = msg_quote(c->sc.ops[i]);
		tr_approx(t, "the filter %s has no vmctl equivalent; vmctl list shows every container", q);
		free(q);
	}
	if (nscan_count(&c->sc, L_C))
		tr_note(t, "-F only chooses the columns lxc-ls prints");
	return 0;
}

static int l_checkconfig(struct ctx *c, const struct lxc_cmd *cmd)
{
	c->t->req.verb = cmd->verb;
	tr_approx(c->t, "lxc-checkconfig checks the kernel for containers only; vmctl host also checks KVM, Xen and libvirt");
	return 0;
}

/* lxc-info: LXC 5.0 src/lxc/tools/lxc_info.c print_info() opens -n NAME
 * literally (lxc_container_new(name, ...); checked: lxc-info -n 'ubuntu.*'
 * says "ubuntu.* doesn't exist"), and prints the state, PID, IPs and stats
 * only when none of -s, -p, -i, -S and -c is given: -c KEY alone prints that
 * configuration item and nothing else. */
static int l_info(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	if (need_name(c) < 0)
		return -1;
	ignored(c);
	const char *key = nscan_value(&c->sc, L_B);
	if (key && !nscan_count(&c->sc, L_C))
		return tr_unsupported(c->err, "'lxc-info -c %s' prints only that configuration item; vmctl info shows no "
				      "configuration key", key);
	t->req.verb = cmd->verb;
	if (key) {
		char *q = msg_quote(key);
		tr_approx(t, "-c %s (a configuration item) has no vmctl equivalent; translated without it", q);
		free(q);
	}
	if (nscan_count(&c->sc, L_A) || nscan_count(&c->sc, L_C))
		tr_note(t, "-i, -p, -S, -H and -s only choose what lxc-info prints");
	if (strpbrk(c->name, "*+?[](){}|^$\\")) {
		char *q = msg_quote(c->name);
		tr_note(t, "lxc-info reads -n literally: %s is one container's name, lxc-info(1)'s pattern example is not "
			"implemented; lxc-ls --filter=REGEX lists by pattern", q);
		free(q);
	}
	tr_note(t, "false friend: lxc-info shows the state, init PID, IPs and resource use; vzctl status only says whether the container exists, is mounted and runs");
	return 0;
}

/* lxc-freeze and lxc-unfreeze. */
static int l_freeze(struct ctx *c, const struct lxc_cmd *cmd)
{
	if (need_name(c) < 0)
		return -1;
	ignored(c);
	c->t->req.verb = cmd->verb;
	tr_note(c->t, "%s", cmd->note);
	return 0;
}

static int l_console(struct ctx *c, const struct lxc_cmd *cmd)
{
	if (need_name(c) < 0)
		return -1;
	ignored(c);
	c->t->req.verb = cmd->verb;
	not_expressed(c, L_A, "the tty number or escape prefix");
	return 0;
}

/* The options of ids given, each word once as written ('-p' and '-B
 * btrfs' are '-p' and '-B'), or NULL when none was. */
static char *written(struct ctx *c, const int *ids, size_t nids)
{
	struct strvec words = STRVEC_INIT;
	for (size_t i = 0; i < c->sc.nopts; i++) {
		bool ours = false, seen = false;
		for (size_t k = 0; k < nids; k++)
			ours |= c->sc.opts[i].id == ids[k];
		for (size_t k = 0; k < words.n; k++)
			seen |= strcmp(words.v[k], c->sc.opts[i].word) == 0;
		if (ours && !seen)
			strvec_push(&words, c->sc.opts[i].word);
	}
	char *list = NULL;
	for (size_t k = 0; k < words.n; k++) {
		char *q = msg_quote(words.v[k]);
		char *next = xasprintf("%s%s%s", list ? list : "", k == 0 ? "" : k + 1 == words.n ? " and " : ", ", q);
		free(q);
		free(list);
		list = next;
	}
	strvec_clear(&words);
	return list;
}

/* lxc-create: LXC 5.0 src/lxc/tools/lxc_create.c.  -t is required ("A
 * template must be specified"; -t none: no root filesystem); -B none is
 * dir; validate_bdev_args() refuses the options of another backing store
 * unless -B best. */
static int l_create(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	if (need_name(c) < 0)
		return -1;
	const char *tmpl = nscan_value(&c->sc, L_A), *config = nscan_value(&c->sc, L_B), *bdev = nscan_value(&c->sc, L_C);
	if (!tmpl)
		return vm_error_set(c->err, VM_EXIT_USAGE, "lxc-create refuses a command without -t TEMPLATE (\"A template must "
				    "be specified\"; -t none makes a container without a root filesystem)");
	static const struct {
		int id;
		const char *types; /* the -B that allow it */
		const char *why;
	} bdev_only[] = {
		{ L_F, "lvm loop rbd", "filesystem type and size are only valid with block devices" },
		{ L_E, "lvm", "they are only valid with -B lvm" },
		{ L_H, "rbd", "they are only valid with -B rbd" },
		{ L_G, "zfs", "it is only valid with -B zfs" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bdev_only); i++) {
		if (!nscan_count(&c->sc, bdev_only[i].id) || (bdev && (strcmp(bdev, "best") == 0 || in_list(bdev, bdev_only[i].types))))
			continue;
		char *opts = written(c, &bdev_only[i].id, 1);
		vm_error_set(c->err, VM_EXIT_USAGE, "lxc-create refuses %s %s: %s", opts, bdev ? "with this -B" : "without -B",
			     bdev_only[i].why);
		free(opts);
		return -1;
	}
	bool none = strcmp(tmpl, "none") == 0;
	if (none && !config)
		return tr_unsupported(c->err, "'lxc-create -t none' without -f makes a container with no root filesystem from "
				      "LXC's default configuration; vmctl create takes --template T, or --from CONFIG");
	if (none) {
		tr_word(&w, "--from");
		tr_word(&w, config);
		tr_note(t, "-t none builds no root filesystem: the configuration's lxc.rootfs.path names one");
	} else {
		tr_word(&w, "--template");
		tr_word(&w, tmpl);
		if (config) {
			char *q = msg_quote(config);
			tr_approx(t, "-f %s (the initial configuration) is not carried: vmctl create --template starts from LXC's "
				  "default configuration (lxc.default_config)", q);
			free(q);
		}
	}
	if (bdev && (strcmp(bdev, "dir") == 0 || strcmp(bdev, "none") == 0)) {
		tr_note(t, "-B %s: a directory, as vmctl create makes", bdev);
	} else if (bdev) {
		char *q = msg_quote(bdev);
		tr_approx(t, "-B %s: vmctl create keeps the root filesystem in a directory (-B dir)", q);
		free(q);
	}
	not_expressed(c, L_D, "where the root filesystem's directory goes");
	not_expressed(c, L_E, "the names of an LVM volume");
	not_expressed(c, L_F, "a block device's filesystem");
	not_expressed(c, L_G, "a ZFS root");
	not_expressed(c, L_H, "a Ceph RBD volume");
	if (c->op < c->sc.nops) {
		char *args = join_words(c->sc.ops + c->op, c->sc.nops - c->op);
		char *q = msg_quote(args);
		tr_approx(t, "the template options %s are not carried: vmctl create passes the template none", q);
		free(q);
		free(args);
	}
	tr_word(&w, "--");
	tr_word(&w, c->name);
	return tr_answer(&w, "create", c->err);
}

/* lxc-destroy: LXC 5.0 lxc_destroy.c: -f stops a running container first;
 * without -s, liblxc refuses a container that has snapshots. */
static int l_destroy(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	if (need_name(c) < 0)
		return -1;
	ignored(c);
	if (nscan_count(&c->sc, L_A))
		tr_word(&w, "--force");
	if (nscan_count(&c->sc, L_B))
		tr_note(t, "vmctl delete removes the container's snapshots with it, as -s asks");
	else
		tr_note(t, "lxc-destroy without -s refuses a container that has snapshots; vmctl delete removes them with it");
	tr_note(t, "lxc-destroy deletes the container and its root filesystem, as vmctl delete does; virsh destroy, xl "
		"destroy and lxc-stop -k only stop a guest");
	tr_word(&w, "--");
	tr_word(&w, c->name);
	return tr_answer(&w, "delete", c->err);
}

/* lxc-copy: LXC 5.0 lxc_copy.c.  The last of -R, -s and -e chooses the
 * task; -R (do_clone_rename) reads -N alone, every other option is left
 * unused; lxc-copy refuses a missing -N ("You must provide a NEWNAME"). */
static int l_copy(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	int task = 0;
	for (size_t i = 0; i < c->sc.nopts; i++)
		if (c->sc.opts[i].id == L_C || c->sc.opts[i].id == L_D || c->sc.opts[i].id == L_I)
			task = c->sc.opts[i].id;
	if (task != L_C)
		return tr_unsupported(c->err, "'lxc-copy' without -R copies the container (a clone; -s: a snapshot clone; -e: "
				      "an ephemeral copy, started): vmctl has no verb that copies a guest; lxc-copy -R renames "
				      "one (vmctl rename)");
	if (need_name(c) < 0)
		return -1;
	const char *newname = nscan_value(&c->sc, L_A);
	if (!newname)
		return tr_usage(c->err, c->tool, "-N NEWNAME with -R", c->usage);
	ignored(c);
	static const int unused[] = { L_B, L_D, L_E, L_F, L_G, L_I };
	char *opts = written(c, unused, ARRAY_SIZE(unused));
	if (opts)
		tr_note(t, "lxc-copy -R uses -N alone: it ignores %s", opts);
	free(opts);
	tr_note(t, "lxc-copy -R renames a stopped container without snapshots, as vmctl rename needs it shut off");
	tr_word(&w, "--");
	tr_word(&w, c->name);
	tr_word(&w, newname);
	return tr_answer(&w, "rename", c->err);
}

/* lxc-device -n NAME add|del DEV [NAME-INSIDE]: LXC 5.0
 * src/lxc/tools/lxc_device.c moves a host interface in (attach_interface)
 * or out, and adds or removes a device node (add_device_node); it asks
 * the host whether DEV is an interface, translate takes a path under /dev/
 * for a node and anything else for an interface.  The running container
 * only: --live. */
static int l_device(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	if (need_name(c) < 0)
		return -1;
	if (c->sc.nops - c->op < 2)
		return tr_usage(c->err, c->tool, "add or del and a device", c->usage);
	const char *action = c->sc.ops[c->op++], *dev = c->sc.ops[c->op++];
	const char *inside = c->op < c->sc.nops ? c->sc.ops[c->op++] : NULL;
	ignored(c);
	bool add = strcmp(action, "add") == 0;
	if (!add && strcmp(action, "del") != 0) {
		char *q = msg_quote(action);
		vm_error_set(c->err, VM_EXIT_USAGE, "lxc-device: %s is neither add nor del", q);
		free(q);
		return -1;
	}
	bool node = strncmp(dev, "/dev/", 5) == 0;
	tr_word(&w, "--live");
	if (node) {
		tr_word(&w, "--");
		tr_word(&w, c->name);
		tr_word(&w, dev);
		if (add)
			tr_word(&w, inside ? inside : dev);
		else if (inside)
			tr_approx(t, "lxc-device del ignores %s", inside);
		return tr_answer(&w, add ? "disk-attach" : "disk-detach", c->err);
	}
	if (!add)
		return tr_unsupported(c->err, "'lxc-device del %s' moves the interface back by its name; vmctl nic-detach "
				      "takes its MAC (lxc-info shows it)", dev);
	if (inside)
		tr_approx(t, "the interface is named %s in the container; vmctl keeps its name %s", inside, dev);
	tr_note(t, "lxc-device add moves the host interface into the container: the host no longer sees it");
	tr_word(&w, "--");
	tr_word(&w, c->name);
	tr_word(&w, tr_keep(t, xasprintf("dev=%s", dev)));
	return tr_answer(&w, "nic-attach", c->err);
}

/* ---- watching and reaching in (LXC 5.0 lxc_wait.c, lxc_monitor.c,
 * lxc_top.c, lxc_attach.c) ---- */

/* lxc-wait -n NAME -s STATE[|STATE...] [-t SEC]: -t is seconds, -1 (the
 * default) waits forever, 0 looks once, as vmctl wait --timeout does. */
static int l_wait(struct ctx *c, const struct lxc_cmd *cmd)
{
	static const char *const states[][2] = {
		{ "RUNNING", "running" }, { "FROZEN", "paused" }, { "STOPPED", "shutoff" },
		{ "STARTING", "starting" }, { "STOPPING", "stopping" },
	};
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	const char *s = nscan_value(&c->sc, L_A), *timeout = nscan_value(&c->sc, L_B);
	if (!s)
		return tr_usage(c->err, c->tool, "a state (-s STATE)", c->usage);
	if (need_name(c) < 0)
		return -1;
	ignored(c);
	if (strchr(s, '|'))
		return tr_unsupported(c->err, "'lxc-wait -s %s' waits for any of several states; vmctl wait waits for one", s);
	const char *state = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(states) && !state; i++)
		if (strcmp(s, states[i][0]) == 0)
			state = states[i][1];
	if (!state && in_list(s, "ABORTING FREEZING THAWED"))
		return tr_unsupported(c->err, "vmctl wait has no state for LXC's %s (it knows running, paused, shutoff, "
				      "starting, stopping)", s);
	if (!state) {
		char *q = msg_quote(s);
		vm_error_set(c->err, VM_EXIT_USAGE, "lxc-wait refuses the state %s; it knows STOPPED, STARTING, RUNNING, "
			     "STOPPING, ABORTING, FREEZING, FROZEN, THAWED", q);
		free(q);
		return -1;
	}
	tr_word(&w, "--state");
	tr_word(&w, state);
	if (timeout && strcmp(timeout, "-1") == 0) {
		tr_note(t, "lxc-wait -t -1 waits forever, as vmctl wait does without --timeout");
	} else if (timeout) {
		tr_word(&w, "--timeout");
		tr_word(&w, timeout);
	}
	tr_note(t, "lxc-wait waits for a container that does not exist as for a stopped one; vmctl wait exits 3");
	tr_word(&w, "--");
	tr_word(&w, c->name);
	return tr_answer(&w, "wait", c->err);
}

/* The literal name an anchored ERE matches, or NULL when it matches
 * others too (a new string). */
static char *ere_name(const char *re)
{
	char *out = xmalloc(strlen(re) + 1), *o = out;
	for (const char *p = re; *p; p++) {
		if (*p == '\\' && p[1] && strchr(".[]()*+?{}|^$\\", p[1])) {
			*o++ = *++p;
			continue;
		}
		if (strchr(".[]()*+?{}|^$\\", *p)) {
			free(out);
			return NULL;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* lxc-monitor [-n REGEX]: every container by default (.*). */
static int l_monitor(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	if (nscan_count(&c->sc, L_A))
		return tr_unsupported(c->err, "'lxc-monitor -Q' tells lxc-monitord to quit; vmctl has no equivalent");
	ignored(c);
	tr_note(t, "lxc-monitor prints 'NAME' changed state to [STATE] in LXC's states; vmctl events prints TIME HOST "
		"GUEST EVENT STATE");
	if (c->name && strcmp(c->name, ".*") != 0) {
		char *name = ere_name(c->name);
		if (!name) {
			char *q = msg_quote(c->name);
			tr_approx(t, "lxc-monitor -n %s follows every container that regular expression matches; vmctl events "
				  "follows one guest or all", q);
			free(q);
		} else {
			if (strcmp(name, c->name) != 0)
				tr_note(t, "lxc-monitor -n takes an anchored regular expression: %s matches the name %s alone",
					c->name, name);
			if (tr_guest(t, name, c->err) < 0) {
				free(name);
				return -1;
			}
			tr_word(&w, "--");
			tr_word(&w, tr_keep(t, name));
		}
	}
	return tr_answer(&w, "events", c->err);
}

/* lxc-top [-d SEC] [-s n|c|b|m|s|k] [-r] [-b]: every 3 s, by name. */
static int l_top(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	const char *delay = nscan_value(&c->sc, L_A), *sort = nscan_value(&c->sc, L_C);
	ignored(c);
	tr_word(&w, "--interval");
	tr_word(&w, delay ? delay : "3");
	if (!delay)
		tr_note(t, "lxc-top refreshes every 3 s by default");
	const char *key = "name";
	if (sort && sort[0] == 'c')
		key = "cpu";
	else if (sort && sort[0] == 'm')
		key = "mem";
	else if (sort && strchr("bsk", sort[0]) && sort[0])
		tr_approx(t, "lxc-top -s %c sorts by %s; vmctl top has no such key: sorted by name", sort[0],
			  sort[0] == 'b' ? "block I/O" : sort[0] == 's' ? "memory with swap" : "kernel memory");
	else if (sort && sort[0] != 'n')
		tr_note(t, "lxc-top sorts by name for a key it does not know (%s)", sort);
	tr_word(&w, "--sort");
	tr_word(&w, key);
	if (nscan_count(&c->sc, L_D))
		tr_approx(t, "lxc-top -r sorts in reverse; vmctl top has no reverse order");
	if (nscan_count(&c->sc, L_B))
		tr_note(t, "lxc-top -b prints CSV lines; vmctl top prints plain lines when standard output is no terminal");
	if (c->name)
		tr_approx(t, "vmctl top shows every guest: -n is not carried");
	tr_note(t, "lxc-top shows the CPU time used, not CPU %%");
	return tr_answer(&w, "top", c->err);
}

/* lxc-attach -n NAME [-- COMMAND...]: its exit status is COMMAND's, 128+N
 * for a signal; without COMMAND it opens a shell. */
static int l_attach(struct ctx *c, const struct lxc_cmd *cmd)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)cmd;
	if (need_name(c) < 0)
		return -1;
	if (c->op >= c->sc.nops)
		return tr_unsupported(c->err, "'lxc-attach' without a command opens a shell in the container; vmctl exec needs "
				      "a COMMAND (vmctl exec %s -- sh)", c->name);
	not_expressed(c, L_B, "elevated privileges");
	not_expressed(c, L_C, "attach to some namespaces only");
	not_expressed(c, L_D, "a remount of /sys and /proc");
	not_expressed(c, L_E, "another architecture");
	not_expressed(c, L_F, "clear the environment");
	not_expressed(c, L_G, "set or keep variables");
	not_expressed(c, L_H, "log the terminal");
	not_expressed(c, L_I, "another user or group");
	not_expressed(c, L_J, "an SELinux context");
	if (nscan_count(&c->sc, L_A))
		tr_note(t, "--keep-env is lxc-attach's default");
	tr_word(&w, "--");
	tr_word(&w, c->name);
	tr_word(&w, "--");
	for (size_t i = c->op; i < c->sc.nops; i++)
		tr_word(&w, c->sc.ops[i]);
	tr_note(t, "lxc-attach exits 1 when it fails itself; vmctl exec exits 125");
	return tr_answer(&w, "exec", c->err);
}

static const struct nopt o_ls[] = {
	{ '1', "line", false, L_A }, { 'f', "fancy", false, L_B }, { 'F', "fancy-format", true, L_C },
	{ 0, "active", false, L_D }, { 0, "running", false, L_D }, { 0, "frozen", false, L_D },
	{ 0, "stopped", false, L_D }, { 0, "defined", false, L_D }, { 0, "nesting", true, L_D },
	{ 0, "filter", true, L_D }, { 'g', "groups", true, L_D }, { 0, "rcfile", true, L_RC }, COMMON,
	{ 0, NULL, false, 0 } };
static const struct nopt o_info[] = {
	{ 'c', "config", true, L_B }, { 'i', "ips", false, L_C }, { 'p', "pid", false, L_C },
	{ 'S', "stats", false, L_C }, { 'H', "no-humanize", false, L_A }, { 's', "state", false, L_C },
	{ 0, "rcfile", true, L_RC }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_start[] = {
	{ 'd', "daemon", false, L_A }, { 'F', "foreground", false, L_F }, { 'p', "pidfile", true, L_G },
	{ 'f', "rcfile", true, L_RC }, { 'c', "console", true, L_H }, { 'L', "console-log", true, L_H },
	{ 'C', "close-all-fds", false, L_I }, { 's', "define", true, L_J }, { 0, "share-net", true, L_J },
	{ 0, "share-ipc", true, L_J }, { 0, "share-uts", true, L_J }, { 0, "share-pid", true, L_J }, COMMON,
	{ 0, NULL, false, 0 } };
static const struct nopt o_stop[] = {
	{ 'k', "kill", false, L_A }, { 'r', "reboot", false, L_B }, { 'W', "nowait", false, L_C },
	{ 't', "timeout", true, L_D }, { 0, "nolock", false, L_E }, { 0, "nokill", false, L_F },
	{ 0, "rcfile", true, L_RC }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_plain[] = { { 0, "rcfile", true, L_RC }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_console[] = {
	{ 't', "tty", true, L_A }, { 'e', "escape", true, L_A }, { 0, "rcfile", true, L_RC }, COMMON,
	{ 0, NULL, false, 0 } };
static const struct nopt o_checkpoint[] = {
	{ 'r', "restore", false, L_B }, { 'D', "checkpoint-dir", true, L_D }, { 'v', "verbose", false, L_G },
	{ 'A', "action-script", true, L_H }, { 's', "stop", false, L_A }, { 'p', "pre-dump", false, L_E },
	{ 0, "predump-dir", true, L_F }, { 'd', "daemon", false, L_I }, { 'F', "foreground", false, L_J },
	{ 0, "rcfile", true, L_RC }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_snapshot[] = {
	{ 'L', "list", false, L_A }, { 'r', "restore", true, L_B }, { 'N', "newname", true, L_D },
	{ 'd', "destroy", true, L_C }, { 'c', "comment", true, L_F }, { 'C', "showcomments", false, L_E },
	{ 0, "rcfile", true, L_RC }, COMMON, { 0, NULL, false, 0 } };

static const struct nopt o_create[] = {
	{ 't', "template", true, L_A }, { 'f', "config", true, L_B }, { 'B', "bdev", true, L_C },
	{ 0, "dir", true, L_D }, { 0, "lvname", true, L_E }, { 0, "vgname", true, L_E }, { 0, "thinpool", true, L_E },
	{ 0, "fstype", true, L_F }, { 0, "fssize", true, L_F }, { 0, "zfsroot", true, L_G }, { 0, "rbdname", true, L_H },
	{ 0, "rbdpool", true, L_H }, { 0, "rcfile", true, L_RC }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_destroy[] = {
	{ 'f', "force", false, L_A }, { 's', "snapshots", false, L_B }, { 0, "rcfile", true, L_RC }, COMMON,
	{ 0, NULL, false, 0 } };
static const struct nopt o_copy[] = {
	{ 'N', "newname", true, L_A }, { 'p', "newpath", true, L_B }, { 'R', "rename", false, L_C },
	{ 's', "snapshot", false, L_D }, { 'e', "ephemeral", false, L_I }, { 'a', "allowrunning", false, L_E },
	{ 'F', "foreground", false, L_E }, { 'd', "daemon", false, L_E }, { 'm', "mount", true, L_E },
	{ 'B', "backingstorage", true, L_E }, { 't', "tmpfs", false, L_E }, { 'L', "fssize", true, L_E },
	{ 'D', "keepdata", false, L_E }, { 'K', "keepname", false, L_F }, { 'M', "keepmac", false, L_G },
	{ 0, "rcfile", true, L_RC }, COMMON, { 0, NULL, false, 0 } };

static const struct nopt o_wait[] = {
	{ 's', "state", true, L_A }, { 't', "timeout", true, L_B }, { 0, "rcfile", true, L_RC }, COMMON,
	{ 0, NULL, false, 0 } };
static const struct nopt o_monitor[] = { { 'Q', "quit", false, L_A }, { 0, "rcfile", true, L_RC }, COMMON,
	{ 0, NULL, false, 0 } };
static const struct nopt o_top[] = {
	{ 'd', "delay", true, L_A }, { 'b', "batch", false, L_B }, { 's', "sort", true, L_C },
	{ 'r', "reverse", false, L_D }, { 0, "rcfile", true, L_RC }, COMMON, { 0, NULL, false, 0 } };
static const struct nopt o_attach[] = {
	{ 'e', "elevated-privileges", true, L_B }, { 'a', "arch", true, L_E }, { 's', "namespaces", true, L_C },
	{ 'R', "remount-sys-proc", false, L_D }, { 0, "clear-env", false, L_F }, { 0, "keep-env", false, L_A },
	{ 0, "keep-var", true, L_G }, { 'v', "set-var", true, L_G }, { 'L', "pty-log", true, L_H },
	{ 'f', "rcfile", true, L_RC }, { 'u', "uid", true, L_I }, { 'g', "gid", true, L_I }, { 'c', "context", true, L_J },
	COMMON, { 0, NULL, false, 0 } };

static const struct lxc_cmd cmds[] = {
	{ .tool = "lxc-ls", .opts = o_ls, .usage = "lxc-ls [-1|-f] [-P DIR]", .run = l_ls, .verb = VERB_LIST,
	  .no_name = true },
	{ .tool = "lxc-info", .opts = o_info, .usage = "lxc-info -n NAME [-P DIR]", .run = l_info, .verb = VERB_INFO },
	{ .tool = "lxc-start", .opts = o_start, .usage = "lxc-start -n NAME [-P DIR]", .run = l_start, .verb = VERB_START,
	  .own_rcfile = true },
	{ .tool = "lxc-stop", .opts = o_stop, .usage = "lxc-stop -n NAME [-t SEC] [-k|-r|-W] [--nokill]", .run = l_stop,
	  .verb = VERB_STOP },
	{ .tool = "lxc-freeze", .opts = o_plain, .usage = "lxc-freeze -n NAME", .run = l_freeze, .verb = VERB_PAUSE,
	  .note = "lxc-freeze is virsh suspend and xl pause; vzctl suspend is a checkpoint to disk" },
	{ .tool = "lxc-unfreeze", .opts = o_plain, .usage = "lxc-unfreeze -n NAME", .run = l_freeze, .verb = VERB_RESUME,
	  .note = "lxc-unfreeze is virsh resume and xl unpause; vzctl resume restores a checkpoint" },
	{ .tool = "lxc-cgroup", .opts = o_plain, .usage = "lxc-cgroup -n NAME STATE-OBJECT [VALUE]", .run = l_cgroup },
	{ .tool = "lxc-console", .opts = o_console, .usage = "lxc-console -n NAME", .run = l_console,
	  .verb = VERB_CONSOLE },
	{ .tool = "lxc-checkpoint", .opts = o_checkpoint, .usage = "lxc-checkpoint -n NAME -D DIR [-s] [-r]",
	  .run = l_checkpoint },
	{ .tool = "lxc-snapshot", .opts = o_snapshot, .usage = "lxc-snapshot -n NAME [-L | -r SNAP | -d SNAP]",
	  .run = l_snapshot, .verb = VERB_SNAPSHOT },
	{ .tool = "lxc-checkconfig", .usage = "lxc-checkconfig", .run = l_checkconfig, .verb = VERB_HOST },
	{ .tool = "lxc-create", .opts = o_create, .usage = "lxc-create -n NAME -t TEMPLATE [-f CONFIG] [-B dir]",
	  .run = l_create, .verb = VERB_CREATE },
	{ .tool = "lxc-destroy", .opts = o_destroy, .usage = "lxc-destroy -n NAME [-f] [-s]", .run = l_destroy,
	  .verb = VERB_DELETE },
	{ .tool = "lxc-device", .opts = o_plain, .usage = "lxc-device -n NAME add|del DEVICE [NAME-INSIDE]",
	  .run = l_device },
	{ .tool = "lxc-copy", .opts = o_copy, .usage = "lxc-copy -n NAME -N NEWNAME -R", .run = l_copy,
	  .verb = VERB_RENAME },
	{ .tool = "lxc-wait", .opts = o_wait, .usage = "lxc-wait -n NAME -s STATE [-t SEC]", .run = l_wait },
	{ .tool = "lxc-monitor", .opts = o_monitor, .usage = "lxc-monitor [-n NAME-REGEX]", .run = l_monitor,
	  .no_name = true },
	{ .tool = "lxc-top", .opts = o_top, .usage = "lxc-top [-d SEC] [-s n|c|m]", .run = l_top, .no_name = true },
	{ .tool = "lxc-attach", .opts = o_attach, .usage = "lxc-attach -n NAME -- COMMAND [ARG...]", .run = l_attach },
};

static const struct nrefusal lxc_refused[] = {
	/* LXC 5.0 lxc_autostart.c: it acts on the containers of lxc.start.auto
	 * (and lxc.group), never on one named */
	{ "lxc-autostart", "'lxc-autostart' has no vmctl equivalent: it starts (-s, -k, -r: shuts down, kills, reboots) "
			   "the containers marked lxc.start.auto; vmctl autostart GUEST on sets the mark" },
	{ NULL, NULL },
};

static const struct ntool lxc_family = {
	.kind = "LXC tool",
	.prefix = "",
	.subject = "",
	.refused = lxc_refused,
	.words = LXC_WORDS,
	.reads = LXC_READ,
	.aliases = lxc_aliases,
	.unknown_says_reads = true,
};

int translate_lxc(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	const char *tool = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	const struct lxc_cmd *cmd = cmds;
	while (cmd < cmds + ARRAY_SIZE(cmds) && strcmp(cmd->tool, tool) != 0)
		cmd++;
	if (cmd == cmds + ARRAY_SIZE(cmds))
		return tr_not_expressible(&lxc_family, tool, err);
	t->req.backend = BACKEND_LXC;
	struct ctx c = { .tool = cmd->tool, .usage = cmd->usage, .t = t, .err = err };
	if (!cmd->opts) /* lxc-checkconfig reads no arguments */
		return cmd->run(&c, cmd);
	int rc = -1;
	if (nscan(c.tool, NSCAN_GNU, cmd->opts, argc - 1, argv + 1, &c.sc, err) < 0)
		goto cleanup;
	if (nscan_count(&c.sc, L_HELP)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'%s --help' prints the tool's own help; nothing to translate", c.tool);
		goto cleanup;
	}
	const char *dir = nscan_value(&c.sc, L_PATH);
	if (dir && validate_path(dir, "lxcpath", err) < 0)
		goto cleanup;
	t->req.lxcpath = dir;
	c.name = nscan_value(&c.sc, L_NAME);
	if (!c.name && !cmd->no_name && c.sc.nops > 0)
		c.name = c.sc.ops[c.op++];
	if (nscan_count(&c.sc, L_RC) && !cmd->own_rcfile)
		not_expressed(&c, L_RC, "another config file");
	if (nscan_count(&c.sc, L_LOG))
		tr_note(t, "-o, -l and -q only change what %s logs and prints", c.tool);
	rc = cmd->run(&c, cmd);
cleanup:
	nscan_clear(&c.sc);
	return rc;
}
