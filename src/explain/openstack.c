/* openstack.c: the openstack vocabulary (issue 21).  Being written: every verb says
 * "no equivalent" until its explanation lands. */
#include "explain.h"

void explain_openstack(const struct vm_request *req, struct explanation *ex)
{
	(void)req;
	ex_none(ex, "not written yet");
}
