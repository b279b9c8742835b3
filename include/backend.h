/* backend.h: the one typed, versioned entry point of a backend module, and
 * the ops table behind it.  A backend is a shared object (vmctl-NAME.so)
 * opened only when a verb acts; --explain, help and --version load none.
 * A NULL slot means "not supported": the frontend alone reports it (exit 4).
 * Backends never print: they return 0 or -1 with err filled. */
#ifndef VMCTL_BACKEND_H
#define VMCTL_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"
#include "vmctl.h"

#define VMCTL_BACKEND_ABI 8
#define VMCTL_BACKEND_ENTRY "vmctl_backend_entry"

/* One guest, as info and list show it (vmctl(1), JSON OUTPUT). */
struct vm_guest_info {
	char *name;
	long long id;          /* -1: not running */
	char uuid[37];         /* "" when unknown */
	enum vm_state state;
	unsigned vcpus_current, vcpus_max;
	uint64_t mem_current, mem_max; /* bytes */
	int autostart;         /* -1 unknown, 0, 1 */
	int persistent;        /* -1 unknown, 0, 1 */
	double cpu_time;       /* seconds; < 0 unknown */
	int init_pid;          /* 0 unknown */
	char *cpuset;          /* NULL unknown */
	struct strvec ips;
	/* filled by the frontend, not by backends: */
	const char *backend;   /* "libvirt", ... */
	char *host;            /* the URI as given without password, or NULL */
};

struct vm_guest_list {
	struct vm_guest_info *v;
	size_t n;
};

void guest_info_clear(struct vm_guest_info *g);
void guest_list_clear(struct vm_guest_list *l);
/* l in virsh list's order (virshDomainSorter): guests with an id (running,
 * paused...) first by id, then the others by name case-insensitively
 * (strcasecmp, as virsh), names equal but for case by strcmp, so that the
 * order never depends on the order the host gave. */
void guest_list_sort(struct vm_guest_list *l);

/* What an acting verb reports besides success. */
struct vm_result {
	bool already;          /* idempotent: already in the requested state */
	char note[512];        /* printed on stderr unless -q (empty: none) */
	struct strvec names;   /* snapshot list / create: names to print */
	struct strvec removed; /* what a second-wave verb removed with it (JSON "removed") */
};

void vm_result_clear(struct vm_result *r);

struct vm_conn; /* a backend's own connection */

/* One section of `vmctl host`: facts as key/value pairs, in order. */
struct vm_host_section {
	char *name;            /* "libvirt", "xen", "lxc" */
	int available;         /* 1 usable, 0 not */
	char *reason;          /* why not, when available is 0 */
	struct strvec keys, values;
};

void host_section_clear(struct vm_host_section *s);
void host_fact(struct vm_host_section *s, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define VM_VERB_SLOTS 64
_Static_assert(VERB__COUNT <= VM_VERB_SLOTS, "more verbs than VM_VERB_SLOTS: raise it and VMCTL_BACKEND_ABI");

typedef int (*vm_act_fn)(struct vm_conn *c, const struct vm_request *req, struct vm_result *res,
			 struct vm_error *err);

/* One record of a record list or a stream (a pool, an event): its fields
 * in order, each a key (the JSON member, the text column's heading in
 * capitals), its value as text ("" for JSON null, "-" in text) and its kind:
 * a string, a number, a size in bytes (a number in JSON, with a binary unit
 * in text), or a boolean (yes/no in text). */
#define VM_RECORD_FIELDS 24
enum vm_field_kind { FIELD_STR, FIELD_NUM, FIELD_BYTES, FIELD_BOOL };
struct vm_record {
	struct strvec keys, values;
	unsigned char kinds[VM_RECORD_FIELDS];
};
void vm_record_clear(struct vm_record *r);
void vm_record_add(struct vm_record *r, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void vm_record_num(struct vm_record *r, const char *key, enum vm_field_kind kind, unsigned long long v);
/* A number that may be unknown: "" (null) when known is false. */
void vm_record_num_if(struct vm_record *r, const char *key, enum vm_field_kind kind, bool known, unsigned long long v);
struct vm_records {
	struct vm_record *v;
	size_t n;
};
void vm_records_clear(struct vm_records *l);
struct vm_record *vm_records_new(struct vm_records *l);

/* How a stream is told to end: flag becomes nonzero (SIGINT, SIGTERM, the
 * frontend's --timeout or --count, or wait's state reached) and a byte is
 * written to fd, the read end of a pipe a backend's poll() or event loop
 * watches, so that nothing has to wake up to look at flag. */
struct vm_stop {
	volatile int flag;
	int fd;
};

/* RET_RECORDS and RET_SAMPLES: fill out.  RET_STREAM: call emit for each
 * record, only from the thread that called the slot, until stop->flag is
 * set, then return 0; the frontend owns the timeout and the count.  (Where
 * the frontend runs several streams at once, a thread each, on libvirt's
 * one event loop, emit may come from any of those threads: the frontend's
 * emit is then thread-safe.)  A value "host-timeout" (seconds, set by the
 * frontend with several hosts) bounds how long a silent host may go
 * unnoticed: the keepalive is set within it.
 * RET_STATUS: the command's own exit status in *status.
 *
 * wait and events share one stream function.  Each record is
 *   guest  the guest's name
 *   event  defined, undefined, started, suspended, resumed, stopped,
 *          shutdown, crashed, pmsuspended, renamed (vmctl(1) maps each
 *          backend's events onto these), or "present" (below)
 *   state  the guest's state after the event (vm_state_name), "shutoff"
 *          for a transient guest that went away
 *   reason the library's reason ("destroyed", "migrated"), or ""
 * For wait (req->verb == VERB_WAIT, req->guest set) the function first
 * registers for the guest's events, then emits one "present" record with
 * its current state (exit 3 through err when there is no such guest), then
 * the changes.  For events, req->guest NULL means every guest.  A
 * connection lost while watching: -1 with err's code VM_EXIT_UNAVAILABLE.
 *
 * top (RET_SAMPLES): one bulk statistics call, one record per guest:
 *   name, state, cpu_time (FIELD_NUM, nanoseconds of CPU time since the
 *   guest started), vcpus, mem (FIELD_BYTES, memory in use), mem_max,
 *   disk_rd, disk_wr, net_rx, net_tx (FIELD_BYTES, totals since start)
 * with vm_record_num_if(..., false, 0) for what the backend cannot know.
 * The frontend turns the totals into rates between two samples. */
typedef int (*vm_records_fn)(struct vm_conn *c, const struct vm_request *req, struct vm_records *out,
			     struct vm_error *err);
typedef int (*vm_stream_fn)(struct vm_conn *c, const struct vm_request *req,
			    void (*emit)(void *ctx, const struct vm_record *r), void *ctx, struct vm_stop *stop,
			    struct vm_error *err);
/* exec: runs req's command (vm_request_argv) inside the guest with this
 * process's standard input, output and error; *status is its exit status,
 * 128+N when signal N killed it, 126 when it could not be executed, 127
 * when it was not found (then err's message, when filled, says why, and is
 * printed as a note: "'foo': no such file or directory").  -1 with err:
 * vmctl's own failure (exit 125, the message naming err's code). */
typedef int (*vm_status_fn)(struct vm_conn *c, const struct vm_request *req, int *status, struct vm_error *err);

/* Progress of a long operation: the backend calls report, from any thread,
 * with the amount done and the total (bytes, or a percentage out of 100
 * where the library gives nothing else; total 0: not known yet).  It
 * calls report(ctx, 0, total) when the operation starts, when it knows the
 * total, and report(ctx, total, total) when it has finished. */
struct vm_progress {
	void (*report)(void *ctx, uint64_t done, uint64_t total);
	void *ctx;
};

/* Whenever this structure's layout changes, VMCTL_BACKEND_ABI goes up by one
 * and tests/unit/test_core.c's layout line with it (adding a verb does not
 * change it). */
struct backend_ops {
	unsigned abi; /* VMCTL_BACKEND_ABI */
	const char *name;
	/* Opens a connection for req (uri, lxcpath); readonly for verbs that change nothing. */
	int (*open)(const struct vm_request *req, bool readonly, struct vm_conn **conn, struct vm_error *err);
	void (*close)(struct vm_conn *conn);
	int (*list)(struct vm_conn *c, struct vm_guest_list *out, struct vm_error *err);
	int (*info)(struct vm_conn *c, const struct vm_request *req, struct vm_guest_info *out, struct vm_error *err);
	/* The verbs that act on a guest and return a vm_result, one slot per
	 * verb id, filled with designated initialisers ([VERB_PAUSE] = ...);
	 * which verbs these are is the verb table's `returns` (RET_RESULT,
	 * RET_NAMES).  A NULL slot is "not supported".  The array has room
	 * for VM_VERB_SLOTS verbs, so that a new verb (its id appended, as the
	 * table's self-test requires) changes neither this layout nor the ABI:
	 * a module built before it has a NULL slot there. */
	vm_act_fn act[VM_VERB_SLOTS];
	/* The same for the verbs that return a record list, a stream of
	 * records, or a passed-through exit status (the table's returns). */
	vm_records_fn records[VM_VERB_SLOTS];
	vm_stream_fn stream[VM_VERB_SLOTS];
	vm_status_fn status[VM_VERB_SLOTS];
	/* Optional: why the slot of verb is NULL ("a container has no CD drive"),
	 * or NULL for the generic message. */
	const char *(*unsupported)(enum vm_verb verb);
	/* Optional: what this backend can do on this host (vmctl host). */
	int (*host)(const struct vm_request *req, struct vm_host_section *out, struct vm_error *err);
	/* Optional, for bulk verbs (--all): every guest with its name, id, uuid
	 * and state only, as cheaply as the backend can; the requests that
	 * follow on this connection carry req->listed.  NULL: list is used. */
	int (*list_states)(struct vm_conn *c, struct vm_guest_list *out, struct vm_error *err);
};

/* The entry point every module exports: returns its ops for abi, or NULL
 * when it was built for another ABI. */
typedef const struct backend_ops *(*vmctl_backend_entry_fn)(unsigned abi);

/* Frontend side (src/backend.c): opens the module of backend id; exit 5
 * with the reason (module or library missing, ABI mismatch) on failure. */
const struct backend_ops *backend_load(enum vm_backend_id id, struct vm_error *err);

#endif
