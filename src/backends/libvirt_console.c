/* libvirt_console.c: the guest's console on this terminal, through
 * virDomainOpenConsole and libvirt's event loop, as virsh console does.
 * Ctrl+] leaves.  The frontend has checked that stdin is a terminal. */
#include <errno.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "libvirt_internal.h"

#define ESCAPE_CHAR 0x1d /* Ctrl+] */

struct console {
	virStreamPtr st;
	int stdin_watch;
	int quit;   /* 1: escape typed, 2: stream ended, -1: error */
};

static void stream_event(virStreamPtr st, int events, void *opaque)
{
	struct console *con = opaque;
	char buf[4096];
	if (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)) {
		con->quit = 2;
		return;
	}
	for (;;) {
		int n = virStreamRecv(st, buf, sizeof(buf));
		if (n == -2)
			return; /* nothing more now */
		if (n <= 0) {
			con->quit = n == 0 ? 2 : -1;
			return;
		}
		if (write(STDOUT_FILENO, buf, (size_t)n) < 0) {
			con->quit = -1;
			return;
		}
	}
}

static void stdin_event(int watch, int fd, int events, void *opaque)
{
	(void)watch;
	(void)events;
	struct console *con = opaque;
	char buf[1024];
	ssize_t n = read(fd, buf, sizeof(buf));
	if (n <= 0) {
		con->quit = 2;
		return;
	}
	char *esc = memchr(buf, ESCAPE_CHAR, (size_t)n);
	size_t len = esc ? (size_t)(esc - buf) : (size_t)n;
	if (len > 0 && virStreamSend(con->st, buf, len) < 0)
		con->quit = -1;
	if (esc)
		con->quit = 1;
}

int lv_console(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	struct console con = { .stdin_watch = -1 };
	struct termios saved, raw;
	int have_tty = tcgetattr(STDIN_FILENO, &saved) == 0;
	con.st = virStreamNew(c->conn, VIR_STREAM_NONBLOCK);
	if (!con.st || virDomainOpenConsole(d, NULL, con.st, 0) < 0) {
		lv_fail(err, "open the console of", req->guest);
		goto cleanup;
	}
	if (virStreamEventAddCallback(con.st, VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP,
				      stream_event, &con, NULL) < 0) {
		lv_fail(err, "watch the console of", req->guest);
		goto cleanup;
	}
	con.stdin_watch = virEventAddHandle(STDIN_FILENO, VIR_EVENT_HANDLE_READABLE, stdin_event, &con, NULL);
	fprintf(stderr, "Connected to guest '%s'\r\nEscape character is ^] (Ctrl + ])\r\n", req->guest);
	if (have_tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
	}
	while (!con.quit)
		if (virEventRunDefaultImpl() < 0)
			con.quit = -1;
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	fputs("\n", stderr);
	if (con.quit < 0) {
		lv_fail(err, "use the console of", req->guest);
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (con.stdin_watch >= 0)
		virEventRemoveHandle(con.stdin_watch);
	if (con.st) {
		virStreamEventRemoveCallback(con.st);
		/* leaving by the escape character: the console stays open on the
		 * guest side, so the stream is aborted, not finished (finishing
		 * would wait for an end the guest never sends) */
		if (rc == 0 && con.quit == 2)
			virStreamFinish(con.st);
		else
			virStreamAbort(con.st);
		virStreamFree(con.st);
	}
	virDomainFree(d);
	return rc;
}
