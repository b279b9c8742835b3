/* vmctl.h: the types every part of vmctl shares: exit codes, states, verbs,
 * and the validated request that the frontend hands to backends and to the
 * explain vocabularies.  The contract is the man page, man/vmctl.1. */
#ifndef VMCTL_H
#define VMCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMCTL_VERSION "0.1.0"

/* Exit status: one documented table (vmctl(1), EXIT STATUS). */
enum vm_exit {
	VM_EXIT_OK = 0,          /* done, or already in the requested state */
	VM_EXIT_FAILED = 1,      /* the operation failed */
	VM_EXIT_USAGE = 2,       /* usage or invalid input; nothing was done */
	VM_EXIT_NO_GUEST = 3,    /* no such guest */
	VM_EXIT_UNSUPPORTED = 4, /* not supported by this backend or vocabulary */
	VM_EXIT_UNAVAILABLE = 5, /* backend unavailable as a whole */
	VM_EXIT_PARTIAL = 6,     /* several guests or hosts: some failed */
	VM_EXIT_EXEC_OWN = 125,  /* exec: vmctl's own failure (126, 127 and 128+N are the command's) */
};

/* Guest states: one closed list, in text and JSON. */
enum vm_state {
	VM_STATE_UNKNOWN = 0,
	VM_STATE_RUNNING,
	VM_STATE_PAUSED,
	VM_STATE_SHUTOFF,
	VM_STATE_CRASHED,
	VM_STATE_SUSPENDED,
	VM_STATE_STARTING,
	VM_STATE_STOPPING,
	VM_STATE__NONE, /* matches no guest: "never idempotent" */
};

/* Returns a static string ("running", ...); never NULL. */
const char *vm_state_name(enum vm_state state);

enum vm_verb {
	VERB_LIST,
	VERB_INFO,
	VERB_START,
	VERB_STOP,
	VERB_KILL,
	VERB_REBOOT,
	VERB_PAUSE,
	VERB_RESUME,
	VERB_VCPU_SET,
	VERB_MEM_SET,
	VERB_CD_CHANGE,
	VERB_CONSOLE,
	VERB_SAVE,
	VERB_RESTORE,
	VERB_SNAPSHOT,
	VERB_MIGRATE,
	VERB_HOST,
	VERB_TRANSLATE,
	VERB_HELP,
	VERB_POOL_LIST,
	VERB_POOL_CREATE,
	VERB_POOL_DELETE,
	VERB_IMAGE_LIST,
	VERB_IMAGE_CREATE,
	VERB_IMAGE_INFO,
	VERB_IMAGE_RESIZE,
	VERB_IMAGE_CONVERT,
	VERB_IMAGE_DELETE,
	VERB_NET_LIST,
	VERB_NET_INFO,
	VERB_NET_CREATE,
	VERB_NET_DELETE,
	VERB_NET_START,
	VERB_NET_STOP,
	VERB_CREATE,
	VERB_DELETE,
	VERB_CONFIG,
	VERB_AUTOSTART,
	VERB_RENAME,
	VERB_DISK_LIST,
	VERB_DISK_ATTACH,
	VERB_DISK_DETACH,
	VERB_NIC_LIST,
	VERB_NIC_ATTACH,
	VERB_NIC_DETACH,
	VERB_VCPU_LIST,
	VERB_VCPU_PIN,
	VERB_DISPLAY,
	VERB_WAIT,
	VERB_EVENTS,
	VERB_TOP,
	VERB_EXEC,
	VERB__COUNT
};

enum vm_snapshot_op {
	SNAPSHOT_CREATE,
	SNAPSHOT_LIST,
	SNAPSHOT_REVERT,
	SNAPSHOT_DELETE,
};

enum vm_backend_id {
	BACKEND_NONE = 0, /* not chosen */
	BACKEND_LIBVIRT,
	BACKEND_XEN,
	BACKEND_LXC,
	BACKEND_OPENVZ,
};

/* Returns "libvirt", "xen", ... or NULL for BACKEND_NONE. */
const char *vm_backend_name(enum vm_backend_id id);

#define VM_STOP_TIMEOUT_DEFAULT 60u
#define VM_COUNT_MAX 4096u
#define VM_NAME_MAX 255u
#define VM_PATH_MAX 4095u
#define VM_PARALLEL_MAX 64u
/* --jobs N: hosts in flight (1..256); jobs x parallel <= VM_JOBS_PARALLEL_MAX.
 * --host-timeout SEC: how long a host may stay silent (1..86400). */
#define VM_JOBS_MAX 256u
#define VM_JOBS_DEFAULT 64u
#define VM_JOBS_PARALLEL_MAX 1024u
#define VM_HOST_TIMEOUT_DEFAULT 30u

/* Names of backends and states, both ways (src/core/names.c). */
/* 0 with *out set, or -1 for an unknown name. */
int vm_backend_parse(const char *name, enum vm_backend_id *out);
/* "libvirt, xen, lxc or openvz" */
const char *vm_backend_names(void);
int vm_state_parse(const char *name, enum vm_state *out);

/* A list of strings in the order given (a repeatable option such as
 * `--disk A --disk B`); the strings point into argv, the array is owned by
 * the request (request_clear()). */
struct vm_strlist {
	const char **v;
	size_t n;
};

/* A value kept by name: an option or operand whose row gives it no field
 * of its own (its dest is 0; the second-wave verbs' options).  One entry
 * per time it was given, in order (a repeatable option has several). */
struct vm_value {
	const char *name;  /* the option's long name, or the operand's JSON name */
	const char *str;   /* the word as given (argv or a batch line); NULL for a flag */
	uint64_t num;      /* numbers as parsed; sizes in KiB; 1 for a flag */
};

struct vm_values {
	struct vm_value *v;
	size_t n;
};

struct vm_request;
struct vm_progress;

/* The value NAME was last given, or NULL when it was not (src/core/values.c). */
const struct vm_value *vm_value(const struct vm_request *req, const char *name);
/* Its string, or NULL; whether a flag was given; its number, or dflt. */
const char *vm_value_str(const struct vm_request *req, const char *name);
bool vm_value_flag(const struct vm_request *req, const char *name);
uint64_t vm_value_num(const struct vm_request *req, const char *name, uint64_t dflt);
/* The i-th string given for a repeatable NAME, in order, or NULL past the last. */
const char *vm_value_nth(const struct vm_request *req, const char *name, size_t i);

/* One validated request.  Strings point into argv (or a batch line) and are
 * not owned by the request.  Filled only by request_parse(), field by field
 * as the verb table's options and operands say (src/core/verbs.c). */
struct vm_request {
	enum vm_verb verb;
	/* flags (verb options) */
	bool names;            /* list --name */
	bool paused;           /* start --paused */
	bool console;          /* start --console */
	bool force;            /* stop --force */
	bool live;             /* vcpu-set/mem-set/migrate --live */
	bool config;           /* vcpu-set/mem-set --config */
	bool eject;            /* cd-change --eject */
	bool unsafe;           /* migrate --unsafe */
	bool all;              /* start/stop/kill/pause/resume --all */
	bool listed;           /* bulk: the guest is a name the connection's last list_states (or list) just
				  showed, in the state it showed; set by the frontend only */
	const char *guest;     /* NULL where the verb has no guest */
	const char *from;      /* start --from CONFIG */
	unsigned timeout;      /* stop --timeout, seconds */
	unsigned count;        /* vcpu-set COUNT */
	uint64_t size_kib;     /* mem-set SIZE, in KiB */
	const char *device;    /* cd-change DEVICE */
	const char *iso;       /* cd-change ISO (NULL with --eject) */
	const char *path;      /* save/restore PATH */
	enum vm_snapshot_op snapshot_op;
	const char *snapshot;  /* snapshot NAME (NULL: let the backend choose) */
	const char *dest;      /* migrate DEST */
	const char *help_verb; /* help [VERB] */
	unsigned parallel;     /* --all --parallel N (1..64) */
	struct vm_values values; /* the options and operands kept by name (dest 0), owned */
	/* Long operations (save, restore, migrate, snapshot create,
	 * image-convert): where the backend reports how far it is, or NULL when
	 * nobody asked (set by the frontend only; see backend.h). */
	const struct vm_progress *progress;

	/* Where the request goes, from the global options. */
	enum vm_backend_id backend;
	const char *uri;       /* -c URI, or NULL */
	const char *lxcpath;   /* -P DIR, or NULL */
};

#endif
