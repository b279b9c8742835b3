/* guestinfo.c: ownership of the types of backend.h (shared by the frontend
 * and every module). */
#include <stdlib.h>

#include "backend.h"

void guest_info_clear(struct vm_guest_info *g)
{
	if (!g)
		return;
	free(g->name);
	free(g->cpuset);
	strvec_clear(&g->ips);
	g->name = g->cpuset = NULL;
}

void guest_list_clear(struct vm_guest_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		guest_info_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void vm_result_clear(struct vm_result *r)
{
	if (r)
		strvec_clear(&r->names);
}
