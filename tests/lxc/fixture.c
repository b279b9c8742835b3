/* fixture.c: the lxc test bed's own hands, through liblxc only (never the
 * lxc-* tools), so that the containers vmctl acts on are made and unmade
 * the way the issue asks: "created by a CTest fixture through liblxc".
 *
 *   fixture create LXCPATH NAME [IPV4/PREFIX]
 *       a container from the busybox template; network type "empty" (no
 *       bridge on the test hosts), or with IPV4 a veth pair whose host side
 *       is attached nowhere and whose container side holds that address
 *       (no traffic: it only gives get_ips() something to find)
 *   fixture start LXCPATH NAME...      start daemonized, wait for RUNNING
 *   fixture destroy LXCPATH NAME...    thaw, kill, destroy with snapshots
 *   fixture set LXCPATH NAME KEY VALUE set one config item and save the config
 *   fixture clean LXCPATH              destroy every container under LXCPATH
 *
 * Exit 0 when every step worked; messages on stderr otherwise. */
#include <lxc/lxccontainer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, const char *name, struct lxc_container *c)
{
	fprintf(stderr, "fixture: %s '%s' failed%s%s\n", what, name, c && c->error_string ? ": " : "",
		c && c->error_string ? c->error_string : "");
	return 1;
}

/* The template's rcS ends with udhcpc, which would ask for an address on the
 * veth and drop the static one: the test bed wants no DHCP at all. */
static int quiet_rcs(struct lxc_container *c)
{
	char rootfs[4096];
	int n = c->get_config_item(c, "lxc.rootfs.path", rootfs, sizeof(rootfs));
	if (n <= 0 || (size_t)n >= sizeof(rootfs))
		return fail("read the rootfs of", c->name, c);
	const char *dir = strncmp(rootfs, "dir:", 4) == 0 ? rootfs + 4 : rootfs;
	char path[4200];
	snprintf(path, sizeof(path), "%s/etc/init.d/rcS", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return fail("rewrite rcS of", c->name, c);
	fputs("#!/bin/sh\n/bin/syslogd\n/bin/mount -a\n", f);
	return fclose(f) == 0 ? 0 : fail("rewrite rcS of", c->name, c);
}

static int create(const char *lxcpath, const char *name, const char *ipv4)
{
	struct lxc_container *c = lxc_container_new(name, lxcpath);
	int rc = 1;
	if (!c)
		return fail("lxc_container_new", name, NULL);
	if (c->is_defined(c)) {
		fprintf(stderr, "fixture: '%s' already exists in %s\n", name, lxcpath);
		goto cleanup;
	}
	if (!c->create(c, "busybox", NULL, NULL, LXC_CREATE_QUIET, NULL)) {
		fail("create", name, c);
		goto cleanup;
	}
	/* the template writes the host's default network (a veth on lxcbr0):
	 * replace it */
	c->clear_config_item(c, "lxc.net");
	if (ipv4) {
		if (!c->set_config_item(c, "lxc.net.0.type", "veth") ||
		    !c->set_config_item(c, "lxc.net.0.flags", "up") ||
		    !c->set_config_item(c, "lxc.net.0.name", "eth0") ||
		    !c->set_config_item(c, "lxc.net.0.ipv4.address", ipv4)) {
			fail("configure the veth of", name, c);
			goto cleanup;
		}
	} else if (!c->set_config_item(c, "lxc.net.0.type", "empty")) {
		fail("configure the network of", name, c);
		goto cleanup;
	}
	if (!c->save_config(c, NULL)) {
		fail("save the config of", name, c);
		goto cleanup;
	}
	rc = quiet_rcs(c);
cleanup:
	lxc_container_put(c);
	return rc;
}

static int start(const char *lxcpath, const char *name)
{
	struct lxc_container *c = lxc_container_new(name, lxcpath);
	int rc = 1;
	if (!c)
		return fail("lxc_container_new", name, NULL);
	c->want_daemonize(c, true);
	if (!c->start(c, 0, NULL) || !c->wait(c, "RUNNING", 10))
		fail("start", name, c);
	else
		rc = 0;
	lxc_container_put(c);
	return rc;
}

static int set(const char *lxcpath, const char *name, const char *key, const char *value)
{
	struct lxc_container *c = lxc_container_new(name, lxcpath);
	int rc = 1;
	if (!c)
		return fail("lxc_container_new", name, NULL);
	if (!c->set_config_item(c, key, value) || !c->save_config(c, NULL))
		fail("set a config item of", name, c);
	else
		rc = 0;
	lxc_container_put(c);
	return rc;
}

static int destroy_one(struct lxc_container *c)
{
	const char *st = c->state(c);
	if (st && (strcmp(st, "FROZEN") == 0 || strcmp(st, "FREEZING") == 0))
		c->unfreeze(c);
	if (c->is_running(c)) {
		c->stop(c);
		c->wait(c, "STOPPED", 10);
	}
	if (!c->is_defined(c))
		return 0;
	/* destroy_with_snapshots() of liblxc 5.0 fails when there are none */
	struct lxc_snapshot *snaps = NULL;
	int n = c->snapshot_list(c, &snaps);
	for (int i = 0; i < n; i++)
		snaps[i].free(&snaps[i]);
	free(snaps);
	if (n > 0 && !c->snapshot_destroy_all(c))
		return fail("destroy the snapshots of", c->name, c);
	if (!c->destroy(c))
		return fail("destroy", c->name, c);
	return 0;
}

static int destroy(const char *lxcpath, const char *name)
{
	struct lxc_container *c = lxc_container_new(name, lxcpath);
	if (!c)
		return fail("lxc_container_new", name, NULL);
	int rc = destroy_one(c);
	lxc_container_put(c);
	return rc;
}

static int clean(const char *lxcpath)
{
	struct lxc_container **cs = NULL;
	int n = list_all_containers(lxcpath, NULL, &cs);
	int rc = 0;
	for (int i = 0; i < n; i++) {
		if (destroy_one(cs[i]))
			rc = 1;
		lxc_container_put(cs[i]);
	}
	free(cs);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: fixture create|start|set|destroy|clean LXCPATH [NAME...]\n");
		return 2;
	}
	const char *cmd = argv[1], *lxcpath = argv[2];
	int rc = 0;
	if (strcmp(cmd, "create") == 0 && (argc == 4 || argc == 5))
		return create(lxcpath, argv[3], argc == 5 ? argv[4] : NULL);
	if (strcmp(cmd, "set") == 0 && argc == 6)
		return set(lxcpath, argv[3], argv[4], argv[5]);
	if (strcmp(cmd, "clean") == 0 && argc == 3)
		return clean(lxcpath);
	if (strcmp(cmd, "start") == 0 || strcmp(cmd, "destroy") == 0) {
		for (int i = 3; i < argc; i++)
			rc |= cmd[0] == 's' ? start(lxcpath, argv[i]) : destroy(lxcpath, argv[i]);
		return rc;
	}
	fprintf(stderr, "fixture: unknown command or wrong arguments\n");
	return 2;
}
