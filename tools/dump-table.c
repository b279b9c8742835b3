/* dump-table.c: prints vmctl's tables as JSON (linked with vmctl_core), so
 * that the tests derive their lists from the code instead of copying them:
 * the verbs with their sub-verbs, options and operands, the global
 * options, the backends, the states and the vocabularies.
 *
 *   vmctl-table > table.json
 */
#include <json-c/json.h>
#include <stdio.h>

#include "explain.h"
#include "verbs.h"

static const char *const opt_types[] = {
	[OPT_FLAG] = "flag", [OPT_STRING] = "string", [OPT_PATH] = "path",   [OPT_SIZE] = "size",
	[OPT_COUNT] = "count", [OPT_NUMBER] = "number", [OPT_SECONDS] = "seconds", [OPT_ENUM] = "enum",
	[OPT_MAC] = "mac",   [OPT_CIDR] = "cidr",     [OPT_CPULIST] = "cpulist", [OPT_STATE] = "state",
};
static const char *const operand_kinds[] = {
	[OPD_GUEST] = "guest", [OPD_NAME] = "name", [OPD_COUNT] = "count", [OPD_SIZE] = "size",
	[OPD_PATH] = "path",   [OPD_DEVICE] = "device", [OPD_DEST] = "dest", [OPD_URI] = "uri",
	[OPD_WORD] = "word",   [OPD_WORDS] = "words", [OPD_ARGV] = "argv",
};
static const char *const goes_names[] = {
	[GOES_NOWHERE] = "nowhere", [GOES_HOST] = "host", [GOES_GUEST] = "guest", [GOES_RESOURCES] = "resources", [GOES_NEW] = "new",
};
static const char *const returns_names[] = {
	[RET_NOTHING] = "nothing", [RET_RESULT] = "result", [RET_GUESTS] = "guests", [RET_GUEST_INFO] = "guest-info",
	[RET_NAMES] = "names",     [RET_RECORDS] = "records", [RET_STREAM] = "stream", [RET_CONFIG] = "config",
	[RET_STATUS] = "status",
};

static json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *verb_json(const struct verb_def *v)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "name", str(v->name));
	json_object_object_add(o, "min", json_object_new_int(v->min));
	json_object_object_add(o, "max", json_object_new_int(v->max));
	json_object_object_add(o, "changes", json_object_new_boolean(v->changes));
	json_object_object_add(o, "explains", json_object_new_boolean(v->explains));
	json_object_object_add(o, "several_hosts", json_object_new_boolean(v->several_hosts));
	json_object_object_add(o, "batch", json_object_new_boolean(!v->no_batch));
	json_object_object_add(o, "needs_tty", json_object_new_boolean(v->needs_tty));
	json_object_object_add(o, "goes", str(goes_names[v->goes]));
	json_object_object_add(o, "returns", str(returns_names[v->returns]));
	json_object_object_add(o, "raw", json_object_new_boolean(v->run_raw != NULL));
	json_object_object_add(o, "synopsis", str(v->synopsis));
	json_object_object_add(o, "help", str(v->help));
	json_object *opts = json_object_new_array();
	for (const struct opt_def *const *p = v->opts; p && *p; p++) {
		json_object *d = json_object_new_object();
		json_object_object_add(d, "name", str((*p)->name));
		json_object_object_add(d, "type", str(opt_types[(*p)->type]));
		json_object_object_add(d, "arg", str((*p)->arg));
		json_object_object_add(d, "repeatable", json_object_new_boolean((*p)->repeatable));
		json_object_object_add(d, "help", str((*p)->help));
		json_object_array_add(opts, d);
	}
	json_object_object_add(o, "options", opts);
	json_object *ops = json_object_new_array();
	for (const struct operand_def *p = v->operands; p && p->name; p++) {
		json_object *d = json_object_new_object();
		json_object_object_add(d, "name", str(p->name));
		json_object_object_add(d, "kind", str(operand_kinds[p->kind]));
		json_object_object_add(d, "optional", json_object_new_boolean(p->optional));
		json_object_object_add(d, "json", str(p->json));
		json_object_array_add(ops, d);
	}
	json_object_object_add(o, "operands", ops);
	json_object *subs = json_object_new_array();
	for (const struct verb_def *s = v->subs; s && s->name; s++)
		json_object_array_add(subs, verb_json(s));
	json_object_object_add(o, "subs", subs);
	return o;
}

int main(void)
{
	json_object *root = json_object_new_object();
	json_object *verbs = json_object_new_array();
	for (size_t i = 0; i < verb_table_len; i++)
		json_object_array_add(verbs, verb_json(&verb_table[i]));
	json_object_object_add(root, "verbs", verbs);
	json_object *globals = json_object_new_array();
	for (size_t i = 0; i < global_opts_len; i++) {
		const struct global_opt *g = &global_opts[i];
		json_object *d = json_object_new_object();
		char s[2] = { g->shortopt, '\0' };
		json_object_object_add(d, "short", g->shortopt ? json_object_new_string(s) : NULL);
		json_object_object_add(d, "name", str(g->name));
		json_object_object_add(d, "arg", str(g->arg == GARG_NONE ? NULL : g->arg == GARG_REQUIRED ? "required" : "optional"));
		json_object_object_add(d, "placeholder", str(g->placeholder));
		json_object_array_add(globals, d);
	}
	json_object_object_add(root, "globals", globals);
	json_object *backends = json_object_new_array();
	for (int b = BACKEND_NONE + 1; vm_backend_name((enum vm_backend_id)b); b++)
		json_object_array_add(backends, str(vm_backend_name((enum vm_backend_id)b)));
	json_object_object_add(root, "backends", backends);
	json_object *states = json_object_new_array();
	for (int st = VM_STATE_UNKNOWN; st < VM_STATE__NONE; st++)
		json_object_array_add(states, str(vm_state_name((enum vm_state)st)));
	json_object_object_add(root, "states", states);
	json_object *vocabs = json_object_new_array();
	for (int v = 0; v < VOCAB__COUNT; v++)
		json_object_array_add(vocabs, str(vocab_name((enum vocab)v)));
	json_object_object_add(root, "vocabularies", vocabs);
	printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
