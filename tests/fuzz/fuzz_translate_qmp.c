/* fuzz_translate_qmp.c: libFuzzer harness for QEMU monitor commands in QMP
 * (src/translate/qmp.c): GUEST, then the JSON, one word a line.  See
 * fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("qmp", NULL, data, size);
}
