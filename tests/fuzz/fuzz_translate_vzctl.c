/* fuzz_translate_vzctl.c: libFuzzer harness for vzctl, vzlist and vzmigrate
 * (src/translate/vzctl.c): the first word completes "vz" (ctl, list,
 * migrate), one word a line.  See fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run(NULL, "vz", data, size);
}
