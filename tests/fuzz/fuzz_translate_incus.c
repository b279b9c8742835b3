/* fuzz_translate_incus.c: libFuzzer harness for incus command lines
 * (src/translate/incus.c): the words after "incus", one word a line.  See
 * fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("incus", NULL, data, size);
}
