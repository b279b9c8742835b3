/* vmctl.c: the neutral vocabulary: the request written back as the one
 * canonical vmctl command, from the verb's row (src/core/verbs.c): its
 * options in the row's order, then its operands, `--` before the first
 * operand that begins with '-'. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "uri.h"
#include "verbs.h"

static const void *field(const struct vm_request *req, size_t dest)
{
	return (const char *)req + dest;
}

static void operand(struct strvec *c, const char *s, int *dashdash)
{
	if (s[0] == '-' && !*dashdash) {
		strvec_push(c, "--");
		*dashdash = 1;
	}
	strvec_push(c, s);
}

/* An option kept by name: every time it was given, in order; numbers in
 * their canonical form (sizes with the largest exact binary unit). */
static void write_kept(struct strvec *c, const struct opt_def *o, const struct vm_request *req)
{
	for (size_t i = 0; i < req->values.n; i++) {
		const struct vm_value *v = &req->values.v[i];
		if (strcmp(v->name, o->name) != 0)
			continue;
		strvec_pushf(c, "--%s", o->name);
		if (o->type == OPT_SIZE) {
			char *size = size_with_suffix(v->num, "K", "M", "G", "T");
			strvec_push(c, size);
			free(size);
		} else if (o->type == OPT_STATE) {
			strvec_push(c, vm_state_name((enum vm_state)v->num));
		} else if (o->type == OPT_COUNT || o->type == OPT_NUMBER || o->type == OPT_SECONDS) {
			strvec_pushf(c, "%llu", (unsigned long long)v->num);
		} else if (o->type != OPT_FLAG) {
			strvec_push(c, v->str);
		}
	}
}

/* One option as given, or nothing when it was not (or is the default). */
static void write_option(struct strvec *c, const struct opt_def *o, const struct vm_request *req)
{
	if (!o->dest) {
		write_kept(c, o, req);
		return;
	}
	const void *p = field(req, o->dest);
	switch (o->type) {
	case OPT_FLAG:
		if (*(const bool *)p)
			strvec_pushf(c, "--%s", o->name);
		return;
	case OPT_NUMBER:
	case OPT_SECONDS: {
		unsigned v = *(const unsigned *)p;
		if (v != o->init && v != o->usual) {
			strvec_pushf(c, "--%s", o->name);
			strvec_pushf(c, "%u", v);
		}
		return;
	}
	case OPT_COUNT:
		if (*(const unsigned *)p) {
			strvec_pushf(c, "--%s", o->name);
			strvec_pushf(c, "%u", *(const unsigned *)p);
		}
		return;
	case OPT_SIZE:
		if (*(const uint64_t *)p) {
			char *size = size_with_suffix(*(const uint64_t *)p, "K", "M", "G", "T");
			strvec_pushf(c, "--%s", o->name);
			strvec_push(c, size);
			free(size);
		}
		return;
	case OPT_STATE:
		if (*(const enum vm_state *)p != VM_STATE_UNKNOWN) {
			strvec_pushf(c, "--%s", o->name);
			strvec_push(c, vm_state_name(*(const enum vm_state *)p));
		}
		return;
	case OPT_STRING:
	case OPT_PATH:
	case OPT_ENUM:
	case OPT_MAC:
	case OPT_CIDR:
	case OPT_CPULIST:
		break;
	}
	if (o->repeatable) {
		const struct vm_strlist *l = p;
		for (size_t i = 0; i < l->n; i++) {
			strvec_pushf(c, "--%s", o->name);
			strvec_push(c, l->v[i]);
		}
	} else if (*(const char *const *)p) {
		strvec_pushf(c, "--%s", o->name);
		strvec_push(c, *(const char *const *)p);
	}
}

static void write_operand(struct strvec *c, const struct operand_def *o, const struct vm_request *req, int *dd)
{
	const struct vm_value *kept = o->dest ? NULL : vm_value(req, o->json);
	if (o->kind == OPD_ARGV && kept) { /* exec GUEST -- COMMAND...: verbatim */
		strvec_push(c, "--");
		for (size_t i = 0; vm_value_nth(req, o->json, i); i++)
			strvec_push(c, vm_value_nth(req, o->json, i));
		return;
	}
	if (!o->dest && (!kept || o->kind == OPD_WORDS || o->kind == OPD_ARGV))
		return;
	if (kept && (o->kind == OPD_COUNT || o->kind == OPD_SIZE)) {
		char *num = o->kind == OPD_SIZE ? size_with_suffix(kept->num, "K", "M", "G", "T")
						: xasprintf("%llu", (unsigned long long)kept->num);
		strvec_push(c, num);
		free(num);
		return;
	}
	const void *p = kept ? (const void *)&kept->str : field(req, o->dest);
	switch (o->kind) {
	case OPD_COUNT:
		strvec_pushf(c, "%u", *(const unsigned *)p);
		return;
	case OPD_SIZE: {
		char *size = size_with_suffix(*(const uint64_t *)p, "K", "M", "G", "T");
		strvec_push(c, size);
		free(size);
		return;
	}
	case OPD_DEST:
	case OPD_URI:
		if (*(const char *const *)p) {
			char *shown = uri_redact(*(const char *const *)p);
			operand(c, shown, dd);
			free(shown);
		}
		return;
	case OPD_WORDS:
	case OPD_ARGV:
		return;
	case OPD_GUEST:
	case OPD_NAME:
	case OPD_PATH:
	case OPD_DEVICE:
	case OPD_WORD:
		break;
	}
	if (*(const char *const *)p)
		operand(c, *(const char *const *)p, dd);
}

void explain_vmctl(const struct vm_request *req, struct explanation *ex)
{
	const struct verb_def *verb = verb_by_id(req->verb);
	if (!verb || !verb->explains) {
		ex_none(ex, "not a guest operation");
		return;
	}
	struct strvec *c = ex_cmd(ex, "vmctl");
	if (req->backend != BACKEND_NONE) {
		strvec_push(c, "-b");
		strvec_push(c, vm_backend_name(req->backend));
	}
	if (req->uri) {
		char *uri = uri_redact(req->uri);
		strvec_push(c, "-c");
		strvec_push(c, uri);
		free(uri);
	}
	if (req->lxcpath) {
		strvec_push(c, "-P");
		strvec_push(c, req->lxcpath);
	}
	strvec_push(c, verb->name);
	for (const struct opt_def *const *o = verb->opts; o && *o; o++)
		write_option(c, *o, req);
	const struct verb_def *row = verb_effective(verb, req);
	if (row != verb)
		strvec_push(c, row->name);
	int dd = 0;
	for (const struct operand_def *o = row->operands; o && o->name; o++)
		write_operand(c, o, req, &dd);
}
