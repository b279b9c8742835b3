/* lxc_exec.c: exec, a command run inside a running container with this
 * process's standard input, output and error (lxc-attach -- CMD).
 *
 * liblxc's attach_run_wait() would do, but what it returns cannot tell the
 * command's own exit status from liblxc's: its exec function (attach.c,
 * lxc_attach_run_command) turns EACCES and ENOEXEC into 126 and ENOENT into
 * 127 but any other exec failure (ENOTDIR, ELOOP, E2BIG, ...) into 255, and
 * a failure while entering the container (before the command) is exit 1,
 * the same as a command that says "false".  So vmctl calls c->attach() with
 * an exec function of its own, which tells this process through a pipe
 * (close-on-exec: an exec that worked closes it unread) that it got as far
 * as the exec, and why the exec failed; then waits for the command itself.
 *
 *   nothing on the pipe      liblxc failed before the command: -1 (125)
 *   "R" then end of file     the command ran: its status, 128+N for signal N
 *   "R" and an errno         ENOENT, ENOTDIR: 127; any other: 126 (env(1))
 *
 * A terminal on standard input: LXC_ATTACH_TERMINAL, as lxc-attach does,
 * gives the command a pseudo-terminal of its own that liblxc relays (with
 * this terminal in raw mode meanwhile); otherwise the descriptors are passed
 * as they are (a pipe stays a pipe: `echo hi | vmctl exec C -- cat`). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend_util.h"
#include "lxc_internal.h"
#include "quote.h"

struct run {
	char **argv;
	int report; /* the write end of the pipe */
};

/* In the attached child, inside the container: exec, or say why not. */
static int run_command(void *payload)
{
	struct run *r = payload;
	if (write(r->report, "R", 1) != 1)
		return 126;
	execvp(r->argv[0], r->argv);
	int e = errno;
	ssize_t n = write(r->report, &e, sizeof(e));
	(void)n;
	return e == ENOENT || e == ENOTDIR ? 127 : 126;
}

int lx_exec(struct vm_conn *conn, const struct vm_request *req, int *status, struct vm_error *err)
{
	const char *what = "run a command in";
	size_t argc = 0;
	while (vm_value_nth(req, "command", argc))
		argc++;
	if (argc == 0)
		return vm_error_set(err, VM_EXIT_USAGE, "exec needs a COMMAND after '--'");
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1, fds[2] = { -1, -1 };
	struct run r = { .argv = xcalloc(argc + 1, sizeof(char *)) };
	for (size_t i = 0; i < argc; i++)
		r.argv[i] = (char *)vm_value_nth(req, "command", i);
	enum vm_state st = lx_state(c);
	if (st == VM_STATE_SHUTOFF || st == VM_STATE_UNKNOWN) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "it is not running (%s)", vm_state_name(st));
		goto cleanup;
	}
	if (st == VM_STATE_PAUSED) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "it is paused (frozen): resume it first");
		goto cleanup;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "pipe: %s", strerror(errno));
		goto cleanup;
	}
	r.report = fds[1];
	lxc_attach_options_t opts = LXC_ATTACH_OPTIONS_DEFAULT;
	if (isatty(STDIN_FILENO))
		opts.attach_flags |= LXC_ATTACH_TERMINAL;
	/* liblxc ignores SIGINT and SIGQUIT in this process while the command
	 * runs (a Ctrl+C is the command's); it forks: flush first */
	fflush(NULL);
	pid_t pid = -1;
	errno = 0;
	int a = c->attach(c, run_command, &r, &opts, &pid);
	int e = errno;
	close(fds[1]);
	fds[1] = -1;
	if (a < 0 || pid <= 0) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "%s",
		       lx_why(c, e ? strerror(e) : "liblxc could not attach to it"));
		goto cleanup;
	}
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	char tag = 0;
	int exec_errno = 0;
	ssize_t n = read(fds[0], &tag, 1);
	bool ran = n == 1 && tag == 'R';
	bool exec_failed = ran && read(fds[0], &exec_errno, sizeof(exec_errno)) == (ssize_t)sizeof(exec_errno);
	if (!ran) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "%s",
		       lx_why(c, "liblxc could not enter it (it failed before the command ran)"));
		goto cleanup;
	}
	if (exec_failed) {
		*status = exec_errno == ENOENT || exec_errno == ENOTDIR ? 127 : 126;
		char *q = msg_quote(vm_value_nth(req, "command", 0));
		vm_error_set(err, VM_EXIT_FAILED, "%s: %s", q, strerror(exec_errno)); /* said as a note, as env(1) does */
		free(q);
	} else if (WIFSIGNALED(ws))
		*status = 128 + WTERMSIG(ws);
	else
		*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 1;
	rc = 0;
cleanup:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	free(r.argv);
	lxc_container_put(c);
	return rc;
}
