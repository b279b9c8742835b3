/* frontend.h: what the frontend's files share: the parsed global options,
 * the session (backends and connections opened on first use), and the one
 * error printer.  Backends never see these. */
#ifndef VMCTL_FRONTEND_H
#define VMCTL_FRONTEND_H

#include <stdbool.h>

#include "backend.h"
#include "util.h"
#include "verbs.h"
#include "vmctl.h"

struct session;

struct globals {
	enum vm_backend_id arg_backend; /* -b, VMCTL_BACKEND or the config file; NONE: discover */
	struct strvec arg_uris;         /* -c (repeatable) and --hosts FILE */
	const char *arg_hosts;
	const char *arg_lxcpath;
	bool arg_explain;
	const char *arg_explain_list;
	bool arg_json;
	bool output_given; /* -o was on the command line */
	bool arg_quiet;
	bool arg_readonly;
	const char *arg_batch;
	bool arg_keep_going;
	bool arg_progress;              /* --progress: also off a terminal */
	unsigned arg_jobs;              /* --jobs N: hosts in flight (VM_JOBS_DEFAULT) */
	bool jobs_given;                /* --jobs was given: jobs x parallel is checked; else jobs shrinks to fit */
	unsigned arg_host_timeout;      /* --host-timeout SEC: a host's silence before it is left */
	struct session *session;
};

/* Prints "vmctl: [line N: ]MSG" on stderr and returns code. */
int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fail_err(const struct vm_error *err);
/* A note on stderr ("vmctl: MSG"), unless -q. */
void note(const struct globals *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* exec: from here on, vmctl's own failures exit 125 (VM_EXIT_EXEC_OWN),
 * each message naming the code it would otherwise be ("not supported (4):
 * ..."), so that the command's own status is never mistaken for vmctl's. */
void report_exec_mode(bool on);
/* The batch line that errors are about (0: none). */
void report_set_line(unsigned line);

/* backend.c: opens the module FILE (vmctl-NAME.so, found where the backend
 * modules are: $VMCTL_MODULE_DIR, modules/ beside the binary, the install
 * directory) and returns its symbol, or NULL with *why (a new string the
 * caller frees) and *missing (no such file, or it did not load).  The
 * module stays loaded until exit. */
void *module_entry(const char *file, const char *symbol, bool *missing, char **why);

/* act.c: the session's backends and connections, closed at exit.  The
 * verb handlers (verb_act, verb_host, ...) are declared in verbs.h, whose
 * rows name them. */
void session_free(struct session *s);

/* config.c: defaults from /etc/vmctl.conf, then $XDG_CONFIG_HOME/vmctl/config
 * (or ~/.config/vmctl/config), then VMCTL_BACKEND, for what the command
 * line left unset.  Returns 0, or -1 with err filled (exit 2, file:line). */
int config_load(struct globals *g, bool backend_given, bool lxcpath_given, bool output_given, struct vm_error *err);
void config_free(void);

#endif
