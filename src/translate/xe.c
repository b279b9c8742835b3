/* xe.c: xe command lines (XAPI's CLI, XenServer 8 and XCP-ng 8), read as
 * xapi-project/xen-api e2ee48d reads them.  The client (ocaml/xe-cli/
 * newcli.ml parse_args) takes -s/-h HOST, -p PORT, -u USER, -pw PASS,
 * -pwf FILE, --nossl, --debug, --debug-on-fail, --traceparent X and the
 * same as server=, port=, ... anywhere on the line; the first other word
 * is the command.  The server (cli_frontend.ml parse_params_2) reads each
 * later word as KEY=VALUE (split at the first '='; a word without '=' is
 * the key with an empty value), `--KEY` as KEY=true, and `-X VALUE` only
 * for its switches.  A command's required keys are checked before it runs
 * (xapi_cli.ml: "Required parameter not found: KEY"); a command with VM
 * selectors reads vm= as a name-label or UUID and every other key that is
 * a VM field as a filter (cli_operations.ml select_vms), and acts on
 * several VMs only with --multiple (do_vm_op). */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"
#include "xe_words.h"

#define XE_READ "vm-list, vm-param-list, vm-start, vm-shutdown, vm-reboot, vm-pause, vm-unpause, vm-suspend, " \
	"vm-resume, vm-vcpu-hotplug, vm-memory-set, vm-memory-target-set, vm-cd-insert, vm-cd-eject, console, " \
	"vm-snapshot, vm-checkpoint, snapshot-list, vm-migrate, vm-uninstall, vm-destroy, vm-param-set, vm-disk-list, " \
	"vm-cd-list, vm-vif-list, event-wait, sr-list, vdi-list, network-list, network-create and host-list"

/* cli_operations.ml stdparams: keys every command takes. */
#define XE_STDPARAMS "server password port username minimal force multiple all message-priority trace"

static const struct nalias xe_aliases[] = {
	{ "vm-stop", "xe has no vm-stop; you mean xe vm-shutdown (--force powers off at once)" },
	{ "vm-halt", "xe has no vm-halt; you mean xe vm-shutdown (--force powers off at once)" },
	{ "vm-kill", "xe has no vm-kill; you mean xe vm-shutdown --force (xe vm-destroy deletes the VM's record)" },
	{ "vm-delete", "xe has no vm-delete; you mean xe vm-uninstall (disks too) or xe vm-destroy uuid=UUID (the record only)" },
	{ "vm-remove", "xe has no vm-remove; you mean xe vm-uninstall (disks too) or xe vm-destroy uuid=UUID (the record only)" },
	{ "vm-rename", "xe has no vm-rename; you mean xe vm-param-set uuid=UUID name-label=NEWNAME" },
	{ "vm-info", "xe has no vm-info; you mean xe vm-param-list uuid=UUID (or xe vm-list name-label=NAME params=all)" },
	{ "vm-console", "xe has no vm-console; you mean xe console vm=NAME" },
	{ "vm-save", "xe has no vm-save; you mean xe vm-suspend (XAPI chooses where the image goes)" },
	{ "vm-restore", "xe has no vm-restore; you mean xe vm-resume (a suspended VM)" },
	{ "vm-revert", "xe has no vm-revert; you mean xe snapshot-revert snapshot-uuid=UUID" },
	{ "vm-snapshot-list", "xe has no vm-snapshot-list; you mean xe snapshot-list snapshot-of=UUID" },
	{ "vm-set-vcpus", "xe has no vm-set-vcpus; you mean xe vm-vcpu-hotplug new-vcpus=N" },
	{ "vm-vcpu-set", "xe has no vm-vcpu-set; you mean xe vm-vcpu-hotplug new-vcpus=N" },
	{ "vm-create", "xe vm-create is hidden and makes an empty record; you mean xe vm-install template=T new-name-label=NAME" },
	{ NULL, NULL },
};

/* One KEY=VALUE of the command line. */
struct kv {
	const char *key; /* points into argv, or kept */
	const char *val;
	const char *word; /* as written */
	bool used;
};

#define XE_MAX_KV 48

struct xc {
	const struct xe_row *row;
	char *who; /* "xe vm-start" */
	struct kv kv[XE_MAX_KV];
	size_t n;
	struct translation *t;
	struct vm_error *err;
};

struct xe_row {
	const char *name;
	int (*run)(struct xc *c);
	const char *reqd;   /* the keys xe requires, space-separated */
	const char *optn;   /* its optional keys (besides stdparams) */
	bool selectors;     /* Vm_selectors: vm= and the VM's fields */
	enum vm_verb verb;  /* for the handlers that serve several rows */
	const char *note;   /* a remark (a false friend) */
};

/* Whether s is written as XAPI writes UUIDs (8-4-4-4-12 hex digits). */
static bool xe_uuid_like(const char *s)
{
	static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	if (strlen(s) != sizeof(form) - 1)
		return false;
	for (size_t i = 0; form[i]; i++)
		if (form[i] == '-' ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* The value of key (its last), marked as read; NULL when not given. */
static const char *get(struct xc *c, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->kv[i].key, key) == 0) {
			c->kv[i].used = true;
			v = c->kv[i].val;
		}
	return v;
}

/* xe's get_bool_param: "true", "yes", "on" and "1" are true. */
static bool flag(struct xc *c, const char *key)
{
	const char *v = get(c, key);
	return v && (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "on") == 0 || strcmp(v, "1") == 0);
}

static int required(struct xc *c)
{
	const char *p = c->row->reqd;
	while (p && *p) {
		size_t len = strcspn(p, " ");
		bool found = false;
		for (size_t i = 0; i < c->n; i++)
			found |= strlen(c->kv[i].key) == len && strncmp(c->kv[i].key, p, len) == 0;
		if (!found)
			return vm_error_set(c->err, VM_EXIT_USAGE, "'%s' needs %.*s=; xe: Required parameter not found: %.*s",
					    c->who, (int)len, p, (int)len, p);
		p += len + (p[len] == ' ');
	}
	return 0;
}

/* The VM a selector command names: vm=, uuid= or name-label=.  NULL with
 * no error when none is given (xe then selects every VM). */
static const char *selected(struct xc *c, int *rc)
{
	const char *vm = get(c, "vm"), *uuid = get(c, "uuid"), *label = get(c, "name-label");
	const char *g = vm ? vm : uuid ? uuid : label;
	*rc = 0;
	if (!g)
		return NULL;
	if ((vm && uuid) || (vm && label) || (uuid && label))
		tr_approx(c->t, "xe selects the VMs that match all of vm=, uuid= and name-label=; vmctl names one guest: %s",
			  "the first of them");
	if (flag(c, "multiple"))
		tr_approx(c->t, "--multiple: xe acts on every VM this selects; vmctl acts on the one guest");
	else if (!xe_uuid_like(g))
		tr_note(c->t, "xe refuses a name several VMs share unless --multiple is given");
	if (tr_guest(c->t, g, c->err) < 0)
		*rc = -1;
	return g;
}

/* vm=GUEST of a command that needs one VM. */
static int one_vm(struct xc *c, struct tr_words *w)
{
	int rc;
	const char *g = selected(c, &rc);
	if (rc < 0)
		return -1;
	if (!g) {
		if (flag(c, "multiple"))
			return tr_unsupported(c->err, "'%s --multiple' without vm= acts on every VM; vmctl acts on one guest "
					      "here", c->who);
		return vm_error_set(c->err, VM_EXIT_USAGE, "'%s' names no VM: give vm=NAME (xe selects every VM, and acts on "
				    "them only with --multiple)", c->who);
	}
	tr_word(w, "--");
	tr_word(w, g);
	return 0;
}

/* The notes for what no handler read, then the answer. */
static int answer(struct xc *c, struct tr_words *w, const char *verb)
{
	for (size_t i = 0; i < c->n; i++) {
		struct kv *k = &c->kv[i];
		if (k->used)
			continue;
		k->used = true;
		char *q = msg_quote(k->word);
		if (strcmp(k->key, "minimal") == 0 || strcmp(k->key, "params") == 0 || strcmp(k->key, "trace") == 0 ||
		    strcmp(k->key, "message-priority") == 0 || strcmp(k->key, "all") == 0)
			tr_note(c->t, "%s only changes what xe prints", q);
		else if (in_list(k->key, XE_STDPARAMS) || in_list(k->key, c->row->optn ? c->row->optn : "") ||
			 in_list(k->key, c->row->reqd ? c->row->reqd : ""))
			tr_approx(c->t, "%s has no vmctl equivalent; translated without it", q);
		else if (c->row->selectors)
			tr_approx(c->t, "%s narrows the VMs xe selects (a VM field); vmctl has no such filter", q);
		else
			tr_approx(c->t, "%s is no parameter of '%s'; translated without it", q, c->who);
		free(q);
	}
	return tr_answer(w, verb, c->err);
}

static int xe_vm_list(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *label = get(c, "name-label"), *uuid = get(c, "uuid"), *params = get(c, "params");
	bool minimal = flag(c, "minimal");
	if (!label && !uuid) {
		const char *dom0 = get(c, "is-control-domain");
		if (params && strcmp(params, "name-label") == 0 && minimal) {
			tr_approx(c->t, "--minimal prints the names on one line, separated by commas");
			tr_word(&w, "--name");
		} else if (minimal) {
			tr_note(c->t, "--minimal prints the UUIDs alone, separated by commas");
		} else if (params) {
			tr_note(c->t, "params= only chooses the fields xe prints");
		}
		if (!dom0 || strcmp(dom0, "false") != 0)
			tr_approx(c->t, "xe vm-list %s the control domain (dom0), which vmctl list leaves out",
				  dom0 ? "lists only" : "also lists");
		return answer(c, &w, "list");
	}
	if (label && uuid)
		tr_approx(c->t, "xe lists the VMs with both that name-label and that UUID; vmctl shows the guest %s",
			  "named first");
	if (minimal)
		tr_approx(c->t, "--minimal prints the UUID alone; vmctl info shows state, vCPUs, memory and identity");
	else if (!params || strcmp(params, "all") != 0)
		tr_approx(c->t, "without params=all xe vm-list prints the uuid, name-label and power-state only");
	const char *g = label ? label : uuid;
	if (tr_guest(c->t, g, c->err) < 0)
		return -1;
	tr_word(&w, "--");
	tr_word(&w, g);
	return answer(c, &w, "info");
}

/* vm-param-list uuid= (generated: reqd ["uuid"]); vm-param-get adds param-name=. */
static int xe_param_list(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *uuid = get(c, "uuid");
	if (get(c, "param-name")) {
		get(c, "param-key");
		tr_approx(c->t, "xe vm-param-get prints one field; vmctl info shows state, vCPUs, memory and identity");
	}
	if (tr_guest(c->t, uuid, c->err) < 0)
		return -1;
	tr_word(&w, "--");
	tr_word(&w, uuid);
	return answer(c, &w, "info");
}

/* The bulk form: no vm=, --multiple, and a power-state= filter. */
static int bulk(struct xc *c, struct tr_words *w, const char *verb, const char *state)
{
	const char *ps = get(c, "power-state");
	tr_word(w, "--all");
	if (!ps || strcmp(ps, state) != 0)
		tr_approx(c->t, "xe acts on every VM %s; vmctl %s --all on those whose state allows it (xe: power-state=%s)",
			  ps ? "of that power-state" : "it selects", verb, state);
	tr_note(c->t, "xe acts on the VMs one after another (do_multiple)");
	return answer(c, w, verb);
}

/* vm-start, vm-shutdown, vm-reboot, vm-pause, vm-unpause, console and the
 * lists: one VM, or the bulk form for the verbs that have one. */
static int xe_simple(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	enum vm_verb v = c->row->verb;
	const char *verb = v == VERB_START ? "start" : v == VERB_STOP ? "stop" : v == VERB_REBOOT ? "reboot" :
			   v == VERB_PAUSE ? "pause" : v == VERB_RESUME ? "resume" : v == VERB_CONSOLE ? "console" :
			   v == VERB_DISK_LIST ? "disk-list" : "nic-list";
	bool force = flag(c, "force");
	if (v == VERB_STOP && force)
		verb = "kill";
	if (c->row->note)
		tr_note(c->t, "%s", c->row->note);
	if (v == VERB_START) {
		if (flag(c, "paused"))
			tr_word(&w, "--paused");
		if (get(c, "on"))
			tr_approx(c->t, "on=HOST starts the VM on that host of the pool; vmctl starts it where it is defined");
		if (force)
			tr_approx(c->t, "force=true starts the VM despite a CPU-feature warning; vmctl has no such override");
	}
	if (v == VERB_STOP && !force)
		tr_approx(c->t, "xe waits for the clean shutdown without a time limit of vmctl's (--timeout, default 60 s)");
	if (v == VERB_REBOOT && force)
		tr_approx(c->t, "--force is a hard reset (VM.hard_reboot); vmctl reboot asks the guest");
	if (v == VERB_DISK_LIST && strcmp(c->row->name, "vm-cd-list") == 0)
		tr_approx(c->t, "xe vm-cd-list shows the CD drives only; vmctl disk-list shows every disk");
	else if (v == VERB_DISK_LIST)
		tr_approx(c->t, "xe vm-disk-list leaves the CD drives out; vmctl disk-list shows them too");
	if (v == VERB_DISK_LIST) {
		get(c, "vbd-params");
		get(c, "vdi-params");
	}
	int rc;
	const char *g = selected(c, &rc);
	if (rc < 0)
		return -1;
	if (!g && flag(c, "multiple") && (v == VERB_START || v == VERB_STOP || v == VERB_PAUSE || v == VERB_RESUME))
		return bulk(c, &w, verb, v == VERB_START ? "halted" : v == VERB_RESUME ? "paused" : "running");
	if (!g)
		return one_vm(c, &w);
	if (v == VERB_CONSOLE && flag(c, "multiple"))
		return vm_error_set(c->err, VM_EXIT_USAGE, "'xe console' attaches to one VM; xe: Multiple VMs found: please "
				    "narrow your request to one VM");
	tr_word(&w, "--");
	tr_word(&w, g);
	return answer(c, &w, verb);
}

/* vm-suspend and vm-resume: XAPI keeps the image; vmctl's PATH is made up. */
static int xe_suspend(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	bool save = c->row->verb == VERB_SAVE;
	tr_note(c->t, "%s", c->row->note);
	tr_approx(c->t, "XAPI keeps the suspend image on an SR it chooses; vmctl %s needs a file, here GUEST.save",
		  save ? "save" : "restore");
	if (!save && get(c, "on"))
		tr_approx(c->t, "on=HOST resumes the VM on that host of the pool");
	if (!save && flag(c, "force"))
		tr_approx(c->t, "force=true resumes despite a CPU-feature warning; vmctl has no such override");
	int rc;
	const char *g = selected(c, &rc);
	if (rc < 0)
		return -1;
	if (!g)
		return one_vm(c, &w);
	const char *path = tr_keep(c->t, xasprintf("%s.save", g));
	tr_word(&w, "--");
	if (save) {
		tr_word(&w, g);
		tr_word(&w, path);
	} else {
		tr_word(&w, path);
		tr_word(&w, g);
	}
	return answer(c, &w, save ? "save" : "restore");
}

/* vm-vcpu-hotplug: VM.set_VCPUs_number_live, which also records
 * VCPUs-at-startup (xapi_xenops.ml set_vcpus). */
static int xe_vcpu_hotplug(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *n = get(c, "new-vcpus");
	if (!*n || strspn(n, "0123456789") != strlen(n))
		return vm_error_set(c->err, VM_EXIT_USAGE, "xe: Failed to parse parameter 'new-vcpus': expecting an integer");
	tr_word(&w, "--live");
	tr_word(&w, "--config");
	if (one_vm(c, &w) < 0)
		return -1;
	tr_word(&w, n);
	return answer(c, &w, "vcpu-set");
}

/* A size as Record_util.bytes_of_string reads it: digits, then b, k, kb,
 * kib, m, ..., tib (any case); bytes without a unit. */
static const char *xe_size(struct xc *c, const char *key, const char *s)
{
	uint64_t kib;
	bool rounded = false;
	struct vm_error e = { 0 };
	if (native_size(key, s, "=0 b=0 bytes=0 k=10 kb=10 kib=10 m=20 mb=20 mib=20 g=30 gb=30 gib=30 t=40 tb=40 tib=40",
			&kib, &rounded, &e) < 0) {
		vm_error_set(c->err, VM_EXIT_USAGE, "xe: Failed to parse field '%s': expecting an integer (possibly with "
			     "suffix KiB, MiB, GiB, TiB), got '%s'", key, s);
		return NULL;
	}
	if (rounded)
		tr_approx(c->t, "%s is not a whole number of KiB: rounded up", s);
	return tr_keep(c->t, xasprintf("%lluK", (unsigned long long)kib));
}

/* vm-memory-target-set (dynamic-min = dynamic-max = target) and
 * vm-memory-set (static-max and the dynamic range; a halted VM). */
static int xe_memory(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	bool target = strcmp(c->row->name, "vm-memory-target-set") == 0;
	const char *key = target ? "target" : "memory";
	const char *size = xe_size(c, key, get(c, key));
	if (!size)
		return -1;
	if (target) {
		tr_approx(c->t, "xe vm-memory-target-set sets dynamic-min and dynamic-max: the balloon of a running VM, "
			  "kept for the next start");
		tr_word(&w, "--live");
	} else {
		tr_approx(c->t, "xe vm-memory-set also sets static-max and dynamic-min, and XAPI takes it for a halted VM "
			  "only");
	}
	tr_word(&w, "--config");
	if (one_vm(c, &w) < 0)
		return -1;
	tr_word(&w, size);
	return answer(c, &w, "mem-set");
}

/* vm-cd-insert cd-name= (an ISO of an ISO SR, by name) and vm-cd-eject:
 * the VM's only CD drive (cli_operations.ml vm_cd_insert, vm_cd_eject). */
static int xe_cd(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *name = c->row->verb == VERB_CD_CHANGE && strcmp(c->row->name, "vm-cd-insert") == 0 ?
				   get(c, "cd-name") : NULL;
	tr_approx(c->t, "xe uses the VM's only CD drive and names none: hdd here (XAPI's usual CD device, 3)");
	if (name)
		tr_approx(c->t, "cd-name= names an ISO in an ISO library (SR), not a file: the path is a guess");
	else
		tr_word(&w, "--eject");
	if (one_vm(c, &w) < 0)
		return -1;
	tr_word(&w, "hdd");
	if (name)
		tr_word(&w, name[0] == '/' ? name : tr_keep(c->t, xasprintf("/%s", name)));
	return answer(c, &w, "cd-change");
}

static int xe_snapshot(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *name = get(c, "new-name-label");
	if (strcmp(c->row->name, "vm-checkpoint") == 0)
		tr_approx(c->t, "xe vm-checkpoint also saves the running VM's memory");
	if (get(c, "new-name-description"))
		tr_approx(c->t, "new-name-description has no vmctl equivalent; translated without it");
	if (get(c, "ignore-vdi-uuids"))
		tr_approx(c->t, "ignore-vdi-uuids= leaves those disks out; vmctl snapshots them all");
	tr_word(&w, "create");
	if (one_vm(c, &w) < 0)
		return -1;
	tr_word(&w, name);
	tr_note(c->t, "xe prints the new snapshot's UUID: snapshot-revert and snapshot-uninstall take it");
	return answer(c, &w, "snapshot");
}

/* snapshot-list snapshot-of=UUID: the generated list of class snapshot. */
static int xe_snapshot_list(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *of = get(c, "snapshot-of");
	if (!of)
		return tr_unsupported(c->err, "'xe snapshot-list' without snapshot-of= lists every VM's snapshots; vmctl "
				      "snapshot list lists one guest's");
	if (get(c, "params") || flag(c, "minimal"))
		tr_note(c->t, "params= and --minimal only change what xe prints");
	tr_word(&w, "list");
	tr_word(&w, "--");
	tr_word(&w, of);
	return answer(c, &w, "snapshot");
}

static int xe_migrate(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *host = get(c, "host"), *huuid = get(c, "host-uuid"), *remote = get(c, "remote-master");
	const char *dest = remote ? remote : host ? host : huuid;
	if (!dest)
		return vm_error_set(c->err, VM_EXIT_USAGE, "'xe vm-migrate' needs host=, host-uuid= or remote-master=");
	if (remote) {
		tr_approx(c->t, "remote-master= moves the VM to another pool (with its disks); vmctl migrate reads %s",
			  "DEST as a host or libvirt URI");
		if (get(c, "remote-username") || get(c, "remote-password"))
			tr_approx(c->t, "the remote pool's credentials are not carried");
		get(c, "remote-network");
	} else {
		tr_note(c->t, "host= is a host of the same pool");
	}
	if (flag(c, "live"))
		tr_word(&w, "--live");
	for (size_t i = 0; i < c->n; i++)
		if (strncmp(c->kv[i].key, "vif:", 4) == 0 || strncmp(c->kv[i].key, "vdi:", 4) == 0 ||
		    strncmp(c->kv[i].key, "vgpu:", 5) == 0)
			tr_approx(c->t, "the VIF, VDI and vGPU maps (vif:, vdi:, vgpu:) have no vmctl equivalent");
	if (one_vm(c, &w) < 0)
		return -1;
	tr_word(&w, dest);
	return answer(c, &w, "migrate");
}

/* vm-uninstall: the VM and the VDIs it owns; vm-destroy uuid=: the record. */
static int xe_delete(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	tr_note(c->t, "%s", c->row->note);
	if (strcmp(c->row->name, "vm-uninstall") == 0) {
		tr_approx(c->t, "xe vm-uninstall destroys the disks XAPI marked as the VM's own and its suspend image");
		if (flag(c, "force"))
			tr_note(c->t, "--force only skips xe's question; xe refuses a running VM");
		tr_word(&w, "--storage");
		if (one_vm(c, &w) < 0)
			return -1;
		return answer(c, &w, "delete");
	}
	const char *uuid = get(c, "uuid");
	tr_approx(c->t, "xe vm-destroy removes the VM's record only: its disks stay");
	if (tr_guest(c->t, uuid, c->err) < 0)
		return -1;
	tr_word(&w, "--");
	tr_word(&w, uuid);
	return answer(c, &w, "delete");
}

/* vm-param-set uuid= KEY=VALUE: the fields that have a vmctl verb. */
static int xe_param_set(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *uuid = get(c, "uuid");
	const char *label = get(c, "name-label"), *vcpus = get(c, "VCPUs-at-startup");
	const char *poweron = get(c, "other-config:auto_poweron");
	int set = !!label + !!vcpus + !!poweron;
	size_t others = 0;
	for (size_t i = 0; i < c->n; i++)
		others += !c->kv[i].used && !in_list(c->kv[i].key, XE_STDPARAMS);
	if (set != 1 || others)
		return tr_unsupported(c->err, "'xe vm-param-set' %s; translate reads one of name-label=, VCPUs-at-startup= "
				      "and other-config:auto_poweron=", set + others > 1 ? "sets several fields" :
				      "sets a field vmctl has no verb for");
	if (tr_guest(c->t, uuid, c->err) < 0)
		return -1;
	if (label) {
		tr_word(&w, "--");
		tr_word(&w, uuid);
		tr_word(&w, label);
		return answer(c, &w, "rename");
	}
	if (vcpus) {
		if (!*vcpus || strspn(vcpus, "0123456789") != strlen(vcpus))
			return vm_error_set(c->err, VM_EXIT_USAGE, "xe: VCPUs-at-startup takes an integer, not '%s'", vcpus);
		tr_approx(c->t, "VCPUs-at-startup counts from the next start and must not exceed VCPUs-max");
		tr_word(&w, "--config");
		tr_word(&w, "--");
		tr_word(&w, uuid);
		tr_word(&w, vcpus);
		return answer(c, &w, "vcpu-set");
	}
	/* read by xen-api only in xapi_db_upgrade.ml upgrade_auto_poweron */
	tr_approx(c->t, "xen-api itself ignores other-config:auto_poweron (XCP-ng honours it with the pool's flag)");
	tr_word(&w, "--");
	tr_word(&w, uuid);
	tr_word(&w, strcmp(poweron, "true") == 0 ? "on" : "off");
	return answer(c, &w, "autostart");
}

/* event-wait class=vm (name-label=|uuid=) power-state=STATE */
static int xe_event_wait(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *cls = get(c, "class"), *label = get(c, "name-label"), *uuid = get(c, "uuid");
	const char *ps = get(c, "power-state");
	if (strcmp(cls, "vm") != 0 || !ps || (!label && !uuid))
		return tr_unsupported(c->err, "'xe event-wait' reads as vmctl wait only as class=vm with name-label= or uuid= "
				      "and power-state=");
	const char *state = strcmp(ps, "halted") == 0 ? "shutoff" : strcmp(ps, "running") == 0 ? "running" :
			    strcmp(ps, "paused") == 0 ? "paused" : strcmp(ps, "suspended") == 0 ? "suspended" : NULL;
	if (!state) {
		char *q = msg_quote(ps);
		tr_unsupported(c->err, "XAPI's power-state is halted, paused, running or suspended: xe event-wait "
			       "power-state=%s waits for what never comes", q);
		free(q);
		return -1;
	}
	tr_approx(c->t, "xe event-wait keeps waiting when the VM disappears (vmctl wait exits 3)");
	tr_word(&w, "--state");
	tr_word(&w, state);
	const char *g = label ? label : uuid;
	if (tr_guest(c->t, g, c->err) < 0)
		return -1;
	tr_word(&w, "--");
	tr_word(&w, g);
	return answer(c, &w, "wait");
}

/* sr-list, vdi-list, network-list, network-create, host-list. */
static int xe_resources(struct xc *c)
{
	struct tr_words w = { .t = c->t };
	const char *n = c->row->name;
	if (get(c, "params") || flag(c, "minimal"))
		tr_note(c->t, "params= and --minimal only change what xe prints");
	if (strcmp(n, "sr-list") == 0) {
		tr_approx(c->t, "XAPI's SRs stand for libvirt's storage pools");
		return answer(c, &w, "pool-list");
	}
	if (strcmp(n, "vdi-list") == 0) {
		const char *sr = get(c, "sr-name-label");
		tr_approx(c->t, "XAPI's VDIs stand for disk images; they are named by UUID, not by path");
		if (sr) {
			tr_word(&w, "--");
			tr_word(&w, sr);
		}
		return answer(c, &w, "image-list");
	}
	if (strcmp(n, "host-list") == 0 || strcmp(n, "host-cpu-info") == 0) {
		tr_approx(c->t, "xe shows the pool's hosts; vmctl host checks this host for KVM, Xen and libvirt");
		return answer(c, &w, "host");
	}
	const char *label = get(c, "name-label");
	if (strcmp(n, "network-list") == 0) {
		tr_approx(c->t, "an XAPI network is a bridge: no subnet, forward mode or DHCP");
		if (!label)
			return answer(c, &w, "net-list");
		tr_word(&w, "--");
		tr_word(&w, label);
		return answer(c, &w, "net-info");
	}
	/* network-create: a bridge of the host's VMs, connected out by a PIF */
	tr_approx(c->t, "xe network-create makes a bridge with no NAT, routing or DHCP (--forward none)");
	const char *bridge = get(c, "bridge");
	tr_word(&w, "--forward");
	tr_word(&w, "none");
	if (bridge) {
		tr_word(&w, "--bridge");
		tr_word(&w, bridge);
	}
	tr_word(&w, "--");
	tr_word(&w, label);
	return answer(c, &w, "net-create");
}

#define FF_DESTROY "false friend: xe vm-destroy deletes the VM's record (its disks stay); a power-off is xe vm-shutdown --force"
#define FF_SUSPEND "false friend: xe vm-suspend saves the VM to disk and stops it (vmctl save); xe vm-pause pauses in memory"
#define FF_RESUME "false friend: xe vm-resume starts a suspended (saved) VM (vmctl restore); xe vm-unpause resumes a paused one"

/* Checked against cli_frontend.ml cmdtable_data (reqd, optn, flags). */
static const struct xe_row rows[] = {
	{ "vm-list", xe_vm_list, NULL, "params", true, VERB_LIST, NULL },
	{ "vm-param-list", xe_param_list, "uuid", "database:", false, VERB_INFO, NULL },
	{ "vm-param-get", xe_param_list, "uuid param-name", "param-key database:", false, VERB_INFO, NULL },
	{ "vm-start", xe_simple, NULL, "force on paused progress", true, VERB_START, NULL },
	{ "vm-shutdown", xe_simple, NULL, "force progress", true, VERB_STOP, NULL },
	{ "vm-reboot", xe_simple, NULL, "force", true, VERB_REBOOT, NULL },
	/* "vm-pause": "Note this operation does not free the associated memory (see 'vm-suspend')" */
	{ "vm-pause", xe_simple, NULL, NULL, true, VERB_PAUSE,
	  "false friend: xe vm-pause keeps the VM in memory (vmctl pause); xe vm-suspend saves it to disk" },
	{ "vm-unpause", xe_simple, NULL, NULL, true, VERB_RESUME,
	  "false friend: xe vm-unpause resumes a paused VM (vmctl resume); xe vm-resume starts a suspended one" },
	{ "console", xe_simple, NULL, NULL, true, VERB_CONSOLE, NULL },
	{ "vm-disk-list", xe_simple, NULL, "vbd-params vdi-params", true, VERB_DISK_LIST, NULL },
	{ "vm-cd-list", xe_simple, NULL, "vbd-params vdi-params", true, VERB_DISK_LIST, NULL },
	{ "vm-vif-list", xe_simple, NULL, NULL, true, VERB_NIC_LIST, NULL },
	/* vm_suspend: VM.suspend; vm_resume: VM.resume of a suspended VM */
	{ "vm-suspend", xe_suspend, NULL, "progress", true, VERB_SAVE, FF_SUSPEND },
	{ "vm-resume", xe_suspend, NULL, "force on progress", true, VERB_RESTORE, FF_RESUME },
	{ "vm-vcpu-hotplug", xe_vcpu_hotplug, "new-vcpus", NULL, true, VERB_VCPU_SET, NULL },
	{ "vm-memory-set", xe_memory, "memory", NULL, true, VERB_MEM_SET, NULL },
	{ "vm-memory-target-set", xe_memory, "target", NULL, true, VERB_MEM_SET, NULL },
	{ "vm-cd-insert", xe_cd, "cd-name", NULL, true, VERB_CD_CHANGE, NULL },
	{ "vm-cd-eject", xe_cd, NULL, NULL, true, VERB_CD_CHANGE, NULL },
	{ "vm-snapshot", xe_snapshot, "new-name-label", "new-name-description ignore-vdi-uuids", true, VERB_SNAPSHOT,
	  NULL },
	{ "vm-checkpoint", xe_snapshot, "new-name-label", "new-name-description", true, VERB_SNAPSHOT, NULL },
	{ "snapshot-list", xe_snapshot_list, NULL, "params", true, VERB_SNAPSHOT, NULL },
	{ "vm-migrate", xe_migrate, NULL,
	  "live host host-uuid remote-master remote-username remote-password remote-network force copy compress "
	  "vif: vdi: vgpu:", true, VERB_MIGRATE, NULL },
	/* "vm-destroy": reqd ["uuid"], "This leaves the storage associated
	 * with the VM intact. To delete storage too, use vm-uninstall." */
	{ "vm-uninstall", xe_delete, NULL, "force", true, VERB_DELETE,
	  "xe vm-uninstall deletes the VM with its own disks; xe vm-destroy uuid=UUID keeps the disks" },
	{ "vm-destroy", xe_delete, "uuid", NULL, false, VERB_DELETE, FF_DESTROY },
	{ "vm-param-set", xe_param_set, "uuid", NULL, false, VERB_RENAME, NULL },
	{ "event-wait", xe_event_wait, "class", NULL, false, VERB_WAIT, NULL },
	{ "sr-list", xe_resources, NULL, "params", false, VERB_POOL_LIST, NULL },
	{ "vdi-list", xe_resources, NULL, "params", false, VERB_IMAGE_LIST, NULL },
	{ "network-list", xe_resources, NULL, "params", false, VERB_NET_LIST, NULL },
	{ "network-create", xe_resources, "name-label", "name-description MTU bridge managed", false, VERB_NET_CREATE,
	  NULL },
	{ "host-list", xe_resources, NULL, "params", false, VERB_HOST, NULL },
	{ "host-cpu-info", xe_resources, NULL, "uuid", false, VERB_HOST, NULL },
};

/* Commands that are real and that vmctl refuses, with why. */
static const struct nrefusal xe_refused[] = {
	{ "snapshot-revert", "'xe snapshot-revert' names the snapshot by UUID alone; vmctl snapshot revert needs the guest "
			     "too: vmctl snapshot revert GUEST UUID" },
	{ "snapshot-uninstall", "'xe snapshot-uninstall' names the snapshot by UUID alone (and destroys its disks); vmctl "
				"snapshot delete needs the guest too: vmctl snapshot delete GUEST UUID" },
	{ "snapshot-destroy", "'xe snapshot-destroy' names the snapshot by UUID alone and leaves its disks behind; vmctl "
			      "snapshot delete needs the guest too: vmctl snapshot delete GUEST UUID" },
	{ "vm-install", "'xe vm-install' makes a VM from a template; vmctl create makes one from a neutral spec "
			"(vmctl create --vcpus N --memory SIZE --disk PATH NAME)" },
	{ "vm-memory-limits-set", "'xe vm-memory-limits-set' sets four limits; vmctl mem-set sets one size (vmctl mem-set "
				  "--config GUEST SIZE)" },
	{ NULL, NULL },
};

static const struct ntool xe_tool = {
	.kind = "xe command",
	.prefix = "xe ",
	.subject = "",
	.refused = xe_refused,
	.words = XE_WORDS,
	.reads = "xe " XE_READ,
	.aliases = xe_aliases,
};

/* The client's own options (newcli.ml parse_opt): a value follows. */
static bool client_switch(const char *w, bool *value)
{
	*value = true;
	if (in_list(w, "-s -h -p -u -pw -pwf --traceparent"))
		return true;
	*value = false;
	return in_list(w, "--nossl --debug --debug-on-fail");
}

/* The client's keywords (newcli.ml set_keyword) written KEY=VALUE. */
static bool client_keyword(const char *w)
{
	size_t len = strcspn(w, "=");
	static const char *const keys[] = { "server", "port", "username", "password", "passwordfile", "nossl", "debug",
					     "debugonfail", "traceparent", NULL };
	if (!w[len])
		return false;
	for (const char *const *k = keys; *k; k++)
		if (strlen(*k) == len && strncmp(*k, w, len) == 0)
			return true;
	return false;
}

int translate_xe(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	struct xc c = { .t = t, .err = err };
	const char *cmd = NULL;
	bool remote = false, creds = false, chatty = false;
	int rc = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool value;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-help") == 0)
			return vm_error_set(err, VM_EXIT_USAGE, "'xe %s' prints xe's help; nothing to translate", a);
		if (client_switch(a, &value) && (!value || i + 1 < argc)) {
			remote |= in_list(a, "-s -h -p");
			creds |= in_list(a, "-u -pw -pwf");
			chatty |= !value || strcmp(a, "--traceparent") == 0;
			i += value;
			continue;
		}
		if (client_keyword(a)) {
			remote |= strncmp(a, "server=", 7) == 0 || strncmp(a, "port=", 5) == 0;
			creds |= strncmp(a, "user", 4) == 0 || strncmp(a, "password", 8) == 0;
			chatty |= !remote && !creds;
			continue;
		}
		if (!cmd) {
			if (strchr(a, '=') || a[0] == '-') {
				char *q = msg_quote(a);
				rc = vm_error_set(err, VM_EXIT_USAGE, "'xe' needs a command before %s; xe: Syntax error: command "
						  "name is missing", q);
				free(q);
				goto cleanup;
			}
			cmd = a;
			continue;
		}
		if (c.n == XE_MAX_KV) {
			rc = vm_error_set(err, VM_EXIT_USAGE, "'xe %s' is given more than %d parameters", cmd, XE_MAX_KV);
			goto cleanup;
		}
		struct kv *k = &c.kv[c.n];
		k->word = a;
		if (strncmp(a, "--", 2) == 0) {
			k->key = a + 2;
			k->val = "true";
		} else if (a[0] == '-') {
			/* parse_params_2: a switch takes the next word; convert_switch knows -u -pw -s -h -p only */
			char *q = msg_quote(a);
			rc = vm_error_set(err, VM_EXIT_USAGE, "unknown switch %s for 'xe %s'; xe: Syntax error", q, cmd);
			free(q);
			goto cleanup;
		} else {
			const char *eq = strchr(a, '=');
			k->key = eq ? tr_keep(t, xasprintf("%.*s", (int)(eq - a), a)) : a;
			k->val = eq ? eq + 1 : "";
			if (!eq) {
				char *q = msg_quote(a);
				rc = vm_error_set(err, VM_EXIT_USAGE, "'xe %s' reads KEY=VALUE words: %s is none (a VM is vm=NAME)",
						  cmd, q);
				free(q);
				goto cleanup;
			}
		}
		c.n++;
	}
	if (!cmd) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'xe' needs a command, such as xe vm-list");
		goto cleanup;
	}
	const struct xe_row *row = rows;
	while (row < rows + ARRAY_SIZE(rows) && strcmp(row->name, cmd) != 0)
		row++;
	if (row == rows + ARRAY_SIZE(rows)) {
		rc = tr_not_expressible(&xe_tool, cmd, err);
		goto cleanup;
	}
	c.row = row;
	c.who = xasprintf("xe %s", cmd);
	if (remote)
		tr_approx(t, "xe -s/-h/-p (server=, port=) talks to the XAPI of another host; the vmctl form acts here");
	if (creds)
		tr_note(t, "xe's credentials (-u, -pw, -pwf) are not carried");
	if (chatty)
		tr_note(t, "--nossl, --debug, --debug-on-fail and --traceparent only change how xe connects and prints");
	if (required(&c) == 0)
		rc = row->run(&c);
cleanup:
	free(c.who);
	return rc;
}
