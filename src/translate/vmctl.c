/* vmctl.c: a vmctl command line itself, the neutral form: its global
 * options -b, -c and -P, then the verb read by request_parse() exactly as
 * vmctl reads it.  Translating it is --explain in every vocabulary. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "request.h"
#include "translate.h"
#include "validate.h"
#include "verbs.h"

static int backend_id(const char *s, enum vm_backend_id *out, struct vm_error *err)
{
	static const enum vm_backend_id ids[] = { BACKEND_LIBVIRT, BACKEND_XEN, BACKEND_LXC, BACKEND_OPENVZ };
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		if (strcmp(s, vm_backend_name(ids[i])) == 0) {
			*out = ids[i];
			return 0;
		}
	}
	char *q = msg_quote(s);
	vm_error_set(err, VM_EXIT_USAGE, "unknown backend %s; use libvirt, xen, lxc or openvz", q);
	free(q);
	return -1;
}

static const struct nopt globals[] = {
	{ 'b', "backend", true, 1 }, { 'c', "connect", true, 2 }, { 'P', "lxcpath", true, 3 },
	{ 'o', "output", true, 4 }, { 'q', "quiet", false, 4 }, { 'r', "readonly", false, 5 },
	{ 0, "keep-going", false, 4 }, { 'f', "batch", true, 6 }, { 'h', "help", false, 6 },
	{ 'V', "version", false, 6 }, { 0, NULL, false, 0 },
};

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
		else if (in_list(a, "-b -c -P -o -f --backend --connect --lxcpath --output --batch") && i + 1 < argc)
			w[n++] = argv[++i];
	}
	struct nscan g;
	int rc = -1;
	if (nscan("vmctl", NSCAN_POSIX, globals, n, w, &g, err) < 0)
		goto cleanup;
	if (nscan_count(&g, 6)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "-f, -h and -V are not a guest command; nothing to translate");
		goto cleanup;
	}
	const char *b = nscan_value(&g, 1), *uri = nscan_value(&g, 2), *dir = nscan_value(&g, 3);
	if ((b && backend_id(b, &t->req.backend, err) < 0) || (uri && validate_uri_arg(uri, err) < 0) ||
	    (dir && validate_path(dir, "lxcpath", err) < 0))
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
	if (rc == 0 && (nscan_count(&g, 4) || nscan_count(&g, 5)))
		tr_note(t, "-o, -q, -r and --keep-going change how vmctl runs, not what it does");
cleanup:
	nscan_clear(&g);
	free(w);
	return rc;
}
