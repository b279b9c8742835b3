/* libvirt_storage.c: storage pools and disk images through libvirt's storage
 * driver (vmctl never runs qemu-img: libvirtd does).  XML is written and
 * read with libxml2.  A PATH names a volume of the active pool whose target
 * directory holds it; the calls made once per volume or per guest are issued
 * together on the one connection (lv_each), so that a remote host costs the
 * same few round trips for 1 image as for 200. */
#include <errno.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_util.h"
#include "libvirt_internal.h"
#include "quote.h"

/* ---- running one call per item together ---- */

#define EACH_THREADS_MAX 256
#define EACH_STACK (1024 * 1024)
#define EACH_FAST_RTT 0.0003 /* s: below it, lv_each_after runs the calls in turn */

struct each {
	size_t n;
	atomic_size_t next;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	pthread_mutex_t lock;
	pthread_cond_t go;
	bool started; /* every thread made: the calls may go */
};

static void *each_worker(void *arg)
{
	struct each *e = arg;
	/* the calls wait until every thread is there, so that they leave
	 * together: a thread made late (a loaded machine) would otherwise
	 * send its call after the first replies, one round trip more */
	pthread_mutex_lock(&e->lock);
	while (!e->started)
		pthread_cond_wait(&e->go, &e->lock);
	pthread_mutex_unlock(&e->lock);
	for (size_t i; (i = atomic_fetch_add(&e->next, 1)) < e->n;)
		e->fn(e->ctx, i);
	return NULL;
}

void lv_each(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct each e = { .n = n, .fn = fn, .ctx = ctx };
	atomic_init(&e.next, 0);
	pthread_mutex_init(&e.lock, NULL);
	pthread_cond_init(&e.go, NULL);
	size_t nth = n < EACH_THREADS_MAX ? n : EACH_THREADS_MAX;
	pthread_t *th = xcalloc(nth ? nth : 1, sizeof(*th));
	pthread_attr_t attr; /* small stacks: a call and its XML need little, and 256 threads of 8 MiB cost */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, EACH_STACK);
	size_t started = 0;
	for (; started + 1 < nth; started++)
		if (pthread_create(&th[started], &attr, each_worker, &e) != 0)
			break;
	pthread_attr_destroy(&attr);
	pthread_mutex_lock(&e.lock);
	e.started = true;
	pthread_cond_broadcast(&e.go);
	pthread_mutex_unlock(&e.lock);
	each_worker(&e); /* this thread works too; it alone when no thread could start */
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_cond_destroy(&e.go);
	pthread_mutex_destroy(&e.lock);
	free(th);
}

void lv_each_after(double took, size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	if (took >= EACH_FAST_RTT) {
		lv_each(n, fn, ctx);
		return;
	}
	for (size_t i = 0; i < n; i++)
		fn(ctx, i);
}

/* ---- XML ---- */

char *lv_xml_text(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
	xmlXPathObjectPtr obj = ctx ? xmlXPathEvalExpression(BAD_CAST xpath, ctx) : NULL;
	char *out = NULL;
	if (obj && obj->nodesetval && obj->nodesetval->nodeNr > 0) {
		xmlChar *t = xmlNodeGetContent(obj->nodesetval->nodeTab[0]);
		if (t)
			out = xstrdup((const char *)t);
		xmlFree(t);
	}
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return out;
}

xmlDocPtr lv_xml_parse(const char *xml)
{
	return xml ? xmlReadMemory(xml, (int)strlen(xml), "libvirt.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING |
										     XML_PARSE_NOERROR)
		   : NULL;
}

char *lv_xml_dump(xmlDocPtr doc)
{
	xmlChar *buf = NULL;
	int len = 0;
	xmlDocDumpMemory(doc, &buf, &len);
	char *s = xstrdup(buf ? (const char *)buf : "");
	xmlFree(buf);
	return s;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

/* ---- what a volume is ---- */

struct vol {
	char *path, *name, *format, *backing, *backing_format;
	unsigned long long capacity, allocation;
	bool known;
};

static void vol_clear(struct vol *v)
{
	free(v->path);
	free(v->name);
	free(v->format);
	free(v->backing);
	free(v->backing_format);
	*v = (struct vol){ 0 };
}

static unsigned long long xml_ull(xmlDocPtr doc, const char *xpath)
{
	char *t = lv_xml_text(doc, xpath);
	unsigned long long v = t ? strtoull(t, NULL, 10) : 0;
	free(t);
	return v;
}

/* One round trip: the volume's XML holds all that is shown of it. */
static int vol_read(virStorageVolPtr p, struct vol *v)
{
	char *xml = virStorageVolGetXMLDesc(p, 0);
	xmlDocPtr doc = lv_xml_parse(xml);
	free(xml);
	if (!doc)
		return -1;
	v->name = lv_xml_text(doc, "/volume/name");
	v->path = lv_xml_text(doc, "/volume/target/path");
	v->format = lv_xml_text(doc, "/volume/target/format/@type");
	v->backing = lv_xml_text(doc, "/volume/backingStore/path");
	v->backing_format = lv_xml_text(doc, "/volume/backingStore/format/@type");
	v->capacity = xml_ull(doc, "/volume/capacity");
	v->allocation = xml_ull(doc, "/volume/allocation");
	v->known = true;
	xmlFreeDoc(doc);
	return 0;
}

/* ---- pools ---- */

struct pool {
	virStoragePoolPtr p;
	char *type, *target;
	virStoragePoolInfo info;
	int got_info;
};

struct pools {
	struct pool *v;
	size_t n;
};

static void pool_read(void *ctx, size_t i)
{
	struct pool *p = &((struct pools *)ctx)->v[i];
	char *xml = virStoragePoolGetXMLDesc(p->p, 0);
	xmlDocPtr doc = lv_xml_parse(xml);
	free(xml);
	p->type = lv_xml_text(doc, "/pool/@type");
	p->target = lv_xml_text(doc, "/pool/target/path");
	xmlFreeDoc(doc);
	p->got_info = virStoragePoolGetInfo(p->p, &p->info);
}

static void pools_clear(struct pools *l)
{
	for (size_t i = 0; i < l->n; i++) {
		virStoragePoolFree(l->v[i].p);
		free(l->v[i].type);
		free(l->v[i].target);
	}
	free(l->v);
	*l = (struct pools){ 0 };
}

/* Every pool (active ones only when active), each with its XML and info. */
static int pools_get(struct vm_conn *c, bool active, struct pools *out, struct vm_error *err)
{
	virStoragePoolPtr *v = NULL;
	int n = virConnectListAllStoragePools(c->conn, &v, active ? VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE : 0);
	if (n < 0)
		return lv_fail(err, "list the storage pools", NULL);
	out->v = xcalloc(n ? (size_t)n : 1, sizeof(*out->v));
	out->n = (size_t)n;
	for (int i = 0; i < n; i++)
		out->v[i].p = v[i];
	free(v);
	lv_each(out->n, pool_read, out);
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash == path ? xstrdup("/") : xasprintf("%.*s", (int)(slash - path), path);
}

static const char *base_of(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* Paths are absolute (validate_image_path); a trailing '/' of a pool's
 * target is not significant. */
static bool same_dir(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	while (la > 1 && a[la - 1] == '/')
		la--;
	while (lb > 1 && b[lb - 1] == '/')
		lb--;
	return la == lb && strncmp(a, b, la) == 0;
}

/* The active pool whose target directory holds path (a new reference), or
 * NULL with err filled: exit 4 naming pool-create when there is none.  One
 * round trip (virStoragePoolLookupByTargetPath); a daemon without that call
 * gets the pools listed. */
void lv_pool_forget(struct vm_conn *c)
{
	if (c->pool)
		virStoragePoolFree(c->pool);
	free(c->pool_dir);
	c->pool = NULL;
	c->pool_dir = NULL;
}

static virStoragePoolPtr pool_holding(struct vm_conn *c, const char *path, struct vm_error *err)
{
	char *dir = dir_of(path);
	if (c->pool && same_dir(c->pool_dir, dir) && virStoragePoolRef(c->pool) == 0) {
		free(dir);
		return c->pool;
	}
	virStoragePoolPtr found = virStoragePoolLookupByTargetPath(c->conn, dir);
	virErrorPtr e = found ? NULL : virGetLastError();
	if (!found && e && e->code != VIR_ERR_NO_STORAGE_POOL && e->code != VIR_ERR_NO_SUPPORT) {
		lv_fail(err, "find the storage pool of", dir);
		free(dir);
		return NULL;
	}
	if (!found && e && e->code == VIR_ERR_NO_SUPPORT) {
		struct pools l = { 0 };
		if (pools_get(c, true, &l, err) < 0) {
			free(dir);
			return NULL;
		}
		for (size_t i = 0; i < l.n && !found; i++)
			if (l.v[i].target && same_dir(l.v[i].target, dir) && virStoragePoolRef(l.v[i].p) == 0)
				found = l.v[i].p;
		pools_clear(&l);
	}
	if (!found) {
		char *q = msg_quote(dir);
		vm_error_set(err, VM_EXIT_UNSUPPORTED, "no active storage pool of %s has the directory %s: make one with "
			     "vmctl pool-create NAME %s", c->uri, q, q);
		free(q);
		free(dir);
		return NULL;
	}
	lv_pool_forget(c); /* kept for the next line of a batch */
	if (virStoragePoolRef(found) == 0) {
		c->pool = found;
		c->pool_dir = dir;
		dir = NULL;
	}
	free(dir);
	return found;
}

/* The volume at path (a new reference), its pool refreshed first when
 * libvirt does not know it yet; NULL with err filled (3: no such image). */
static virStorageVolPtr vol_at(struct vm_conn *c, const char *path, struct vm_error *err)
{
	virStorageVolPtr v = virStorageVolLookupByPath(c->conn, path);
	if (v)
		return v;
	virErrorPtr e = virGetLastError();
	if (e && e->code != VIR_ERR_NO_STORAGE_VOL)
		return lv_fail(err, "find the image", path), NULL;
	virStoragePoolPtr p = pool_holding(c, path, err);
	if (!p)
		return NULL;
	if (virStoragePoolRefresh(p, 0) == 0)
		v = virStorageVolLookupByName(p, base_of(path));
	virStoragePoolFree(p);
	if (!v) {
		char *q = msg_quote(path);
		vm_error_set(err, VM_EXIT_NO_GUEST, "no image %s on %s", q, c->uri);
		free(q);
	}
	return v;
}

static int no_pool(struct vm_conn *c, const char *name, struct vm_error *err)
{
	char *q = msg_quote(name);
	vm_error_set(err, VM_EXIT_NO_GUEST, "no storage pool %s on %s", q, c->uri);
	free(q);
	return -1;
}

static virStoragePoolPtr pool_named(struct vm_conn *c, const char *name, struct vm_error *err)
{
	virStoragePoolPtr p = virStoragePoolLookupByName(c->conn, name);
	if (!p) {
		virErrorPtr e = virGetLastError();
		if (!e || e->code == VIR_ERR_NO_STORAGE_POOL)
			no_pool(c, name, err);
		else
			lv_fail(err, "find the storage pool", name);
	}
	return p;
}

static const char *pool_state(int got, const virStoragePoolInfo *info)
{
	if (got < 0)
		return "";
	switch (info->state) {
	case VIR_STORAGE_POOL_RUNNING:
		return "active";
	case VIR_STORAGE_POOL_BUILDING:
		return "building";
	case VIR_STORAGE_POOL_DEGRADED:
		return "degraded";
	case VIR_STORAGE_POOL_INACCESSIBLE:
		return "inaccessible";
	default:
		return "inactive";
	}
}

int lv_pool_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	(void)req;
	struct pools l = { 0 };
	if (pools_get(c, false, &l, err) < 0)
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		struct pool *p = &l.v[i];
		struct vm_record *r = vm_records_new(out);
		bool known = p->got_info == 0;
		vm_record_add(r, "name", "%s", virStoragePoolGetName(p->p));
		vm_record_add(r, "state", "%s", pool_state(p->got_info, &p->info));
		vm_record_add(r, "type", "%s", p->type ? p->type : "");
		vm_record_add(r, "target", "%s", p->target ? p->target : "");
		bool active = known && p->info.state == VIR_STORAGE_POOL_RUNNING;
		vm_record_num_if(r, "capacity", FIELD_BYTES, active, p->info.capacity);
		vm_record_num_if(r, "allocation", FIELD_BYTES, active, p->info.allocation);
		vm_record_num_if(r, "available", FIELD_BYTES, active, p->info.available);
	}
	pools_clear(&l);
	return 0;
}

int lv_pool_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *name = vm_value_str(req, "name"), *dir = vm_value_str(req, "dir");
	virStoragePoolPtr p = virStoragePoolLookupByName(c->conn, name);
	if (p) {
		virStoragePoolFree(p);
		char *q = msg_quote(name);
		vm_error_set(err, VM_EXIT_FAILED, "a storage pool %s exists on %s: nothing changed", q, c->uri);
		free(q);
		return -1;
	}
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "pool");
	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "type", BAD_CAST "dir");
	child(root, "name", name);
	child(child(root, "target", NULL), "path", dir);
	char *xml = lv_xml_dump(doc);
	xmlFreeDoc(doc);
	p = virStoragePoolDefineXML(c->conn, xml, 0);
	free(xml);
	if (!p)
		return lv_fail(err, "define the storage pool", name);
	int rc = 0;
	if (virStoragePoolBuild(p, 0) < 0 || virStoragePoolCreate(p, 0) < 0 || virStoragePoolSetAutostart(p, 1) < 0) {
		rc = lv_fail(err, "start the storage pool", name);
		virStoragePoolDestroy(p); /* no half-made pool: as it was before */
		virStoragePoolUndefine(p);
	}
	virStoragePoolFree(p);
	if (rc == 0)
		note(res, "storage pool '%s' is %s, started and autostarted", name, dir);
	return rc;
}

int lv_pool_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *name = vm_value_str(req, "name");
	virStoragePoolPtr p = pool_named(c, name, err);
	if (!p)
		return -1;
	lv_pool_forget(c);
	int rc = 0;
	if (virStoragePoolIsActive(p) == 1 && virStoragePoolDestroy(p) < 0)
		rc = lv_fail(err, "stop the storage pool", name);
	if (rc == 0 && virStoragePoolUndefine(p) < 0)
		rc = lv_fail(err, "undefine the storage pool", name);
	virStoragePoolFree(p);
	if (rc == 0)
		note(res, "storage pool '%s' is undefined; its files stay", name);
	return rc;
}

/* ---- images ---- */

struct vols {
	virStorageVolPtr *p;
	struct vol *v;
	size_t n;
};

static void vol_read_one(void *ctx, size_t i)
{
	struct vols *l = ctx;
	vol_read(l->p[i], &l->v[i]);
}

static void vols_add(struct vols *l, virStorageVolPtr *v, int n)
{
	l->p = xrealloc(l->p, (l->n + (size_t)n + 1) * sizeof(*l->p));
	l->v = xrealloc(l->v, (l->n + (size_t)n + 1) * sizeof(*l->v));
	for (int i = 0; i < n; i++) {
		l->p[l->n] = v[i];
		l->v[l->n++] = (struct vol){ 0 };
	}
}

static void vols_clear(struct vols *l)
{
	for (size_t i = 0; i < l->n; i++) {
		virStorageVolFree(l->p[i]);
		vol_clear(&l->v[i]);
	}
	free(l->p);
	free(l->v);
	*l = (struct vols){ 0 };
}

struct pool_vols {
	virStoragePoolPtr *pools;
	virStorageVolPtr **vols;
	int *n;
	virErrorPtr *errs; /* a failed list's error, saved in its thread */
};

static void pool_vols_one(void *ctx, size_t i)
{
	struct pool_vols *pv = ctx;
	pv->n[i] = virStoragePoolListAllVolumes(pv->pools[i], &pv->vols[i], 0);
	if (pv->n[i] < 0)
		pv->errs[i] = virSaveLastError();
}

/* Fills err from an error saved in another thread; returns -1. */
static int saved_fail(virErrorPtr e, struct vm_error *err, const char *what, const char *name)
{
	char *q = msg_quote(name);
	vm_error_set(err, e && e->code == VIR_ERR_NO_SUPPORT ? VM_EXIT_UNSUPPORTED : VM_EXIT_FAILED, "cannot %s %s: %s",
		     what, q, e && e->message ? e->message : "unknown libvirt error");
	free(q);
	return -1;
}

/* The volumes of pools[0..n-1], each with its XML read: three round trips
 * whatever the number of volumes (the pools' lists together, then every
 * volume's XML together). */
static int vols_get(virStoragePoolPtr *pools, size_t n, struct vols *out, struct vm_error *err)
{
	struct pool_vols pv = { pools, xcalloc(n ? n : 1, sizeof(*pv.vols)), xcalloc(n ? n : 1, sizeof(int)),
				xcalloc(n ? n : 1, sizeof(virErrorPtr)) };
	lv_each(n, pool_vols_one, &pv);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		/* a pool stopped or removed since it was listed has no images to show */
		virErrorPtr e = pv.errs[i];
		if (pv.n[i] < 0 && rc == 0 && e && e->code != VIR_ERR_NO_STORAGE_POOL && e->code != VIR_ERR_OPERATION_INVALID)
			rc = saved_fail(e, err, "list the images of pool", virStoragePoolGetName(pools[i]));
		if (e)
			virFreeError(e);
		if (pv.n[i] > 0)
			vols_add(out, pv.vols[i], pv.n[i]);
		free(pv.vols[i]);
	}
	free(pv.vols);
	free(pv.n);
	free(pv.errs);
	lv_each(out->n, vol_read_one, out);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	const struct vol *x = a, *y = b;
	return strcmp(x->path ? x->path : "", y->path ? y->path : "");
}

static void vol_record(struct vm_record *r, const struct vol *v)
{
	vm_record_add(r, "name", "%s", v->name ? v->name : "");
	vm_record_add(r, "path", "%s", v->path ? v->path : "");
	vm_record_add(r, "format", "%s", v->format ? v->format : "");
	vm_record_num_if(r, "capacity", FIELD_BYTES, v->known, v->capacity);
	vm_record_num_if(r, "allocation", FIELD_BYTES, v->known, v->allocation);
}

int lv_image_list(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	const char *name = vm_value_str(req, "pool");
	virStoragePoolPtr *pools = NULL;
	int n;
	if (name) {
		pools = xcalloc(1, sizeof(*pools));
		pools[0] = pool_named(c, name, err);
		if (!pools[0]) {
			free(pools);
			return -1;
		}
		n = 1;
	} else {
		n = virConnectListAllStoragePools(c->conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
		if (n < 0)
			return lv_fail(err, "list the storage pools", NULL);
	}
	struct vols l = { 0 };
	int rc = vols_get(pools, (size_t)n, &l, err);
	struct vol *sorted = xcalloc(l.n ? l.n : 1, sizeof(*sorted));
	if (l.n)
		memcpy(sorted, l.v, l.n * sizeof(*sorted));
	qsort(sorted, l.n, sizeof(*sorted), by_path);
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		if (sorted[i].known)
			vol_record(vm_records_new(out), &sorted[i]);
	free(sorted);
	vols_clear(&l);
	for (int i = 0; i < n; i++)
		virStoragePoolFree(pools[i]);
	free(pools);
	return rc;
}

int lv_image_info(struct vm_conn *c, const struct vm_request *req, struct vm_records *out, struct vm_error *err)
{
	const char *path = vm_value_str(req, "path");
	virStorageVolPtr p = vol_at(c, path, err);
	if (!p)
		return -1;
	struct vol v = { 0 };
	int rc = vol_read(p, &v) < 0 ? lv_fail(err, "read the image", path) : 0;
	if (rc == 0) {
		struct vm_record *r = vm_records_new(out);
		vol_record(r, &v);
		vm_record_add(r, "backing", "%s", v.backing ? v.backing : "");
		vm_record_add(r, "backing_format", "%s", v.backing_format ? v.backing_format : "");
	}
	vol_clear(&v);
	virStorageVolFree(p);
	return rc;
}

static int exists(struct vm_conn *c, const char *path, struct vm_error *err)
{
	char *q = msg_quote(path);
	vm_error_set(err, VM_EXIT_FAILED, "an image %s exists on %s: nothing changed", q, c->uri);
	free(q);
	return -1;
}

/* The pool that will hold a new image at path, or NULL with err filled
 * (exit 1 when path is taken: libvirt's record, or, on a local connection,
 * a file that libvirt does not know yet).  No refresh: that rereads every
 * file of the pool. */
static virStoragePoolPtr pool_for_new(struct vm_conn *c, const char *path, struct vm_error *err)
{
	if (lv_local(c) && access(path, F_OK) == 0) {
		exists(c, path, err);
		return NULL;
	}
	return pool_holding(c, path, err);
}

/* After a failed call on *p, the pool kept from an earlier line of a batch:
 * when libvirt no longer knows it, it is forgotten, looked up again into *p,
 * and true returned (the call may be made once more). */
static bool gone(struct vm_conn *c, virStoragePoolPtr *p, const char *path)
{
	virErrorPtr e = virGetLastError();
	if (!e || (e->code != VIR_ERR_NO_STORAGE_POOL && e->code != VIR_ERR_OPERATION_INVALID))
		return false;
	struct vm_error ignored = { 0 };
	lv_pool_forget(c);
	virStoragePoolPtr again = pool_holding(c, path, &ignored);
	if (!again)
		return false;
	virStoragePoolFree(*p);
	*p = again;
	return true;
}

/* After a failed create: exit 1 "exists" when libvirt says the name is taken. */
static int create_failed(struct vm_conn *c, const char *path, struct vm_error *err)
{
	virErrorPtr e = virGetLastError();
	if (e && e->code == VIR_ERR_STORAGE_VOL_EXIST)
		return exists(c, path, err);
	return lv_fail(err, "create the image", path);
}

static char *vol_xml(const char *name, unsigned long long capacity, const char *format, const char *backing,
		     const char *backing_format)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "volume");
	xmlDocSetRootElement(doc, root);
	child(root, "name", name);
	char num[32];
	snprintf(num, sizeof(num), "%llu", capacity);
	xmlNewProp(child(root, "capacity", num), BAD_CAST "unit", BAD_CAST "bytes");
	xmlNewProp(child(root, "allocation", "0"), BAD_CAST "unit", BAD_CAST "bytes"); /* sparse */
	xmlNewProp(child(child(root, "target", NULL), "format", NULL), BAD_CAST "type", BAD_CAST format);
	if (backing) {
		xmlNodePtr b = child(root, "backingStore", NULL);
		child(b, "path", backing);
		xmlNewProp(child(b, "format", NULL), BAD_CAST "type", BAD_CAST backing_format);
	}
	char *xml = lv_xml_dump(doc);
	xmlFreeDoc(doc);
	return xml;
}

/* Exit 2: "WHAT 'PATH' WHY". */
static int usage(struct vm_error *err, const char *what, const char *path, const char *why)
{
	char *q = msg_quote(path);
	vm_error_set(err, VM_EXIT_USAGE, "%s %s%s", what, q, why);
	free(q);
	return -1;
}

/* --backing FILE: its format (the pool's record, else --backing-format) and
 * capacity; -1 with err filled. */
static int backing_of(struct vm_conn *c, const struct vm_request *req, char **format, unsigned long long *capacity,
		      struct vm_error *err)
{
	const char *file = vm_value_str(req, "backing"), *given = vm_value_str(req, "backing-format");
	if (strcmp(file, vm_value_str(req, "path")) == 0)
		return usage(err, "invalid --backing", file, ": it is the image being created");
	virStorageVolPtr p = vol_at(c, file, err);
	struct vol v = { 0 };
	if (p) {
		vol_read(p, &v);
		virStorageVolFree(p);
	} else if (err->code != VM_EXIT_NO_GUEST && err->code != VM_EXIT_UNSUPPORTED) {
		return -1;
	} else if (access(file, F_OK) != 0 && errno == ENOENT) { /* in no pool: files are ours to check */
		return usage(err, "invalid --backing", file, ": no such file");
	}
	*err = (struct vm_error){ 0 };
	if (v.format && given && strcmp(v.format, given) != 0) {
		char *q = msg_quote(file);
		vm_error_set(err, VM_EXIT_USAGE, "--backing-format %s contradicts the pool's record of %s: %s", given, q,
			     v.format);
		free(q);
		vol_clear(&v);
		return -1;
	}
	*format = xstrdup(v.format ? v.format : given ? given : "");
	*capacity = v.capacity;
	vol_clear(&v);
	if (!**format) {
		free(*format);
		return usage(err, "--backing", file, " is in no storage pool: give its format with --backing-format qcow2|raw");
	}
	return 0;
}

int lv_image_create(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *path = vm_value_str(req, "path"), *backing = vm_value_str(req, "backing");
	const char *format = vm_value_str(req, "format") ? vm_value_str(req, "format") : "qcow2";
	unsigned long long capacity = vm_value_num(req, "size", 0) * 1024ULL;
	char *backing_format = NULL;
	if (backing) {
		unsigned long long bcap = 0;
		if (backing_of(c, req, &backing_format, &bcap, err) < 0)
			return -1;
		if (!capacity)
			capacity = bcap;
		if (!capacity) {
			free(backing_format);
			return usage(err, "give SIZE: the capacity of", backing, " is not known");
		}
	}
	virStoragePoolPtr p = pool_for_new(c, path, err);
	if (!p) {
		free(backing_format);
		return -1;
	}
	char *xml = vol_xml(base_of(path), capacity, format, backing, backing_format);
	virStorageVolPtr v = virStorageVolCreateXML(p, xml, 0);
	if (!v && gone(c, &p, path)) /* the kept pool was stopped or undefined since: once more */
		v = virStorageVolCreateXML(p, xml, 0);
	int rc = v ? 0 : create_failed(c, path, err); /* before the frees: they reset libvirt's last error */
	free(xml);
	free(backing_format);
	virStoragePoolFree(p);
	if (rc < 0)
		return -1;
	virStorageVolFree(v);
	note(res, "image '%s' created (%s)", path, format);
	return 0;
}

int lv_image_resize(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *path = vm_value_str(req, "path");
	unsigned long long size = vm_value_num(req, "size", 0) * 1024ULL;
	virStorageVolPtr v = vol_at(c, path, err);
	if (!v)
		return -1;
	virStorageVolInfo info;
	int rc = 0;
	if (virStorageVolGetInfo(v, &info) < 0) {
		rc = lv_fail(err, "read the image", path);
	} else if (size == info.capacity) {
		already(res, "'%s' is already %llu bytes", path, size);
	} else if (size < info.capacity && !vm_value_flag(req, "shrink")) {
		char *q = msg_quote(path);
		vm_error_set(err, VM_EXIT_FAILED, "cannot shrink %s from %llu to %llu bytes without --shrink: data beyond "
			     "the new end is lost", q, info.capacity, size);
		free(q);
		rc = -1;
	} else if (virStorageVolResize(v, size, size < info.capacity ? VIR_STORAGE_VOL_RESIZE_SHRINK : 0) < 0) {
		rc = lv_fail(err, "resize the image", path);
	} else {
		note(res, "image '%s' is now %llu bytes", path, size);
	}
	virStorageVolFree(v);
	return rc;
}

/* A volume being written: its allocation so far, of total. */
struct growing {
	virStoragePoolPtr pool;
	const char *name;
	uint64_t total;
};

static int probe_growing(void *ctx, uint64_t *done, uint64_t *total)
{
	struct growing *g = ctx;
	virStorageVolPtr v = virStorageVolLookupByName(g->pool, g->name);
	virStorageVolInfo info;
	int known = v && virStorageVolGetInfo(v, &info) == 0 ? 1 : 0;
	if (v)
		virStorageVolFree(v);
	if (!known)
		virResetLastError();
	*done = known ? info.allocation : 0;
	*total = g->total;
	return known;
}

int lv_image_convert(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *src = vm_value_str(req, "src"), *dst = vm_value_str(req, "dst");
	const char *format = vm_value_str(req, "format") ? vm_value_str(req, "format") : "qcow2";
	if (strcmp(src, dst) == 0)
		return usage(err, "invalid DST", dst, ": it is SRC");
	virStorageVolPtr s = vol_at(c, src, err);
	if (!s)
		return -1;
	virStorageVolInfo info;
	if (virStorageVolGetInfo(s, &info) < 0) {
		virStorageVolFree(s);
		return lv_fail(err, "read the image", src);
	}
	virStoragePoolPtr p = pool_for_new(c, dst, err);
	if (!p) {
		virStorageVolFree(s);
		return -1;
	}
	char *xml = vol_xml(base_of(dst), info.capacity, format, NULL, NULL);
	/* progress: the destination's allocation as it grows, of the source's
	 * (its own reference to the pool: a retry below may free p) */
	struct growing g = { p, base_of(dst), info.allocation ? info.allocation : info.capacity };
	struct lv_progress *pr = req->progress && virStoragePoolRef(p) == 0
		? lv_progress_start(req->progress, probe_growing, &g) : NULL;
	virStorageVolPtr v = virStorageVolCreateXMLFrom(p, xml, s, 0);
	if (!v && gone(c, &p, dst))
		v = virStorageVolCreateXMLFrom(p, xml, s, 0);
	int rc = v ? 0 : create_failed(c, dst, err); /* before the frees: they reset libvirt's last error */
	if (pr) {
		lv_progress_end(pr, rc == 0);
		virStoragePoolFree(g.pool);
	}
	free(xml);
	virStoragePoolFree(p);
	virStorageVolFree(s);
	if (rc < 0)
		return -1;
	virStorageVolFree(v);
	note(res, "image '%s' written from '%s' (%s)", dst, src, format);
	return 0;
}

/* ---- who uses an image ---- */

struct users {
	virDomainPtr *doms;
	char **xml;
	unsigned flags;
	virErrorPtr *errs;
};

static void dom_xml_one(void *ctx, size_t i)
{
	struct users *u = ctx;
	u->xml[i] = virDomainGetXMLDesc(u->doms[i], u->flags);
	if (!u->xml[i])
		u->errs[i] = virSaveLastError();
}

bool lv_xml_has(const char *xml, const char *xpath, const char *value)
{
	xmlDocPtr doc = lv_xml_parse(xml);
	xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
	xmlXPathObjectPtr obj = ctx ? xmlXPathEvalExpression(BAD_CAST xpath, ctx) : NULL;
	bool found = false;
	for (int i = 0; obj && obj->nodesetval && i < obj->nodesetval->nodeNr && !found; i++) {
		xmlChar *t = xmlNodeGetContent(obj->nodesetval->nodeTab[i]);
		found = t && strcmp((const char *)t, value) == 0;
		xmlFree(t);
	}
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return found;
}

char *lv_guest_with(struct vm_conn *c, unsigned list_flags, unsigned xml_flags, const char *xpath, const char *value,
		    struct vm_error *err)
{
	virDomainPtr *doms = NULL;
	int n = virConnectListAllDomains(c->conn, &doms, list_flags);
	if (n < 0)
		return lv_fail(err, "list the guests", NULL), NULL;
	struct users u = { doms, xcalloc(n ? (size_t)n : 1, sizeof(char *)), xml_flags,
			   xcalloc(n ? (size_t)n : 1, sizeof(virErrorPtr)) };
	lv_each((size_t)n, dom_xml_one, &u);
	char *who = NULL;
	bool failed = false;
	for (int i = 0; i < n; i++) {
		virErrorPtr e = u.errs[i];
		if (!who && u.xml[i] && lv_xml_has(u.xml[i], xpath, value))
			who = xstrdup(virDomainGetName(doms[i]));
		/* a guest undefined since it was listed uses nothing; another failure
		 * leaves the answer unknown, and unknown is no */
		if (!u.xml[i] && !failed && (!e || e->code != VIR_ERR_NO_DOMAIN)) {
			failed = true;
			saved_fail(e, err, "read the definition of guest", virDomainGetName(doms[i]));
		}
		if (e)
			virFreeError(e);
		free(u.xml[i]);
		virDomainFree(doms[i]);
	}
	free(u.xml);
	free(u.errs);
	free(doms);
	if (failed && !who)
		return NULL;
	return who ? who : xstrdup("");
}

/* The first volume of an active pool whose backing file is path (new
 * string), "" when none; NULL with err filled. */
static char *overlay_of(struct vm_conn *c, const char *path, struct vm_error *err)
{
	virStoragePoolPtr *pools = NULL;
	int n = virConnectListAllStoragePools(c->conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
	if (n < 0)
		return lv_fail(err, "list the storage pools", NULL), NULL;
	struct vols l = { 0 };
	char *who = vols_get(pools, (size_t)n, &l, err) < 0 ? NULL : xstrdup("");
	for (size_t i = 0; who && !*who && i < l.n; i++)
		if (l.v[i].backing && strcmp(l.v[i].backing, path) == 0 && l.v[i].path) {
			free(who);
			who = xstrdup(l.v[i].path);
		}
	vols_clear(&l);
	for (int i = 0; i < n; i++)
		virStoragePoolFree(pools[i]);
	free(pools);
	return who;
}

struct in_use {
	struct vm_conn *c;
	const char *path;
	char *guest, *overlay;
	struct vm_error gerr, oerr;
};

static void in_use_one(void *ctx, size_t i)
{
	struct in_use *u = ctx;
	if (i == 0) /* a defined guest's disk (its definition: what it boots with next) */
		u->guest = lv_guest_with(u->c, 0, VIR_DOMAIN_XML_INACTIVE,
					 "/domain/devices/disk/source/@file|/domain/devices/disk/source/@dev", u->path, &u->gerr);
	else
		u->overlay = overlay_of(u->c, u->path, &u->oerr);
}

int lv_image_delete(struct vm_conn *c, const struct vm_request *req, struct vm_result *res, struct vm_error *err)
{
	const char *path = vm_value_str(req, "path");
	virStorageVolPtr v = vol_at(c, path, err);
	if (!v)
		return -1;
	/* the guests and the other images, checked together */
	struct in_use u = { .c = c, .path = path };
	lv_each(2, in_use_one, &u);
	int rc = 0;
	char *q = msg_quote(path);
	if (!u.guest || !u.overlay) {
		*err = !u.guest ? u.gerr : u.oerr;
		rc = -1;
	} else if (*u.guest) {
		char *g = msg_quote(u.guest);
		vm_error_set(err, VM_EXIT_FAILED, "image %s is a disk of guest %s: nothing deleted", q, g);
		free(g);
		rc = -1;
	} else if (*u.overlay) {
		char *o = msg_quote(u.overlay);
		vm_error_set(err, VM_EXIT_FAILED, "image %s is the backing file of %s: nothing deleted", q, o);
		free(o);
		rc = -1;
	} else if (virStorageVolDelete(v, 0) < 0) {
		rc = lv_fail(err, "delete the image", path);
	} else {
		strvec_push(&res->removed, path);
	}
	free(q);
	free(u.guest);
	free(u.overlay);
	virStorageVolFree(v);
	return rc;
}
