/* main.c: global options (global_opts[] of src/core/verbs.c), verb dispatch
 * through the verb table's handlers, batch mode, help and translate.
 * Acting is in act.c (one host) and fleet.c (several hosts, bulk); errors
 * are printed by report.c. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "frontend.h"
#include "batch.h"
#include "explain.h"
#include "output.h"
#include "stop.h"
#include "uri.h"
#include "quote.h"
#include "request.h"
#include "translate.h"
#include "util.h"
#include "validate.h"
#include "verbs.h"
#include "vmctl.h"

/* --hosts FILE: one libvirt URI a line; '#' comments and blank lines skipped. */
static int read_hosts(const char *path, struct strvec *uris, struct vm_error *err)
{
	FILE *f = fopen_regular(path);
	if (!f) {
		char *q = msg_quote(path);
		vm_error_set(err, VM_EXIT_USAGE, "cannot read hosts file %s: %s", q, fopen_regular_error(errno));
		free(q);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned n = 0;
	int rc = 0;
	ssize_t len;
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		n++;
		if (strlen(line) != (size_t)len) {
			rc = vm_error_set(err, VM_EXIT_USAGE, "%s:%u: a NUL byte in the line", path, n);
			break;
		}
		char *p = line + strspn(line, " \t");
		p[strcspn(p, "\r\n")] = '\0';
		size_t end = strlen(p);
		while (end && (p[end - 1] == ' ' || p[end - 1] == '\t'))
			p[--end] = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		struct vm_error e = { 0 };
		if (validate_uri_arg(p, &e) < 0)
			rc = vm_error_set(err, VM_EXIT_USAGE, "%s:%u: %s", path, n, e.msg);
		else
			strvec_push(uris, p);
	}
	if (rc == 0 && ferror(f))
		rc = vm_error_set(err, VM_EXIT_USAGE, "cannot read hosts file %s: %s", path, strerror(errno));
	free(line);
	fclose(f);
	if (rc == 0 && uris->n == 0)
		rc = vm_error_set(err, VM_EXIT_USAGE, "%s names no host", path);
	return rc;
}

/* getopt_long's tables for the global options, from global_opts[]. */
static void global_getopt(struct option *longopts, char *shortopts, size_t len)
{
	size_t k = 0;
	shortopts[k++] = '+';
	shortopts[k++] = ':';
	for (size_t i = 0; i < global_opts_len; i++) {
		const struct global_opt *o = &global_opts[i];
		int has = o->arg == GARG_NONE ? no_argument : o->arg == GARG_REQUIRED ? required_argument : optional_argument;
		longopts[i] = (struct option){ o->name, has, NULL, (int)o->id };
		if (o->shortopt && k + 3 < len) {
			shortopts[k++] = o->shortopt;
			if (o->arg == GARG_REQUIRED)
				shortopts[k++] = ':';
		}
	}
	longopts[global_opts_len] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[k] = '\0';
}

/* The id of a short option, or 0. */
static int global_short(int c)
{
	for (size_t i = 0; i < global_opts_len; i++)
		if (global_opts[i].shortopt == c)
			return (int)global_opts[i].id;
	return 0;
}

/* Returns -1 to go on, or an exit code. */
static int parse_globals(int argc, char **argv, struct globals *g)
{
	struct option *longopts = xcalloc(global_opts_len + 1, sizeof(*longopts));
	char shortopts[64];
	global_getopt(longopts, shortopts, sizeof(shortopts));
	struct vm_error err = { 0 };
	int rc = -1;
	opterr = 0;
	int c;
	while (rc < 0 && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int id = c == '?' || c == ':' ? 0 : c < GOPT_BACKEND || c > GOPT__LAST ? global_short(c) : c;
		switch ((enum global_id)id) {
		case GOPT_BACKEND:
			if (vm_backend_parse(optarg, &g->arg_backend) < 0) {
				char *q = msg_quote(optarg);
				rc = fail(VM_EXIT_USAGE, "unknown backend %s; use %s", q, vm_backend_names());
				free(q);
			}
			break;
		case GOPT_CONNECT:
			if (validate_uri_arg(optarg, &err) < 0)
				rc = fail_err(&err);
			else
				strvec_push(&g->arg_uris, optarg);
			break;
		case GOPT_HOSTS:
			if (validate_path(optarg, "hosts file", &err) < 0)
				rc = fail_err(&err);
			else
				g->arg_hosts = optarg;
			break;
		case GOPT_LXCPATH:
			if (validate_path(optarg, "lxcpath", &err) < 0)
				rc = fail_err(&err);
			else
				g->arg_lxcpath = optarg;
			break;
		case GOPT_EXPLAIN:
			g->arg_explain = true;
			g->arg_explain_list = optarg;
			break;
		case GOPT_OUTPUT:
			g->output_given = true;
			if (strcmp(optarg, "json") == 0) {
				g->arg_json = true;
			} else if (strcmp(optarg, "text") == 0) {
				g->arg_json = false;
			} else {
				char *q = msg_quote(optarg);
				rc = fail(VM_EXIT_USAGE, "unknown output format %s; use text or json", q);
				free(q);
			}
			break;
		case GOPT_QUIET:
			g->arg_quiet = true;
			break;
		case GOPT_READONLY:
			g->arg_readonly = true;
			break;
		case GOPT_BATCH:
			if (validate_path(optarg, "batch file", &err) < 0)
				rc = fail_err(&err);
			else
				g->arg_batch = optarg;
			break;
		case GOPT_KEEP_GOING:
			g->arg_keep_going = true;
			break;
		case GOPT_PROGRESS:
			g->arg_progress = true;
			break;
		case GOPT_JOBS:
			if (parse_number(optarg, 1, VM_JOBS_MAX, "--jobs", &g->arg_jobs, &err) < 0)
				rc = fail_err(&err);
			g->jobs_given = true;
			break;
		case GOPT_HOST_TIMEOUT:
			if (parse_number(optarg, 1, 86400, "--host-timeout", &g->arg_host_timeout, &err) < 0)
				rc = fail_err(&err);
			break;
		case GOPT_HELP:
			verb_print_usage(stdout);
			rc = VM_EXIT_OK;
			break;
		case GOPT_VERSION:
			printf("vmctl %s\n", VMCTL_VERSION);
			rc = VM_EXIT_OK;
			break;
		default: {
			char shortopt[3] = { '-', (char)optopt, '\0' };
			char *q = msg_quote(optopt ? shortopt : argv[optind - 1]);
			rc = c == ':'
				? fail(VM_EXIT_USAGE, "option %s needs a value", q)
				: fail(VM_EXIT_USAGE, "unknown option %s; global options go before the verb (see vmctl --help)", q);
			free(q);
			break;
		}
		}
	}
	free(longopts);
	return rc;
}

static int run_explain(struct globals *g, const struct verb_def *verb, const struct vm_request *req)
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
		mask = VOCAB_HYPERVISOR;
	}
	return explain_print(req, mask, g->arg_json, g->arg_quiet, stdout);
}

static int dispatch(struct globals *g, int argc, char **argv)
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
	if (g->arg_batch && verb->no_batch && !verb->batch_if)
		return fail(VM_EXIT_USAGE, "'%s' does not run in a batch", verb->name);
	if (verb->run_raw)
		return verb->run_raw(g, verb, argc, argv);

	struct vm_request req = {
		.backend = g->arg_backend,
		.uri = g->arg_uris.n ? g->arg_uris.v[0] : NULL,
		.lxcpath = g->arg_lxcpath,
	};
	int rc = request_parse(verb, argc, argv, &req, &err);
	if (rc == 0 && g->arg_batch && verb->batch_if && !g->arg_explain) {
		bool finite = false;
		for (const char *const *o = verb->batch_if; *o; o++)
			finite |= vm_value(&req, *o) != NULL;
		if (!finite) {
			vm_error_set(&err, VM_EXIT_USAGE, "'%s' runs in a batch only with --%s", verb->name,
				     verb->batch_if[0]);
			for (const char *const *o = verb->batch_if + 1; *o; o++)
				snprintf(err.msg + strlen(err.msg), sizeof(err.msg) - strlen(err.msg), " or --%s", *o);
			rc = -1;
		}
	}
	if (rc == 1) {
		verb_print_help(stdout, verb);
		rc = VM_EXIT_OK;
	} else if (rc < 0) {
		rc = fail_err(&err);
	} else if (g->jobs_given && req.parallel && (unsigned long)g->arg_jobs * req.parallel > VM_JOBS_PARALLEL_MAX) {
		rc = fail(VM_EXIT_USAGE, "--jobs %u x --parallel %u is over %u guest operations at a time", g->arg_jobs,
			  req.parallel, VM_JOBS_PARALLEL_MAX);
	} else if (g->arg_explain) {
		rc = run_explain(g, verb, &req);
	} else {
		rc = verb->run(g, verb, &req);
	}
	request_clear(verb, &req);
	return rc;
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

/* -f FILE|-: one verb line after another over one connection. */
static int run_batch(struct globals *g)
{
	FILE *f = strcmp(g->arg_batch, "-") == 0 ? stdin : fopen_regular(g->arg_batch);
	if (!f) {
		char *q = msg_quote(g->arg_batch);
		int rc = fail(VM_EXIT_USAGE, "cannot open batch file %s: %s", q, fopen_regular_error(errno));
		free(q);
		return rc;
	}
	char *line = NULL;
	size_t cap = 0;
	int first_failure = VM_EXIT_OK;
	unsigned n = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		report_set_line(++n);
		struct strvec words = STRVEC_INIT;
		struct vm_error err = { 0 };
		int rc;
		if (strlen(line) != (size_t)len)
			rc = fail(VM_EXIT_USAGE, "a NUL byte in the line");
		else if (split_words(line, &words, &err) < 0)
			rc = fail_err(&err);
		else if (words.n == 0)
			rc = VM_EXIT_OK;
		else
			rc = dispatch(g, (int)words.n, words.v);
		strvec_clear(&words);
		fflush(stdout);
		if (rc != VM_EXIT_OK && first_failure == VM_EXIT_OK)
			first_failure = rc;
		if (rc != VM_EXIT_OK && !g->arg_keep_going)
			break;
	}
	report_set_line(0);
	if (ferror(f) && first_failure == VM_EXIT_OK)
		first_failure = fail(VM_EXIT_USAGE, "cannot read batch file: %s", strerror(errno));
	free(line);
	if (f != stdin)
		fclose(f);
	return first_failure;
}

/* libvirt's RPC client writes to its socket with plain write() (libvirt asks
 * its callers to ignore SIGPIPE): a libvirtd that dies under us would kill
 * vmctl silently, mid-verb, with status 141.  Our own standard output keeps
 * the default behaviour (`vmctl list | head -1` ends quietly, as any filter
 * does); any other SIGPIPE becomes the EPIPE the library then reports. */
static void on_sigpipe(int sig)
{
	struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };
	if (poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP))) {
		signal(sig, SIG_DFL);
		raise(sig); /* delivered when this handler returns */
	}
}

static void catch_sigpipe(void)
{
	struct sigaction old, sa = { .sa_handler = on_sigpipe, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	/* an inherited SIG_IGN stays: the caller asked for EPIPE everywhere */
	if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
		sigaction(SIGPIPE, &sa, NULL);
}

int main(int argc, char **argv)
{
	struct globals g = { .arg_jobs = VM_JOBS_DEFAULT, .arg_host_timeout = VM_HOST_TIMEOUT_DEFAULT };
	struct vm_error err = { 0 };
	catch_sigpipe();
	int rc = parse_globals(argc, argv, &g);
	if (rc >= 0)
		goto out;
	rc = VM_EXIT_OK;
	if (g.arg_hosts && read_hosts(g.arg_hosts, &g.arg_uris, &err) < 0)
		rc = fail_err(&err);
	else if (config_load(&g, g.arg_backend != BACKEND_NONE, g.arg_lxcpath != NULL, g.output_given, &err) < 0)
		rc = fail_err(&err);
	else if (g.arg_batch && optind < argc)
		rc = fail(VM_EXIT_USAGE, "-f reads its verbs from the batch file; no verb goes on the command line");
	else if (g.arg_batch)
		rc = run_batch(&g);
	else if (optind >= argc)
		rc = fail(VM_EXIT_USAGE, "no verb given; see 'vmctl help'");
	else
		rc = dispatch(&g, argc - optind, argv + optind);
out:
	session_free(g.session);
	strvec_clear(&g.arg_uris);
	config_free();
	rc = close_stdout(rc);
	if (stopper_any_abandoned())
		_exit(rc); /* a thread left in a hung call must not run into the libraries' exit */
	return rc;
}
