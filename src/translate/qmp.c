/* qmp.c: QEMU monitor commands in QMP (QEMU 7.2), for one guest:
 * `vmctl translate qmp GUEST JSON`, and the command of virsh
 * qemu-monitor-command GUEST JSON (without --hmp).  One object
 * {"execute": NAME, "arguments": {...}}, read with json-c. */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "translate.h"
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

static int qmp_drive(struct translation *t, const char *cmd, json_object *args, struct vm_error *err)
{
	bool eject = strcmp(cmd, "eject") == 0;
	const char *id = member(args, "id"), *dev = member(args, "device");
	const char *file = member(args, "filename"), *format = member(args, "format");
	if (!id && !dev)
		return vm_error_set(err, VM_EXIT_USAGE, "QMP %s needs an \"id\" (or \"device\") string argument", cmd);
	if (!eject && !file)
		return vm_error_set(err, VM_EXIT_USAGE, "QMP %s needs a \"filename\" string argument", cmd);
	const char *target = monitor_drive_target(t, tr_keep(t, xstrdup(id ? id : dev)));
	if (validate_device(target, err) < 0)
		return -1;
	t->req.verb = VERB_CD_CHANGE;
	t->req.device = target;
	if (eject) {
		json_object *force;
		t->req.eject = true;
		if (json_object_object_get_ex(args, "force", &force) && json_object_get_boolean(force))
			tr_approx(t, "\"force\": true forces a locked drive open; vmctl cd-change --eject asks");
		rest(t, cmd, args, "id device force");
		return 0;
	}
	if (validate_path(file, "ISO", err) < 0)
		return -1;
	t->req.iso = tr_keep(t, xstrdup(file));
	if (format && strcmp(format, "raw") != 0)
		tr_approx(t, "the format %s of the medium is not translated: vmctl inserts it as raw", format);
	rest(t, cmd, args, "id device filename format");
	tr_note(t, "false friend: QMP's blockdev-change-medium is virsh change-media --update, xl cd-insert and HMP's change");
	tr_note(t, "libvirt does not see a change made through the monitor");
	return 0;
}

static int qmp_run(const char *guest, json_object *cmdobj, struct translation *t, struct vm_error *err)
{
	static const struct {
		const char *name;
		enum vm_verb verb;
		bool approx;
		const char *note;
	} simple[] = {
		{ "stop", VERB_PAUSE, false, "false friend: QMP's stop pauses the guest (virsh suspend, xl pause); it does not shut it down" },
		{ "cont", VERB_RESUME, false, NULL },
		{ "system_powerdown", VERB_STOP, false, "system_powerdown presses the ACPI power button and returns: vmctl stop --timeout 0" },
		{ "system_reset", VERB_REBOOT, true, "system_reset is a hard reset: the guest is not asked; vmctl reboot asks it" },
		{ "quit", VERB_KILL, true, "quit ends QEMU at once; under libvirt, virsh destroy does this and cleans up" },
		{ "query-status", VERB_INFO, true, "query-status gives the run state only; vmctl info also shows the vCPUs and memory" },
		{ "query-cpus-fast", VERB_INFO, true, "query-cpus-fast lists the vCPUs; vmctl info shows how many there are" },
	};
	json_object *exec, *args = NULL;
	if (!json_object_is_type(cmdobj, json_type_object) || !json_object_object_get_ex(cmdobj, "execute", &exec) ||
	    !json_object_is_type(exec, json_type_string))
		return vm_error_set(err, VM_EXIT_USAGE, "a QMP command is an object with an \"execute\" string");
	const char *cmd = json_object_get_string(exec);
	if (json_object_object_get_ex(cmdobj, "arguments", &args) && !json_object_is_type(args, json_type_object))
		return vm_error_set(err, VM_EXIT_USAGE, "QMP \"arguments\" is an object");
	if (tr_guest(t, guest, err) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(simple); i++) {
		if (strcmp(cmd, simple[i].name) != 0)
			continue;
		t->req.verb = simple[i].verb;
		if (simple[i].verb == VERB_STOP)
			t->req.timeout = 0;
		if (simple[i].approx)
			tr_approx(t, "%s", simple[i].note);
		else if (simple[i].note)
			tr_note(t, "%s", simple[i].note);
		rest(t, cmd, args, "");
		return 0;
	}
	if (strcmp(cmd, "eject") == 0 || strcmp(cmd, "blockdev-change-medium") == 0)
		return qmp_drive(t, cmd, args, err);
	if (strcmp(cmd, "balloon") == 0) {
		json_object *v;
		if (!args || !json_object_object_get_ex(args, "value", &v) || !json_object_is_type(v, json_type_int))
			return vm_error_set(err, VM_EXIT_USAGE, "QMP balloon needs a \"value\" in bytes");
		char *bytes = xasprintf("%" PRId64, json_object_get_int64(v));
		int rc = native_size("QMP balloon", bytes, "=0", &t->req.size_kib, NULL, err);
		free(bytes);
		if (rc < 0)
			return -1;
		t->req.verb = VERB_MEM_SET;
		t->req.live = true;
		tr_note(t, "QMP's balloon takes bytes and needs a virtio balloon device; it changes the running guest only");
		return 0;
	}
	if (strcmp(cmd, "human-monitor-command") == 0) {
		const char *line = member(args, "command-line");
		if (!line)
			return vm_error_set(err, VM_EXIT_USAGE, "QMP human-monitor-command needs a \"command-line\" string");
		return hmp_translate(guest, tr_keep(t, xstrdup(line)), t, err);
	}
	char *q = msg_quote(cmd);
	vm_error_set(err, VM_EXIT_UNSUPPORTED, "the QMP command %s has no vmctl equivalent; translate reads " QMP_READ, q);
	free(q);
	return -1;
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
