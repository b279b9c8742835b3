/* test_core.c: the verb table's self-check and the validators, in process.
 * Prints TAP; exits 1 on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "quote.h"
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

static void table_checks(void)
{
	int seen[VERB__COUNT] = { 0 };
	for (size_t i = 0; i < verb_table_len; i++) {
		const struct verb_def *v = &verb_table[i];
		ok(v->id < VERB__COUNT, "verb id in range", v->name);
		if (v->id < VERB__COUNT)
			seen[v->id]++;
		ok(verb_find(v->name) == v, "verb_find finds the row", v->name);
		ok(v->help && *v->help && v->synopsis, "verb has help and synopsis", v->name);
		ok(v->max < 0 || v->min <= v->max, "arity min <= max", v->name);
		ok(strspn(v->name, "abcdefghijklmnopqrstuvwxyz-") == strlen(v->name), "verb name is lower case", v->name);
	}
	for (int id = 0; id < VERB__COUNT; id++) {
		char buf[16];
		snprintf(buf, sizeof(buf), "%d", id);
		ok(seen[id] == 1, "every verb id has exactly one row", buf);
	}
	ok(verb_find("paus") == NULL, "no prefix matching", "paus");
	ok(verb_suggest("pasue") && strcmp(verb_suggest("pasue"), "pause") == 0, "did you mean pause", "pasue");
	ok(verb_suggest("suspend") && strcmp(verb_suggest("suspend"), "pause") == 0, "native word suggests", "suspend");
	ok(verb_suggest("zzzzzz") == NULL, "no suggestion for nonsense", "zzzzzz");
	/* every explained verb gives every vocabulary something to say */
	for (size_t i = 0; i < verb_table_len; i++) {
		if (!verb_table[i].explains)
			continue;
		struct vm_request req = { .verb = verb_table[i].id, .guest = "g", .count = 1, .size_kib = 1024,
					  .device = "hdc", .iso = "/a.iso", .path = "/p", .dest = "h",
					  .timeout = 60, .snapshot = "s" };
		for (int v = 0; v < VOCAB__COUNT; v++) {
			struct explanation ex;
			explain_one((enum vocab)v, &req, &ex);
			int good = (ex.equiv == EQUIV_NONE) == (ex.n == 0) &&
				   (ex.equiv == EQUIV_EXACT || ex.reasons > 0);
			char buf[64];
			snprintf(buf, sizeof(buf), "%s in %s", verb_table[i].name, vocab_name((enum vocab)v));
			ok(good, "explanation is well formed (none has no command, approximate/none say why)", buf);
			explanation_clear(&ex);
		}
	}
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
}

int main(void)
{
	table_checks();
	count_checks();
	size_checks();
	name_checks();
	quote_checks();
	uri_checks();
	printf("1..%d\n", n_tests);
	printf("%d passed, %d failed\n", n_tests - n_failed, n_failed);
	return n_failed ? 1 : 0;
}
