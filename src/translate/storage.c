/* storage.c: qemu-img (QEMU 7.2) and virsh's pool-*, vol-* and net-*
 * commands (libvirt 9.0), read into the host-resource verbs.  Each reader writes the
 * vmctl words of its answer and hands them to request_parse(), so that a
 * translation is checked exactly as vmctl checks a command line.  Sizes
 * without a unit are bytes, as both tools read them. */
#include "translate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "quote.h"

#define DEFAULT_POOL_DIR "/var/lib/libvirt/images"

/* A native size (bytes without a unit) as vmctl writes it: the largest
 * binary unit that divides it; a size that is not whole KiB is rounded up,
 * with a note. */
static const char *size_word(struct translation *t, const char *who, const char *s, const char *units,
			     struct vm_error *err)
{
	uint64_t kib = 0;
	bool rounded = false;
	if (native_size(who, s, units, &kib, &rounded, err) < 0)
		return NULL;
	if (kib == 0) {
		vm_error_set(err, VM_EXIT_USAGE, "'%s': a size of zero makes no image", who);
		return NULL;
	}
	if (rounded)
		tr_approx(t, "%s is not a whole number of KiB: vmctl's sizes are, rounded up", s);
	return tr_keep(t, size_with_suffix(kib, "K", "M", "G", "T"));
}

/* ---- qemu-img ---- */

#define QEMU_IMG_UNITS "=0 b=0 k=10 m=20 g=30 t=40 p=50 e=60"

enum { Q_FMT = 1, Q_OUTFMT, Q_BACKING, Q_BACKFMT, Q_OPTS, Q_QUIET, Q_SHRINK, Q_OTHER, Q_HELP, Q_PROGRESS,
       Q_UNSAFE, Q_OUTPUT, Q_CHAIN, Q_PREALLOC, Q_COMPRESS };

static const struct nopt qimg_opts[] = {
	{ 'f', NULL, true, Q_FMT },           { 'O', NULL, true, Q_OUTFMT },
	{ 'b', NULL, true, Q_BACKING },       { 'F', NULL, true, Q_BACKFMT },
	{ 'o', NULL, true, Q_OPTS },          { 'q', NULL, false, Q_QUIET },
	{ 'u', NULL, false, Q_UNSAFE },       { 'p', NULL, false, Q_PROGRESS },
	{ 'c', NULL, false, Q_COMPRESS },     { 'h', "help", false, Q_HELP },
	{ 0, "shrink", false, Q_SHRINK },     { 0, "output", true, Q_OUTPUT },
	{ 0, "backing-chain", false, Q_CHAIN }, { 0, "preallocation", true, Q_PREALLOC },
	{ 0, "object", true, Q_OTHER },       { 0, "image-opts", false, Q_OTHER },
	{ 0, "force-share", false, Q_OTHER }, { 'U', NULL, false, Q_OTHER },
	{ 't', NULL, true, Q_OTHER },         { 'T', NULL, true, Q_OTHER },
	{ 'n', NULL, false, Q_OTHER },        { 'm', NULL, true, Q_OTHER },
	{ 'W', NULL, false, Q_OTHER },        { 'S', NULL, true, Q_OTHER },
	{ 0, "target-image-opts", false, Q_OTHER }, { 0, "limits", false, Q_OTHER },
	{ 0, NULL, false, 0 },
};

#define QEMU_IMG_READ "qemu-img create, info, resize and convert"

static int format_word(struct tr_words *w, const char *who, const char *fmt, const char *option, struct vm_error *err)
{
	if (strcmp(fmt, "qcow2") != 0 && strcmp(fmt, "raw") != 0) {
		char *q = msg_quote(fmt);
		tr_unsupported(err, "'%s' %s %s: vmctl makes qcow2 and raw images only", who, option, q);
		free(q);
		return -1;
	}
	tr_word(w, fmt);
	return 0;
}

static int format_opt(struct tr_words *w, const char *who, const char *fmt, const char *option, struct vm_error *err);

static int qimg_create(struct tr_words *w, const char *who, struct nscan *s, struct vm_error *err)
{
	if (s->nops < 1 || s->nops > 2)
		return tr_usage(err, who, s->nops < 1 ? "FILE" : "at most FILE and SIZE",
				"qemu-img create [-f FMT] [-b BACKING -F FMT] FILE [SIZE]");
	if (!nscan_value(s, Q_FMT))
		tr_note(w->t, "qemu-img create makes a raw image without -f; vmctl's default is qcow2");
	if (format_opt(w, who, nscan_value(s, Q_FMT), "-f", err) < 0)
		return -1;
	if (nscan_value(s, Q_BACKING)) {
		tr_word(w, "--backing");
		tr_word(w, nscan_value(s, Q_BACKING));
		if (nscan_value(s, Q_BACKFMT)) {
			tr_word(w, "--backing-format");
			if (format_word(w, who, nscan_value(s, Q_BACKFMT), "-F", err) < 0)
				return -1;
		}
	}
	tr_not_expressed(w->t, s, Q_OPTS, "image options");
	tr_not_expressed(w->t, s, Q_PREALLOC, "preallocation");
	tr_not_expressed(w->t, s, Q_UNSAFE, "no check of the backing file");
	tr_word(w, "--");
	tr_word(w, s->ops[0]);
	if (s->nops == 2) {
		const char *size = size_word(w->t, who, s->ops[1], QEMU_IMG_UNITS, err);
		if (!size)
			return -1;
		tr_word(w, size);
	}
	return tr_answer(w, "image-create", err);
}

static int qimg_resize(struct tr_words *w, const char *who, struct nscan *s, struct vm_error *err)
{
	if (s->nops != 2)
		return tr_usage(err, who, "FILE and SIZE", "qemu-img resize [--shrink] FILE [+|-]SIZE");
	const char *size = s->ops[1];
	if (size[0] == '+' || size[0] == '-') {
		tr_approx(w->t, "qemu-img resize %s changes the size by %s; vmctl image-resize takes the new size: add it to "
			  "the current one (vmctl image-info)", size, size + 1);
		if (size[0] == '-' && !nscan_count(s, Q_SHRINK))
			tr_note(w->t, "qemu-img refuses to shrink without --shrink, as vmctl does");
		size++;
	}
	const char *kept = size_word(w->t, who, size, QEMU_IMG_UNITS, err);
	if (!kept)
		return -1;
	if (nscan_count(s, Q_SHRINK))
		tr_word(w, "--shrink");
	tr_not_expressed(w->t, s, Q_PREALLOC, "preallocation");
	tr_word(w, "--");
	tr_word(w, s->ops[0]);
	tr_word(w, kept);
	return tr_answer(w, "image-resize", err);
}

static int qimg_convert(struct tr_words *w, const char *who, struct nscan *s, struct vm_error *err)
{
	if (s->nops < 2)
		return tr_usage(err, who, "SRC and DST", "qemu-img convert [-O FMT] SRC DST");
	if (s->nops > 2)
		return tr_unsupported(err, "'%s' of several images into one: vmctl image-convert copies one SRC", who);
	if (!nscan_value(s, Q_OUTFMT))
		tr_note(w->t, "qemu-img convert writes raw without -O; vmctl's default is qcow2");
	if (format_opt(w, who, nscan_value(s, Q_OUTFMT), "-O", err) < 0)
		return -1;
	tr_not_expressed(w->t, s, Q_COMPRESS, "compression");
	tr_not_expressed(w->t, s, Q_OPTS, "image options");
	tr_word(w, "--");
	tr_word(w, s->ops[0]);
	tr_word(w, s->ops[1]);
	return tr_answer(w, "image-convert", err);
}

int translate_qemu_img(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	if (argc < 2)
		return vm_error_set(err, VM_EXIT_USAGE, "'qemu-img' needs a command, such as qemu-img info FILE");
	const char *sub = argv[1];
	char *who = xasprintf("qemu-img %s", sub);
	struct tr_words w = { .t = t };
	struct nscan s;
	int rc = -1;
	bool known = strcmp(sub, "create") == 0 || strcmp(sub, "info") == 0 || strcmp(sub, "resize") == 0 ||
		     strcmp(sub, "convert") == 0;
	if (!known) {
		static const char *const real = " amend bench bitmap check commit compare dd map measure rebase snapshot ";
		char *pad = xasprintf(" %s ", sub);
		char *q = msg_quote(who);
		if (strstr(real, pad))
			tr_unsupported(err, "%s has no vmctl equivalent; translate reads " QEMU_IMG_READ, q);
		else
			vm_error_set(err, VM_EXIT_USAGE, "unknown command %s; translate reads " QEMU_IMG_READ, q);
		free(q);
		free(pad);
		free(who);
		return -1;
	}
	if (nscan(who, NSCAN_GNU, qimg_opts, argc - 2, argv + 2, &s, err) < 0) {
		free(who);
		return -1;
	}
	if (nscan_count(&s, Q_HELP)) {
		rc = vm_error_set(err, VM_EXIT_USAGE, "qemu-img --help prints qemu-img's own text; nothing to translate");
	} else if (nscan_count(&s, Q_OTHER) || nscan_count(&s, Q_QUIET) || nscan_count(&s, Q_PROGRESS)) {
		tr_not_expressed(t, &s, Q_OTHER, "what vmctl leaves to libvirt");
		tr_not_expressed(t, &s, Q_QUIET, "quiet");
		tr_not_expressed(t, &s, Q_PROGRESS, "a progress display");
	}
	if (nscan_count(&s, Q_HELP))
		goto out;
	if (nscan_value(&s, Q_FMT) && strcmp(sub, "create") != 0)
		tr_note(t, "-f names the image's format; vmctl reads it from the image's pool");
	if (strcmp(sub, "create") == 0) {
		rc = qimg_create(&w, who, &s, err);
	} else if (strcmp(sub, "info") == 0) {
		if (s.nops != 1) {
			rc = tr_usage(err, who, "one FILE", "qemu-img info FILE");
			goto out;
		}
		tr_not_expressed(t, &s, Q_CHAIN, "the whole backing chain");
		if (nscan_value(&s, Q_OUTPUT) && strcmp(nscan_value(&s, Q_OUTPUT), "json") == 0)
			tr_note(t, "vmctl -o json image-info prints JSON");
		tr_word(&w, "--");
		tr_word(&w, s.ops[0]);
		rc = tr_answer(&w, "image-info", err);
	} else if (strcmp(sub, "resize") == 0) {
		rc = qimg_resize(&w, who, &s, err);
	} else {
		rc = qimg_convert(&w, who, &s, err);
	}
out:
	nscan_clear(&s);
	free(who);
	return rc;
}

/* ---- virsh pool-* and vol-* (options read by virsh.c's parser) ---- */

#define VAL(name) o->get(o->ctx, name)
#define HAS(name) (o->get(o->ctx, name) != NULL)

/* The absolute path of volume vol (a path, or a name in pool), or NULL with
 * err filled: translate looks nothing up, so only the default pool's
 * directory is known. */
static const char *vol_path(struct translation *t, const char *who, const char *vol, const char *pool,
			    struct vm_error *err)
{
	if (vol[0] == '/')
		return vol;
	if (pool && strcmp(pool, "default") == 0) {
		tr_note(t, "pool default: %s, as libvirt makes it", DEFAULT_POOL_DIR);
		return tr_keep(t, xasprintf("%s/%s", DEFAULT_POOL_DIR, vol));
	}
	char *q = msg_quote(vol), *p = msg_quote(pool ? pool : "");
	tr_unsupported(err, "'%s' names %s in pool %s, not a path: vmctl takes the image's PATH (the pool's directory, "
		       "from virsh pool-dumpxml, then /NAME); translate looks nothing up", who, q, pool ? p : "(none)");
	free(q);
	free(p);
	return NULL;
}

/* --format F as vmctl writes it: nothing for qcow2, its default. */
static int format_opt(struct tr_words *w, const char *who, const char *fmt, const char *option, struct vm_error *err)
{
	if (fmt && strcmp(fmt, "qcow2") == 0)
		return 0;
	tr_word(w, "--format");
	return format_word(w, who, fmt ? fmt : "raw", option, err);
}

/* "-" stands for an empty positional field of pool-define-as (virsh's
 * classic form NAME dir - - - - DIR). */
static const char *field(const struct virsh_opts *o, const char *name)
{
	const char *v = VAL(name);
	return v && strcmp(v, "-") != 0 && *v ? v : NULL;
}

static int v_pool(struct tr_words *w, const char *who, const char *sub, const struct virsh_opts *o,
		  struct vm_error *err)
{
	struct translation *t = w->t;
	if (strcmp(sub, "pool-list") == 0) {
		if (!HAS("all"))
			tr_approx(t, "virsh pool-list without --all shows the active pools only; vmctl shows all");
		o->leftovers(o->ctx, "all details", "name uuid");
		return tr_answer(w, "pool-list", err);
	}
	if (strcmp(sub, "pool-define-as") == 0 || strcmp(sub, "pool-create-as") == 0) {
		const char *type = VAL("type"), *target = field(o, "target");
		if (strcmp(type, "dir") != 0) {
			char *q = msg_quote(type);
			tr_unsupported(err, "'%s' of type %s: vmctl pool-create makes directory pools only", who, q);
			free(q);
			return -1;
		}
		if (!target)
			return tr_usage(err, who, "--target DIR", "virsh pool-define-as NAME dir --target DIR");
		if (field(o, "source-host") || field(o, "source-path") || field(o, "source-dev") || field(o, "source-name"))
			tr_approx(t, "a directory pool has no source: the --source-* fields are left out");
		tr_approx(t, "vmctl pool-create also %s and autostarts the pool",
			  strcmp(sub, "pool-create-as") == 0 ? "defines it persistently, builds" : "builds, starts");
		o->leftovers(o->ctx, "name type target source-host source-path source-dev source-name build", "");
		tr_word(w, "--");
		tr_word(w, VAL("name"));
		tr_word(w, target);
		return tr_answer(w, "pool-create", err);
	}
	if (strcmp(sub, "pool-undefine") == 0) {
		tr_approx(t, "vmctl pool-delete stops the pool first (virsh pool-destroy); virsh pool-undefine "
			  "undefines an inactive pool only");
		o->leftovers(o->ctx, "pool", "");
		tr_word(w, "--");
		tr_word(w, VAL("pool"));
		return tr_answer(w, "pool-delete", err);
	}
	if (strcmp(sub, "pool-delete") == 0)
		return tr_unsupported(err, "false friend: '%s' deletes the pool's directory and files; vmctl pool-delete "
				       "only stops and undefines a pool, and vmctl deletes no pool directory", who);
	return tr_unsupported(err, "'%s' is one step of vmctl pool-create (pool-define-as, pool-build, pool-start, "
			       "pool-autostart) or of pool-delete (pool-destroy, pool-undefine)", who);
}

static int v_vol(struct tr_words *w, const char *who, const char *sub, const struct virsh_opts *o,
		 struct vm_error *err)
{
	struct translation *t = w->t;
	const char *path;
	if (strcmp(sub, "vol-list") == 0) {
		o->leftovers(o->ctx, "pool details", "");
		tr_word(w, "--");
		tr_word(w, VAL("pool"));
		return tr_answer(w, "image-list", err);
	}
	if (strcmp(sub, "vol-create-as") == 0) {
		if (!(path = vol_path(t, who, VAL("name"), VAL("pool"), err)))
			return -1;
		const char *size = size_word(t, who, VAL("capacity"), QEMU_IMG_UNITS, err);
		if (!size)
			return -1;
		if (!VAL("format"))
			tr_note(t, "virsh vol-create-as makes a raw image without --format; vmctl's default is qcow2");
		if (format_opt(w, who, VAL("format"), "--format", err) < 0)
			return -1;
		if (VAL("backing-vol")) {
			tr_word(w, "--backing");
			tr_word(w, VAL("backing-vol"));
			if (VAL("backing-vol-format")) {
				tr_word(w, "--backing-format");
				if (format_word(w, who, VAL("backing-vol-format"), "--backing-vol-format", err) < 0)
					return -1;
			}
		}
		o->leftovers(o->ctx, "pool name capacity format backing-vol backing-vol-format", "");
		tr_word(w, "--");
		tr_word(w, path);
		tr_word(w, size);
		return tr_answer(w, "image-create", err);
	}
	if (strcmp(sub, "vol-info") == 0 || strcmp(sub, "vol-dumpxml") == 0 || strcmp(sub, "vol-delete") == 0) {
		if (!(path = vol_path(t, who, VAL("vol"), VAL("pool"), err)))
			return -1;
		if (strcmp(sub, "vol-dumpxml") == 0)
			tr_approx(t, "vmctl image-info shows the format, sizes and backing file, not the whole XML");
		if (strcmp(sub, "vol-delete") == 0)
			tr_note(t, "vmctl image-delete refuses an image that a guest or another image's backing chain uses");
		o->leftovers(o->ctx, "vol pool", "bytes physical");
		tr_word(w, "--");
		tr_word(w, path);
		return tr_answer(w, strcmp(sub, "vol-delete") == 0 ? "image-delete" : "image-info", err);
	}
	if (strcmp(sub, "vol-resize") == 0) {
		if (!(path = vol_path(t, who, VAL("vol"), VAL("pool"), err)))
			return -1;
		const char *capacity = VAL("capacity");
		if (HAS("delta") || capacity[0] == '-') {
			tr_approx(t, "virsh vol-resize --delta changes the size by CAPACITY; vmctl image-resize takes the new "
				  "size: add it to the current one (vmctl image-info)");
			capacity += capacity[0] == '-';
		}
		const char *size = size_word(t, who, capacity, QEMU_IMG_UNITS, err);
		if (!size)
			return -1;
		if (HAS("shrink"))
			tr_word(w, "--shrink");
		o->leftovers(o->ctx, "vol pool capacity delta shrink", "");
		tr_word(w, "--");
		tr_word(w, path);
		tr_word(w, size);
		return tr_answer(w, "image-resize", err);
	}
	/* vol-create-from POOL FILE VOL */
	const char *in = VAL("inputpool") ? VAL("inputpool") : VAL("pool");
	if (!(path = vol_path(t, who, VAL("vol"), in, err)))
		return -1;
	const char *file = tr_base_name(VAL("file"));
	size_t len = strlen(file);
	if (len > 4 && strcmp(file + len - 4, ".xml") == 0)
		len -= 4;
	char *name = xasprintf("%.*s", (int)len, file);
	const char *dst = vol_path(t, who, name, VAL("pool"), err);
	free(name);
	if (!dst)
		return -1;
	tr_approx(t, "the new image's name and format are in %s, which translate does not read: its name is taken "
		  "from the file's, its format as vmctl's default (qcow2)", VAL("file"));
	o->leftovers(o->ctx, "pool file vol inputpool", "");
	tr_word(w, "--");
	tr_word(w, path);
	tr_word(w, dst);
	return tr_answer(w, "image-convert", err);
}

static int v_net(struct tr_words *w, const char *who, const char *sub, const struct virsh_opts *o, struct vm_error *err)
{
	struct translation *t = w->t;
	const char *verb = NULL;
	if (strcmp(sub, "net-list") == 0) {
		if (!HAS("all"))
			tr_approx(t, "virsh net-list without --all shows the active networks only; vmctl shows all");
		o->leftovers(o->ctx, "all", "uuid name table");
		return tr_answer(w, "net-list", err);
	}
	if (strcmp(sub, "net-define") == 0 || strcmp(sub, "net-create") == 0) {
		char *q = msg_quote(VAL("file"));
		if (strcmp(sub, "net-define") == 0)
			tr_unsupported(err, "'%s' reads the network from %s, which translate does not read; vmctl net-create "
				       "takes --bridge, --subnet, --forward and --dhcp", who, q);
		else
			tr_unsupported(err, "false friend: '%s' starts a transient network from %s; vmctl net-create defines "
				       "one from its options (and starts and autostarts it)", who, q);
		free(q);
		return -1;
	}
	if (strcmp(sub, "net-autostart") == 0)
		return tr_unsupported(err, "'%s' has no vmctl equivalent: vmctl net-create marks a network autostarted", who);
	if (strcmp(sub, "net-info") == 0) {
		verb = "net-info";
	} else if (strcmp(sub, "net-dhcp-leases") == 0 || strcmp(sub, "net-dumpxml") == 0) {
		verb = "net-info";
		tr_approx(t, "vmctl net-info shows the network with its subnet, DHCP range and leases%s",
			  strcmp(sub, "net-dumpxml") == 0 ? ", not the whole XML" : "");
	} else if (strcmp(sub, "net-start") == 0) {
		verb = "net-start";
	} else if (strcmp(sub, "net-destroy") == 0) {
		verb = "net-stop";
		tr_note(t, "false friend: virsh net-destroy only stops the network; its definition stays (virsh "
			"net-undefine deletes it)");
	} else {
		verb = "net-delete";
		tr_approx(t, "vmctl net-delete also stops the network first; virsh net-undefine leaves a running one running, "
			  "transient until it stops");
	}
	o->leftovers(o->ctx, "network", "");
	tr_word(w, "--");
	tr_word(w, VAL("network"));
	return tr_answer(w, verb, err);
}

int translate_virsh_storage(const char *sub, const struct virsh_opts *o, struct translation *t, struct vm_error *err)
{
	char *who = xasprintf("virsh %s", sub);
	struct tr_words w = { .t = t };
	int rc = strncmp(sub, "pool-", 5) == 0  ? v_pool(&w, who, sub, o, err)
		 : strncmp(sub, "net-", 4) == 0 ? v_net(&w, who, sub, o, err)
						: v_vol(&w, who, sub, o, err);
	free(who);
	return rc;
}
