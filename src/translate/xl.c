/* xl.c: xl command lines (Xen 4.17).  xl reads a subcommand's options only
 * before the domain (`xl shutdown web1 -w` does not wait) and ignores the
 * words after the operands it needs; create alone takes its config file
 * before the options. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"
#include "verbs.h"

#define XL_WORDS \
	"block-attach block-detach block-list button-press cd-eject cd-insert channel-list claims " \
	"config-update console cpupool-cpu-add cpupool-cpu-remove cpupool-create cpupool-destroy " \
	"cpupool-list cpupool-migrate cpupool-numa-split cpupool-rename create debug-keys destroy " \
	"dmesg domid domname dump-core getenforce help info list loadpolicy mem-max mem-set migrate " \
	"migrate-receive network-attach network-detach network-list pause pci-assignable-add " \
	"pci-assignable-list pci-assignable-remove pci-attach pci-detach pci-list psr-cat-set " \
	"psr-cat-show psr-cmt-attach psr-cmt-detach psr-cmt-show psr-hwinfo psr-mba-set psr-mba-show " \
	"qemu-monitor-command reboot remus rename restore save sched-credit sched-credit2 sched-rtds " \
	"set-parameters setenforce sharing shutdown sysrq top trigger unpause uptime usb-list " \
	"usbctrl-attach usbctrl-detach usbdev-attach usbdev-detach vcpu-list vcpu-pin vcpu-set " \
	"vdispl-attach vdispl-detach vdispl-list vkb-attach vkb-detach vkb-list vm-list vncviewer " \
	"vsnd-attach vsnd-detach vsnd-list vtpm-attach vtpm-detach vtpm-list"
#define XL_READ "list, top, create, shutdown, reboot, destroy, pause, unpause, vcpu-set, mem-set, cd-insert, " \
	"cd-eject, console, save, restore, migrate, rename, info, qemu-monitor-command, block-attach, block-detach, " \
	"block-list, network-attach, network-detach, network-list, vcpu-list, vcpu-pin and vncviewer"

static const struct nalias xl_aliases[] = {
	{ "suspend", "xl has no suspend; you mean xl pause (virsh suspend is xl pause; vzctl suspend is a checkpoint to disk)" },
	{ "resume", "xl has no resume; you mean xl unpause (virsh resume is xl unpause)" },
	{ "start", "xl has no start; you mean xl create CONFIG (xl keeps no definitions)" },
	{ "stop", "xl has no stop; you mean xl shutdown (xl destroy powers off at once)" },
	{ "halt", "xl has no halt; you mean xl shutdown (xl destroy powers off at once)" },
	{ "kill", "xl has no kill; you mean xl destroy" },
	{ "setvcpus", "xl has no setvcpus; you mean xl vcpu-set (virsh setvcpus is xl vcpu-set)" },
	{ "setmem", "xl has no setmem; you mean xl mem-set" },
	{ "change-media", "xl has no change-media; you mean xl cd-insert or xl cd-eject" },
	{ "dominfo", "xl has no dominfo; you mean xl list DOMAIN" },
	{ "reset", "xl has no reset; you mean xl reboot (or xl trigger DOMAIN reset, a hard reset)" },
	{ "snapshot", "xl has no snapshots; closest: xl save" },
	{ "domrename", "xl has no domrename; you mean xl rename (a running domain only)" },
	{ "dumpxml", "xl has no dumpxml; xl list -l DOMAIN prints a running domain's configuration (JSON)" },
	{ "autostart", "xl has no autostart: xendomains starts the domains of /etc/xen/auto/ at boot" },
	{ NULL, NULL },
};

enum { O_HELP = 1, O_L, O_V, O_Z, O_C, O_N, O_P, O_F, O_Q, O_D, O_FG, O_E, O_VNC, O_A, O_ALL, O_W, O_I,
       O_T, O_S, O_DEBUG, O_BIGD, O_BIGC, O_BIGN, O_BIGT, O_DOM0, O_LIVE };

struct ctx {
	const char *who;    /* "xl shutdown" */
	const char *usage;  /* "xl shutdown [-w] [-F] DOMAIN" */
	const char *config; /* xl create CONFIG, given before the options */
	struct nscan sc;
	struct translation *t;
	struct vm_error *err;
};

/* An option of a subcommand that vmctl cannot express, and what it does. */
struct unsaid {
	int id;
	const char *what;
};

/* One xl subcommand: its options, and the handler that reads them into
 * c->t with the data of its row (one handler serves several rows). */
struct xl_sub {
	const char *name;
	const char *usage;
	struct nopt opts[12];
	int (*run)(struct ctx *c, const struct xl_sub *sub);
	bool config_first;    /* the config file may come before the options (create) */
	enum vm_verb verb;
	bool changes;         /* xl_simple: the verb changes the domain, so not Domain-0 */
	const char *note;     /* xl_simple: a remark (a false friend) */
	struct unsaid unsaid[2]; /* xl_simple: options named before anything else */
};

/* Operands min..max must be there; xl ignores the words after max. */
static int operands(struct ctx *c, size_t min, size_t max, const char *what)
{
	if (c->sc.nops < min)
		return tr_usage(c->err, c->who, what, c->usage);
	for (size_t i = max; i < c->sc.nops; i++) {
		char *q = msg_quote(c->sc.ops[i]);
		if (c->sc.ops[i][0] == '-')
			tr_approx(c->t, "xl reads options only before the domain: it ignores %s here, and so does this translation", q);
		else
			tr_approx(c->t, "xl ignores %s", q);
		free(q);
	}
	return 0;
}

/* The domain operand; changing verbs refuse the host itself. */
static int domain(struct ctx *c, const char *s, bool changes)
{
	if (changes && (strcmp(s, "0") == 0 || strcmp(s, "Domain-0") == 0))
		return vm_error_set(c->err, VM_EXIT_USAGE,
				    "'%s %s' acts on Domain-0, the host itself: vmctl never treats the host as a guest", c->who, s);
	if (tr_guest(c->t, s, c->err) < 0)
		return -1;
	if (strspn(s, "0123456789") == strlen(s))
		tr_note(c->t, "xl reads the all-digit %s as a domain id, and so does vmctl -b xen", s);
	return 0;
}

/* Options that xl accepts and vmctl cannot express. */
static void not_expressed(struct ctx *c, int id, const char *what)
{
	tr_not_expressed(c->t, &c->sc, id, what);
}

static int xl_list(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	(void)sub; /* xl list is list or info by its operands */
	if (c->sc.nops > 1)
		return tr_unsupported(c->err, "vmctl info shows one guest; 'xl list' was given %zu domains", c->sc.nops);
	if (c->sc.nops == 1 && nscan_count(&c->sc, O_L)) {
		/* the configuration libxl keeps of a running domain, which vmctl
		 * config prints for a running domain with no /etc/xen/NAME.cfg */
		struct tr_words w = { .t = t };
		tr_approx(t, "xl list -l prints the running domain's configuration as libxl's JSON; vmctl config prints "
			  "/etc/xen/NAME.cfg when there is one, that JSON only for a running domain without one");
		if (nscan_count(&c->sc, O_V) || nscan_count(&c->sc, O_Z) || nscan_count(&c->sc, O_C) ||
		    nscan_count(&c->sc, O_N))
			tr_note(t, "-v, -Z, -c and -n only add to what xl prints");
		if (domain(c, c->sc.ops[0], false) < 0)
			return -1;
		tr_word(&w, "--");
		tr_word(&w, c->sc.ops[0]);
		return tr_answer(&w, "config", c->err);
	}
	if (c->sc.nops == 0) {
		t->req.verb = VERB_LIST;
		tr_approx(t, "xl list shows running domains only; vmctl list also shows a guest known only by /etc/xen/NAME.cfg");
	} else {
		t->req.verb = VERB_INFO;
	}
	if (nscan_count(&c->sc, O_L)) /* with a domain: vmctl config, above */
		tr_approx(t, "xl list -l prints the whole configuration as JSON; vmctl list shows each guest's name and state");
	if (nscan_count(&c->sc, O_V) || nscan_count(&c->sc, O_Z) || nscan_count(&c->sc, O_C) || nscan_count(&c->sc, O_N))
		tr_note(t, "-v, -Z, -c and -n only add columns to what xl prints");
	return c->sc.nops ? domain(c, c->sc.ops[0], false) : 0;
}

static int xl_create(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	const char *config = c->config;
	const char *f = nscan_value(&c->sc, O_F);
	for (size_t i = 0; i < c->sc.nops; i++) {
		const char *w = c->sc.ops[i];
		char *q = msg_quote(w);
		if (!config && !f && !strchr(w, '='))
			config = w;
		else
			tr_approx(t, "the configuration line %s given to xl create is not translated: put it in the config file", q);
		free(q);
	}
	if (f)
		config = f;
	if (!config)
		return tr_unsupported(c->err, "'xl create' without a config file makes a domain of defaults; vmctl start needs a guest or --from CONFIG");
	t->req.verb = sub->verb;
	if (nscan_count(&c->sc, O_P))
		t->req.paused = true;
	if (nscan_count(&c->sc, O_C))
		t->req.console = true;
	not_expressed(c, O_N, "a dry run that prints the configuration");
	not_expressed(c, O_VNC, "a VNC viewer");
	not_expressed(c, O_A, "a VNC viewer given the password");
	if (nscan_count(&c->sc, O_FG) || nscan_count(&c->sc, O_E) || nscan_count(&c->sc, O_D) || nscan_count(&c->sc, O_Q))
		tr_note(t, "-F, -e, -d and -q only change how xl waits and what it prints");
	size_t len = strlen(config);
	if (strncmp(config, "/etc/xen/", 9) == 0 && len > 13 && strcmp(config + len - 4, ".cfg") == 0 &&
	    !strchr(config + 9, '/')) {
		char *name = xasprintf("%.*s", (int)(len - 13), config + 9);
		const char *g = tr_keep(t, name);
		tr_note(t, "/etc/xen/%s.cfg is where vmctl looks for the Xen guest %s", g, g);
		return tr_guest(t, g, c->err);
	}
	if (validate_path(config, "CONFIG", c->err) < 0)
		return -1;
	t->req.from = config;
	return 0;
}

/* The one domain of xl shutdown and xl reboot (vmctl_verb is theirs). */
static int shutdown_domain(struct ctx *c, const char *vmctl_verb)
{
	if (nscan_count(&c->sc, O_ALL))
		return tr_unsupported(c->err, "vmctl %s acts on one guest: '%s -a' (every domain) has no vmctl equivalent",
				      vmctl_verb, c->who);
	if (operands(c, 1, 1, "a domain") < 0 || domain(c, c->sc.ops[0], true) < 0)
		return -1;
	return 0;
}

static int xl_shutdown(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	if (shutdown_domain(c, "stop") < 0)
		return -1;
	bool wait = nscan_count(&c->sc, O_W) > 0, fallback = nscan_count(&c->sc, O_FG) > 0;
	t->req.verb = sub->verb;
	t->req.timeout = wait ? VM_STOP_TIMEOUT_DEFAULT : 0;
	if (wait)
		tr_approx(t, "xl shutdown -w waits without a limit; vmctl stop waits at most %u s (--timeout SEC)",
			  VM_STOP_TIMEOUT_DEFAULT);
	if (!fallback)
		tr_approx(t, "without -F xl does not fall back to an ACPI power button event for an HVM guest without PV drivers; vmctl stop does");
	tr_note(t, "false friend: xl shutdown asks the guest OS to shut down (virsh shutdown, vagrant halt); the power-off is xl destroy");
	return 0;
}

static int xl_reboot(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	if (shutdown_domain(c, "reboot") < 0)
		return -1;
	t->req.verb = sub->verb;
	if (nscan_count(&c->sc, O_W))
		tr_approx(t, "xl reboot -w waits for the reboot; vmctl reboot returns once the guest is asked");
	not_expressed(c, O_FG, "an ACPI reset for an HVM guest without PV drivers");
	return 0;
}

/* A subcommand on one domain that only names it. */
static int xl_simple(struct ctx *c, const struct xl_sub *sub)
{
	for (size_t i = 0; i < ARRAY_SIZE(sub->unsaid) && sub->unsaid[i].id; i++)
		not_expressed(c, sub->unsaid[i].id, sub->unsaid[i].what);
	if (operands(c, 1, 1, "a domain") < 0 || domain(c, c->sc.ops[0], sub->changes) < 0)
		return -1;
	c->t->req.verb = sub->verb;
	if (sub->note)
		tr_note(c->t, "%s", sub->note);
	return 0;
}

/* The domain of xl vcpu-set and xl mem-set, changed while it runs. */
static int set_domain(struct ctx *c, const char *what)
{
	if (operands(c, 2, 2, what) < 0 || domain(c, c->sc.ops[0], true) < 0)
		return -1;
	c->t->req.live = true;
	return 0;
}

static int xl_vcpu_set(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	if (set_domain(c, "a domain and a count") < 0)
		return -1;
	t->req.verb = sub->verb;
	not_expressed(c, O_I, "more vCPUs than the host has CPUs");
	tr_note(t, "false friend: xl vcpu-set is virsh setvcpus; virsh has no vcpu-set");
	return parse_count(c->sc.ops[1], &t->req.count, c->err);
}

static int xl_mem_set(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	if (set_domain(c, "a domain and a size") < 0)
		return -1;
	const char *arg = c->sc.ops[1];
	t->req.verb = sub->verb;
	if (native_size(c->who, arg, "=20 k=10 m=20 g=30 t=40 b=0-", &t->req.size_kib, NULL, c->err) < 0)
		return -1;
	if (arg[strspn(arg, "0123456789")] == '\0')
		tr_note(t, "xl reads the bare number %s as MiB (xl(1) says KiB; xl's code says MiB)", arg);
	tr_note(t, "xl mem-set changes the running domain only: vmctl mem-set --live");
	return 0;
}

/* The domain and virtual device of xl cd-insert and xl cd-eject. */
static int cd_device(struct ctx *c, const struct xl_sub *sub, size_t n, const char *what)
{
	struct translation *t = c->t;
	if (operands(c, n, n, what) < 0 || domain(c, c->sc.ops[0], true) < 0 || validate_device(c->sc.ops[1], c->err) < 0)
		return -1;
	t->req.verb = sub->verb;
	t->req.device = c->sc.ops[1];
	return 0;
}

static int xl_cd_insert(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	if (cd_device(c, sub, 3, "a domain, a virtual device and a path") < 0)
		return -1;
	if (validate_path(c->sc.ops[2], "ISO", c->err) < 0)
		return -1;
	t->req.iso = c->sc.ops[2];
	tr_note(t, "false friend: xl cd-insert DOMAIN VDEV PATH is virsh change-media DOMAIN TARGET SOURCE --update and the monitor's change DEVICE FILE (a QEMU device id)");
	return 0;
}

static int xl_cd_eject(struct ctx *c, const struct xl_sub *sub)
{
	if (cd_device(c, sub, 2, "a domain and a virtual device") < 0)
		return -1;
	c->t->req.eject = true;
	return 0;
}

static int xl_save(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	if (operands(c, 2, 3, "a domain and a file") < 0 || domain(c, c->sc.ops[0], true) < 0 ||
	    validate_path(c->sc.ops[1], "PATH", c->err) < 0)
		return -1;
	t->req.verb = sub->verb;
	t->req.path = c->sc.ops[1];
	if (c->sc.nops > 2) {
		char *q = msg_quote(c->sc.ops[2]);
		tr_approx(t, "the config file %s saved with the domain is not translated", q);
		free(q);
	}
	not_expressed(c, O_C, "leave the domain running");
	not_expressed(c, O_P, "leave the domain paused");
	not_expressed(c, O_BIGD, "keep the domain id");
	return 0;
}

static int xl_restore(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	if (c->sc.nops < 1)
		return tr_usage(c->err, c->who, "a checkpoint file", c->usage);
	size_t n = c->sc.nops >= 2 ? 2 : 1;
	const char *file = c->sc.ops[n - 1];
	if (validate_path(file, "PATH", c->err) < 0)
		return -1;
	t->req.verb = sub->verb;
	t->req.path = file;
	if (n == 2) {
		char *q = msg_quote(c->sc.ops[0]);
		tr_approx(t, "the config file %s is not translated: the domain's configuration comes from the saved file", q);
		free(q);
	}
	for (size_t i = n; i < c->sc.nops; i++) {
		char *q = msg_quote(c->sc.ops[i]);
		tr_approx(t, "xl ignores %s", q);
		free(q);
	}
	not_expressed(c, O_P, "leave the domain paused");
	not_expressed(c, O_C, "attach to the console");
	not_expressed(c, O_VNC, "a VNC viewer");
	not_expressed(c, O_A, "a VNC viewer given the password");
	/* tools/xl/xl_saverestore.c main_restore (Xen 4.17): -F and -e keep xl
	 * in the foreground, -d prints debug messages */
	if (nscan_count(&c->sc, O_FG) || nscan_count(&c->sc, O_E) || nscan_count(&c->sc, O_D))
		tr_note(t, "-F, -e and -d only change how xl waits and what it prints");
	tr_note(t, "the domain's name comes from the saved file");
	return 0;
}

static int xl_migrate(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	if (operands(c, 2, 2, "a domain and a host") < 0 || domain(c, c->sc.ops[0], true) < 0 ||
	    validate_dest(c->sc.ops[1], c->err) < 0)
		return -1;
	t->req.verb = sub->verb;
	t->req.dest = c->sc.ops[1];
	t->req.live = true;
	not_expressed(c, O_BIGC, "another config file sent along");
	not_expressed(c, O_S, "another command than ssh");
	not_expressed(c, O_P, "leave the domain paused on the new host");
	not_expressed(c, O_BIGD, "keep the domain id");
	/* tools/xl/xl_migrate.c main_migrate (Xen 4.17): -F and -e pass -e to
	 * xl migrate-receive (no waiting in the background on HOST), --debug
	 * prints the migration stream's debug; --live is "ignored for
	 * compatibility with xm" */
	if (nscan_count(&c->sc, O_FG) || nscan_count(&c->sc, O_E) || nscan_count(&c->sc, O_DEBUG))
		tr_note(t, "-F, -e and --debug only change how xl waits and what it prints");
	if (nscan_count(&c->sc, O_LIVE))
		tr_note(t, "xl accepts --live for compatibility with xm and ignores it");
	tr_note(t, "xl migrate is always live; it copies no disks");
	return 0;
}

/* tools/xl/xl_vmcontrol.c main_rename: no options but -h, two operands
 * (the words after them ignored); find_domain() looks the domain up among
 * the running ones (libxl knows no others). */
static int xl_rename(struct ctx *c, const struct xl_sub *sub)
{
	struct tr_words w = { .t = c->t };
	(void)sub;
	if (operands(c, 2, 2, "a domain and a new name") < 0 || domain(c, c->sc.ops[0], true) < 0)
		return -1;
	tr_approx(c->t, "false friend: xl rename renames only a running domain, virsh domrename only an inactive one; "
		  "vmctl -b xen rename is not supported (vmctl never edits a user's .cfg)");
	tr_word(&w, "--");
	tr_word(&w, c->sc.ops[0]);
	tr_word(&w, c->sc.ops[1]);
	return tr_answer(&w, "rename", c->err);
}

/* The monitor command is translated by hmp.c. */
static int xl_monitor(struct ctx *c, const struct xl_sub *sub)
{
	(void)sub;
	if (c->sc.nops < 2)
		return tr_usage(c->err, c->who, "a domain and a monitor command", c->usage);
	if (domain(c, c->sc.ops[0], false) < 0)
		return -1;
	const char *line = tr_keep(c->t, join_words(c->sc.ops + 1, c->sc.nops - 1));
	if (hmp_translate(c->sc.ops[0], line, c->t, c->err) < 0)
		return -1;
	c->t->req.backend = BACKEND_XEN;
	tr_note(c->t, "xl sends the command to the monitor of the domain's device model (QEMU)");
	return 0;
}

/* tools/xl/xl_info.c main_info (Xen 4.17): -n adds the NUMA topology; an
 * operand without -n names the one field to print, and the words after it
 * are ignored. */
static int xl_info(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	bool numa = nscan_count(&c->sc, O_N) > 0;
	t->req.verb = sub->verb;
	tr_approx(t, "xl info describes the Xen hypervisor only; vmctl host also checks KVM, libvirt and LXC");
	if (numa)
		tr_note(t, "-n only adds the host's NUMA topology to what xl prints");
	if (!numa && c->sc.nops > 0) {
		char *q = msg_quote(c->sc.ops[0]);
		tr_approx(t, "xl info %s prints that one field only; vmctl host prints its whole report", q);
		free(q);
		return operands(c, 0, 1, "nothing");
	}
	return operands(c, 0, 0, "nothing");
}

/* ---- devices (Xen 4.17 tools/xl/xl_block.c, xl_nic.c, xl_vcpu.c,
 * xl_vnc.c; docs/man/xl-disk-configuration.5.pod).  They change the
 * running domain only: --live. ---- */

/* One key=value of a spec, or NULL when word is no such key. */
static const char *spec_key(const char *word, const char *key)
{
	size_t n = strlen(key);
	return strncmp(word, key, n) == 0 && word[n] == '=' ? word + n + 1 : NULL;
}

/* xl block-attach DOMAIN DISKSPEC...: the components joined by commas, as
 * xlu_disk_parse reads them; target= takes the rest of the spec. */
static int xl_block_attach(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)sub;
	if (c->sc.nops < 2)
		return tr_usage(c->err, c->who, "a domain and a disk spec", c->usage);
	if (domain(c, c->sc.ops[0], true) < 0)
		return -1;
	char *spec = xstrdup(c->sc.ops[1]); /* the components, one spec joined by commas */
	for (size_t i = 2; i < c->sc.nops; i++) {
		char *more = xasprintf("%s,%s", spec, c->sc.ops[i]);
		free(spec);
		spec = more;
	}
	const char *fields[5] = { 0 }; /* target, format, vdev, access, devtype */
	const char *keys[] = { "target", "format", "vdev", "access", "devtype" };
	size_t positional = 0;
	char *s = (char *)tr_keep(t, spec);
	while (s && *s) {
		const char *v = spec_key(s, "target");
		if (v) {
			fields[0] = v;
			break;
		}
		char *comma = strchr(s, ',');
		if (comma)
			*comma = '\0';
		bool keyed = false;
		for (size_t k = 1; k < ARRAY_SIZE(keys); k++)
			if ((v = spec_key(s, keys[k]))) {
				fields[k] = v;
				keyed = true;
			}
		if (!keyed && strchr(s, '=')) {
			char *q = msg_quote(s);
			tr_approx(t, "%s has no vmctl equivalent; translated without it", q);
			free(q);
		} else if (!keyed && (strcmp(s, "cdrom") == 0 || strcmp(s, "discard") == 0 || strcmp(s, "no-discard") == 0
				      || strcmp(s, "direct-io-safe") == 0)) {
			if (strcmp(s, "cdrom") == 0)
				fields[4] = "cdrom";
			else
				tr_approx(t, "%s has no vmctl equivalent; translated without it", s);
		} else if (!keyed) {
			if (positional < 4 && *s)
				fields[positional] = s;
			positional++;
		}
		s = comma ? comma + 1 : NULL;
	}
	if (!fields[0] || !*fields[0])
		return vm_error_set(c->err, VM_EXIT_USAGE, "'%s': the disk spec names no target (a file or block device)",
				    c->who);
	if (!fields[2])
		return vm_error_set(c->err, VM_EXIT_USAGE, "'%s': the disk spec names no vdev (such as xvdb)", c->who);
	const char *format = fields[1] && *fields[1] ? fields[1] : "raw";
	if (strcmp(format, "raw") != 0 && strcmp(format, "qcow2") != 0)
		return tr_unsupported(c->err, "'%s' of format %s: vmctl disk-attach --format takes raw or qcow2", c->who,
				      format);
	if (!fields[1] || !*fields[1])
		tr_note(t, "xl's disk spec defaults to format=raw");
	bool cdrom = fields[4] && strcmp(fields[4], "cdrom") == 0;
	if (fields[4] && !cdrom && strcmp(fields[4], "disk") != 0)
		return vm_error_set(c->err, VM_EXIT_USAGE, "'%s': devtype takes cdrom", c->who);
	const char *access = fields[3] && *fields[3] ? fields[3] : "rw";
	bool ro = strcmp(access, "ro") == 0 || strcmp(access, "r") == 0;
	if (!ro && strcmp(access, "rw") != 0 && strcmp(access, "w") != 0)
		return vm_error_set(c->err, VM_EXIT_USAGE, "'%s': access takes ro, r, rw or w", c->who);
	tr_word(&w, "--live");
	if (cdrom) {
		tr_word(&w, "--device");
		tr_word(&w, "cdrom");
		if (!ro)
			tr_note(t, "a CD drive is read-only whatever access= says");
	} else if (ro) {
		tr_word(&w, "--mode");
		tr_word(&w, "readonly");
	}
	tr_word(&w, "--format");
	tr_word(&w, format);
	tr_word(&w, "--");
	tr_word(&w, c->sc.ops[0]);
	tr_word(&w, fields[0]);
	tr_word(&w, fields[2]);
	return tr_answer(&w, "disk-attach", c->err);
}

/* xl block-detach and network-detach DOMAIN DEVID: vmctl names the disk by
 * its vdev and the NIC by its MAC; xl also takes the device index. */
static int xl_detach(struct ctx *c, const struct xl_sub *sub)
{
	struct tr_words w = { .t = c->t };
	bool disk = sub->verb == VERB_DISK_DETACH;
	if (operands(c, 2, 2, disk ? "a domain and a device" : "a domain and a MAC") < 0 ||
	    domain(c, c->sc.ops[0], true) < 0)
		return -1;
	const char *dev = c->sc.ops[1];
	if (disk && strspn(dev, "0123456789") == strlen(dev))
		tr_note(c->t, "libxl reads the number %s as the disk's device number, as it reads a vdev", dev);
	else if (strspn(dev, "0123456789") == strlen(dev))
		return tr_unsupported(c->err, "'%s %s %s': %s is xl's device index; vmctl %s takes the %s (xl %s shows it)",
				      c->who, c->sc.ops[0], dev, dev, disk ? "disk-detach" : "nic-detach",
				      disk ? "virtual device (xvdb)" : "MAC", disk ? "block-list" : "network-list");
	tr_word(&w, "--live");
	tr_word(&w, "--");
	tr_word(&w, c->sc.ops[0]);
	tr_word(&w, dev);
	return tr_answer(&w, disk ? "disk-detach" : "nic-detach", c->err);
}

/* xl block-list, network-list, vcpu-list DOMAIN...: one vmctl command each. */
static int xl_dev_list(struct ctx *c, const struct xl_sub *sub)
{
	struct tr_words w = { .t = c->t };
	if (c->sc.nops == 0)
		return tr_unsupported(c->err, "'%s' without a domain lists every domain's; vmctl %s takes one guest",
				      c->who, verb_name(sub->verb));
	if (c->sc.nops > 1)
		return tr_unsupported(c->err, "'%s' of several domains: one vmctl %s per guest", c->who,
				      verb_name(sub->verb));
	if (domain(c, c->sc.ops[0], false) < 0)
		return -1;
	if (sub->note)
		tr_note(c->t, "%s", sub->note);
	tr_word(&w, "--");
	tr_word(&w, c->sc.ops[0]);
	return tr_answer(&w, verb_name(sub->verb), c->err);
}

/* xl network-attach DOMAIN [KEY=VALUE]... (xl-network-configuration). */
static int xl_network_attach(struct ctx *c, const struct xl_sub *sub)
{
	struct translation *t = c->t;
	struct tr_words w = { .t = t };
	(void)sub;
	if (c->sc.nops < 1)
		return tr_usage(c->err, c->who, "a domain", c->usage);
	if (domain(c, c->sc.ops[0], true) < 0)
		return -1;
	const char *bridge = NULL, *mac = NULL, *model = NULL, *v;
	for (size_t i = 1; i < c->sc.nops; i++) {
		const char *kv = c->sc.ops[i];
		if ((v = spec_key(kv, "bridge")))
			bridge = v;
		else if ((v = spec_key(kv, "mac")))
			mac = v;
		else if ((v = spec_key(kv, "model")))
			model = v;
		else if ((v = spec_key(kv, "type")))
			tr_note(t, "type=%s: vmctl -b xen lets libxl choose the vif's type", v);
		else {
			char *q = msg_quote(kv);
			if (strchr(kv, '='))
				tr_approx(t, "%s has no vmctl equivalent; translated without it", q);
			else
				tr_approx(t, "xl network-attach ignores %s, which is no KEY=VALUE", q);
			free(q);
		}
	}
	if (!bridge) {
		bridge = "xenbr0";
		tr_note(t, "without bridge= the vif joins xenbr0, libxl's default bridge");
	}
	tr_word(&w, "--live");
	if (mac) {
		tr_word(&w, "--mac");
		tr_word(&w, mac);
	}
	if (model) {
		tr_word(&w, "--model");
		tr_word(&w, model);
	}
	tr_word(&w, "--");
	tr_word(&w, c->sc.ops[0]);
	tr_word(&w, tr_keep(t, xasprintf("bridge=%s", bridge)));
	return tr_answer(&w, "nic-attach", c->err);
}

/* xl vcpu-pin [-f] DOMAIN VCPU|all HARD|-|all [SOFT|-|all] */
static int xl_vcpu_pin(struct ctx *c, const struct xl_sub *sub)
{
	struct tr_words w = { .t = c->t };
	(void)sub;
	if (operands(c, 3, 4, "a domain, a vCPU and a CPU list") < 0 || domain(c, c->sc.ops[0], true) < 0)
		return -1;
	const char *vcpu = c->sc.ops[1], *hard = c->sc.ops[2];
	if (strcmp(vcpu, "all") == 0)
		return tr_unsupported(c->err, "'%s DOMAIN all' pins every vCPU; vmctl vcpu-pin pins one (one command per "
				      "vCPU)", c->who);
	if (strcmp(hard, "all") == 0 || strcmp(hard, "-") == 0)
		return tr_unsupported(c->err, "'%s' with hard affinity %s: vmctl vcpu-pin needs the CPU list", c->who, hard);
	if (c->sc.nops == 4 && strcmp(c->sc.ops[3], "-") != 0)
		tr_approx(c->t, "the soft affinity %s has no vmctl equivalent; translated without it", c->sc.ops[3]);
	not_expressed(c, O_F, "undo the pinning the kernel did for Domain-0");
	tr_word(&w, "--live");
	tr_word(&w, "--");
	tr_word(&w, c->sc.ops[0]);
	tr_word(&w, vcpu);
	tr_word(&w, hard);
	return tr_answer(&w, "vcpu-pin", c->err);
}

static int xl_vncviewer(struct ctx *c, const struct xl_sub *sub)
{
	struct tr_words w = { .t = c->t };
	(void)sub;
	if (operands(c, 1, 1, "a domain") < 0 || domain(c, c->sc.ops[0], false) < 0)
		return -1;
	tr_approx(c->t, "xl vncviewer starts a VNC viewer; vmctl display prints the console's URI (vnc://HOST:PORT)");
	not_expressed(c, O_A, "pass the VNC password to the viewer");
	tr_word(&w, "--");
	tr_word(&w, c->sc.ops[0]);
	return tr_answer(&w, "display", c->err);
}

/* xl top: Xen 4.17 main_top takes no option and runs xentop. */
static int xl_top(struct ctx *c, const struct xl_sub *sub)
{
	struct tr_words w = { .t = c->t };
	(void)sub;
	for (size_t i = 0; i < c->sc.nops; i++) {
		char *q = msg_quote(c->sc.ops[i]);
		tr_approx(c->t, "xl top ignores %s", q);
		free(q);
	}
	tr_note(c->t, "xl top runs xentop, which refreshes every 3 s; vmctl top every 2 s (--interval)");
	return tr_answer(&w, "top", c->err);
}

static const struct nopt xl_globals[] = {
	{ 'v', NULL, false, O_V }, { 'N', NULL, false, O_BIGN }, { 'f', NULL, false, O_DOM0 },
	{ 't', NULL, false, O_T }, { 'T', NULL, false, O_BIGT }, { 0, NULL, false, 0 },
};

static const struct xl_sub subs[] = {
	{ .name = "top", .run = xl_top, .usage = "xl top", .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "list", .run = xl_list, .usage = "xl list [-l] [-v] [DOMAIN]",
	  .opts = { { 'l', "long", false, O_L }, { 'v', "verbose", false, O_V }, { 'Z', "context", false, O_Z },
		    { 'c', "cpupool", false, O_C }, { 'n', "numa", false, O_N }, { 'h', "help", false, O_HELP } } },
	{ .name = "create", .run = xl_create, .verb = VERB_START, .config_first = true,
	  .usage = "xl create [-p] [-c] CONFIG",
	  .opts = { { 'p', NULL, false, O_P }, { 'c', NULL, false, O_C }, { 'f', "defconfig", true, O_F },
		    { 'q', "quiet", false, O_Q }, { 'n', "dryrun", false, O_N }, { 'd', NULL, false, O_D },
		    { 'F', NULL, false, O_FG }, { 'e', NULL, false, O_E }, { 'V', "vncviewer", false, O_VNC },
		    { 'A', "vncviewer-autopass", false, O_A }, { 'h', "help", false, O_HELP } } },
	{ .name = "shutdown", .run = xl_shutdown, .verb = VERB_STOP, .usage = "xl shutdown [-w] [-F] DOMAIN",
	  .opts = { { 'a', "all", false, O_ALL }, { 'w', "wait", false, O_W }, { 'F', NULL, false, O_FG },
		    { 'h', "help", false, O_HELP } } },
	{ .name = "reboot", .run = xl_reboot, .verb = VERB_REBOOT, .usage = "xl reboot [-w] [-F] DOMAIN",
	  .opts = { { 'a', "all", false, O_ALL }, { 'w', "wait", false, O_W }, { 'F', NULL, false, O_FG },
		    { 'h', "help", false, O_HELP } } },
	{ .name = "destroy", .run = xl_simple, .verb = VERB_KILL, .changes = true, .usage = "xl destroy DOMAIN",
	  .opts = { { 'f', NULL, false, O_DOM0 }, { 'h', "help", false, O_HELP } },
	  .unsaid = { { O_DOM0, "allow destroying domain 0" } },
	  .note = "false friend: xl destroy powers the domain off and deletes nothing; vzctl destroy and vagrant destroy delete the guest" },
	{ .name = "pause", .run = xl_simple, .verb = VERB_PAUSE, .changes = true, .usage = "xl pause DOMAIN",
	  .opts = { { 'h', "help", false, O_HELP } },
	  .note = "false friend: xl pause is virsh suspend; vzctl suspend is a checkpoint to disk" },
	{ .name = "unpause", .run = xl_simple, .verb = VERB_RESUME, .changes = true, .usage = "xl unpause DOMAIN",
	  .opts = { { 'h', "help", false, O_HELP } },
	  .note = "false friend: xl unpause is virsh resume; vzctl resume restores a checkpoint" },
	{ .name = "vcpu-set", .run = xl_vcpu_set, .verb = VERB_VCPU_SET, .usage = "xl vcpu-set DOMAIN COUNT",
	  .opts = { { 'i', "ignore-host", false, O_I }, { 'h', "help", false, O_HELP } } },
	{ .name = "mem-set", .run = xl_mem_set, .verb = VERB_MEM_SET, .usage = "xl mem-set DOMAIN SIZE",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "cd-insert", .run = xl_cd_insert, .verb = VERB_CD_CHANGE, .usage = "xl cd-insert DOMAIN VDEV PATH",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "cd-eject", .run = xl_cd_eject, .verb = VERB_CD_CHANGE, .usage = "xl cd-eject DOMAIN VDEV",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "console", .run = xl_simple, .verb = VERB_CONSOLE, .usage = "xl console [-t pv|serial] [-n NUM] DOMAIN",
	  .opts = { { 't', NULL, true, O_T }, { 'n', NULL, true, O_N }, { 'h', "help", false, O_HELP } },
	  .unsaid = { { O_T, "the console type" }, { O_N, "the console number" } } },
	{ .name = "save", .run = xl_save, .verb = VERB_SAVE, .usage = "xl save [-c] [-p] DOMAIN FILE [CONFIG]",
	  .opts = { { 'c', NULL, false, O_C }, { 'p', NULL, false, O_P }, { 'D', NULL, false, O_BIGD },
		    { 'h', "help", false, O_HELP } } },
	{ .name = "restore", .run = xl_restore, .verb = VERB_RESTORE, .usage = "xl restore [-p] [CONFIG] FILE",
	  .opts = { { 'p', NULL, false, O_P }, { 'e', NULL, false, O_E }, { 'd', NULL, false, O_D },
		    { 'F', NULL, false, O_FG }, { 'c', NULL, false, O_C },
		    { 'V', "vncviewer", false, O_VNC }, { 'A', "vncviewer-autopass", false, O_A },
		    { 'h', "help", false, O_HELP } } },
	{ .name = "migrate", .run = xl_migrate, .verb = VERB_MIGRATE,
	  .usage = "xl migrate [-C CONFIG] [-s SSHCOMMAND] DOMAIN HOST",
	  .opts = { { 'C', NULL, true, O_BIGC }, { 's', NULL, true, O_S }, { 'e', NULL, false, O_E },
		    { 0, "debug", false, O_DEBUG }, { 'p', NULL, false, O_P }, { 'D', NULL, false, O_BIGD },
		    { 'F', NULL, false, O_FG }, { 0, "live", false, O_LIVE }, { 'h', "help", false, O_HELP } } },
	{ .name = "rename", .run = xl_rename, .verb = VERB_RENAME, .usage = "xl rename DOMAIN NEWNAME",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "info", .run = xl_info, .verb = VERB_HOST, .usage = "xl info [-n] [FIELD]",
	  .opts = { { 'n', "numa", false, O_N }, { 'h', "help", false, O_HELP } } },
	{ .name = "qemu-monitor-command", .run = xl_monitor, .usage = "xl qemu-monitor-command DOMAIN COMMAND",
	  .opts = { { 'h', "help", false, O_HELP } } },
	/* devices */
	{ .name = "block-attach", .run = xl_block_attach, .verb = VERB_DISK_ATTACH,
	  .usage = "xl block-attach DOMAIN DISKSPEC", .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "block-detach", .run = xl_detach, .verb = VERB_DISK_DETACH, .usage = "xl block-detach DOMAIN DEVID",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "block-list", .run = xl_dev_list, .verb = VERB_DISK_LIST, .usage = "xl block-list DOMAIN",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "network-attach", .run = xl_network_attach, .verb = VERB_NIC_ATTACH,
	  .usage = "xl network-attach DOMAIN [bridge=BR] [mac=MAC] [model=MODEL]", .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "network-detach", .run = xl_detach, .verb = VERB_NIC_DETACH, .usage = "xl network-detach DOMAIN MAC",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "network-list", .run = xl_dev_list, .verb = VERB_NIC_LIST, .usage = "xl network-list DOMAIN",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "vcpu-list", .run = xl_dev_list, .verb = VERB_VCPU_LIST, .usage = "xl vcpu-list DOMAIN",
	  .opts = { { 'h', "help", false, O_HELP } } },
	{ .name = "vcpu-pin", .run = xl_vcpu_pin, .verb = VERB_VCPU_PIN, .usage = "xl vcpu-pin DOMAIN VCPU CPULIST",
	  .opts = { { 'f', "force", false, O_F }, { 'h', "help", false, O_HELP } } },
	{ .name = "vncviewer", .run = xl_vncviewer, .verb = VERB_DISPLAY, .usage = "xl vncviewer [--autopass] DOMAIN",
	  .opts = { { 'a', "autopass", false, O_A }, { 'h', "help", false, O_HELP } } },
};

static const struct ntool xl_tool = {
	.kind = "xl subcommand",
	.prefix = "xl ",
	.subject = "",
	.words = XL_WORDS,
	.reads = "xl " XL_READ,
	.aliases = xl_aliases,
};

int translate_xl(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	struct nscan g;
	t->req.backend = BACKEND_XEN;
	if (nscan("xl", NSCAN_POSIX, xl_globals, argc - 1, argv + 1, &g, err) < 0) {
		nscan_clear(&g);
		return -1;
	}
	int rc = -1;
	if (g.nops == 0) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'xl' needs a subcommand, such as xl list");
		goto cleanup;
	}
	if (nscan_count(&g, O_BIGN))
		tr_approx(t, "xl -N is a dry run: xl changes nothing, the vmctl command would");
	if (nscan_count(&g, O_DOM0))
		tr_approx(t, "xl -f (run even beside xend) has no vmctl equivalent");
	/* tools/xl/xl.c main (Xen 4.17): -v lowers the log level, -t shows
	 * progress with carriage returns, -T adds timestamps */
	if (nscan_count(&g, O_V) || nscan_count(&g, O_T) || nscan_count(&g, O_BIGT))
		tr_note(t, "xl's -v, -t and -T only change what xl prints");
	const char *name = g.ops[0];
	const struct xl_sub *sub = subs;
	while (sub < subs + ARRAY_SIZE(subs) && strcmp(sub->name, name) != 0)
		sub++;
	if (sub == subs + ARRAY_SIZE(subs)) {
		rc = tr_not_expressible(&xl_tool, name, err);
		goto cleanup;
	}
	struct ctx c = { .usage = sub->usage, .t = t, .err = err };
	char *who = xasprintf("xl %s", name);
	c.who = who;
	int first = g.first_op + 2; /* the words after the subcommand */
	if (sub->config_first && first < argc && argv[first][0] != '-' && !strchr(argv[first], '='))
		c.config = argv[first++];
	if (nscan(who, NSCAN_POSIX, sub->opts, argc - first, argv + first, &c.sc, err) == 0) {
		if (nscan_count(&c.sc, O_HELP))
			rc = vm_error_set(err, VM_EXIT_USAGE, "'%s -h' prints xl's help; nothing to translate", who);
		else
			rc = sub->run(&c, sub);
	}
	nscan_clear(&c.sc);
	free(who);
cleanup:
	nscan_clear(&g);
	return rc;
}

/* xentop (Xen 4.17, xentop(1)): -d SEC between refreshes (3), -i N
 * refreshes, -b plain lines; -n, -x, -r, -v and -f choose what it shows. */
enum { X_DELAY = 1, X_ITER, X_BATCH, X_SHOWN, X_HELP };

static const struct nopt xentop_opts[] = {
	{ 'd', "delay", true, X_DELAY }, { 'i', "iterations", true, X_ITER }, { 'b', "batch", false, X_BATCH },
	{ 'n', "networks", false, X_SHOWN }, { 'x', "vbds", false, X_SHOWN }, { 'r', "repeat-header", false, X_SHOWN },
	{ 'v', "vcpus", false, X_SHOWN }, { 'f', "full-name", false, X_SHOWN }, { 'h', "help", false, X_HELP },
	{ 'V', "version", false, X_HELP }, { 0, NULL, false, 0 },
};

int translate_xentop(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	struct nscan sc;
	struct tr_words w = { .t = t };
	int rc = -1;
	t->req.backend = BACKEND_XEN;
	if (nscan("xentop", NSCAN_GNU, xentop_opts, argc - 1, argv + 1, &sc, err) < 0)
		goto cleanup;
	if (nscan_count(&sc, X_HELP)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "xentop -h and -V print xentop's own text; nothing to translate");
		goto cleanup;
	}
	for (size_t i = 0; i < sc.nops; i++) {
		char *q = msg_quote(sc.ops[i]);
		tr_approx(t, "xentop ignores %s", q);
		free(q);
	}
	const char *delay = nscan_value(&sc, X_DELAY), *iter = nscan_value(&sc, X_ITER);
	if (delay) {
		tr_word(&w, "--interval");
		tr_word(&w, delay);
	} else {
		tr_note(t, "xentop refreshes every 3 s by default; vmctl top every 2 s (--interval)");
	}
	if (iter) {
		tr_word(&w, "--count");
		tr_word(&w, iter);
	}
	if (nscan_count(&sc, X_BATCH))
		tr_note(t, "xentop -b prints plain lines; vmctl top does so itself when standard output is no terminal");
	if (nscan_count(&sc, X_SHOWN))
		tr_note(t, "xentop's -n, -x, -r, -v and -f only change what it shows");
	rc = tr_answer(&w, "top", err);
cleanup:
	nscan_clear(&sc);
	return rc;
}
