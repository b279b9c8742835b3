/* watch.c: wait, events, top and exec in the native vocabularies, one pure
 * function per vocabulary.  What each tool offers was checked in its own
 * source or help: virsh 9.0 (`virsh help event`: --domain, --event,
 * --all, --loop, --timeout, --list, --timestamp, and no --count; virsh
 * event exits 1 when no event came; lxc-enter-namespace "succeeds only if
 * /path/to/binary has 0 exit status", virsh(1)); LXC 5.0 (lxc_wait.c: -s
 * takes STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN,
 * THAWED joined by '|', -t seconds, default -1 = forever, 0 = look once;
 * lxc_monitor.c: -n is an extended regular expression that lxc-monitor
 * anchors as ^NAME$, default .*; lxc_top.c: -d, -s n|c|b|m|s|k, -r, -b,
 * and it needs a terminal on stdin; lxc_attach.c: the command's status,
 * 128+N for a signal, EXIT_FAILURE for its own failures); xentop(1) of Xen 4.17 (-d, -i, -b;
 * xl top takes no option and runs xentop); vzctl(8) 4.11 (exec2 returns
 * the command's status, exec does not; enter). */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_virsh.h"
#include "quote.h"

/* The verbs of this file: each vocabulary switches on it with no default,
 * so that -Wswitch names a vocabulary that forgot one. */
enum watch_verb { W_WAIT, W_EVENTS, W_TOP, W_EXEC };

/* A --timeout given to wait or events (NULL: wait forever). */
static const struct vm_value *timeout_of(const struct vm_request *req)
{
	return vm_value(req, "timeout");
}

static enum vm_state wanted_state(const struct vm_request *req)
{
	const struct vm_value *v = vm_value(req, "state");
	return v ? (enum vm_state)v->num : VM_STATE_UNKNOWN;
}

/* COMMAND's words, NULL-terminated (a new array of borrowed strings). */
static char **command_words(const struct vm_request *req, size_t *n)
{
	*n = 0;
	while (vm_value_nth(req, "command", *n))
		(*n)++;
	char **w = xcalloc(*n + 1, sizeof(*w));
	for (size_t i = 0; i < *n; i++)
		w[i] = (char *)vm_value_nth(req, "command", i);
	return w;
}

static bool lxc_uri(const char *uri)
{
	return uri && strncmp(uri, "lxc", 3) == 0 && uri[3] && strchr("+:", uri[3]);
}

/* ---- virsh (libvirt 9.0) ---- */

/* What virsh domstate prints for a state (virshDomainStateToString), or NULL. */
static const char *domstate_word(enum vm_state s)
{
	switch (s) {
	case VM_STATE_RUNNING:
		return "running";
	case VM_STATE_PAUSED:
		return "paused";
	case VM_STATE_SHUTOFF:
		return "shut off";
	case VM_STATE_CRASHED:
		return "crashed";
	case VM_STATE_SUSPENDED:
		return "pmsuspended";
	case VM_STATE_STOPPING:
		return "in shutdown";
	case VM_STATE_STARTING:
	case VM_STATE_UNKNOWN:
	case VM_STATE__NONE:
		break;
	}
	return NULL;
}

/* virsh event [DOMAIN] --event lifecycle [--loop] [--timeout SEC] */
static struct strvec *virsh_event(struct explanation *ex, const struct vm_request *req, bool loop)
{
	struct strvec *c = virsh_cmd(ex, req, "event");
	if (req->guest)
		virsh_operand(c, "domain", req->guest);
	strvec_push(c, "--event");
	strvec_push(c, "lifecycle");
	if (loop)
		strvec_push(c, "--loop");
	const struct vm_value *t = timeout_of(req);
	if (t) {
		strvec_push(c, "--timeout");
		strvec_pushf(c, "%llu", (unsigned long long)t->num);
	}
	return c;
}

static void virsh_wait(const struct vm_request *req, struct explanation *ex)
{
	enum vm_state s = wanted_state(req);
	const char *word = domstate_word(s);
	const struct vm_value *t = timeout_of(req);
	virsh_dom_cmd(ex, req, "domstate");
	if (!word) {
		ex_none(ex, "libvirt has no %s state; closest: virsh domstate %s", vm_state_name(s),
			req->guest);
		return;
	}
	if (t && t->num == 0) {
		ex_approx(ex, "virsh has no wait: domstate prints the state once (the guest is %s when it prints '%s'); "
			  "vmctl wait --timeout 0 answers with its exit status", vm_state_name(s), word);
		return;
	}
	virsh_event(ex, req, true);
	ex_approx(ex, "virsh has no wait: domstate prints the state now, then event prints each lifecycle change until "
		  "interrupted%s; stop it when the guest is %s (domstate prints '%s')", t ? " or the timeout" : "",
		  vm_state_name(s), word);
	ex_note(ex, "vmctl wait exits 0 in the state, 1 on timeout, 3 when the guest disappears; virsh event exits 1 "
		"when no event came before its timeout");
}

static void virsh_events(const struct vm_request *req, struct explanation *ex)
{
	uint64_t count = vm_value_num(req, "count", 0);
	virsh_event(ex, req, count != 1);
	if (count > 1)
		ex_approx(ex, "virsh event has no --count: with --loop it runs until interrupted%s, without it it stops "
			  "after one event", timeout_of(req) ? " or the timeout" : "");
	ex_note(ex, "virsh prints event 'lifecycle' for domain 'NAME': Started Booted; vmctl events prints TIME HOST "
		"GUEST EVENT STATE, one line per change");
	ex_note(ex, "virsh event exits 1 when no event came before its timeout; vmctl events exits 0");
	ex_note(ex, "--all instead of --event lifecycle adds every other event type (reboot, graphics, block jobs ...)");
}

static void virsh_top(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c = virsh_cmd(ex, req, "domstats");
	static const char *const groups[] = { "--state", "--cpu-total", "--balloon", "--vcpu", "--interface", "--block" };
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++)
		strvec_push(c, groups[i]);
	struct strvec vt = STRVEC_INIT;
	strvec_push(&vt, "virt-top");
	if (req->uri) {
		strvec_push(&vt, "-c");
		strvec_push(&vt, c->v[2]); /* the URI as virsh_cmd wrote it, password left out */
	}
	const struct vm_value *iv = vm_value(req, "interval");
	if (iv) {
		strvec_push(&vt, "-d");
		strvec_pushf(&vt, "%llu", (unsigned long long)iv->num);
	}
	uint64_t n = vm_value_flag(req, "once") ? 1 : vm_value_num(req, "count", 0);
	if (n) {
		strvec_push(&vt, "-n");
		strvec_pushf(&vt, "%llu", (unsigned long long)n);
	}
	const char *sort = vm_value_str(req, "sort");
	if (sort) {
		strvec_push(&vt, "-o");
		strvec_push(&vt, sort);
	}
	char *line = sh_join(vt.v);
	ex_approx(ex, "virsh domstats prints one sample of the counters (CPU time in ns, bytes read and written), not "
		  "rates; %s shows them refreshed, as vmctl top does", line);
	free(line);
	strvec_clear(&vt);
}

/* {"execute":"guest-exec","arguments":{"path":..,"arg":[..],"capture-output":true}} (a new string) */
static char *guest_exec_json(char *const *w, size_t n)
{
	json_object *args = json_object_new_object();
	json_object_object_add(args, "path", json_object_new_string(w[0]));
	json_object *a = json_object_new_array();
	for (size_t i = 1; i < n; i++)
		json_object_array_add(a, json_object_new_string(w[i]));
	json_object_object_add(args, "arg", a);
	json_object_object_add(args, "capture-output", json_object_new_boolean(1));
	json_object *cmd = json_object_new_object();
	json_object_object_add(cmd, "execute", json_object_new_string("guest-exec"));
	json_object_object_add(cmd, "arguments", args);
	char *s = xstrdup(json_object_to_json_string_ext(cmd, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(cmd);
	return s;
}

static void virsh_exec(const struct vm_request *req, struct explanation *ex)
{
	size_t n;
	char **w = command_words(req, &n);
	char *g = sh_quote(req->guest);
	if (lxc_uri(req->uri)) {
		struct strvec *c = virsh_dom_cmd(ex, req, "lxc-enter-namespace");
		strvec_push(c, "--noseclabel");
		strvec_push(c, "--");
		for (size_t i = 0; i < n; i++)
			strvec_push(c, w[i]);
		ex_approx(ex, "virsh lxc-enter-namespace exits 0 when the command exits 0 and 1 otherwise: not the command's "
			  "own status");
		if (w[0][0] != '/')
			ex_approx(ex, "virsh runs the command by its path in the container (virsh(1): /path/to/binary): give "
				  "the full path of %s", w[0]);
		ex_note(ex, "--noseclabel keeps virsh's own security label; vmctl enters the container's label and cgroup, "
			"as virsh does without --noseclabel");
	} else {
		struct strvec *c = virsh_dom_cmd(ex, req, "qemu-agent-command");
		char *json = guest_exec_json(w, n);
		strvec_push(c, json);
		free(json);
		ex_approx(ex, "the guest agent's guest-exec starts the command and answers {\"return\":{\"pid\":PID}} at "
			  "once; virsh qemu-agent-command %s '{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":PID}}' "
			  "then gives exited, exitcode and the output base64-encoded (out-data, err-data); vmctl waits, passes "
			  "the output through and exits with the command's status", g);
		ex_note(ex, "libvirt marks the domain tainted (custom-ga-command) after qemu-agent-command");
		ex_note(ex, "a libvirt-LXC guest (-c lxc:///system): virsh -c lxc:///system lxc-enter-namespace %s "
			"--noseclabel -- COMMAND", g);
	}
	free(g);
	free(w);
}

static void watch_virsh(enum watch_verb w, const struct vm_request *req, struct explanation *ex)
{
	switch (w) {
	case W_WAIT:
		virsh_wait(req, ex);
		return;
	case W_EVENTS:
		virsh_events(req, ex);
		return;
	case W_TOP:
		virsh_top(req, ex);
		return;
	case W_EXEC:
		virsh_exec(req, ex);
		return;
	}
}

/* ---- lxc-* (LXC 5.0) ---- */

static struct strvec *lxc_tool(struct explanation *ex, const struct vm_request *req, const char *name)
{
	struct strvec *c = ex_cmd(ex, name);
	if (req->lxcpath) {
		strvec_push(c, "-P");
		strvec_push(c, req->lxcpath);
	}
	return c;
}

/* lxc-wait's state for a vmctl state, or NULL. */
static const char *lxc_state_word(enum vm_state s)
{
	switch (s) {
	case VM_STATE_RUNNING:
		return "RUNNING";
	case VM_STATE_PAUSED:
		return "FROZEN";
	case VM_STATE_SHUTOFF:
		return "STOPPED";
	case VM_STATE_STARTING:
		return "STARTING";
	case VM_STATE_STOPPING:
		return "STOPPING";
	case VM_STATE_CRASHED:
	case VM_STATE_SUSPENDED:
	case VM_STATE_UNKNOWN:
	case VM_STATE__NONE:
		break;
	}
	return NULL;
}

/* The name as an extended regular expression matching itself alone
 * (lxc-monitor anchors it); a new string. */
static char *ere_literal(const char *s)
{
	char *out = xmalloc(strlen(s) * 2 + 1), *o = out;
	for (; *s; s++) {
		if (strchr(".[]()*+?{}|^$\\", *s))
			*o++ = '\\';
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

static void lxc_wait_cmd(const struct vm_request *req, struct explanation *ex)
{
	enum vm_state s = wanted_state(req);
	const char *word = lxc_state_word(s);
	if (!word) {
		ex_none(ex, "a container has no %s state (lxc-wait knows STOPPED, STARTING, RUNNING, STOPPING, ABORTING, "
			"FREEZING, FROZEN, THAWED)", vm_state_name(s));
		return;
	}
	struct strvec *c = lxc_tool(ex, req, "lxc-wait");
	strvec_push(c, "-n");
	strvec_push(c, req->guest);
	strvec_push(c, "-s");
	strvec_push(c, word);
	const struct vm_value *t = timeout_of(req);
	if (t) {
		strvec_push(c, "-t");
		strvec_pushf(c, "%llu", (unsigned long long)t->num);
	}
	ex_note(ex, "lxc-wait exits 1 on timeout, as vmctl wait does; it waits for a container that does not exist as "
		"for a stopped one, where vmctl wait exits 3");
	ex_note(ex, "liblxc looks at a stopped container once a second: a start may be seen up to a second late");
}

static void lxc_events(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c = lxc_tool(ex, req, "lxc-monitor");
	if (req->guest) {
		char *re = ere_literal(req->guest);
		strvec_push(c, "-n");
		strvec_push(c, re);
		if (strcmp(re, req->guest) != 0)
			ex_note(ex, "lxc-monitor -n takes an extended regular expression (anchored): the name's special "
				"characters are escaped");
		free(re);
	} else {
		ex_note(ex, "without -n lxc-monitor watches every container ('.*')");
	}
	if (timeout_of(req) || vm_value(req, "count"))
		ex_approx(ex, "lxc-monitor runs until interrupted: it has no timeout and no count");
	ex_note(ex, "lxc-monitor prints 'NAME' changed state to [RUNNING] (LXC's states); vmctl events prints TIME HOST "
		"GUEST EVENT STATE (started, suspended, resumed, stopped, ...)");
}

static void lxc_top(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c = lxc_tool(ex, req, "lxc-top");
	strvec_push(c, "-d");
	strvec_pushf(c, "%llu", (unsigned long long)vm_value_num(req, "interval", 2));
	const char *sort = vm_value_str(req, "sort");
	strvec_push(c, "-s");
	strvec_push(c, !sort || strcmp(sort, "cpu") == 0 ? "c" : strcmp(sort, "mem") == 0 ? "m" : "n");
	ex_approx(ex, "lxc-top shows the CPU time used (seconds), block I/O and memory, not CPU %% or network rates");
	if (vm_value_flag(req, "once") || vm_value(req, "count"))
		ex_approx(ex, "lxc-top has no count: it refreshes until q (-b prints CSV lines instead)");
	ex_note(ex, "lxc-top needs a terminal on standard input, even with -b");
}

static void lxc_exec(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c = lxc_tool(ex, req, "lxc-attach");
	strvec_push(c, "-n");
	strvec_push(c, req->guest);
	strvec_push(c, "--");
	for (size_t i = 0; vm_value_nth(req, "command", i); i++)
		strvec_push(c, vm_value_nth(req, "command", i));
	ex_note(ex, "lxc-attach exits with the command's status (128+N for signal N), and 1 when it fails itself, where "
		"vmctl exec exits 125");
}

static void watch_lxc(enum watch_verb w, const struct vm_request *req, struct explanation *ex)
{
	switch (w) {
	case W_WAIT:
		lxc_wait_cmd(req, ex);
		return;
	case W_EVENTS:
		lxc_events(req, ex);
		return;
	case W_TOP:
		lxc_top(req, ex);
		return;
	case W_EXEC:
		lxc_exec(req, ex);
		return;
	}
}

/* ---- xl (Xen 4.17) ---- */

static void xl_top(const struct vm_request *req, struct explanation *ex)
{
	const struct vm_value *iv = vm_value(req, "interval");
	uint64_t n = vm_value_flag(req, "once") ? 1 : vm_value_num(req, "count", 0);
	if (!iv && !n) {
		ex_cmd(ex, "xl");
		strvec_push(&ex->argv[ex->n - 1], "top");
		ex_note(ex, "xl top runs xentop, which refreshes every 3 s (vmctl top every 2 s: xentop -d 2)");
	} else {
		struct strvec *c = ex_cmd(ex, "xentop");
		if (iv) {
			strvec_push(c, "-d");
			strvec_pushf(c, "%llu", (unsigned long long)iv->num);
		}
		if (n) {
			strvec_push(c, "-i");
			strvec_pushf(c, "%llu", (unsigned long long)n);
		}
		ex_note(ex, "xl top takes no options: it runs xentop, which takes them");
	}
	if (vm_value(req, "sort"))
		ex_approx(ex, "xentop has no sort option: its S key cycles the sort order");
	ex_note(ex, "xentop -b prints plain lines (vmctl top does so itself when standard output is no terminal)");
}

static void watch_xl(enum watch_verb w, const struct vm_request *req, struct explanation *ex)
{
	char *g = req->guest ? sh_quote(req->guest) : NULL;
	switch (w) {
	case W_WAIT:
		ex_none(ex, "xl has no wait and no events; closest: xl list %s in a loop (its state column: r running, "
			"b blocked, p paused, s shutdown, c crashed), or xenstore-watch @releaseDomain for a domain going",
			g);
		break;
	case W_EVENTS:
		ex_none(ex, "xl has no event stream; closest: xl list%s%s in a loop, or xenstore-watch @introduceDomain "
			"and @releaseDomain for domains coming and going", g ? " " : "", g ? g : "");
		break;
	case W_TOP:
		xl_top(req, ex);
		break;
	case W_EXEC:
		ex_none(ex, "Xen has no channel into a guest's processes: no xl command runs a command inside; closest: xl "
			"console %s", g);
		break;
	}
	free(g);
}

/* ---- vzctl (4.11) ---- */

static void vz_exec(const struct vm_request *req, struct explanation *ex)
{
	size_t n;
	char **w = command_words(req, &n);
	struct strvec *c = ex_cmd(ex, "vzctl");
	strvec_push(c, "exec2");
	strvec_push(c, req->guest);
	char *line = sh_join(w);
	strvec_push(c, line);
	if (n > 1 || strcmp(line, w[0]) != 0)
		ex_note(ex, "vzctl runs the command line through the container's shell: the words are given as one "
			"shell-quoted argument");
	free(line);
	free(w);
	ex_note(ex, "vzctl exec2 exits with the command's status; vzctl exec does not (it returns 0 however the command "
		"ends)");
	ex_note(ex, "vzctl enter CTID opens an interactive shell in the container");
}

static void watch_vzctl(enum watch_verb w, const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (w) {
	case W_WAIT:
		ex_none(ex, "vzctl has no wait; closest: vzctl status CTID in a loop (running or down)");
		return;
	case W_EVENTS:
		ex_none(ex, "vzctl has no event stream; closest: vzlist -a -o ctid,status in a loop");
		return;
	case W_TOP:
		c = ex_cmd(ex, "vzlist");
		strvec_push(c, "-o");
		strvec_push(c, "ctid,status,laverage,numproc,physpages");
		ex_approx(ex, "vzlist prints one sample of running containers: load average, processes and resident "
			      "memory in 4 KiB pages (physpages), no CPU %%, disk or network rates");
		return;
	case W_EXEC:
		vz_exec(req, ex);
		return;
	}
}

/* ---- the QEMU monitor (7.2) ---- */

static void watch_qemu(enum watch_verb w, const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (w) {
	case W_WAIT:
		c = virsh_dom_cmd(ex, req, "qemu-monitor-command");
		strvec_push(c, "--hmp");
		strvec_push(c, "info status");
		ex_approx(ex, "the monitor has no wait: info status shows the run state once (VM status: running, paused); "
			  "a guest shut off has no QEMU and no monitor");
		ex_note(ex, "monitor command: info status");
		return;
	case W_EVENTS:
		ex_none(ex, "QMP sends events (STOP, RESUME, SHUTDOWN, ...) to its own connection; no monitor command waits "
			"for them; closest: virsh qemu-monitor-event %s--loop", req->guest ? "--domain GUEST " : "");
		return;
	case W_TOP:
		ex_none(ex, "the monitor speaks for one guest and keeps no usage rates; closest: virsh domstats "
			"(--explain=virsh)");
		return;
	case W_EXEC:
		ex_none(ex, "the monitor cannot run a command in the guest: the guest agent does (virsh qemu-agent-command "
			"guest-exec: --explain=virsh)");
		return;
	}
}

/* The verb as this file knows it; false for a verb of another file. */
static bool watch_verb_of(enum vm_verb verb, enum watch_verb *w)
{
	switch (verb) {
	case VERB_WAIT:
		*w = W_WAIT;
		return true;
	case VERB_EVENTS:
		*w = W_EVENTS;
		return true;
	case VERB_TOP:
		*w = W_TOP;
		return true;
	case VERB_EXEC:
		*w = W_EXEC;
		return true;
	case VERB_LIST:
	case VERB_INFO:
	case VERB_START:
	case VERB_STOP:
	case VERB_KILL:
	case VERB_REBOOT:
	case VERB_PAUSE:
	case VERB_RESUME:
	case VERB_VCPU_SET:
	case VERB_MEM_SET:
	case VERB_CD_CHANGE:
	case VERB_CONSOLE:
	case VERB_SAVE:
	case VERB_RESTORE:
	case VERB_SNAPSHOT:
	case VERB_MIGRATE:
	case VERB_HOST:
	case VERB_TRANSLATE:
	case VERB_HELP:
	CASE_RESOURCES:
	CASE_DEFINE:
	CASE_DEVICES:
	case VERB__COUNT:
		break;
	}
	return false;
}

void explain_watch(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	enum watch_verb w;
	if (!watch_verb_of(req->verb, &w))
		return;
	switch (v) {
	case VOCAB_VIRSH:
		watch_virsh(w, req, ex);
		return;
	case VOCAB_LXC:
		watch_lxc(w, req, ex);
		return;
	case VOCAB_XL:
		watch_xl(w, req, ex);
		return;
	case VOCAB_VZCTL:
		watch_vzctl(w, req, ex);
		return;
	case VOCAB_QEMU:
		watch_qemu(w, req, ex);
		return;
	case VOCAB_VMCTL:
	case VOCAB_QM: /* the second wave's vocabularies explain every verb in their own file */
	case VOCAB_PCT:
	case VOCAB_XE:
	case VOCAB_VAGRANT:
	case VOCAB_OPENSTACK:
	case VOCAB_INCUS:
	case VOCAB__COUNT:
		return;
	}
}
