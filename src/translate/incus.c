/* incus.c: reads incus commands (issue 21).  Being written. */
#include "translate_internal.h"

int translate_incus(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	(void)argc;
	(void)argv;
	(void)t;
	return vm_error_set(err, VM_EXIT_UNSUPPORTED, "translate does not read incus yet");
}
