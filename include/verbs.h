/* verbs.h: the one verb table.  A row says everything the frontend needs to
 * know of a verb: its name and arity, its operands and options as typed
 * data, whether it changes anything, where it goes, what it returns, and the
 * frontend handler that runs it.  Parsing (src/core/request.c), --help and
 * `help VERB`, the explain envelope's operands, the neutral vocabulary, the
 * completion (tools/gen-completion.c) and the tests (tools/dump-table.c)
 * all read it.  How to add a verb: CONTRIBUTING.md. */
#ifndef VMCTL_VERBS_H
#define VMCTL_VERBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"
#include "vmctl.h"

/* ---- options: typed data, parsed generically ---- */

enum opt_type {
	OPT_FLAG,     /* no value: sets a bool */
	OPT_STRING,   /* a string, kept as given */
	OPT_PATH,     /* a file path (validate_path) */
	OPT_SIZE,     /* SIZE with a binary unit, into uint64_t KiB */
	OPT_COUNT,    /* COUNT 1..4096, into unsigned */
	OPT_NUMBER,   /* a decimal in [min, max], into unsigned */
	OPT_SECONDS,  /* whole seconds 0..86400, into unsigned */
	OPT_ENUM,     /* one of choices[], into const char * */
	OPT_MAC,      /* a unicast MAC address, into const char * */
	OPT_CIDR,     /* an IPv4 network A.B.C.D/N, into const char * */
	OPT_CPULIST,  /* a CPU list such as 0-3,6, into const char * */
	OPT_STATE,    /* a state name (running, paused, ...), into enum vm_state */
};

struct opt_def {
	const char *name;     /* long name, without "--" */
	enum opt_type type;
	const char *arg;      /* the value's placeholder in help ("SEC"); NULL for a flag */
	const char *help;
	bool repeatable;      /* destination is a struct vm_strlist: every value, in order */
	unsigned min, max;    /* OPT_NUMBER's range; OPT_SECONDS: max (0: 86400) */
	unsigned init;        /* numbers: the value before parsing (not given) */
	unsigned usual;       /* numbers: what the verb does when not given; the neutral form leaves
				 init and usual out */
	const char *const *choices; /* OPT_ENUM: NULL-terminated */
	bool needs_tty;       /* refused unless standard input is a terminal (start --console) */
	bool required;        /* must be given (wait --state): "missing --NAME ARG" otherwise */
	size_t dest;          /* offsetof() the destination in the parsed structure; 0: kept by name in
				 the values (struct vm_values), read with vm_value_*() */
};

/* Parses the options of argv[0..argc-1] (argv[0] is the verb or command
 * name) against opts (NULL-terminated) into the structure at base (an
 * option whose dest is 0: appended to vals, which may then not be NULL), with
 * getopt_long: options and operands in any order, `--` ends the options,
 * `-h`/`--help` asks for help.  *first is set to the index of the first
 * operand (argv may be permuted).  Returns 0, 1 for help, or -1 with err
 * filled (VM_EXIT_USAGE); who names the verb in messages; operands_ok says
 * whether the verb takes operands (for the hint on an unknown option). */
enum { OPERANDS_NONE, OPERANDS_ANYWHERE, OPERANDS_FIRST_ENDS /* the first operand ends the options (exec) */ };
int opts_parse(const char *who, const struct opt_def *const *opts, int operands_ok, int argc, char **argv,
	       void *base, struct vm_values *vals, int *first, struct vm_error *err);
/* Frees what opts_parse() allocated in base and vals. */
void opts_clear(const struct opt_def *const *opts, void *base, struct vm_values *vals);
/* Appends a value kept by name to vals. */
void vm_values_add(struct vm_values *vals, const char *name, const char *str, uint64_t num);

/* ---- operands ---- */

enum operand_kind {
	OPD_GUEST,    /* a guest name (validate_name) */
	OPD_NAME,     /* another name, such as a snapshot's (validate_name with `what`) */
	OPD_COUNT,    /* COUNT 1..4096 */
	OPD_SIZE,     /* SIZE, into uint64_t KiB */
	OPD_PATH,     /* a file path (validate_path with `what`) */
	OPD_DEVICE,   /* a drive: a target name or a path (validate_device) */
	OPD_DEST,     /* a libvirt URI or a host (validate_dest) */
	OPD_URI,      /* a libvirt URI (validate_uri_arg) */
	OPD_WORD,     /* a word taken as it is (help VERB) */
	OPD_WORDS,    /* the rest of the words, passed through raw (translate) */
	OPD_ARGV,     /* after a required `--`: the rest of argv verbatim (exec) */
};

struct operand_def {
	const char *name;     /* the placeholder ("GUEST", "ISO") */
	enum operand_kind kind;
	const char *what;     /* OPD_PATH/OPD_NAME: what messages call it ("ISO", "snapshot name") */
	const char *json;     /* its key in the explain envelope's "operands" */
	bool optional;        /* may be left out (only at the end) */
	bool reads_file;      /* acting: a FIFO or a device there is refused before the backend (restore) */
	bool image;           /* host resources: OPD_PATH refuses a `..` component; OPD_SIZE needs a unit */
	const char *const *choices; /* OPD_WORD: the words it may be (NULL-terminated), or NULL for any */
	int (*valid)(const char *s, struct vm_error *err); /* OPD_WORD: its own check (a MAC, a CPU list), or NULL */
	size_t dest;          /* offsetof() the destination in struct vm_request; 0: kept by its JSON
				 name in req->values */
};

/* ---- verbs ---- */

/* Where a verb goes. */
enum verb_goes {
	GOES_NOWHERE,     /* vmctl itself (help, translate) */
	GOES_HOST,        /* this host and each backend's probe (host) */
	GOES_GUEST,       /* the backend that has the guest (-b, -c, or discovery) */
	GOES_RESOURCES,   /* libvirt's host resources (pools, networks), whatever -b says */
	GOES_NEW,         /* a guest not there yet (create): -b or -c, else this host's default backend */
};

/* What a verb returns, and so how its result is printed. */
enum verb_returns {
	RET_NOTHING,      /* it prints what it prints itself (help, host, translate) */
	RET_RESULT,       /* done / already, with a note; names the backend chose, when asked to choose */
	RET_GUESTS,       /* a record list of guests (list) */
	RET_GUEST_INFO,   /* one guest's record (info) */
	RET_NAMES,        /* a list of names (snapshot list) */
	RET_RECORDS,      /* a record list (disks, pools, ...) */
	RET_STREAM,       /* records until interrupted (wait, events): the stream slot */
	RET_SAMPLES,      /* a record list sampled every interval (top): the records slot */
	RET_CONFIG,       /* a configuration text (config): the records slot, one record {format, text} */
	RET_STATUS,       /* a passed-through exit status (exec) */
};

struct globals;
struct verb_def;

/* A frontend handler: runs a parsed request.  Returns the exit code. */
typedef int (*verb_run_fn)(struct globals *g, const struct verb_def *verb, struct vm_request *req);
/* A handler of a verb that reads its words raw (translate): argv[0] is the verb. */
typedef int (*verb_run_raw_fn)(struct globals *g, const struct verb_def *verb, int argc, char **argv);
/* A verb's own check of its operands that no row can express ("--all takes
 * no GUEST"); runs after the options, before the operands are bound; n is
 * the number of operands.  Returns 0 or -1 with err filled. */
typedef int (*verb_check_fn)(const struct verb_def *verb, int n, struct vm_request *req, struct vm_error *err);

struct verb_def {
	const char *name;
	enum vm_verb id;
	int min, max;                 /* operands, checked once; -1 = any */
	const struct operand_def *operands; /* in order; terminated by an entry with name NULL */
	const struct opt_def *const *opts;  /* NULL-terminated, or NULL */
	bool changes;                 /* changes something: refused by -r/--readonly */
	bool explains;                /* --explain applies */
	bool several_hosts;           /* runs on several hosts (-c repeated, --hosts) and merges */
	bool no_batch;                /* refused in a batch (-f)... */
	const char *const *batch_if;  /* ...unless one of these options is given (top --once, --count) */
	bool needs_tty;               /* refused unless standard input is a terminal */
	bool reports;                 /* a second-wave changing verb: -o json prints {"verb","result","removed"} */
	bool long_op;                 /* may take minutes: shows progress on a terminal or with --progress */
	enum verb_goes goes;
	enum verb_returns returns;
	const char *plural;           /* RET_RECORDS: the JSON member of the list ("pools"); NULL: one record,
					 shown as info shows a guest */
	verb_run_fn run;              /* exactly one of run and run_raw */
	verb_run_raw_fn run_raw;
	verb_check_fn check;          /* or NULL */
	const struct verb_def *subs;  /* sub-verbs (snapshot create|list|...), chosen by the first operand;
					 terminated by a row with name NULL */
	int sub_op;                   /* a sub-verb's value for req->snapshot_op */
	bool bulk_from[VM_STATE__NONE]; /* --all: the states the verb acts from */
	const char *synopsis;
	const char *help;
};

extern const struct verb_def verb_table[];
extern const size_t verb_table_len;

/* The name of a verb id ("vcpu-set"). */
const char *verb_name(enum vm_verb id);
/* Exact name match, or NULL. */
const struct verb_def *verb_find(const char *name);
/* The row of verb id, or NULL. */
const struct verb_def *verb_by_id(enum vm_verb id);
/* The sub-verb row of req (snapshot create ...), else verb itself. */
const struct verb_def *verb_effective(const struct verb_def *verb, const struct vm_request *req);
/* Fills err (exit 2) with "WHAT; usage: vmctl VERB SYNOPSIS" and returns -1. */
int verb_usage_error(struct vm_error *err, const struct verb_def *verb, const char *what);
/* The closest verb name for a did-you-mean hint, or NULL. */
const char *verb_suggest(const char *name);
/* The option of verb named name, or NULL. */
const struct opt_def *verb_option(const struct verb_def *verb, const char *name);

void verb_print_usage(FILE *out);
void verb_print_help(FILE *out, const struct verb_def *verb);

/* The table self-test (as virsh-self-test): names, arity, operands, options
 * (no verb option takes a global option's long name; one name, one value
 * type), handlers.  Returns the number of faults, each appended to faults. */
size_t verb_table_check(struct strvec *faults);
/* The same checks over any rows (the unit test gives it faulty ones). */
size_t verb_rows_check(const struct verb_def *rows, size_t nrows, struct strvec *faults);

/* ---- global options (before the verb) ---- */

enum global_id {
	GOPT_BACKEND = 1, GOPT_CONNECT, GOPT_HOSTS, GOPT_LXCPATH, GOPT_EXPLAIN, GOPT_OUTPUT,
	GOPT_QUIET, GOPT_READONLY, GOPT_BATCH, GOPT_KEEP_GOING, GOPT_HELP, GOPT_VERSION, GOPT_PROGRESS,
	GOPT_JOBS, GOPT_HOST_TIMEOUT,
	GOPT__LAST = GOPT_HOST_TIMEOUT,
};

enum global_arg { GARG_NONE, GARG_REQUIRED, GARG_OPTIONAL };

struct global_opt {
	char shortopt;        /* 0: long form only */
	const char *name;     /* long name */
	enum global_arg arg;
	const char *placeholder; /* "URI", "VOCABS" */
	const char *help[2];  /* one or two lines of --help */
	enum global_id id;
	bool scope;           /* says where guests are: passed on to `list --name` by the completion */
	bool explain_safe;    /* translate's vmctl reader: changes how vmctl runs, not what it does */
};

extern const struct global_opt global_opts[];
extern const size_t global_opts_len;

/* ---- the frontend handlers the rows name (src/frontend/) ---- */

int verb_act(struct globals *g, const struct verb_def *verb, struct vm_request *req);
int verb_host(struct globals *g, const struct verb_def *verb, struct vm_request *req);
int verb_help(struct globals *g, const struct verb_def *verb, struct vm_request *req);
int verb_translate(struct globals *g, const struct verb_def *verb, int argc, char **argv);

#endif
