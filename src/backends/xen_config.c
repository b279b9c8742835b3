/* xen_config.c: xl.cfg files (xl.cfg(5) of Xen 4.17) read with libxlutil,
 * as `xl create` reads them, into a libxl_domain_config.
 *
 * The keys vmctl reads, with xl's meaning and defaults:
 *   name, uuid, type (pv | pvh | hvm; the old builder= too),
 *   kernel, ramdisk, cmdline (or root= and extra=), bootloader,
 *   bootloader_args, memory, maxmem (MiB), vcpus, maxvcpus,
 *   on_poweroff, on_reboot, on_crash, on_watchdog, disk (each entry through
 *   xlu_disk_parse, as xl), vif (mac, bridge, ip, script, model, type,
 *   vifname, backend, rate), tsc_mode, localtime, acpi,
 *   and for HVM guests: boot, serial, vga, stdvga, vnc, vnclisten,
 *   vncdisplay, vncunused, nographic.
 * Any other key is not an error: the domain is created without it and the
 * start note names it ("ignored ..."), so that nothing is silently lost. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "xen_internal.h"

static const char *const known_keys[] = {
	"name", "uuid", "type", "builder", "kernel", "ramdisk", "cmdline", "root", "extra",
	"bootloader", "bootloader_args", "memory", "maxmem", "vcpus", "maxvcpus",
	"on_poweroff", "on_reboot", "on_crash", "on_watchdog", "disk", "vif",
	"tsc_mode", "localtime", "acpi",
};
static const char *const hvm_keys[] = {
	"boot", "serial", "vga", "stdvga", "vnc", "vnclisten", "vncdisplay", "vncunused", "nographic",
};

/* xl.cfg's names of the actions (libxl's own strings use '_'). */
static const struct {
	const char *name;
	libxl_action_on_shutdown action;
} actions[] = {
	{ "destroy", LIBXL_ACTION_ON_SHUTDOWN_DESTROY },
	{ "restart", LIBXL_ACTION_ON_SHUTDOWN_RESTART },
	{ "rename-restart", LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME },
	{ "preserve", LIBXL_ACTION_ON_SHUTDOWN_PRESERVE },
	{ "coredump-destroy", LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY },
	{ "coredump-restart", LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART },
	{ "soft-reset", LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET },
};

/* The top-level keys of an xl.cfg text ("KEY = VALUE;" or "KEY += VALUE",
 * statements ending at ';' or at a newline outside [ ]), each once.  The
 * text has already been parsed by libxlutil, so this only has to find
 * the names. */
static void scan_keys(const char *s, size_t len, struct strvec *keys)
{
	bool start = true;
	int depth = 0;
	size_t i = 0;
	while (i < len) {
		char ch = s[i];
		if (ch == '#') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (ch == '"' || ch == '\'') {
			for (i++; i < len && s[i] != ch; i++)
				if (s[i] == '\\')
					i++;
			i++;
			start = false;
			continue;
		}
		if (ch == '[')
			depth++;
		else if (ch == ']' && depth > 0)
			depth--;
		if (depth == 0 && (ch == '\n' || ch == ';')) {
			start = true;
			i++;
			continue;
		}
		if (start && (isalpha((unsigned char)ch) || ch == '_')) {
			size_t b = i;
			while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_'))
				i++;
			char *k = xasprintf("%.*s", (int)(i - b), s + b);
			bool seen = false;
			for (size_t j = 0; j < keys->n && !seen; j++)
				seen = strcmp(keys->v[j], k) == 0;
			if (!seen)
				strvec_push(keys, k);
			free(k);
			start = false;
			continue;
		}
		if (!isspace((unsigned char)ch))
			start = false;
		i++;
	}
}

static bool in(const char *k, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k, set[i]) == 0)
			return true;
	return false;
}

/* Keys of the text that vmctl does not read, joined by ", "; NULL: none. */
static char *ignored_keys(const char *data, size_t len, bool hvm, struct strvec *extra)
{
	struct strvec keys = STRVEC_INIT, out = STRVEC_INIT;
	scan_keys(data, len, &keys);
	for (size_t i = 0; i < keys.n; i++) {
		const char *k = keys.v[i];
		if (in(k, known_keys, ARRAY_SIZE(known_keys)))
			continue;
		if (in(k, hvm_keys, ARRAY_SIZE(hvm_keys))) {
			if (!hvm)
				strvec_pushf(&out, "%s (HVM only)", k);
			continue;
		}
		strvec_push(&out, k);
	}
	for (size_t i = 0; i < extra->n; i++)
		strvec_push(&out, extra->v[i]);
	char *s = NULL;
	for (size_t i = 0; i < out.n; i++) {
		char *t = xasprintf("%s%s%s", s ? s : "", s ? ", " : "", out.v[i]);
		free(s);
		s = t;
	}
	strvec_clear(&keys);
	strvec_clear(&out);
	return s;
}

/* What libxlutil wrote to its report stream: its first line, or a default. */
const char *xen_report_line(FILE *rf, char **report, const char *dflt)
{
	fflush(rf);
	if (!*report || !**report)
		return dflt;
	char *nl = strchr(*report, '\n');
	if (nl)
		*nl = '\0';
	return *report;
}

struct parse {
	libxl_ctx *ctx;
	const char *source;
	XLU_Config *xlu;
	FILE *rf;
	char *report;
	size_t report_len;
	struct vm_error *err;
};

static int bad(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct parse *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *what = xvasprintf(fmt, ap);
	va_end(ap);
	char *q = msg_quote(p->source);
	vm_error_set(p->err, VM_EXIT_USAGE, "%s: %s", q, what);
	free(q);
	free(what);
	return -1;
}

/* A long key: 0 set, 1 absent, -1 wrong (err filled). */
static int get_long(struct parse *p, const char *key, long min, long max, long *out)
{
	int e = xlu_cfg_get_bounded_long(p->xlu, key, min, max, out, 0);
	if (e == ESRCH)
		return 1;
	if (e)
		return bad(p, "%s= must be a number from %ld to %ld", key, min, max);
	return 0;
}

static int get_action(struct parse *p, const char *key, const char *dflt, libxl_action_on_shutdown *out)
{
	const char *s = dflt;
	if (xlu_cfg_get_string(p->xlu, key, &s, 1) == EINVAL)
		return bad(p, "%s= must be a string", key);
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
		if (strcmp(s, actions[i].name) == 0) {
			*out = actions[i].action;
			return 0;
		}
	}
	return bad(p, "unknown %s action '%s' (destroy, restart, rename-restart, preserve, coredump-destroy, "
		   "coredump-restart or soft-reset)", key, s);
}

static int get_defbool(struct parse *p, const char *key, libxl_defbool *b)
{
	int e = xlu_cfg_get_defbool(p->xlu, key, b, 1);
	if (e && e != ESRCH)
		return bad(p, "%s= must be 0 or 1", key);
	return 0;
}

/* One vif= entry: "key=value,key=value", as xl reads it. */
static int parse_vif(struct parse *p, const char *spec, libxl_device_nic *nic, int index, struct strvec *ignored)
{
	char *buf = xstrdup(spec), *save = NULL;
	int rc = 0;
	for (char *tok = strtok_r(buf, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		char *eq = strchr(tok, '=');
		if (!eq) {
			strvec_pushf(ignored, "vif[%d] %s", index, tok);
			continue;
		}
		*eq = '\0';
		const char *k = tok, *v = eq + 1;
		char **field = NULL;
		if (strcmp(k, "bridge") == 0)
			field = &nic->bridge;
		else if (strcmp(k, "ip") == 0)
			field = &nic->ip;
		else if (strcmp(k, "script") == 0)
			field = &nic->script;
		else if (strcmp(k, "model") == 0)
			field = &nic->model;
		else if (strcmp(k, "vifname") == 0)
			field = &nic->ifname;
		else if (strcmp(k, "backend") == 0)
			field = &nic->backend_domname;
		if (field) {
			free(*field);
			*field = xstrdup(v);
		} else if (strcmp(k, "mac") == 0) {
			unsigned m[6];
			char end;
			if (sscanf(v, "%2x:%2x:%2x:%2x:%2x:%2x%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &end) != 6)
				rc = bad(p, "vif: bad mac '%s' (six hex bytes separated by ':')", v);
			for (int i = 0; i < 6 && rc == 0; i++)
				nic->mac[i] = (uint8_t)m[i];
		} else if (strcmp(k, "type") == 0) {
			if (strcmp(v, "vif") == 0)
				nic->nictype = LIBXL_NIC_TYPE_VIF;
			else if (strcmp(v, "ioemu") == 0)
				nic->nictype = LIBXL_NIC_TYPE_VIF_IOEMU;
			else
				rc = bad(p, "vif: type must be vif or ioemu, not '%s'", v);
		} else if (strcmp(k, "rate") == 0) {
			if (xlu_vif_parse_rate(p->xlu, v, nic) != 0)
				rc = bad(p, "vif: %s", xen_report_line(p->rf, &p->report, "bad rate"));
		} else {
			strvec_pushf(ignored, "vif[%d] %s", index, k);
		}
	}
	free(buf);
	return rc;
}

static int parse_devices(struct parse *p, libxl_domain_config *cfg, struct strvec *ignored)
{
	XLU_ConfigList *list;
	int n = 0;
	int e = xlu_cfg_get_list(p->xlu, "disk", &list, &n, 1);
	if (e && e != ESRCH)
		return bad(p, "disk= must be a list [ '...', ... ]");
	if (!e && n > 0) {
		cfg->disks = xcalloc((size_t)n, sizeof(*cfg->disks));
		for (int i = 0; i < n; i++) {
			const char *spec = xlu_cfg_get_listitem(list, i);
			libxl_device_disk_init(&cfg->disks[i]);
			cfg->num_disks = i + 1;
			if (!spec || xlu_disk_parse(p->xlu, 1, &spec, &cfg->disks[i]) != 0)
				return bad(p, "disk '%s': %s", spec ? spec : "", xen_report_line(p->rf, &p->report, "cannot parse"));
		}
	}
	e = xlu_cfg_get_list(p->xlu, "vif", &list, &n, 1);
	if (e && e != ESRCH)
		return bad(p, "vif= must be a list [ '...', ... ]");
	if (!e && n > 0) {
		cfg->nics = xcalloc((size_t)n, sizeof(*cfg->nics));
		for (int i = 0; i < n; i++) {
			const char *spec = xlu_cfg_get_listitem(list, i);
			libxl_device_nic_init(&cfg->nics[i]);
			cfg->nics[i].devid = i;
			cfg->num_nics = i + 1;
			if (spec && parse_vif(p, spec, &cfg->nics[i], i, ignored) < 0)
				return -1;
		}
	}
	return 0;
}

static int parse_hvm(struct parse *p, libxl_domain_build_info *b)
{
	const char *s;
	long l;
	/* as xl: kernel="hvmloader" names the firmware, which libxl knows */
	if (b->kernel) {
		char *base = libxl_basename(b->kernel);
		if (base && strcmp(base, "hvmloader") == 0) {
			free(b->kernel);
			b->kernel = NULL;
		}
		free(base);
	}
	xlu_cfg_replace_string(p->xlu, "boot", &b->u.hvm.boot, 1);
	switch (xlu_cfg_get_list_as_string_list(p->xlu, "serial", &b->u.hvm.serial_list, 1)) {
	case 0:
	case ESRCH:
		break;
	default:
		if (xlu_cfg_replace_string(p->xlu, "serial", &b->u.hvm.serial, 1) != 0)
			return bad(p, "serial= must be a string or a list of strings");
	}
	if (xlu_cfg_get_string(p->xlu, "vga", &s, 1) == 0) {
		if (strcmp(s, "stdvga") == 0)
			b->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_STD;
		else if (strcmp(s, "cirrus") == 0)
			b->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_CIRRUS;
		else if (strcmp(s, "none") == 0)
			b->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_NONE;
		else if (strcmp(s, "qxl") == 0)
			b->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_QXL;
		else
			return bad(p, "unknown vga '%s' (stdvga, cirrus, qxl or none)", s);
	} else {
		int r = get_long(p, "stdvga", 0, 1, &l);
		if (r < 0)
			return -1;
		if (r == 0)
			b->u.hvm.vga.kind = l ? LIBXL_VGA_INTERFACE_TYPE_STD : LIBXL_VGA_INTERFACE_TYPE_CIRRUS;
	}
	if (get_defbool(p, "vnc", &b->u.hvm.vnc.enable) < 0 ||
	    get_defbool(p, "vncunused", &b->u.hvm.vnc.findunused) < 0 ||
	    get_defbool(p, "nographic", &b->u.hvm.nographic) < 0)
		return -1;
	xlu_cfg_replace_string(p->xlu, "vnclisten", &b->u.hvm.vnc.listen, 1);
	int r = get_long(p, "vncdisplay", 0, 65535, &l);
	if (r < 0)
		return -1;
	if (r == 0)
		b->u.hvm.vnc.display = (int)l;
	return 0;
}

static int parse_all(struct parse *p, libxl_domain_config *cfg, struct strvec *ignored)
{
	libxl_domain_create_info *c = &cfg->c_info;
	libxl_domain_build_info *b = &cfg->b_info;
	const char *s;
	long l;

	c->type = LIBXL_DOMAIN_TYPE_PV;
	if (xlu_cfg_get_string(p->xlu, "type", &s, 1) == 0) {
		if (strcmp(s, "pv") == 0)
			c->type = LIBXL_DOMAIN_TYPE_PV;
		else if (strcmp(s, "pvh") == 0)
			c->type = LIBXL_DOMAIN_TYPE_PVH;
		else if (strcmp(s, "hvm") == 0)
			c->type = LIBXL_DOMAIN_TYPE_HVM;
		else
			return bad(p, "unknown type '%s' (pv, pvh or hvm)", s);
	} else if (xlu_cfg_get_string(p->xlu, "builder", &s, 1) == 0) { /* before Xen 4.10 */
		if (strcmp(s, "hvm") == 0)
			c->type = LIBXL_DOMAIN_TYPE_HVM;
		else if (strcmp(s, "generic") != 0)
			return bad(p, "unknown builder '%s' (hvm or generic)", s);
	}
	xlu_cfg_replace_string(p->xlu, "name", &c->name, 1);
	if (xlu_cfg_get_string(p->xlu, "uuid", &s, 1) == 0) {
		if (libxl_uuid_from_string(&c->uuid, s) != 0)
			return bad(p, "bad uuid '%s'", s);
	} else {
		libxl_uuid_generate(&c->uuid);
	}

	libxl_domain_build_info_init_type(b, c->type);
	int r;
	if ((r = get_long(p, "memory", 1, 1L << 30, &l)) < 0)
		return -1;
	if (r == 0)
		b->target_memkb = (uint64_t)l * 1024;
	if ((r = get_long(p, "maxmem", 1, 1L << 30, &l)) < 0)
		return -1;
	if (r == 0)
		b->max_memkb = (uint64_t)l * 1024;
	if (b->max_memkb == LIBXL_MEMKB_DEFAULT)
		b->max_memkb = b->target_memkb;
	long vcpus = 0;
	if ((r = get_long(p, "vcpus", 1, 4096, &vcpus)) < 0)
		return -1;
	if (r == 0) {
		if (libxl_cpu_bitmap_alloc(p->ctx, &b->avail_vcpus, (int)vcpus) != 0)
			return bad(p, "cannot allocate a map of %ld vCPUs", vcpus);
		for (long i = 0; i < vcpus; i++)
			libxl_bitmap_set(&b->avail_vcpus, (int)i);
	}
	if ((r = get_long(p, "maxvcpus", 1, 4096, &l)) < 0)
		return -1;
	b->max_vcpus = r == 0 ? (int)l : (int)vcpus;
	if (b->max_vcpus < vcpus)
		return bad(p, "maxvcpus= (%d) is less than vcpus= (%ld)", b->max_vcpus, vcpus);

	if (get_action(p, "on_poweroff", "destroy", &cfg->on_poweroff) < 0 ||
	    get_action(p, "on_reboot", "restart", &cfg->on_reboot) < 0 ||
	    get_action(p, "on_crash", "destroy", &cfg->on_crash) < 0 ||
	    get_action(p, "on_watchdog", "destroy", &cfg->on_watchdog) < 0)
		return -1;
	cfg->on_soft_reset = LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET;

	if (xlu_cfg_get_string(p->xlu, "tsc_mode", &s, 1) == 0 && libxl_tsc_mode_from_string(s, &b->tsc_mode) != 0)
		return bad(p, "unknown tsc_mode '%s' (default, always_emulate, native or native_paravirt)", s);
	if (get_defbool(p, "localtime", &b->localtime) < 0 || get_defbool(p, "acpi", &b->acpi) < 0)
		return -1;

	xlu_cfg_replace_string(p->xlu, "kernel", &b->kernel, 1);
	xlu_cfg_replace_string(p->xlu, "ramdisk", &b->ramdisk, 1);
	const char *cmdline = NULL, *root = NULL, *extra = NULL;
	xlu_cfg_get_string(p->xlu, "cmdline", &cmdline, 1);
	xlu_cfg_get_string(p->xlu, "root", &root, 1);
	xlu_cfg_get_string(p->xlu, "extra", &extra, 1);
	if (cmdline) /* as xl: cmdline= wins over root= and extra= */
		b->cmdline = xstrdup(cmdline);
	else if (root || extra)
		b->cmdline = xasprintf("%s%s%s%s", root ? "root=" : "", root ? root : "", root && extra ? " " : "",
				       extra ? extra : "");
	if (cmdline && (root || extra))
		strvec_push(ignored, "root=/extra= (cmdline= wins)");
	xlu_cfg_replace_string(p->xlu, "bootloader", &b->bootloader, 1);
	int e = xlu_cfg_get_list_as_string_list(p->xlu, "bootloader_args", &b->bootloader_args, 1);
	if (e && e != ESRCH)
		return bad(p, "bootloader_args= must be a list of strings");

	if (c->type == LIBXL_DOMAIN_TYPE_HVM) {
		if (parse_hvm(p, b) < 0)
			return -1;
	} else if (!b->kernel && !b->bootloader) {
		return bad(p, "neither kernel= nor bootloader= is given (a %s guest needs one)",
			   c->type == LIBXL_DOMAIN_TYPE_PV ? "PV" : "PVH");
	}
	return parse_devices(p, cfg, ignored);
}

int xen_config_parse(libxl_ctx *ctx, const char *source, const char *data, size_t len, libxl_domain_config *cfg,
		     char **ignored, struct vm_error *err)
{
	struct parse p = { .ctx = ctx, .source = source, .err = err };
	struct strvec extra = STRVEC_INIT;
	int rc = -1;
	*ignored = NULL;
	p.rf = open_memstream(&p.report, &p.report_len);
	p.xlu = p.rf ? xlu_cfg_init(p.rf, source) : NULL;
	if (!p.xlu) {
		vm_error_set(err, VM_EXIT_FAILED, "out of memory");
		goto cleanup;
	}
	if (len > INT32_MAX || xlu_cfg_readdata(p.xlu, data, (int)len) != 0) {
		char *q = msg_quote(source);
		vm_error_set(err, VM_EXIT_USAGE, "cannot parse %s: %s", q, xen_report_line(p.rf, &p.report, "syntax error"));
		free(q);
		goto cleanup;
	}
	if (parse_all(&p, cfg, &extra) < 0)
		goto cleanup;
	*ignored = ignored_keys(data, len, cfg->c_info.type == LIBXL_DOMAIN_TYPE_HVM, &extra);
	rc = 0;
cleanup:
	strvec_clear(&extra);
	if (p.xlu)
		xlu_cfg_destroy(p.xlu);
	if (p.rf)
		fclose(p.rf);
	free(p.report);
	return rc;
}

int xen_config_summary(const char *path, struct xen_cfg_summary *s, struct vm_error *err)
{
	memset(s, 0, sizeof(*s));
	char *report = NULL;
	size_t report_len = 0;
	FILE *rf = open_memstream(&report, &report_len);
	XLU_Config *xlu = rf ? xlu_cfg_init(rf, path) : NULL;
	int rc = -1;
	if (!xlu) {
		vm_error_set(err, VM_EXIT_FAILED, "out of memory");
		goto cleanup;
	}
	if (xlu_cfg_readfile(xlu, path) != 0) {
		char *q = msg_quote(path);
		vm_error_set(err, VM_EXIT_FAILED, "cannot parse %s: %s", q, xen_report_line(rf, &report, "syntax error"));
		free(q);
		goto cleanup;
	}
	const char *str;
	long l;
	if (xlu_cfg_get_string(xlu, "name", &str, 1) == 0)
		s->name = xstrdup(str);
	if (xlu_cfg_get_string(xlu, "uuid", &str, 1) == 0) {
		libxl_uuid u;
		if (libxl_uuid_from_string(&u, str) == 0)
			snprintf(s->uuid, sizeof(s->uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(u));
	}
	/* libxl's defaults: 32 MiB, maxmem = memory, 1 vCPU, maxvcpus = vcpus */
	s->memory_kib = xlu_cfg_get_long(xlu, "memory", &l, 1) == 0 && l > 0 ? (uint64_t)l * 1024 : 32 * 1024;
	s->maxmem_kib = xlu_cfg_get_long(xlu, "maxmem", &l, 1) == 0 && l > 0 ? (uint64_t)l * 1024 : s->memory_kib;
	s->vcpus = xlu_cfg_get_long(xlu, "vcpus", &l, 1) == 0 && l > 0 && l <= 4096 ? (unsigned)l : 1;
	s->maxvcpus = xlu_cfg_get_long(xlu, "maxvcpus", &l, 1) == 0 && l > 0 && l <= 4096 ? (unsigned)l : s->vcpus;
	rc = 0;
cleanup:
	if (xlu)
		xlu_cfg_destroy(xlu);
	if (rf)
		fclose(rf);
	free(report);
	return rc;
}

void xen_cfg_summary_clear(struct xen_cfg_summary *s)
{
	if (!s)
		return;
	free(s->name);
	s->name = NULL;
}
