/* gen-completion.c: writes vmctl's bash or zsh completion from the verb
 * table itself (linked with vmctl_core), so that a verb, a verb option or an
 * operand added to the table is completed without touching the scripts.
 *
 *   gen-completion bash|zsh TEMPLATE OUTPUT
 *
 * TEMPLATE is the shell's completion engine (tools/completion/); its line
 * "@DATA@" is replaced by shell assignments made from:
 *   - verb_table[]: the verbs, each verb's options (its opt_def list) and its
 *     operands, read from the synopsis ("GUEST | --all [--parallel N]",
 *     "create GUEST [NAME] | list GUEST | ..."): one alternative per "|",
 *     upper-case words are placeholders (GUEST, VERB, PATH...), lower-case
 *     words are literals;
 *   - global_opts[]: the global options, short and long, their argument and
 *     the first line of their help;
 *   - vm_backend_name() and vocab_name(): the values of -b and --explain.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "util.h"
#include "verbs.h"
#include "vmctl.h"

static const char *shell; /* "bash" or "zsh" */

static void die(const char *what)
{
	fprintf(stderr, "gen-completion: %s\n", what);
	exit(1);
}

/* What completes an argument or operand with this placeholder. */
static const char *placeholder_kind(const char *ph)
{
	static const struct {
		const char *ph, *kind;
	} map[] = {
		{ "GUEST", "guest" }, { "VERB", "verb" }, { "PATH", "file" },   { "ISO", "file" },
		{ "CONFIG", "file" }, { "FILE", "file" }, { "DIR", "dir" },
	};
	size_t len = strcspn(ph, "|.");
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (strlen(map[i].ph) == len && strncmp(map[i].ph, ph, len) == 0)
			return map[i].kind;
	return "none";
}

/* Global options with a fixed set of values (kept in the data as arrays). */
static const char *gopt_kind(const struct global_opt *o)
{
	switch (o->id) {
	case GOPT_BACKEND:
		return "backend";
	case GOPT_OUTPUT:
		return "output";
	case GOPT_EXPLAIN:
		return "vocabs";
	default:
		return o->placeholder ? placeholder_kind(o->placeholder) : NULL;
	}
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Prints s as one shell word in single quotes. */
static void sq(FILE *out, const char *s)
{
	fputc('\'', out);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else
			fputc(*s, out);
	}
	fputc('\'', out);
}

/* The first clause of a help text, for a one-line description. */
static char *short_help(const char *help)
{
	size_t n = strlen(help);
	const char *stops[] = { " (", ". ", "; " };
	for (size_t i = 0; i < ARRAY_SIZE(stops); i++) {
		const char *s = strstr(help, stops[i]);
		if (s && (size_t)(s - help) < n)
			n = (size_t)(s - help);
	}
	while (n && help[n - 1] == '.')
		n--;
	return xstrndup(help, n);
}

/* The alternatives of a verb's synopsis, each as "OPTIONS|OPERANDS":
 * OPTIONS the long options it names ("--all --parallel"), OPERANDS one kind
 * per operand position ("guest", "@create", "@on,off" for one of several words, "none"), "+" after the last one
 * when it repeats ("NATIVE-COMMAND..."). */
static void synopsis_alternatives(const struct verb_def *v, struct strvec *alts)
{
	char *syn = xstrdup(v->synopsis);
	char *save = NULL;
	/* split at " | " */
	char *rest = syn;
	while (rest) {
		char *bar = strstr(rest, " | ");
		if (bar)
			*bar = '\0';
		char *opts = NULL, *ops = NULL;
		size_t ol = 0, pl = 0;
		FILE *fo = open_memstream(&opts, &ol);
		FILE *fp = open_memstream(&ops, &pl);
		if (!fo || !fp)
			die("out of memory");
		bool skip_arg = false;
		for (char *tok = strtok_r(rest, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			tok += strspn(tok, "[");
			size_t len = strcspn(tok, "]");
			tok[len] = '\0';
			if (!*tok)
				continue;
			if (skip_arg) {
				skip_arg = false;
				continue;
			}
			bool repeat = len > 3 && strcmp(tok + len - 3, "...") == 0;
			if (repeat)
				tok[len - 3] = '\0';
			if (tok[0] == '-' && tok[1] == '-') {
				const struct opt_def *o = verb_option(v, tok + 2);
				fprintf(fo, "%s%s", ftell(fo) ? " " : "", tok);
				skip_arg = o && o->arg;
			} else if (tok[0] >= 'A' && tok[0] <= 'Z') {
				fprintf(fp, "%s%s%s", ftell(fp) ? " " : "", placeholder_kind(tok), repeat ? "+" : "");
			} else if (tok[0] >= 'a' && tok[0] <= 'z') {
				for (char *w = strchr(tok, '|'); w; w = strchr(w, '|'))
					*w = ','; /* "on|off": literal words, one of them */
				fprintf(fp, "%s@%s%s", ftell(fp) ? " " : "", tok, repeat ? "+" : "");
			} else {
				/* "-" (standard input): nothing to complete, but a position */
				fprintf(fp, "%snone", ftell(fp) ? " " : "");
			}
		}
		if (fclose(fo) != 0 || fclose(fp) != 0)
			die("out of memory");
		strvec_pushf(alts, "%s|%s", opts, ops);
		free(opts);
		free(ops);
		rest = bar ? bar + 3 : NULL;
	}
	free(syn);
}

static void emit_array(FILE *out, const char *name, const struct strvec *sv)
{
	fprintf(out, "\t%s=(", name);
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			fputc(' ', out);
		sq(out, sv->v[i]);
	}
	fputs(")\n", out);
}

static void emit_data(FILE *out)
{
	bool zsh = strcmp(shell, "zsh") == 0;
	struct strvec sv = STRVEC_INIT;

	fputs("# Generated by tools/gen-completion from the verb table and the global\n"
	      "# options (src/core/verbs.c); edit those, or the engine in tools/completion/.\n"
	      "\n"
	      "# _vmctl_data: sets the caller's _vmctl_verbs (the verbs), _vmctl_gopts\n"
	      "# (global options, \"-b=KIND\": takes an argument completed as KIND,\n"
	      "# \"--explain?=KIND\": only as --explain=ARG), _vmctl_scope (the options\n"
	      "# passed on to `vmctl list --name`) and the value lists.\n"
	      "_vmctl_data() {\n",
	      out);
	for (size_t i = 0; i < verb_table_len; i++)
		strvec_push(&sv, verb_table[i].name);
	emit_array(out, "_vmctl_verbs", &sv);
	strvec_clear(&sv);
	if (zsh) {
		for (size_t i = 0; i < verb_table_len; i++) {
			char *h = short_help(verb_table[i].help);
			char *item = xasprintf("%s:%s", verb_table[i].name, h);
			strvec_push(&sv, item);
			free(item);
			free(h);
		}
		emit_array(out, "_vmctl_verb_descs", &sv);
		strvec_clear(&sv);
	}

	for (size_t i = 0; i < global_opts_len; i++) {
		const struct global_opt *o = &global_opts[i];
		const char *kind = gopt_kind(o);
		bool optional = o->arg == GARG_OPTIONAL;
		if (o->shortopt)
			strvec_pushf(&sv, "-%c%s%s", o->shortopt, kind && !optional ? "=" : "",
				     kind && !optional ? kind : "");
		strvec_pushf(&sv, "--%s%s%s", o->name, kind ? (optional ? "?=" : "=") : "", kind ? kind : "");
	}
	emit_array(out, "_vmctl_gopts", &sv);
	strvec_clear(&sv);
	for (size_t i = 0; i < global_opts_len; i++) {
		if (!global_opts[i].scope)
			continue;
		if (global_opts[i].shortopt)
			strvec_pushf(&sv, "-%c", global_opts[i].shortopt);
		strvec_pushf(&sv, "--%s", global_opts[i].name);
	}
	emit_array(out, "_vmctl_scope", &sv);
	strvec_clear(&sv);
	if (zsh) {
		for (size_t i = 0; i < global_opts_len; i++) {
			const struct global_opt *o = &global_opts[i];
			char *h = short_help(o->help[0]);
			if (o->shortopt) {
				char *n = xasprintf("-%c", o->shortopt);
				char *item = xasprintf("%s:%s", n, h);
				strvec_push(&sv, item);
				free(item);
				free(n);
			}
			char *item = xasprintf("--%s:%s", o->name, h);
			strvec_push(&sv, item);
			free(item);
			free(h);
		}
		emit_array(out, "_vmctl_gdescs", &sv);
		strvec_clear(&sv);
	}

	for (int id = BACKEND_NONE + 1; vm_backend_name((enum vm_backend_id)id); id++)
		strvec_push(&sv, vm_backend_name((enum vm_backend_id)id));
	emit_array(out, "_vmctl_backends", &sv);
	strvec_clear(&sv);
	strvec_push(&sv, "text"); /* -o: text or json */
	strvec_push(&sv, "json");
	emit_array(out, "_vmctl_outputs", &sv);
	strvec_clear(&sv);
	for (int v = 0; v < VOCAB__COUNT; v++)
		strvec_push(&sv, vocab_name((enum vocab)v));
	strvec_push(&sv, "all");
	emit_array(out, "_vmctl_vocabs", &sv);
	strvec_clear(&sv);
	fputs("}\n\n", out);

	fputs("# _vmctl_verb_data VERB: sets the caller's _vmctl_vopts (the verb's options,\n"
	      "# \"--from=KIND\" when one takes an argument) and _vmctl_alts (the\n"
	      "# alternatives of its synopsis, \"OPTIONS|OPERAND-KINDS\")", out);
	if (zsh)
		fputs(" and _vmctl_vdescs\n# (\"--option:help\" for _describe)", out);
	fputs("; fails for an unknown verb.\n_vmctl_verb_data() {\n\tcase $1 in\n", out);
	for (size_t i = 0; i < verb_table_len; i++) {
		const struct verb_def *v = &verb_table[i];
		fprintf(out, "\t%s)\n", v->name);
		struct strvec descs = STRVEC_INIT;
		for (const struct opt_def *const *o = v->opts; o && *o; o++) {
			const char *arg = (*o)->arg;
			strvec_pushf(&sv, "--%s%s%s", (*o)->name, arg ? "=" : "", arg ? placeholder_kind(arg) : "");
			strvec_pushf(&descs, "--%s:%s", (*o)->name, (*o)->help);
		}
		/* every verb takes --help, but a raw verb (translate) reads its
		 * words as they are */
		if (!v->run_raw) {
			strvec_push(&sv, "--help");
			strvec_pushf(&descs, "--help:show the help of %s", v->name);
		}
		emit_array(out, "\t_vmctl_vopts", &sv);
		strvec_clear(&sv);
		if (zsh)
			emit_array(out, "\t_vmctl_vdescs", &descs);
		strvec_clear(&descs);
		synopsis_alternatives(v, &sv);
		emit_array(out, "\t_vmctl_alts", &sv);
		strvec_clear(&sv);
		fputs("\t\t;;\n", out);
	}
	fputs("\t*) return 1 ;;\n\tesac\n}\n", out);
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "bash") != 0 && strcmp(argv[1], "zsh") != 0)) {
		fputs("usage: gen-completion bash|zsh TEMPLATE OUTPUT\n", stderr);
		return 2;
	}
	shell = argv[1];

	FILE *in = fopen(argv[2], "r");
	if (!in) {
		fprintf(stderr, "gen-completion: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	char *tmp = xasprintf("%s.tmp", argv[3]);
	FILE *out = fopen(tmp, "w");
	if (!out) {
		fprintf(stderr, "gen-completion: %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	char *line = NULL;
	size_t cap = 0;
	bool done = false;
	while (getline(&line, &cap, in) != -1) {
		if (strcmp(line, "@DATA@\n") == 0 && !done) {
			emit_data(out);
			done = true;
		} else {
			fputs(line, out);
		}
	}
	free(line);
	fclose(in);
	if (!done)
		die("the template has no @DATA@ line");
	if (fclose(out) != 0 || rename(tmp, argv[3]) != 0) {
		fprintf(stderr, "gen-completion: %s: %s\n", argv[3], strerror(errno));
		return 1;
	}
	free(tmp);
	return 0;
}
