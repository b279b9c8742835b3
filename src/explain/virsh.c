/* virsh.c: the virsh vocabulary (libvirt 9.0).  An operand that begins with
 * '-' is given as --option=VALUE so that virsh's parser never reads it as an
 * option; a numeric name is read by virsh as an id first, as vmctl does. */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_virsh.h"
#include "quote.h"
#include "uri.h"

/* "virsh [-c URI] SUBCOMMAND" */
struct strvec *virsh_cmd(struct explanation *ex, const struct vm_request *req, const char *subcommand)
{
	struct strvec *c = ex_cmd(ex, "virsh");
	if (req->uri) {
		char *uri = uri_redact(req->uri);
		strvec_push(c, "-c");
		strvec_push(c, uri);
		free(uri);
	}
	strvec_push(c, subcommand);
	return c;
}

/* A positional operand, or --option=VALUE when it begins with '-'. */
void virsh_operand(struct strvec *c, const char *option, const char *value)
{
	if (value[0] == '-')
		strvec_pushf(c, "--%s=%s", option, value);
	else
		strvec_push(c, value);
}

void virsh_affect(struct strvec *c, const struct vm_request *req)
{
	if (req->live)
		strvec_push(c, "--live");
	if (req->config)
		strvec_push(c, "--config");
	if (!req->live && !req->config)
		strvec_push(c, "--current");
}

struct strvec *virsh_dom_cmd(struct explanation *ex, const struct vm_request *req, const char *subcommand)
{
	struct strvec *c = virsh_cmd(ex, req, subcommand);
	virsh_operand(c, "domain", req->guest);
	return c;
}

/* virsh create of an xl.cfg: virsh reads domain XML only (virsh(1) create
 * FILE).  virsh(1) domxml-from-native FORMAT CONFIG converts, and only
 * libvirt's libxl driver knows the format xen-xl (src/libxl/xen_xl.c,
 * xen_common.h XEN_CONFIG_FORMAT_XL), so the conversion needs a xen://
 * connection on the Xen host; no command line does it alone. */
static void create_converted(struct explanation *ex, const struct vm_request *req, const char *why)
{
	const char *from = req->from;
	const char *base = strrchr(from, '/');
	base = base ? base + 1 : from;
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *xml = xasprintf("%.*s.xml", (int)len, base);
	char *qf = sh_quote(from), *qx = sh_quote(xml);
	ex_none(ex, "virsh create reads domain XML, not an xl.cfg (%s: %s); closest: virsh -c xen:///system domxml-from-native xen-xl %s > %s, then virsh -c xen:///system create %s%s%s",
		from, why, qf, qx, qx, req->paused ? " --paused" : "", req->console ? " --console" : "");
	ex_note(ex, "only libvirt's libxl driver (xen:///system, on the Xen host) converts an xl.cfg; no other driver reads one");
	free(qf);
	free(qx);
	free(xml);
}

/* Progress (CLI.md, "Long operations"): vmctl shows it on a terminal
 * unasked, as virsh does with --verbose, which only adds the progress
 * line on stderr; so the line vmctl runs is written with it, always. */
#define PROGRESS_NOTE "--verbose shows the progress on stderr, as vmctl does on a terminal (vmctl --progress: also to a file or pipe)"

void explain_virsh(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_LIST:
		c = virsh_cmd(ex, req, "list");
		strvec_push(c, "--all");
		if (req->names)
			strvec_push(c, "--name");
		return;
	case VERB_INFO:
		virsh_dom_cmd(ex, req, "dominfo");
		ex_note(ex, "virsh domstate prints the state alone");
		return;
	case VERB_START:
		if (req->from) {
			const char *why;
			enum config_format f = config_format(req->from, &why);
			if (f == CONFIG_XLCFG) {
				create_converted(ex, req, why);
				return;
			}
			c = virsh_cmd(ex, req, "create");
			virsh_operand(c, "file", req->from);
			if (f == CONFIG_UNKNOWN)
				ex_approx(ex, "the name of %s does not say what it is (%s): virsh create reads domain XML only",
					  req->from, why);
			ex_note(ex, "virsh create starts a transient guest from domain XML (xl create reads xl.cfg)");
		} else {
			c = virsh_dom_cmd(ex, req, "start");
		}
		if (req->paused)
			strvec_push(c, "--paused");
		if (req->console)
			strvec_push(c, "--console");
		return;
	case VERB_STOP:
		c = virsh_dom_cmd(ex, req, "shutdown");
		if (req->uri && strncmp(req->uri, "lxc", 3) == 0 && strchr("+:", req->uri[3])) {
			strvec_push(c, "--mode");
			strvec_push(c, "signal");
			ex_note(ex, "libvirt-LXC: --mode signal sends SIGTERM to the container's init; the default initctl mode does nothing without /dev/initctl");
		}
		if (req->timeout > 0)
			ex_approx(ex, "virsh shutdown returns at once; vmctl waits up to %u s for the guest to go down (virsh domstate shows it)",
				  req->timeout);
		if (req->force)
			ex_approx(ex, "with --force vmctl then kills a guest still running, as virsh destroy does");
		return;
	case VERB_KILL:
		virsh_dom_cmd(ex, req, "destroy");
		ex_note(ex, "virsh destroy is a hard power-off: it keeps a persistent guest's definition (vzctl destroy deletes a container)");
		return;
	case VERB_REBOOT:
		virsh_dom_cmd(ex, req, "reboot");
		ex_note(ex, "virsh reset is the hard reset");
		return;
	case VERB_PAUSE:
		virsh_dom_cmd(ex, req, "suspend");
		ex_note(ex, "virsh suspend pauses in memory (xl pause); vzctl suspend is a checkpoint to disk");
		return;
	case VERB_RESUME:
		virsh_dom_cmd(ex, req, "resume");
		ex_note(ex, "virsh resume unpauses (xl unpause); vzctl resume restores a checkpoint");
		return;
	case VERB_VCPU_SET:
		c = virsh_dom_cmd(ex, req, "setvcpus");
		strvec_pushf(c, "%u", req->count);
		virsh_affect(c, req);
		ex_note(ex, "virsh setvcpus is xl vcpu-set; virsh vcpucount reads it back");
		return;
	case VERB_MEM_SET: {
		c = virsh_dom_cmd(ex, req, "setmem");
		char *size = size_with_suffix(req->size_kib, "K", "M", "G", "T");
		strvec_push(c, size);
		free(size);
		virsh_affect(c, req);
		ex_note(ex, "virsh reads a bare number as KiB, and KB, MB, GB as powers of 10: the binary unit is written out");
		return;
	}
	case VERB_CD_CHANGE:
		c = virsh_dom_cmd(ex, req, "change-media");
		virsh_operand(c, "path", req->device);
		if (req->eject) {
			strvec_push(c, "--eject");
		} else {
			virsh_operand(c, "source", req->iso);
			strvec_push(c, "--update");
			ex_note(ex, "--update inserts or swaps; --insert would fail on a drive that holds a medium");
			ex_note(ex, "virsh change-media is xl cd-insert and the QEMU monitor's change");
		}
		return;
	case VERB_CONSOLE:
		virsh_dom_cmd(ex, req, "console");
		ex_note(ex, "leave the console with Ctrl+]");
		return;
	case VERB_SAVE:
		c = virsh_dom_cmd(ex, req, "save");
		virsh_operand(c, "file", req->path);
		strvec_push(c, "--verbose");
		ex_note(ex, "the guest stops once saved; virsh restore starts it again");
		ex_note(ex, PROGRESS_NOTE);
		return;
	case VERB_RESTORE:
		c = virsh_cmd(ex, req, "restore");
		virsh_operand(c, "file", req->path);
		if (g)
			ex_note(ex, "the guest's name comes from the saved file");
		ex_note(ex, "virsh restore has no --verbose: it shows no progress (vmctl does, on a terminal)");
		return;
	case VERB_SNAPSHOT:
		switch (req->snapshot_op) {
		case SNAPSHOT_CREATE:
			c = virsh_dom_cmd(ex, req, "snapshot-create-as");
			if (req->snapshot)
				virsh_operand(c, "name", req->snapshot);
			return;
		case SNAPSHOT_LIST:
			virsh_dom_cmd(ex, req, "snapshot-list");
			return;
		case SNAPSHOT_REVERT:
			c = virsh_dom_cmd(ex, req, "snapshot-revert");
			virsh_operand(c, "snapshotname", req->snapshot);
			return;
		case SNAPSHOT_DELETE:
			c = virsh_dom_cmd(ex, req, "snapshot-delete");
			virsh_operand(c, "snapshotname", req->snapshot);
			return;
		}
		break;
	case VERB_MIGRATE: {
		c = virsh_cmd(ex, req, "migrate");
		if (req->live)
			strvec_push(c, "--live");
		if (req->unsafe)
			strvec_push(c, "--unsafe");
		strvec_push(c, "--verbose");
		virsh_operand(c, "domain", g);
		if (uri_is_uri(req->dest)) {
			char *uri = uri_redact(req->dest);
			strvec_push(c, uri);
			free(uri);
		} else {
			strvec_pushf(c, "qemu+ssh://%s/system", req->dest);
			ex_note(ex, "a bare host means qemu+ssh://HOST/system");
		}
		if (!req->unsafe)
			ex_note(ex, "libvirt refuses to migrate a guest with local disks unless --unsafe is given");
		ex_note(ex, PROGRESS_NOTE);
		return;
	}
	case VERB_HOST:
		virsh_cmd(ex, req, "nodeinfo");
		ex_approx(ex, "virsh nodeinfo shows the host's CPUs and memory; virt-host-validate checks what it can run");
		return;
	CASE_WATCH:
		explain_watch(VOCAB_VIRSH, req, ex);
		return;
	CASE_DEVICES:
		explain_devices(VOCAB_VIRSH, req, ex);
		return;
	CASE_DEFINE:
		explain_define(VOCAB_VIRSH, req, ex);
		return;
	CASE_RESOURCES:
		explain_virsh_resources(req, ex);
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	ex_none(ex, "not a guest operation");
}
