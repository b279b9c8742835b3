/* openstack.c: reads openstack commands (issue 21).  Being written. */
#include "translate_internal.h"

int translate_openstack(int argc, char **argv, struct translation *t, struct vm_error *err)
{
	(void)argc;
	(void)argv;
	(void)t;
	return vm_error_set(err, VM_EXIT_UNSUPPORTED, "translate does not read openstack yet");
}
