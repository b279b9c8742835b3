/* fuzz_translate_qemu_cmdline.c: libFuzzer harness for qemu-system-x86_64
 * command lines (src/translate/qemu_cmdline.c, qemu_net.c, qemu_config.c), one word a
 * line.  See fuzz_translate_common.c. */
#include <stddef.h>
#include <stdint.h>

int fuzz_translate_run(const char *tool, const char *prefix, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_translate_run("qemu-system-x86_64", NULL, data, size);
}
