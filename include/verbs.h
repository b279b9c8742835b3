/* verbs.h: the one verb table.  Usage text, `help VERB`, the completion and
 * the man page's verb list come from it or are tested against it. */
#ifndef VMCTL_VERBS_H
#define VMCTL_VERBS_H

#include <stdbool.h>
#include <stdio.h>

#include "vmctl.h"

/* Verb options (struct verb_def.opts). */
enum {
	OPT_NAME = 1u << 0,     /* --name */
	OPT_FROM = 1u << 1,     /* --from CONFIG */
	OPT_PAUSED = 1u << 2,   /* --paused */
	OPT_CONSOLE = 1u << 3,  /* --console */
	OPT_TIMEOUT = 1u << 4,  /* --timeout SEC */
	OPT_FORCE = 1u << 5,    /* --force */
	OPT_LIVE = 1u << 6,     /* --live */
	OPT_CONFIG = 1u << 7,   /* --config */
	OPT_EJECT = 1u << 8,    /* --eject */
	OPT_UNSAFE = 1u << 9,   /* --unsafe */
	OPT_ALL = 1u << 10,     /* --all (bulk: every guest the verb applies to) */
	OPT_PARALLEL = 1u << 11, /* --parallel N (bulk) */
};
#define OPT_LAST OPT_PARALLEL

struct verb_def {
	const char *name;
	enum vm_verb id;
	int min, max;   /* operands, checked once by request_parse(); -1 = any */
	unsigned opts;  /* OPT_* accepted after the verb */
	bool changes;   /* changes a guest: refused by -r/--readonly */
	bool explains;  /* --explain applies */
	const char *synopsis;
	const char *help;
};

extern const struct verb_def verb_table[];
extern const size_t verb_table_len;

/* The name of a verb id ("vcpu-set"). */
const char *verb_name(enum vm_verb id);
/* Exact name match, or NULL. */
const struct verb_def *verb_find(const char *name);
/* The closest verb name for a did-you-mean hint, or NULL. */
const char *verb_suggest(const char *name);
/* Long option names and their argument placeholder, in OPT_* bit order. */
const char *verb_option_name(unsigned opt);
const char *verb_option_arg(unsigned opt); /* NULL: takes no argument */
const char *verb_option_help(unsigned opt);

void verb_print_usage(FILE *out);
void verb_print_help(FILE *out, const struct verb_def *verb);

#endif
