/* fuzz_core_batch.c: split_words(), the batch reader's word splitter, on
 * the input as one line.  Properties: a refusal is exit 2 with one line of
 * message; and differentially, wherever the test splitter (which follows
 * /bin/sh: fuzz_core_splitter.c) accepts the line and the line holds no
 * carriage return (a blank for the batch reader, a letter for sh), the
 * batch reader returns exactly the same words; where the batch reader
 * refuses a line, so does the test splitter. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "util.h"

void fuzz_core_check_err(const struct vm_error *err);
char *fuzz_core_cstr(const uint8_t *data, size_t size);
int fuzz_core_split(const char *line, struct strvec *out);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	char *line = fuzz_core_cstr(data, size);
	struct strvec words = STRVEC_INIT, ref = STRVEC_INIT;
	struct vm_error err = { 0 };
	int rc = split_words(line, &words, &err);
	int ref_rc = fuzz_core_split(line, &ref);
	if (rc < 0) {
		fuzz_core_check_err(&err);
		if (ref_rc == 0)
			abort();
	} else {
		for (size_t i = 0; i < words.n; i++)
			if (!words.v[i] || words.v[words.n])
				abort();
		if (ref_rc == 0 && !strchr(line, '\r')) {
			if (ref.n != words.n)
				abort();
			for (size_t i = 0; i < ref.n; i++)
				if (strcmp(ref.v[i], words.v[i]) != 0)
					abort();
		}
	}
	strvec_clear(&words);
	strvec_clear(&ref);
	free(line);
	return 0;
}
