/* vmctl.h: the types every part of vmctl shares: exit codes, states, verbs,
 * and the validated request that the frontend hands to backends and to the
 * explain vocabularies.  See ../shared/CLI.md and man/vmctl.1. */
#ifndef VMCTL_H
#define VMCTL_H

#include <stdbool.h>
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

/* Verb option flags (struct vm_request.flags). */
enum {
	VM_F_NAMES = 1u << 0,   /* list --name */
	VM_F_PAUSED = 1u << 1,  /* start --paused */
	VM_F_CONSOLE = 1u << 2, /* start --console */
	VM_F_FORCE = 1u << 3,   /* stop --force */
	VM_F_LIVE = 1u << 4,    /* vcpu-set/mem-set/migrate --live */
	VM_F_CONFIG = 1u << 5,  /* vcpu-set/mem-set --config */
	VM_F_EJECT = 1u << 6,   /* cd-change --eject */
	VM_F_UNSAFE = 1u << 7,  /* migrate --unsafe */
	VM_F_ALL = 1u << 8,     /* start/stop/kill/pause/resume --all */
	VM_F_LISTED = 1u << 9,  /* bulk: the guest is a name the connection's last list_states (or list) just
				   showed, in the state it showed; set by the frontend only */
};

#define VM_STOP_TIMEOUT_DEFAULT 60u
#define VM_COUNT_MAX 4096u
#define VM_NAME_MAX 255u
#define VM_PATH_MAX 4095u
#define VM_PARALLEL_MAX 64u

/* One validated request.  Strings point into argv (or a batch line) and are
 * not owned by the request.  Filled only by request_parse(). */
struct vm_request {
	enum vm_verb verb;
	unsigned flags;
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

	/* Where the request goes, from the global options. */
	enum vm_backend_id backend;
	const char *uri;       /* -c URI, or NULL */
	const char *lxcpath;   /* -P DIR, or NULL */
};

#endif
