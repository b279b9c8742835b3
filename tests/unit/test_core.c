/* test_core.c: the verb table's self-check and the validators, in process.
 * Prints TAP; exits 1 on any failure. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "explain.h"
#include "quote.h"
#include "request.h"
#include "translate.h"
#include "uri.h"
#include "validate.h"
#include "verbs.h"

static int n_tests, n_failed;

static void ok(int cond, const char *what, const char *detail)
{
	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - %s%s%s\n", cond ? "" : "not ", n_tests, what, detail ? ": " : "",
	       detail ? detail : "");
}

/* A sample of each kind of operand, as a command line gives it. */
static char *sample(enum operand_kind kind)
{
	static char *const samples[] = { [OPD_GUEST] = "g", [OPD_NAME] = "s", [OPD_COUNT] = "1", [OPD_SIZE] = "1M",
					 [OPD_PATH] = "/p", [OPD_DEVICE] = "hdc", [OPD_DEST] = "h", [OPD_URI] = "qemu:///system",
					 [OPD_WORD] = "w", [OPD_WORDS] = "w", [OPD_ARGV] = "w" };
	return samples[kind];
}

static void explain_checks(const struct verb_def *verb, const struct verb_def *sub)
{
	const struct verb_def *row = sub ? sub : verb;
	char *argv[16] = { (char *)verb->name };
	int argc = 1;
	if (sub)
		argv[argc++] = (char *)sub->name;
	for (const struct opt_def *const *d = row->opts; d && *d; d++)
		if ((*d)->required && strcmp((*d)->name, "state") == 0) { /* wait --state running */
			argv[argc++] = (char *)"--state";
			argv[argc++] = (char *)"running";
		}
	for (const struct operand_def *o = row->operands; o && o->name && argc < 14; o++) {
		if (o->kind == OPD_ARGV)
			argv[argc++] = "--"; /* exec GUEST -- COMMAND */
		argv[argc++] = o->choices ? (char *)o->choices[0]
			       : o->valid == validate_mac ? "52:54:00:12:34:56"
			       : o->valid == validate_vcpu ? "0"
			       : o->valid == validate_cpulist ? "0-1"
			       : o->valid == validate_netspec ? "bridge=br0"
							       : sample(o->kind);
	}
	struct vm_request req = { 0 };
	struct vm_error err = { 0 };
	char what[64];
	snprintf(what, sizeof(what), "%s%s%s", verb->name, sub ? " " : "", sub ? sub->name : "");
	ok(request_parse(verb, argc, argv, &req, &err) == 0, "every operand of the row, given, parses", what);
	for (int v = 0; v < VOCAB__COUNT; v++) {
		struct explanation ex;
		explain_one((enum vocab)v, &req, &ex);
		int good = (ex.equiv == EQUIV_NONE) == (ex.n == 0) && (ex.equiv == EQUIV_EXACT || ex.reasons > 0);
		char buf[96];
		snprintf(buf, sizeof(buf), "%s in %s", what, vocab_name((enum vocab)v));
		ok(good, "explanation is well formed (none has no command, approximate/none say why)", buf);
		explanation_clear(&ex);
	}
	request_clear(verb, &req);
}

static void table_checks(void)
{
	struct strvec faults = STRVEC_INIT;
	size_t bad = verb_table_check(&faults);
	ok(bad == 0, "the verb table's self-test finds nothing", bad ? faults.v[0] : NULL);
	for (size_t i = 1; i < faults.n; i++)
		ok(0, "the verb table's self-test", faults.v[i]);
	strvec_clear(&faults);
	for (size_t i = 0; i < verb_table_len; i++)
		ok(verb_find(verb_table[i].name) == &verb_table[i], "verb_find finds the row", verb_table[i].name);
	ok(verb_find("paus") == NULL, "no prefix matching", "paus");
	ok(verb_suggest("pasue") && strcmp(verb_suggest("pasue"), "pause") == 0, "did you mean pause", "pasue");
	ok(verb_suggest("suspend") && strcmp(verb_suggest("suspend"), "pause") == 0, "native word suggests", "suspend");
	ok(verb_suggest("zzzzzz") == NULL, "no suggestion for nonsense", "zzzzzz");
	/* every explained verb and sub-verb, its operands given as the command
	 * line would give them, gives every vocabulary something to say */
	for (size_t i = 0; i < verb_table_len; i++) {
		const struct verb_def *verb = &verb_table[i];
		for (size_t k = 0; verb->explains && (verb->subs ? verb->subs[k].name != NULL : k == 0); k++)
			explain_checks(verb, verb->subs ? &verb->subs[k] : NULL);
	}
}

/* The self-test can fail: rows that break its rules, one each. */
static const struct opt_def bad_connect = { "connect", OPT_FLAG, NULL, "takes -c's name", .dest = 0 };
static const struct opt_def bad_live_a = { "live", OPT_FLAG, NULL, "a flag here", .dest = 0 };
static const struct opt_def bad_live_b = { "live", OPT_PATH, "PATH", "a path there", .dest = 0 };
static const struct opt_def *const bad_opts_a[] = { &bad_connect, &bad_live_a, NULL };
static const struct opt_def *const bad_opts_b[] = { &bad_live_b, NULL };
static const struct operand_def bad_operands[] = {
	{ "GUEST", OPD_GUEST, "guest name", "guest", .optional = true, .dest = 0 },
	{ "COUNT", OPD_COUNT, "COUNT", "count", .dest = 0 },
	{ NULL, OPD_WORD, NULL, NULL, .dest = 0 },
};

static void selftest_fails(void)
{
	const struct verb_def rows[] = {
		{ .name = "aa", .id = VERB_LIST, .min = 1, .max = 2, .operands = bad_operands, .opts = bad_opts_a,
		  .run = verb_act, .synopsis = "", .help = "a" },
		{ .name = "bb", .id = VERB_INFO, .min = 0, .max = 0, .operands = bad_operands + 2, .opts = bad_opts_b,
		  .run = verb_act, .run_raw = verb_translate, .synopsis = "", .help = "b" },
	};
	struct strvec f = STRVEC_INIT;
	verb_rows_check(rows, ARRAY_SIZE(rows), &f);
	static const char *const want[] = {
		"aa: option --connect takes a global option's name",
		"option --live has two value types (aa and bb)",
		"aa: operand COUNT is required after an optional one",
		"bb: exactly one of run and run_raw",
		"verb id 2 has 0 rows",
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		bool found = false;
		for (size_t k = 0; k < f.n; k++)
			found |= strcmp(f.v[k], want[i]) == 0;
		ok(found, "the self-test catches a faulty row", want[i]);
	}
	strvec_clear(&f);
}

/* Options are data: a table of 64 options of every kind parses, repeated
 * options keep their order, and nothing bounds their number. */
#define NOPTS 64
struct many {
	int first; /* dest 0 means "kept by name" */
	bool flag[NOPTS];
	unsigned num[NOPTS];
	const char *str[NOPTS];
	uint64_t size[NOPTS];
	struct vm_strlist list[NOPTS];
};

static void option_checks(void)
{
	static struct opt_def defs[NOPTS];
	static char names[NOPTS][16];
	const struct opt_def *table[NOPTS + 1];
	static const char *const colours[] = { "red", "green", NULL };
	for (int i = 0; i < NOPTS; i++) {
		snprintf(names[i], sizeof(names[i]), "opt%02d", i);
		struct opt_def d = { .name = names[i], .help = "h" };
		switch (i % 8) {
		case 0: d.type = OPT_FLAG; d.dest = offsetof(struct many, flag) + (size_t)i * sizeof(bool); break;
		case 1: d.type = OPT_NUMBER; d.arg = "N"; d.min = 1; d.max = 9;
			d.dest = offsetof(struct many, num) + (size_t)i * sizeof(unsigned); break;
		case 2: d.type = OPT_SIZE; d.arg = "SIZE"; d.dest = offsetof(struct many, size) + (size_t)i * sizeof(uint64_t); break;
		case 3: d.type = OPT_ENUM; d.arg = "C"; d.choices = colours;
			d.dest = offsetof(struct many, str) + (size_t)i * sizeof(char *); break;
		case 4: d.type = OPT_MAC; d.arg = "MAC"; d.dest = offsetof(struct many, str) + (size_t)i * sizeof(char *); break;
		case 5: d.type = OPT_CIDR; d.arg = "CIDR"; d.dest = offsetof(struct many, str) + (size_t)i * sizeof(char *); break;
		case 6: d.type = OPT_CPULIST; d.arg = "CPUS"; d.dest = offsetof(struct many, str) + (size_t)i * sizeof(char *); break;
		default: d.type = OPT_PATH; d.arg = "PATH"; d.repeatable = true;
			d.dest = offsetof(struct many, list) + (size_t)i * sizeof(struct vm_strlist); break;
		}
		defs[i] = d;
		table[i] = &defs[i];
	}
	table[NOPTS] = NULL;
	char *argv[] = { "verb", "--opt00", "--opt63", "/a", "op1", "--opt01=7", "--opt02", "2G", "--opt03", "green",
			 "--opt04", "52:54:00:12:34:56", "--opt05", "10.1.0.0/16", "--opt06", "0-3,6",
			 "--opt63", "/b", "--opt07=/c", "--opt63", "/d", "--opt56", "--", "--opt00" };
	int argc = (int)ARRAY_SIZE(argv), first = 0;
	struct many m = { 0 };
	struct vm_error err = { 0 };
	int rc = opts_parse("verb", table, true, argc, argv, &m, NULL, &first, &err);
	ok(rc == 0, "64 options parse", err.msg);
	ok(m.flag[0] && m.flag[56] && !m.flag[8], "flags set where given", NULL);
	ok(m.num[1] == 7 && m.size[2] == 2 * 1024 * 1024, "a number and a size", NULL);
	ok(m.str[3] && strcmp(m.str[3], "green") == 0 && m.str[4] && m.str[5] && m.str[6], "enum, MAC, CIDR, CPU list", NULL);
	ok(m.list[63].n == 3 && strcmp(m.list[63].v[0], "/a") == 0 && strcmp(m.list[63].v[1], "/b") == 0 &&
	   strcmp(m.list[63].v[2], "/d") == 0 && m.list[7].n == 1, "a repeated option keeps its order", NULL);
	ok(argc - first == 2 && strcmp(argv[first], "op1") == 0 && strcmp(argv[first + 1], "--opt00") == 0,
	   "operands in any order, -- ends the options", NULL);
	opts_clear(table, &m, NULL);
	static const struct {
		char *word;
		const char *msg;
	} bad[] = {
		{ "--opt01=0", "invalid --opt01 '0': expected a decimal number from 1 to 9" },
		{ "--opt03=blue", "invalid --opt03 'blue': use red or green" },
		{ "--opt04=01:00:5e:00:00:01", "multicast" },
		{ "--opt04=52:54:00:12:34", "expected six pairs" },
		{ "--opt05=10.1.0.0", "expected an IPv4 network" },
		{ "--opt06=0-", "a range needs its last CPU" },
		{ "--opt06=3-1", "from the lower CPU to the higher" },
		{ "--opt06=a", "expected CPU numbers" },
		{ "--opt99", "unknown option '--opt99' for 'verb'" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *av[] = { "verb", bad[i].word };
		struct many z = { 0 };
		struct vm_error e = { 0 };
		rc = opts_parse("verb", table, true, 2, av, &z, NULL, &first, &e);
		ok(rc < 0 && e.code == VM_EXIT_USAGE && strstr(e.msg, bad[i].msg), "a bad value is refused", e.msg);
		opts_clear(table, &z, NULL);
	}
}

/* An option or operand whose row gives it no field (dest 0) is kept by
 * name: the second-wave verbs need no request field of their own. */
static void kept_value_checks(void)
{
	static const char *const modes[] = { "ro", "rw", NULL };
	static const struct opt_def flag = { .name = "persistent", .type = OPT_FLAG, .help = "h" };
	static const struct opt_def num = { .name = "count", .type = OPT_NUMBER, .arg = "N", .min = 1, .max = 9, .help = "h" };
	static const struct opt_def size = { .name = "size", .type = OPT_SIZE, .arg = "SIZE", .help = "h" };
	static const struct opt_def mode = { .name = "mode", .type = OPT_ENUM, .arg = "M", .choices = modes, .help = "h" };
	static const struct opt_def disk = { .name = "disk", .type = OPT_PATH, .arg = "PATH", .repeatable = true, .help = "h" };
	static const struct opt_def unused = { .name = "unused", .type = OPT_FLAG, .help = "h" };
	const struct opt_def *table[] = { &flag, &num, &size, &mode, &disk, &unused, NULL };
	char *argv[] = { "verb", "--disk", "/a", "--size=1M", "--count", "3", "--disk=/b", "--persistent", "--mode", "rw",
			 "--disk", "/c", "--count", "4" };
	struct vm_request req = { 0 };
	struct vm_error err = { 0 };
	int first = 0;
	int rc = opts_parse("verb", table, false, (int)ARRAY_SIZE(argv), argv, &req, &req.values, &first, &err);
	ok(rc == 0 && first == (int)ARRAY_SIZE(argv), "options kept by name parse", err.msg);
	ok(vm_value_flag(&req, "persistent") && !vm_value_flag(&req, "unused"), "a flag kept by name", NULL);
	ok(vm_value_num(&req, "count", 0) == 4 && vm_value_num(&req, "unused", 7) == 7, "a number: the last one given, or the default", NULL);
	ok(vm_value_num(&req, "size", 0) == 1024 && strcmp(vm_value_str(&req, "size"), "1M") == 0, "a size in KiB, and the word as given", NULL);
	ok(strcmp(vm_value_str(&req, "mode"), "rw") == 0 && !vm_value_str(&req, "unused"), "an enum's word", NULL);
	ok(strcmp(vm_value_nth(&req, "disk", 0), "/a") == 0 && strcmp(vm_value_nth(&req, "disk", 1), "/b") == 0 &&
	   strcmp(vm_value_nth(&req, "disk", 2), "/c") == 0 && !vm_value_nth(&req, "disk", 3), "a repeated option kept in order", NULL);
	request_clear(NULL, &req);
	ok(req.values.n == 0 && !req.values.v, "request_clear() frees the kept values", NULL);
}

/* translate's fallback, the inverse of explain: a verb's own explained
 * line is read back (a '-' name as the vocabulary writes it), nothing else. */
static void derived_checks(void)
{
	static const struct {
		enum vocab v;
		const char *line[6];
		int verb; /* -1: not read */
		const char *guest, *name;
	} cases[] = {
		{ VOCAB_VIRSH, { "virsh", "reboot", "web1" }, VERB_REBOOT, "web1", NULL },
		{ VOCAB_VIRSH, { "/usr/bin/virsh", "suspend", "--domain=-x" }, VERB_PAUSE, "-x", NULL },
		{ VOCAB_XL, { "xl", "unpause", "--", "-x" }, VERB_RESUME, "-x", NULL },
		{ VOCAB_VZCTL, { "vzctl", "restart", "101" }, VERB_REBOOT, "101", NULL },
		{ VOCAB_LXC, { "lxc-freeze", "-n", "a b'c" }, VERB_PAUSE, "a b'c", NULL },
		{ VOCAB_VIRSH, { "virsh", "snapshot-revert", "web1", "s1" }, VERB_SNAPSHOT, "web1", "s1" },
		{ VOCAB_VIRSH, { "virsh", "reboot", "web1", "extra" }, -1, NULL, NULL },
		{ VOCAB_VIRSH, { "virsh", "reboot", "a/b" }, -1, NULL, NULL },
		{ VOCAB_VIRSH, { "virsh", "undefine", "web1" }, -1, NULL, NULL },
		{ VOCAB_XL, { "xl", "reboot" }, -1, NULL, NULL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int argc = 0;
		while (argc < 6 && cases[i].line[argc])
			argc++;
		struct translation t = { 0 };
		int rc = translate_derived(argc, (char **)cases[i].line, cases[i].v, &t);
		bool good = cases[i].verb < 0
			? rc < 0
			: rc == 0 && (int)t.req.verb == cases[i].verb && t.req.guest && strcmp(t.req.guest, cases[i].guest) == 0 &&
				  (!cases[i].name || (t.req.snapshot && strcmp(t.req.snapshot, cases[i].name) == 0)) &&
				  t.req.backend == (cases[i].v == VOCAB_XL ? BACKEND_XEN : cases[i].v == VOCAB_LXC ? BACKEND_LXC
						    : cases[i].v == VOCAB_VZCTL ? BACKEND_OPENVZ : BACKEND_NONE);
		char what[160];
		snprintf(what, sizeof(what), "derived translation of '%s %s'", cases[i].line[0], cases[i].line[1]);
		ok(good, what, t.req.guest);
		translation_clear(&t);
	}
}

/* struct backend_ops's layout, with the ABI it was last bumped for: a change
 * of the one without the other fails here. */
static void abi_checks(void)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "ABI %u, %zu bytes, %d verb slots", VMCTL_BACKEND_ABI, sizeof(struct backend_ops),
		 VM_VERB_SLOTS);
	ok(strcmp(buf, "ABI 8, 2120 bytes, 64 verb slots") == 0,
	   "struct backend_ops changed: bump VMCTL_BACKEND_ABI and write the new line here", buf);
}

static void count_checks(void)
{
	static const struct {
		const char *in;
		int good;
		unsigned val;
	} cases[] = {
		{ "1", 1, 1 },     { "4096", 1, 4096 }, { "02", 1, 2 },  { "0", 0, 0 },   { "4097", 0, 0 },
		{ "-1", 0, 0 },    { "+1", 0, 0 },      { " 2", 0, 0 },  { "2 ", 0, 0 },  { "2x", 0, 0 },
		{ "1e3", 0, 0 },   { "0x10", 0, 0 },    { "", 0, 0 },    { "18446744073709551616", 0, 0 },
		{ "99999999999999999999999", 0, 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vm_error err = { 0 };
		unsigned v = 0;
		int rc = parse_count(cases[i].in, &v, &err);
		ok(cases[i].good ? (rc == 0 && v == cases[i].val) : (rc < 0 && err.code == 2), "COUNT", cases[i].in);
	}
}

static void size_checks(void)
{
	static const struct {
		const char *in;
		int good;
		unsigned long long kib;
	} cases[] = {
		{ "1", 1, 1 },
		{ "512M", 1, 524288 },
		{ "512m", 1, 524288 },
		{ "512MiB", 1, 524288 },
		{ "512mib", 1, 524288 },
		{ "2G", 1, 2097152 },
		{ "1T", 1, 1073741824ULL },
		{ "4K", 1, 4 },
		{ "16777216T", 1, 1ULL << 54 },
		{ "16777217T", 0, 0 },
		{ "18014398509481984", 1, 1ULL << 54 },
		{ "18014398509481985", 0, 0 },
		{ "99999999999999999999999", 0, 0 },
		{ "0", 0, 0 },
		{ "0M", 0, 0 },
		{ "1.5G", 0, 0 },
		{ "512MB", 0, 0 },
		{ "1GB", 0, 0 },
		{ "1P", 0, 0 },
		{ "M", 0, 0 },
		{ "", 0, 0 },
		{ "-1", 0, 0 },
		{ " 1", 0, 0 },
		{ "1 M", 0, 0 },
		{ "1Mi", 0, 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vm_error err = { 0 };
		uint64_t v = 0;
		int rc = parse_size(cases[i].in, &v, &err);
		ok(cases[i].good ? (rc == 0 && v == cases[i].kib) : (rc < 0 && err.code == 2), "SIZE", cases[i].in);
	}
	struct vm_error err = { 0 };
	uint64_t v;
	parse_size("512MB", &v, &err);
	ok(strstr(err.msg, "binary unit") != NULL, "decimal unit gets a hint", err.msg);
}

static void name_checks(void)
{
	char long_ok[256], long_bad[257];
	memset(long_ok, 'a', 255);
	long_ok[255] = '\0';
	memset(long_bad, 'a', 256);
	long_bad[256] = '\0';
	static const struct {
		const char *in;
		int good;
	} cases[] = {
		{ "web1", 1 },      { "-x", 1 },       { "a b'c", 1 },  { "\xc3\xa9t\xc3\xa9", 1 },
		{ "123", 1 },       { "", 0 },         { "a/b", 0 },    { "a\nb", 0 },
		{ "a\tb", 0 },      { "a\x7f", 0 },    { "\xff", 0 },   { "\xc0\xaf", 0 },
		{ "\xed\xa0\x80", 0 }, { "\xf4\x90\x80\x80", 0 }, { "\xe2\x82", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vm_error err = { 0 };
		int rc = validate_name(cases[i].in, "guest name", &err);
		char *q = msg_quote(cases[i].in);
		ok(cases[i].good ? rc == 0 : (rc < 0 && err.code == 2 && !strchr(err.msg, '\n')), "name", q);
		free(q);
	}
	struct vm_error err = { 0 };
	ok(validate_name(long_ok, "guest name", &err) == 0, "name of 255 bytes", NULL);
	ok(validate_name(long_bad, "guest name", &err) < 0, "name of 256 bytes", NULL);
}

static void quote_checks(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "web1", "web1" },       { "-x", "-x" },           { "a b'c", "'a b'\\''c'" },
		{ "", "''" },             { "/iso/d.iso", "/iso/d.iso" }, { "$HOME", "'$HOME'" },
		{ "a*", "'a*'" },         { "~x", "'~x'" },         { "#x", "'#x'" },
		{ "\xc3\xa9", "'\xc3\xa9'" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *q = sh_quote(cases[i].in);
		ok(strcmp(q, cases[i].out) == 0, "sh_quote", q);
		free(q);
	}
	char *m = msg_quote("a\nb\\c");
	ok(strcmp(m, "'a\\x0ab\\x5cc'") == 0, "msg_quote escapes control bytes", m);
	free(m);
	char *h = hmp_quote("/iso/a b\".iso");
	ok(strcmp(h, "\"/iso/a b\\\".iso\"") == 0, "hmp_quote", h);
	free(h);
}

static void uri_checks(void)
{
	static const struct {
		const char *in, *redacted, *host;
	} cases[] = {
		{ "qemu:///system", "qemu:///system", "" },
		{ "qemu+ssh://root:secret@h1/system", "qemu+ssh://root@h1/system", "h1" },
		{ "qemu+tcp://u:p@[::1]:16509/system", "qemu+tcp://u@[::1]:16509/system", "::1" },
		{ "esx://user@host.example/?no_verify=1", "esx://user@host.example/?no_verify=1", "host.example" },
		{ "h2", "h2", "h2" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *r = uri_redact(cases[i].in);
		char *h = uri_host(cases[i].in);
		ok(strcmp(r, cases[i].redacted) == 0, "uri_redact", r);
		ok(strcmp(h, cases[i].host) == 0, "uri_host", h);
		free(r);
		free(h);
	}
	static const struct {
		const char *uri;
		int remote;
	} rem[] = {
		{ "test:///default", 0 },
		{ "qemu:///system", 0 },
		{ "test:///tmp/a b/node.xml", 0 },
		{ "test+tcp://127.77.1.5:16609/x/node.xml", 1 },
		{ "qemu+unix:///system", 1 },
		{ "qemu+ssh://root@h1/system?keyfile=/k", 1 },
		{ "qemu://h1/system", 1 },
		{ "h2", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(rem); i++)
		ok(uri_is_remote(rem[i].uri) == rem[i].remote, "uri_is_remote", rem[i].uri);
	ok(uri_is_remote(NULL) == 0, "uri_is_remote(NULL)", "");
}

/* guest_list_sort: virsh list's order (virshDomainSorter): the guests with
 * an id by id, then the others by strcasecmp, ties by strcmp; shuffled
 * input, so that an input order kept cannot pass. */
static void sort_checks(void)
{
	static const struct { const char *name; long long id; } in[] = {
		{ "web", -1 }, { "h007-g04", -1 }, { "zeta", 26 }, { "Alpha", -1 }, { "_x", -1 }, { "Domain-0", 0 },
		{ "H007-G03", -1 }, { "a1", -1 }, { "alpha-run", 3 }, { "Web", -1 }, { "beta", -1 }, { "A0", -1 },
		{ "h007-g01", -1 }, { "b", 20 },
	};
	static const char *const want[] = { "Domain-0", "alpha-run", "b", "zeta", "_x", "A0", "a1", "Alpha", "beta",
					     "h007-g01", "H007-G03", "h007-g04", "Web", "web" };
	struct vm_guest_list l = { xcalloc(ARRAY_SIZE(in), sizeof(*l.v)), ARRAY_SIZE(in) };
	for (size_t i = 0; i < l.n; i++) {
		l.v[i].name = xstrdup(in[i].name);
		l.v[i].id = in[i].id;
	}
	guest_list_sort(&l);
	char got[512] = "";
	int same = 1;
	for (size_t i = 0; i < l.n; i++) {
		same &= strcmp(l.v[i].name, want[i]) == 0;
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? " " : "", l.v[i].name);
	}
	ok(same, "guest_list_sort: ids first by id, then names as virsh (strcasecmp, ties by strcmp)", same ? NULL : got);
	guest_list_clear(&l);
	struct vm_guest_list empty = { 0 };
	guest_list_sort(&empty);
	guest_list_sort(NULL);
	ok(empty.n == 0, "guest_list_sort: an empty list and NULL are left alone", NULL);
}

int main(void)
{
	table_checks();
	selftest_fails();
	option_checks();
	kept_value_checks();
	derived_checks();
	abi_checks();
	count_checks();
	size_checks();
	name_checks();
	quote_checks();
	uri_checks();
	sort_checks();
	printf("1..%d\n", n_tests);
	printf("%d passed, %d failed\n", n_tests - n_failed, n_failed);
	return n_failed ? 1 : 0;
}
