/* translate.h: the reverse of explain.  A native command line (xl, virsh,
 * lxc-*, vzctl, vzlist, vzmigrate, the QEMU monitor (HMP or QMP), a qemu-system command
 * line, or vmctl itself) is read into the neutral request and then shown in
 * every vocabulary.  Parsers are pure: no I/O, and errors travel up as
 * struct vm_error values; only the frontend's report.c prints them.  One parser per file in
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
int translate_xentop(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_virsh(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_lxc(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vzctl(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vzlist(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vzmigrate(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_hmp(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_qmp(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_qemu(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_qemu_img(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vmctl(int argc, char **argv, struct translation *t, struct vm_error *err);
/* The second wave (issue 21): management stacks above the hypervisors. */
int translate_qm(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_pct(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_xe(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_vagrant(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_openstack(int argc, char **argv, struct translation *t, struct vm_error *err);
int translate_incus(int argc, char **argv, struct translation *t, struct vm_error *err);
/* The inverse of explain (derive.c): reads argv, a command of vocabulary v
 * that no reader has a row for, as the verb whose explanation gives argv
 * back word for word; 0, or -1 when none does.  translate_argv() falls
 * back on it where a reader finds no vmctl equivalent. */
int translate_derived(int argc, char **argv, enum vocab v, struct translation *t);

#endif
