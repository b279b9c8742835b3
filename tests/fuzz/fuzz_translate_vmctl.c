/* fuzz_translate_vmctl.c: libFuzzer harness for vmctl command lines
 * (src/translate/vmctl.c): the words after "vmctl", one word a line.  See
 * fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("vmctl", NULL, data, size);
}
