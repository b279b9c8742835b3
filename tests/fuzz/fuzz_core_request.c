/* fuzz_core_request.c: request_parse() over an argv made of the input, one
 * word a line ('\n'; a NUL byte ends a word, as in a real argv).  The first
 * word names the verb; when it names none, its first byte picks one from the
 * verb table (so that every verb is reached).
 * Properties: a refusal is exit 2 with one line of message; a request that
 * parses holds only valid operands (the validators agree with it), and
 * every explained command line (every vocabulary) splits back, through the
 * in-process POSIX splitter, into exactly its argv.  getopt_long may permute
 * argv but never change a word. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "quote.h"
#include "request.h"
#include "util.h"
#include "validate.h"
#include "verbs.h"

void fuzz_core_check_err(const struct vm_error *err);
char *fuzz_core_cstr(const uint8_t *data, size_t size);
int fuzz_core_split(const char *line, struct strvec *out);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *s)
{
	struct vm_error e = { 0 };
	if (s && validate_name(s, "name", &e) < 0)
		abort();
}

static void check_line(char *const *argv)
{
	char *line = sh_join(argv);
	struct strvec back = STRVEC_INIT;
	if (fuzz_core_split(line, &back) < 0)
		abort();
	size_t n = 0;
	while (argv[n])
		n++;
	if (back.n != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (strcmp(back.v[i], argv[i]) != 0)
			abort();
	strvec_clear(&back);
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (size > 8192)
		return 0;
	char *text = fuzz_core_cstr(data, size);
	struct strvec argv = STRVEC_INIT, orig = STRVEC_INIT;
	for (char *p = text, *nl; p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		strvec_push(&argv, p);
	}
	free(text);
	for (size_t i = 0; i < argv.n; i++)
		strvec_push(&orig, argv.v[i]);

	const struct verb_def *verb = verb_find(argv.v[0]);
	if (!verb)
		verb = &verb_table[(unsigned char)argv.v[0][0] % verb_table_len];
	struct vm_request req = { .backend = BACKEND_NONE };
	struct vm_error err = { 0 };
	int rc = request_parse(verb, (int)argv.n, argv.v, &req, &err);
	if (rc < 0)
		fuzz_core_check_err(&err);
	if (rc == 0) {
		check_name(req.guest);
		check_name(req.snapshot);
		struct vm_error e = { 0 };
		if (req.timeout > 86400 || req.parallel > VM_PARALLEL_MAX)
			abort();
		if (verb->id == VERB_VCPU_SET && (req.count < 1 || req.count > VM_COUNT_MAX))
			abort();
		if (verb->id == VERB_MEM_SET && (req.size_kib < 1 || req.size_kib > (UINT64_C(1) << 54)))
			abort();
		if ((req.iso && validate_path(req.iso, "ISO", &e) < 0) ||
		    (req.path && validate_path(req.path, "PATH", &e) < 0) ||
		    (req.from && validate_path(req.from, "CONFIG", &e) < 0) ||
		    (req.device && validate_device(req.device, &e) < 0) ||
		    (req.dest && validate_dest(req.dest, &e) < 0))
			abort();
		if (verb->explains) {
			for (int v = 0; v < VOCAB__COUNT; v++) {
				struct explanation ex;
				explain_one((enum vocab)v, &req, &ex);
				if (ex.n > EXPLAIN_MAX_CMDS)
					abort();
				for (size_t i = 0; i < ex.n; i++)
					check_line(ex.argv[i].v);
				explanation_clear(&ex);
			}
			unsigned all = VOCAB_ALL_NATIVE | VOCAB_BIT(VOCAB_VMCTL);
			if (devnull) {
				explain_print(&req, all, false, false, devnull);
				explain_print(&req, all, true, false, devnull);
			}
		}
	}
	/* the same words, maybe in another order */
	for (size_t i = 0; i < orig.n; i++) {
		size_t j = 0;
		while (j < argv.n && strcmp(orig.v[i], argv.v[j]) != 0)
			j++;
		if (j == argv.n)
			abort();
	}
	request_clear(verb, &req); /* as request_parse() asks, whatever it returned */
	strvec_clear(&argv);
	strvec_clear(&orig);
	return 0;
}
