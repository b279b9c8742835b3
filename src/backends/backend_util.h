/* backend_util.h: helpers that every backend module (libvirt, lxc, xen)
 * shares, compiled into each module (CMakeLists.txt's vmctl_backend()).
 * Private to src/backends: the frontend does not see them.  Like the
 * backends, they never print; the frontend's report.c prints err. */
#ifndef VMCTL_BACKEND_UTIL_H
#define VMCTL_BACKEND_UTIL_H

#include <stddef.h>

#include "backend.h"

/* Fills err with "cannot WHAT 'GUEST': REASON", REASON made from fmt, and
 * returns -1; with guest NULL, "cannot WHAT: REASON".  GUEST is quoted as
 * msg_quote() does. */
int cannot(struct vm_error *err, int code, const char *what, const char *guest, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Sets res->note (cut to its size): printed on stderr unless -q. */
void note(struct vm_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The guest is already in the state asked for: the verb succeeds, with
 * res->already set and the note fmt ("'web1' is already running"). */
void already(struct vm_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Seconds on the monotonic clock, for timeouts. */
double now(void);
/* Sleeps ms milliseconds (less when a signal interrupts). */
void sleep_ms(long ms);

/* The file at path as a new NUL-terminated string (the caller frees it),
 * its length in *len when len is not NULL.  max_mib > 0: a file of more
 * than max_mib MiB, or one whose reading fails, is refused ("larger than
 * N MiB", "read error"); max_mib 0: no limit, and a failed read ends the
 * text where it stopped (the library that parses it then says what is
 * wrong).  NULL with err filled, exit 2: "cannot read 'PATH': REASON". */
char *read_small_file(const char *path, size_t max_mib, size_t *len, struct vm_error *err);

/* Test builds only (VMCTL_TEST_HOOKS): dies by SIGKILL at step, as a crash
 * or a power cut would, when VMCTL_TEST_KILL_AT names it; elsewhere nothing. */
#ifdef VMCTL_TEST_HOOKS
void test_kill_at(const char *step);
#else
#define test_kill_at(step) ((void)0)
#endif

#endif
