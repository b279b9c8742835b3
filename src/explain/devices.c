/* devices.c: a guest's devices (disks, NICs, vCPU pinning, the graphical
 * console) in every vocabulary. */
#include "explain.h"

void explain_devices(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	(void)v;
	(void)req;
	ex_none(ex, "not yet explained");
}
