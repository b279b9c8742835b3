/* define.c: a guest's definition (create, delete, config, autostart,
 * rename) in every vocabulary. */
#include "explain.h"

void explain_define(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	(void)v;
	(void)req;
	ex_none(ex, "not yet explained");
}
