/* verbs.c: the verb table and the help text generated from it. */
#include "verbs.h"

#include <string.h>

#include "util.h"

const struct verb_def verb_table[] = {
	{ .name = "list", .id = VERB_LIST, .min = 0, .max = 0, .opts = OPT_NAME,
	  .explains = true, .synopsis = "[--name]",
	  .help = "List every guest, running or not (--name: names only, one per line)." },
	{ .name = "info", .id = VERB_INFO, .min = 1, .max = 1, .explains = true,
	  .synopsis = "GUEST", .help = "Show a guest's state, vCPUs, memory and identity." },
	{ .name = "start", .id = VERB_START, .min = 0, .max = 1,
	  .opts = OPT_FROM | OPT_PAUSED | OPT_CONSOLE | OPT_ALL | OPT_PARALLEL, .changes = true, .explains = true,
	  .synopsis = "[--paused] [--console] GUEST | --from CONFIG | --all [--parallel N]",
	  .help = "Start a defined guest, or a transient one from CONFIG (xl.cfg for xen, domain XML for libvirt)." },
	{ .name = "stop", .id = VERB_STOP, .min = 0, .max = 1,
	  .opts = OPT_TIMEOUT | OPT_FORCE | OPT_ALL | OPT_PARALLEL, .changes = true, .explains = true,
	  .synopsis = "[--timeout SEC] [--force] GUEST | --all [--parallel N]",
	  .help = "Ask the guest to shut down and wait up to SEC seconds (default 60; 0: do not wait); --force kills it when the time is up." },
	{ .name = "kill", .id = VERB_KILL, .min = 0, .max = 1, .opts = OPT_ALL | OPT_PARALLEL, .changes = true, .explains = true,
	  .synopsis = "GUEST | --all [--parallel N]", .help = "Power the guest off at once (its definition is kept)." },
	{ .name = "reboot", .id = VERB_REBOOT, .min = 1, .max = 1, .changes = true, .explains = true,
	  .synopsis = "GUEST", .help = "Ask the guest to reboot." },
	{ .name = "pause", .id = VERB_PAUSE, .min = 0, .max = 1, .opts = OPT_ALL | OPT_PARALLEL, .changes = true, .explains = true,
	  .synopsis = "GUEST | --all [--parallel N]", .help = "Pause the guest in memory (virsh suspend, xl pause, lxc-freeze)." },
	{ .name = "resume", .id = VERB_RESUME, .min = 0, .max = 1, .opts = OPT_ALL | OPT_PARALLEL, .changes = true, .explains = true,
	  .synopsis = "GUEST | --all [--parallel N]", .help = "Resume a paused guest (virsh resume, xl unpause, lxc-unfreeze)." },
	{ .name = "vcpu-set", .id = VERB_VCPU_SET, .min = 2, .max = 2, .opts = OPT_LIVE | OPT_CONFIG,
	  .changes = true, .explains = true, .synopsis = "[--live] [--config] GUEST COUNT",
	  .help = "Set the number of virtual CPUs (default: what the guest's state allows, as virsh --current)." },
	{ .name = "mem-set", .id = VERB_MEM_SET, .min = 2, .max = 2, .opts = OPT_LIVE | OPT_CONFIG,
	  .changes = true, .explains = true, .synopsis = "[--live] [--config] GUEST SIZE",
	  .help = "Set the guest's memory; SIZE is KiB unless it has a unit K, M, G or T (binary)." },
	{ .name = "cd-change", .id = VERB_CD_CHANGE, .min = 2, .max = 3, .opts = OPT_EJECT,
	  .changes = true, .explains = true, .synopsis = "GUEST DEVICE ISO | --eject GUEST DEVICE",
	  .help = "Insert or swap the medium of a CD drive, or eject it; DEVICE is a target such as hdc, or the current source path (libvirt)." },
	{ .name = "console", .id = VERB_CONSOLE, .min = 1, .max = 1, .changes = false, .explains = true,
	  .synopsis = "GUEST", .help = "Attach this terminal to the guest's console." },
	{ .name = "save", .id = VERB_SAVE, .min = 2, .max = 2, .changes = true, .explains = true,
	  .synopsis = "GUEST PATH", .help = "Save the running guest's memory to PATH and stop it (lxc: a checkpoint directory)." },
	{ .name = "restore", .id = VERB_RESTORE, .min = 1, .max = 2, .changes = true, .explains = true,
	  .synopsis = "PATH [GUEST]", .help = "Start a guest again from a file made by save (GUEST is needed for lxc and openvz)." },
	{ .name = "snapshot", .id = VERB_SNAPSHOT, .min = 2, .max = 3, .changes = true, .explains = true,
	  .synopsis = "create GUEST [NAME] | list GUEST | revert GUEST NAME | delete GUEST NAME",
	  .help = "Create, list, revert to or delete snapshots of a guest." },
	{ .name = "migrate", .id = VERB_MIGRATE, .min = 2, .max = 2, .opts = OPT_LIVE | OPT_UNSAFE,
	  .changes = true, .explains = true, .synopsis = "[--live] [--unsafe] GUEST DEST",
	  .help = "Move the guest to DEST (a libvirt URI; a bare host means qemu+ssh://HOST/system; a host for xen)." },
	{ .name = "host", .id = VERB_HOST, .min = 0, .max = 0, .explains = true,
	  .synopsis = "", .help = "Show what this host can run." },
	{ .name = "translate", .id = VERB_TRANSLATE, .min = 1, .max = -1,
	  .synopsis = "NATIVE-COMMAND... | -",
	  .help = "Read a native command (xl, virsh, lxc-*, vzctl, QEMU monitor) and answer in every vocabulary." },
	{ .name = "help", .id = VERB_HELP, .min = 0, .max = 1,
	  .synopsis = "[VERB]", .help = "Show the usage, or the help of one verb." },
};

const size_t verb_table_len = ARRAY_SIZE(verb_table);

static const struct {
	unsigned opt;
	const char *name;
	const char *arg;
	const char *help;
} verb_options[] = {
	{ OPT_NAME, "name", NULL, "print guest names only, one per line" },
	{ OPT_FROM, "from", "CONFIG", "start a transient guest from CONFIG" },
	{ OPT_PAUSED, "paused", NULL, "leave the guest paused once started" },
	{ OPT_CONSOLE, "console", NULL, "attach to the console once started" },
	{ OPT_TIMEOUT, "timeout", "SEC", "seconds to wait for the guest to go down (default 60; 0: do not wait)" },
	{ OPT_FORCE, "force", NULL, "kill the guest when the timeout expires" },
	{ OPT_LIVE, "live", NULL, "change the running guest" },
	{ OPT_CONFIG, "config", NULL, "change the persistent definition (next boot)" },
	{ OPT_EJECT, "eject", NULL, "eject the medium instead of inserting one" },
	{ OPT_UNSAFE, "unsafe", NULL, "allow migration without shared storage" },
	{ OPT_ALL, "all", NULL, "every guest the verb applies to (bulk)" },
	{ OPT_PARALLEL, "parallel", "N", "bulk: act on N guests at a time (1 to 64; default 1)" },
};

static int find_opt(unsigned opt)
{
	for (size_t i = 0; i < ARRAY_SIZE(verb_options); i++)
		if (verb_options[i].opt == opt)
			return (int)i;
	return -1;
}

const char *verb_option_name(unsigned opt)
{
	int i = find_opt(opt);
	return i < 0 ? NULL : verb_options[i].name;
}

const char *verb_option_arg(unsigned opt)
{
	int i = find_opt(opt);
	return i < 0 ? NULL : verb_options[i].arg;
}

const char *verb_option_help(unsigned opt)
{
	int i = find_opt(opt);
	return i < 0 ? NULL : verb_options[i].help;
}

const char *verb_name(enum vm_verb id)
{
	for (size_t i = 0; i < verb_table_len; i++)
		if (verb_table[i].id == id)
			return verb_table[i].name;
	return "?";
}

const struct verb_def *verb_find(const char *name)
{
	for (size_t i = 0; i < verb_table_len; i++)
		if (strcmp(verb_table[i].name, name) == 0)
			return &verb_table[i];
	return NULL;
}

/* Native words that people type for a vmctl verb. */
static const struct {
	const char *word;
	const char *verb;
} native_words[] = {
	{ "suspend", "pause" },  { "freeze", "pause" },      { "unpause", "resume" },
	{ "unfreeze", "resume" }, { "cont", "resume" },      { "shutdown", "stop" },
	{ "halt", "stop" },      { "destroy", "kill" },      { "restart", "reboot" },
	{ "reset", "reboot" },   { "create", "start" },      { "up", "start" },
	{ "dominfo", "info" },   { "status", "info" },       { "domstate", "info" },
	{ "setvcpus", "vcpu-set" }, { "setmem", "mem-set" }, { "change-media", "cd-change" },
	{ "cd-insert", "cd-change" }, { "cd-eject", "cd-change" }, { "checkpoint", "save" },
	{ "ls", "list" },        { "snapshot-create-as", "snapshot" },
};

const char *verb_suggest(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(native_words); i++)
		if (strcmp(native_words[i].word, name) == 0)
			return native_words[i].verb;
	const char *best = NULL;
	size_t best_d = 99;
	for (size_t i = 0; i < verb_table_len; i++) {
		size_t d = edit_distance(name, strlen(name), verb_table[i].name, strlen(verb_table[i].name));
		if (d < best_d) {
			best_d = d;
			best = verb_table[i].name;
		}
	}
	size_t len = strlen(name);
	size_t limit = len <= 3 ? 1 : 2;
	return best_d <= limit ? best : NULL;
}

void verb_print_usage(FILE *out)
{
	fputs("usage: vmctl [OPTIONS] VERB [VERB-OPTIONS] OPERANDS...\n"
	      "\n"
	      "One vocabulary for the life of a guest under libvirt (KVM/QEMU, LXC,\n"
	      "OpenVZ), Xen (libxl) and LXC (liblxc).  With --explain, print the native\n"
	      "command (xl, virsh, lxc-*, vzctl, QEMU monitor) instead of acting.\n"
	      "\n"
	      "Options (before the verb):\n"
	      "  -b, --backend NAME       libvirt, xen, lxc or openvz\n"
	      "  -c, --connect URI        libvirt URI (default: LIBVIRT_DEFAULT_URI, else as virsh);\n"
	      "                           repeat it for several hosts (list, info, --all)\n"
	      "      --hosts FILE         several hosts: one libvirt URI a line\n"
	      "  -P, --lxcpath DIR        where liblxc keeps containers\n"
	      "      --explain[=VOCABS]   print native commands instead of acting; VOCABS is a\n"
	      "                           comma list of vmctl, xl, virsh, lxc, vzctl, qemu, or all\n"
	      "  -o, --output FORMAT      text (default) or json\n"
	      "  -q, --quiet              no notes on stderr; --explain: no '# ' lines\n"
	      "  -r, --readonly           refuse every verb that changes a guest\n"
	      "  -f, --batch FILE|-       run one verb line after another\n"
	      "      --keep-going         batch: go on after a failure\n"
	      "  -h, --help               this help; 'vmctl help VERB' for one verb\n"
	      "  -V, --version            print the version\n"
	      "\n"
	      "Verbs:\n",
	      out);
	for (size_t i = 0; i < verb_table_len; i++)
		fprintf(out, "  %-10s %s\n", verb_table[i].name, verb_table[i].synopsis);
	fputs("\nExit status: 0 done, 1 failed, 2 usage, 3 no such guest, 4 not supported,\n"
	      "5 backend unavailable, 6 partial.  See vmctl(1).\n",
	      out);
}

void verb_print_help(FILE *out, const struct verb_def *verb)
{
	fprintf(out, "usage: vmctl %s%s%s\n\n%s\n", verb->name, *verb->synopsis ? " " : "",
		verb->synopsis, verb->help);
	if (verb->opts) {
		fputs("\nOptions:\n", out);
		for (size_t i = 0; i < ARRAY_SIZE(verb_options); i++) {
			if (!(verb->opts & verb_options[i].opt))
				continue;
			char left[40];
			snprintf(left, sizeof(left), "--%s%s%s", verb_options[i].name,
				 verb_options[i].arg ? " " : "", verb_options[i].arg ? verb_options[i].arg : "");
			fprintf(out, "  %-18s %s\n", left, verb_options[i].help);
		}
	}
	if (verb->explains)
		fprintf(out, "\nNative commands: vmctl --explain %s ...\n", verb->name);
}
