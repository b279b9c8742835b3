/* top.c: top's sampling loop and its plain, JSON Lines and screen output. */
#include "act.h"

int top_run(struct globals *g, const struct verb_def *row, const struct backend_ops *ops, struct vm_conn *conn,
	    const struct vm_request *r)
{
	(void)g;
	(void)ops;
	(void)conn;
	(void)r;
	return fail(VM_EXIT_UNSUPPORTED, "'%s' is not written yet", row->name);
}
