/* incus_config.c: incus config (show, set, get, unset, device), create,
 * init and launch, storage and network, as lxc/incus cmd/incus/config.go,
 * config_device.go, create.go, launch.go, storage.go, storage_volume.go and
 * network.go read them at v6.0.0. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "incus.h"
#include "quote.h"
#include "validate.h"

static bool has(struct ictx *c, int id)
{
	return nscan_count(&c->sc, id) > 0;
}

static void guest_word(struct tr_words *w, const char *name)
{
	tr_word(w, "--");
	tr_word(w, name);
}

/* A size as shared/units/units.go ParseByteSizeString reads it: digits,
 * then nothing or B (bytes), kB MB GB TB PB EB (powers of 1000) or KiB MiB
 * GiB TiB PiB EiB, case as written.  The vmctl word (K, M, G, T), kept. */
static const char *incus_size(struct ictx *c, const char *key, const char *s)
{
	static const struct {
		const char *suffix;
		unsigned p10, p2; /* 10^p10 or 2^p2 bytes */
	} units[] = { { "", 0, 0 }, { "B", 0, 0 }, { "kB", 3, 0 }, { "MB", 6, 0 }, { "GB", 9, 0 }, { "TB", 12, 0 },
		      { "PB", 15, 0 }, { "EB", 18, 0 }, { "KiB", 0, 10 }, { "MiB", 0, 20 }, { "GiB", 0, 30 },
		      { "TiB", 0, 40 }, { "PiB", 0, 50 }, { "EiB", 0, 60 } };
	size_t digits = strspn(s, "0123456789");
	if (digits && strchr(s, '%') && s[digits] == '%' && !s[digits + 1]) {
		tr_unsupported(c->err, "'%s=%s' limits the memory to a share of the host's; vmctl mem-set takes a size", key, s);
		return NULL;
	}
	size_t u = 0;
	while (u < ARRAY_SIZE(units) && strcmp(units[u].suffix, s + digits) != 0)
		u++;
	if (digits == 0 || digits > 19 || u == ARRAY_SIZE(units)) {
		char *q = msg_quote(s);
		vm_error_set(c->err, VM_EXIT_USAGE, "invalid size %s for %s: incus takes a number with B, kB, MB, GB, TB or "
			     "KiB, MiB, GiB, TiB", q, key);
		free(q);
		return NULL;
	}
	unsigned long long v = strtoull(s, NULL, 10);
	/* bytes = v * unit; KiB rounded up */
	long double bytes = (long double)v;
	for (unsigned i = 0; i < units[u].p10; i++)
		bytes *= 10;
	for (unsigned i = 0; i < units[u].p2; i++)
		bytes *= 2;
	long double kib = bytes / 1024;
	if (kib > (long double)(UINT64_C(1) << 54)) {
		vm_error_set(c->err, VM_EXIT_USAGE, "%s=%s is larger than vmctl takes (16 EiB)", key, s);
		return NULL;
	}
	uint64_t k = (uint64_t)kib;
	if ((long double)k < kib) {
		k++;
		tr_approx(c->t, "%s is not a whole number of KiB: rounded up", s);
	}
	if (units[u].p10)
		tr_note(c->t, "%s is decimal (10^%u bytes); vmctl's units are binary", units[u].suffix, units[u].p10);
	if (k == 0) {
		vm_error_set(c->err, VM_EXIT_USAGE, "%s=%s is no memory at all", key, s);
		return NULL;
	}
	return tr_keep(c->t, size_with_suffix(k, "K", "M", "G", "T"));
}

/* The key=value words of ops[from..]: the value of key, or NULL. */
static const char *kv(struct ictx *c, size_t from, const char *key)
{
	size_t n = strlen(key);
	const char *found = NULL;
	for (size_t i = from; i < c->sc.nops; i++)
		if (strncmp(c->sc.ops[i], key, n) == 0 && c->sc.ops[i][n] == '=')
			found = c->sc.ops[i] + n + 1;
	return found;
}

/* Each key=value of ops[from..] whose key is not in known, named. */
static int other_keys(struct ictx *c, size_t from, const char *known, const char *what)
{
	for (size_t i = from; i < c->sc.nops; i++) {
		const char *eq = strchr(c->sc.ops[i], '=');
		if (!eq) {
			char *q = msg_quote(c->sc.ops[i]);
			vm_error_set(c->err, VM_EXIT_USAGE, "Bad key/value pair: %s (expected key=value)", q);
			free(q);
			return -1;
		}
		char *key = xasprintf("%.*s", (int)(eq - c->sc.ops[i]), c->sc.ops[i]);
		if (!in_list(key, known))
			tr_approx(c->t, "%s (%s) has no vmctl equivalent; translated without it", c->sc.ops[i], what);
		free(key);
	}
	return 0;
}

int i_config_show(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	if (c->sc.nops == 0)
		return tr_unsupported(c->err, "'incus config show' without an instance shows the server's configuration; "
				      "vmctl config shows a guest's");
	if (strchr(c->sc.ops[0], '/'))
		return tr_unsupported(c->err, "'incus config show INSTANCE/SNAPSHOT' shows a snapshot's configuration; vmctl "
				      "config shows the guest's");
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	incus_not_expressed(c, I_TARGET, "a cluster member");
	if (has(c, I_EXPANDED))
		tr_note(c->t, "--expanded adds what the instance's profiles give it");
	guest_word(&w, name);
	return tr_answer(&w, "config", c->err);
}

int i_config_set(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	if (strchr(c->sc.ops[0], '='))
		return tr_unsupported(c->err, "'incus config set KEY=VALUE' without an instance sets the server's "
				      "configuration; vmctl has no verb for it");
	if (has(c, I_PROPERTY))
		return tr_unsupported(c->err, "'incus config set --property' sets an instance property (its description, "
				      "...); vmctl has no verb for it");
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	const char *key, *value;
	char *owned = NULL;
	if (c->sc.nops == 3 && !strchr(c->sc.ops[1], '=')) { /* the old form: KEY VALUE */
		key = c->sc.ops[1];
		value = c->sc.ops[2];
	} else if (c->sc.nops == 2 && strchr(c->sc.ops[1], '=')) {
		const char *eq = strchr(c->sc.ops[1], '=');
		owned = xasprintf("%.*s", (int)(eq - c->sc.ops[1]), c->sc.ops[1]);
		key = tr_keep(c->t, owned);
		value = eq + 1;
	} else if (c->sc.nops < 2) {
		return tr_usage(c->err, c->who, "a key=value", c->cmd->usage);
	} else {
		for (size_t i = 1; i < c->sc.nops; i++)
			if (!strchr(c->sc.ops[i], '='))
				return vm_error_set(c->err, VM_EXIT_USAGE, "Invalid key=value configuration: %s", c->sc.ops[i]);
		return tr_unsupported(c->err, "'incus config set' of %zu keys at once: one vmctl command per key",
				      c->sc.nops - 1);
	}
	incus_not_expressed(c, I_TARGET, "a cluster member");
	if (strcmp(key, "limits.cpu") == 0) {
		if (value[0] == '\0' || strspn(value, "0123456789") != strlen(value))
			return tr_unsupported(c->err, "'limits.cpu=%s' pins the whole instance to those host CPUs; vmctl vcpu-pin "
					      "pins one vCPU (vmctl vcpu-pin GUEST VCPU %s, one per vCPU)", value, value);
		tr_word(&w, "--live");
		tr_word(&w, "--config");
		guest_word(&w, name);
		tr_word(&w, value);
		tr_note(c->t, "incus config set changes the configuration and the running instance: --live --config");
		return tr_answer(&w, "vcpu-set", c->err);
	}
	if (strcmp(key, "limits.memory") == 0) {
		const char *size = incus_size(c, key, value);
		if (!size)
			return -1;
		tr_word(&w, "--live");
		tr_word(&w, "--config");
		guest_word(&w, name);
		tr_word(&w, size);
		tr_note(c->t, "incus config set changes the configuration and the running instance: --live --config");
		return tr_answer(&w, "mem-set", c->err);
	}
	if (strcmp(key, "boot.autostart") == 0) {
		/* shared/util IsTrue / IsFalse */
		bool on = in_list(value, "true 1 yes on"), off = in_list(value, "false 0 no off");
		if (!on && !off)
			return vm_error_set(c->err, VM_EXIT_USAGE, "Invalid value for boot.autostart: %s (true or false)", value);
		guest_word(&w, name);
		tr_word(&w, on ? "on" : "off");
		return tr_answer(&w, "autostart", c->err);
	}
	return tr_unsupported(c->err, "'incus config set %s' sets %s; vmctl has no verb for it (it sets limits.cpu, "
			      "limits.memory and boot.autostart)", key, key);
}

int i_config_get(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	if (c->sc.nops < 2)
		return tr_unsupported(c->err, "'incus config get KEY' without an instance reads the server's configuration; "
				      "vmctl has no verb for it");
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	const char *key = c->sc.ops[1];
	guest_word(&w, name);
	if (strcmp(key, "limits.cpu") == 0) {
		tr_approx(c->t, "limits.cpu is a count or the host CPUs the instance may use; vmctl vcpu-list lists each vCPU");
		return tr_answer(&w, "vcpu-list", c->err);
	}
	if (strcmp(key, "limits.memory") == 0) {
		tr_approx(c->t, "incus config get prints limits.memory alone; vmctl info shows it with the rest");
		return tr_answer(&w, "info", c->err);
	}
	return tr_unsupported(c->err, "'incus config get %s' reads %s; vmctl has no verb for it", key, key);
}

int i_config_unset(struct ictx *c)
{
	if (c->sc.nops < 2)
		return tr_usage(c->err, c->who, "an instance and a key", c->cmd->usage);
	return tr_unsupported(c->err, "'incus config unset %s' drops the setting (back to the default or the profile's); "
			      "vmctl has no verb for it", c->sc.ops[1]);
}

static bool is_iso(const char *s)
{
	size_t n = strlen(s);
	return n > 4 && strcasecmp(s + n - 4, ".iso") == 0;
}

/* config_device.go add: NAME DEVICE TYPE key=value... */
int i_device_add(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	const char *dev = c->sc.ops[1], *type = c->sc.ops[2];
	if (strcmp(type, "disk") == 0) {
		const char *src = kv(c, 3, "source"), *path = kv(c, 3, "path"), *ro = kv(c, 3, "readonly");
		if (other_keys(c, 3, "source path readonly boot.priority", "a key of the disk device") < 0)
			return -1;
		if (!src)
			return tr_unsupported(c->err, "a disk device without source= is an instance's root disk or a pool's "
					      "volume; vmctl disk-attach attaches a file or a block device");
		if (kv(c, 3, "pool"))
			return tr_unsupported(c->err, "'source=%s pool=%s' attaches a custom volume of a pool; vmctl disk-attach "
					      "takes a file or a block device", src, kv(c, 3, "pool"));
		if (is_iso(src) && !path) {
			tr_approx(c->t, "an incus disk device whose source is an ISO is a CD-ROM drive: added with its medium; "
				  "vmctl cd-change changes the medium of a drive %s", dev);
			guest_word(&w, name);
			tr_word(&w, dev);
			tr_word(&w, src);
			return tr_answer(&w, "cd-change", c->err);
		}
		tr_word(&w, "--live");
		tr_word(&w, "--config");
		if (ro && in_list(ro, "true 1 yes on")) {
			tr_word(&w, "--mode");
			tr_word(&w, "readonly");
		}
		if (kv(c, 3, "boot.priority"))
			tr_approx(c->t, "boot.priority=%s has no vmctl equivalent; translated without it", kv(c, 3, "boot.priority"));
		guest_word(&w, name);
		tr_word(&w, src);
		tr_word(&w, path ? path : dev);
		if (path)
			tr_approx(c->t, "incus names the device %s; vmctl names the disk by where it goes, %s", dev, path);
		else
			tr_approx(c->t, "incus names the device %s; a VM sees the disk where incus attaches it, not as a "
				  "target of that name", dev);
		tr_note(c->t, "incus config device add changes the configuration and hot-plugs: --live --config");
		return tr_answer(&w, "disk-attach", c->err);
	}
	if (strcmp(type, "nic") == 0) {
		const char *net = kv(c, 3, "network"), *nictype = kv(c, 3, "nictype"), *parent = kv(c, 3, "parent");
		const char *mac = kv(c, 3, "hwaddr");
		if (other_keys(c, 3, "network nictype parent hwaddr name", "a key of the NIC") < 0)
			return -1;
		tr_word(&w, "--live");
		tr_word(&w, "--config");
		if (mac) {
			tr_word(&w, "--mac");
			tr_word(&w, mac);
		}
		guest_word(&w, name);
		if (net) {
			tr_word(&w, net);
		} else if (nictype && parent && (strcmp(nictype, "bridged") == 0 || strcmp(nictype, "physical") == 0)) {
			bool br = strcmp(nictype, "bridged") == 0;
			tr_word(&w, tr_keep(c->t, xasprintf("%s=%s", br ? "bridge" : "dev", parent)));
		} else {
			return tr_unsupported(c->err, "a NIC of nictype %s: vmctl nic-attach takes a network, bridge=BR or "
					      "dev=IFACE", nictype ? nictype : "(none, and no network=)");
		}
		if (kv(c, 3, "name"))
			tr_note(c->t, "name= only names the interface inside the instance");
		tr_approx(c->t, "incus names the device %s; vmctl names a NIC by its MAC", dev);
		return tr_answer(&w, "nic-attach", c->err);
	}
	return tr_unsupported(c->err, "'incus config device add' of a %s device has no vmctl equivalent (vmctl attaches "
			      "disks and NICs)", type);
}

int i_device_remove(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	if (c->sc.nops > 2)
		return tr_unsupported(c->err, "'incus config device remove' of %zu devices: one vmctl command each",
				      c->sc.nops - 1);
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	tr_approx(c->t, "incus removes any device by its name, a NIC too (vmctl nic-detach GUEST MAC); translated as a "
		  "disk, from the configuration and the running instance");
	tr_word(&w, "--live");
	tr_word(&w, "--config");
	guest_word(&w, name);
	tr_word(&w, c->sc.ops[1]);
	return tr_answer(&w, "disk-detach", c->err);
}

int i_device_list(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	tr_approx(c->t, "incus config device %s shows every device (NICs too: vmctl nic-list)",
		  strstr(c->cmd->path, "show") ? "show" : "list");
	guest_word(&w, name);
	return tr_answer(&w, "disk-list", c->err);
}

int i_device_set(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *name = incus_instance(c, c->sc.ops[0]);
	if (!name)
		return -1;
	const char *dev = c->sc.ops[1], *src = kv(c, 2, "source");
	if (other_keys(c, 2, "source", "another key of the device") < 0)
		return -1;
	if (!src || !is_iso(src))
		return tr_unsupported(c->err, "'incus config device set' changes a device's keys; vmctl changes only a CD "
				      "drive's medium (source=FILE.iso)");
	guest_word(&w, name);
	tr_word(&w, dev);
	tr_word(&w, src);
	tr_note(c->t, "a disk device whose source is an ISO is a CD-ROM drive: this swaps its medium");
	return tr_answer(&w, "cd-change", c->err);
}

/* create.go (init is its alias), launch.go (create, then start). */
int i_create(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	bool empty = has(c, I_EMPTY), launch = strcmp(c->cmd->path, "launch") == 0;
	const char *image = NULL, *op = NULL;
	if (empty && c->sc.nops > 1)
		return vm_error_set(c->err, VM_EXIT_USAGE, "--empty cannot be combined with an image name");
	if (empty)
		op = c->sc.nops ? c->sc.ops[0] : NULL;
	else if (c->sc.nops == 0)
		return tr_usage(c->err, c->who, "an image (or --empty)", c->cmd->usage);
	else {
		image = c->sc.ops[0];
		op = c->sc.nops > 1 ? c->sc.ops[1] : NULL;
	}
	if (!op || (strchr(op, ':') && !strchr(op, ':')[1]))
		return tr_unsupported(c->err, "'%s' without a name lets incus choose one; vmctl create needs NAME", c->who);
	const char *name = incus_instance(c, op);
	if (!name)
		return -1;
	if (!incus_valid_name(name))
		return vm_error_set(c->err, VM_EXIT_USAGE, "Invalid instance name: %s is no hostname (1 to 63 letters, digits "
				    "and '-', not beginning or ending with '-', not a number)", name);
	for (size_t i = 0; i < c->sc.nopts; i++) {
		if (c->sc.opts[i].id != I_CONFIG)
			continue;
		const char *s = c->sc.opts[i].value, *eq = strchr(s, '=');
		if (!eq)
			return vm_error_set(c->err, VM_EXIT_USAGE, "Bad key=value pair: %s", s);
		if (strncmp(s, "limits.cpu=", 11) == 0 && eq[1] && strspn(eq + 1, "0123456789") == strlen(eq + 1)) {
			tr_word(&w, "--vcpus");
			tr_word(&w, eq + 1);
		} else if (strncmp(s, "limits.memory=", 14) == 0) {
			const char *size = incus_size(c, "limits.memory", eq + 1);
			if (!size)
				return -1;
			tr_word(&w, "--memory");
			tr_word(&w, size);
		} else {
			tr_approx(c->t, "-c %s has no vmctl equivalent; translated without it", s);
		}
	}
	const char *net = nscan_value(&c->sc, I_NETWORK);
	if (net) {
		tr_word(&w, "--network");
		tr_word(&w, net);
	}
	if (image)
		tr_approx(c->t, "vmctl create makes an empty guest: the image %s has no vmctl equivalent", image);
	else
		tr_approx(c->t, "--empty makes an instance with an empty root disk; vmctl create makes one with no disk");
	if (!has(c, I_VM))
		tr_approx(c->t, "without --vm incus makes a container: vmctl -b lxc create --template T NAME is the nearest");
	incus_not_expressed(c, I_PROFILE, "profiles");
	incus_not_expressed(c, I_DEVICE, "device overrides");
	incus_not_expressed(c, I_EPHEMERAL, "an instance deleted when it stops");
	incus_not_expressed(c, I_STORAGE, "a storage pool");
	incus_not_expressed(c, I_TYPE, "a cloud instance type");
	incus_not_expressed(c, I_TARGET, "a cluster member");
	incus_not_expressed(c, I_NOPROFILES, "no profiles");
	incus_not_expressed(c, I_DESCRIPTION, "a description");
	if (launch) {
		incus_not_expressed(c, I_CONSOLE, "attach to the console");
		tr_approx(c->t, "incus launch also starts the instance: vmctl start %s after", name);
	}
	guest_word(&w, name);
	return tr_answer(&w, "create", c->err);
}

/* ---- storage and networks ---- */

static bool remote_only(struct ictx *c, size_t i, const char *verb)
{
	if (i >= c->sc.nops)
		return true;
	const char *op = c->sc.ops[i];
	size_t n = strlen(op);
	if (n == 0 || op[n - 1] != ':') {
		char *q = msg_quote(op);
		vm_error_set(c->err, VM_EXIT_USAGE, "'%s' takes a remote (REMOTE:), not %s", c->who, q);
		free(q);
		return false;
	}
	if (strcmp(op, "local:") != 0)
		tr_approx(c->t, "%s is an incus remote; vmctl %s acts on its own connection", op, verb);
	return true;
}

int i_storage_list(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	if (!remote_only(c, 0, "pool-list"))
		return -1;
	if (has(c, I_FORMAT))
		tr_note(c->t, "--format only changes how incus prints the list");
	return tr_answer(&w, "pool-list", c->err);
}

int i_storage_create(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *pool = incus_instance(c, c->sc.ops[0]), *driver = c->sc.ops[1];
	if (!pool)
		return -1;
	const char *src = kv(c, 2, "source");
	if (strcmp(driver, "dir") != 0)
		return tr_unsupported(c->err, "'incus storage create %s %s' makes a %s pool; vmctl pool-create makes a "
				      "directory pool (incus's dir driver)", pool, driver, driver);
	if (!src)
		return tr_unsupported(c->err, "'incus storage create %s dir' without source= lets incus choose the directory; "
				      "vmctl pool-create needs DIR", pool);
	if (other_keys(c, 2, "source", "a key of the pool") < 0)
		return -1;
	incus_not_expressed(c, I_TARGET, "a cluster member");
	tr_word(&w, "--");
	tr_word(&w, pool);
	tr_word(&w, src);
	return tr_answer(&w, "pool-create", c->err);
}

int i_storage_delete(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *pool = incus_instance(c, c->sc.ops[0]);
	if (!pool)
		return -1;
	tr_approx(c->t, "incus removes the directories it made in the pool; vmctl pool-delete keeps every file");
	tr_word(&w, "--");
	tr_word(&w, pool);
	return tr_answer(&w, "pool-delete", c->err);
}

int i_volume_list(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *pool = incus_instance(c, c->sc.ops[0]);
	if (!pool)
		return -1;
	for (size_t i = 1; i < c->sc.nops; i++) {
		char *q = msg_quote(c->sc.ops[i]);
		tr_approx(c->t, "the filter %s has no vmctl equivalent: vmctl image-list shows every image of the pool", q);
		free(q);
	}
	if (has(c, I_FORMAT) || has(c, I_COLUMNS))
		tr_note(c->t, "--format and --columns only change how incus prints the list");
	incus_not_expressed(c, I_ALLPROJ, "every project");
	tr_note(c->t, "incus storage volume list also lists the instances' own volumes and the images' (type column)");
	tr_word(&w, "--");
	tr_word(&w, pool);
	return tr_answer(&w, "image-list", c->err);
}

int i_network_list(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	if (!remote_only(c, 0, "net-list"))
		return -1;
	tr_approx(c->t, "incus network list also lists the host's own interfaces (MANAGED NO)");
	if (has(c, I_FORMAT))
		tr_note(c->t, "--format only changes how incus prints the list");
	return tr_answer(&w, "net-list", c->err);
}

int i_network_show(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *net = incus_instance(c, c->sc.ops[0]);
	if (!net)
		return -1;
	const char *sub = c->cmd->path + strlen("network ");
	tr_approx(c->t, "incus network %s shows %s; vmctl net-info shows the network with its DHCP range and leases", sub,
		  strcmp(sub, "list-leases") == 0 ? "the leases alone" : strcmp(sub, "info") == 0 ?
		  "the interface's state and counters" : "the network's configuration");
	incus_not_expressed(c, I_TARGET, "a cluster member");
	tr_word(&w, "--");
	tr_word(&w, net);
	return tr_answer(&w, "net-info", c->err);
}

int i_network_create(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *net = incus_instance(c, c->sc.ops[0]), *type = nscan_value(&c->sc, I_TYPE);
	if (!net)
		return -1;
	if (type && strcmp(type, "bridge") != 0)
		return tr_unsupported(c->err, "'incus network create --type %s' makes a %s network; vmctl net-create makes a "
				      "bridge", type, type);
	const char *addr = kv(c, 1, "ipv4.address"), *nat = kv(c, 1, "ipv4.nat"), *dhcp = kv(c, 1, "ipv4.dhcp");
	if (other_keys(c, 1, "ipv4.address ipv4.nat ipv4.dhcp ipv6.address ipv6.nat", "a key of the network") < 0)
		return -1;
	bool subnet = addr && strcmp(addr, "auto") != 0 && strcmp(addr, "none") != 0;
	if (subnet) {
		tr_word(&w, "--subnet");
		tr_word(&w, addr);
	} else {
		tr_approx(c->t, "ipv4.address=%s: %s", addr ? addr : "auto",
			  addr && strcmp(addr, "none") == 0 ? "no IPv4 at all; vmctl net-create gives one" :
			  "incus chooses a free subnet; vmctl net-create lets libvirt choose none");
	}
	tr_word(&w, "--forward");
	tr_word(&w, nat && in_list(nat, "false 0 no off") ? "route" : "nat");
	if (!nat)
		tr_note(c->t, "incus turns NAT on for a bridge it gives an address: --forward nat");
	if (subnet && !(dhcp && in_list(dhcp, "false 0 no off")))
		tr_word(&w, "--dhcp");
	if (kv(c, 1, "ipv6.address") || kv(c, 1, "ipv6.nat"))
		tr_note(c->t, "vmctl net-create makes an IPv4 network only: the ipv6 keys are not carried");
	else
		tr_approx(c->t, "incus also gives the bridge an IPv6 subnet (ipv6.address=auto); vmctl net-create none");
	tr_note(c->t, "an incus network is a bridge named as the network (%s)", net);
	incus_not_expressed(c, I_TARGET, "a cluster member");
	incus_not_expressed(c, I_DESCRIPTION, "a description");
	tr_word(&w, "--");
	tr_word(&w, net);
	return tr_answer(&w, "net-create", c->err);
}

int i_network_delete(struct ictx *c)
{
	struct tr_words w = { .t = c->t };
	const char *net = incus_instance(c, c->sc.ops[0]);
	if (!net)
		return -1;
	tr_approx(c->t, "incus refuses to delete a network an instance or a profile uses; vmctl net-delete refuses while "
		  "a running guest uses it");
	tr_word(&w, "--");
	tr_word(&w, net);
	return tr_answer(&w, "net-delete", c->err);
}
