/* xl.c: the xl vocabulary (Xen 4.17).  xl parses a subcommand's options only
 * before the domain, honours `--`, reads an all-digit domain as a domid and
 * a bare mem-set number as MiB. */
#include <stdlib.h>

#include "explain.h"
#include "uri.h"

/* Appends "--" when any operand begins with '-', then the operands. */
static void operands(struct strvec *c, const char *a, const char *b, const char *d)
{
	const char *ops[] = { a, b, d };
	int dash = 0;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		dash |= ops[i] && ops[i][0] == '-';
	if (dash)
		strvec_push(c, "--");
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (ops[i])
			strvec_push(c, ops[i]);
}

static struct strvec *sub(struct explanation *ex, const char *subcommand)
{
	struct strvec *c = ex_cmd(ex, "xl");
	strvec_push(c, subcommand);
	return c;
}

static void config_note(struct explanation *ex, const struct vm_request *req, const char *line)
{
	if (!req->config)
		return;
	if (req->live)
		ex_approx(ex, "xl keeps no definition: for the next start also set %s in the guest's .cfg", line);
	else
		ex_approx(ex, "xl changes the running domain only; the next start reads %s from the guest's .cfg", line);
}

void explain_xl(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_LIST:
		sub(ex, "list");
		ex_approx(ex, "xl lists running domains only; a guest known only by /etc/xen/NAME.cfg is not shown");
		if (req->names)
			ex_note(ex, "xl list has no names-only form: the names are its first column");
		return;
	case VERB_INFO:
		c = sub(ex, "list");
		strvec_push(c, "-v");
		operands(c, g, NULL, NULL);
		ex_note(ex, "xl list -l %s prints the whole configuration as JSON", g);
		return;
	case VERB_START:
		c = sub(ex, "create");
		if (req->paused)
			strvec_push(c, "-p");
		if (req->console)
			strvec_push(c, "-c");
		if (req->from) {
			operands(c, req->from, NULL, NULL);
		} else {
			strvec_pushf(c, "/etc/xen/%s.cfg", g);
			ex_note(ex, "xl keeps no definitions: a guest starts from its config file");
		}
		return;
	case VERB_STOP:
		c = sub(ex, "shutdown");
		if (req->timeout > 0)
			strvec_push(c, "-w");
		strvec_push(c, "-F");
		operands(c, g, NULL, NULL);
		if (req->timeout > 0)
			ex_approx(ex, "xl shutdown -w waits without a limit; vmctl waits at most %u s and then fails (exit 1)",
				  req->timeout);
		if (req->force)
			ex_approx(ex, "with --force vmctl then kills a guest still running: xl destroy %s", g);
		ex_note(ex, "-F falls back to an ACPI power button event for HVM guests without PV drivers, as vmctl does");
		return;
	case VERB_KILL:
		operands(sub(ex, "destroy"), g, NULL, NULL);
		ex_note(ex, "xl destroy powers the domain off at once and deletes nothing (vzctl destroy deletes a container)");
		return;
	case VERB_REBOOT:
		operands(sub(ex, "reboot"), g, NULL, NULL);
		return;
	case VERB_PAUSE:
		operands(sub(ex, "pause"), g, NULL, NULL);
		ex_note(ex, "virsh calls this suspend; vzctl suspend is something else: a checkpoint to disk");
		return;
	case VERB_RESUME:
		operands(sub(ex, "unpause"), g, NULL, NULL);
		ex_note(ex, "xl says unpause where virsh says resume; vzctl resume restores a checkpoint");
		return;
	case VERB_VCPU_SET: {
		char *n = xasprintf("%u", req->count);
		operands(sub(ex, "vcpu-set"), g, n, NULL);
		char *line = xasprintf("vcpus=%u", req->count);
		config_note(ex, req, line);
		free(line);
		free(n);
		ex_note(ex, "xl vcpu-set is virsh setvcpus");
		return;
	}
	case VERB_MEM_SET: {
		char *size = size_with_suffix(req->size_kib, "k", "m", "g", "t");
		operands(sub(ex, "mem-set"), g, size, NULL);
		if (req->config) {
			char *line = req->size_kib % 1024 == 0
				? xasprintf("memory=%llu", (unsigned long long)(req->size_kib / 1024))
				: xasprintf("memory= (in MiB)");
			config_note(ex, req, line);
			free(line);
		}
		ex_note(ex, "xl reads a bare number as MiB (xl(1) says KiB), so the unit is written out");
		free(size);
		return;
	}
	case VERB_CD_CHANGE:
		if (req->device[0] == '/') {
			ex_none(ex, "xl names a CD drive by its virtual device (such as hdc), not by the path of its medium");
			return;
		}
		if (req->eject) {
			operands(sub(ex, "cd-eject"), g, req->device, NULL);
		} else {
			operands(sub(ex, "cd-insert"), g, req->device, req->iso);
			ex_note(ex, "xl cd-insert is virsh change-media --update and the QEMU monitor's change");
		}
		ex_note(ex, "HVM guests only: a PV guest has no emulated CD drive");
		return;
	case VERB_CONSOLE:
		operands(sub(ex, "console"), g, NULL, NULL);
		ex_note(ex, "leave the console with Ctrl+]");
		return;
	case VERB_SAVE:
		operands(sub(ex, "save"), g, req->path, NULL);
		ex_note(ex, "the domain is gone after the save, as with vmctl; xl save -c would keep it running");
		return;
	case VERB_RESTORE:
		operands(sub(ex, "restore"), req->path, NULL, NULL);
		if (g)
			ex_note(ex, "the domain's name comes from the saved file");
		return;
	case VERB_SNAPSHOT:
		ex_none(ex, "xl has no snapshots; closest: xl save (memory only) or a snapshot of the disk images");
		return;
	case VERB_MIGRATE: {
		char *host = uri_host(req->dest);
		operands(sub(ex, "migrate"), g, host, NULL);
		if (uri_is_uri(req->dest))
			ex_approx(ex, "xl migrate takes a host reached over ssh, not a libvirt URI");
		if (!req->live)
			ex_note(ex, "xl migrate is always live");
		ex_note(ex, "xl does not copy disks: they must be reachable at the same paths on %s", host);
		free(host);
		return;
	}
	case VERB_HOST:
		sub(ex, "info");
		ex_approx(ex, "xl info describes the Xen hypervisor only; vmctl host also checks KVM, libvirt and LXC");
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	ex_none(ex, "not a guest operation");
}
