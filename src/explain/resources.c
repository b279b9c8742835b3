/* resources.c: libvirt's host resources (storage pools and disk images) in
 * the virsh vocabulary (libvirt 9.0) and as qemu-img (QEMU 7.2) in the
 * qemu vocabulary, whatever the connection's driver.  Explain looks nothing
 * up: a PATH's pool is named from its directory alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_virsh.h"
#include "quote.h"
#include "validate.h"

#define DEFAULT_POOL_DIR "/var/lib/libvirt/images"

/* The directory of path (absolute: validate_image_path). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The pool explain names for path's directory: `default` for
 * /var/lib/libvirt/images, as libvirt makes it; else a guess, the
 * directory's last component, which makes the line approximate. */
static char *pool_of(struct explanation *ex, const char *path)
{
	char *dir = dir_of(path), *pool;
	if (strcmp(dir, DEFAULT_POOL_DIR) == 0) {
		pool = xstrdup("default");
		ex_note(ex, "pool default: the pool of %s, as libvirt makes it", dir);
	} else {
		pool = xstrdup(strcmp(dir, "/") == 0 ? "root" : base_of(dir));
		char *q = sh_quote(dir);
		ex_approx(ex, "pool %s stands for the pool whose directory is %s: explain looks nothing up (virsh "
			  "pool-list --details names it)", pool, q);
		free(q);
	}
	free(dir);
	return pool;
}

static const char *format_of(const struct vm_request *req)
{
	return vm_value_str(req, "format") ? vm_value_str(req, "format") : "qcow2";
}

static char *size_of(const struct vm_request *req)
{
	return size_with_suffix(vm_value_num(req, "size", 0), "K", "M", "G", "T");
}


char *explain_xml_escape(const char *s)
{
	char *out = xmalloc(strlen(s) * 6 + 1), *o = out;
	for (; *s; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '\'' ? "&apos;"
			      : *s == '"' ? "&quot;" : NULL;
		if (e) {
			strcpy(o, e);
			o += strlen(e);
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* The network XML vmctl net-create defines (as libvirt_network.c writes it,
 * from the same ipv4_plan()). */
static char *net_xml(const struct vm_request *req)
{
	char *name = explain_xml_escape(vm_value_str(req, "name"));
	const char *fwd = vm_value_str(req, "forward") ? vm_value_str(req, "forward") : "nat";
	char *xml = xasprintf("<network><name>%s</name>", name);
	free(name);
#define APPEND(...)                                           \
	do {                                                  \
		char *more = xasprintf(__VA_ARGS__);          \
		char *all = xasprintf("%s%s", xml, more);     \
		free(more);                                   \
		free(xml);                                    \
		xml = all;                                    \
	} while (0)
	if (strcmp(fwd, "none") != 0)
		APPEND("<forward mode='%s'/>", fwd);
	if (vm_value_str(req, "bridge")) {
		char *br = explain_xml_escape(vm_value_str(req, "bridge"));
		APPEND("<bridge name='%s'/>", br);
		free(br);
	}
	struct ipv4_plan plan;
	if (vm_value_str(req, "subnet") && ipv4_plan(vm_value_str(req, "subnet"), &plan) == 0) {
		APPEND("<ip address='%s' prefix='%u'>", plan.gateway, plan.prefix);
		if (vm_value_flag(req, "dhcp"))
			APPEND("<dhcp><range start='%s' end='%s'/></dhcp>", plan.dhcp_start, plan.dhcp_end);
		APPEND("</ip>");
	}
	APPEND("</network>");
#undef APPEND
	return xml;
}

static void net_cmd(struct explanation *ex, const struct vm_request *req, const char *sub)
{
	virsh_operand(virsh_cmd(ex, req, sub), "network", vm_value_str(req, "name"));
}

/* virsh's net-* commands. */
static bool explain_virsh_networks(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (req->verb) {
	case VERB_NET_LIST:
		c = virsh_cmd(ex, req, "net-list");
		strvec_push(c, "--all");
		return true;
	case VERB_NET_INFO:
		net_cmd(ex, req, "net-info");
		net_cmd(ex, req, "net-dhcp-leases");
		ex_note(ex, "net-info leaves out the subnet and the DHCP range: virsh net-dumpxml shows them");
		return true;
	case VERB_NET_CREATE: {
		char *file = xasprintf("%s.xml", vm_value_str(req, "name")), *xml = net_xml(req);
		virsh_operand(virsh_cmd(ex, req, "net-define"), "file", file);
		net_cmd(ex, req, "net-start");
		net_cmd(ex, req, "net-autostart");
		ex_note(ex, "%s: %s", file, xml);
		free(file);
		free(xml);
		return true;
	}
	case VERB_NET_DELETE:
		net_cmd(ex, req, "net-destroy");
		net_cmd(ex, req, "net-undefine");
		ex_note(ex, "false friend: virsh net-destroy only stops a network; net-undefine deletes its definition");
		if (!vm_value_flag(req, "force"))
			ex_note(ex, "vmctl first refuses while a running guest has a NIC on it");
		return true;
	case VERB_NET_START:
		net_cmd(ex, req, "net-start");
		return true;
	case VERB_NET_STOP:
		net_cmd(ex, req, "net-destroy");
		ex_note(ex, "false friend: virsh net-destroy only stops the network (virsh net-undefine deletes it)");
		return true;
	default:
		return false;
	}
}

bool explain_virsh_resources(const struct vm_request *req, struct explanation *ex)
{
	if (explain_virsh_networks(req, ex))
		return true;
	struct strvec *c;
	const char *name = vm_value_str(req, "name"), *path = vm_value_str(req, "path");
	char *pool = NULL, *size = NULL;
	switch (req->verb) {
	case VERB_POOL_LIST:
		c = virsh_cmd(ex, req, "pool-list");
		strvec_push(c, "--all");
		strvec_push(c, "--details");
		return true;
	case VERB_POOL_CREATE:
		c = virsh_cmd(ex, req, "pool-define-as");
		virsh_operand(c, "name", name);
		strvec_push(c, "dir");
		strvec_push(c, "--target");
		strvec_push(c, vm_value_str(req, "dir"));
		virsh_operand(virsh_cmd(ex, req, "pool-build"), "pool", name);
		virsh_operand(virsh_cmd(ex, req, "pool-start"), "pool", name);
		virsh_operand(virsh_cmd(ex, req, "pool-autostart"), "pool", name);
		return true;
	case VERB_POOL_DELETE:
		virsh_operand(virsh_cmd(ex, req, "pool-destroy"), "pool", name);
		virsh_operand(virsh_cmd(ex, req, "pool-undefine"), "pool", name);
		ex_note(ex, "false friend: virsh pool-delete deletes the pool's directory; vmctl pool-delete leaves the files");
		return true;
	case VERB_IMAGE_LIST:
		if (vm_value_str(req, "pool")) {
			c = virsh_cmd(ex, req, "vol-list");
			virsh_operand(c, "pool", vm_value_str(req, "pool"));
			strvec_push(c, "--details");
			return true;
		}
		c = virsh_cmd(ex, req, "pool-list");
		strvec_push(c, "--name");
		ex_approx(ex, "virsh vol-list lists one pool: run virsh vol-list POOL --details for each pool named here");
		return true;
	case VERB_IMAGE_CREATE: {
		pool = pool_of(ex, path);
		c = virsh_cmd(ex, req, "vol-create-as");
		virsh_operand(c, "pool", pool);
		virsh_operand(c, "name", base_of(path));
		if (vm_value_str(req, "size")) {
			size = size_of(req);
			strvec_push(c, size);
		} else {
			strvec_push(c, "0");
			ex_approx(ex, "vol-create-as needs a capacity: vmctl gives the backing file's (virsh vol-info FILE)");
		}
		strvec_push(c, "--format");
		strvec_push(c, format_of(req));
		if (vm_value_str(req, "backing")) {
			strvec_push(c, "--backing-vol");
			strvec_push(c, vm_value_str(req, "backing"));
			strvec_push(c, "--backing-vol-format");
			if (vm_value_str(req, "backing-format")) {
				strvec_push(c, vm_value_str(req, "backing-format"));
			} else {
				strvec_push(c, "qcow2");
				ex_approx(ex, "vmctl takes the backing file's format from its pool's record (qcow2 assumed here)");
			}
		}
		break;
	}
	case VERB_IMAGE_INFO:
		virsh_operand(virsh_cmd(ex, req, "vol-info"), "vol", path);
		virsh_operand(virsh_cmd(ex, req, "vol-dumpxml"), "vol", path);
		ex_note(ex, "vol-dumpxml shows the format and the backing file: <format type=...>, <backingStore>");
		return true;
	case VERB_IMAGE_RESIZE:
		c = virsh_cmd(ex, req, "vol-resize");
		virsh_operand(c, "vol", path);
		size = size_of(req);
		strvec_push(c, size);
		if (vm_value_flag(req, "shrink"))
			strvec_push(c, "--shrink");
		break;
	case VERB_IMAGE_CONVERT: {
		const char *dst = vm_value_str(req, "dst");
		pool = pool_of(ex, dst);
		c = virsh_cmd(ex, req, "vol-create-from");
		virsh_operand(c, "pool", pool);
		char *xml = xasprintf("%s.xml", base_of(dst));
		virsh_operand(c, "file", xml);
		virsh_operand(c, "vol", vm_value_str(req, "src"));
		ex_note(ex, "%s: <volume><name>%s</name><target><format type='%s'/></target></volume>", xml, base_of(dst),
			format_of(req));
		free(xml);
		break;
	}
	case VERB_IMAGE_DELETE:
		virsh_operand(virsh_cmd(ex, req, "vol-delete"), "vol", path);
		ex_note(ex, "vmctl first refuses an image that a defined guest or another image's backing chain uses");
		return true;
	default:
		return false;
	}
	free(pool);
	free(size);
	return true;
}

bool explain_qemu_img(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	const char *path = vm_value_str(req, "path");
	char *size = NULL;
	switch (req->verb) {
	case VERB_POOL_LIST:
	case VERB_IMAGE_LIST:
		ex_none(ex, "qemu-img has no pools: a pool is a directory; closest: ls -l DIR, then qemu-img info FILE");
		return true;
	case VERB_POOL_CREATE:
	{
		char *q = sh_quote(vm_value_str(req, "dir"));
		ex_none(ex, "qemu-img has no pools; closest: mkdir -p %s", q);
		free(q);
		return true;
	}
	case VERB_POOL_DELETE:
		ex_none(ex, "qemu-img has no pools: the directory stays as it is");
		return true;
	case VERB_IMAGE_CREATE:
		c = ex_cmd(ex, "qemu-img");
		strvec_push(c, "create");
		strvec_push(c, "-f");
		strvec_push(c, format_of(req));
		if (vm_value_str(req, "backing")) {
			strvec_push(c, "-b");
			strvec_push(c, vm_value_str(req, "backing"));
			strvec_push(c, "-F");
			strvec_push(c, vm_value_str(req, "backing-format") ? vm_value_str(req, "backing-format") : "qcow2");
			if (!vm_value_str(req, "backing-format"))
				ex_approx(ex, "vmctl takes the backing file's format from its pool's record (qcow2 assumed here)");
		}
		strvec_push(c, path);
		if (vm_value_str(req, "size")) {
			size = size_of(req);
			strvec_push(c, size);
		}
		ex_note(ex, "libvirt does not see the file until virsh pool-refresh of its pool");
		break;
	case VERB_IMAGE_INFO:
		c = ex_cmd(ex, "qemu-img");
		strvec_push(c, "info");
		strvec_push(c, path);
		break;
	case VERB_IMAGE_RESIZE:
		c = ex_cmd(ex, "qemu-img");
		strvec_push(c, "resize");
		if (vm_value_flag(req, "shrink"))
			strvec_push(c, "--shrink");
		strvec_push(c, path);
		size = size_of(req);
		strvec_push(c, size);
		break;
	case VERB_IMAGE_CONVERT:
		c = ex_cmd(ex, "qemu-img");
		strvec_push(c, "convert");
		strvec_push(c, "-O");
		strvec_push(c, format_of(req));
		strvec_push(c, vm_value_str(req, "src"));
		strvec_push(c, vm_value_str(req, "dst"));
		ex_note(ex, "qemu-img probes SRC's format; vmctl reads it from SRC's pool");
		break;
	case VERB_NET_LIST:
	case VERB_NET_INFO:
	case VERB_NET_CREATE:
	case VERB_NET_DELETE:
	case VERB_NET_START:
	case VERB_NET_STOP:
		ex_none(ex, "QEMU has no virtual networks of its own: a guest joins a bridge with -netdev bridge,br=BR "
			"(qemu-bridge-helper), and the bridge is made with ip link");
		return true;
	case VERB_IMAGE_DELETE:
	{
		char *q = sh_quote(path);
		ex_none(ex, "qemu-img has no delete; people use rm %s (libvirt's pool keeps a stale record until pool-refresh)",
			q);
		free(q);
		return true;
	}
	default:
		return false;
	}
	free(size);
	return true;
}

/* What users of a vocabulary without pools and images do instead. */
bool explain_no_resources(const struct vm_request *req, struct explanation *ex, const char *storage,
			  const char *networks)
{
	bool net = req->verb == VERB_NET_LIST || req->verb == VERB_NET_INFO || req->verb == VERB_NET_CREATE ||
		   req->verb == VERB_NET_DELETE || req->verb == VERB_NET_START || req->verb == VERB_NET_STOP;
	switch (req->verb) {
	CASE_RESOURCES:
		ex_none(ex, "%s", net ? networks : storage);
		return true;
	default:
		return false;
	}
}
