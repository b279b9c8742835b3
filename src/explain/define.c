/* define.c: a guest's definition (create, delete, config, autostart,
 * rename) in every vocabulary.  Explain looks nothing up: the domain XML
 * and the xl.cfg shown are made from the spec alone, as the backends make
 * theirs (the domain type is kvm here, where the backend asks libvirt). */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_virsh.h"
#include "quote.h"
#include "xlcfg.h"

#define XEN_DIR "/etc/xen"

static const char *spec(const struct vm_request *req, const char *name)
{
	return vm_value_str(req, name);
}

/* The first spec option a container cannot have, or NULL. */
static const char *vm_only(const struct vm_request *req)
{
	static const char *const items[] = { "kernel", "initrd", "cdrom", "type", "disk" };
	for (size_t i = 0; i < ARRAY_SIZE(items); i++)
		if (vm_value(req, items[i]))
			return items[i];
	return NULL;
}

static const char *name_of(const struct vm_request *req)
{
	return req->guest ? req->guest : "NAME";
}

/* ---- virsh ---- */

static bool lxc_uri(const struct vm_request *req)
{
	return req->uri && strncmp(req->uri, "lxc", 3) == 0;
}

/* Appends fmt to *out, fmt being "%s" (the text so far) then markup with
 * one "%s", where value goes XML-escaped. */
static void xml_el(char **out, const char *fmt, const char *value)
{
	const char *rest = fmt + 2, *hole = strstr(rest, "%s");
	char *v = explain_xml_escape(value);
	char *more = xasprintf("%s%.*s%s%s", *out, (int)(hole - rest), rest, v, hole + 2);
	free(v);
	free(*out);
	*out = more;
}

static void xml_raw(char **out, const char *markup)
{
	char *more = xasprintf("%s%s", *out, markup);
	free(*out);
	*out = more;
}

/* The domain XML vmctl create defines for the spec (libvirt_define.c). */
static char *domain_xml(const struct vm_request *req)
{
	bool lxc = lxc_uri(req);
	char *x = xasprintf("<domain type='%s'>", lxc ? "lxc" : "kvm");
	xml_el(&x, "%s<name>%s</name>", name_of(req));
	char *more = xasprintf("%s<memory unit='KiB'>%llu</memory><vcpu>%llu</vcpu><os>", x,
			       (unsigned long long)vm_value_num(req, "memory", 512 * 1024),
			       (unsigned long long)vm_value_num(req, "vcpus", 1));
	free(x);
	x = more;
	if (lxc) {
		xml_raw(&x, "<type>exe</type>");
		char *words = xstrdup(spec(req, "cmdline") ? spec(req, "cmdline") : "/sbin/init"), *save = NULL;
		bool first = true; /* split at blanks, as the backend does: no shell */
		for (char *w = strtok_r(words, " \t", &save); w; w = strtok_r(NULL, " \t", &save), first = false)
			xml_el(&x, first ? "%s<init>%s</init>" : "%s<initarg>%s</initarg>", w);
		free(words);
		xml_raw(&x, "</os><devices>");
		if (vm_value_nth(req, "disk", 0))
			xml_el(&x, "%s<filesystem type='mount'><source dir='%s'/><target dir='/'/></filesystem>",
			       vm_value_nth(req, "disk", 0));
	} else {
		xml_el(&x, "%s<type arch='%s'>hvm</type>", "x86_64");
		if (spec(req, "kernel"))
			xml_el(&x, "%s<kernel>%s</kernel>", spec(req, "kernel"));
		if (spec(req, "initrd"))
			xml_el(&x, "%s<initrd>%s</initrd>", spec(req, "initrd"));
		if (spec(req, "cmdline"))
			xml_el(&x, "%s<cmdline>%s</cmdline>", spec(req, "cmdline"));
		if (spec(req, "cdrom"))
			xml_raw(&x, "<boot dev='cdrom'/>");
		xml_raw(&x, "<boot dev='hd'/></os><features><acpi/><apic/></features><devices>");
		for (size_t i = 0; vm_value_nth(req, "disk", i) && i < 26; i++) {
			xml_el(&x, "%s<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='%s'/>",
			       vm_value_nth(req, "disk", i));
			char *t = xasprintf("%s<target dev='vd%c' bus='virtio'/></disk>", x, (char)('a' + i));
			free(x);
			x = t;
		}
		if (spec(req, "cdrom"))
			xml_el(&x, "%s<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='%s'/>"
				   "<target dev='sda' bus='sata'/><readonly/></disk>", spec(req, "cdrom"));
	}
	for (size_t i = 0; vm_value_nth(req, "network", i); i++) {
		const char *net = vm_value_nth(req, "network", i);
		bool br = strncmp(net, "bridge=", 7) == 0;
		xml_el(&x, br ? "%s<interface type='bridge'><source bridge='%s'/>" : "%s<interface type='network'><source network='%s'/>",
		       br ? net + 7 : net);
		xml_raw(&x, lxc ? "</interface>" : "<model type='virtio'/></interface>");
	}
	xml_raw(&x, "<console type='pty'/></devices></domain>");
	return x;
}

static void virsh_define(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (req->verb) {
	case VERB_CREATE:
		if (req->from) {
			c = virsh_cmd(ex, req, "define");
			virsh_operand(c, "file", req->from);
		} else if (spec(req, "template")) {
			ex_none(ex, "libvirt has no templates: a container's root directory is made first (lxc-create -t, "
				    "or debootstrap), then defined with --disk DIR on lxc:///");
			return;
		} else {
			char *file = xasprintf("%s.xml", name_of(req));
			char *xml = domain_xml(req);
			c = virsh_cmd(ex, req, "define");
			virsh_operand(c, "file", file);
			if (!lxc_uri(req))
				ex_note(ex, "type kvm where the host offers it (virsh domcapabilities), else qemu; disks are raw "
					    "unless their storage pool records another format");
			ex_note(ex, "%s: %s", file, xml);
			free(xml);
			free(file);
		}
		ex_note(ex, "virsh create starts a transient guest from XML; vmctl create defines one, as virsh define does");
		return;
	case VERB_DELETE:
		if (vm_value_flag(req, "force")) {
			c = virsh_cmd(ex, req, "destroy");
			virsh_operand(c, "domain", req->guest);
			ex_note(ex, "virsh destroy only powers the guest off; undefine deletes it (lxc-destroy and vzctl "
				    "destroy delete)");
		}
		c = virsh_cmd(ex, req, "undefine");
		virsh_operand(c, "domain", req->guest);
		strvec_push(c, "--snapshots-metadata");
		strvec_push(c, "--managed-save");
		strvec_push(c, "--checkpoints-metadata");
		strvec_push(c, "--nvram");
		if (vm_value_flag(req, "storage")) {
			strvec_push(c, "--remove-all-storage");
			ex_approx(ex, "--remove-all-storage deletes every volume the guest uses, even one another guest uses; "
				      "vmctl deletes only the volumes no other guest uses and names the disks it left");
		}
		return;
	case VERB_CONFIG:
		c = virsh_cmd(ex, req, "dumpxml");
		virsh_operand(c, "domain", req->guest);
		if (vm_value_flag(req, "inactive"))
			strvec_push(c, "--inactive");
		ex_note(ex, "without --security-info virsh leaves passwords out, as vmctl does");
		return;
	case VERB_AUTOSTART:
		c = virsh_cmd(ex, req, "autostart");
		virsh_operand(c, "domain", req->guest);
		if (strcmp(spec(req, "switch"), "off") == 0)
			strvec_push(c, "--disable");
		return;
	case VERB_RENAME:
		c = virsh_cmd(ex, req, "domrename");
		virsh_operand(c, "domain", req->guest);
		virsh_operand(c, "new-name", spec(req, "new_name"));
		ex_note(ex, "virsh domrename renames only a shut-off guest, xl rename only a running domain");
		return;
	default:
		return;
	}
}

/* ---- xl ---- */

/* The file vmctl create writes (xlcfg_text, the xen backend's own writer),
 * shown line by line; what xl.cfg cannot say, xlcfg_check's reason. */
static void xl_create(const struct vm_request *req, struct explanation *ex)
{
	if (req->from) {
		ex_none(ex, "xl keeps no definitions: vmctl installs CONFIG whole as " XEN_DIR "/NAME.cfg (NAME from its "
			    "name line), which xl create starts");
		return;
	}
	struct vm_error err = { 0 };
	char *text = xlcfg_check(req, &err) == 0 ? xlcfg_text(req, &err) : NULL;
	if (!text) {
		ex_none(ex, "%s", err.msg);
		return;
	}
	char *cfg = xasprintf(XEN_DIR "/%s.cfg", name_of(req));
	char *qcfg = sh_quote(cfg);
	ex_none(ex, "xl keeps no definitions: the guest is the file %s, written whole by vmctl create; xl create %s "
		    "starts it", qcfg, qcfg);
	ex_note(ex, "%s:", cfg);
	for (char *line = text, *end; *line; line = end + (*end != '\0')) {
		end = line + strcspn(line, "\n");
		if (*line != '#' && end > line)
			ex_note(ex, "%.*s", (int)(end - line), line);
	}
	free(qcfg);
	free(cfg);
	free(text);
}

static void xl_define(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	char *cfg = req->guest ? xasprintf(XEN_DIR "/%s.cfg", req->guest) : NULL;
	char *link = req->guest ? xasprintf(XEN_DIR "/auto/%s.cfg", req->guest) : NULL;
	switch (req->verb) {
	case VERB_CREATE:
		xl_create(req, ex);
		break;
	case VERB_DELETE:
		if (vm_value_flag(req, "force")) {
			c = ex_cmd(ex, "xl");
			strvec_push(c, "destroy");
			strvec_push(c, req->guest);
		}
		c = ex_cmd(ex, "rm");
		strvec_push(c, "-f");
		strvec_push(c, "--");
		strvec_push(c, cfg);
		strvec_push(c, link);
		ex_approx(ex, "xl keeps no definitions: deleting the guest is removing %s (and its autostart link)", cfg);
		if (vm_value_flag(req, "force"))
			ex_note(ex, "xl destroy only powers the domain off, as virsh destroy does (lxc-destroy and vzctl "
				    "destroy delete)");
		break;
	case VERB_CONFIG:
		if (vm_value_flag(req, "inactive")) {
			ex_none(ex, "xl keeps no definitions: the inactive one is the file %s", cfg);
			break;
		}
		c = ex_cmd(ex, "xl");
		strvec_push(c, "list");
		strvec_push(c, "-l");
		strvec_push(c, req->guest);
		ex_approx(ex, "xl list -l prints libxl's JSON of a running domain; vmctl prints %s when there is one", cfg);
		break;
	case VERB_AUTOSTART:
		c = ex_cmd(ex, strcmp(spec(req, "switch"), "on") == 0 ? "ln" : "rm");
		strvec_push(c, strcmp(spec(req, "switch"), "on") == 0 ? "-sf" : "-f");
		strvec_push(c, "--");
		if (strcmp(spec(req, "switch"), "on") == 0)
			strvec_push(c, cfg);
		strvec_push(c, link);
		ex_approx(ex, "xl has no autostart: the xendomains service starts the files linked in " XEN_DIR "/auto/");
		break;
	case VERB_RENAME:
		c = ex_cmd(ex, "xl");
		strvec_push(c, "rename");
		strvec_push(c, req->guest);
		strvec_push(c, spec(req, "new_name"));
		ex_approx(ex, "xl rename renames only a running domain and leaves %s as it is, while virsh domrename "
			      "renames only a shut-off guest; vmctl -b xen rename is not supported", cfg);
		break;
	default:
		break;
	}
	free(cfg);
	free(link);
}

/* ---- lxc-* ---- */

static struct strvec *lxc_tool(struct explanation *ex, const struct vm_request *req, const char *name)
{
	struct strvec *c = ex_cmd(ex, name);
	if (req->lxcpath) {
		strvec_push(c, "-P");
		strvec_push(c, req->lxcpath);
	}
	strvec_push(c, "-n");
	strvec_push(c, name_of(req));
	return c;
}

static void lxc_define(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	const char *dir = req->lxcpath ? req->lxcpath : "/var/lib/lxc";
	switch (req->verb) {
	case VERB_CREATE:
		if (req->from) {
			c = lxc_tool(ex, req, "lxc-create");
			strvec_push(c, "-t");
			strvec_push(c, "none");
			strvec_push(c, "-f");
			strvec_push(c, req->from);
			ex_approx(ex, "lxc-create -t none copies CONFIG's items; the root filesystem is the one CONFIG names");
			return;
		}
		if (vm_only(req)) {
			ex_none(ex, "a container has no --%s: it runs the host's kernel on a root filesystem a template "
				    "makes", vm_only(req));
			return;
		}
		if (!spec(req, "template")) {
			ex_none(ex, "lxc-create needs a template: lxc-create -n %s -t TEMPLATE (such as busybox)", name_of(req));
			return;
		}
		c = lxc_tool(ex, req, "lxc-create");
		strvec_push(c, "-t");
		strvec_push(c, spec(req, "template"));
		ex_note(ex, "then in %s/%s/config:", dir, name_of(req));
		if (vm_value(req, "memory") || vm_value(req, "vcpus"))
			ex_note(ex, "(cgroup v2 keys; on a cgroup v1 host lxc.cgroup.memory.limit_in_bytes and "
				    "lxc.cgroup.cpuset.cpus)");
		if (vm_value(req, "memory"))
			ex_note(ex, "lxc.cgroup2.memory.max = %llu", (unsigned long long)vm_value_num(req, "memory", 0) * 1024);
		if (vm_value(req, "vcpus")) {
			unsigned long long n = vm_value_num(req, "vcpus", 1);
			ex_note(ex, n == 1 ? "lxc.cgroup2.cpuset.cpus = 0" : "lxc.cgroup2.cpuset.cpus = 0-%llu", n - 1);
		}
		if (vm_value_nth(req, "network", 0) && strncmp(vm_value_nth(req, "network", 0), "bridge=", 7) == 0) {
			ex_note(ex, "lxc.net.0.type = veth");
			ex_note(ex, "lxc.net.0.link = %s", vm_value_nth(req, "network", 0) + 7);
			ex_note(ex, "lxc.net.0.flags = up");
		} else {
			ex_note(ex, "lxc.net.0.type = empty");
		}
		return;
	case VERB_DELETE:
		c = lxc_tool(ex, req, "lxc-destroy");
		strvec_push(c, "-s");
		if (vm_value_flag(req, "force"))
			strvec_push(c, "-f");
		ex_note(ex, "lxc-destroy deletes the container and its root filesystem, while virsh destroy and xl destroy "
			    "only power off");
		return;
	case VERB_CONFIG:
		ex_none(ex, "LXC's definition is the file %s/%s/config; lxc-info shows the state only", dir, req->guest);
		return;
	case VERB_AUTOSTART:
		ex_none(ex, "no lxc-* command sets it: lxc.start.auto = %d in %s/%s/config, which lxc-autostart reads at "
			    "boot", strcmp(spec(req, "switch"), "on") == 0, dir, req->guest);
		return;
	case VERB_RENAME:
		c = lxc_tool(ex, req, "lxc-copy");
		strvec_push(c, "-N");
		strvec_push(c, spec(req, "new_name"));
		strvec_push(c, "-R");
		ex_note(ex, "lxc-copy -R renames a stopped container (without -R it clones)");
		return;
	default:
		return;
	}
}

/* ---- vzctl ---- */

static bool ctid(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static void vz_define(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (req->verb) {
	case VERB_CREATE:
		if (req->from || vm_only(req) || !spec(req, "template") || !ctid(name_of(req))) {
			ex_none(ex, "%s", req->from ? "vzctl create reads a sample config (--config NAME from /etc/vz/conf), not a "
						      "whole definition"
					  : vm_only(req) ? "a container has no kernel, disk image or CD drive"
					  : !spec(req, "template") ? "vzctl create needs an OS template: vzctl create CTID --ostemplate T"
					  : "vzctl create needs a numeric CTID: vzctl create CTID --ostemplate T --name NAME");
			return;
		}
		c = ex_cmd(ex, "vzctl");
		strvec_push(c, "create");
		strvec_push(c, req->guest);
		strvec_push(c, "--ostemplate");
		strvec_push(c, spec(req, "template"));
		if (vm_value(req, "memory") || vm_value(req, "vcpus")) {
			c = ex_cmd(ex, "vzctl");
			strvec_push(c, "set");
			strvec_push(c, req->guest);
			if (vm_value(req, "memory"))
				strvec_pushf(c, "--ram=%lluK", (unsigned long long)vm_value_num(req, "memory", 0));
			if (vm_value(req, "vcpus"))
				strvec_pushf(c, "--cpus=%llu", (unsigned long long)vm_value_num(req, "vcpus", 1));
			strvec_push(c, "--save");
		}
		if (vm_value_nth(req, "network", 0))
			ex_note(ex, "vzctl joins a bridge with vzctl set CTID --netif_add eth0 --save and /etc/vz/vznet.conf");
		return;
	case VERB_DELETE:
		if (vm_value_flag(req, "force")) {
			c = ex_cmd(ex, "vzctl");
			strvec_push(c, "stop");
			strvec_push(c, req->guest);
			strvec_push(c, "--fast");
		}
		c = ex_cmd(ex, "vzctl");
		strvec_push(c, "destroy");
		strvec_push(c, req->guest);
		ex_note(ex, "vzctl destroy deletes the container and its files, while virsh destroy and xl destroy only "
			    "power off");
		return;
	case VERB_CONFIG:
		ex_none(ex, "vzctl's definition is the file /etc/vz/conf/CTID.conf; vzlist -a -o all shows its values");
		return;
	case VERB_AUTOSTART:
		c = ex_cmd(ex, "vzctl");
		strvec_push(c, "set");
		strvec_push(c, req->guest);
		strvec_push(c, "--onboot");
		strvec_push(c, strcmp(spec(req, "switch"), "on") == 0 ? "yes" : "no");
		strvec_push(c, "--save");
		return;
	case VERB_RENAME:
		c = ex_cmd(ex, "vzctl");
		strvec_push(c, "set");
		strvec_push(c, req->guest);
		strvec_push(c, "--name");
		strvec_push(c, spec(req, "new_name"));
		strvec_push(c, "--save");
		ex_approx(ex, "vzctl set --name gives the container a name beside its CTID, which stays");
		return;
	default:
		return;
	}
}

void explain_define(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	switch (v) {
	case VOCAB_VIRSH:
		virsh_define(req, ex);
		return;
	case VOCAB_XL:
		xl_define(req, ex);
		return;
	case VOCAB_LXC:
		lxc_define(req, ex);
		return;
	case VOCAB_VZCTL:
		vz_define(req, ex);
		return;
	case VOCAB_QEMU:
		ex_none(ex, "%s", req->verb == VERB_CONFIG ? "the monitor shows a running guest's devices (info qtree), not "
							     "its definition; closest: virsh dumpxml"
				 : "QEMU keeps no definitions: a guest is its qemu-system command line; closest: the "
				   "virsh vocabulary");
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
