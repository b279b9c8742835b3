/* values.c: the options and operands a request keeps by name (a row whose
 * dest is 0), read by the frontend, explain and the backends alike: this
 * file is linked into the backend modules too. */
#include <string.h>

#include "vmctl.h"

const struct vm_value *vm_value(const struct vm_request *req, const char *name)
{
	for (size_t i = req->values.n; i-- > 0;)
		if (strcmp(req->values.v[i].name, name) == 0)
			return &req->values.v[i];
	return NULL;
}

const char *vm_value_str(const struct vm_request *req, const char *name)
{
	const struct vm_value *v = vm_value(req, name);
	return v ? v->str : NULL;
}

bool vm_value_flag(const struct vm_request *req, const char *name)
{
	return vm_value(req, name) != NULL;
}

uint64_t vm_value_num(const struct vm_request *req, const char *name, uint64_t dflt)
{
	const struct vm_value *v = vm_value(req, name);
	return v ? v->num : dflt;
}

const char *vm_value_nth(const struct vm_request *req, const char *name, size_t i)
{
	for (size_t k = 0; k < req->values.n; k++)
		if (strcmp(req->values.v[k].name, name) == 0 && i-- == 0)
			return req->values.v[k].str;
	return NULL;
}
