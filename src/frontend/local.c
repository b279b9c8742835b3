/* local.c: the handlers of the verbs vmctl answers itself, with no
 * backend: help and translate. */
#include <stdio.h>
#include <stdlib.h>

#include "frontend.h"
#include "quote.h"
#include "translate.h"

/* help [VERB] */
int verb_help(struct globals *g, const struct verb_def *verb, struct vm_request *req)
{
	(void)g;
	(void)verb;
	if (!req->help_verb) {
		verb_print_usage(stdout);
		return VM_EXIT_OK;
	}
	const struct verb_def *v = verb_find(req->help_verb);
	if (!v) {
		char *q = msg_quote(req->help_verb);
		const char *s = verb_suggest(req->help_verb);
		int rc = s ? fail(VM_EXIT_USAGE, "unknown verb %s, did you mean '%s'?", q, s)
			   : fail(VM_EXIT_USAGE, "unknown verb %s; see 'vmctl help'", q);
		free(q);
		return rc;
	}
	verb_print_help(stdout, v);
	return VM_EXIT_OK;
}

/* translate NATIVE-COMMAND... | - */
int verb_translate(struct globals *g, const struct verb_def *verb, int argc, char **argv)
{
	(void)verb;
	return translate_verb(argc, argv, &(struct translate_opts){ .json = g->arg_json, .quiet = g->arg_quiet,
			      .explain_list = g->arg_explain_list, .backend = g->arg_backend, .report = fail_err },
			      stdout);
}
