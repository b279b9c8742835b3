/* fuzz_translate_vagrant.c: libFuzzer harness for vagrant command lines
 * (src/translate/vagrant.c): the words after "vagrant", one word a line.  See
 * fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("vagrant", NULL, data, size);
}
