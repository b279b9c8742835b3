/* xl.c: the xl vocabulary (Xen 4.17).  xl parses a subcommand's options only
 * before the domain, honours `--`, reads an all-digit domain as a domid and
 * a bare mem-set number as MiB. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explain.h"
#include "quote.h"
#include "uri.h"

/* xl create reads an xl.cfg (xl(1) create; xl.cfg(5)), virsh create domain
 * XML only (virsh(1) create FILE).  Explain reads no file: the name says
 * which, as people name them (/etc/xen/NAME, NAME.cfg, NAME.hvm; NAME.xml). */
enum config_format config_format(const char *file, const char **why)
{
	static const char *const xlcfg[][2] = {
		{ ".cfg", "its name ends in .cfg" },
		{ ".conf", "its name ends in .conf" },
		{ ".hvm", "its name ends in .hvm" },
	};
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	const char *dot = strrchr(base, '.');
	if (dot == base)
		dot = NULL; /* .web1: a hidden file without extension */
	if (dot && strcasecmp(dot, ".xml") == 0) {
		*why = "its name ends in .xml";
		return CONFIG_XML;
	}
	if (strncmp(file, "/etc/xen/", 9) == 0) {
		*why = "it is in /etc/xen";
		return CONFIG_XLCFG;
	}
	for (size_t i = 0; i < ARRAY_SIZE(xlcfg); i++) {
		if (dot && strcasecmp(dot, xlcfg[i][0]) == 0) {
			*why = xlcfg[i][1];
			return CONFIG_XLCFG;
		}
	}
	if (!dot) {
		*why = "its name has no extension";
		return CONFIG_XLCFG;
	}
	*why = "its name ends in neither .xml nor .cfg, .conf or .hvm";
	return CONFIG_UNKNOWN;
}

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

/* --config: xl keeps no definition (the Xen backend refuses --config, exit
 * 4); the next start reads line from the guest's .cfg.  Returns true when
 * there is no xl command (--config alone). */
static bool config_note(struct explanation *ex, const struct vm_request *req, const char *line)
{
	if (!req->config)
		return false;
	if (req->live) {
		ex_approx(ex, "xl keeps no definition: for the next start also set %s in the guest's .cfg", line);
		return false;
	}
	ex_none(ex, "xl keeps no definition and changes the running domain only; closest: set %s in the guest's .cfg, which the next start reads",
		line);
	return true;
}

/* The base name of file with its extension replaced by ext (web1.xml ->
 * web1.cfg), for the file a conversion writes; a new string. */
static char *converted_name(const char *file, const char *ext)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return xasprintf("%.*s%s", (int)len, base, ext);
}

/* xl create CONFIG, or why not: xl reads an xl.cfg only. */
static void create_from(struct explanation *ex, struct strvec *c, const struct vm_request *req)
{
	const char *from = req->from;
	const char *why;
	enum config_format f = config_format(from, &why);
	if (f == CONFIG_XML) {
		/* virsh(1) domxml-to-native FORMAT XML; the format xen-xl is
		 * libvirt's libxl driver's (src/libxl/xen_xl.c, xen_common.h
		 * XEN_CONFIG_FORMAT_XL), so only a xen:// connection converts. */
		char *cfg = converted_name(from, ".cfg");
		char *qf = sh_quote(from), *qc = sh_quote(cfg);
		ex_none(ex, "xl create reads an xl.cfg, not domain XML (%s: %s); closest: virsh -c xen:///system domxml-to-native xen-xl %s > %s, then xl create %s%s%s",
			from, why, qf, qc, req->paused ? "-p " : "", req->console ? "-c " : "", qc);
		ex_note(ex, "only libvirt's libxl driver (xen:///system, on the Xen host) converts domain XML to an xl.cfg");
		free(qf);
		free(qc);
		free(cfg);
		return;
	}
	operands(c, from, NULL, NULL);
	if (f == CONFIG_UNKNOWN)
		ex_approx(ex, "the name of %s does not say what it is (%s): xl create reads an xl.cfg only", from, why);
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
			create_from(ex, c, req);
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
		bool none = config_note(ex, req, line);
		free(line);
		free(n);
		if (!none)
			ex_note(ex, "xl vcpu-set is virsh setvcpus");
		return;
	}
	case VERB_MEM_SET: {
		char *size = size_with_suffix(req->size_kib, "k", "m", "g", "t");
		operands(sub(ex, "mem-set"), g, size, NULL);
		bool none = false;
		if (req->config) {
			char *line = req->size_kib % 1024 == 0
				? xasprintf("memory=%llu", (unsigned long long)(req->size_kib / 1024))
				: xasprintf("memory= (in MiB)");
			none = config_note(ex, req, line);
			free(line);
		}
		if (!none)
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
	CASE_WATCH:
		explain_watch(VOCAB_XL, req, ex);
		return;
	CASE_DEVICES:
		explain_devices(VOCAB_XL, req, ex);
		return;
	CASE_DEFINE:
		explain_define(VOCAB_XL, req, ex);
		return;
	CASE_RESOURCES:
		explain_no_resources(req, ex, "xl has no storage pools or images: Xen users keep disk files in a directory "
					      "and make them with qemu-img (--explain=qemu) or dd",
				     "xl has no virtual networks: Xen users make a bridge with ip link (or brctl) and name it in the guest's vif = ['bridge=BR']");
		return;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		break;
	}
	ex_none(ex, "not a guest operation");
}
