/* qemu.c: the QEMU monitor vocabulary (QEMU 7.2 HMP), shown as the runnable
 * virsh qemu-monitor-command GUEST --hmp 'COMMAND', with the bare monitor
 * command in a note. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_virsh.h"
#include "quote.h"

static void hmp(struct explanation *ex, const struct vm_request *req, const char *command)
{
	struct strvec *c = virsh_cmd(ex, req, "qemu-monitor-command");
	virsh_operand(c, "domain", req->guest);
	strvec_push(c, "--hmp");
	strvec_push(c, command);
	ex_note(ex, "monitor command: %s", command);
}

/* The same through QMP (virsh qemu-monitor-command without --hmp). */
static void qmp(struct explanation *ex, const struct vm_request *req, const char *command)
{
	struct strvec *c = virsh_cmd(ex, req, "qemu-monitor-command");
	virsh_operand(c, "domain", req->guest);
	strvec_push(c, command);
	ex_note(ex, "monitor command (QMP): %s", command);
}

/* A JSON string literal for s (names and paths are valid UTF-8 without
 * control characters, so only quote and backslash need escaping). */
static char *json_quote(const char *s)
{
	char *out = xmalloc(strlen(s) * 2 + 3), *o = out;
	*o++ = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

/* The device id libvirt gives an IDE drive: hdc -> ide0-1-0; NULL when it
 * cannot be derived from the target name alone. */
static char *libvirt_ide_id(const char *target)
{
	if (strlen(target) == 3 && target[0] == 'h' && target[1] == 'd' && target[2] >= 'a' && target[2] <= 'd') {
		unsigned n = (unsigned)(target[2] - 'a');
		return xasprintf("ide0-%u-%u", n / 2, n % 2);
	}
	return NULL;
}

/* Only a guest that QEMU runs under libvirt's QEMU driver has a monitor
 * that virsh qemu-monitor-command reaches: libvirt implements
 * virDomainQemuMonitorCommand in its qemu driver alone (the lxc, libxl,
 * openvz and test drivers have no domainQemuMonitorCommand: test_driver.c's
 * testHypervisorDriver, for one); vmctl's xen, lxc and openvz backends run
 * no QEMU of their own.  Says so in ex and returns true for such a guest;
 * a URI without a scheme (a libvirt alias) keeps the monitor's answer. */
static bool no_monitor(const struct vm_request *req, struct explanation *ex)
{
	switch (req->backend) {
	case BACKEND_XEN:
		ex_none(ex, "the xen backend runs the guest under Xen, not QEMU (xl qemu-monitor-command reaches only an HVM guest's device model); "
			"closest: the xl vocabulary (--explain=xl)");
		return true;
	case BACKEND_LXC:
	case BACKEND_OPENVZ:
		ex_none(ex, "the %s backend runs containers: no QEMU, no monitor; closest: the %s vocabulary (--explain=%s)",
			vm_backend_name(req->backend), req->backend == BACKEND_LXC ? "lxc" : "vzctl",
			req->backend == BACKEND_LXC ? "lxc" : "vzctl");
		return true;
	case BACKEND_LIBVIRT:
	case BACKEND_NONE:
		break;
	}
	if (!req->uri)
		return false;
	size_t n = strcspn(req->uri, "+:");
	if (!req->uri[n] || (n == 4 && strncmp(req->uri, "qemu", 4) == 0))
		return false;
	ex_none(ex, "libvirt's %.*s driver runs no QEMU monitor: qemu-monitor-command works on qemu:// connections only; "
		"closest: the virsh vocabulary (--explain=virsh)", (int)n, req->uri);
	return true;
}

void explain_qemu(const struct vm_request *req, struct explanation *ex)
{
	char *cmd = NULL;
	if (explain_qemu_img(req, ex)) /* qemu-img needs no monitor */
		return;
	if (no_monitor(req, ex))
		return;
	switch (req->verb) {
	case VERB_LIST:
		ex_none(ex, "a monitor serves one guest; closest: virsh list --all");
		return;
	case VERB_INFO:
		hmp(ex, req, "info status");
		ex_approx(ex, "info status gives the run state only; info cpus and info balloon add vCPUs and memory");
		return;
	case VERB_START:
		ex_none(ex, "the monitor exists only while QEMU runs; closest: cont, for a QEMU started with -S");
		return;
	case VERB_STOP:
		hmp(ex, req, "system_powerdown");
		if (req->timeout > 0)
			ex_approx(ex, "system_powerdown presses the ACPI power button and returns; vmctl waits up to %u s",
				  req->timeout);
		if (req->force)
			ex_approx(ex, "with --force vmctl then kills a guest still running");
		return;
	case VERB_KILL:
		hmp(ex, req, "quit");
		ex_approx(ex, "quit ends QEMU at once; under libvirt, virsh destroy does this and cleans up");
		return;
	case VERB_REBOOT:
		hmp(ex, req, "system_reset");
		ex_approx(ex, "system_reset is a hard reset: the guest is not asked");
		return;
	case VERB_PAUSE:
		hmp(ex, req, "stop");
		ex_note(ex, "the monitor's stop pauses the guest; it does not shut it down");
		return;
	case VERB_RESUME:
		hmp(ex, req, "cont");
		return;
	case VERB_VCPU_SET:
		ex_none(ex, "no single monitor command; closest: info hotpluggable-cpus, then device_add TYPE,socket-id=S,core-id=C,thread-id=T for each CPU to add");
		return;
	case VERB_MEM_SET:
		if (req->config && !req->live) {
			ex_none(ex, "the monitor changes the running guest only");
			return;
		}
		cmd = xasprintf("balloon %llu", (unsigned long long)((req->size_kib + 1023) / 1024));
		hmp(ex, req, cmd);
		if (req->size_kib % 1024)
			ex_approx(ex, "balloon takes whole MiB: the size is rounded up");
		if (req->config)
			ex_approx(ex, "the monitor changes the running guest only, not its definition");
		ex_note(ex, "balloon takes MiB and needs a virtio balloon device");
		break;
	case VERB_CD_CHANGE: {
		/* HMP's change and eject name a drive by its block-backend name,
		 * which libvirt's -blockdev drives do not have: QMP takes the
		 * device id instead. */
		if (req->device[0] == '/') {
			ex_none(ex, "the monitor names a drive by its device id, not by the path of its medium (virsh domblklist shows the target)");
			return;
		}
		char *id = libvirt_ide_id(req->device);
		const char *dev = id ? id : req->device;
		char *jdev = json_quote(dev);
		if (req->eject) {
			cmd = xasprintf("{\"execute\":\"eject\",\"arguments\":{\"id\":%s}}", jdev);
		} else {
			char *jiso = json_quote(req->iso);
			cmd = xasprintf("{\"execute\":\"blockdev-change-medium\",\"arguments\":{\"id\":%s,\"filename\":%s,\"format\":\"raw\"}}",
					jdev, jiso);
			free(jiso);
		}
		qmp(ex, req, cmd);
		if (!id)
			ex_approx(ex, "the device id is libvirt's alias of the drive (virsh dumpxml shows it); %s is a guess", req->device);
		char *bare = req->eject ? xstrdup("") : hmp_quote(req->iso);
		ex_note(ex, "QMP, not HMP: HMP's %s cannot name a drive under libvirt; a bare QEMU takes %s ide1-cd0%s%s",
			req->eject ? "eject" : "change", req->eject ? "eject" : "change",
			*bare ? " " : "", bare);
		free(bare);
		if (!req->eject)
			ex_note(ex, "the monitor's change is virsh change-media --update and xl cd-insert");
		ex_note(ex, "libvirt does not see a change made through the monitor; prefer virsh change-media");
		free(jdev);
		free(id);
		break;
	}
	case VERB_CONSOLE:
		ex_none(ex, "the console is a QEMU character device, not a monitor command; under libvirt: virsh console");
		return;
	case VERB_SAVE:
		ex_none(ex, "closest: stop, then migrate \"exec:cat > FILE\"; virsh restore cannot read such a file");
		return;
	case VERB_RESTORE:
		ex_none(ex, "closest: start QEMU with -incoming \"exec:cat FILE\"");
		return;
	case VERB_SNAPSHOT: {
		char *name = req->snapshot ? hmp_quote(req->snapshot) : NULL;
		switch (req->snapshot_op) {
		case SNAPSHOT_CREATE:
			cmd = name ? xasprintf("savevm %s", name) : xasprintf("savevm");
			break;
		case SNAPSHOT_LIST:
			cmd = xasprintf("info snapshots");
			break;
		case SNAPSHOT_REVERT:
			cmd = xasprintf("loadvm %s", name);
			break;
		case SNAPSHOT_DELETE:
			cmd = xasprintf("delvm %s", name);
			break;
		}
		free(name);
		hmp(ex, req, cmd);
		ex_note(ex, "internal snapshots need a qcow2 disk; libvirt does not know snapshots made through the monitor");
		break;
	}
	case VERB_MIGRATE:
		ex_none(ex, "closest: migrate -d tcp:HOST:PORT, to a QEMU started on HOST with -incoming tcp:0:PORT");
		return;
	case VERB_HOST:
		ex_none(ex, "the monitor speaks for one guest; closest: info kvm");
		return;
	CASE_WATCH:
		explain_watch(VOCAB_QEMU, req, ex);
		return;
	CASE_DEVICES:
		explain_devices(VOCAB_QEMU, req, ex);
		return;
	CASE_DEFINE:
		explain_define(VOCAB_QEMU, req, ex);
		return;
	CASE_RESOURCES:
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		ex_none(ex, "not a guest operation");
		return;
	}
	free(cmd);
}
