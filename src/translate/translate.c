/* translate.c: the verb translate: which parser reads a command, a runbook
 * on standard input, and a translation shown in every vocabulary. */
#include "translate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "quote.h"
#include "uri.h"

typedef int (*parse_fn)(int, char **, struct translation *, struct vm_error *);

static const struct {
	const char *name;
	parse_fn parse;
	enum vocab vocab;
} tools[] = {
	{ "xl", translate_xl, VOCAB_XL },
	{ "xentop", translate_xentop, VOCAB_XL },
	{ "virsh", translate_virsh, VOCAB_VIRSH },
	{ "vzctl", translate_vzctl, VOCAB_VZCTL },
	{ "vzlist", translate_vzlist, VOCAB_VZCTL },
	{ "vzmigrate", translate_vzmigrate, VOCAB_VZCTL },
	{ "hmp", translate_hmp, VOCAB_QEMU },
	{ "qmp", translate_qmp, VOCAB_QEMU },
	{ "qemu-system-x86_64", translate_qemu, VOCAB_QEMU },
	{ "qemu-system-i386", translate_qemu, VOCAB_QEMU },
	{ "qemu-kvm", translate_qemu, VOCAB_QEMU },
	{ "kvm", translate_qemu, VOCAB_QEMU },
	{ "qemu-img", translate_qemu_img, VOCAB_QEMU },
	{ "vmctl", translate_vmctl, VOCAB_VMCTL },
	{ "qm", translate_qm, VOCAB_QM },
	{ "pct", translate_pct, VOCAB_PCT },
	{ "xe", translate_xe, VOCAB_XE },
	{ "vagrant", translate_vagrant, VOCAB_VAGRANT },
	{ "openstack", translate_openstack, VOCAB_OPENSTACK },
	{ "incus", translate_incus, VOCAB_INCUS },
};

#define TOOL_WORDS "xl xentop virsh vzctl vzlist vzmigrate hmp qmp qemu-system-x86_64 qemu-kvm qemu-img vmctl " \
	"lxc-ls lxc-info lxc-start lxc-stop lxc-freeze lxc-unfreeze lxc-cgroup lxc-console " \
	"lxc-checkpoint lxc-snapshot lxc-checkconfig lxc-create lxc-destroy lxc-copy lxc-device " \
	"lxc-wait lxc-monitor lxc-top lxc-attach qm pct xe vagrant openstack incus"
#define TOOLS_READ "xl, xentop, virsh, lxc-*, vzctl, vzlist, vzmigrate, hmp GUEST COMMAND and qmp GUEST JSON (the QEMU monitor), " \
	"qemu-system-x86_64, qemu-kvm, qemu-img, qm, pct, xe, vagrant, openstack server and incus"

/* Tools people type that manage guests but are no vocabulary (yet): a
 * real command of theirs has no vmctl translation (exit 4), and never a
 * did-you-mean towards a vocabulary whose name is close (qm -> qmp). */
static const struct {
	const char *name;
	const char *what;
} other_tools[] = {
	{ "prlctl", "Virtuozzo's and OpenVZ 7's VM and container tool" },
	{ "VBoxManage", "VirtualBox's tool" },
	{ "vboxmanage", "VirtualBox's tool" },
};

static int unknown_tool(const char *name, struct vm_error *err)
{
	char *q = msg_quote(name);
	char near[64];
	for (size_t i = 0; i < ARRAY_SIZE(other_tools); i++) {
		if (strcmp(name, other_tools[i].name) == 0) {
			vm_error_set(err, VM_EXIT_UNSUPPORTED, "%s is %s, not a vocabulary here; translate reads " TOOLS_READ,
				     q, other_tools[i].what);
			free(q);
			return -1;
		}
	}
	if (strcmp(name, "lxc") == 0)
		vm_error_set(err, VM_EXIT_USAGE,
			     "'lxc' is the client of LXD and Incus, not of LXC: translate reads LXC's lxc-* tools (lxc-start, lxc-stop, ...)");
	else if (strncmp(name, "qemu-system-", 12) == 0)
		vm_error_set(err, VM_EXIT_UNSUPPORTED, "translate reads x86 command lines only (qemu-system-x86_64, qemu-kvm), not %s", q);
	else if (nearest_word(name, TOOL_WORDS, near, sizeof(near)))
		vm_error_set(err, VM_EXIT_USAGE, "unknown tool %s, did you mean '%s'?", q, near);
	else
		vm_error_set(err, VM_EXIT_USAGE, "unknown tool %s; translate reads " TOOLS_READ, q);
	free(q);
	return -1;
}

/* The tool's reader; where it finds no vmctl equivalent (exit 4), the
 * inverse of explain (derive.c) may still read a verb's own line. */
static int parse_or_derive(parse_fn parse, enum vocab v, int argc, char **argv, struct translation *t,
			   struct vm_error *err)
{
	t->vocab = v;
	int rc = parse(argc, argv, t, err);
	if (rc == 0 || err->code != VM_EXIT_UNSUPPORTED || v == VOCAB_VMCTL)
		return rc;
	struct translation d = { .vocab = v, .equiv = EQUIV_EXACT };
	if (translate_derived(argc, argv, v, &d) < 0) {
		translation_clear(&d);
		return rc;
	}
	translation_clear(t);
	*t = d;
	*err = (struct vm_error){ 0 };
	return 0;
}

int translate_argv(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	memset(t, 0, sizeof(*t));
	t->req.timeout = VM_STOP_TIMEOUT_DEFAULT;
	t->equiv = EQUIV_EXACT;
	if (argc > 0 && strcmp(tr_base_name(argv[0]), "sudo") == 0) {
		argc--;
		argv++;
		if (argc > 0 && argv[0][0] == '-')
			return vm_error_set(err, VM_EXIT_USAGE, "translate reads the command after sudo; give it without sudo's options");
	}
	if (argc < 1)
		return vm_error_set(err, VM_EXIT_USAGE, "no native command given; usage: vmctl translate NATIVE-COMMAND... | -");
	const char *name = tr_base_name(argv[0]);
	if (name[0] == '-') {
		char *q = msg_quote(name);
		vm_error_set(err, VM_EXIT_USAGE, "translate takes a native command, not the option %s; see 'vmctl help translate'", q);
		free(q);
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
		if (strcmp(name, tools[i].name) == 0) {
			return parse_or_derive(tools[i].parse, tools[i].vocab, argc, argv, t, err);
		}
	}
	if (strncmp(name, "lxc-", 4) == 0)
		return parse_or_derive(translate_lxc, VOCAB_LXC, argc, argv, t, err);
	return unknown_tool(name, err);
}

void translation_clear(struct translation *t)
{
	free(t->req.values.v);
	t->req.values = (struct vm_values){ 0 };
	strvec_clear(&t->notes);
	strvec_clear(&t->keep);
	qemu_guest_free(t->guest);
	t->guest = NULL;
}

/* argv as it may be shown: a URI's password is left out, as explain does. */
static void shown(char *const *argv, struct strvec *out)
{
	for (size_t i = 0; argv && argv[i]; i++) {
		char *w = uri_is_uri(argv[i]) ? uri_redact(argv[i]) : xstrdup(argv[i]);
		strvec_push(out, w);
		free(w);
	}
}

void translation_print(const struct translation *t, unsigned mask, char *const *argv, unsigned line,
		       bool json, bool quiet, FILE *out)
{
	struct explanation ex[ARRAY_SIZE(vocab_order)];
	struct explain_config cfg[ARRAY_SIZE(vocab_order)];
	const struct explain_config *cfgp[ARRAY_SIZE(vocab_order)];
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(vocab_order); i++) {
		enum vocab v = vocab_order[i];
		if (!(mask & VOCAB_BIT(v)))
			continue;
		memset(&cfg[n], 0, sizeof(cfg[n]));
		if (t->guest)
			qemu_guest_explain(t, v, &ex[n], &cfg[n]);
		else
			explain_one(v, &t->req, &ex[n]);
		cfgp[n] = cfg[n].format ? &cfg[n] : NULL;
		if (v == VOCAB_VMCTL && ex[n].equiv != EQUIV_NONE) {
			for (size_t r = 0; r < t->notes.n; r++) {
				if (r < t->reasons)
					ex_approx(&ex[n], "%s", t->notes.v[r]);
				else
					ex_note(&ex[n], "%s", t->notes.v[r]);
			}
		}
		n++;
	}
	struct strvec native = STRVEC_INIT;
	shown(argv, &native);
	struct explain_set set = {
		.verb = t->req.verb,
		.guest = t->guest ? qemu_guest_name(t->guest) : t->req.guest,
		.req = &t->req,
		.native = native.v,
		.line = line,
		.n = n,
		.ex = ex,
		.config = cfgp,
	};
	explain_print_set(&set, json, quiet, out);
	for (size_t i = 0; i < n; i++)
		explanation_clear(&ex[i]);
	strvec_clear(&native);
}

/* A runbook line or a quoted string holds one command, not a pipeline. */
static int one_command(char **w, size_t n, struct vm_error *err)
{
	static const char *const joins[] = { ";", "&&", "||", "|", "&" };
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(w[i]);
		bool join = len > 1 && w[i][len - 1] == ';';
		for (size_t j = 0; j < ARRAY_SIZE(joins) && !join; j++)
			join = strcmp(w[i], joins[j]) == 0;
		if (join) {
			char *q = msg_quote(w[i]);
			vm_error_set(err, VM_EXIT_USAGE,
				     "one command at a time: %s joins two commands; give each its own line to 'vmctl translate -'", q);
			free(q);
			return -1;
		}
	}
	return 0;
}

struct run {
	const struct translate_opts *o;
	unsigned mask;
	FILE *out;
	unsigned entries;
};

/* Translates and prints one command; returns its exit code. */
static int run_one(struct run *r, int argc, char **argv, unsigned line, bool split)
{
	struct vm_error err = { 0 };
	struct translation t;
	int rc = VM_EXIT_OK;
	if (split && one_command(argv, (size_t)argc, &err) < 0) {
		memset(&t, 0, sizeof(t));
		rc = -1;
	} else {
		rc = translate_argv(argc, argv, &t, &err);
	}
	if (rc < 0) {
		if (line) {
			struct vm_error lerr;
			vm_error_set(&lerr, err.code, "line %u: %s", line, err.msg);
			rc = r->o->report(&lerr);
		} else {
			rc = r->o->report(&err);
		}
	} else {
		if (line && !r->o->json && !r->o->quiet) {
			struct strvec words = STRVEC_INIT;
			shown(argv, &words);
			char *cmd = sh_join(words.v);
			fprintf(r->out, "%s# line %u: %s\n", r->entries ? "\n" : "", line, cmd);
			free(cmd);
			strvec_clear(&words);
		}
		translation_print(&t, r->mask, argv, line, r->o->json, r->o->quiet, r->out);
		r->entries++;
	}
	translation_clear(&t);
	return rc;
}

/* `translate -`: one command a line; every line is tried, the first failure
 * gives the exit code. */
static int run_stdin(struct run *r)
{
	char *buf = NULL;
	size_t cap = 0;
	unsigned line = 0;
	int first = VM_EXIT_OK;
	while (getline(&buf, &cap, stdin) >= 0) {
		line++;
		struct strvec words = STRVEC_INIT;
		struct vm_error err = { 0 };
		int rc = VM_EXIT_OK;
		if (split_words(buf, &words, &err) < 0) {
			struct vm_error lerr;
			vm_error_set(&lerr, err.code, "line %u: %s", line, err.msg);
			rc = r->o->report(&lerr);
		} else {
			char **w = words.v;
			size_t n = words.n;
			if (n && strcmp(w[0], "$") == 0) { /* a pasted shell prompt */
				w++;
				n--;
			}
			if (n)
				rc = run_one(r, (int)n, w, line, true);
		}
		strvec_clear(&words);
		fflush(r->out);
		if (rc != VM_EXIT_OK && first == VM_EXIT_OK)
			first = rc;
	}
	free(buf);
	return first;
}

int translate_verb(int argc, char **argv, const struct translate_opts *o, FILE *out)
{
	struct vm_error err = { 0 };
	struct run r = { .o = o, .out = out };
	if (o->explain_list) {
		if (vocab_parse(o->explain_list, &r.mask, &err) < 0)
			return o->report(&err);
	} else if (o->backend != BACKEND_NONE) {
		r.mask = VOCAB_BIT(vocab_of_backend(o->backend));
	} else {
		r.mask = VOCAB_HYPERVISOR;
	}
	r.mask |= VOCAB_BIT(VOCAB_VMCTL);
	if (argc < 2) {
		vm_error_set(&err, VM_EXIT_USAGE, "missing NATIVE-COMMAND; usage: vmctl translate NATIVE-COMMAND... | -");
		return o->report(&err);
	}
	if (strcmp(argv[1], "-") == 0) {
		if (argc > 2) {
			vm_error_set(&err, VM_EXIT_USAGE, "'translate -' reads its commands from standard input; nothing goes after '-'");
			return o->report(&err);
		}
		return run_stdin(&r);
	}
	if (argc == 2 && strpbrk(argv[1], " \t\n")) { /* one quoted command line */
		struct strvec words = STRVEC_INIT;
		int rc;
		if (split_words(argv[1], &words, &err) < 0)
			rc = o->report(&err);
		else
			rc = run_one(&r, (int)words.n, words.v, 0, true);
		strvec_clear(&words);
		return rc;
	}
	return run_one(&r, argc - 1, argv + 1, 0, false);
}
