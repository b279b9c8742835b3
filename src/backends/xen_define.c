/* xen_define.c: a xen guest's definition, which is /etc/xen/NAME.cfg as xl
 * and xendomains read it: create (an xl.cfg written from the neutral spec,
 * or the user's own copied whole), delete, config and autostart (the
 * /etc/xen/auto/NAME.cfg link).  vmctl never edits a .cfg: it installs a
 * whole new one or removes one.
 *
 * A .cfg is installed whole or not at all: written to a temporary file in
 * /etc/xen (.NAME.cfg.vmctl-XXXXXX: xl and xendomains read only *.cfg),
 * read back with libxlutil as xl create reads it, then renamed to NAME.cfg
 * without replacing one.  The writer holds an flock on its temporary file
 * while it lives, so that the next create of NAME removes only the ones a
 * killed create left.
 *
 * In test builds (VMCTL_TEST_HOOKS), VMCTL_TEST_KILL_AT=STEP kills vmctl at
 * xen-create-tmp-written, xen-create-installed or xen-delete-domain-gone. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_util.h"
#include "quote.h"
#include "validate.h"
#include "xen_internal.h"
#include "xlcfg.h"

#define XEN_AUTO_DIR XEN_CONFIG_DIR "/auto"

/* ---- the spec ------------------------------------------------------- */

/* A file named in the spec must exist and be no directory (exit 2). */
static int must_exist(const char *opt, const char *path, struct vm_error *err)
{
	struct stat st;
	int found = stat(path, &st) == 0;
	if (found && !S_ISDIR(st.st_mode))
		return 0;
	char *q = msg_quote(path);
	vm_error_set(err, VM_EXIT_USAGE, "%s %s: %s", opt, q, found ? "a directory, not a file" : strerror(errno));
	free(q);
	return -1;
}

/* xlcfg_check's refusals (exit 4, exit 2 from the words), then the files
 * the spec names, which must exist (exit 2): before anything is written. */
static int spec_check(const struct vm_request *req, struct vm_error *err)
{
	if (xlcfg_check(req, err) < 0)
		return -1;
	static const char *const files[] = { "kernel", "initrd", "cdrom" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char opt[16];
		snprintf(opt, sizeof(opt), "--%s", files[i]);
		if (vm_value_str(req, files[i]) && must_exist(opt, vm_value_str(req, files[i]), err) < 0)
			return -1;
	}
	for (size_t i = 0; vm_value_nth(req, "disk", i); i++)
		if (must_exist("--disk", vm_value_nth(req, "disk", i), err) < 0)
			return -1;
	return 0;
}

/* ---- reading back, installing --------------------------------------- */

/* Reads the xl.cfg at path with libxlutil as xl create does: its syntax,
 * name= (a new string in *name, NULL when absent) and each disk= entry
 * through xlu_disk_parse.  shown names the file in messages; -1 with err
 * filled (code). */
static int cfg_check(const char *path, const char *shown, char **name, int code, struct vm_error *err)
{
	*name = NULL;
	char *report = NULL, *q = msg_quote(shown);
	size_t report_len = 0;
	FILE *rf = open_memstream(&report, &report_len);
	XLU_Config *xlu = rf ? xlu_cfg_init(rf, shown) : NULL;
	XLU_ConfigList *list = NULL;
	int rc = -1, n = 0;
	const char *s;
	if (!xlu) {
		vm_error_set(err, VM_EXIT_FAILED, "out of memory");
		goto cleanup;
	}
	if (xlu_cfg_readfile(xlu, path) != 0) {
		vm_error_set(err, code, "cannot parse %s: %s", q, xen_report_line(rf, &report, "syntax error"));
		goto cleanup;
	}
	int e = xlu_cfg_get_list(xlu, "disk", &list, &n, 0);
	if (e && e != ESRCH) {
		vm_error_set(err, code, "%s: disk= %s", q, xen_report_line(rf, &report, "is not a list"));
		goto cleanup;
	}
	for (int i = 0; i < n; i++) {
		const char *spec = xlu_cfg_get_listitem(list, i);
		libxl_device_disk disk;
		libxl_device_disk_init(&disk);
		e = spec ? xlu_disk_parse(xlu, 1, &spec, &disk) : EINVAL;
		libxl_device_disk_dispose(&disk);
		if (e) {
			vm_error_set(err, code, "%s: disk %d: %s", q, i + 1, xen_report_line(rf, &report, "cannot parse"));
			goto cleanup;
		}
	}
	if (xlu_cfg_get_string(xlu, "name", &s, 1) == 0)
		*name = xstrdup(s);
	rc = 0;
cleanup:
	if (xlu)
		xlu_cfg_destroy(xlu);
	if (rf)
		fclose(rf);
	free(report);
	free(q);
	return rc;
}

/* Removes the temporary files a killed create of name left (no one holds
 * their lock); how many. */
static unsigned remove_stale(const char *name)
{
	unsigned n = 0;
	DIR *d = opendir(XEN_CONFIG_DIR);
	char *prefix = xasprintf(".%s.cfg.vmctl-", name);
	size_t len = strlen(prefix);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, prefix, len) != 0 || strlen(e->d_name) != len + 6)
			continue;
		int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && unlinkat(dirfd(d), e->d_name, 0) == 0)
			n++;
		if (fd >= 0)
			close(fd);
	}
	if (d)
		closedir(d);
	free(prefix);
	return n;
}

/* rename(2) that never replaces: EEXIST when to exists. */
static int rename_new(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS) /* a file system without RENAME_NOREPLACE: link, then unlink */
		return -1;
	if (link(from, to) < 0)
		return -1;
	unlink(from);
	return 0;
}

static int exists_already(struct vm_error *err, const char *name, const char *why)
{
	char *q = msg_quote(name);
	vm_error_set(err, VM_EXIT_FAILED, "a guest %s exists on this host (%s): nothing changed", q, why);
	free(q);
	return -1;
}

/* The guest name is free: no NAME.cfg, no domain NAME (exit 1). */
static int name_free(struct vm_conn *c, const char *name, struct vm_error *err)
{
	char *path = xen_cfg_path(name);
	struct stat st;
	uint32_t domid;
	int rc = 0;
	if (lstat(path, &st) == 0)
		rc = exists_already(err, name, path);
	else if (libxl_name_to_domid(c->ctx, name, &domid) == 0)
		rc = exists_already(err, name, "a running domain of that name");
	xen_log_reset(&c->log);
	free(path);
	return rc;
}

/* Installs data as XEN_CONFIG_DIR/NAME.cfg: a temporary file, read back
 * (code: the exit code when it does not parse), renamed. */
static int install(const char *name, const char *data, size_t len, int code, struct vm_error *err)
{
	char *final = xen_cfg_path(name), *tmp = xasprintf("%s/.%s.cfg.vmctl-XXXXXX", XEN_CONFIG_DIR, name);
	char *read_name = NULL;
	int rc = -1, fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		cannot(err, VM_EXIT_FAILED, "create", name, "cannot write in %s: %s", XEN_CONFIG_DIR, strerror(errno));
		goto cleanup;
	}
	if (flock(fd, LOCK_EX) < 0 || fchmod(fd, 0644) < 0 || xen_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		cannot(err, VM_EXIT_FAILED, "create", name, "cannot write %s: %s", tmp, strerror(errno));
		goto cleanup;
	}
	test_kill_at("xen-create-tmp-written");
	if (cfg_check(tmp, final, &read_name, code, err) < 0)
		goto cleanup;
	if (!read_name || strcmp(read_name, name) != 0) {
		cannot(err, VM_EXIT_FAILED, "create", name, "%s read back names the domain '%s'", tmp,
		       read_name ? read_name : "");
		goto cleanup;
	}
	if (rename_new(tmp, final) < 0) {
		if (errno == EEXIST)
			exists_already(err, name, final);
		else
			cannot(err, VM_EXIT_FAILED, "create", name, "cannot rename %s to %s: %s", tmp, final,
			       strerror(errno));
		goto cleanup;
	}
	test_kill_at("xen-create-installed");
	int dfd = open(XEN_CONFIG_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) { /* the rename itself on disk */
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
cleanup:
	if (rc < 0 && fd >= 0)
		unlink(tmp);
	if (fd >= 0)
		close(fd);
	free(read_name);
	free(tmp);
	free(final);
	return rc;
}

/* create --from CONFIG: the xl.cfg checked, its name= NAME (or the name
 * when NAME is left out); the text in *data (a new string). */
static char *from_cfg(const struct vm_request *req, char **name, size_t *len, struct vm_error *err)
{
	char *cfg_name = NULL, *q = msg_quote(req->from);
	char *data = NULL;
	if (cfg_check(req->from, req->from, &cfg_name, VM_EXIT_USAGE, err) < 0)
		goto cleanup;
	if (!cfg_name) {
		vm_error_set(err, VM_EXIT_USAGE, "%s gives the domain no name: add name = \"%s\" to it", q,
			     req->guest ? req->guest : "NAME");
		goto cleanup;
	}
	if (req->guest && strcmp(req->guest, cfg_name) != 0) {
		char *n = msg_quote(cfg_name);
		vm_error_set(err, VM_EXIT_USAGE, "%s names the domain %s, not '%s': give NAME %s, or change its name=", q,
			     n, req->guest, n);
		free(n);
		goto cleanup;
	}
	struct vm_error verr = { 0 };
	if (xen_refuse_host(cfg_name, err) < 0)
		goto cleanup;
	if (validate_name(cfg_name, "guest name", &verr) < 0) {
		vm_error_set(err, VM_EXIT_USAGE, "%s: %s", q, verr.msg);
		goto cleanup;
	}
	data = read_small_file(req->from, 1, len, err); /* xl.cfg: 1 MiB at most */
	if (data) {
		*name = cfg_name;
		cfg_name = NULL;
	}
cleanup:
	free(cfg_name);
	free(q);
	return data;
}

int xen_def_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	char *name = NULL, *data = NULL;
	size_t len = 0;
	if (req->from) {
		data = from_cfg(req, &name, &len, err);
	} else if (!req->guest) {
		return vm_error_set(err, VM_EXIT_USAGE, "create needs a NAME (or --from CONFIG)");
	} else if (spec_check(req, err) == 0 && (data = xlcfg_text(req, err))) {
		name = xstrdup(req->guest);
		len = strlen(data);
	}
	int rc = -1;
	unsigned stale = 0;
	if (data && name_free(c, name, err) == 0) {
		stale = remove_stale(name);
		rc = install(name, data, len, req->from ? VM_EXIT_USAGE : VM_EXIT_FAILED, err);
	}
	if (rc == 0)
		note(res, "defined guest '%s' (shut off): %s/%s.cfg%s", name, XEN_CONFIG_DIR, name,
		     stale ? "; removed the temporary file an interrupted vmctl create left" : "");
	free(data);
	free(name);
	return rc;
}

/* ---- delete, autostart ---------------------------------------------- */

/* The autostart link of name when it points to its .cfg (a new string),
 * else NULL; *other is set when XEN_AUTO_DIR has NAME.cfg or NAME and it
 * is something else (a copy, another link: the user's, left alone). */
static char *auto_link(const char *name, const char *cfg, char **other)
{
	char *link = xasprintf("%s/%s.cfg", XEN_AUTO_DIR, name), *bare = xasprintf("%s/%s", XEN_AUTO_DIR, name);
	struct stat ls, ts, cs;
	bool ours = lstat(link, &ls) == 0 && S_ISLNK(ls.st_mode) && stat(link, &ts) == 0 && stat(cfg, &cs) == 0 &&
		    ts.st_dev == cs.st_dev && ts.st_ino == cs.st_ino;
	*other = NULL;
	if (!ours && lstat(link, &ls) == 0)
		*other = xstrdup(link);
	else if (lstat(bare, &ls) == 0)
		*other = xstrdup(bare);
	free(bare);
	if (!ours) {
		free(link);
		link = NULL;
	}
	return link;
}

int xen_def_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	if (vm_value_flag(req, "storage"))
		return vm_error_set(err, VM_EXIT_UNSUPPORTED, "delete --storage: a xen guest's disks are plain files or "
				    "devices named in its .cfg, not storage volumes (vmctl image-delete PATH deletes one)");
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	int rc = -1;
	bool killed = false;
	char *link = NULL, *other = NULL;
	if (x.domid != XEN_NO_DOMID) {
		libxl_dominfo d;
		int r = xen_dom_info(c, x.domid, &d, req->guest, err);
		enum vm_state st = r == 0 ? xen_dom_state(&d) : VM_STATE_SHUTOFF;
		libxl_dominfo_dispose(&d);
		if (r < 0)
			goto cleanup;
		if (r == 0 && !vm_value_flag(req, "force")) {
			cannot(err, VM_EXIT_FAILED, "delete", req->guest, "it is %s (--force kills it first)",
			       vm_state_name(st));
			goto cleanup;
		}
		r = r == 0 ? xen_destroy(c, x.domid, "kill (before deleting)", req->guest, err) : 1;
		if (r < 0)
			goto cleanup;
		killed = r == 0;
		test_kill_at("xen-delete-domain-gone");
	}
	if (x.cfg) { /* the link first: a crash in between leaves no dangling link */
		link = auto_link(x.name, x.cfg, &other);
		if (link && unlink(link) < 0 && errno != ENOENT) {
			cannot(err, VM_EXIT_FAILED, "delete", req->guest, "cannot remove %s: %s", link, strerror(errno));
			goto cleanup;
		}
		if (link)
			strvec_pushf(&res->removed, "autostart link %s", link);
		if (unlink(x.cfg) < 0 && errno != ENOENT) {
			cannot(err, VM_EXIT_FAILED, "delete", req->guest, "cannot remove %s: %s", x.cfg, strerror(errno));
			goto cleanup;
		}
		strvec_pushf(&res->removed, "config %s", x.cfg);
	}
	if (other)
		note(res, "%s '%s'; %s is not vmctl's link to its .cfg: left for you to remove",
		     killed ? "killed and deleted" : "deleted", x.name, other);
	else if (x.cfg)
		note(res, "%s '%s'", killed ? "killed and deleted" : "deleted", x.name);
	else
		note(res, "%s '%s', which had no %s/%s.cfg to remove", killed ? "killed" : "gone meanwhile:", x.name,
		     XEN_CONFIG_DIR, x.name);
	rc = 0;
cleanup:
	free(link);
	free(other);
	xen_guest_clear(&x);
	return rc;
}

int xen_def_autostart(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	bool on = strcmp(vm_value_str(req, "switch"), "on") == 0;
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	int rc = -1;
	char *other = NULL, *link = NULL, *want = xasprintf("%s/%s.cfg", XEN_AUTO_DIR, x.name);
	if (!x.cfg) {
		cannot(err, VM_EXIT_FAILED, "set the autostart of", req->guest, "it has no %s/%s.cfg for xendomains to "
		       "start (vmctl create --from CONFIG installs one)", XEN_CONFIG_DIR, x.name);
		goto cleanup;
	}
	link = auto_link(x.name, x.cfg, &other);
	if (on && (link || other)) {
		already(res, "'%s' already starts with the host (%s)", req->guest, link ? link : other);
	} else if (!on && other) {
		cannot(err, VM_EXIT_FAILED, "unset the autostart of", req->guest, "%s is not vmctl's link to its .cfg: "
		       "remove it yourself", other);
		goto cleanup;
	} else if (!on && !link) {
		already(res, "'%s' already does not start with the host", req->guest);
	} else if (!on) {
		if (unlink(link) < 0 && errno != ENOENT) {
			cannot(err, VM_EXIT_FAILED, "unset the autostart of", req->guest, "cannot remove %s: %s", link,
			       strerror(errno));
			goto cleanup;
		}
	} else if ((mkdir(XEN_AUTO_DIR, 0755) < 0 && errno != EEXIST) || symlink(x.cfg, want) < 0) {
		cannot(err, VM_EXIT_FAILED, "set the autostart of", req->guest, "cannot link %s to %s: %s", want, x.cfg,
		       strerror(errno));
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(want);
	free(link);
	free(other);
	xen_guest_clear(&x);
	return rc;
}

/* ---- config --------------------------------------------------------- */

/* Replaces in text each value of key (a word, then sep) with "(redacted)":
 * a quoted value inside its quotes, else up to a ',', quote, ';', ']' or
 * the line's end (vfb = [ "vnc=1,vncpasswd=SECRET" ]). */
static char *redact(char *text, const char *key, char sep)
{
	static const char hidden[] = "(redacted)";
	size_t klen = strlen(key);
	for (char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		char *v = p + klen;
		v += strspn(v, " \t");
		if (*v != sep)
			continue;
		v++;
		v += strspn(v, " \t");
		char *end = v;
		if (*v == '"' || *v == '\'') {
			for (end = ++v; *end && *end != v[-1] && *end != '\n'; end++)
				if (*end == '\\' && end[1])
					end++;
		} else {
			end = v + strcspn(v, ",\"';]\n");
		}
		if (end == v) /* no password */
			continue;
		size_t off = (size_t)(v - text), rest = strlen(end);
		char *out = xmalloc(off + sizeof(hidden) + rest);
		memcpy(out, text, off);
		memcpy(out + off, hidden, sizeof(hidden) - 1);
		memcpy(out + off + sizeof(hidden) - 1, end, rest + 1);
		free(text);
		text = out;
		p = text + off;
	}
	return text;
}

/* A running domain's configuration as libxl keeps it (xl list -l). */
static char *domain_json(struct vm_conn *c, const struct xen_guest *x, const char *guest, struct vm_error *err)
{
	libxl_domain_config dc;
	libxl_domain_config_init(&dc);
	xen_log_reset(&c->log);
	int e = libxl_retrieve_domain_configuration(c->ctx, x->domid, &dc, NULL);
	char *json = e ? NULL : libxl_domain_config_to_json(c->ctx, &dc);
	libxl_domain_config_dispose(&dc);
	if (!json)
		xen_fail(c, err, 0, e ? e : ERROR_NOMEM, "read the configuration of", guest);
	return json;
}

int xen_def_config(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	struct xen_guest x;
	if (xen_lookup(c, req->guest, &x, err) < 0)
		return -1;
	char *text = NULL;
	const char *format = x.cfg ? "xl.cfg" : "libxl-json";
	if (x.cfg) {
		text = read_small_file(x.cfg, 1, NULL, err);
		if (!text)
			err->code = VM_EXIT_FAILED;
		else
			text = redact(redact(text, "vncpasswd", '='), "spicepasswd", '=');
	} else if (vm_value_flag(req, "inactive")) {
		cannot(err, VM_EXIT_FAILED, "print the configuration of", req->guest, "a running domain without %s/%s.cfg "
		       "has no configuration for its next start", XEN_CONFIG_DIR, x.name);
	} else if ((text = domain_json(c, &x, req->guest, err))) {
		text = redact(text, "\"passwd\"", ':'); /* vnc.passwd, spice.passwd */
	}
	xen_guest_clear(&x);
	if (!text)
		return -1;
	struct vm_record *r = vm_records_new(out);
	vm_record_add(r, "format", "%s", format);
	vm_record_add(r, "text", "%s", text);
	free(text);
	return 0;
}
