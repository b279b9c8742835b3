/* guestinfo.c: ownership of the types of backend.h (shared by the frontend
 * and every module). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend.h"

void guest_info_clear(struct vm_guest_info *g)
{
	if (!g)
		return;
	free(g->name);
	free(g->cpuset);
	free(g->host);
	strvec_clear(&g->ips);
	g->name = g->cpuset = g->host = NULL;
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

static int guest_order(const void *pa, const void *pb)
{
	const struct vm_guest_info *a = pa, *b = pb;
	bool ida = a->id >= 0, idb = b->id >= 0;
	if (ida != idb)
		return ida ? -1 : 1;
	if (ida && a->id != b->id)
		return a->id < b->id ? -1 : 1;
	int c = strcasecmp(a->name, b->name);
	return c ? c : strcmp(a->name, b->name);
}

void guest_list_sort(struct vm_guest_list *l)
{
	if (l && l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), guest_order);
}

void vm_result_clear(struct vm_result *r)
{
	if (!r)
		return;
	strvec_clear(&r->names);
	strvec_clear(&r->removed);
}

void host_section_clear(struct vm_host_section *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->reason);
	strvec_clear(&s->keys);
	strvec_clear(&s->values);
	s->name = s->reason = NULL;
}

void host_fact(struct vm_host_section *s, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = xvasprintf(fmt, ap);
	va_end(ap);
	strvec_push(&s->keys, key);
	strvec_push(&s->values, v);
	free(v);
}

void vm_record_clear(struct vm_record *r)
{
	strvec_clear(&r->keys);
	strvec_clear(&r->values);
}

void vm_record_add(struct vm_record *r, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = xvasprintf(fmt, ap);
	va_end(ap);
	vm_record_num_if(r, key, FIELD_STR, false, 0);
	free(r->values.v[r->values.n - 1]);
	r->values.v[r->values.n - 1] = v;
}

void vm_record_num_if(struct vm_record *r, const char *key, enum vm_field_kind kind, bool known, unsigned long long v)
{
	if (r->keys.n >= VM_RECORD_FIELDS)
		abort(); /* a programming error: raise VM_RECORD_FIELDS */
	char buf[32] = "";
	if (known && kind == FIELD_BOOL)
		snprintf(buf, sizeof(buf), "%s", v ? "yes" : "no");
	else if (known)
		snprintf(buf, sizeof(buf), "%llu", v);
	r->kinds[r->keys.n] = (unsigned char)kind;
	strvec_push(&r->keys, key);
	strvec_push(&r->values, buf);
}

void vm_record_num(struct vm_record *r, const char *key, enum vm_field_kind kind, unsigned long long v)
{
	vm_record_num_if(r, key, kind, true, v);
}

struct vm_record *vm_records_new(struct vm_records *l)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n] = (struct vm_record){ 0 };
	return &l->v[l->n++];
}

void vm_records_clear(struct vm_records *l)
{
	for (size_t i = 0; i < l->n; i++)
		vm_record_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
