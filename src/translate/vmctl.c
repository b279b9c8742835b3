/* vmctl.c: a vmctl command line itself, the neutral form: its global
 * options -b, -c and -P, then the verb read by request_parse() exactly as
 * vmctl reads it.  Translating it is --explain in every vocabulary. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "request.h"
#include "translate_internal.h"
#include "validate.h"
#include "verbs.h"

/* nscan's spec of vmctl's global options (global_opts[]), each option's id
 * being its enum global_id; --explain, whose value is optional, is taken
 * out before the scan. */
static struct nopt *global_spec(void)
{
	struct nopt *spec = xcalloc(global_opts_len + 1, sizeof(*spec));
	size_t n = 0;
	for (size_t i = 0; i < global_opts_len; i++) {
		const struct global_opt *o = &global_opts[i];
		if (o->arg == GARG_OPTIONAL)
			continue;
		spec[n++] = (struct nopt){ o->shortopt, o->name, o->arg == GARG_REQUIRED, (int)o->id };
	}
	return spec;
}

/* Whether word is a global option that takes a value (-b, --connect ...). */
static bool takes_value(const char *word)
{
	for (size_t i = 0; i < global_opts_len; i++) {
		const struct global_opt *o = &global_opts[i];
		if (o->arg != GARG_REQUIRED)
			continue;
		/* a long-only option has shortopt 0: "-" must not match it (and read past its end) */
		if ((word[0] == '-' && o->shortopt && word[1] == o->shortopt && word[2] == '\0') ||
		    (word[0] == '-' && word[1] == '-' && strcmp(word + 2, o->name) == 0))
			return true;
	}
	return false;
}

int translate_vmctl(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	/* --explain takes an optional value: drop it before the scan */
	char **w = xcalloc((size_t)argc + 1, sizeof(char *));
	int n = 0;
	bool explain = false, before = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (before && !explain && (strcmp(a, "--explain") == 0 || strncmp(a, "--explain=", 10) == 0)) {
			explain = true;
			continue;
		}
		w[n++] = argv[i];
		if (!before)
			continue;
		if (a[0] != '-')
			before = false;
		else if (takes_value(a) && i + 1 < argc)
			w[n++] = argv[++i];
	}
	struct nscan g;
	int rc = -1;
	struct nopt *spec = global_spec();
	if (nscan("vmctl", NSCAN_POSIX, spec, n, w, &g, err) < 0)
		goto cleanup;
	if (nscan_count(&g, GOPT_HOSTS)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "--hosts runs a verb on several hosts; translate reads the command of one (-c URI)");
		goto cleanup;
	}
	if (nscan_count(&g, GOPT_BATCH) || nscan_count(&g, GOPT_HELP) || nscan_count(&g, GOPT_VERSION)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "-f, -h and -V are not a guest command; nothing to translate");
		goto cleanup;
	}
	const char *b = nscan_value(&g, GOPT_BACKEND), *uri = nscan_value(&g, GOPT_CONNECT);
	const char *dir = nscan_value(&g, GOPT_LXCPATH);
	if (b && vm_backend_parse(b, &t->req.backend) < 0) {
		char *q = msg_quote(b);
		vm_error_set(err, VM_EXIT_USAGE, "unknown backend %s; use %s", q, vm_backend_names());
		free(q);
		goto cleanup;
	}
	if ((uri && validate_uri_arg(uri, err) < 0) || (dir && validate_path(dir, "lxcpath", err) < 0))
		goto cleanup;
	t->req.uri = uri;
	t->req.lxcpath = dir;
	if (g.nops == 0) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'vmctl' needs a verb, such as vmctl pause GUEST");
		goto cleanup;
	}
	const struct verb_def *verb = verb_find(g.ops[0]);
	if (!verb) {
		char *q = msg_quote(g.ops[0]);
		const char *s = verb_suggest(g.ops[0]);
		if (s)
			vm_error_set(err, VM_EXIT_USAGE, "unknown verb %s, did you mean '%s'?", q, s);
		else
			vm_error_set(err, VM_EXIT_USAGE, "unknown verb %s; see 'vmctl help'", q);
		free(q);
		goto cleanup;
	}
	if (!verb->explains) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "'vmctl %s' is not a guest operation; nothing to translate", verb->name);
		goto cleanup;
	}
	rc = request_parse(verb, (int)g.nops, g.ops, &t->req, err);
	if (rc == 1)
		rc = vm_error_set(err, VM_EXIT_USAGE, "'vmctl %s --help' prints the verb's help; nothing to translate", verb->name);
	if (rc == 0 && explain)
		tr_note(t, "--explain changes nothing that is translated");
	bool safe = false;
	for (size_t i = 0; i < global_opts_len; i++)
		safe |= global_opts[i].explain_safe && nscan_count(&g, (int)global_opts[i].id);
	if (rc == 0 && safe)
		tr_note(t, "-o, -q, -r and --keep-going change how vmctl runs, not what it does");
cleanup:
	nscan_clear(&g);
	free(spec);
	free(w);
	return rc;
}
