/* fuzz_translate_lxc.c: libFuzzer harness for the lxc-* tools
 * (src/translate/lxc.c): the first word completes "lxc-" (stop, cgroup, ...),
 * one word a line.  See fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run(NULL, "lxc-", data, size);
}
