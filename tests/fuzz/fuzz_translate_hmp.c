/* fuzz_translate_hmp.c: libFuzzer harness for QEMU monitor commands
 * (src/translate/hmp.c): GUEST, then the words of the command, one word a
 * line.  See fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("hmp", NULL, data, size);
}
