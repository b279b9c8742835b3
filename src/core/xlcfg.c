/* xlcfg.c: the xl.cfg(5) text of a neutral create spec, written by the
 * xen backend's create and shown by --explain create (one writer for
 * both), and the quoting of an xl.cfg string.  Pure: it reads nothing from
 * disk (the xen backend checks that the files it names exist). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "request.h"
#include "util.h"
#include "xlcfg.h"

/* value as an xl.cfg string for option opt: "..." unless it holds a
 * double quote, then '...'; a backslash doubled, since libxlutil reads it
 * as an escape.  A value with both quote kinds or a control character (a
 * newline would end the string) is refused: NULL, err filled (exit 2). */
char *xlcfg_quote(const char *opt, const char *value, struct vm_error *err)
{
	bool dq = strchr(value, '"') != NULL, sq = strchr(value, '\'') != NULL;
	bool ctl = false;
	for (const char *p = value; *p; p++)
		ctl = ctl || (unsigned char)*p < 0x20 || *p == 0x7f;
	if ((dq && sq) || ctl) {
		char *q = msg_quote(value);
		vm_error_set(err, VM_EXIT_USAGE, "%s %s: xl.cfg cannot quote a value with %s", opt, q,
			     ctl ? "a newline or another control character" : "both ' and \"");
		free(q);
		return NULL;
	}
	char quote = dq ? '\'' : '"';
	char *out = xmalloc(2 * strlen(value) + 3), *o = out;
	*o++ = quote;
	for (const char *p = value; *p; p++) {
		if (*p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = quote;
	*o = '\0';
	return out;
}

/* Appends KEY = VALUE (quoted) to f; -1 with err filled. */
static int put_string(FILE *f, const char *key, const char *opt, const char *value, struct vm_error *err)
{
	char *q = xlcfg_quote(opt, value, err);
	if (!q)
		return -1;
	fprintf(f, "%s = %s\n", key, q);
	free(q);
	return 0;
}

/* Appends KEY = [ ITEM, ... ] to f, each item quoted; -1 with err filled. */
static int put_list(FILE *f, const char *key, const char *opt, const struct strvec *items, struct vm_error *err)
{
	if (items->n == 0)
		return 0;
	fprintf(f, "%s = [ ", key);
	for (size_t i = 0; i < items->n; i++) {
		char *q = xlcfg_quote(opt, items->v[i], err);
		if (!q)
			return -1;
		fprintf(f, "%s%s", i ? ", " : "", q);
		free(q);
	}
	fprintf(f, " ]\n");
	return 0;
}

/* A spec item xl.cfg cannot hold: exit 4 naming the option. */
static int cannot_write(struct vm_error *err, const char *opt, const char *why)
{
	return vm_error_set(err, VM_EXIT_UNSUPPORTED, "create %s: not possible in an xl.cfg: %s", opt, why);
}

static bool spec_pv(const struct vm_request *req)
{
	const char *type = vm_value_str(req, "type");
	return type ? strcmp(type, "pv") == 0 : vm_value(req, "kernel") != NULL;
}

static size_t spec_disks(const struct vm_request *req)
{
	size_t n = 0;
	while (vm_value_nth(req, "disk", n))
		n++;
	return n;
}

/* What xl.cfg cannot say (exit 4), then what is wrong in the words (exit
 * 2), from the words alone. */
int xlcfg_check(const struct vm_request *req, struct vm_error *err)
{
	bool pv = spec_pv(req);
	size_t disks = spec_disks(req);
	const char *net;
	if (vm_value(req, "template"))
		return cannot_write(err, "--template", "xl has no templates (lxc-create's are liblxc's: -b lxc)");
	if (pv && !vm_value(req, "kernel"))
		return cannot_write(err, "--type pv", "a PV guest boots a kernel given by dom0: add --kernel, or give "
				    "--from CONFIG with a bootloader=");
	if (pv && vm_value(req, "cdrom"))
		return cannot_write(err, "--cdrom", "a PV guest has no emulated CD drive (an HVM guest has: --type hvm)");
	if (!pv && vm_value(req, "cdrom") && disks > 3)
		return cannot_write(err, "--cdrom", "an HVM guest's four emulated IDE drives are its first disks "
				    "(xvda to xvdd) and the CD: at most 3 --disk with --cdrom");
	if (vm_value_num(req, "memory", 512 * 1024) % 1024)
		return cannot_write(err, "--memory", "xl.cfg's memory= is in MiB: give a whole number of MiB");
	for (size_t i = 0; (net = vm_value_nth(req, "network", i)); i++)
		if (strncmp(net, "bridge=", 7) != 0) {
			char *q = msg_quote(net);
			vm_error_set(err, VM_EXIT_UNSUPPORTED, "create --network %s: not possible in an xl.cfg: a vif= "
				     "names a bridge, not a libvirt network (give --network bridge=BR)", q);
			free(q);
			return -1;
		}
	for (size_t i = 0; (net = vm_value_nth(req, "network", i)); i++)
		if (!net[7] || strpbrk(net + 7, ",= ")) {
			char *q = msg_quote(net);
			vm_error_set(err, VM_EXIT_USAGE, "--network %s: not a bridge name", q);
			free(q);
			return -1;
		}
	if (!vm_value(req, "kernel") && (vm_value(req, "initrd") || vm_value(req, "cmdline")))
		return vm_error_set(err, VM_EXIT_USAGE, "--%s goes with --kernel", vm_value(req, "initrd") ? "initrd" :
				    "cmdline");
	if (disks > 26)
		return vm_error_set(err, VM_EXIT_USAGE, "at most 26 --disk (xvda to xvdz)");
	return 0;
}

/* The xl.cfg of the spec, a new string; NULL with err filled (exit 2: a
 * value xl.cfg cannot quote). */
char *xlcfg_text(const struct vm_request *req, struct vm_error *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		vm_error_set(err, VM_EXIT_FAILED, "out of memory");
		return NULL;
	}
	bool pv = spec_pv(req);
	size_t disks = spec_disks(req);
	struct strvec disk = STRVEC_INIT, vif = STRVEC_INIT;
	for (size_t i = 0; i < disks; i++) /* target= last: it may hold commas */
		strvec_pushf(&disk, "format=raw, vdev=xvd%c, access=rw, target=%s", (char)('a' + i),
			     vm_value_nth(req, "disk", i));
	if (vm_value(req, "cdrom"))
		strvec_pushf(&disk, "format=raw, vdev=%s, access=ro, devtype=cdrom, target=%s", disks < 3 ? "hdc" : "hdd",
			     vm_value_str(req, "cdrom"));
	for (size_t i = 0; vm_value_nth(req, "network", i); i++)
		strvec_push(&vif, vm_value_nth(req, "network", i));
	fprintf(f, "# written by vmctl create (xl.cfg(5)); vmctl never edits it\n");
	int rc = put_string(f, "name", "NAME", req->guest, err);
	fprintf(f, "type = \"%s\"\n", pv ? "pv" : "hvm");
	fprintf(f, "memory = %llu\n", (unsigned long long)(vm_value_num(req, "memory", 512 * 1024) / 1024));
	fprintf(f, "vcpus = %llu\n", (unsigned long long)vm_value_num(req, "vcpus", 1));
	static const char *const boot[][2] = { { "kernel", "kernel" }, { "initrd", "ramdisk" }, { "cmdline", "cmdline" } };
	for (size_t i = 0; i < ARRAY_SIZE(boot) && rc == 0; i++) {
		char opt[16];
		snprintf(opt, sizeof(opt), "--%s", boot[i][0]);
		if (vm_value_str(req, boot[i][0]))
			rc = put_string(f, boot[i][1], opt, vm_value_str(req, boot[i][0]), err);
	}
	if (rc == 0 && !pv && vm_value(req, "cdrom"))
		fprintf(f, "boot = \"dc\"\n");
	if (rc == 0)
		rc = put_list(f, "disk", "--disk", &disk, err);
	if (rc == 0)
		rc = put_list(f, "vif", "--network", &vif, err);
	strvec_clear(&disk);
	strvec_clear(&vif);
	fclose(f);
	if (rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}
