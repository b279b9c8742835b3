/* lxc_devices.c: a container's "disks": host directories and files
 * bind-mounted into it, and device nodes (disk-list, disk-attach,
 * disk-detach), and the forked child that enters its namespaces.
 *
 * liblxc's own mount() needs lxc.mount.auto = shmounts: in the config,
 * which ordinary containers lack, so a live bind mount is vmctl's: the
 * tree is cloned here with open_tree(OPEN_TREE_CLONE|AT_RECURSIVE) (made
 * read-only with mount_setattr before anyone sees it), then a forked child
 * enters the container's mount namespace and root and move_mount()s it onto
 * TARGET, created first when missing (as lxc.mount.entry's create=dir|file).
 * A block or character device goes through liblxc's add_device_node (a node
 * made inside plus the cgroup's permission).  --config writes an
 * lxc.mount.entry (rbind, create=dir|file, ro with --mode readonly).
 *
 * disk-list's fields for a container: target (the path inside), type
 * (rootfs, mount, block, char), source (the host path; MAJ:MIN for a node
 * with no host path), format (dir or the rootfs backend, bind, or the
 * filesystem type), bus (where the entry is: config, live, or config,live)
 * and mode (readonly or readwrite).  The container's own pseudo filesystems
 * (proc, sys, devpts, the /dev tmpfs and its standard nodes) are left out. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend_util.h"
#include "lxc_internal.h"
#include "quote.h"

/* ---- the child in the container's namespaces -------------------------- */

static void put_text(int fd, const char *s)
{
	size_t n = strlen(s);
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static int enter(pid_t pid, int nstypes, int out)
{
	char p[64];
	int fds[2] = { -1, -1 }, root = -1;
	static const struct {
		int type;
		const char *name;
	} ns[] = { { CLONE_NEWNET, "net" }, { CLONE_NEWNS, "mnt" } };
	snprintf(p, sizeof(p), "/proc/%d/root", (int)pid);
	if ((nstypes & CLONE_NEWNS) && (root = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		goto fail;
	for (size_t i = 0; i < 2; i++) {
		if (!(nstypes & ns[i].type))
			continue;
		snprintf(p, sizeof(p), "/proc/%d/ns/%s", (int)pid, ns[i].name);
		if ((fds[i] = open(p, O_RDONLY | O_CLOEXEC)) < 0)
			goto fail;
	}
	for (size_t i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "its %s namespace", ns[i].name);
		if (fds[i] >= 0 && setns(fds[i], ns[i].type) < 0)
			goto fail;
	}
	snprintf(p, sizeof(p), "its root");
	if (root >= 0 && (fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0))
		goto fail;
	return 0;
fail:;
	char msg[160];
	snprintf(msg, sizeof(msg), "cannot enter %s: %s", p, strerror(errno));
	put_text(out, msg);
	return -1;
}

int lx_in_container(pid_t pid, int nstypes, lx_ns_fn fn, void *arg, char **text, const char *what,
		    const char *guest, struct vm_error *err)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return cannot(err, VM_EXIT_FAILED, what, guest, "pipe: %s", strerror(errno));
	fflush(NULL);
	pid_t child = fork();
	if (child < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return cannot(err, VM_EXIT_FAILED, what, guest, "fork: %s", strerror(errno));
	}
	if (child == 0) {
		close(pfd[0]);
		int code = enter(pid, nstypes, pfd[1]) < 0 ? VM_EXIT_FAILED : fn(arg, pfd[1]);
		_exit(code);
	}
	close(pfd[1]);
	size_t len = 0, cap = 1024;
	char *buf = xmalloc(cap);
	for (;;) {
		if (cap - len < 512)
			buf = xrealloc(buf, cap *= 2);
		ssize_t n = read(pfd[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	close(pfd[0]);
	int status = 0;
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (text)
			*text = buf;
		else
			free(buf);
		return 0;
	}
	if (WIFEXITED(status))
		cannot(err, WEXITSTATUS(status), what, guest, "%s", *buf ? buf : "the helper process failed");
	else
		cannot(err, VM_EXIT_FAILED, what, guest, "the helper process died of signal %d",
		       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	free(buf);
	return -1;
}

/* ---- paths and mount entries --------------------------------------- */

/* fstab's escapes (\040 for a space) undone in place. */
static void unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

/* s with white space and backslashes as fstab's octal escapes (new string). */
static char *escape(const char *s)
{
	char *o = xmalloc(4 * strlen(s) + 1), *q = o;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			q += sprintf(q, "\\%03o", (unsigned char)*s);
		else
			*q++ = *s;
	}
	*q = '\0';
	return o;
}

/* An absolute path with no "//", no trailing '/', no "." (new string). */
static char *norm(const char *path)
{
	char *o = xmalloc(strlen(path) + 2), *q = o;
	*q++ = '/';
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *e = strchrnul(p, '/');
		if (e - p == 1 && *p == '.') {
			p = e;
			continue;
		}
		if (e > p) {
			if (q > o + 1)
				*q++ = '/';
			memcpy(q, p, (size_t)(e - p));
			q += e - p;
		}
		p = e;
	}
	*q = '\0';
	return o;
}

/* TARGET must be a path inside the container, with no ".." component. */
static int check_target(const char *t, struct vm_error *err)
{
	char *q = msg_quote(t);
	int rc = 0;
	if (t[0] != '/')
		rc = vm_error_set(err, VM_EXIT_USAGE, "lxc: TARGET %s is a path inside the container, such as /mnt/data", q);
	for (const char *p = t; !rc && (p = strstr(p, "..")); p += 2)
		if ((p == t || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
			rc = vm_error_set(err, VM_EXIT_USAGE, "lxc: TARGET %s has a '..' component", q);
	free(q);
	return rc;
}

/* One line of mountinfo, or of lxc.mount.entry, split into its words. */
struct mnt {
	char *target, *source, *fstype, *opts, *root;
	unsigned maj, min;
};

static bool has_opt(const char *opts, const char *o)
{
	size_t n = strlen(o);
	for (const char *p = opts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, o, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* "SOURCE TARGET FSTYPE OPTS ..." (lxc.mount.entry): 0, pointers into line. */
static int split_entry(char *line, struct mnt *m)
{
	char *save = NULL;
	memset(m, 0, sizeof(*m));
	m->source = strtok_r(line, " \t", &save);
	m->target = strtok_r(NULL, " \t", &save);
	m->fstype = strtok_r(NULL, " \t", &save);
	m->opts = strtok_r(NULL, " \t", &save);
	if (!m->source || !m->target)
		return -1;
	unescape(m->source);
	unescape(m->target);
	return 0;
}

/* mountinfo: ID PARENT MAJ:MIN ROOT TARGET OPTS [TAGS...] - FSTYPE SOURCE SUPER */
static int split_mountinfo(char *line, struct mnt *m)
{
	char *w[64];
	int n = 0;
	char *save = NULL;
	memset(m, 0, sizeof(*m));
	for (char *t = strtok_r(line, " \n", &save); t && n < 64; t = strtok_r(NULL, " \n", &save))
		w[n++] = t;
	int dash = -1;
	for (int i = 6; i < n; i++)
		if (strcmp(w[i], "-") == 0) {
			dash = i;
			break;
		}
	if (n < 6 || dash < 0 || dash + 2 >= n || sscanf(w[2], "%u:%u", &m->maj, &m->min) != 2)
		return -1;
	m->root = w[3];
	m->target = w[4];
	m->opts = w[5];
	m->fstype = w[dash + 1];
	m->source = w[dash + 2];
	unescape(m->root);
	unescape(m->target);
	unescape(m->source);
	return 0;
}

struct mnts {
	struct mnt *v;
	size_t n;
	char *text; /* the lines the pointers point into */
};

static void mnts_clear(struct mnts *l)
{
	free(l->v);
	free(l->text);
	memset(l, 0, sizeof(*l));
}

static int read_mountinfo(const char *path, struct mnts *l)
{
	memset(l, 0, sizeof(*l));
	struct vm_error ignored;
	l->text = read_small_file(path, 0, NULL, &ignored);
	if (!l->text)
		return -1;
	char *save = NULL;
	for (char *line = strtok_r(l->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct mnt m;
		if (split_mountinfo(line, &m) < 0)
			continue;
		l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n++] = m;
	}
	return 0;
}

/* The host path of what a container's mount shows: the host mount of the
 * same device whose root is the longest prefix of the mount's root. */
static char *host_path(const struct mnts *host, const struct mnt *m)
{
	const struct mnt *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < host->n; i++) {
		const struct mnt *h = &host->v[i];
		size_t n = strlen(h->root);
		if (h->maj != m->maj || h->min != m->min || strncmp(h->root, m->root, n) != 0)
			continue;
		if (n > 1 && m->root[n] != '/' && m->root[n] != '\0')
			continue;
		if (!best || n > best_len)
			best = h, best_len = n;
	}
	if (!best)
		return xasprintf("%s:%s", m->source, m->root);
	const char *rest = m->root + (best_len == 1 ? 0 : best_len);
	char *joined = xasprintf("%s/%s", best->target, rest);
	char *path = norm(joined);
	free(joined);
	return path;
}

/* ---- disk-list ------------------------------------------------------- */

static const char *const pseudo_fs[] = { "proc", "sysfs", "devpts", "mqueue", "cgroup", "cgroup2", "securityfs",
					 "debugfs", "tracefs", "bpf", "binfmt_misc", "fusectl", "pstore", "configfs",
					 "hugetlbfs", "autofs", "efivarfs", "devtmpfs", NULL };

static bool pseudo(const struct mnt *m)
{
	for (size_t i = 0; pseudo_fs[i]; i++)
		if (strcmp(m->fstype, pseudo_fs[i]) == 0)
			return true;
	if (strcmp(m->target, "/") == 0 || strncmp(m->target, "/proc/", 6) == 0 || strcmp(m->target, "/proc") == 0 ||
	    strncmp(m->target, "/sys/", 5) == 0 || strcmp(m->target, "/sys") == 0 || strcmp(m->target, "/dev") == 0 ||
	    strncmp(m->target, "/dev/pts", 8) == 0)
		return true;
	/* the /dev tmpfs's own children (shm) */
	return strcmp(m->fstype, "tmpfs") == 0 && strcmp(m->root, "/") == 0 && strncmp(m->target, "/dev/", 5) == 0;
}

/* The standard nodes liblxc makes in /dev: not attached disks. */
static bool standard_node(const char *name)
{
	static const char *const std[] = { "null", "zero", "full", "random", "urandom", "tty", "console", "ptmx",
					   "kmsg", "fuse", "net", NULL };
	for (size_t i = 0; std[i]; i++)
		if (strcmp(name, std[i]) == 0)
			return true;
	return strncmp(name, "tty", 3) == 0;
}

static void add_disk(struct vm_records *out, const char *target, const char *type, const char *source,
		     const char *format, const char *bus, bool ro)
{
	struct vm_record *r = vm_records_new(out);
	vm_record_add(r, "target", "%s", target);
	vm_record_add(r, "type", "%s", type);
	vm_record_add(r, "source", "%s", source);
	vm_record_add(r, "format", "%s", format);
	vm_record_add(r, "bus", "%s", bus);
	vm_record_add(r, "mode", "%s", ro ? "readonly" : "readwrite");
}

/* The lxc.mount.entry lines of the config, one string (NULL: none). */
static char *mount_entries(struct lxc_container *c)
{
	int n = c->get_config_item(c, "lxc.mount.entry", NULL, 0);
	if (n <= 0)
		return NULL;
	char *buf = xmalloc((size_t)n + 1);
	if (c->get_config_item(c, "lxc.mount.entry", buf, n + 1) != n) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static const struct mnt *live_at(const struct mnts *live, const char *target)
{
	const struct mnt *found = NULL;
	for (size_t i = 0; i < live->n; i++)
		if (strcmp(live->v[i].target, target) == 0)
			found = &live->v[i]; /* the last one is on top */
	return found;
}

/* Device nodes in the container's /dev (read through /proc/PID/root). */
static void list_nodes(pid_t pid, struct vm_records *out, struct strvec *targets)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "/proc/%d/root/dev", (int)pid);
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		struct stat st, hs;
		if (e->d_name[0] == '.' || standard_node(e->d_name) ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !(S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)))
			continue;
		char *target = xasprintf("/dev/%s", e->d_name);
		char *src = stat(target, &hs) == 0 && hs.st_rdev == st.st_rdev && (hs.st_mode & S_IFMT) == (st.st_mode & S_IFMT)
				    ? xstrdup(target)
				    : xasprintf("%u:%u", major(st.st_rdev), minor(st.st_rdev));
		if (out)
			add_disk(out, target, S_ISBLK(st.st_mode) ? "block" : "char", src, "", "live", false);
		if (targets)
			strvec_push(targets, target);
		free(src);
		free(target);
	}
	closedir(d);
}

/* Every live mount vmctl shows (not a pseudo filesystem), in mount order. */
static void list_live(const struct mnts *live, const struct mnts *host, const struct strvec *seen,
		      struct vm_records *out, struct strvec *targets)
{
	for (size_t i = 0; i < live->n; i++) {
		const struct mnt *m = &live->v[i];
		bool dup = live_at(live, m->target) != m || pseudo(m);
		for (size_t j = 0; !dup && seen && j < seen->n; j++)
			dup = strcmp(seen->v[j], m->target) == 0;
		if (dup)
			continue;
		if (targets)
			strvec_push(targets, m->target);
		if (out) {
			char *src = host_path(host, m);
			add_disk(out, m->target, "mount", src, strcmp(m->root, "/") ? "bind" : m->fstype, "live",
				 has_opt(m->opts, "ro"));
			free(src);
		}
	}
}

static pid_t running_pid(struct lxc_container *c)
{
	enum vm_state st = lx_state(c);
	return st == VM_STATE_SHUTOFF || st == VM_STATE_UNKNOWN ? 0 : c->init_pid(c);
}

int lx_disk_list(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	pid_t pid = running_pid(c);
	struct mnts live = { 0 }, host = { 0 };
	char p[64];
	snprintf(p, sizeof(p), "/proc/%d/mountinfo", (int)pid);
	if (pid > 0 && (read_mountinfo(p, &live) < 0 || read_mountinfo("/proc/self/mountinfo", &host) < 0)) {
		mnts_clear(&live);
		lxc_container_put(c);
		return cannot(err, VM_EXIT_FAILED, "list the disks of", req->guest, "cannot read %s", p);
	}
	char buf[4096];
	struct strvec seen = { 0 };
	if (lx_cfg_get(c, "lxc.rootfs.path", buf, sizeof(buf)) == 0 && buf[0]) {
		char *colon = strchr(buf, ':');
		const char *kind = colon && buf[0] != '/' ? (*colon = '\0', buf) : "dir";
		const char *src = colon && buf[0] != '/' ? colon + 1 : buf;
		char opts[512] = "";
		lx_cfg_get(c, "lxc.rootfs.options", opts, sizeof(opts));
		add_disk(out, "/", "rootfs", src, kind, pid > 0 ? "config,live" : "config", has_opt(opts, "ro"));
	}
	char *entries = mount_entries(c), *save = NULL;
	for (char *line = entries ? strtok_r(entries, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		struct mnt m;
		if (split_entry(line, &m) < 0)
			continue;
		char *target = norm(m.target);
		bool bind = m.opts && (has_opt(m.opts, "bind") || has_opt(m.opts, "rbind"));
		add_disk(out, target, "mount", m.source, bind ? "bind" : m.fstype ? m.fstype : "",
			 pid > 0 && live_at(&live, target) ? "config,live" : "config", m.opts && has_opt(m.opts, "ro"));
		strvec_push(&seen, target);
		free(target);
	}
	free(entries);
	if (pid > 0) {
		list_live(&live, &host, &seen, out, NULL);
		list_nodes(pid, out, NULL);
	}
	strvec_clear(&seen);
	mnts_clear(&live);
	mnts_clear(&host);
	lxc_container_put(c);
	return 0;
}

/* ---- disk-attach ----------------------------------------------------- */

struct attach_arg {
	int tree;           /* open_tree's clone of SOURCE */
	const char *target; /* normalised */
	bool dir;
};

/* In the container: refuse a TARGET that is a mount point already or of
 * the other kind, create it (and its missing parents) when absent, move the
 * tree onto it; on failure remove what was created. */
static int attach_child(void *arg, int out)
{
	const struct attach_arg *a = arg;
	char msg[600];
	struct statx sx;
	char *made[64];
	int nmade = 0;
	if (statx(AT_FDCWD, a->target, 0, STATX_TYPE, &sx) == 0) {
		if ((sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT)) {
			snprintf(msg, sizeof(msg), "%s is already a mount point in the container (vmctl disk-list shows it)",
				 a->target);
			goto fail;
		}
		if (a->dir != S_ISDIR(sx.stx_mode)) {
			snprintf(msg, sizeof(msg), "%s exists in the container and is %sa directory, SOURCE is %sone",
				 a->target, a->dir ? "not " : "", a->dir ? "" : "not ");
			goto fail;
		}
	} else if (errno == ENOENT) {
		/* as lxc.mount.entry's create=dir|file: parents, then the leaf */
		char *path = strdup(a->target);
		for (char *p = path + 1; path; p++) {
			bool leaf = *p == '\0';
			if (*p != '/' && !leaf)
				continue;
			*p = '\0';
			int r = leaf && !a->dir ? open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644)
						: mkdir(path, 0755);
			if (r < 0 && errno != EEXIST) {
				snprintf(msg, sizeof(msg), "cannot create %s in the container: %s", path, strerror(errno));
				free(path);
				goto undo;
			}
			if (r >= 0 && nmade < 64)
				made[nmade++] = strdup(path);
			if (r >= 0 && leaf && !a->dir)
				close(r);
			if (leaf)
				break;
			*p = '/';
		}
		free(path);
	} else {
		snprintf(msg, sizeof(msg), "cannot look at %s in the container: %s", a->target, strerror(errno));
		goto fail;
	}
	if (move_mount(a->tree, "", AT_FDCWD, a->target, MOVE_MOUNT_F_EMPTY_PATH) == 0)
		return 0;
	snprintf(msg, sizeof(msg), "cannot mount onto %s in the container: %s", a->target, strerror(errno));
undo:
	while (nmade > 0) {
		char *p = made[--nmade];
		if (rmdir(p) < 0)
			unlink(p);
	}
fail:
	put_text(out, msg);
	return VM_EXIT_FAILED;
}

/* Whether an lxc.mount.entry of the config has target t (normalised). */
static bool entry_at(struct lxc_container *c, const char *t, struct strvec *others)
{
	char *entries = mount_entries(c), *save = NULL;
	bool found = false;
	for (char *line = entries ? strtok_r(entries, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *copy = xstrdup(line);
		struct mnt m;
		if (split_entry(line, &m) == 0) {
			char *target = norm(m.target);
			if (strcmp(target, t) == 0)
				found = true;
			else if (others)
				strvec_push(others, copy);
			free(target);
		} else if (others) {
			strvec_push(others, copy);
		}
		free(copy);
	}
	free(entries);
	return found;
}

static int save(struct lxc_container *c, const char *what, const char *guest, bool live_done, struct vm_error *err)
{
	if (c->save_config(c, NULL))
		return 0;
	return cannot(err, VM_EXIT_FAILED, what, guest, "%scannot save its config %s: %s",
		      live_done ? "done live, but " : "", c->configfile ? c->configfile : "",
		      errno ? strerror(errno) : "liblxc failed");
}

static int attach_live(struct lxc_container *c, const struct vm_request *req, const char *src, const char *t,
		       bool dir, bool node, bool ro, struct vm_error *err)
{
	const char *what = "attach a disk to";
	pid_t pid = running_pid(c);
	if (pid <= 0)
		return cannot(err, VM_EXIT_FAILED, what, req->guest, "it is not running");
	if (node) {
		char *inside = xasprintf("/proc/%d/root%s", (int)pid, t);
		struct stat st;
		bool there = lstat(inside, &st) == 0;
		free(inside);
		if (there)
			return cannot(err, VM_EXIT_FAILED, what, req->guest, "%s already exists in the container", t);
		struct lx_hush h;
		lx_hush_begin(&h);
		fflush(NULL); /* liblxc forks: no buffered output may be written twice */
		bool ok = c->add_device_node(c, src, t);
		char *said = lx_hush_end(&h);
		if (!ok)
			cannot(err, VM_EXIT_FAILED, what, req->guest, "%s",
			       lx_why(c, said ? said : "liblxc's add_device_node failed (the cgroup refused the device?)"));
		free(said);
		return ok ? 0 : -1;
	}
	int tree = open_tree(AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (tree < 0 && errno == ENOSYS)
		return cannot(err, VM_EXIT_UNSUPPORTED, what, req->guest,
			      "open_tree() is not implemented here (Linux 5.2 and later have it)");
	if (tree < 0)
		return cannot(err, VM_EXIT_FAILED, what, req->guest, "open_tree(%s): %s", src, strerror(errno));
	if (ro) {
		struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
		if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0) {
			int e = errno;
			close(tree);
			if (e == ENOSYS)
				return cannot(err, VM_EXIT_UNSUPPORTED, what, req->guest,
					      "--mode readonly needs mount_setattr() (Linux 5.12 and later)");
			return cannot(err, VM_EXIT_FAILED, what, req->guest, "cannot make the mount read-only: %s",
				      strerror(e));
		}
	}
	struct attach_arg a = { .tree = tree, .target = t, .dir = dir };
	int rc = lx_in_container(pid, CLONE_NEWNS, attach_child, &a, NULL, what, req->guest, err);
	close(tree); /* attached now, or unmounted with its last descriptor */
	return rc;
}

int lx_disk_attach(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	const char *what = "attach a disk to";
	const char *source = vm_value_str(req, "source"), *target = vm_value_str(req, "target");
	const char *mode = vm_value_str(req, "mode"), *device = vm_value_str(req, "device");
	if (vm_value_str(req, "format"))
		return vm_error_set(err, VM_EXIT_UNSUPPORTED,
				    "lxc: --format: a container has no disk images; SOURCE is bind-mounted as it is");
	if (device && strcmp(device, "cdrom") == 0)
		return vm_error_set(err, VM_EXIT_UNSUPPORTED, "lxc: --device cdrom: a container has no CD drive");
	if (check_target(target, err) < 0)
		return -1;
	bool ro = mode && strcmp(mode, "readonly") == 0;
	char *src = realpath(source, NULL);
	struct stat st;
	if (!src || stat(src, &st) < 0) {
		int e = errno;
		char *q = msg_quote(source);
		vm_error_set(err, e == ENOENT || e == ENOTDIR ? VM_EXIT_USAGE : VM_EXIT_FAILED, "cannot attach %s: %s", q,
			     strerror(e));
		free(q);
		free(src);
		return -1;
	}
	bool node = S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode), dir = S_ISDIR(st.st_mode);
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c) {
		free(src);
		return -1;
	}
	int rc = -1;
	bool live, config;
	char *t = norm(target);
	if (lx_targets(c, req, what, &live, &config, err) < 0)
		goto cleanup;
	if (node && ro) {
		vm_error_set(err, VM_EXIT_UNSUPPORTED, "lxc: --mode readonly of a device node: liblxc's add_device_node "
			     "always grants read and write");
		goto cleanup;
	}
	if (node && config) {
		vm_error_set(err, VM_EXIT_UNSUPPORTED, "lxc: --config of a device node: it needs an lxc.mount.entry and "
			     "a cgroup devices.allow line, which vmctl does not write (add them to %s, or use --live)",
			     c->configfile ? c->configfile : "the config");
		goto cleanup;
	}
	if (config && entry_at(c, t, NULL)) {
		cannot(err, VM_EXIT_FAILED, what, req->guest, "its config already has an lxc.mount.entry for %s", t);
		goto cleanup;
	}
	if (live && attach_live(c, req, src, t, dir, node, ro, err) < 0)
		goto cleanup;
	if (config) {
		char *s = escape(src), *d = escape(t + 1);
		char *entry = xasprintf("%s %s none %srbind,create=%s 0 0", s, d, ro ? "ro," : "", dir ? "dir" : "file");
		bool ok = c->set_config_item(c, "lxc.mount.entry", entry);
		free(s);
		free(d);
		free(entry);
		if (!ok) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "%sliblxc refused the lxc.mount.entry",
			       live ? "done live, but " : "");
			goto cleanup;
		}
		if (save(c, what, req->guest, live, err) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	free(t);
	free(src);
	lxc_container_put(c);
	return rc;
}

/* ---- disk-detach ----------------------------------------------------- */

static int detach_child(void *arg, int out)
{
	const char *t = arg;
	char msg[600];
	struct stat st;
	if (lstat(t, &st) == 0 && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode))) {
		if (unlink(t) == 0)
			return 0;
	} else if (umount2(t, MNT_DETACH) == 0) {
		return 0;
	}
	snprintf(msg, sizeof(msg), "cannot detach %s in the container: %s", t, strerror(errno));
	put_text(out, msg);
	return VM_EXIT_FAILED;
}

static char *joined(const struct strvec *v)
{
	size_t len = 1;
	for (size_t i = 0; i < v->n; i++)
		len += strlen(v->v[i]) + 2;
	char *s = xcalloc(1, len);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, v->v[i]);
	}
	return s;
}

int lx_disk_detach(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	const char *what = "detach a disk from";
	const char *target = vm_value_str(req, "target");
	if (check_target(target, err) < 0)
		return -1;
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	bool live, config;
	char *t = norm(target);
	struct strvec there = STRVEC_INIT, nodes = STRVEC_INIT, others = STRVEC_INIT;
	struct mnts mi = { 0 };
	pid_t pid = 0;
	if (lx_targets(c, req, what, &live, &config, err) < 0)
		goto cleanup;
	if (live) {
		pid = running_pid(c);
		char p[64];
		snprintf(p, sizeof(p), "/proc/%d/mountinfo", (int)pid);
		if (pid <= 0 || read_mountinfo(p, &mi) < 0) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "cannot read %s", p);
			goto cleanup;
		}
		list_live(&mi, NULL, NULL, NULL, &there);
		list_nodes(pid, NULL, &nodes);
		bool found = false;
		for (size_t i = 0; i < there.n; i++)
			found |= strcmp(there.v[i], t) == 0;
		for (size_t i = 0; i < nodes.n; i++) {
			found |= strcmp(nodes.v[i], t) == 0;
			strvec_push(&there, nodes.v[i]);
		}
		if (!found) {
			char *list = joined(&there);
			cannot(err, VM_EXIT_FAILED, what, req->guest, "nothing is attached at %s (attached: %s)", t,
			       there.n ? list : "none");
			free(list);
			goto cleanup;
		}
	}
	if (config && !entry_at(c, t, &others)) {
		struct strvec at = STRVEC_INIT;
		for (size_t i = 0; i < others.n; i++) {
			char *line = xstrdup(others.v[i]);
			struct mnt m;
			if (split_entry(line, &m) == 0) {
				char *n = norm(m.target);
				strvec_push(&at, n);
				free(n);
			}
			free(line);
		}
		char *list = joined(&at);
		cannot(err, VM_EXIT_FAILED, what, req->guest, "its config has no lxc.mount.entry for %s (entries: %s)", t,
		       at.n ? list : "none");
		free(list);
		strvec_clear(&at);
		goto cleanup;
	}
	if (live) {
		bool node = false;
		for (size_t i = 0; i < nodes.n; i++)
			node |= strcmp(nodes.v[i], t) == 0;
		struct stat hs;
		/* liblxc also takes the node's permission back from the cgroup,
		 * given the host's node of the same path */
		if (node && stat(t, &hs) == 0 && (S_ISBLK(hs.st_mode) || S_ISCHR(hs.st_mode))) {
			struct lx_hush h;
			lx_hush_begin(&h);
			fflush(NULL);
			bool ok = c->remove_device_node(c, t, t);
			char *said = lx_hush_end(&h);
			if (!ok)
				cannot(err, VM_EXIT_FAILED, what, req->guest, "%s",
				       lx_why(c, said ? said : "liblxc's remove_device_node failed"));
			free(said);
			if (!ok)
				goto cleanup;
		} else if (lx_in_container(pid, CLONE_NEWNS, detach_child, t, NULL, what, req->guest, err) < 0) {
			goto cleanup;
		}
	}
	if (config) {
		c->clear_config_item(c, "lxc.mount.entry");
		for (size_t i = 0; i < others.n; i++)
			if (!c->set_config_item(c, "lxc.mount.entry", others.v[i])) {
				cannot(err, VM_EXIT_FAILED, what, req->guest, "liblxc refused the kept entry %s", others.v[i]);
				goto cleanup;
			}
		if (save(c, what, req->guest, live, err) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	strvec_clear(&there);
	strvec_clear(&nodes);
	strvec_clear(&others);
	mnts_clear(&mi);
	free(t);
	lxc_container_put(c);
	return rc;
}
