/* qmp.c: QEMU monitor commands in QMP (QEMU 7.2), for one guest:
 * `vmctl translate qmp GUEST JSON`, and the command of virsh
 * qemu-monitor-command GUEST JSON (without --hmp).  One object
 * {"execute": NAME, "arguments": {...}}, read with json-c. */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate_internal.h"
#include "validate.h"

#define QMP_READ "stop, cont, system_powerdown, system_reset, quit, query-status, query-cpus-fast, " \
	"eject, blockdev-change-medium, balloon and human-monitor-command"

/* A string member of args, or NULL. */
static const char *member(json_object *args, const char *key)
{
	json_object *v;
	if (!args || !json_object_object_get_ex(args, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Names every member of args but those in used. */
static void rest(struct translation *t, const char *cmd, json_object *args, const char *used)
{
	if (!args)
		return;
	json_object_object_foreach(args, key, val) {
		(void)val;
		if (in_list(key, used))
			continue;
		char *q = msg_quote(key);
		tr_approx(t, "the argument %s of %s is not translated", q, cmd);
		free(q);
	}
}

/* One QMP command read: the guest, its name and arguments. */
struct qctx {
	const char *guest;
	const char *name;
	json_object *args; /* NULL: none given */
	struct translation *t;
	struct vm_error *err;
};

/* One QMP command: the handler that reads its arguments into c->t, with
 * the data of its row (one handler serves several rows). */
struct qmp_cmd {
	const char *name;
	int (*run)(struct qctx *c, const struct qmp_cmd *cmd);
	enum vm_verb verb;
	const char *note;   /* qmp_simple: a remark */
	const char *approx; /* qmp_simple: a reason, what vmctl does not do */
};

/* A command whose arguments say nothing vmctl reads. */
static int qmp_simple(struct qctx *c, const struct qmp_cmd *cmd)
{
	struct translation *t = c->t;
	t->req.verb = cmd->verb;
	if (cmd->verb == VERB_STOP)
		t->req.timeout = 0;
	if (cmd->approx)
		tr_approx(t, "%s", cmd->approx);
	if (cmd->note)
		tr_note(t, "%s", cmd->note);
	rest(t, c->name, c->args, "");
	return 0;
}

/* The drive of eject and blockdev-change-medium: "id" or "device". */
static const char *drive_id(struct qctx *c)
{
	const char *id = member(c->args, "id"), *dev = member(c->args, "device");
	if (!id && !dev) {
		vm_error_set(c->err, VM_EXIT_USAGE, "QMP %s needs an \"id\" (or \"device\") string argument", c->name);
		return NULL;
	}
	return id ? id : dev;
}

/* The drive as the guest's target. */
static int drive(struct qctx *c, const struct qmp_cmd *cmd, const char *id)
{
	struct translation *t = c->t;
	const char *target = monitor_drive_target(t, tr_keep(t, xstrdup(id)));
	if (validate_device(target, c->err) < 0)
		return -1;
	t->req.verb = cmd->verb;
	t->req.device = target;
	return 0;
}

static int qmp_eject(struct qctx *c, const struct qmp_cmd *cmd)
{
	struct translation *t = c->t;
	const char *id = drive_id(c);
	if (!id || drive(c, cmd, id) < 0)
		return -1;
	json_object *force;
	t->req.eject = true;
	if (json_object_object_get_ex(c->args, "force", &force) && json_object_get_boolean(force))
		tr_approx(t, "\"force\": true forces a locked drive open; vmctl cd-change --eject asks");
	rest(t, c->name, c->args, "id device force");
	return 0;
}

static int qmp_change_medium(struct qctx *c, const struct qmp_cmd *cmd)
{
	struct translation *t = c->t;
	const char *id = drive_id(c);
	if (!id)
		return -1;
	const char *file = member(c->args, "filename"), *format = member(c->args, "format");
	if (!file)
		return vm_error_set(c->err, VM_EXIT_USAGE, "QMP %s needs a \"filename\" string argument", c->name);
	if (drive(c, cmd, id) < 0)
		return -1;
	if (validate_path(file, "ISO", c->err) < 0)
		return -1;
	t->req.iso = tr_keep(t, xstrdup(file));
	if (format && strcmp(format, "raw") != 0)
		tr_approx(t, "the format %s of the medium is not translated: vmctl inserts it as raw", format);
	rest(t, c->name, c->args, "id device filename format");
	tr_note(t, "false friend: QMP's blockdev-change-medium is virsh change-media --update, xl cd-insert and HMP's change");
	tr_note(t, "libvirt does not see a change made through the monitor");
	return 0;
}

static int qmp_balloon(struct qctx *c, const struct qmp_cmd *cmd)
{
	struct translation *t = c->t;
	json_object *v;
	if (!c->args || !json_object_object_get_ex(c->args, "value", &v) || !json_object_is_type(v, json_type_int))
		return vm_error_set(c->err, VM_EXIT_USAGE, "QMP balloon needs a \"value\" in bytes");
	char *bytes = xasprintf("%" PRId64, json_object_get_int64(v));
	int rc = native_size("QMP balloon", bytes, "=0", &t->req.size_kib, NULL, c->err);
	free(bytes);
	if (rc < 0)
		return -1;
	t->req.verb = cmd->verb;
	t->req.live = true;
	tr_note(t, "QMP's balloon takes bytes and needs a virtio balloon device; it changes the running guest only");
	return 0;
}

/* The HMP command line inside is translated by hmp.c. */
static int qmp_hmp(struct qctx *c, const struct qmp_cmd *cmd)
{
	(void)cmd;
	const char *line = member(c->args, "command-line");
	if (!line)
		return vm_error_set(c->err, VM_EXIT_USAGE, "QMP human-monitor-command needs a \"command-line\" string");
	return hmp_translate(c->guest, tr_keep(c->t, xstrdup(line)), c->t, c->err);
}

static const struct qmp_cmd cmds[] = {
	{ .name = "stop", .run = qmp_simple, .verb = VERB_PAUSE,
	  .note = "false friend: QMP's stop pauses the guest (virsh suspend, xl pause); it does not shut it down" },
	{ .name = "cont", .run = qmp_simple, .verb = VERB_RESUME },
	{ .name = "system_powerdown", .run = qmp_simple, .verb = VERB_STOP,
	  .note = "system_powerdown presses the ACPI power button and returns: vmctl stop --timeout 0" },
	{ .name = "system_reset", .run = qmp_simple, .verb = VERB_REBOOT,
	  .approx = "system_reset is a hard reset: the guest is not asked; vmctl reboot asks it" },
	{ .name = "quit", .run = qmp_simple, .verb = VERB_KILL,
	  .approx = "quit ends QEMU at once; under libvirt, virsh destroy does this and cleans up" },
	{ .name = "query-status", .run = qmp_simple, .verb = VERB_INFO,
	  .approx = "query-status gives the run state only; vmctl info also shows the vCPUs and memory" },
	{ .name = "query-cpus-fast", .run = qmp_simple, .verb = VERB_INFO,
	  .approx = "query-cpus-fast lists the vCPUs; vmctl info shows how many there are" },
	{ .name = "eject", .run = qmp_eject, .verb = VERB_CD_CHANGE },
	{ .name = "blockdev-change-medium", .run = qmp_change_medium, .verb = VERB_CD_CHANGE },
	{ .name = "balloon", .run = qmp_balloon, .verb = VERB_MEM_SET },
	{ .name = "human-monitor-command", .run = qmp_hmp },
};

/* QMP has too many commands to list: any other name may be a real one. */
static const struct ntool qmp_tool = {
	.kind = "QMP command",
	.prefix = "",
	.subject = "the QMP command ",
	.reads = QMP_READ,
};

static int qmp_run(const char *guest, json_object *cmdobj, struct translation *t, struct vm_error *err)
{
	json_object *exec, *args = NULL;
	if (!json_object_is_type(cmdobj, json_type_object) || !json_object_object_get_ex(cmdobj, "execute", &exec) ||
	    !json_object_is_type(exec, json_type_string))
		return vm_error_set(err, VM_EXIT_USAGE, "a QMP command is an object with an \"execute\" string");
	const char *name = json_object_get_string(exec);
	if (json_object_object_get_ex(cmdobj, "arguments", &args) && !json_object_is_type(args, json_type_object))
		return vm_error_set(err, VM_EXIT_USAGE, "QMP \"arguments\" is an object");
	if (tr_guest(t, guest, err) < 0)
		return -1;
	struct qctx c = { .guest = guest, .name = name, .args = args, .t = t, .err = err };
	for (const struct qmp_cmd *cmd = cmds; cmd < cmds + ARRAY_SIZE(cmds); cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd->run(&c, cmd);
	return tr_not_expressible(&qmp_tool, name, err);
}

int qmp_translate(const char *guest, const char *text, struct translation *t, struct vm_error *err)
{
	struct json_tokener *tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	size_t len = strlen(text);
	json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	int rc;
	size_t end = json_tokener_get_parse_end(tok);
	if (!obj || jerr != json_tokener_success || strspn(text + end, " \t\r\n") != len - end)
		rc = vm_error_set(err, VM_EXIT_USAGE, "invalid QMP JSON: %s", obj && jerr == json_tokener_success
				  ? "text after the command" : json_tokener_error_desc(jerr));
	else
		rc = qmp_run(guest, obj, t, err);
	json_object_put(obj);
	json_tokener_free(tok);
	return rc;
}

int translate_qmp(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	if (argc < 3)
		return vm_error_set(err, VM_EXIT_USAGE,
				    "'qmp' needs a guest and a QMP command; usage: vmctl translate qmp GUEST JSON");
	const char *text = tr_keep(t, join_words(argv + 2, (size_t)argc - 2));
	return qmp_translate(argv[1], text, t, err);
}
