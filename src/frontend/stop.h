/* stop.h: how the verbs that run until told (wait, events, top) are ended.
 * SIGINT and SIGTERM (and SIGALRM for --timeout) set a struct vm_stop's
 * flag and write a byte to a pipe whose read end (stop.fd) a poll() or
 * event loop watches, so that nothing has to wake up to look at the flag.
 * top also takes SIGWINCH through the same pipe: it writes a byte without
 * setting the flag (a window change, not an end). */
#ifndef VMCTL_STOP_H
#define VMCTL_STOP_H

#include <signal.h>
#include <stdbool.h>

#include "backend.h"

struct stopper {
	struct vm_stop stop; /* stop.fd: the pipe's read end (non-blocking) */
	int wr;
	bool winch;
	struct sigaction old_int, old_term, old_alrm, old_winch;
};

/* Makes the pipe and installs the handlers (SIGWINCH too when winch);
 * 0, or -1 with errno.  One stopper at a time per process. */
int stopper_arm(struct stopper *s, bool winch);
/* Puts the old handlers back and closes the pipe. */
void stopper_disarm(struct stopper *s);
/* Ends the armed stopper as a signal would; why: 0, SIGINT, SIGTERM,
 * SIGALRM (--timeout), SIGPIPE (stdout closed).  The first why is kept. */
void stopper_stop(int why);
/* What ended it (0 when nothing, or an end asked with why 0). */
int stopper_why(void);
/* After poll() found stop.fd readable: empties the pipe; true when a
 * window change (SIGWINCH) was among what it held. */
bool stopper_drain(struct stopper *s);

/* A thread left running in a call that may never return (a host that did
 * not answer within --host-timeout): vmctl then ends with _exit() once its
 * output is flushed (main.c), since such a thread must not run while the
 * libraries' destructors do (gnutls, glib and libvirt tear their state
 * down at exit). */
void stopper_abandoned(void);
bool stopper_any_abandoned(void);

#endif
