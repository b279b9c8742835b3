/* lxc_define.c: a container's definition through liblxc: create (from a
 * template, or from an LXC config), delete, config, autostart and rename.
 *
 * Crash safety.  liblxc's create() runs a template script and cannot be
 * atomic, and destroy() removes the rootfs before the directory.  create and
 * delete therefore first write a marker, LXCPATH/.vmctl-creating-NAME
 * (beside the container's directory, not in it, where the template would
 * find it), holding the verb's name and an open file description lock
 * (F_OFD_SETLK, released by the kernel when the process dies), and remove it
 * last.  A container with a marker counts as absent: list leaves it out and
 * every other verb is exit 3 saying how to remove it (lx_lookup).  The next
 * create of that name, or a delete, removes what is left.  A marker whose
 * lock is held belongs to a vmctl still at work and is left alone.
 *
 * In test builds (VMCTL_TEST_HOOKS), VMCTL_TEST_KILL_AT=STEP kills the
 * process with SIGKILL at that step (test_hook below), as a crash would. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_util.h"
#include "lxc_internal.h"
#include "quote.h"

/* Where liblxc looks for lxc-T when a template is named without a path
 * (LXCTEMPLATEDIR, built into liblxc; Debian's). */
#define TEMPLATE_DIR "/usr/share/lxc/templates"
#define MARKER_PREFIX ".vmctl-creating-"
/* An LXC config given to create --from is read whole; larger is refused. */
#define CONFIG_MAX_MIB 1


/* ---- markers --------------------------------------------------------- */

static char *marker_path(const char *lxcpath, const char *name)
{
	return xasprintf("%s/" MARKER_PREFIX "%s", lxcpath, name);
}

enum lx_mark lx_marked(const char *lxcpath, const char *name, char *verb, size_t len)
{
	char *path = marker_path(lxcpath, name);
	struct stat st;
	enum lx_mark m = LX_MARK_NONE;
	if (verb && len)
		snprintf(verb, len, "create");
	if (lstat(path, &st) != 0)
		goto cleanup; /* no marker (or a name too long to have one) */
	m = LX_MARK_LEFT;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		goto cleanup; /* there, but unreadable: absent all the same */
	/* F_OFD_GETLK tests without taking: a list never gets in a create's way */
	struct flock lk = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	if (fcntl(fd, F_OFD_GETLK, &lk) == 0 && lk.l_type != F_UNLCK)
		m = LX_MARK_BUSY;
	char buf[16];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (verb && len && n > 0) {
		buf[n] = '\0';
		buf[strcspn(buf, " \t\r\n")] = '\0';
		if (strcmp(buf, "delete") == 0)
			snprintf(verb, len, "delete");
	}
	close(fd);
cleanup:
	free(path);
	return m;
}

/* The command that removes what is left: -b lxc, and -P when the lxcpath is
 * not liblxc's default, so that it finds the container (discovery would
 * not: a marked container counts as absent). */
static char *delete_command(const char *lxcpath, const char *name)
{
	const char *dflt = lxc_get_global_config_item("lxc.lxcpath");
	char *real = dflt ? realpath(dflt, NULL) : NULL;
	bool other = !dflt || (strcmp(lxcpath, dflt) != 0 && (!real || strcmp(lxcpath, real) != 0));
	free(real);
	const char *argv[10];
	size_t n = 0;
	argv[n++] = "vmctl";
	argv[n++] = "-b";
	argv[n++] = "lxc";
	if (other) {
		argv[n++] = "-P";
		argv[n++] = lxcpath;
	}
	argv[n++] = "delete";
	if (name[0] == '-')
		argv[n++] = "--";
	argv[n++] = name;
	argv[n] = NULL;
	return sh_join((char *const *)argv);
}

int lx_marked_error(const char *lxcpath, const char *name, enum lx_mark m, const char *verb, struct vm_error *err)
{
	char *q = msg_quote(name);
	if (m == LX_MARK_BUSY) {
		vm_error_set(err, VM_EXIT_NO_GUEST, "%s is being %sd by another vmctl (it holds %s/" MARKER_PREFIX "%s)",
			     q, verb, lxcpath, name);
	} else {
		char *cmd = delete_command(lxcpath, name);
		bool del = strcmp(verb, "delete") == 0;
		vm_error_set(err, VM_EXIT_NO_GUEST, "%s is half-%s (vmctl %s was interrupted): %s removes it", q,
			     del ? "deleted" : "created", verb, cmd);
		free(cmd);
	}
	free(q);
	return -1;
}

/* A marker taken: its open file description holds the lock. */
struct marker {
	int fd;
	char *path;
	bool left;     /* an interrupted create or delete left it */
	char verb[16]; /* which one, when left */
};

/* Writes NAME's marker for verb (create or delete) and takes its lock:
 * 0, with m->left when an interrupted verb had left it (marker_drop ends
 * it); -1 with err filled, and nothing to drop, when another vmctl holds it
 * or it cannot be written (exit 1). */
static int marker_take(const char *lxcpath, const char *name, const char *verb, struct marker *m,
		       struct vm_error *err)
{
	*m = (struct marker){ .fd = -1, .path = marker_path(lxcpath, name) };
	char *q = msg_quote(name);
	int rc = -1;
	for (int tries = 0; tries < 20; tries++) {
		bool made = true;
		int fd = open(m->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd < 0 && errno == EEXIST) {
			made = false;
			fd = open(m->path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
			if (fd < 0 && errno == ENOENT)
				continue; /* its holder removed it in between */
		}
		if (fd < 0) {
			vm_error_set(err, VM_EXIT_FAILED, "cannot %s %s: cannot write its marker %s: %s", verb, q, m->path,
				     strerror(errno));
			goto cleanup;
		}
		struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		if (fcntl(fd, F_OFD_SETLK, &lk) < 0) {
			int e = errno;
			close(fd);
			if (e == EAGAIN || e == EACCES)
				vm_error_set(err, VM_EXIT_FAILED, "cannot %s %s: another vmctl is creating or deleting it "
					     "(it holds %s)", verb, q, m->path);
			else
				vm_error_set(err, VM_EXIT_FAILED, "cannot %s %s: cannot lock its marker %s: %s", verb, q,
					     m->path, strerror(e));
			goto cleanup;
		}
		/* the holder before us may have removed the file since we opened it */
		struct stat a, b;
		if (fstat(fd, &a) != 0 || stat(m->path, &b) != 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
			close(fd);
			continue;
		}
		m->fd = fd;
		m->left = !made;
		if (m->left) {
			char buf[16];
			ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
			buf[n > 0 ? n : 0] = '\0';
			buf[strcspn(buf, " \t\r\n")] = '\0';
			snprintf(m->verb, sizeof(m->verb), "%s", strcmp(buf, "delete") == 0 ? "delete" : "create");
		}
		char line[32];
		int len = snprintf(line, sizeof(line), "%s\n", verb);
		if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)len, 0) != len) {
			vm_error_set(err, VM_EXIT_FAILED, "cannot %s %s: cannot write its marker %s: %s", verb, q, m->path,
				     strerror(errno));
			if (made) /* ours and empty: it marks nothing */
				unlink(m->path);
			goto cleanup;
		}
		rc = 0;
		goto cleanup;
	}
	vm_error_set(err, VM_EXIT_FAILED, "cannot %s %s: its marker %s keeps changing (other vmctl at work?)", verb, q,
		     m->path);
cleanup:
	if (rc < 0) { /* nothing taken: nothing for marker_drop */
		if (m->fd >= 0)
			close(m->fd);
		free(m->path);
		*m = (struct marker){ .fd = -1 };
	}
	free(q);
	return rc;
}

/* Done: the marker goes (remove true), or stays to mark what is left. */
static void marker_drop(struct marker *m, bool remove)
{
	if (remove && m->fd >= 0)
		unlink(m->path); /* while still locked: nobody takes a marker being removed */
	if (m->fd >= 0)
		close(m->fd);
	free(m->path);
	*m = (struct marker){ .fd = -1 };
}

/* ---- removing a container -------------------------------------------- */

/* The rootfs directory of a directory-backed container ("dir:PATH" or a
 * path), or NULL (another storage type, or none). */
static char *rootfs_dir(struct lxc_container *c)
{
	char buf[4096];
	if (lx_cfg_get(c, "lxc.rootfs.path", buf, sizeof(buf)) < 0)
		return NULL;
	const char *p = strncmp(buf, "dir:", 4) == 0 ? buf + 4 : buf;
	return p[0] == '/' ? xstrdup(p) : NULL;
}

static void snapshot_names(struct lxc_container *c, struct strvec *names)
{
	struct lxc_snapshot *s = NULL;
	int n = c->snapshot_list(c, &s);
	for (int i = 0; i < n; i++) {
		strvec_push(names, s[i].name);
		s[i].free(&s[i]);
	}
	free(s);
}

/* Destroys the stopped container c with its snapshots and rootfs, as
 * lxc-destroy -s does; removed gets what is gone ("container NAME",
 * "snapshot snapN", "rootfs PATH"). */
static int destroy_container(struct lxc_container *c, const char *what, struct strvec *removed, struct vm_error *err)
{
	struct strvec snaps = STRVEC_INIT;
	snapshot_names(c, &snaps);
	char *rootfs = rootfs_dir(c);
	struct stat st;
	bool had_rootfs = rootfs && lstat(rootfs, &st) == 0;
	struct lx_hush h;
	lx_hush_begin(&h);
	/* destroy_with_snapshots() of liblxc 5.0 fails when there are none (no snaps directory) */
	bool ok = snaps.n ? c->destroy_with_snapshots(c) : c->destroy(c);
	char *said = lx_hush_end(&h);
	int rc = 0;
	if (!ok)
		rc = cannot(err, VM_EXIT_FAILED, what, c->name, "%s",
			    lx_why(c, said ? said : "liblxc could not destroy it (lxc-destroy says why)"));
	else {
		strvec_pushf(removed, "container %s", c->name);
		for (size_t i = 0; i < snaps.n; i++)
			strvec_pushf(removed, "snapshot %s", snaps.v[i]);
		if (had_rootfs && lstat(rootfs, &st) != 0)
			strvec_pushf(removed, "rootfs %s", rootfs);
	}
	free(said);
	free(rootfs);
	strvec_clear(&snaps);
	return rc;
}

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

/* Removes what an interrupted create or delete left of NAME: the container
 * when liblxc still knows it (a config there), else its directory, which
 * create() may have begun.  A running leftover is killed only with force. */
static int remove_leftover(struct vm_conn *conn, const char *name, const char *verb, bool force,
			   struct vm_result *res, struct vm_error *err)
{
	struct lxc_container *c = lx_open_container(name, conn->lxcpath, err);
	if (!c)
		return -1;
	int rc = -1;
	char *dir = xasprintf("%s/%s", conn->lxcpath, name);
	struct stat st;
	if (c->is_running(c)) {
		if (!force) {
			cannot(err, VM_EXIT_FAILED, verb, name, "what an interrupted vmctl left of it is running "
			       "(delete --force removes it)");
			goto cleanup;
		}
		if (!lx_kill_now(c) && lx_state(c) != VM_STATE_SHUTOFF) {
			cannot(err, VM_EXIT_FAILED, verb, name, "%s", lx_why(c, "liblxc could not stop what is left of it"));
			goto cleanup;
		}
	}
	if (c->is_defined(c)) {
		if (destroy_container(c, verb, &res->removed, err) < 0)
			goto cleanup;
	} else if (lstat(dir, &st) == 0) {
		if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) != 0) {
			cannot(err, VM_EXIT_FAILED, verb, name, "cannot remove what is left in %s: %s", dir, strerror(errno));
			goto cleanup;
		}
		strvec_pushf(&res->removed, "container %s", name);
	}
	rc = 0;
cleanup:
	free(dir);
	lxc_container_put(c);
	return rc;
}

/* Whether NAME is taken in the lxcpath: a container liblxc knows, running
 * or defined, or a directory of that name.  -1 with err filled (exit 1). */
static int taken(struct vm_conn *conn, const char *name, const char *verb, const char *subject,
		 struct vm_error *err)
{
	struct lxc_container *c = lx_open_container(name, conn->lxcpath, err);
	if (!c)
		return -1;
	char *dir = xasprintf("%s/%s", conn->lxcpath, name);
	struct stat st;
	int rc = 0;
	char *q = strcmp(name, subject) == 0 ? xstrdup("it") : msg_quote(name);
	if (c->is_defined(c) || c->is_running(c))
		rc = cannot(err, VM_EXIT_FAILED, verb, subject, "%s already exists in %s", q, conn->lxcpath);
	else if (lstat(dir, &st) == 0)
		rc = cannot(err, VM_EXIT_FAILED, verb, subject, "%s exists and holds no container config", dir);
	free(q);
	free(dir);
	lxc_container_put(c);
	return rc;
}

/* ---- create ---------------------------------------------------------- */

/* The items of a neutral spec that a container cannot have: exit 4 naming
 * the option, before anything is made. */
static int refuse_spec(const struct vm_request *req, struct vm_error *err)
{
	static const struct {
		const char *opt, *why;
	} never[] = {
		{ "kernel", "a container runs on the host's kernel" },
		{ "initrd", "a container runs on the host's kernel: it has no initial ramdisk" },
		{ "cdrom", "a container has no CD drive" },
		{ "disk", "a container has no disk images: --template fills its root directory "
			  "(disk-attach bind-mounts a host path into it)" },
		{ "type", "pv and hvm are Xen guest types; a container has neither" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(never); i++)
		if (vm_value(req, never[i].opt))
			return vm_error_set(err, VM_EXIT_UNSUPPORTED, "lxc: --%s: %s", never[i].opt, never[i].why);
	const char *net;
	for (size_t i = 0; (net = vm_value_nth(req, "network", i)); i++)
		if (strncmp(net, "bridge=", 7) != 0) {
			char *q = msg_quote(net);
			vm_error_set(err, VM_EXIT_UNSUPPORTED,
				     "lxc: --network %s: liblxc has no libvirt networks; a container's NIC goes on a host "
				     "bridge (--network bridge=BR)", q);
			free(q);
			return -1;
		}
	return 0;
}

/* A bridge's name as the kernel takes it (exit 2 otherwise). */
static int check_bridge(const char *br, struct vm_error *err)
{
	bool ok = *br && strlen(br) < IFNAMSIZ && strcmp(br, ".") != 0 && strcmp(br, "..") != 0;
	for (const char *p = br; ok && *p; p++)
		ok = *p > ' ' && *p != '/' && *p != ':' && *p != 0x7f;
	if (ok)
		return 0;
	char *q = msg_quote(br);
	vm_error_set(err, VM_EXIT_USAGE, "lxc: --network bridge=%s: not an interface name (1 to %d characters, "
		     "no '/', ':' or white space)", q, IFNAMSIZ - 1);
	free(q);
	return -1;
}

/* The template T as liblxc finds it: a path, or TEMPLATE_DIR/lxc-T (exit 2
 * naming it when there is none).  The caller frees the path. */
static char *template_path(const char *t, struct vm_error *err)
{
	char *q = msg_quote(t);
	char *path = NULL;
	if (t[0] == '/')
		path = xstrdup(t);
	else if (!*t || strchr(t, '/'))
		vm_error_set(err, VM_EXIT_USAGE, "lxc: --template %s: a template's name (as busybox) or an absolute path",
			     q);
	else
		path = xasprintf(TEMPLATE_DIR "/lxc-%s", t);
	if (path && access(path, X_OK) != 0) {
		vm_error_set(err, VM_EXIT_USAGE, "lxc: no template %s (%s: %s)", q, path, strerror(errno));
		free(path);
		path = NULL;
	}
	free(q);
	return path;
}

static bool set_item(struct lxc_container *c, const char *key, const char *value, struct vm_error *err)
{
	if (c->set_config_item(c, key, value))
		return true;
	cannot(err, VM_EXIT_FAILED, "create", c->name, "liblxc refused %s = %s", key, value);
	return false;
}

/* The spec's items in a freshly made container's config, saved: its
 * network (none, or a veth on each bridge: the template's default would be
 * lxcbr0, which need not exist), memory limit, CPUs and init command. */
static int configure(struct lxc_container *c, const struct vm_request *req, const char *cpus,
		     struct vm_result *res, struct vm_error *err)
{
	c->clear_config_item(c, "lxc.net");
	const char *net;
	size_t i = 0;
	for (; (net = vm_value_nth(req, "network", i)); i++) {
		const char *br = net + 7;
		char key[64];
		snprintf(key, sizeof(key), "lxc.net.%zu.type", i);
		if (!set_item(c, key, "veth", err))
			return -1;
		snprintf(key, sizeof(key), "lxc.net.%zu.link", i);
		if (!set_item(c, key, br, err))
			return -1;
		snprintf(key, sizeof(key), "lxc.net.%zu.flags", i);
		if (!set_item(c, key, "up", err))
			return -1;
		char *sys = xasprintf("/sys/class/net/%s/bridge", br);
		if (access(sys, F_OK) != 0) {
			char *q = msg_quote(br);
			note(res, "there is no bridge %s on this host (yet): the container starts once there is", q);
			free(q);
		}
		free(sys);
	}
	if (i == 0 && !set_item(c, "lxc.net.0.type", "empty", err))
		return -1;
	if (vm_value(req, "memory")) {
		uint64_t kib = vm_value_num(req, "memory", 0);
		char bytes[32];
		snprintf(bytes, sizeof(bytes), "%llu",
			 (unsigned long long)(kib > UINT64_MAX / 1024 ? UINT64_MAX : kib * 1024));
		c->clear_config_item(c, lx_mem_key()); /* cgroup keys accumulate */
		if (!set_item(c, lx_mem_key(), bytes, err))
			return -1;
	}
	if (cpus) {
		c->clear_config_item(c, lx_cpuset_key());
		if (!set_item(c, lx_cpuset_key(), cpus, err))
			return -1;
	}
	const char *cmd = vm_value_str(req, "cmdline");
	if (cmd) {
		c->clear_config_item(c, "lxc.init.cmd");
		if (!set_item(c, "lxc.init.cmd", cmd, err))
			return -1;
	}
	if (!c->save_config(c, NULL))
		return cannot(err, VM_EXIT_FAILED, "create", c->name, "cannot save its config %s: %s",
			      c->configfile ? c->configfile : "", lx_why(c, errno ? strerror(errno) : "liblxc failed"));
	return 0;
}

/* create --from CONFIG: is it an LXC config ("lxc.KEY = VALUE" lines)?
 * Exit 2 otherwise, before anything is made. */
static int check_lxc_config(const char *path, struct vm_error *err)
{
	char *text = read_small_file(path, CONFIG_MAX_MIB, NULL, err);
	if (!text)
		return -1;
	char *q = msg_quote(path);
	int rc = 0, lineno = 0, items = 0;
	for (char *line = text, *next; line && rc == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line += strspn(line, " \t\r");
		if (!*line || *line == '#')
			continue;
		if (*line == '<')
			rc = vm_error_set(err, VM_EXIT_USAGE, "%s is not an LXC config: it is XML (domain XML is -b libvirt's)",
					  q);
		else if (strncmp(line, "lxc.", 4) != 0 || !strchr(line, '='))
			rc = vm_error_set(err, VM_EXIT_USAGE, "%s is not an LXC config: line %d is not 'lxc.KEY = VALUE'", q,
					  lineno);
		items++;
	}
	if (rc == 0 && items == 0)
		rc = vm_error_set(err, VM_EXIT_USAGE, "%s is not an LXC config: it has no lxc.KEY = VALUE line", q);
	free(q);
	free(text);
	return rc;
}

/* Removes LXCPATH/NAME when it is an empty directory. */
static void rmdir_quietly(const char *lxcpath, const char *name)
{
	char *dir = xasprintf("%s/%s", lxcpath, name);
	(void)rmdir(dir);
	free(dir);
}

static int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s)
			continue;
		char was = *s;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*s = was;
		if (!was)
			break;
	}
	free(p);
	return rc;
}

/* The container of create --from: the config's items as they are (a rootfs
 * path in it is used as is), its name as the host name unless the config
 * names one.  Nothing runs a template: save_config() makes the directory. */
static int create_from(struct lxc_container *c, const struct vm_request *req, struct vm_result *res,
		       struct vm_error *err)
{
	struct lx_hush h;
	lx_hush_begin(&h);
	bool ok = c->load_config(c, req->from);
	char *said = lx_hush_end(&h);
	char *q = msg_quote(req->from);
	int rc = -1;
	char buf[4096];
	if (!ok) {
		vm_error_set(err, VM_EXIT_USAGE, "liblxc cannot read %s: %s", q,
			     said ? said : "an unknown key or a bad value (lxc-create -f shows which)");
		goto cleanup;
	}
	if (lx_cfg_get(c, "lxc.uts.name", buf, sizeof(buf)) < 0 && !set_item(c, "lxc.uts.name", c->name, err))
		goto cleanup;
	char *rootfs = rootfs_dir(c), *mine = xasprintf("%s/%s/", c->config_path, c->name);
	if (rootfs && strncmp(rootfs, mine, strlen(mine)) != 0) {
		char *n = msg_quote(c->name);
		note(res, "the rootfs of %s stays where the config says, %s: vmctl delete deletes it, as lxc-destroy does",
		     n, rootfs);
		free(n);
	}
	free(rootfs);
	free(mine);
	if (!c->save_config(c, NULL)) {
		cannot(err, VM_EXIT_FAILED, "create", c->name, "cannot save its config %s: %s",
		       c->configfile ? c->configfile : "", lx_why(c, errno ? strerror(errno) : "liblxc failed"));
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(q);
	free(said);
	return rc;
}

int lx_create(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *t = vm_value_str(req, "template");
	/* everything that needs nothing made first: exit 4, 2, then 1 */
	if (refuse_spec(req, err) < 0)
		return -1;
	if (!req->from && !t)
		return vm_error_set(err, VM_EXIT_USAGE, "lxc: create needs --template T (such as busybox) or --from CONFIG");
	if (req->from && !req->guest)
		return vm_error_set(err, VM_EXIT_USAGE,
				    "lxc: create --from CONFIG needs the container's NAME: an LXC config names none");
	if (lx_check_name(req->guest, err) < 0)
		return -1;
	const char *net;
	for (size_t i = 0; (net = vm_value_nth(req, "network", i)); i++)
		if (check_bridge(net + 7, err) < 0)
			return -1;
	if (req->from && check_lxc_config(req->from, err) < 0)
		return -1;
	char *tpath = t ? template_path(t, err) : NULL;
	if (t && !tpath)
		return -1;
	char *cpus = NULL;
	if (vm_value(req, "vcpus") &&
	    !(cpus = lx_first_cpus((unsigned)vm_value_num(req, "vcpus", 1), "create", req->guest, err))) {
		free(tpath);
		return -1;
	}

	/* from here on, under the marker */
	int rc = -1;
	bool made = false, keep = false; /* keep: the marker stays over what is left */
	struct lxc_container *c = NULL;
	struct marker m = { .fd = -1 };
	if (mkdir_p(conn->lxcpath) != 0) { /* as lxc-create: a new lxcpath is made */
		cannot(err, VM_EXIT_FAILED, "create", req->guest, "cannot make the lxcpath %s: %s", conn->lxcpath,
		       strerror(errno));
		goto cleanup;
	}
	if (marker_take(conn->lxcpath, req->guest, "create", &m, err) < 0)
		goto cleanup;
	if (m.left) {
		if (remove_leftover(conn, req->guest, "create", false, res, err) < 0) {
			keep = true;
			goto cleanup;
		}
		char *q = msg_quote(req->guest);
		note(res, "%s was half-%s (vmctl %s was interrupted): removed what was left first", q,
		     strcmp(m.verb, "delete") == 0 ? "deleted" : "created", m.verb);
		free(q);
	}
	if (taken(conn, req->guest, "create", req->guest, err) < 0)
		goto cleanup;
	test_kill_at("lxc-create-marked");

	c = lx_open_container(req->guest, conn->lxcpath, err);
	if (!c)
		goto cleanup;
	if (req->from) {
		made = true; /* whatever save_config() began */
		if (create_from(c, req, res, err) < 0)
			goto cleanup;
		test_kill_at("lxc-create-created");
	} else {
		struct lx_hush h;
		lx_hush_begin(&h);
		fflush(NULL); /* liblxc forks the template: no buffered output may be written twice */
		bool ok = c->create(c, t, NULL, NULL, LXC_CREATE_QUIET, NULL);
		char *said = lx_hush_end(&h);
		if (!ok) { /* liblxc removes what the template began; undo whatever it could not */
			made = c->is_defined(c);
			cannot(err, VM_EXIT_FAILED, "create", req->guest, "the template %s failed: %s", tpath,
			       lx_why(c, said ? said : "(lxc-create -t shows its output)"));
			free(said);
			goto cleanup;
		}
		free(said);
		made = true;
		test_kill_at("lxc-create-created");
		if (configure(c, req, cpus, res, err) < 0)
			goto cleanup;
	}
	test_kill_at("lxc-create-configured");
	rc = 0;
cleanup:
	if (rc < 0 && made && c) { /* undo: nothing half-made stays */
		struct strvec gone = STRVEC_INIT;
		struct vm_error ignored;
		if (c->is_defined(c))
			keep = destroy_container(c, "create", &gone, &ignored) < 0;
		else
			rmdir_quietly(conn->lxcpath, req->guest); /* a directory save_config() began */
		strvec_clear(&gone);
	}
	/* the marker stays only over what could not be removed */
	if (m.fd >= 0)
		marker_drop(&m, !keep);
	if (c)
		lxc_container_put(c);
	free(cpus);
	free(tpath);
	return rc;
}

/* ---- delete ---------------------------------------------------------- */

int lx_delete(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	if (lx_check_name(req->guest, err) < 0)
		return -1;
	bool force = vm_value_flag(req, "force");
	bool drop = true; /* the marker goes when done, or when nothing was changed */
	struct marker m = { .fd = -1 };
	struct lxc_container *c = NULL;
	char *q = msg_quote(req->guest);
	int rc = -1;
	if (marker_take(conn->lxcpath, req->guest, "delete", &m, err) < 0)
		goto cleanup;
	if (m.left) {
		if (remove_leftover(conn, req->guest, "delete", force, res, err) < 0) {
			drop = false;
			goto cleanup;
		}
		note(res, "%s was half-%s (vmctl %s was interrupted): removed what was left", q,
		     strcmp(m.verb, "delete") == 0 ? "deleted" : "created", m.verb);
		rc = 0;
		goto cleanup;
	}
	c = lx_open_container(req->guest, conn->lxcpath, err);
	if (!c)
		goto cleanup;
	if (!c->is_defined(c) && !c->is_running(c)) {
		struct stat st;
		vm_error_set(err, VM_EXIT_NO_GUEST, "no container %s in %s%s", q, conn->lxcpath,
			     stat(conn->lxcpath, &st) == 0 ? "" : " (no such directory)");
		goto cleanup;
	}
	enum vm_state st = lx_state(c);
	if (st != VM_STATE_SHUTOFF) {
		if (!force) {
			cannot(err, VM_EXIT_FAILED, "delete", req->guest, "it is %s (--force kills it first)",
			       vm_state_name(st));
			goto cleanup;
		}
		if (!lx_kill_now(c) && lx_state(c) != VM_STATE_SHUTOFF) {
			cannot(err, VM_EXIT_FAILED, "kill (before deleting)", req->guest, "%s",
			       lx_why(c, "liblxc could not stop it"));
			goto cleanup;
		}
	}
	if (!c->is_defined(c)) {
		cannot(err, VM_EXIT_FAILED, "delete", req->guest, "it has no config in %s (it ran from another one)",
		       conn->lxcpath);
		goto cleanup;
	}
	test_kill_at("lxc-delete-marked");
	if (destroy_container(c, "delete", &res->removed, err) < 0) {
		drop = c->is_defined(c); /* still whole enough for liblxc: no leftover to mark */
		goto cleanup;
	}
	test_kill_at("lxc-delete-destroyed");
	rc = 0;
cleanup:
	if (rc == 0 && vm_value_flag(req, "storage") && !res->note[0])
		note(res, "--storage makes no difference here: liblxc deletes a container's rootfs with it, as lxc-destroy");
	if (m.fd >= 0)
		marker_drop(&m, drop);
	if (c)
		lxc_container_put(c);
	free(q);
	return rc;
}

/* ---- config, autostart, rename -------------------------------------- */

int lx_config(struct vm_conn *conn, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	/* --inactive reads the same file: a container has no other definition
	 * than its config (liblxc reads it again at each start) */
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	char *path = c->config_file_name(c), *text = NULL;
	if (!path || !c->is_defined(c)) {
		cannot(err, VM_EXIT_FAILED, "print the config of", req->guest, "it has no config file in %s",
		       conn->lxcpath);
		goto cleanup;
	}
	/* nothing to redact: an LXC config carries no passwords */
	text = read_small_file(path, 16, NULL, err);
	if (!text) {
		err->code = VM_EXIT_FAILED;
		goto cleanup;
	}
	struct vm_record *r = vm_records_new(out);
	vm_record_add(r, "format", "%s", "lxc");
	vm_record_add(r, "text", "%s", text);
	rc = 0;
cleanup:
	free(text);
	free(path);
	lxc_container_put(c);
	return rc;
}

int lx_autostart(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *sw = vm_value_str(req, "switch");
	bool on = sw && strcmp(sw, "on") == 0;
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	char buf[32];
	if (!c->is_defined(c)) {
		cannot(err, VM_EXIT_FAILED, "set the autostart of", req->guest, "it has no config file in %s",
		       conn->lxcpath);
		goto cleanup;
	}
	bool was = lx_cfg_get(c, "lxc.start.auto", buf, sizeof(buf)) == 0 && atoi(buf) > 0;
	if (was == on) {
		char *q = msg_quote(req->guest);
		already(res, "%s already %s with the host (lxc.start.auto = %d)", q, on ? "starts" : "does not start",
			on);
		free(q);
		rc = 0;
		goto cleanup;
	}
	c->clear_config_item(c, "lxc.start.auto"); /* set_config_item() adds a line */
	if (!c->set_config_item(c, "lxc.start.auto", on ? "1" : "0")) {
		cannot(err, VM_EXIT_FAILED, "set the autostart of", req->guest, "liblxc refused lxc.start.auto = %d", on);
		goto cleanup;
	}
	if (!c->save_config(c, NULL)) {
		cannot(err, VM_EXIT_FAILED, "set the autostart of", req->guest, "cannot save its config %s: %s",
		       c->configfile ? c->configfile : "", lx_why(c, errno ? strerror(errno) : "liblxc failed"));
		goto cleanup;
	}
	rc = 0;
cleanup:
	lxc_container_put(c);
	return rc;
}

/* rename is liblxc's rename() done by hand: a copy under the new name
 * (clone()), then destroy() of the old.  liblxc 5.0's rename() prepares the
 * rootfs's storage twice and leaks the first; clone() alone does not.  The
 * copy is marked half-created until it is whole, and the old container
 * half-deleted while it goes, so that a crash leaves one whole container
 * and a leftover the next delete removes. */
int lx_rename(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	const char *to = vm_value_str(req, "new_name");
	if (!to || lx_check_name(to, err) < 0)
		return to ? -1 : vm_error_set(err, VM_EXIT_USAGE, "rename needs NEWNAME");
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	struct strvec snaps = STRVEC_INIT;
	struct marker mnew = { .fd = -1 }, mold = { .fd = -1 };
	bool keep_new = false, keep_old = false;
	char *rootfs = NULL, *qto = msg_quote(to), verb[16], *said = NULL;
	enum vm_state st = lx_state(c);
	if (st != VM_STATE_SHUTOFF) {
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "it is %s: rename needs a stopped container",
		       vm_state_name(st));
		goto cleanup;
	}
	if (!c->is_defined(c)) {
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "it has no config in %s", conn->lxcpath);
		goto cleanup;
	}
	if (strcmp(to, req->guest) == 0) {
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "that is its name already");
		goto cleanup;
	}
	if (lx_marked(conn->lxcpath, to, verb, sizeof(verb)) != LX_MARK_NONE) {
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "%s is taken by a container half-%sd by vmctl %s", qto,
		       strcmp(verb, "delete") == 0 ? "delete" : "create", verb);
		goto cleanup;
	}
	if (taken(conn, to, "rename", req->guest, err) < 0)
		goto cleanup;
	snapshot_names(c, &snaps);
	if (snaps.n) {
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "liblxc cannot rename a container that has snapshots "
		       "(%zu: %s%s); delete them first", snaps.n, snaps.v[0], snaps.n > 1 ? ", ..." : "");
		goto cleanup;
	}
	rootfs = rootfs_dir(c);
	if (rootfs && !lx_in_path("rsync")) { /* liblxc copies a directory rootfs to the new name with rsync */
		cannot(err, VM_EXIT_UNSUPPORTED, "rename", req->guest,
		       "liblxc copies a directory rootfs with rsync, which is not installed (not found in PATH)");
		goto cleanup;
	}
	if (marker_take(conn->lxcpath, to, "create", &mnew, err) < 0)
		goto cleanup;
	if (mnew.left) { /* an interrupted vmctl got there since the check above */
		keep_new = true;
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "%s is taken by what an interrupted vmctl left", qto);
		goto cleanup;
	}
	struct lx_hush h;
	lx_hush_begin(&h);
	fflush(NULL); /* liblxc forks rsync */
	struct lxc_container *copy = c->clone(c, to, c->config_path, LXC_CLONE_KEEPMACADDR, NULL, NULL, 0, NULL);
	said = lx_hush_end(&h);
	if (!copy) {
		struct lxc_container *left = lx_open_container(to, conn->lxcpath, NULL);
		keep_new = left && left->is_defined(left); /* liblxc normally removes a failed copy itself */
		if (left)
			lxc_container_put(left);
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "%s",
		       lx_why(c, said ? said : "liblxc could not copy it to the new name"));
		goto cleanup;
	}
	lxc_container_put(copy);
	if (marker_take(conn->lxcpath, req->guest, "delete", &mold, err) < 0) {
		keep_new = true;
		goto cleanup;
	}
	marker_drop(&mnew, true); /* the copy is whole: from here on it is the container */
	free(said);
	lx_hush_begin(&h);
	bool ok = c->destroy(c);
	said = lx_hush_end(&h);
	if (!ok) {
		keep_old = !c->is_defined(c);
		cannot(err, VM_EXIT_FAILED, "rename", req->guest, "copied to %s, but the old one stays: %s", qto,
		       lx_why(c, said ? said : "liblxc could not destroy it"));
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (mnew.fd >= 0)
		marker_drop(&mnew, !keep_new);
	if (mold.fd >= 0)
		marker_drop(&mold, !keep_old);
	free(said);
	free(qto);
	free(rootfs);
	strvec_clear(&snaps);
	lxc_container_put(c);
	return rc;
}
