/* fuzz_translate_openstack.c: libFuzzer harness for openstack command lines
 * (src/translate/openstack.c): the words after "openstack", one word a line.  See
 * fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("openstack", NULL, data, size);
}
