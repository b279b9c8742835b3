/* translate.h: the reverse of explain.  A native command line (xl, virsh,
 * lxc-*, vzctl, vzlist, vzmigrate, the QEMU monitor (HMP or QMP), a qemu-system command
 * line, or vmctl itself) is read into the neutral request and then shown in
 * every vocabulary.  Parsers are pure: no I/O, and errors travel up as
 * struct vm_error values; only main.c prints them.  One parser per file in
 * src/translate/. */
#ifndef VMCTL_TRANSLATE_H
#define VMCTL_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "explain.h"
#include "util.h"
#include "vmctl.h"

struct qemu_guest;

/* What one native command means. */
struct translation {
	struct vm_request req;
	enum vocab vocab;       /* the vocabulary the command was written in */
	enum equivalence equiv; /* EQUIV_APPROX: the native command said more than req */
	struct strvec notes;    /* notes[0..reasons-1] say what was left out */
	size_t reasons;
	struct strvec keep;     /* owns the strings of req that are not argv words */
	struct qemu_guest *guest; /* a qemu-system command line: the guest it defines */
};

/* Parses one native command, argv[0] being the tool (a path is allowed).
 * argv must outlive t: req points into it.  Returns 0, or -1 with err
 * filled: VM_EXIT_USAGE for what the tool itself would refuse or translate
 * does not know, VM_EXIT_UNSUPPORTED for a real command vmctl has no verb
 * for.  t is initialised here; translation_clear() it in both cases. */
int translate_argv(int argc, char **argv, struct translation *t, struct vm_error *err);
void translation_clear(struct translation *t);

/* Prints t in the vocabularies of mask (the vmctl form first) as explain
 * does; argv is the native command (JSON "native"), line its line on
 * standard input or 0. */
void translation_print(const struct translation *t, unsigned mask, char *const *argv, unsigned line,
		       bool json, bool quiet, FILE *out);

/* The verb `vmctl translate`, argv[0] being "translate". */
struct translate_opts {
	bool json, quiet;
	const char *explain_list;           /* --explain=LIST, or NULL */
	enum vm_backend_id backend;         /* -b, or BACKEND_NONE */
	int (*report)(const struct vm_error *); /* prints an error, returns its code */
};
int translate_verb(int argc, char **argv, const struct translate_opts *o, FILE *out);

/* The parsers (src/translate/<tool>.c); argv[0] is the tool's word. */
int translate_xl(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_virsh(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_lxc(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vzctl(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vzlist(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vzmigrate(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_hmp(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_qmp(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_qemu(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vmctl(int argc, char **argv, struct translation *t, struct vm_error *err);

/* A monitor command line for guest (hmp.c); also used by virsh
 * qemu-monitor-command GUEST --hmp COMMAND. */
int hmp_translate(const char *guest, const char *line, struct translation *t, struct vm_error *err);
/* A QMP command (JSON) for guest (qmp.c); also used by virsh
 * qemu-monitor-command GUEST JSON. */
int qmp_translate(const char *guest, const char *text, struct translation *t, struct vm_error *err);
/* The guest's target (hdc) for a QEMU drive id (ide1-cd0, libvirt's
 * ide0-1-0), with a note; else dev itself, marked approximate.  dev must
 * live as long as t (hmp.c). */
const char *monitor_drive_target(struct translation *t, const char *dev);

/* The guest a qemu-system command line defines (qemu_cmdline.c reads it,
 * qemu_config.c writes it as domain XML and xl.cfg).  Strings are owned. */
#define QEMU_MAX_DISKS 16
#define QEMU_MAX_NICS 8

struct qemu_disk {
	char *file;
	char target[8]; /* hda, vdb, sdc */
	const char *bus; /* "ide", "virtio", "scsi" */
	bool cdrom, readonly;
	char *format;    /* NULL: QEMU probes it */
};

struct qemu_nic {
	char *model; /* NULL: e1000 */
	char *mac;
};

struct qemu_guest {
	char *name;
	const char *arch; /* "x86_64", "i686" */
	bool kvm, serial, no_reboot;
	char *machine;
	uint64_t mem_kib;
	unsigned vcpus, maxvcpus;
	char *kernel, *initrd, *append;
	char boot[8]; /* QEMU's letters: c, d, n, a */
	struct qemu_disk disks[QEMU_MAX_DISKS];
	size_t ndisks;
	struct qemu_nic nics[QEMU_MAX_NICS];
	size_t nnics;
	char net;     /* backend: 'u' user, 't' tap, 'b' bridge, 0 none */
	char *netdev; /* the bridge or tap device, or NULL */
	struct strvec xl_approx, xl_notes; /* what xl.cfg cannot say, and remarks */
	char *xml, *xlcfg, *xml_file, *cfg_file;
};

/* Writes g->xml, g->xlcfg and the file names (qemu_config.c). */
void qemu_guest_render(struct qemu_guest *g);

/* The guest of a qemu-system command line (qemu_cmdline.c): its
 * explanation in vocabulary v, with the configuration fragment that goes
 * with it (cfg->format NULL: none).  Strings in cfg belong to t. */
void qemu_guest_explain(const struct translation *t, enum vocab v, struct explanation *ex,
			struct explain_config *cfg);
const char *qemu_guest_name(const struct qemu_guest *g);
void qemu_guest_free(struct qemu_guest *g);

/* ---- shared by the parsers (src/translate/args.c) ---- */

/* Notes: a reason for EQUIV_APPROX (what the native command said that the
 * request cannot), or a plain remark such as a false friend. */
void tr_approx(struct translation *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tr_note(struct translation *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keeps s (a new string) for as long as t lives and returns it. */
const char *tr_keep(struct translation *t, char *s);

/* One option of a native tool. */
struct nopt {
	char s;          /* short name, or 0 */
	const char *l;   /* long name, or NULL */
	bool value;      /* takes a value */
	int id;          /* the parser's own code, > 0 */
};

enum nscan_style {
	NSCAN_GNU,   /* getopt_long: options anywhere, -abc clusters, -ovalue, --long=value, unique prefixes */
	NSCAN_POSIX, /* the same, but the first operand ends the options (xl, virsh's own options) */
	NSCAN_LONG,  /* long options only, anywhere, exact names (vzctl after the CTID) */
};

struct nfound {
	int id;
	const char *value; /* NULL for a flag */
	const char *word;  /* the option as written, for messages */
};

struct nscan {
	struct nfound *opts;
	size_t nopts, opts_cap;
	char **ops; /* operands, in order; for NSCAN_POSIX, everything from the first */
	size_t nops;
	bool dashdash; /* a "--" was seen */
	int first_op;  /* index in argv of the first operand (argc: none) */
};

/* Scans argv[0..argc-1] (the words after the tool and subcommand) against
 * spec (terminated by an entry with id 0).  who names the command in
 * messages ("lxc-stop", "xl shutdown").  Returns 0 or -1 (VM_EXIT_USAGE). */
int nscan(const char *who, enum nscan_style style, const struct nopt *spec, int argc, char **argv,
	  struct nscan *out, struct vm_error *err);
void nscan_clear(struct nscan *s);
/* The number of times option id was given, and its last value. */
size_t nscan_count(const struct nscan *s, int id);
const char *nscan_value(const struct nscan *s, int id);

/* The words joined by single spaces, as virsh and xl join the words of a
 * monitor command; a new string. */
char *join_words(char *const *w, size_t n);

/* The closest of the space-separated words of list to word, for a did you
 * mean: copied into buf, or false when none is close. */
bool nearest_word(const char *word, const char *list, char *buf, size_t bufsize);
/* 1 when word is one of the space-separated words of list. */
int in_list(const char *word, const char *list);

/* A word people type for a subcommand the tool does not have, and what
 * they mean: { "pause", "virsh has no pause; you mean virsh suspend" }. */
struct nalias {
	const char *word;
	const char *msg;
};

/* Sizes as the native tools read them: digits then an optional suffix.
 * units: the suffixes allowed, each "SUFFIX=SHIFT" in bits of bytes with the
 * empty suffix first ("=20 k=10 m=20 g=30 t=40 b=0" for xl), matched
 * without regard to case; decimal units use "=d3" (10^3), "=d6".
 * Fills *kib (rounded up to whole KiB, *rounded set when it was) or err. */
int native_size(const char *who, const char *s, const char *units, uint64_t *kib, bool *rounded,
		struct vm_error *err);

/* Operand checks with the messages of validate.c, for a native command. */
int tr_guest(struct translation *t, const char *s, struct vm_error *err);
/* "'xl pause' needs DOMAIN; usage: xl pause DOMAIN" */
int tr_usage(struct vm_error *err, const char *who, const char *what, const char *usage);
/* Exit 4: the command is real, vmctl has no verb for it. */
int tr_unsupported(struct vm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A real command of a native tool that vmctl refuses, and why:
 * { "undefine", "virsh undefine deletes the guest's definition; ..." }. */
struct nrefusal {
	const char *word;
	const char *why;
};

/* A native tool as its parser answers a command that none of its rows
 * reads (the rows themselves stay in the parser). */
struct ntool {
	const char *kind;    /* "virsh subcommand": "unknown virsh subcommand 'X'" */
	const char *prefix;  /* "virsh ": a command written whole ('virsh list'); "" for lxc-ls */
	const char *subject; /* before the quoted command at exit 4: "", "the monitor's " */
	const struct nrefusal *refused; /* ends with NULLs; may be NULL */
	const char *words;   /* every command of the tool, space-separated; NULL: any word may be one */
	const char *reads;   /* what translate reads: "virsh list, dominfo, ... and qemu-monitor-command" */
	const struct nalias *aliases;   /* ends with NULLs; may be NULL */
	bool unknown_says_reads; /* an unknown word without a near one is told what translate reads */
};

/* Always -1, with err filled for word, a command none of tool's rows reads:
 * exit 4 with the refused row's reason, or "'virsh domrename' has no vmctl
 * equivalent; translate reads ..." for another of the tool's words; exit 2
 * with the alias message, or "unknown virsh subcommand 'vcpuset', did you
 * mean 'virsh setvcpus'?". */
int tr_not_expressible(const struct ntool *tool, const char *word, struct vm_error *err);

#endif
