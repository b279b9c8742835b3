/* fuzz_translate_common.c: what every translate fuzz harness shares.  The
 * input is the words of one native command, one a line ('\n'); each
 * harness names the tool (or the prefix its first word completes, as "lxc-"
 * + "stop").  A command that parses is also printed, in text and JSON, to
 * /dev/null: every vocabulary explains the request the parser made.
 * Build and run: see tests/translate/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translate.h"

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size)
{
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (size > 4096)
		return 0;
	struct strvec argv = STRVEC_INIT;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (tool)
		strvec_push(&argv, tool);
	for (char *p = text, *nl; p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (prefix && argv.n == 0)
			strvec_pushf(&argv, "%s%s", prefix, p);
		else
			strvec_push(&argv, p);
	}
	free(text);
	struct translation t;
	struct vm_error err = { 0 };
	if (translate_argv((int)argv.n, argv.v, &t, &err) == 0 && devnull) {
		unsigned all = VOCAB_ALL_NATIVE | VOCAB_BIT(VOCAB_VMCTL);
		translation_print(&t, all, argv.v, 0, false, false, devnull);
		translation_print(&t, all, argv.v, 1, true, false, devnull);
	} else if (err.msg[0] == '\0' || (err.code != VM_EXIT_USAGE && err.code != VM_EXIT_UNSUPPORTED)) {
		abort(); /* an error must say what and why, as exit 2 or 4 */
	}
	translation_clear(&t);
	strvec_clear(&argv);
	return 0;
}
