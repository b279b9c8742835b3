/* explain.h: the native vocabularies.  Each vocabulary is one pure function
 * (request -> command lines + notes): no I/O, no library calls, no exec.
 * Printing (text or JSON) is done by explain.c alone. */
#ifndef VMCTL_EXPLAIN_H
#define VMCTL_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "util.h"
#include "vmctl.h"

enum vocab {
	VOCAB_VMCTL,
	VOCAB_XL,
	VOCAB_VIRSH,
	VOCAB_LXC,
	VOCAB_VZCTL,
	VOCAB_QEMU,
	/* the second wave (issue 21): management stacks above the hypervisors;
	 * shown only when asked for by name or by "all" */
	VOCAB_QM,        /* Proxmox VE's qm (VMs) */
	VOCAB_PCT,       /* Proxmox VE's pct (containers) */
	VOCAB_XE,        /* XAPI's xe (XenServer, XCP-ng) */
	VOCAB_VAGRANT,   /* vagrant */
	VOCAB_OPENSTACK, /* openstack server ... */
	VOCAB_INCUS,     /* incus */
	VOCAB__COUNT
};

#define VOCAB_BIT(v) (1u << (v))
/* What --explain and translate show without a list: the hypervisor-level
 * vocabularies (this output does not move when vocabularies are added). */
#define VOCAB_HYPERVISOR \
	(VOCAB_BIT(VOCAB_XL) | VOCAB_BIT(VOCAB_VIRSH) | VOCAB_BIT(VOCAB_LXC) | \
	 VOCAB_BIT(VOCAB_VZCTL) | VOCAB_BIT(VOCAB_QEMU))
/* The management stacks of the second wave. */
#define VOCAB_STACKS \
	(VOCAB_BIT(VOCAB_QM) | VOCAB_BIT(VOCAB_PCT) | VOCAB_BIT(VOCAB_XE) | VOCAB_BIT(VOCAB_VAGRANT) | \
	 VOCAB_BIT(VOCAB_OPENSTACK) | VOCAB_BIT(VOCAB_INCUS))
/* What "all" means: every native vocabulary (not the neutral vmctl form). */
#define VOCAB_ALL_NATIVE (VOCAB_HYPERVISOR | VOCAB_STACKS)

enum equivalence {
	EQUIV_EXACT,
	EQUIV_APPROX,
	EQUIV_NONE,
};

#define EXPLAIN_MAX_CMDS 4

/* What one vocabulary says for one request: zero (EQUIV_NONE) to
 * EXPLAIN_MAX_CMDS command lines, run in order, and notes.  For
 * EQUIV_APPROX and EQUIV_NONE the first note says why, or what comes
 * closest. */
struct explanation {
	enum vocab vocab;
	enum equivalence equiv;
	size_t n;
	struct strvec argv[EXPLAIN_MAX_CMDS];
	struct strvec notes;
	size_t reasons; /* notes[0..reasons-1] say why it is approximate/none */
};

/* Builders for the vocabulary functions. */
/* Starts a new command line whose first word is tool; returns its argv. */
struct strvec *ex_cmd(struct explanation *ex, const char *tool);
void ex_note(struct explanation *ex, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Marks the explanation approximate/none with a first note saying why. */
void ex_approx(struct explanation *ex, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ex_none(struct explanation *ex, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void explanation_clear(struct explanation *ex);

/* Sizes as each tool reads them unambiguously: the largest unit that divides
 * the size exactly.  Return static-free new strings; the caller frees. */
char *size_with_suffix(uint64_t kib, const char *k, const char *m, const char *g, const char *t);

/* What a CONFIG file (start --from) is, told by its name alone: explain
 * reads nothing.  *why says how it was told ("its name ends in .xml").
 * Defined in src/explain/xl.c, beside the xl.cfg it tells apart. */
enum config_format { CONFIG_XML, CONFIG_XLCFG, CONFIG_UNKNOWN };
enum config_format config_format(const char *file, const char **why);

/* The vocabularies (src/explain/<vocab>.c). */
void explain_vmctl(const struct vm_request *req, struct explanation *ex);
void explain_xl(const struct vm_request *req, struct explanation *ex);
void explain_virsh(const struct vm_request *req, struct explanation *ex);
void explain_lxc(const struct vm_request *req, struct explanation *ex);
void explain_vzctl(const struct vm_request *req, struct explanation *ex);
void explain_qemu(const struct vm_request *req, struct explanation *ex);
void explain_qm(const struct vm_request *req, struct explanation *ex);
void explain_pct(const struct vm_request *req, struct explanation *ex);
void explain_xe(const struct vm_request *req, struct explanation *ex);
void explain_vagrant(const struct vm_request *req, struct explanation *ex);
void explain_openstack(const struct vm_request *req, struct explanation *ex);
void explain_incus(const struct vm_request *req, struct explanation *ex);

/* Runs vocabulary v on req into ex (ex is initialised here). */
void explain_one(enum vocab v, const struct vm_request *req, struct explanation *ex);

const char *vocab_name(enum vocab v);
/* A Proxmox VMID as pve-common's pve_verify_vmid takes it, ^[1-9][0-9]{2,8}$
 * (100..999999999): qm's and pct's explain and readers (src/explain/qm.c). */
bool pve_vmid_valid(const char *s);
/* An incus instance name as incus's shared/validate/validate.go IsHostname
 * (v6.0.0) takes it: 1 to 63 characters, ASCII letters, digits and '-', not
 * beginning or ending with '-', not a number: incus's explain and reader
 * (src/explain/incus.c). */
bool incus_valid_name(const char *s);
/* The order in which several vocabularies are shown: vmctl, the
 * hypervisor-level ones, then the second wave's. */
extern const enum vocab vocab_order[VOCAB__COUNT];

/* libvirt's host resources (src/explain/resources.c): every vocabulary's
 * switch handles them with one `CASE_RESOURCES:` calling one of these,
 * which return false for any other verb. */
#define CASE_RESOURCES                                                                                   \
	case VERB_POOL_LIST:                                                                              \
	case VERB_POOL_CREATE:                                                                            \
	case VERB_POOL_DELETE:                                                                            \
	case VERB_IMAGE_LIST:                                                                             \
	case VERB_IMAGE_CREATE:                                                                           \
	case VERB_IMAGE_INFO:                                                                             \
	case VERB_IMAGE_RESIZE:                                                                           \
	case VERB_IMAGE_CONVERT:                                                                          \
	case VERB_IMAGE_DELETE:                                                                           \
	case VERB_NET_LIST:                                                                               \
	case VERB_NET_INFO:                                                                               \
	case VERB_NET_CREATE:                                                                             \
	case VERB_NET_DELETE:                                                                             \
	case VERB_NET_START:                                                                              \
	case VERB_NET_STOP
/* A guest's definition (src/explain/define.c): create, delete, config,
 * autostart, rename, in every vocabulary's switch as `CASE_DEFINE:`. */
#define CASE_DEFINE                                                                                      \
	case VERB_CREATE:                                                                                 \
	case VERB_DELETE:                                                                                 \
	case VERB_CONFIG:                                                                                 \
	case VERB_AUTOSTART:                                                                              \
	case VERB_RENAME
/* A guest's devices (src/explain/devices.c): disks, NICs, vCPU pinning and
 * the graphical console, in every vocabulary's switch as `CASE_DEVICES:`. */
#define CASE_DEVICES                                                                                     \
	case VERB_DISK_LIST:                                                                              \
	case VERB_DISK_ATTACH:                                                                            \
	case VERB_DISK_DETACH:                                                                            \
	case VERB_NIC_LIST:                                                                               \
	case VERB_NIC_ATTACH:                                                                             \
	case VERB_NIC_DETACH:                                                                             \
	case VERB_VCPU_LIST:                                                                              \
	case VERB_VCPU_PIN:                                                                               \
	case VERB_DISPLAY
void explain_devices(enum vocab v, const struct vm_request *req, struct explanation *ex);
/* Watching and reaching in (src/explain/watch.c): wait, events, top, exec,
 * in every vocabulary's switch as `CASE_WATCH:`. */
#define CASE_WATCH                                                                                       \
	case VERB_WAIT:                                                                                   \
	case VERB_EVENTS:                                                                                 \
	case VERB_TOP:                                                                                    \
	case VERB_EXEC
void explain_watch(enum vocab v, const struct vm_request *req, struct explanation *ex);
/* The same for the lxc and vzctl vocabularies (src/explain/devices_ct.c). */
void explain_devices_ct(enum vocab v, const struct vm_request *req, struct explanation *ex);
/* s with &, <, >, ' and " written as XML entities (a new string). */
char *explain_xml_escape(const char *s);
void explain_define(enum vocab v, const struct vm_request *req, struct explanation *ex);
bool explain_virsh_resources(const struct vm_request *req, struct explanation *ex);
bool explain_qemu_img(const struct vm_request *req, struct explanation *ex);
/* "no equivalent", with what the vocabulary's users do instead: for
 * storage, for networks. */
bool explain_no_resources(const struct vm_request *req, struct explanation *ex, const char *storage,
			  const char *networks);
const char *equivalence_name(enum equivalence e);
/* Parses "xl,virsh" / "all" into a VOCAB_BIT mask. */
int vocab_parse(const char *list, unsigned *mask, struct vm_error *err);
/* The vocabulary that speaks for a backend (-b). */
enum vocab vocab_of_backend(enum vm_backend_id b);

/* Prints the explanation of req in every vocabulary of mask, as vmctl(1)'s
 * explain format (text) or envelope (json).  Returns the exit code: 0, or
 * VM_EXIT_UNSUPPORTED when the only vocabulary asked for has no equivalent. */
int explain_print(const struct vm_request *req, unsigned mask, bool json, bool quiet, FILE *out);

/* translate: a configuration fragment that goes with one vocabulary's
 * commands, such as the domain XML that virsh create reads. */
struct explain_config {
	const char *format; /* "libvirt-xml" or "xl.cfg" */
	const char *file;   /* the file the commands read it from */
	const char *text;   /* the whole fragment, each line ending in '\n' */
};

/* translate: explanations made elsewhere, printed as explain_print prints
 * several vocabularies (one vocabulary alone: no header line). */
struct explain_set {
	enum vm_verb verb;
	const char *guest;
	const struct vm_request *req; /* its operands (JSON "operands"), or NULL */
	char *const *native;  /* the native command read (JSON "native"), or NULL */
	unsigned line;        /* its line on standard input (JSON "line"), or 0 */
	size_t n;
	const struct explanation *ex;               /* n explanations, in order */
	const struct explain_config *const *config; /* n entries, each NULL or a fragment */
};

/* Prints set: in text, each fragment as '# ' lines after its explanation;
 * in JSON, as the "config" member of the explanation's last command. */
void explain_print_set(const struct explain_set *set, bool json, bool quiet, FILE *out);

#endif
