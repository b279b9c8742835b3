/* translate_internal.h: what the readers of src/translate/ share and no
 * other folder uses: the QEMU guest a qemu-system command line defines,
 * the native option scanner, notes and operand checks.  The public side is
 * include/translate.h. */
#ifndef VMCTL_TRANSLATE_INTERNAL_H
#define VMCTL_TRANSLATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "translate.h"

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
	bool block;      /* a host block device (/dev/...): <disk type='block'> */
	char target[8]; /* hda, vdb, sdc */
	const char *bus; /* "ide", "virtio", "scsi" */
	bool cdrom, readonly;
	char *format;    /* NULL: QEMU probes it */
};

struct qemu_nic {
	char *model; /* NULL: e1000 */
	char *mac;
	char net;    /* its own backend (a -device with netdev=): 'u', 't', 'b'; 0: the guest's */
	char *dev;   /* with net: the bridge or tap device, or NULL */
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

/* virsh's pool-*, vol-* and net-* commands (storage.c), their options read by
 * virsh.c's parser: get() gives an option's value ("" for a flag given) or
 * NULL; leftovers() names those given that the reader did not use
 * (handled: read; shown: only change what virsh prints). */
struct virsh_opts {
	const char *(*get)(void *ctx, const char *name);
	void (*leftovers)(void *ctx, const char *handled, const char *shown);
	void *ctx;
};
int translate_virsh_storage(const char *sub, const struct virsh_opts *o, struct translation *t, struct vm_error *err);
/* virsh's device commands (virsh_devices.c): attach-disk, detach-disk,
 * domblklist, attach-interface, detach-interface, domiflist, vcpuinfo,
 * vcpupin, domdisplay. */
int translate_virsh_devices(const char *sub, const struct virsh_opts *o, struct translation *t, struct vm_error *err);

/* ---- shared by the parsers (src/translate/args.c) ---- */

/* The vmctl words of an answer (the verb's options and operands, `--`
 * before the operands), read by tr_answer() as vmctl reads its own
 * command line (request_parse()), so that a translation is checked
 * exactly as a vmctl command is.  The words are borrowed: each must live
 * as long as t (a word of the native argv, or kept with tr_keep()). */
struct tr_words {
	char *v[24];
	int n;
	bool overflow; /* more words than v holds: tr_answer() refuses them */
	struct translation *t;
};
void tr_word(struct tr_words *w, const char *s);
/* t->req from verb and the words; 0, or -1 with err filled as vmctl fills
 * it for that command line. */
int tr_answer(struct tr_words *w, const char *verb, struct vm_error *err);

/* Notes: a reason for EQUIV_APPROX (what the native command said that the
 * request cannot), or a plain remark such as a false friend. */
void tr_approx(struct translation *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tr_note(struct translation *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The last part of a path ("/usr/bin/virsh": "virsh"); path itself when it
 * ends with '/'. */
const char *tr_base_name(const char *path);

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
/* For the tests only (tests/translate/options.c, which checks that every
 * option a reader accepts changes the answer or is named in a note): when
 * set, nscan first hands it what it was given.  NULL in vmctl. */
extern void (*nscan_observer)(const char *who, enum nscan_style style, const struct nopt *spec, int argc,
			      char **argv);
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
/* Each option of sc with id, as written ('-t' and '--escape'), named as
 * having no vmctl equivalent (what: what it does): an approximation. */
void tr_not_expressed(struct translation *t, const struct nscan *sc, int id, const char *what);
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
