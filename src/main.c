/* main.c: global options, verb dispatch, and the one place that prints
 * errors and chooses the exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "batch.h"
#include "explain.h"
#include "output.h"
#include "uri.h"
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
	const char *arg_batch;
	bool arg_keep_going;

	/* the session: one backend and one connection, opened on first use */
	const struct backend_ops *ops;
	struct vm_conn *conn;
	unsigned line; /* batch line number, 0 outside batch mode */
};

static unsigned current_line;

/* Prints "vmctl: MSG" and returns code: the only error printer. */
static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("vmctl: ", stderr);
	if (current_line)
		fprintf(stderr, "line %u: ", current_line);
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

enum { OPT_EXPLAIN = 256, OPT_KEEP_GOING };

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
		{ "batch", required_argument, NULL, 'f' },
		{ "keep-going", no_argument, NULL, OPT_KEEP_GOING },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct vm_error err = { 0 };
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+:b:c:P:o:qrf:hV", longopts, NULL)) != -1) {
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
		case 'f':
			if (validate_path(optarg, "batch file", &err) < 0)
				return fail_err(&err);
			g->arg_batch = optarg;
			break;
		case OPT_KEEP_GOING:
			g->arg_keep_going = true;
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
		mask = VOCAB_ALL_NATIVE;
	}
	return explain_print(req, mask, g->arg_json, g->arg_quiet, stdout);
}

/* The ops slot of a verb; *found is false for verbs that have none. */
typedef int (*act_fn)(struct vm_conn *, const struct vm_request *, struct vm_result *, struct vm_error *);

static act_fn slot(const struct backend_ops *ops, enum vm_verb verb)
{
	switch (verb) {
	case VERB_START: return ops->start;
	case VERB_STOP: return ops->stop;
	case VERB_KILL: return ops->kill;
	case VERB_REBOOT: return ops->reboot;
	case VERB_PAUSE: return ops->pause;
	case VERB_RESUME: return ops->resume;
	case VERB_VCPU_SET: return ops->vcpu_set;
	case VERB_MEM_SET: return ops->mem_set;
	case VERB_CD_CHANGE: return ops->cd_change;
	case VERB_CONSOLE: return ops->console;
	case VERB_SAVE: return ops->save;
	case VERB_RESTORE: return ops->restore;
	case VERB_SNAPSHOT: return ops->snapshot;
	case VERB_MIGRATE: return ops->migrate;
	case VERB_LIST:
	case VERB_INFO:
	case VERB_HOST:
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	return NULL;
}

static bool supported(const struct backend_ops *ops, enum vm_verb verb)
{
	if (verb == VERB_LIST)
		return ops->list != NULL;
	if (verb == VERB_INFO)
		return ops->info != NULL;
	return slot(ops, verb) != NULL;
}

/* Loads the backend and opens the session's one connection, once. */
static int session_open(struct globals *g, const struct vm_request *req, struct vm_error *err)
{
	if (g->conn)
		return 0;
	if (!g->ops) {
		g->ops = backend_load(g->arg_backend == BACKEND_NONE ? BACKEND_LIBVIRT : g->arg_backend, err);
		if (!g->ops)
			return -1;
	}
	return g->ops->open(req, g->arg_readonly, &g->conn, err);
}

static int run_verb(struct globals *g, const struct verb_def *verb, const struct vm_request *req)
{
	struct vm_error err = { 0 };
	bool changes = verb->changes && !(req->verb == VERB_SNAPSHOT && req->snapshot_op == SNAPSHOT_LIST);
	if (g->arg_readonly && changes)
		return fail(VM_EXIT_USAGE, "'%s' changes a guest: refused by --readonly", verb->name);
	if (req->verb == VERB_HOST)
		return fail(VM_EXIT_UNSUPPORTED, "'host' is not supported by this build yet");
	if ((req->verb == VERB_CONSOLE || (req->verb == VERB_START && (req->flags & VM_F_CONSOLE))) &&
	    !isatty(STDIN_FILENO))
		return fail(VM_EXIT_USAGE, "%s needs a terminal on standard input (as virsh console does)",
			    req->verb == VERB_CONSOLE ? "console" : "start --console");
	if (!g->ops) {
		g->ops = backend_load(g->arg_backend == BACKEND_NONE ? BACKEND_LIBVIRT : g->arg_backend, &err);
		if (!g->ops)
			return fail_err(&err);
	}
	if (!supported(g->ops, req->verb)) {
		const char *why = g->ops->unsupported ? g->ops->unsupported(req->verb) : NULL;
		return fail(VM_EXIT_UNSUPPORTED, "'%s' is not supported by backend %s%s%s", verb->name, g->ops->name,
			    why ? ": " : "", why ? why : "");
	}
	if (session_open(g, req, &err) < 0)
		return fail_err(&err);

	const char *backend = vm_backend_name(g->arg_backend == BACKEND_NONE ? BACKEND_LIBVIRT : g->arg_backend);
	char *host = g->arg_uri ? uri_redact(g->arg_uri) : NULL;
	int rc = VM_EXIT_OK;
	if (req->verb == VERB_LIST) {
		struct vm_guest_list l = { 0 };
		if (g->ops->list(g->conn, &l, &err) < 0)
			rc = fail_err(&err);
		else
			output_list(stdout, &l, backend, host, g->arg_json, req->flags & VM_F_NAMES);
		guest_list_clear(&l);
	} else if (req->verb == VERB_INFO) {
		struct vm_guest_info info = { 0 };
		if (g->ops->info(g->conn, req, &info, &err) < 0)
			rc = fail_err(&err);
		else
			output_info(stdout, &info, backend, host, g->arg_json);
		guest_info_clear(&info);
	} else {
		struct vm_result res = { 0 };
		int acted = slot(g->ops, req->verb)(g->conn, req, &res, &err);
		if (acted == 0 && req->verb == VERB_START && (req->flags & VM_F_CONSOLE)) {
			struct vm_result con = { 0 };
			struct vm_request creq = *req; /* --from: the backend names the guest it made */
			if (!creq.guest && res.names.n)
				creq.guest = res.names.v[0];
			acted = g->ops->console && creq.guest ? g->ops->console(g->conn, &creq, &con, &err)
						: vm_error_set(&err, VM_EXIT_UNSUPPORTED, "started, but the console is not supported by backend %s", g->ops->name);
			vm_result_clear(&con);
		}
		if (acted < 0) {
			rc = fail_err(&err);
		} else {
			if (res.note[0] && !g->arg_quiet) {
				unsigned line = current_line;
				current_line = 0;
				fprintf(stderr, "vmctl: %s%s\n", res.note, res.already ? " (nothing to do)" : "");
				current_line = line;
			}
			if (req->verb == VERB_SNAPSHOT &&
			    (req->snapshot_op == SNAPSHOT_LIST || (req->snapshot_op == SNAPSHOT_CREATE && !req->snapshot)))
				output_snapshots(stdout, req->guest, &res.names, g->arg_json);
		}
		vm_result_clear(&res);
	}
	free(host);
	return rc;
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

/* -f FILE|-: one verb line after another over one connection. */
static int run_batch(struct globals *g)
{
	FILE *f = strcmp(g->arg_batch, "-") == 0 ? stdin : fopen(g->arg_batch, "re");
	if (!f) {
		char *q = msg_quote(g->arg_batch);
		int rc = fail(VM_EXIT_USAGE, "cannot open batch file %s: %s", q, strerror(errno));
		free(q);
		return rc;
	}
	char *line = NULL;
	size_t cap = 0;
	int first_failure = VM_EXIT_OK;
	unsigned n = 0;
	while (getline(&line, &cap, f) >= 0) {
		current_line = ++n;
		struct strvec words = STRVEC_INIT;
		struct vm_error err = { 0 };
		int rc;
		if (split_words(line, &words, &err) < 0)
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
	current_line = 0;
	free(line);
	if (f != stdin)
		fclose(f);
	return first_failure;
}

int main(int argc, char **argv)
{
	struct globals g = { 0 };
	int rc = parse_globals(argc, argv, &g);
	if (rc >= 0)
		return close_stdout(rc);
	if (g.arg_batch) {
		if (optind < argc)
			rc = fail(VM_EXIT_USAGE, "-f reads its verbs from the batch file; no verb goes on the command line");
		else
			rc = run_batch(&g);
	} else if (optind >= argc) {
		rc = fail(VM_EXIT_USAGE, "no verb given; see 'vmctl help'");
	} else {
		rc = dispatch(&g, argc - optind, argv + optind);
	}
	if (g.conn)
		g.ops->close(g.conn);
	return close_stdout(rc);
}
