/* main.c: global options, verb dispatch, and the one place that prints
 * errors and chooses the exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "quote.h"
#include "request.h"
#include "util.h"
#include "validate.h"
#include "verbs.h"
#include "vmctl.h"

struct globals {
	enum vm_backend_id arg_backend;
	const char *arg_uri;
	unsigned arg_uri_count;
	const char *arg_lxcpath;
	bool arg_explain;
	const char *arg_explain_list;
	bool arg_json;
	bool arg_quiet;
	bool arg_readonly;
};

/* Prints "vmctl: MSG" and returns code: the only error printer. */
static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("vmctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return code;
}

static int fail_err(const struct vm_error *err)
{
	return fail(err->code, "%s", err->msg);
}

static int parse_backend(const char *s, enum vm_backend_id *out)
{
	static const enum vm_backend_id ids[] = { BACKEND_LIBVIRT, BACKEND_XEN, BACKEND_LXC, BACKEND_OPENVZ };
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		if (strcmp(s, vm_backend_name(ids[i])) == 0) {
			*out = ids[i];
			return 0;
		}
	}
	return -1;
}

enum { OPT_EXPLAIN = 256 };

/* Returns -1 to go on, or an exit code. */
static int parse_globals(int argc, char **argv, struct globals *g)
{
	static const struct option longopts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "connect", required_argument, NULL, 'c' },
		{ "lxcpath", required_argument, NULL, 'P' },
		{ "explain", optional_argument, NULL, OPT_EXPLAIN },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "readonly", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct vm_error err = { 0 };
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+:b:c:P:o:qrhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (parse_backend(optarg, &g->arg_backend) < 0) {
				char *q = msg_quote(optarg);
				int rc = fail(VM_EXIT_USAGE, "unknown backend %s; use libvirt, xen, lxc or openvz", q);
				free(q);
				return rc;
			}
			break;
		case 'c':
			if (validate_uri_arg(optarg, &err) < 0)
				return fail_err(&err);
			g->arg_uri = optarg;
			g->arg_uri_count++;
			break;
		case 'P':
			if (validate_path(optarg, "lxcpath", &err) < 0)
				return fail_err(&err);
			g->arg_lxcpath = optarg;
			break;
		case OPT_EXPLAIN:
			g->arg_explain = true;
			g->arg_explain_list = optarg;
			break;
		case 'o':
			if (strcmp(optarg, "json") == 0) {
				g->arg_json = true;
			} else if (strcmp(optarg, "text") == 0) {
				g->arg_json = false;
			} else {
				char *q = msg_quote(optarg);
				int rc = fail(VM_EXIT_USAGE, "unknown output format %s; use text or json", q);
				free(q);
				return rc;
			}
			break;
		case 'q':
			g->arg_quiet = true;
			break;
		case 'r':
			g->arg_readonly = true;
			break;
		case 'h':
			verb_print_usage(stdout);
			return VM_EXIT_OK;
		case 'V':
			printf("vmctl %s\n", VMCTL_VERSION);
			return VM_EXIT_OK;
		case ':':
		case '?':
		default: {
			char shortopt[3] = { '-', (char)optopt, '\0' };
			char *q = msg_quote(optopt ? shortopt : argv[optind - 1]);
			int rc = c == ':'
				? fail(VM_EXIT_USAGE, "option %s needs a value", q)
				: fail(VM_EXIT_USAGE, "unknown option %s; global options go before the verb (see vmctl --help)", q);
			free(q);
			return rc;
		}
		}
	}
	return -1;
}

static int run_help(const struct vm_request *req)
{
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

static int run_explain(const struct globals *g, const struct verb_def *verb, const struct vm_request *req)
{
	struct vm_error err = { 0 };
	unsigned mask;
	if (!verb->explains)
		return fail(VM_EXIT_USAGE, "--explain does not apply to '%s'", verb->name);
	if (g->arg_explain_list) {
		if (vocab_parse(g->arg_explain_list, &mask, &err) < 0)
			return fail_err(&err);
	} else if (g->arg_backend != BACKEND_NONE) {
		mask = VOCAB_BIT(vocab_of_backend(g->arg_backend));
	} else {
		mask = VOCAB_ALL_NATIVE;
	}
	return explain_print(req, mask, g->arg_json, g->arg_quiet, stdout);
}

static int run_verb(const struct globals *g, const struct verb_def *verb, const struct vm_request *req)
{
	if (g->arg_readonly && verb->changes)
		return fail(VM_EXIT_USAGE, "'%s' changes a guest: refused by --readonly", verb->name);
	if (req->verb == VERB_HOST)
		return fail(VM_EXIT_UNSUPPORTED, "'host' is not supported by this build yet");
	return fail(VM_EXIT_UNAVAILABLE, "cannot %s: no backend is built into this vmctl yet (--explain works)",
		    verb->name);
}

static int dispatch(const struct globals *g, int argc, char **argv)
{
	struct vm_error err = { 0 };
	const char *name = argv[0];
	const struct verb_def *verb = verb_find(name);
	if (!verb) {
		char *q = msg_quote(name);
		const char *s = verb_suggest(name);
		int rc;
		if (g->arg_explain && !g->arg_explain_list && vocab_parse(name, &(unsigned){ 0 }, &err) == 0)
			rc = fail(VM_EXIT_USAGE, "unknown verb %s; a vocabulary is chosen with --explain=%s", q, name);
		else if (s)
			rc = fail(VM_EXIT_USAGE, "unknown verb %s, did you mean '%s'?", q, s);
		else
			rc = fail(VM_EXIT_USAGE, "unknown verb %s; see 'vmctl help'", q);
		free(q);
		return rc;
	}
	if (verb->id == VERB_TRANSLATE)
		return fail(VM_EXIT_UNSUPPORTED, "'translate' is not supported by this build yet");

	struct vm_request req = {
		.backend = g->arg_backend,
		.uri = g->arg_uri,
		.lxcpath = g->arg_lxcpath,
	};
	int rc = request_parse(verb, argc, argv, &req, &err);
	if (rc == 1) {
		verb_print_help(stdout, verb);
		return VM_EXIT_OK;
	}
	if (rc < 0)
		return fail_err(&err);
	if (g->arg_explain)
		return run_explain(g, verb, &req);
	if (verb->id == VERB_HELP)
		return run_help(&req);
	if (g->arg_uri_count > 1)
		return fail(VM_EXIT_UNSUPPORTED, "several -c (many hosts at once) are not supported by this build yet");
	return run_verb(g, verb, &req);
}

/* git's run_builtin habit: a full disk or a closed pipe is an error. */
static int close_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;
		if (e == EPIPE)
			return rc;
		return fail(VM_EXIT_FAILED, "cannot write to standard output: %s", strerror(e));
	}
	if (fclose(stdout) != 0)
		return fail(VM_EXIT_FAILED, "cannot write to standard output: %s", strerror(errno));
	return rc;
}

int main(int argc, char **argv)
{
	struct globals g = { 0 };
	int rc = parse_globals(argc, argv, &g);
	if (rc >= 0)
		return close_stdout(rc);
	if (optind >= argc)
		return close_stdout(fail(VM_EXIT_USAGE, "no verb given; see 'vmctl help'"));
	return close_stdout(dispatch(&g, argc - optind, argv + optind));
}
