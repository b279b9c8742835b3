/* fuzz_translate_xe.c: libFuzzer harness for xe command lines
 * (src/translate/xe.c): the words after "xe", one word a line.  See
 * fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("xe", NULL, data, size);
}
