/* request.c: a verb's options and operands, parsed and validated once into
 * a request, as the verb's row in the table says (src/core/verbs.c). */
#include "request.h"

#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "validate.h"

/* Stores a parsed COUNT or SIZE: in its field, as wide as its type, or by
 * its JSON name. */
static int put_num(const struct operand_def *o, struct vm_request *req, const char *s, uint64_t v)
{
	if (!o->dest)
		vm_values_add(&req->values, o->json, s, v);
	else if (o->kind == OPD_SIZE)
		*(uint64_t *)((char *)req + o->dest) = v;
	else
		*(unsigned *)((char *)req + o->dest) = (unsigned)v;
	return 0;
}

/* An OPD_WORD with choices: s must be one of them. */
static int word_choice(const struct operand_def *o, const char *s, struct vm_error *err)
{
	char list[128] = "";
	size_t n = 0;
	for (const char *const *c = o->choices; *c; c++, n++)
		if (strcmp(*c, s) == 0)
			return 0;
	for (size_t i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
			 o->choices[i]);
	char *q = msg_quote(s);
	vm_error_set(err, VM_EXIT_USAGE, "expected %s, not %s", list, q);
	free(q);
	return -1;
}

/* Checks one operand as its kind says and stores it in req: in its field,
 * or by its JSON name in req->values (dest 0). */
static int bind_operand(const struct operand_def *o, const char *s, struct vm_request *req, struct vm_error *err)
{
	void *dest = (char *)req + o->dest;
	unsigned count = 0;
	uint64_t kib = 0;
	switch (o->kind) {
	case OPD_GUEST:
	case OPD_NAME:
		if (validate_name(s, o->what, err) < 0)
			return -1;
		break;
	case OPD_COUNT:
		return parse_count(s, &count, err) < 0 ? -1 : put_num(o, req, s, count);
	case OPD_SIZE:
		return (o->image ? parse_image_size(s, &kib, err) : parse_size(s, &kib, err)) < 0 ? -1
												      : put_num(o, req, s, kib);
	case OPD_PATH:
		if ((o->image ? validate_image_path(s, o->what, err) : validate_path(s, o->what, err)) < 0)
			return -1;
		break;
	case OPD_DEVICE:
		if (validate_device(s, err) < 0)
			return -1;
		break;
	case OPD_DEST:
		if (validate_dest(s, err) < 0)
			return -1;
		break;
	case OPD_URI:
		if (validate_uri_arg(s, err) < 0)
			return -1;
		break;
	case OPD_WORD:
		if (o->choices && word_choice(o, s, err) < 0)
			return -1;
		if (o->valid && o->valid(s, err) < 0)
			return -1;
		break;
	case OPD_WORDS:
	case OPD_ARGV:
		return 0; /* the verb reads its words itself */
	}
	if (o->dest)
		*(const char **)dest = s;
	else
		vm_values_add(&req->values, o->json, s, 0);
	return 0;
}

static int bind_operands(const struct verb_def *row, int n, char **ops, struct vm_request *req, struct vm_error *err)
{
	const struct operand_def *o = row->operands;
	for (int i = 0; i < n && o && o->name; i++, o++) {
		if (o->kind == OPD_ARGV) { /* `--` then the command, verbatim */
			if (strcmp(ops[i], "--") != 0 || i + 1 == n)
				return verb_usage_error(err, row, strcmp(ops[i], "--") ? "COMMAND goes after '--'" : "missing COMMAND");
			for (int k = i + 1; k < n; k++)
				vm_values_add(&req->values, o->json, ops[k], 0);
			break;
		}
		if (bind_operand(o, ops[i], req, err) < 0)
			return -1;
		if (o->kind == OPD_WORDS || o->kind == OPD_ARGV)
			break;
	}
	return 0;
}

/* The sub-verb of verb named NAME, or NULL. */
static const struct verb_def *sub_find(const struct verb_def *verb, const char *name)
{
	for (const struct verb_def *s = verb->subs; s && s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* The sub-verb named by ops[0] (snapshot create ...). */
static int bind_sub(const struct verb_def *verb, int n, char **ops, struct vm_request *req, struct vm_error *err)
{
	char list[256] = "";
	size_t count = 0;
	for (const struct verb_def *s = verb->subs; s->name; s++)
		count++;
	const struct verb_def *s = sub_find(verb, ops[0]);
	if (s) {
		if (n < s->min || n > s->max)
			return verb_usage_error(err, verb, n < s->min ? "missing operand" : "too many operands");
		req->snapshot_op = (enum vm_snapshot_op)s->sub_op;
		return bind_operands(s, n - 1, ops + 1, req, err);
	}
	size_t i = 0;
	for (s = verb->subs; s->name; s++, i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i == 0 ? "" : i + 1 == count ? " or " : ", ",
			 s->name);
	char *q = msg_quote(ops[0]);
	vm_error_set(err, VM_EXIT_USAGE, "unknown %s action %s; use %s", verb->name, q, list);
	free(q);
	return -1;
}

int request_parse(const struct verb_def *verb, int argc, char **argv, struct vm_request *req, struct vm_error *err)
{
	req->verb = verb->id;
	/* errors name the sub-verb too ("snapshot create"), so that the
	 * "-- OPERAND" advice they give is a command line that works */
	char who[64];
	snprintf(who, sizeof(who), "%s", verb->name);
	for (int i = 1; verb->subs && i < argc && strcmp(argv[i], "--") != 0; i++) {
		const struct verb_def *s = argv[i][0] == '-' ? NULL : sub_find(verb, argv[i]);
		if (s) {
			snprintf(who, sizeof(who), "%s %s", verb->name, s->name);
			break;
		}
	}
	int first;
	bool argv_rest = false;
	for (const struct operand_def *o = verb->operands; o && o->name; o++)
		argv_rest |= o->kind == OPD_ARGV;
	int rc = opts_parse(who, verb->opts, argv_rest ? OPERANDS_FIRST_ENDS : verb->max != 0, argc, argv, req, &req->values,
			    &first, err);
	if (rc != 0)
		return rc;
	int n = argc - first;
	char **ops = argv + first;
	if (n < verb->min) {
		/* "missing GUEST", "missing PATH" (restore): the first operand the row names */
		char what[64] = "missing operand";
		if (n == 0 && verb->min == 1 && verb->operands && verb->operands[0].name)
			snprintf(what, sizeof(what), "missing %s", verb->operands[0].name);
		return verb_usage_error(err, verb, what);
	}
	if (verb->max >= 0 && n > verb->max) {
		char *q = msg_quote(ops[verb->max]);
		vm_error_set(err, VM_EXIT_USAGE, "too many operands for '%s' (from %s on); usage: vmctl %s %s",
			     verb->name, q, verb->name, verb->synopsis);
		free(q);
		return -1;
	}
	for (const struct opt_def *const *o = verb->opts; o && *o; o++)
		if ((*o)->required && !vm_value(req, (*o)->name)) { /* kept by name: dest 0 (the self-test says) */
			char what[96];
			snprintf(what, sizeof(what), "missing --%s %s", (*o)->name, (*o)->arg ? (*o)->arg : "");
			return verb_usage_error(err, verb, what);
		}
	if (verb->subs)
		return bind_sub(verb, n, ops, req, err);
	if (verb->check && verb->check(verb, n, req, err) < 0)
		return -1;
	return bind_operands(verb, n, ops, req, err);
}

void request_clear(const struct verb_def *verb, struct vm_request *req)
{
	opts_clear(verb ? verb->opts : NULL, req, &req->values);
}

const char *request_operand_str(const struct vm_request *req, const struct operand_def *o)
{
	return o->dest ? *(const char *const *)((const char *)req + o->dest) : vm_value_str(req, o->json);
}

bool request_flag(const struct vm_request *req, const struct opt_def *d)
{
	return d->dest ? *(const bool *)((const char *)req + d->dest) : vm_value_flag(req, d->name);
}
