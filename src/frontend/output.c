/* output.c: see output.h */
#include "output.h"

#include "quote.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static json_object *guest_json(const struct vm_guest_info *g)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "schema_version", json_object_new_int(1));
	json_object_object_add(o, "name", json_object_new_string(g->name ? g->name : ""));
	json_object_object_add(o, "id", g->id >= 0 ? json_object_new_int64(g->id) : NULL);
	json_object_object_add(o, "uuid", g->uuid[0] ? json_object_new_string(g->uuid) : NULL);
	json_object_object_add(o, "state", json_object_new_string(vm_state_name(g->state)));
	json_object *v = json_object_new_object();
	json_object_object_add(v, "current", json_object_new_int64(g->vcpus_current));
	json_object_object_add(v, "max", json_object_new_int64(g->vcpus_max));
	json_object_object_add(o, "vcpus", v);
	json_object *m = json_object_new_object();
	json_object_object_add(m, "current", json_object_new_uint64(g->mem_current));
	json_object_object_add(m, "max", json_object_new_uint64(g->mem_max));
	json_object_object_add(o, "memory", m);
	json_object_object_add(o, "autostart", g->autostart < 0 ? NULL : json_object_new_boolean(g->autostart));
	json_object_object_add(o, "persistent", g->persistent < 0 ? NULL : json_object_new_boolean(g->persistent));
	json_object_object_add(o, "backend", json_object_new_string(g->backend ? g->backend : ""));
	json_object_object_add(o, "host", g->host ? json_object_new_string(g->host) : NULL);
	if (g->init_pid > 0)
		json_object_object_add(o, "init_pid", json_object_new_int(g->init_pid));
	if (g->ips.n) {
		json_object *a = json_object_new_array();
		for (size_t i = 0; i < g->ips.n; i++)
			json_object_array_add(a, json_object_new_string(g->ips.v[i]));
		json_object_object_add(o, "ips", a);
	}
	if (g->cpuset)
		json_object_object_add(o, "cpuset", json_object_new_string(g->cpuset));
	if (g->cpu_time >= 0)
		json_object_object_add(o, "cpu_time", json_object_new_double(g->cpu_time));
	return o;
}

static void print_json(FILE *out, json_object *o)
{
	fprintf(out, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* "512 MiB", or KiB when it is not whole MiB. */
static void mem_text(char *buf, size_t len, uint64_t bytes)
{
	if (bytes % (1024 * 1024) == 0)
		snprintf(buf, len, "%llu MiB", (unsigned long long)(bytes >> 20));
	else
		snprintf(buf, len, "%llu KiB", (unsigned long long)(bytes >> 10));
}

static const char *yes_no(int v)
{
	return v < 0 ? "unknown" : v ? "yes" : "no";
}

void output_info(FILE *out, const struct vm_guest_info *g, bool json)
{
	if (json) {
		print_json(out, guest_json(g));
		return;
	}
	char cur[32], max[32];
	mem_text(cur, sizeof(cur), g->mem_current);
	mem_text(max, sizeof(max), g->mem_max);
	fprintf(out, "Name:        %s\n", g->name);
	if (g->id >= 0)
		fprintf(out, "Id:          %lld\n", g->id);
	else
		fprintf(out, "Id:          -\n");
	fprintf(out, "UUID:        %s\n", g->uuid[0] ? g->uuid : "-");
	fprintf(out, "State:       %s\n", vm_state_name(g->state));
	fprintf(out, "vCPUs:       %u (max %u)\n", g->vcpus_current, g->vcpus_max);
	fprintf(out, "Memory:      %s (max %s)\n", cur, max);
	if (g->cpu_time >= 0)
		fprintf(out, "CPU time:    %.1f s\n", g->cpu_time);
	fprintf(out, "Autostart:   %s\n", yes_no(g->autostart));
	fprintf(out, "Persistent:  %s\n", yes_no(g->persistent));
	if (g->init_pid > 0)
		fprintf(out, "Init PID:    %d\n", g->init_pid);
	if (g->cpuset)
		fprintf(out, "CPU set:     %s\n", g->cpuset);
	for (size_t i = 0; i < g->ips.n; i++)
		fprintf(out, "IP:          %s\n", g->ips.v[i]);
	fprintf(out, "Backend:     %s\n", g->backend ? g->backend : "-");
	if (g->host)
		fprintf(out, "Host:        %s\n", g->host);
}

void output_infos(FILE *out, const struct vm_guest_list *l, bool json)
{
	if (json) {
		json_object *o = json_object_new_object();
		json_object *a = json_object_new_array();
		json_object_object_add(o, "schema_version", json_object_new_int(1));
		for (size_t i = 0; i < l->n; i++)
			json_object_array_add(a, guest_json(&l->v[i]));
		json_object_object_add(o, "guests", a);
		print_json(out, o);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			fputc('\n', out);
		output_info(out, &l->v[i], false);
	}
}

void output_list(FILE *out, const struct vm_guest_list *l, bool json, bool names_only, bool show_host,
		 bool show_backend)
{
	if (json) {
		json_object *o = json_object_new_object();
		json_object *a = json_object_new_array();
		json_object_object_add(o, "schema_version", json_object_new_int(1));
		for (size_t i = 0; i < l->n; i++)
			json_object_array_add(a, names_only ? json_object_new_string(l->v[i].name) : guest_json(&l->v[i]));
		json_object_object_add(o, names_only ? "names" : "guests", a);
		print_json(out, o);
		return;
	}
	if (names_only) {
		for (size_t i = 0; i < l->n; i++)
			fprintf(out, "%s\n", l->v[i].name);
		return;
	}
	int w = 4, hw = 4, bw = 7;
	for (size_t i = 0; i < l->n; i++) {
		const struct vm_guest_info *g = &l->v[i];
		if ((int)strlen(g->name) > w)
			w = (int)strlen(g->name);
		if (g->host && (int)strlen(g->host) > hw)
			hw = (int)strlen(g->host);
		if (g->backend && (int)strlen(g->backend) > bw)
			bw = (int)strlen(g->backend);
	}
	if (show_host)
		fprintf(out, "%-*s ", hw, "HOST");
	if (show_backend)
		fprintf(out, "%-*s ", bw, "BACKEND");
	fprintf(out, "%-5s %-*s %-9s %5s %10s\n", "ID", w, "NAME", "STATE", "VCPUS", "MEMORY");
	for (size_t i = 0; i < l->n; i++) {
		const struct vm_guest_info *g = &l->v[i];
		char id[24], mem[32];
		if (g->id >= 0)
			snprintf(id, sizeof(id), "%lld", g->id);
		else
			snprintf(id, sizeof(id), "-");
		mem_text(mem, sizeof(mem), g->mem_current);
		if (show_host)
			fprintf(out, "%-*s ", hw, g->host ? g->host : "-");
		if (show_backend)
			fprintf(out, "%-*s ", bw, g->backend ? g->backend : "-");
		fprintf(out, "%-5s %-*s %-9s %5u %10s\n", id, w, g->name, vm_state_name(g->state), g->vcpus_current, mem);
	}
}

void output_snapshots(FILE *out, const char *guest, const struct strvec *names, bool json)
{
	if (!json) {
		for (size_t i = 0; i < names->n; i++)
			fprintf(out, "%s\n", names->v[i]);
		return;
	}
	json_object *o = json_object_new_object();
	json_object *a = json_object_new_array();
	json_object_object_add(o, "schema_version", json_object_new_int(1));
	json_object_object_add(o, "guest", json_object_new_string(guest));
	for (size_t i = 0; i < names->n; i++)
		json_object_array_add(a, json_object_new_string(names->v[i]));
	json_object_object_add(o, "snapshots", a);
	print_json(out, o);
}

void output_bulk(FILE *out, const char *verb, const struct bulk_result *r, size_t n)
{
	json_object *o = json_object_new_object();
	json_object *a = json_object_new_array();
	json_object_object_add(o, "schema_version", json_object_new_int(1));
	json_object_object_add(o, "verb", json_object_new_string(verb));
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "guest", json_object_new_string(r[i].guest));
		json_object_object_add(e, "host", r[i].host ? json_object_new_string(r[i].host) : NULL);
		json_object_object_add(e, "backend", json_object_new_string(r[i].backend));
		json_object_object_add(e, "result", json_object_new_string(r[i].result));
		json_object_object_add(e, "exit", json_object_new_int(r[i].exit));
		json_object_object_add(e, "message", r[i].message && *r[i].message ? json_object_new_string(r[i].message) : NULL);
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "results", a);
	print_json(out, o);
}

/* A size as virsh shows one: "10.00 GiB", "512.00 KiB", "0 B". */
void output_bytes_text(char *buf, size_t len, unsigned long long b)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	if (b < 1024) {
		snprintf(buf, len, "%llu B", b);
		return;
	}
	double v = (double)b / 1024;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.2f %s", v, units[u]);
}

/* A field as text: "-" when unknown. */
static const char *field_text(const struct vm_record *r, size_t k, char *buf, size_t len)
{
	const char *v = r->values.v[k];
	if (!*v)
		return "-";
	if (r->kinds[k] == FIELD_BYTES) {
		output_bytes_text(buf, len, strtoull(v, NULL, 10));
		return buf;
	}
	return v;
}

static json_object *record_json(const struct vm_record *r, bool versioned)
{
	json_object *o = json_object_new_object();
	if (versioned)
		json_object_object_add(o, "schema_version", json_object_new_int(1));
	for (size_t i = 0; i < r->keys.n; i++) {
		const char *v = r->values.v[i];
		json_object *j = NULL;
		if (*v && r->kinds[i] == FIELD_BOOL)
			j = json_object_new_boolean(strcmp(v, "yes") == 0);
		else if (*v && (r->kinds[i] == FIELD_NUM || r->kinds[i] == FIELD_BYTES))
			j = json_object_new_uint64(strtoull(v, NULL, 10));
		else if (*v)
			j = json_object_new_string(v);
		json_object_object_add(o, r->keys.v[i], j);
	}
	return o;
}

void output_records(FILE *out, const char *what, const struct vm_records *l, bool json)
{
	if (json) {
		json_object *o = json_object_new_object();
		json_object *a = json_object_new_array();
		json_object_object_add(o, "schema_version", json_object_new_int(1));
		for (size_t i = 0; i < l->n; i++)
			json_object_array_add(a, record_json(&l->v[i], false));
		json_object_object_add(o, what, a);
		print_json(out, o);
		return;
	}
	if (l->n == 0)
		return;
	const struct vm_record *h = &l->v[0];
	size_t *w = xcalloc(h->keys.n, sizeof(*w));
	for (size_t k = 0; k < h->keys.n; k++)
		w[k] = strlen(h->keys.v[k]);
	char buf[64];
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < h->keys.n && k < l->v[i].values.n; k++)
			if (strlen(field_text(&l->v[i], k, buf, sizeof(buf))) > w[k])
				w[k] = strlen(field_text(&l->v[i], k, buf, sizeof(buf)));
	for (size_t k = 0; k < h->keys.n; k++) {
		fprintf(out, "%s", k ? "  " : "");
		for (const char *c = h->keys.v[k]; *c; c++)
			fputc(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c, out);
		fprintf(out, "%*s", k + 1 < h->keys.n ? (int)(w[k] - strlen(h->keys.v[k])) : 0, "");
	}
	fputc('\n', out);
	for (size_t i = 0; i < l->n; i++) {
		for (size_t k = 0; k < h->keys.n && k < l->v[i].values.n; k++)
			fprintf(out, "%s%-*s", k ? "  " : "", k + 1 < h->keys.n ? (int)w[k] : 0,
				field_text(&l->v[i], k, buf, sizeof(buf)));
		fputc('\n', out);
	}
	free(w);
}

void output_record_keyed(FILE *out, const struct vm_record *r, bool json)
{
	if (json) {
		print_json(out, record_json(r, true));
		return;
	}
	size_t w = 0;
	for (size_t k = 0; k < r->keys.n; k++)
		if (strlen(r->keys.v[k]) > w)
			w = strlen(r->keys.v[k]);
	char buf[64];
	for (size_t k = 0; k < r->keys.n; k++) {
		const char *key = r->keys.v[k];
		fprintf(out, "%c", *key >= 'a' && *key <= 'z' ? *key - 'a' + 'A' : *key);
		for (const char *c = key + 1; *c; c++)
			fputc(*c == '_' ? ' ' : *c, out);
		fprintf(out, ":%*s %s\n", (int)(w - strlen(key)), "", field_text(r, k, buf, sizeof(buf)));
	}
}

void output_record_line(FILE *out, const struct vm_record *r, bool json)
{
	if (json) {
		print_json(out, record_json(r, true));
	} else {
		char buf[64];
		for (size_t k = 0; k < r->values.n; k++) {
			char *q = sh_quote(field_text(r, k, buf, sizeof(buf)));
			fprintf(out, "%s%s", k ? " " : "", q);
			free(q);
		}
		fputc('\n', out);
	}
	fflush(out);
}

void output_change(FILE *out, const char *verb, bool already, const struct strvec *removed)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "schema_version", json_object_new_int(1));
	json_object_object_add(o, "verb", json_object_new_string(verb));
	json_object_object_add(o, "result", json_object_new_string(already ? "already" : "done"));
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < removed->n; i++)
		json_object_array_add(a, json_object_new_string(removed->v[i]));
	json_object_object_add(o, "removed", a);
	print_json(out, o);
}

void output_config(FILE *out, const char *guest, const char *format, const char *text, bool json)
{
	if (!json) {
		size_t len = strlen(text);
		fputs(text, out);
		if (len == 0 || text[len - 1] != '\n')
			fputc('\n', out);
		return;
	}
	json_object *o = json_object_new_object(), *c = json_object_new_object();
	json_object_object_add(o, "schema_version", json_object_new_int(1));
	json_object_object_add(o, "guest", json_object_new_string(guest));
	json_object_object_add(c, "format", json_object_new_string(format));
	json_object_object_add(c, "text", json_object_new_string(text));
	json_object_object_add(o, "config", c);
	print_json(out, o);
}

/* Now as RFC 3339 in local time, to the millisecond. */
void output_now_rfc3339(char *buf, size_t len)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	localtime_r(&ts.tv_sec, &tm);
	char base[32], zone[8];
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm); /* +0100 -> +01:00 */
	snprintf(buf, len, "%.19s.%03d%.3s:%.2s", base, (int)(ts.tv_nsec / 1000000) % 1000, zone, zone + 3);
}
