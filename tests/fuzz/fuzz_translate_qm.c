/* fuzz_translate_qm.c: libFuzzer harness for qm command lines
 * (src/translate/qm.c): the words after "qm", one word a line.  See
 * fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("qm", NULL, data, size);
}
