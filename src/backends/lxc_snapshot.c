/* lxc_snapshot.c: snapshot create, list, revert and delete through
 * liblxc's snapshot methods (it names snapshots itself: snap0, snap1...).
 * A directory rootfs is copied with rsync, which liblxc runs. */
#include <stdlib.h>
#include <string.h>

#include "backend_util.h"
#include "lxc_internal.h"
#include "quote.h"

/* Whether NAME is one of c's snapshots (and so a safe path component). */
static int has_snapshot(struct lxc_container *c, const char *name, struct strvec *all)
{
	struct lxc_snapshot *s = NULL;
	int n = c->snapshot_list(c, &s);
	int found = 0;
	for (int i = 0; i < n; i++) {
		if (name && strcmp(s[i].name, name) == 0)
			found = 1;
		if (all)
			strvec_push(all, s[i].name);
		s[i].free(&s[i]);
	}
	free(s);
	return n < 0 ? -1 : found;
}

/* A snapshot of a directory rootfs, and its revert, are rsync copies. */
static int need_rsync(struct lxc_container *c, const char *what, const char *guest, struct vm_error *err)
{
	char rootfs[4096];
	if (lx_cfg_get(c, "lxc.rootfs.path", rootfs, sizeof(rootfs)) == 0 && rootfs[0] != '/' &&
	    strncmp(rootfs, "dir:", 4) != 0)
		return 0; /* btrfs, zfs, lvm, overlay...: liblxc's own snapshot means */
	if (lx_in_path("rsync"))
		return 0;
	return cannot(err, VM_EXIT_UNSUPPORTED, what, guest,
		      "liblxc copies a directory rootfs with rsync, which is not installed (not found in PATH)");
}

int lx_snapshot(struct vm_conn *conn, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	if (req->snapshot_op == SNAPSHOT_CREATE && req->snapshot) {
		char *q = msg_quote(req->snapshot);
		vm_error_set(err, VM_EXIT_UNSUPPORTED,
			     "liblxc names snapshots itself (snap0, snap1, ...): the name %s cannot be chosen; "
			     "run 'snapshot create GUEST' without a name",
			     q);
		free(q);
		return -1;
	}
	struct lxc_container *c = lx_lookup(conn, req->guest, err);
	if (!c)
		return -1;
	int rc = -1;
	switch (req->snapshot_op) {
	case SNAPSHOT_CREATE: {
		if (!c->is_defined(c)) {
			cannot(err, VM_EXIT_FAILED, "snapshot", req->guest, "it has no config in %s", conn->lxcpath);
			break;
		}
		if (need_rsync(c, "snapshot", req->guest, err) < 0)
			break;
		int i = c->snapshot(c, NULL);
		if (i < 0) {
			cannot(err, VM_EXIT_FAILED, "snapshot", req->guest, "%s",
				lx_why(c, "liblxc could not copy its rootfs"));
			break;
		}
		strvec_pushf(&res->names, "snap%d", i);
		rc = 0;
		break;
	}
	case SNAPSHOT_LIST:
		if (has_snapshot(c, NULL, &res->names) < 0) {
			cannot(err, VM_EXIT_FAILED, "list the snapshots of", req->guest, "%s",
				lx_why(c, "liblxc could not read its snaps directory"));
			break;
		}
		rc = 0;
		break;
	case SNAPSHOT_REVERT:
	case SNAPSHOT_DELETE: {
		const char *what = req->snapshot_op == SNAPSHOT_REVERT ? "revert" : "delete a snapshot of";
		if (has_snapshot(c, req->snapshot, NULL) != 1) {
			char *g = msg_quote(req->guest), *q = msg_quote(req->snapshot);
			vm_error_set(err, VM_EXIT_FAILED, "container %s has no snapshot %s", g, q);
			free(g);
			free(q);
			break;
		}
		if (req->snapshot_op == SNAPSHOT_REVERT) {
			enum vm_state st = lx_state(c);
			if (st != VM_STATE_SHUTOFF) {
				/* liblxc's own rule: snapshot_restore() refuses a running container */
				cannot(err, VM_EXIT_FAILED, what, req->guest, "it is %s: stop it first", vm_state_name(st));
				break;
			}
			if (need_rsync(c, what, req->guest, err) < 0)
				break;
			if (!c->snapshot_restore(c, req->snapshot, c->name)) {
				cannot(err, VM_EXIT_FAILED, what, req->guest, "%s",
					lx_why(c, "liblxc could not restore the snapshot"));
				break;
			}
		} else if (!c->snapshot_destroy(c, req->snapshot)) {
			cannot(err, VM_EXIT_FAILED, what, req->guest, "%s", lx_why(c, "liblxc could not destroy it"));
			break;
		}
		rc = 0;
		break;
	}
	}
	lxc_container_put(c);
	return rc;
}
