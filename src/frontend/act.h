/* act.h: what act.c (one target: routing, discovery, one host) and fleet.c
 * (several hosts or backends, bulk verbs) share. */
#ifndef VMCTL_ACT_H
#define VMCTL_ACT_H

#include <stdbool.h>

#include "frontend.h"

/* A place a request can go. */
struct target {
	enum vm_backend_id backend;
	const char *uri;
};

struct conn_entry {
	enum vm_backend_id backend;
	char *uri; /* NULL: the backend's default */
	struct vm_conn *conn;
};

/* The backends and connections of one process (a batch shares them). */
struct session {
	const struct backend_ops *ops[BACKEND_OPENVZ + 1];
	struct vm_error load_err[BACKEND_OPENVZ + 1];
	bool load_tried[BACKEND_OPENVZ + 1];
	struct conn_entry *v;
	size_t n;
};

struct session *session_get(struct globals *g);
/* The ops of backend b (openvz is libvirt's module), loaded once. */
const struct backend_ops *ops_of(struct session *s, enum vm_backend_id b, struct vm_error *err);
/* The session's connection to t, opened on first use. */
struct vm_conn *conn_of(struct globals *g, const struct target *t, const struct vm_request *req, struct vm_error *err);
int same_uri(const char *a, const char *b);
/* Sets what the frontend adds to a backend's guest record. */
void label(struct vm_guest_info *gi, const struct target *t);
/* Whether ops has the slot of verb, and the exit 4 message when not. */
bool supported(const struct backend_ops *ops, const struct verb_def *verb);
int unsupported(const struct backend_ops *ops, const struct verb_def *verb);

/* watch.c: wait and events (a stream) and exec (a passed-through exit
 * status) on one connection; top.c: top's samples.  Each returns the exit
 * code. */
int watch_run(struct globals *g, const struct verb_def *row, const struct backend_ops *ops, struct vm_conn *conn,
	      const struct vm_request *r);
int exec_run(struct globals *g, const struct verb_def *row, const struct backend_ops *ops, struct vm_conn *conn,
	     const struct vm_request *r);
int top_run(struct globals *g, const struct verb_def *row, const struct backend_ops *ops, struct vm_conn *conn,
	    const struct vm_request *r);

/* watch_many.c and top_many.c: events and top over several hosts (t[0..n),
 * libvirt URIs): one merged stream, each line with its host; a host that
 * does not answer within --host-timeout, or drops out, is reported on
 * stderr and the others go on (exit 6 at the end). */
int events_many(struct globals *g, const struct verb_def *verb, const struct vm_request *req, const struct target *t,
		size_t n);
int top_many(struct globals *g, const struct verb_def *verb, const struct vm_request *req, const struct target *t,
	     size_t n);


/* The session's connection to t if it has one (no open); t's connection
 * handed to the session (closed at exit); forgotten, never closed (a left
 * thread still uses it). */
struct vm_conn *session_conn(struct globals *g, const struct target *t);
void session_adopt(struct globals *g, const struct target *t, struct vm_conn *conn);
void session_forget(struct globals *g, const struct target *t);
/* One verb on one target. */
int act_one(struct globals *g, const struct verb_def *verb, const struct vm_request *req, const struct target *t);

/* fleet.c: list and the record lists over several targets, merged; a guest
 * verb on the one host of several that has the guest; a list (list_states
 * for names only, where the backend has it) in virsh's order. */
int act_many(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
	     const struct target *t, size_t n, bool show_host);
int act_find(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
	     const struct target *t, size_t n);
int list_guests(const struct backend_ops *ops, struct vm_conn *c, bool names_only, struct vm_guest_list *out,
		struct vm_error *err);
/* bulk.c: bulk verbs (--all) on one target or several. */
int act_bulk(struct globals *g, const struct verb_def *verb, const struct vm_request *req,
	     const struct target *t, size_t nt, bool show_host);

#endif
