/* libvirt_exec.c: exec on libvirt, two ways.
 *
 * QEMU guests: through the guest agent (virDomainQemuAgentCommand, which
 * marks the domain tainted, as virsh qemu-agent-command does): guest-exec
 * with capture-output, then guest-exec-status polled with a growing pause
 * (10 ms doubling to 500 ms) until the command has exited; its output comes
 * back whole at the end and is written to our stdout and stderr (3 MB came
 * back in 6 s here; qemu-ga keeps at most 16 MiB of each).  Standard input,
 * when it is not a terminal, is read to its end first and sent as
 * input-data, in the one guest-exec message: at most 64 KiB (with qemu-ga
 * 7.2 and libvirt 9.0, 200 KB passed, 300 KB passed once and stalled the
 * agent once, 600 KB never got an answer in 120 s: the cause was not
 * found); on a terminal nothing is read and the command's stdin is the
 * agent's own (usually /dev/null): the agent has no interactive input.
 * Not found: 127, cannot execute: 126, told apart by the agent's message,
 * GLib's spawn error with strerror's text ("Failed to execute child process
 * "x" (No such file or directory)"); the text in parentheses is the note
 * that says why, as env(1) does.
 *
 * libvirt-LXC guests: as virsh lxc-enter-namespace does, on this host only
 * (the namespaces come as file descriptors over the local socket):
 * virDomainLxcOpenNamespace in this process, then a forked child (setns
 * refuses a threaded process) enters the security label, the cgroup and the
 * namespaces and forks again (a PID namespace applies to children only);
 * the grandchild execvp()s the command with our stdio and environment.  A
 * close-on-exec pipe brings back execvp's errno or the grandchild's wait
 * status, or the step of the child's setup that failed. */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <libvirt/libvirt-lxc.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend_util.h"
#include "libvirt_internal.h"
#include "quote.h"
#include "util.h"

#define AGENT_TIMEOUT 30          /* seconds for one agent command (after libvirt's guest-sync) */
#define INPUT_MAX (64u << 10)     /* standard input sent to the agent (see above) */

/* ---- a growing byte buffer ---- */

struct buf {
	char *p;
	size_t n, cap;
};

static void buf_add(struct buf *b, const void *data, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, data, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void buf_base64(struct buf *b, const unsigned char *in, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
			     (i + 2 < n ? in[i + 2] : 0);
		char q[4] = { b64chars[v >> 18 & 63], b64chars[v >> 12 & 63], i + 1 < n ? b64chars[v >> 6 & 63] : '=',
			      i + 2 < n ? b64chars[v & 63] : '=' };
		buf_add(b, q, 4);
	}
}

/* Decodes base64 text (anything outside the alphabet skipped) into out. */
static void base64_decode(const char *s, size_t len, struct buf *out)
{
	unsigned v = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		const char *k = s[i] ? strchr(b64chars, s[i]) : NULL;
		if (!k)
			continue;
		v = v << 6 | (unsigned)(k - b64chars);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			unsigned char ch = (unsigned char)(v >> bits & 0xff);
			buf_add(out, &ch, 1);
		}
	}
}

/* ---- the agent's replies ---- */

/* The member key of the agent's "return" object in reply, or NULL. */
static json_object *ret_member(json_object *reply, const char *key)
{
	json_object *ret, *v;
	if (!json_object_object_get_ex(reply, "return", &ret) || !json_object_object_get_ex(ret, key, &v))
		return NULL;
	return v;
}

static bool ret_int(json_object *reply, const char *key, long long *v)
{
	json_object *o = ret_member(reply, key);
	if (!o || !json_object_is_type(o, json_type_int))
		return false;
	*v = (long long)json_object_get_int64(o);
	return true;
}

/* The base64 string member key decoded into out (nothing when absent). */
static void ret_base64(json_object *reply, const char *key, struct buf *out)
{
	json_object *o = ret_member(reply, key);
	if (o && json_object_is_type(o, json_type_string))
		base64_decode(json_object_get_string(o), (size_t)json_object_get_string_len(o), out);
}

/* One agent command; the parsed reply, or NULL with libvirt's error set
 * (*raw: libvirt's text, which the caller frees, NULL on error). */
static json_object *agent(virDomainPtr d, json_object *cmd, char **raw)
{
	*raw = virDomainQemuAgentCommand(d, json_object_to_json_string_ext(cmd, JSON_C_TO_STRING_PLAIN), AGENT_TIMEOUT, 0);
	return *raw ? json_tokener_parse(*raw) : NULL;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* ---- QEMU: the guest agent ---- */

/* libvirt's error from an agent command as vmctl's: the agent missing or
 * silent is "not supported" (4), as the contract says. */
static int agent_fail(struct vm_error *err, const char *guest)
{
	virErrorPtr e = virGetLastError();
	if (e && (e->code == VIR_ERR_AGENT_UNRESPONSIVE || e->code == VIR_ERR_ARGUMENT_UNSUPPORTED))
		return cannot(err, VM_EXIT_UNSUPPORTED, "exec in", guest, "the guest agent does not answer: %s",
			      e->message ? e->message : "no message");
	return lv_fail(err, "exec in", guest);
}

/* Standard input read to its end, when it is not a terminal. */
static int read_input(struct buf *in, const char *guest, struct vm_error *err)
{
	if (isatty(STDIN_FILENO))
		return 0;
	char chunk[65536];
	for (;;) {
		ssize_t r = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EBADF)
			return 0; /* closed: nothing to send */
		if (r < 0)
			return cannot(err, VM_EXIT_FAILED, "exec in", guest, "cannot read standard input: %s", strerror(errno));
		if (r == 0)
			return 0;
		if (in->n + (size_t)r > INPUT_MAX)
			return cannot(err, VM_EXIT_FAILED, "exec in", guest,
				      "standard input is larger than %u KiB, what the guest agent takes in its one message",
				      INPUT_MAX >> 10);
		buf_add(in, chunk, (size_t)r);
	}
}

static int qemu_exec(virDomainPtr d, const struct vm_request *req, int *status, struct vm_error *err)
{
	const char *guest = req->guest;
	struct buf in = { 0 }, b64 = { 0 }, out = { 0 }, errb = { 0 };
	json_object *cmd = json_object_new_object(), *args = json_object_new_object(), *reply = NULL;
	json_object *argl = json_object_new_array(), *st = NULL;
	char *raw = NULL;
	int rc = -1;
	json_object_object_add(cmd, "execute", json_object_new_string("guest-exec"));
	json_object_object_add(cmd, "arguments", args);
	json_object_object_add(args, "path", json_object_new_string(vm_value_nth(req, "command", 0)));
	for (size_t i = 1; vm_value_nth(req, "command", i); i++)
		json_object_array_add(argl, json_object_new_string(vm_value_nth(req, "command", i)));
	json_object_object_add(args, "arg", argl);
	json_object_object_add(args, "capture-output", json_object_new_boolean(1));
	if (read_input(&in, guest, err) < 0)
		goto cleanup;
	if (in.n > 0) {
		buf_base64(&b64, (const unsigned char *)in.p, in.n);
		json_object_object_add(args, "input-data", json_object_new_string_len(b64.p, (int)b64.n));
	}
	reply = agent(d, cmd, &raw);
	if (!raw) {
		virErrorPtr e = virGetLastError();
		const char *m = e && e->message ? e->message : "";
		/* GLib's spawn error, as the agent passes it on: "... Failed to
		 * execute child process "x" (No such file or directory)'" */
		if (e && e->code == VIR_ERR_INTERNAL_ERROR && strstr(m, "Failed to execute child process")) {
			const char *why = strrchr(m, '(');
			size_t len = why ? strcspn(why + 1, ")") : 0;
			*status = strstr(m, "(No such file or directory)") || strstr(m, "(Not a directory)") ? 127 : 126;
			char *q = msg_quote(vm_value_nth(req, "command", 0));
			if (len) /* said as a note, as env(1) does */
				vm_error_set(err, VM_EXIT_FAILED, "%s: %.*s", q, (int)len, why + 1);
			else
				vm_error_set(err, VM_EXIT_FAILED, "%s: %s", q, m);
			free(q);
			rc = 0;
		} else {
			agent_fail(err, guest);
		}
		goto cleanup;
	}
	long long pid, code;
	if (!ret_int(reply, "pid", &pid)) {
		cannot(err, VM_EXIT_FAILED, "exec in", guest, "the guest agent's reply has no pid: %s", raw);
		goto cleanup;
	}
	st = json_object_new_object();
	args = json_object_new_object();
	json_object_object_add(st, "execute", json_object_new_string("guest-exec-status"));
	json_object_object_add(st, "arguments", args);
	json_object_object_add(args, "pid", json_object_new_int64(pid));
	/* the agent says nothing when the command ends: ask again, less and
	 * less often (a command that takes a minute is asked every 0.5 s) */
	for (long pause = 10;; pause = pause < 250 ? pause * 2 : 500) {
		json_object_put(reply);
		free(raw);
		reply = agent(d, st, &raw);
		if (!raw) {
			agent_fail(err, guest);
			goto cleanup;
		}
		if (!reply) {
			cannot(err, VM_EXIT_FAILED, "exec in", guest, "the guest agent's reply is not JSON: %s", raw);
			goto cleanup;
		}
		json_object *exited = ret_member(reply, "exited");
		if (exited && json_object_get_boolean(exited))
			break;
		sleep_ms(pause);
	}
	ret_base64(reply, "out-data", &out);
	ret_base64(reply, "err-data", &errb);
	if ((out.n && write_all(STDOUT_FILENO, out.p, out.n) < 0) ||
	    (errb.n && write_all(STDERR_FILENO, errb.p, errb.n) < 0)) {
		cannot(err, VM_EXIT_FAILED, "exec in", guest, "cannot write the command's output: %s", strerror(errno));
		goto cleanup;
	}
	if (ret_int(reply, "exitcode", &code)) {
		*status = (int)(code & 0xff);
	} else if (ret_int(reply, "signal", &code)) {
		*status = 128 + (int)code;
	} else {
		cannot(err, VM_EXIT_FAILED, "exec in", guest, "the guest agent gives no exit status: %s", raw);
		goto cleanup;
	}
	rc = 0;
cleanup:
	json_object_put(cmd);
	json_object_put(st);
	json_object_put(reply);
	free(raw);
	free(in.p);
	free(b64.p);
	free(out.p);
	free(errb.p);
	return rc;
}

/* ---- libvirt-LXC: the container's namespaces ---- */

/* What the child sends back (one write, smaller than PIPE_BUF: atomic). */
struct lxc_msg {
	char kind;  /* 'x': execvp failed (val = errno); 's': the command's wait status; 'f': setup failed */
	int val;
	char what[200]; /* 'f': the step and libvirt's message */
};

static void send_msg(int fd, char kind, int val, const char *what)
{
	struct lxc_msg m = { .kind = kind, .val = val };
	if (what)
		snprintf(m.what, sizeof(m.what), "%s", what);
	ssize_t w;
	do
		w = write(fd, &m, sizeof(m));
	while (w < 0 && errno == EINTR);
}

static _Noreturn void child_fail(int fd, const char *step)
{
	virErrorPtr e = virGetLastError();
	char what[200];
	snprintf(what, sizeof(what), "%s: %s", step, e && e->message ? e->message : strerror(errno));
	send_msg(fd, 'f', 0, what);
	_exit(125);
}

/* The forked child: enters the guest, runs the command in a grandchild
 * and sends its fate through fd.  Calls nothing that talks to libvirtd. */
static _Noreturn void lxc_child(virDomainPtr d, int nfd, int *fds, virSecurityModelPtr model,
				virSecurityLabelPtr label, char **argv, int fd)
{
	if (model && virDomainLxcEnterSecurityLabel(model, label, NULL, 0) < 0)
		child_fail(fd, "enter its security label");
	if (virDomainLxcEnterCGroup(d, 0) < 0)
		child_fail(fd, "enter its cgroup");
	if (virDomainLxcEnterNamespace(d, (unsigned)nfd, fds, NULL, NULL, 0) < 0)
		child_fail(fd, "enter its namespaces");
	for (int i = 0; i < nfd; i++)
		close(fds[i]);
	pid_t pid = fork();
	if (pid < 0)
		child_fail(fd, "fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		send_msg(fd, 'x', errno, NULL);
		_exit(127);
	}
	signal(SIGINT, SIG_IGN); /* the command decides what a ^C does; we report it */
	signal(SIGQUIT, SIG_IGN);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			child_fail(fd, "wait for the command");
	send_msg(fd, 's', st, NULL);
	_exit(0);
}

static int lxc_exec(struct vm_conn *c, virDomainPtr d, const struct vm_request *req, int *status,
		    struct vm_error *err)
{
	const char *guest = req->guest;
	if (!lv_local(c))
		return cannot(err, VM_EXIT_UNSUPPORTED, "exec in", guest,
			      "a libvirt-LXC guest's namespaces can be entered on its own host only, not through %s",
			      c->uri);
	virSecurityModel model;
	virSecurityLabel label;
	bool setlabel = false;
	memset(&model, 0, sizeof(model));
	memset(&label, 0, sizeof(label));
	if (virNodeGetSecurityModel(c->conn, &model) < 0)
		return lv_fail(err, "exec in", guest);
	if (model.model[0] && strcmp(model.model, "none") != 0) {
		if (virDomainGetSecurityLabel(d, &label) < 0)
			return lv_fail(err, "exec in", guest);
		setlabel = true;
	}
	int *fds = NULL;
	int nfd = virDomainLxcOpenNamespace(d, &fds, 0);
	if (nfd < 0)
		return lv_fail(err, "exec in", guest);
	size_t argc = 0;
	while (vm_value_nth(req, "command", argc))
		argc++;
	char **argv = xcalloc(argc + 1, sizeof(*argv));
	for (size_t i = 0; i < argc; i++)
		argv[i] = (char *)vm_value_nth(req, "command", i);
	int rc = -1, p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		cannot(err, VM_EXIT_FAILED, "exec in", guest, "pipe: %s", strerror(errno));
		goto cleanup;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		cannot(err, VM_EXIT_FAILED, "exec in", guest, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		goto cleanup;
	}
	if (pid == 0) {
		close(p[0]);
		lxc_child(d, nfd, fds, setlabel ? &model : NULL, &label, argv, p[1]);
	}
	close(p[1]);
	struct sigaction ign = { .sa_handler = SIG_IGN }, oldint, oldquit;
	sigaction(SIGINT, &ign, &oldint);
	sigaction(SIGQUIT, &ign, &oldquit);
	struct lxc_msg m, got = { .kind = 0 };
	ssize_t r;
	while ((r = read(p[0], &m, sizeof(m))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (r == (ssize_t)sizeof(m) && got.kind != 'x')
			got = m; /* after an 'x' the child also reports its grandchild's 127 */
	}
	close(p[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGQUIT, &oldquit, NULL);
	switch (got.kind) {
	case 'x': {
		*status = got.val == ENOENT || got.val == ENOTDIR ? 127 : 126;
		char *q = msg_quote(argv[0]);
		vm_error_set(err, VM_EXIT_FAILED, "%s: %s", q, strerror(got.val)); /* said as a note, as env(1) does */
		free(q);
		rc = 0;
		break;
	}
	case 's':
		*status = WIFEXITED(got.val) ? WEXITSTATUS(got.val) : 128 + WTERMSIG(got.val);
		rc = 0;
		break;
	case 'f':
		cannot(err, VM_EXIT_FAILED, "exec in", guest, "cannot %s", got.what);
		break;
	default:
		cannot(err, VM_EXIT_FAILED, "exec in", guest, "the process that enters the guest ended without a word (%s %d)",
		       WIFSIGNALED(st) ? "signal" : "exit status", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		break;
	}
cleanup:
	for (int i = 0; i < nfd; i++)
		close(fds[i]);
	free(fds);
	free(argv);
	return rc;
}

/* ---- the slot ---- */

int lv_exec(struct vm_conn *c, const struct vm_request *req, int *status, struct vm_error *err)
{
	const char *type = virConnectGetType(c->conn);
	bool qemu = type && strcasecmp(type, "QEMU") == 0, lxc = type && strcasecmp(type, "LXC") == 0;
	if (!qemu && !lxc)
		return cannot(err, VM_EXIT_UNSUPPORTED, "exec in", req->guest,
			      "libvirt's %s driver has no way into a guest (exec works on QEMU guests with a guest "
			      "agent and on libvirt-LXC guests)",
			      type ? type : "unknown");
	virDomainPtr d = lv_lookup(c, req->guest, err);
	if (!d)
		return -1;
	int rc = -1;
	enum vm_state st;
	if (lv_state(d, &st) < 0) {
		lv_fail(err, "exec in", req->guest);
	} else if (st != VM_STATE_RUNNING) {
		cannot(err, VM_EXIT_FAILED, "exec in", req->guest, "it is %s: a command runs only in a running guest",
		       vm_state_name(st));
	} else {
		rc = qemu ? qemu_exec(d, req, status, err) : lxc_exec(c, d, req, status, err);
	}
	virDomainFree(d);
	return rc;
}
