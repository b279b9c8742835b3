/* request.c: per-verb option parsing (getopt_long, options and operands in
 * any order, `--` ends options) and operand validation into a request. */
#include "request.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "validate.h"

#define OPT_HELP_VAL (1 << 20) /* beyond every OPT_* bit */

static int usage_err(struct vm_error *err, const struct verb_def *verb, const char *what)
{
	return vm_error_set(err, VM_EXIT_USAGE, "%s; usage: vmctl %s %s", what, verb->name,
			    verb->synopsis);
}

static int parse_options(const struct verb_def *verb, int argc, char **argv,
			 struct vm_request *req, struct vm_error *err)
{
	struct option longopts[16];
	size_t n = 0;
	for (unsigned bit = 1; bit && bit <= OPT_LAST; bit <<= 1) {
		if (!(verb->opts & bit))
			continue;
		longopts[n].name = verb_option_name(bit);
		longopts[n].has_arg = verb_option_arg(bit) ? required_argument : no_argument;
		longopts[n].flag = NULL;
		longopts[n].val = (int)bit;
		n++;
	}
	longopts[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP_VAL };
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };

	optind = 0; /* GNU: reinitialise, argv may differ from the last call */
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, ":h", longopts, NULL);
		if (c == -1)
			break;
		/* -h is help only as a word of its own: "-hx" is a name written
		 * without "--", not -h then -x */
		if (c == 'h' && optind < argc && argv[optind][0] == '-' && argv[optind][1] == 'h' && argv[optind][2]) {
			char *q = msg_quote(argv[optind]);
			vm_error_set(err, VM_EXIT_USAGE,
				     "unknown option %s for '%s'; an operand that begins with '-' goes after '--', as in: vmctl %s -- %s",
				     q, verb->name, verb->name, q);
			free(q);
			return -1;
		}
		if (c == 'h' || c == OPT_HELP_VAL)
			return 1;
		if (c == '?' || c == ':') {
			char shortopt[3] = { '-', (char)optopt, '\0' };
			const char *bad = shortopt;
			if (optind - 1 >= 1 && argv[optind - 1][0] == '-' &&
			    (!optopt || strchr(argv[optind - 1], optopt)))
				bad = argv[optind - 1];
			else if (optind < argc && argv[optind][0] == '-')
				bad = argv[optind];
			char *q = msg_quote(bad);
			if (c == ':')
				vm_error_set(err, VM_EXIT_USAGE, "option %s of '%s' needs a value", q,
					     verb->name);
			else if (verb->max != 0)
				vm_error_set(err, VM_EXIT_USAGE,
					     "unknown option %s for '%s'; an operand that begins with '-' goes after '--', as in: vmctl %s -- %s",
					     q, verb->name, verb->name, q);
			else
				vm_error_set(err, VM_EXIT_USAGE, "unknown option %s for '%s'", q,
					     verb->name);
			free(q);
			return -1;
		}
		unsigned bit = (unsigned)c;
		switch (bit) {
		case OPT_NAME:
			req->flags |= VM_F_NAMES;
			break;
		case OPT_FROM:
			if (validate_path(optarg, "CONFIG", err) < 0)
				return -1;
			req->from = optarg;
			break;
		case OPT_PAUSED:
			req->flags |= VM_F_PAUSED;
			break;
		case OPT_CONSOLE:
			req->flags |= VM_F_CONSOLE;
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &req->timeout, err) < 0)
				return -1;
			break;
		case OPT_FORCE:
			req->flags |= VM_F_FORCE;
			break;
		case OPT_LIVE:
			req->flags |= VM_F_LIVE;
			break;
		case OPT_CONFIG:
			req->flags |= VM_F_CONFIG;
			break;
		case OPT_EJECT:
			req->flags |= VM_F_EJECT;
			break;
		case OPT_UNSAFE:
			req->flags |= VM_F_UNSAFE;
			break;
		case OPT_ALL:
			req->flags |= VM_F_ALL;
			break;
		case OPT_PARALLEL:
			if (parse_parallel(optarg, &req->parallel, err) < 0)
				return -1;
			break;
		default:
			return vm_error_set(err, VM_EXIT_USAGE, "cannot parse the options of '%s'",
					    verb->name);
		}
	}
	return 0;
}

static int guest_operand(const char *s, struct vm_request *req, struct vm_error *err)
{
	if (validate_name(s, "guest name", err) < 0)
		return -1;
	req->guest = s;
	return 0;
}

/* Binds and validates the operands (ops[0..n-1]) of one verb. */
static int bind_operands(const struct verb_def *verb, int n, char **ops, struct vm_request *req,
			 struct vm_error *err)
{
	switch (verb->id) {
	case VERB_LIST:
	case VERB_HOST:
		return 0;
	case VERB_INFO:
	case VERB_REBOOT:
	case VERB_CONSOLE:
		return guest_operand(ops[0], req, err);
	case VERB_KILL:
	case VERB_PAUSE:
	case VERB_RESUME:
	case VERB_STOP:
	case VERB_START:
		if (req->flags & VM_F_ALL) {
			if (n > 0)
				return usage_err(err, verb, "--all takes no GUEST");
			if (req->from || (req->flags & VM_F_CONSOLE))
				return usage_err(err, verb, "--all goes with neither --from nor --console");
			if (!req->parallel)
				req->parallel = 1;
			return 0;
		}
		if (req->parallel)
			return usage_err(err, verb, "--parallel goes with --all");
		if (req->from && n == 1)
			return usage_err(err, verb, "give either GUEST or --from CONFIG, not both");
		if (!req->from && n == 0)
			return usage_err(err, verb, verb->id == VERB_START ? "missing GUEST (or --from CONFIG, or --all)"
									 : "missing GUEST (or --all)");
		return n == 1 ? guest_operand(ops[0], req, err) : 0;
	case VERB_VCPU_SET:
		if (guest_operand(ops[0], req, err) < 0)
			return -1;
		return parse_count(ops[1], &req->count, err);
	case VERB_MEM_SET:
		if (guest_operand(ops[0], req, err) < 0)
			return -1;
		return parse_size(ops[1], &req->size_kib, err);
	case VERB_CD_CHANGE:
		if ((req->flags & VM_F_EJECT) && n != 2)
			return usage_err(err, verb, n < 2 ? "missing DEVICE" : "--eject takes GUEST DEVICE and no ISO");
		if (!(req->flags & VM_F_EJECT) && n != 3)
			return usage_err(err, verb, "missing ISO (or use --eject)");
		if (guest_operand(ops[0], req, err) < 0 || validate_device(ops[1], err) < 0)
			return -1;
		req->device = ops[1];
		if (n == 3) {
			if (validate_path(ops[2], "ISO", err) < 0)
				return -1;
			req->iso = ops[2];
		}
		return 0;
	case VERB_SAVE:
		if (guest_operand(ops[0], req, err) < 0 || validate_path(ops[1], "PATH", err) < 0)
			return -1;
		req->path = ops[1];
		return 0;
	case VERB_RESTORE:
		if (validate_path(ops[0], "PATH", err) < 0)
			return -1;
		req->path = ops[0];
		return n == 2 ? guest_operand(ops[1], req, err) : 0;
	case VERB_SNAPSHOT: {
		static const struct {
			const char *word;
			enum vm_snapshot_op op;
			int min, max;
		} subs[] = {
			{ "create", SNAPSHOT_CREATE, 2, 3 },
			{ "list", SNAPSHOT_LIST, 2, 2 },
			{ "revert", SNAPSHOT_REVERT, 3, 3 },
			{ "delete", SNAPSHOT_DELETE, 3, 3 },
		};
		for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
			if (strcmp(ops[0], subs[i].word) != 0)
				continue;
			if (n < subs[i].min || n > subs[i].max)
				return usage_err(err, verb, n < subs[i].min ? "missing operand" : "too many operands");
			req->snapshot_op = subs[i].op;
			if (guest_operand(ops[1], req, err) < 0)
				return -1;
			if (n == 3) {
				if (validate_name(ops[2], "snapshot name", err) < 0)
					return -1;
				req->snapshot = ops[2];
			}
			return 0;
		}
		char *q = msg_quote(ops[0]);
		vm_error_set(err, VM_EXIT_USAGE,
			     "unknown snapshot action %s; use create, list, revert or delete", q);
		free(q);
		return -1;
	}
	case VERB_MIGRATE:
		if (guest_operand(ops[0], req, err) < 0 || validate_dest(ops[1], err) < 0)
			return -1;
		req->dest = ops[1];
		return 0;
	case VERB_HELP:
		req->help_verb = n ? ops[0] : NULL;
		return 0;
	case VERB_TRANSLATE:
		return 0;
	case VERB__COUNT:
		break;
	}
	return vm_error_set(err, VM_EXIT_USAGE, "'%s' takes no operands here", verb->name);
}

int request_parse(const struct verb_def *verb, int argc, char **argv, struct vm_request *req,
		  struct vm_error *err)
{
	req->verb = verb->id;
	req->timeout = VM_STOP_TIMEOUT_DEFAULT;
	int rc = parse_options(verb, argc, argv, req, err);
	if (rc != 0)
		return rc;
	int n = argc - optind;
	char **ops = argv + optind;
	if (n < verb->min)
		return usage_err(err, verb, n == 0 && verb->min == 1 ? "missing GUEST" : "missing operand");
	if (verb->max >= 0 && n > verb->max) {
		char *q = msg_quote(ops[verb->max]);
		vm_error_set(err, VM_EXIT_USAGE, "too many operands for '%s' (from %s on); usage: vmctl %s %s",
			     verb->name, q, verb->name, verb->synopsis);
		free(q);
		return -1;
	}
	return bind_operands(verb, n, ops, req, err);
}
