/* watch.c: wait, events, top and exec in the native vocabularies. */
#include "explain.h"

void explain_watch(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	(void)v;
	(void)req;
	ex_none(ex, "not explained yet");
}
