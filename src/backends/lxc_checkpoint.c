/* lxc_checkpoint.c: save and restore, as liblxc's checkpoint() and
 * restore() with CRIU into and from a directory.  When CRIU fails, its
 * first error in the log it left there becomes the reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "backend_util.h"
#include "lxc_internal.h"
#include "quote.h"

/* CRIU's first error in its log in DIR (liblxc has criu write dump.log or
 * restore.log there), without the "Error (file:line): " prefix, or NULL.
 * Lines that only say a helper exited are consequences, not causes; a log
 * older than since is an earlier run's. */
static char *criu_error(const char *dir, const char *log, time_t since)
{
	char *path = xasprintf("%s/%s", dir, log);
	struct stat sb;
	FILE *f = stat(path, &sb) == 0 && sb.st_mtime >= since ? fopen(path, "re") : NULL;
	free(path);
	if (!f)
		return NULL;
	char line[1024], *first = NULL;
	while (!first && fgets(line, sizeof(line), f)) {
		const char *e = strstr(line, "Error (");
		if (!e || strstr(line, "exited, status"))
			continue;
		const char *msg = strstr(e, "): ");
		lx_trim(line);
		first = xstrdup(msg ? msg + 3 : e);
	}
	fclose(f);
	return first;
}

static int criu_fail(struct vm_error *err, const char *what, const char *guest, const char *dir, const char *log,
		     time_t since)
{
	char *e = criu_error(dir, log, since);
	int rc = e ? cannot(err, VM_EXIT_UNSUPPORTED, what, guest,
			    "CRIU cannot checkpoint or restore on this host: %s (its log: %s/%s)", e, dir, log)
		   : cannot(err, VM_EXIT_UNSUPPORTED, what, guest,
			    "liblxc's checkpoint/restore with CRIU failed and left no log ('criu check' tells "
			    "whether this host can)");
	free(e);
	return rc;
}

int lx_save(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = lx_state(c);
	struct stat sb;
	if (st != VM_STATE_RUNNING) {
		cannot(err, VM_EXIT_FAILED, "save", req->guest, "it is %s; a checkpoint needs a running container",
			vm_state_name(st));
	} else if (stat(req->path, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		char *q = msg_quote(req->path);
		cannot(err, VM_EXIT_USAGE, "save", req->guest, "%s is not a directory (lxc checkpoints to one)", q);
		free(q);
	} else if (!lx_in_path("criu")) {
		cannot(err, VM_EXIT_UNSUPPORTED, "save", req->guest,
			"a checkpoint needs CRIU and criu is not installed (not found in PATH)");
	} else {
		char *dir = xstrdup(req->path);
		time_t since = time(NULL) - 1;
		fflush(NULL); /* liblxc forks criu */
		if (c->checkpoint(c, dir, true, false))
			rc = 0;
		else if (lx_state(c) == VM_STATE_SHUTOFF)
			cannot(err, VM_EXIT_FAILED, "save", req->guest, "it stopped during the checkpoint");
		else
			criu_fail(err, "save", req->guest, dir, "dump.log", since);
		free(dir);
	}
	lxc_container_put(c);
	return rc;
}

int lx_restore(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	(void)res;
	if (!req->guest)
		return vm_error_set(err, VM_EXIT_USAGE,
				    "restore needs the container's name for lxc: vmctl -b lxc restore PATH GUEST");
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	enum vm_state st = lx_state(c);
	struct stat sb;
	if (st != VM_STATE_SHUTOFF) {
		cannot(err, VM_EXIT_FAILED, "restore", req->guest, "it is %s; stop it first", vm_state_name(st));
	} else if (stat(req->path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		char *q = msg_quote(req->path);
		cannot(err, VM_EXIT_USAGE, "restore", req->guest, "%s is not a checkpoint directory", q);
		free(q);
	} else if (!lx_in_path("criu")) {
		cannot(err, VM_EXIT_UNSUPPORTED, "restore", req->guest,
			"a checkpoint needs CRIU and criu is not installed (not found in PATH)");
	} else {
		char *dir = xstrdup(req->path);
		time_t since = time(NULL) - 1;
		fflush(NULL); /* liblxc forks criu */
		if (c->restore(c, dir, false))
			rc = 0;
		else
			criu_fail(err, "restore", req->guest, dir, "restore.log", since);
		free(dir);
	}
	lxc_container_put(c);
	return rc;
}
