/* explain.c: the builders the vocabularies use, and the printer. */
#include "explain.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "uri.h"
#include "verbs.h"

static const char *const vocab_names[VOCAB__COUNT] = {
	[VOCAB_VMCTL] = "vmctl", [VOCAB_XL] = "xl",       [VOCAB_VIRSH] = "virsh",
	[VOCAB_LXC] = "lxc",     [VOCAB_VZCTL] = "vzctl", [VOCAB_QEMU] = "qemu",
	[VOCAB_QM] = "qm",       [VOCAB_PCT] = "pct",     [VOCAB_XE] = "xe",
	[VOCAB_VAGRANT] = "vagrant", [VOCAB_OPENSTACK] = "openstack", [VOCAB_INCUS] = "incus",
};

const char *vocab_name(enum vocab v)
{
	return v < VOCAB__COUNT ? vocab_names[v] : "?";
}

const char *equivalence_name(enum equivalence e)
{
	switch (e) {
	case EQUIV_EXACT:
		return "exact";
	case EQUIV_APPROX:
		return "approximate";
	case EQUIV_NONE:
		return "none";
	}
	return "?";
}

struct strvec *ex_cmd(struct explanation *ex, const char *tool)
{
	if (ex->n >= EXPLAIN_MAX_CMDS)
		abort(); /* a vocabulary bug, caught by the golden tests */
	struct strvec *sv = &ex->argv[ex->n++];
	strvec_push(sv, tool);
	return sv;
}

void ex_note(struct explanation *ex, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	strvec_push(&ex->notes, s);
	free(s);
}

/* Inserts a reason after the reasons already given, before other notes. */
static void note_reason(struct explanation *ex, const char *s)
{
	strvec_push(&ex->notes, s);
	char *last = ex->notes.v[ex->notes.n - 1];
	size_t at = ex->reasons++;
	memmove(ex->notes.v + at + 1, ex->notes.v + at, (ex->notes.n - 1 - at) * sizeof(char *));
	ex->notes.v[at] = last;
}

void ex_approx(struct explanation *ex, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	if (ex->equiv == EQUIV_EXACT)
		ex->equiv = EQUIV_APPROX;
	note_reason(ex, s);
	free(s);
}

void ex_none(struct explanation *ex, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < ex->n; i++)
		strvec_clear(&ex->argv[i]);
	ex->n = 0;
	ex->equiv = EQUIV_NONE;
	ex->reasons = 0;
	note_reason(ex, s);
	free(s);
}

void explanation_clear(struct explanation *ex)
{
	for (size_t i = 0; i < EXPLAIN_MAX_CMDS; i++)
		strvec_clear(&ex->argv[i]);
	strvec_clear(&ex->notes);
	ex->n = 0;
	ex->reasons = 0;
}

char *size_with_suffix(uint64_t kib, const char *k, const char *m, const char *g, const char *t)
{
	if (kib % (UINT64_C(1) << 30) == 0)
		return xasprintf("%llu%s", (unsigned long long)(kib >> 30), t);
	if (kib % (UINT64_C(1) << 20) == 0)
		return xasprintf("%llu%s", (unsigned long long)(kib >> 20), g);
	if (kib % (UINT64_C(1) << 10) == 0)
		return xasprintf("%llu%s", (unsigned long long)(kib >> 10), m);
	return xasprintf("%llu%s", (unsigned long long)kib, k);
}

typedef void (*explain_fn)(const struct vm_request *, struct explanation *);

static const explain_fn vocab_fns[VOCAB__COUNT] = {
	[VOCAB_VMCTL] = explain_vmctl, [VOCAB_XL] = explain_xl,       [VOCAB_VIRSH] = explain_virsh,
	[VOCAB_LXC] = explain_lxc,     [VOCAB_VZCTL] = explain_vzctl, [VOCAB_QEMU] = explain_qemu,
	[VOCAB_QM] = explain_qm,       [VOCAB_PCT] = explain_pct,     [VOCAB_XE] = explain_xe,
	[VOCAB_VAGRANT] = explain_vagrant, [VOCAB_OPENSTACK] = explain_openstack, [VOCAB_INCUS] = explain_incus,
};

void explain_one(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	memset(ex, 0, sizeof(*ex));
	ex->vocab = v;
	ex->equiv = EQUIV_EXACT;
	/* the second wave's vocabularies say for themselves whether they have
	 * a bulk form (incus stop --all, vagrant halt with no machine) */
	if (req->all && v != VOCAB_VMCTL && !(VOCAB_BIT(v) & VOCAB_STACKS)) {
		ex_none(ex, "%s has no bulk form of %s; closest: one command per guest (vmctl --explain %s GUEST)",
			v == VOCAB_QEMU ? "the QEMU monitor" : vocab_names[v], verb_name(req->verb), verb_name(req->verb));
		return;
	}
	vocab_fns[v](req, ex);
}

int vocab_parse(const char *list, unsigned *mask, struct vm_error *err)
{
	*mask = 0;
	const char *p = list;
	for (;;) {
		size_t len = strcspn(p, ",");
		bool found = false;
		if (len == 3 && strncmp(p, "all", 3) == 0) {
			*mask |= VOCAB_ALL_NATIVE;
			found = true;
		}
		for (int v = 0; v < VOCAB__COUNT && !found; v++) {
			if (strlen(vocab_names[v]) == len && strncmp(p, vocab_names[v], len) == 0) {
				*mask |= VOCAB_BIT(v);
				found = true;
			}
		}
		if (!found) {
			char *word = xasprintf("%.*s", (int)len, p);
			char *q = msg_quote(word);
			vm_error_set(err, VM_EXIT_USAGE,
				     "unknown vocabulary %s; use vmctl, xl, virsh, lxc, vzctl, qemu, qm, pct, xe, vagrant, "
				     "openstack, incus or all", q);
			free(q);
			free(word);
			return -1;
		}
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	return 0;
}

enum vocab vocab_of_backend(enum vm_backend_id b)
{
	switch (b) {
	case BACKEND_XEN:
		return VOCAB_XL;
	case BACKEND_LXC:
		return VOCAB_LXC;
	case BACKEND_OPENVZ:
		return VOCAB_VZCTL;
	case BACKEND_LIBVIRT:
	case BACKEND_NONE:
		break;
	}
	return VOCAB_VIRSH;
}

static int popcount(unsigned m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

static void print_text(const struct explanation *ex, bool header, bool quiet, FILE *out)
{
	if (header && !quiet)
		fprintf(out, "# %s\n", vocab_name(ex->vocab));
	for (size_t i = 0; i < ex->n; i++) {
		char *line = sh_join(ex->argv[i].v);
		fprintf(out, "%s\n", line);
		free(line);
	}
	if (quiet)
		return;
	for (size_t i = 0; i < ex->notes.n; i++) {
		const char *prefix = "";
		if (i == 0 && ex->equiv == EQUIV_APPROX)
			prefix = "approximate: ";
		else if (i == 0 && ex->equiv == EQUIV_NONE)
			prefix = "no equivalent: ";
		fprintf(out, "# %s%s\n", prefix, ex->notes.v[i]);
	}
}

static json_object *strvec_json(const struct strvec *sv)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < sv->n; i++)
		json_object_array_add(a, json_object_new_string(sv->v[i]));
	return a;
}

static void add_json(const struct explanation *ex, json_object *cmds)
{
	static const struct strvec empty = STRVEC_INIT;
	size_t n = ex->n ? ex->n : 1;
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_new_object();
		json_object_object_add(c, "vocabulary", json_object_new_string(vocab_name(ex->vocab)));
		json_object_object_add(c, "argv", strvec_json(ex->n ? &ex->argv[i] : &empty));
		json_object_object_add(c, "equivalence",
				       json_object_new_string(equivalence_name(ex->equiv)));
		json_object_object_add(c, "notes", strvec_json(i == n - 1 ? &ex->notes : &empty));
		json_object_array_add(cmds, c);
	}
}

/* The request's operands as the envelope's "operands" member: each operand
 * of the verb's row under its JSON name (null when an optional one was
 * left out); a sub-verb's name as "action"; sizes in bytes. */
static json_object *operands_json(const struct vm_request *req)
{
	json_object *o = json_object_new_object();
	const struct verb_def *verb = verb_by_id(req->verb);
	if (!verb)
		return o;
	const struct verb_def *row = verb_effective(verb, req);
	if (row != verb)
		json_object_object_add(o, "action", json_object_new_string(row->name));
	for (const struct operand_def *d = row->operands; d && d->name; d++) {
		const struct vm_value *kept = d->dest ? NULL : vm_value(req, d->json);
		uint64_t num = 0;
		if (kept)
			num = kept->num;
		else if (d->kind == OPD_COUNT && d->dest)
			num = *(const unsigned *)((const char *)req + d->dest);
		else if (d->kind == OPD_SIZE && d->dest)
			num = *(const uint64_t *)((const char *)req + d->dest);
		const char *const *p = kept ? &kept->str : (const char *const *)((const char *)req + d->dest);
		static const char *const none = NULL;
		if (!d->dest && !kept)
			p = &none;
		json_object *v = NULL;
		switch (d->kind) {
		case OPD_COUNT:
			v = json_object_new_int64((int64_t)num);
			break;
		case OPD_SIZE:
			v = json_object_new_uint64(num * 1024);
			break;
		case OPD_DEST:
		case OPD_URI:
			if (*p) {
				char *shown = uri_redact(*p);
				v = json_object_new_string(shown);
				free(shown);
			}
			break;
		case OPD_ARGV:
			v = json_object_new_array();
			for (size_t i = 0; vm_value_nth(req, d->json, i); i++)
				json_object_array_add(v, json_object_new_string(vm_value_nth(req, d->json, i)));
			break;
		case OPD_WORDS:
			continue;
		case OPD_GUEST:
		case OPD_NAME:
		case OPD_PATH:
		case OPD_DEVICE:
		case OPD_WORD:
			if (*p)
				v = json_object_new_string(*p);
			break;
		}
		json_object_object_add(o, d->json, v);
	}
	return o;
}

/* The order in which several vocabularies are shown (translate's too). */
const enum vocab vocab_order[VOCAB__COUNT] = {
	VOCAB_VMCTL, VOCAB_XL,	 VOCAB_VIRSH,	VOCAB_LXC,	 VOCAB_VZCTL,	  VOCAB_QEMU,
	VOCAB_QM,    VOCAB_PCT,	 VOCAB_XE,	VOCAB_VAGRANT, VOCAB_OPENSTACK, VOCAB_INCUS,
};

int explain_print(const struct vm_request *req, unsigned mask, bool json, bool quiet, FILE *out)
{
	bool several = popcount(mask) > 1;
	bool all_none = true;
	json_object *root = NULL, *cmds = NULL;
	if (json) {
		root = json_object_new_object();
		cmds = json_object_new_array();
		json_object_object_add(root, "schema_version", json_object_new_int(1));
		json_object_object_add(root, "verb", json_object_new_string(verb_name(req->verb)));
		json_object_object_add(root, "guest",
				       req->guest ? json_object_new_string(req->guest) : NULL);
		json_object_object_add(root, "operands", operands_json(req));
	}
	for (size_t i = 0; i < ARRAY_SIZE(vocab_order); i++) {
		enum vocab v = vocab_order[i];
		if (!(mask & VOCAB_BIT(v)))
			continue;
		struct explanation ex;
		explain_one(v, req, &ex);
		if (ex.equiv != EQUIV_NONE)
			all_none = false;
		if (json)
			add_json(&ex, cmds);
		else
			print_text(&ex, several, quiet, out);
		explanation_clear(&ex);
	}
	if (json) {
		json_object_object_add(root, "commands", cmds);
		fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
								     JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(root);
	}
	return (!several && all_none) ? VM_EXIT_UNSUPPORTED : VM_EXIT_OK;
}

/* A fragment as '# ' lines under a header naming its file and format. */
static void print_config(const struct explain_config *cfg, FILE *out)
{
	fprintf(out, "# %s (%s):\n", cfg->file, cfg->format);
	for (const char *p = cfg->text; *p;) {
		size_t len = strcspn(p, "\n");
		fprintf(out, "# %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
}

void explain_print_set(const struct explain_set *set, bool json, bool quiet, FILE *out)
{
	json_object *root = NULL, *cmds = NULL;
	if (json) {
		root = json_object_new_object();
		cmds = json_object_new_array();
		json_object_object_add(root, "schema_version", json_object_new_int(1));
		json_object_object_add(root, "verb", json_object_new_string(verb_name(set->verb)));
		json_object_object_add(root, "guest", set->guest ? json_object_new_string(set->guest) : NULL);
		if (set->req)
			json_object_object_add(root, "operands", operands_json(set->req));
		if (set->native) {
			json_object *a = json_object_new_array();
			for (size_t i = 0; set->native[i]; i++)
				json_object_array_add(a, json_object_new_string(set->native[i]));
			json_object_object_add(root, "native", a);
		}
		if (set->line)
			json_object_object_add(root, "line", json_object_new_int64(set->line));
	}
	for (size_t i = 0; i < set->n; i++) {
		const struct explain_config *cfg = set->config ? set->config[i] : NULL;
		if (!json) {
			print_text(&set->ex[i], set->n > 1, quiet, out);
			if (cfg && !quiet)
				print_config(cfg, out);
			continue;
		}
		add_json(&set->ex[i], cmds);
		if (cfg) {
			json_object *c = json_object_new_object();
			json_object_object_add(c, "format", json_object_new_string(cfg->format));
			json_object_object_add(c, "text", json_object_new_string(cfg->text));
			size_t last = json_object_array_length(cmds) - 1;
			json_object_object_add(json_object_array_get_idx(cmds, last), "config", c);
		}
	}
	if (json) {
		json_object_object_add(root, "commands", cmds);
		fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
								     JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(root);
	}
}
