/* qm_set.c: qm set and qm create (proxmox/qemu-server e6352be,
 * src/PVE/API2/Qemu.pm update_vm and create_vm).  Both take the VM's whole
 * configuration schema as options (--memory, --cores, --ide2, --net0, ...);
 * the reader reads those that map to one vmctl request and names the rest. */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "qm.h"

/* The boolean keys of the VM schema (QemuServer.pm $confdesc) and of the two
 * methods: a boolean takes an optional value. */
static const char *const booleans[] = { "acpi", "autostart", "freeze", "kvm", "localtime", "numa", "onboot",
					"protection", "reboot", "tablet", "template", "skiplock", "force", "start",
					"unique", "live-restore", NULL };

struct kv {
	const char *key, *value; /* value NULL: a boolean given alone */
	const char *word;        /* as written */
};

const char *qm_drive_target(struct translation *t, const char *key)
{
	static const struct {
		const char *prefix;
		char letter;
		unsigned max;
	} buses[] = { { "ide", 'h', 4 }, { "virtio", 'v', 16 }, { "scsi", 's', 26 } };
	for (size_t b = 0; b < ARRAY_SIZE(buses); b++) {
		size_t l = strlen(buses[b].prefix);
		if (strncmp(key, buses[b].prefix, l) != 0 || !key[l] || strspn(key + l, "0123456789") != strlen(key + l) ||
		    strlen(key + l) > 2)
			continue;
		unsigned n = (unsigned)atoi(key + l);
		if (n >= buses[b].max)
			return NULL;
		return tr_keep(t, xasprintf("%cd%c", buses[b].letter, 'a' + n));
	}
	return NULL;
}

static bool is_drive_key(const char *k)
{
	static const char *const p[] = { "ide", "sata", "scsi", "virtio" };
	for (size_t i = 0; i < ARRAY_SIZE(p); i++) {
		size_t l = strlen(p[i]);
		if (strncmp(k, p[i], l) == 0 && k[l] && strspn(k + l, "0123456789") == strlen(k + l))
			return true;
	}
	return false;
}

static bool is_net_key(const char *k)
{
	return strncmp(k, "net", 3) == 0 && k[3] && strspn(k + 3, "0123456789") == strlen(k + 3);
}

/* The value of property pkey in a property string ("local:iso/x.iso,media=cdrom"),
 * the default key being the first item without '='; a new string or NULL. */
static char *prop(const char *s, const char *pkey, bool dflt)
{
	const char *p = s;
	for (bool first = true;; first = false) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		if (eq && (size_t)(eq - p) == strlen(pkey) && strncmp(p, pkey, strlen(pkey)) == 0)
			return xasprintf("%.*s", (int)(len - (size_t)(eq - p) - 1), eq + 1);
		if (!eq && first && dflt)
			return xasprintf("%.*s", (int)len, p);
		if (!p[len])
			return NULL;
		p += len + 1;
	}
}

/* Scans the options as PVE::JSONSchema::get_options does: -key or --key,
 * value after '=' or as the next word; operands are the rest. */
static int scan(const char *who, int argc, char **argv, struct kv *kv, size_t *nkv, const char **ops, size_t *nops,
		struct translation *t, struct vm_error *err)
{
	*nkv = *nops = 0;
	bool dd = false;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (!dd && strcmp(w, "--") == 0) {
			dd = true;
			continue;
		}
		if (dd || w[0] != '-' || !w[1] || (w[1] >= '0' && w[1] <= '9')) {
			ops[(*nops)++] = w;
			continue;
		}
		const char *name = w + (w[1] == '-' ? 2 : 1);
		const char *eq = strchr(name, '=');
		char *key = eq ? xasprintf("%.*s", (int)(eq - name), name) : xstrdup(name);
		if (!key[0] || strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(key)) {
			free(key);
			char *q = msg_quote(w);
			vm_error_set(err, VM_EXIT_USAGE, "unknown option %s for '%s' (qm: Unknown option)", q, who);
			free(q);
			return -1;
		}
		bool boolean = false;
		for (size_t b = 0; booleans[b]; b++)
			boolean |= strcmp(booleans[b], key) == 0;
		const char *value = eq ? eq + 1 : NULL;
		if (!value && i + 1 < argc && (!boolean || argv[i + 1][0] != '-'))
			value = argv[++i];
		if (!value && !boolean) {
			char *q = msg_quote(w);
			vm_error_set(err, VM_EXIT_USAGE, "option %s of '%s' needs a value", q, who);
			free(q);
			free(key);
			return -1;
		}
		if (*nkv == 64) {
			free(key);
			return vm_error_set(err, VM_EXIT_USAGE, "'%s': more than 64 options; translate reads fewer", who);
		}
		kv[(*nkv)++] = (struct kv){ .key = tr_keep(t, key), .value = value, .word = w };
	}
	return 0;
}

static bool kv_bool(const struct kv *kv, bool *b)
{
	const char *v = kv->value ? kv->value : "1";
	static const char *const yes[] = { "1", "yes", "on", "true" }, *const no[] = { "0", "no", "off", "false" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *b = true, true;
		if (strcasecmp(v, no[i]) == 0)
			return *b = false, true;
	}
	return false;
}

static void unread(struct translation *t, const char *who, const struct kv *kv, size_t n, size_t used)
{
	for (size_t i = 0; i < n; i++) {
		if (i == used)
			continue;
		char *q = msg_quote(kv[i].word);
		tr_approx(t, "%s %s is not carried: vmctl's request says one thing (one command per setting)", who, q);
		free(q);
	}
}

/* MiB as qm's memory ("2048" or "current=2048"): the vmctl size "NM". */
static const char *memory(struct translation *t, const char *v, struct vm_error *err)
{
	const char *n = strncmp(v, "current=", 8) == 0 ? v + 8 : v;
	if (!n[0] || strspn(n, "0123456789") != strlen(n) || strlen(n) > 9 || atol(n) < 16) {
		char *q = msg_quote(v);
		vm_error_set(err, VM_EXIT_USAGE, "invalid --memory %s: qm takes MiB, 16 at least", q);
		free(q);
		return NULL;
	}
	return tr_keep(t, xasprintf("%sM", n));
}

/* One qm set option that maps, read into t; 1 when the key does not map. */
static int set_one(const char *who, const struct kv *kv, struct translation *t, struct vm_error *err)
{
	struct tr_words w = { .t = t };
	const char *k = kv->key, *v = kv->value ? kv->value : "1";
	if (strcmp(k, "vcpus") == 0 || strcmp(k, "cores") == 0) {
		tr_word(&w, "--");
		tr_word(&w, t->req.guest);
		tr_word(&w, v);
		if (strcmp(k, "cores") == 0)
			tr_approx(t, "--cores sets the cores of each socket: the VM has sockets x cores vCPUs");
		tr_approx(t, "qm set changes the configuration, and the running VM only when its hotplug option includes cpu");
		return tr_answer(&w, "vcpu-set", err);
	}
	if (strcmp(k, "memory") == 0) {
		const char *size = memory(t, v, err);
		if (!size)
			return -1;
		tr_word(&w, "--");
		tr_word(&w, t->req.guest);
		tr_word(&w, size);
		tr_approx(t, "qm set --memory changes the configuration, and the running VM only when its hotplug option "
			     "includes memory");
		return tr_answer(&w, "mem-set", err);
	}
	if (strcmp(k, "onboot") == 0) {
		bool b;
		if (!kv_bool(kv, &b)) {
			char *q = msg_quote(v);
			vm_error_set(err, VM_EXIT_USAGE, "invalid --onboot %s for '%s': a boolean (1 or 0)", q, who);
			free(q);
			return -1;
		}
		tr_word(&w, "--");
		tr_word(&w, t->req.guest);
		tr_word(&w, b ? "on" : "off");
		return tr_answer(&w, "autostart", err);
	}
	if (strcmp(k, "name") == 0) {
		tr_word(&w, "--");
		tr_word(&w, t->req.guest);
		tr_word(&w, v);
		tr_note(t, "the VMID stays: qm names a VM by it, the name is a label");
		return tr_answer(&w, "rename", err);
	}
	if (is_drive_key(k) || strcmp(k, "cdrom") == 0) {
		const char *key = strcmp(k, "cdrom") == 0 ? "ide2" : k;
		char *file = prop(v, "file", true), *media = prop(v, "media", false);
		bool cd = strcmp(k, "cdrom") == 0 || (media && strcmp(media, "cdrom") == 0);
		const char *target = qm_drive_target(t, key);
		int rc;
		if (!target) {
			rc = tr_unsupported(err, "'%s --%s' names a drive vmctl has no target for (sataN); vmctl's are hdX "
						 "(ide0-3), sdX (scsiN) and vdX (virtioN)", who, key);
		} else if (cd && strncmp(key, "ide", 3) == 0 && file && strcmp(file, "none") == 0) {
			tr_word(&w, "--eject");
			tr_word(&w, "--");
			tr_word(&w, t->req.guest);
			tr_word(&w, target);
			rc = tr_answer(&w, "cd-change", err);
		} else if (!file || file[0] != '/') {
			char *q = msg_quote(file ? file : v);
			rc = tr_unsupported(err, "'%s --%s' takes %s, a Proxmox storage volume (STORAGE:VOLUME, or STORAGE:SIZE "
						 "to allocate one); vmctl attaches a file or device by its path", who, key, q);
			free(q);
		} else if (cd && strncmp(key, "ide", 3) == 0) {
			tr_word(&w, "--");
			tr_word(&w, t->req.guest);
			tr_word(&w, target);
			tr_word(&w, tr_keep(t, xstrdup(file)));
			rc = tr_answer(&w, "cd-change", err);
		} else {
			char *fmt = prop(v, "format", false), *ro = prop(v, "ro", false);
			if (cd) {
				tr_word(&w, "--device");
				tr_word(&w, "cdrom");
			}
			if (fmt && (strcmp(fmt, "raw") == 0 || strcmp(fmt, "qcow2") == 0)) {
				tr_word(&w, "--format");
				tr_word(&w, tr_keep(t, xstrdup(fmt)));
			} else if (fmt) {
				tr_approx(t, "the format %s is not carried (vmctl's are raw and qcow2)", fmt);
			}
			if (ro && strcmp(ro, "1") == 0) {
				tr_word(&w, "--mode");
				tr_word(&w, "readonly");
			}
			if (strchr(v, ',') && !(cd || fmt || ro))
				tr_approx(t, "the drive's other properties (%s) are not carried", strchr(v, ',') + 1);
			tr_word(&w, "--");
			tr_word(&w, t->req.guest);
			tr_word(&w, tr_keep(t, xstrdup(file)));
			tr_word(&w, target);
			rc = tr_answer(&w, "disk-attach", err);
			free(fmt);
			free(ro);
		}
		free(file);
		free(media);
		return rc;
	}
	if (is_net_key(k)) {
		char *model = prop(v, "model", true), *bridge = prop(v, "bridge", false);
		int rc;
		/* "virtio=52:54:...": the model with its MAC */
		const char *first = v;
		size_t flen = strcspn(first, ",");
		const char *meq = memchr(first, '=', flen);
		char *mac = NULL;
		free(model);
		model = meq ? xasprintf("%.*s", (int)(meq - first), first) : xasprintf("%.*s", (int)flen, first);
		if (meq)
			mac = xasprintf("%.*s", (int)(flen - (size_t)(meq - first) - 1), meq + 1);
		if (!bridge) {
			rc = tr_unsupported(err, "'%s --%s %s' joins no bridge (QEMU's user networking); vmctl nic-attach "
						 "takes a bridge: bridge=vmbr0", who, k, v);
		} else {
			tr_word(&w, "--model");
			tr_word(&w, tr_keep(t, xstrdup(model)));
			if (mac) {
				tr_word(&w, "--mac");
				tr_word(&w, tr_keep(t, xstrdup(mac)));
			}
			tr_word(&w, "--");
			tr_word(&w, t->req.guest);
			tr_word(&w, tr_keep(t, xasprintf("bridge=%s", bridge)));
			tr_approx(t, "qm set --%s names the NIC's key; vmctl nic-attach takes the first free one", k);
			if (strchr(v + flen, ',') && strchr(v + flen + 1, ','))
				tr_approx(t, "the NIC's other properties (firewall, tag, rate...) are not carried");
			rc = tr_answer(&w, "nic-attach", err);
		}
		free(model);
		free(mac);
		free(bridge);
		return rc;
	}
	if (strcmp(k, "delete") == 0) {
		size_t len = strcspn(v, ",; ");
		char *key = xasprintf("%.*s", (int)len, v);
		const char *target = is_drive_key(key) ? qm_drive_target(t, key) : NULL;
		int rc;
		if (!target) {
			char *whole = xasprintf("%s --delete %s", who, key);
			char *q = msg_quote(whole);
			free(whole);
			rc = tr_unsupported(err, "%s removes a setting vmctl has no verb for%s", q,
					    is_net_key(key) ? " (vmctl nic-detach names a NIC by its MAC)" : "");
			free(q);
		} else {
			if (v[len])
				tr_approx(t, "qm set --delete %s removes several settings; vmctl disk-detach detaches %s only", v,
					  target);
			tr_note(t, "a storage volume stays as unusedN");
			tr_word(&w, "--");
			tr_word(&w, t->req.guest);
			tr_word(&w, target);
			rc = tr_answer(&w, "disk-detach", err);
		}
		free(key);
		return rc;
	}
	if (strcmp(k, "affinity") == 0)
		return tr_unsupported(err, "'%s --affinity' pins the whole VM; vmctl vcpu-pin pins one vCPU: vmctl vcpu-pin "
					   "VMID VCPU %s for each", who, v);
	return 1;
}

static int qm_set(const char *who, struct kv *kv, size_t n, struct translation *t, struct vm_error *err)
{
	if (n == 0)
		return vm_error_set(err, VM_EXIT_USAGE, "'qm set' needs an option to set; usage: qm set VMID --KEY VALUE...");
	/* the first option that maps is the request; the others are named */
	size_t used = n;
	for (size_t i = 0; i < n && used == n; i++) {
		if (strcmp(kv[i].key, "skiplock") == 0 || strcmp(kv[i].key, "digest") == 0)
			continue;
		const char *k = kv[i].key;
		if (strcmp(k, "vcpus") == 0 || strcmp(k, "cores") == 0 || strcmp(k, "memory") == 0 ||
		    strcmp(k, "onboot") == 0 || strcmp(k, "name") == 0 || strcmp(k, "cdrom") == 0 || is_drive_key(k) ||
		    is_net_key(k) || strcmp(k, "delete") == 0 || strcmp(k, "affinity") == 0)
			used = i;
	}
	if (used == n) {
		char *whole = xasprintf("qm set %s", kv[0].word);
		char *q = msg_quote(whole);
		free(whole);
		int rc = tr_unsupported(err, "%s has no vmctl equivalent; translate reads qm set's --vcpus, "
					     "--cores, --memory, --onboot, --name, --ideN/--scsiN/--virtioN, --cdrom, "
					     "--netN and --delete", q);
		free(q);
		return rc;
	}
	int rc = set_one(who, &kv[used], t, err);
	if (rc == 0)
		unread(t, who, kv, n, used);
	return rc;
}

static int qm_create(struct kv *kv, size_t n, struct translation *t, struct vm_error *err)
{
	struct tr_words w = { .t = t };
	size_t disks = 0;
	for (size_t i = 0; i < n; i++) {
		const char *k = kv[i].key, *v = kv[i].value ? kv[i].value : "1";
		char *q = msg_quote(kv[i].word);
		if (strcmp(k, "memory") == 0) {
			const char *size = memory(t, v, err);
			if (!size) {
				free(q);
				return -1;
			}
			tr_word(&w, "--memory");
			tr_word(&w, size);
		} else if (strcmp(k, "cores") == 0) {
			tr_word(&w, "--vcpus");
			tr_word(&w, v);
		} else if (strcmp(k, "name") == 0) {
			tr_note(t, "--name %s is the VM's label; qm and vmctl name it by its VMID", v);
		} else if (is_drive_key(k) || strcmp(k, "cdrom") == 0) {
			char *file = prop(v, "file", true), *media = prop(v, "media", false);
			bool cd = strcmp(k, "cdrom") == 0 || (media && strcmp(media, "cdrom") == 0);
			if (file && file[0] == '/' && !(cd && strchr(file, ','))) {
				tr_word(&w, cd ? "--cdrom" : "--disk");
				tr_word(&w, tr_keep(t, xstrdup(file)));
				disks += !cd;
				if (!cd && (is_drive_key(k) && strncmp(k, "virtio", 6) != 0))
					tr_approx(t, "%s: vmctl create attaches its disks as virtio (vda, vdb...)", q);
			} else if (file && strcmp(file, "none") == 0) {
				tr_approx(t, "%s: an empty CD drive is not carried", q);
			} else {
				tr_approx(t, "%s is not carried: %s is a Proxmox storage volume (STORAGE:SIZE allocates a new "
					     "one); vmctl create takes an existing image by its path", q, file ? file : v);
			}
			free(file);
			free(media);
		} else if (is_net_key(k)) {
			char *bridge = prop(v, "bridge", false);
			if (bridge) {
				tr_word(&w, "--network");
				tr_word(&w, tr_keep(t, xasprintf("bridge=%s", bridge)));
				tr_note(t, "%s: vmctl create's NICs are virtio", q);
			} else {
				tr_approx(t, "%s is not carried: a NIC on no bridge (QEMU's user networking)", q);
			}
			free(bridge);
		} else if (strcmp(k, "start") == 0) {
			tr_approx(t, "--start 1 also starts the VM: vmctl start VMID after");
		} else {
			tr_approx(t, "%s is not carried: vmctl create has no such setting", q);
		}
		free(q);
	}
	(void)disks;
	tr_word(&w, "--");
	tr_word(&w, t->req.guest);
	return tr_answer(&w, "create", err);
}

int qm_define(const char *cmd, int argc, char **argv, struct translation *t, struct vm_error *err)
{
	char *who = xasprintf("qm %s", cmd);
	struct kv *kv = xcalloc(64, sizeof(*kv));
	const char **ops = xcalloc((size_t)argc + 1, sizeof(*ops));
	size_t nkv, nops;
	int rc = scan(who, argc, argv, kv, &nkv, ops, &nops, t, err);
	if (rc < 0)
		goto done;
	if (nops != 1) {
		rc = nops ? vm_error_set(err, VM_EXIT_USAGE, "'%s' takes one VMID, then options: %s is one too many", who,
					 ops[1])
			  : tr_usage(err, who, "a VMID", strcmp(cmd, "set") == 0 ? "qm set VMID --KEY VALUE..."
										  : "qm create VMID [--KEY VALUE]...");
		goto done;
	}
	if ((rc = qm_vmid(t, who, ops[0], err)) < 0)
		goto done;
	rc = strcmp(cmd, "set") == 0 ? qm_set(who, kv, nkv, t, err) : qm_create(kv, nkv, t, err);
done:
	free(ops);
	free(kv);
	free(who);
	return rc;
}
