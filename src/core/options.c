/* options.c: verb options as data (struct opt_def), parsed generically with
 * getopt_long: options and operands in any order, `--` ends the options,
 * each value checked by its type and stored at its destination. */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "validate.h"
#include "verbs.h"

#define VAL_BASE 256 /* getopt_long's val of option i: VAL_BASE + i */
#define VAL_HELP 1

static void *at(void *base, const struct opt_def *d)
{
	return (char *)base + d->dest;
}

static int bad_choice(const struct opt_def *d, const char *s, struct vm_error *err)
{
	char list[256] = "";
	size_t n = 0;
	while (d->choices[n])
		n++;
	for (size_t i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
			 d->choices[i]);
	char *q = msg_quote(s);
	vm_error_set(err, VM_EXIT_USAGE, "invalid --%s %s: use %s", d->name, q, list);
	free(q);
	return -1;
}

static int bad_state(const char *s, struct vm_error *err)
{
	char list[256] = "";
	for (int st = VM_STATE_UNKNOWN + 1; st < VM_STATE__NONE; st++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", st == VM_STATE_UNKNOWN + 1 ? "" : ", ",
			 vm_state_name((enum vm_state)st));
	char *q = msg_quote(s);
	vm_error_set(err, VM_EXIT_USAGE, "unknown state %s; the states are %s", q, list);
	free(q);
	return -1;
}

void vm_values_add(struct vm_values *vals, const char *name, const char *str, uint64_t num)
{
	vals->v = xrealloc(vals->v, (vals->n + 1) * sizeof(*vals->v));
	vals->v[vals->n++] = (struct vm_value){ name, str, num };
}

/* Stores a parsed number: in its field, as wide as its type, or by name. */
static int put_num(const struct opt_def *d, void *base, struct vm_values *vals, const char *s, uint64_t v)
{
	if (!d->dest)
		vm_values_add(vals, d->name, s, v);
	else if (d->type == OPT_SIZE)
		*(uint64_t *)at(base, d) = v;
	else if (d->type == OPT_STATE)
		*(enum vm_state *)at(base, d) = (enum vm_state)v;
	else
		*(unsigned *)at(base, d) = (unsigned)v;
	return 0;
}

/* Checks s as d's type says and stores it (a repeatable option: appends). */
static int store(const struct opt_def *d, const char *s, void *base, struct vm_values *vals, struct vm_error *err)
{
	uint64_t size = 0;
	unsigned u = 0;
	enum vm_state st = VM_STATE_UNKNOWN;
	switch (d->type) {
	case OPT_FLAG:
		if (d->dest)
			*(bool *)at(base, d) = true;
		else
			vm_values_add(vals, d->name, NULL, 1);
		return 0;
	case OPT_SIZE:
		return parse_size(s, &size, err) < 0 ? -1 : put_num(d, base, vals, s, size);
	case OPT_COUNT:
		return parse_count(s, &u, err) < 0 ? -1 : put_num(d, base, vals, s, u);
	case OPT_NUMBER: {
		char *what = xasprintf("--%s", d->name);
		int rc = parse_number(s, d->min, d->max, what, &u, err);
		free(what);
		return rc < 0 ? -1 : put_num(d, base, vals, s, u);
	}
	case OPT_SECONDS:
		return parse_timeout(s, &u, err) < 0 ? -1 : put_num(d, base, vals, s, u);
	case OPT_STATE:
		return vm_state_parse(s, &st) < 0 ? bad_state(s, err) : put_num(d, base, vals, s, (uint64_t)st);
	case OPT_PATH:
		if (validate_path(s, d->arg, err) < 0)
			return -1;
		break;
	case OPT_ENUM: {
		size_t i = 0;
		while (d->choices[i] && strcmp(d->choices[i], s) != 0)
			i++;
		if (!d->choices[i])
			return bad_choice(d, s, err);
		break;
	}
	case OPT_MAC:
		if (validate_mac(s, err) < 0)
			return -1;
		break;
	case OPT_CIDR:
		if (validate_cidr(s, err) < 0)
			return -1;
		break;
	case OPT_CPULIST:
		if (validate_cpulist(s, err) < 0)
			return -1;
		break;
	case OPT_STRING:
		break;
	}
	/* the string types */
	if (!d->dest) {
		vm_values_add(vals, d->name, s, 0);
	} else if (d->repeatable) {
		struct vm_strlist *l = at(base, d);
		l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n++] = s;
	} else {
		*(const char **)at(base, d) = s;
	}
	return 0;
}

static bool numeric(const struct opt_def *d)
{
	return d->type == OPT_NUMBER || d->type == OPT_SECONDS;
}

int opts_parse(const char *who, const struct opt_def *const *opts, int operands_ok, int argc, char **argv,
	       void *base, struct vm_values *vals, int *first, struct vm_error *err)
{
	size_t n = 0;
	while (opts && opts[n])
		n++;
	struct option *longopts = xcalloc(n + 2, sizeof(*longopts));
	for (size_t i = 0; i < n; i++) {
		longopts[i] = (struct option){ opts[i]->name, opts[i]->type == OPT_FLAG ? no_argument : required_argument,
					       NULL, VAL_BASE + (int)i };
		if (numeric(opts[i]) && opts[i]->dest)
			*(unsigned *)at(base, opts[i]) = opts[i]->init;
	}
	longopts[n] = (struct option){ "help", no_argument, NULL, VAL_HELP };

	int rc = 0;
	optind = 0; /* GNU: reinitialise, argv may differ from the last call */
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, operands_ok == OPERANDS_FIRST_ENDS ? "+:h" : ":h", longopts, NULL);
		if (c == -1)
			break;
		/* -h is help only as a word of its own: "-hx" is a name written
		 * without "--", not -h then -x */
		if (c == 'h' && optind < argc && argv[optind][0] == '-' && argv[optind][1] == 'h' && argv[optind][2]) {
			char *q = msg_quote(argv[optind]);
			rc = vm_error_set(err, VM_EXIT_USAGE,
					  "unknown option %s for '%s'; an operand that begins with '-' goes after '--', as in: vmctl %s -- %s",
					  q, who, who, q);
			free(q);
			break;
		}
		if (c == 'h' || c == VAL_HELP) {
			rc = 1;
			break;
		}
		if (c == '?' || c == ':') {
			char shortopt[3] = { '-', (char)optopt, '\0' };
			const char *badword = shortopt;
			char *longword = NULL;
			if (c == ':' && optopt >= VAL_BASE && (size_t)(optopt - VAL_BASE) < n)
				badword = longword = xasprintf("--%s", opts[optopt - VAL_BASE]->name);
			else if (optind - 1 >= 1 && argv[optind - 1][0] == '-' &&
			    (!optopt || strchr(argv[optind - 1], optopt)))
				badword = argv[optind - 1];
			else if (optind < argc && argv[optind][0] == '-')
				badword = argv[optind];
			char *q = msg_quote(badword);
			if (c == ':')
				rc = vm_error_set(err, VM_EXIT_USAGE, "option %s of '%s' needs a value", q, who);
			else if (operands_ok)
				rc = vm_error_set(err, VM_EXIT_USAGE,
						  "unknown option %s for '%s'; an operand that begins with '-' goes after '--', as in: vmctl %s -- %s",
						  q, who, who, q);
			else
				rc = vm_error_set(err, VM_EXIT_USAGE, "unknown option %s for '%s'", q, who);
			free(q);
			free(longword);
			break;
		}
		if (store(opts[c - VAL_BASE], optarg, base, vals, err) < 0) {
			rc = -1;
			break;
		}
	}
	free(longopts);
	*first = optind;
	return rc;
}

void opts_clear(const struct opt_def *const *opts, void *base, struct vm_values *vals)
{
	if (vals) {
		free(vals->v);
		vals->v = NULL;
		vals->n = 0;
	}
	for (size_t i = 0; opts && opts[i]; i++) {
		if (!opts[i]->repeatable || !opts[i]->dest)
			continue;
		struct vm_strlist *l = at(base, opts[i]);
		free(l->v);
		l->v = NULL;
		l->n = 0;
	}
}
