/* top.c: top's sampling loop and its plain, JSON Lines and screen output.
 *
 * The backend gives one bulk sample of totals per call (backend.h: cpu_time
 * in ns, memory, disk and network bytes since the guest started); top
 * takes one, waits, takes the next and reports the difference: CPU % is
 * the CPU time a guest used over the wall time between the two samples,
 * where 100% is one host CPU fully busy (as virt-top and xentop count: a
 * guest keeping 4 vCPUs busy shows 400%, the total can reach 100% times
 * the host's CPUs); disk and network figures are rates in bytes per
 * second.  The first report comes min(interval, 1 s) after a base sample
 * (a CPU % needs two), the next ones every interval.
 *
 * Where it goes: a screen (screen.h, the ncurses module) when standard
 * input and output are terminals, the output is text and neither --once
 * nor --count is given; JSON Lines with -o json; plain lines otherwise.
 * Plain lines: one heading line per run, then per sample one line per
 * guest and a totals line (GUEST an unquoted *, STATE "total"):
 *   TIME HOST GUEST STATE CPU VCPUS MEM MEM_MAX DISK_RD DISK_WR NET_RX NET_TX
 * TIME RFC 3339, HOST "-" when local, GUEST shell-quoted, CPU a percentage
 * with one decimal, MEM and MEM_MAX in bytes, the rates in bytes per second
 * (whole numbers), "-" for what is not known. */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "act.h"
#include "output.h"
#include "quote.h"
#include "screen.h"
#include "stop.h"
#include "top.h"
#include "uri.h"

const char *const top_field_key[F__N] = { "cpu_time", "vcpus", "mem", "mem_max",
					  "disk_rd", "disk_wr", "net_rx", "net_tx" };
#define field_key top_field_key

double top_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void top_sample_clear(struct sample *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->g[i].name);
		free(s->g[i].state);
		free(s->g[i].id);
	}
	free(s->g);
	free(s->by_name);
	memset(s, 0, sizeof(*s));
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct gsample *const *)a)->name, (*(struct gsample *const *)b)->name);
}

/* The guest of s named like c: where c is in its own sample (the order of
 * the last refresh), else searched for by name. */
static const struct gsample *find(struct sample *s, size_t i, const struct gsample *c)
{
	if (i < s->n && strcmp(s->g[i].name, c->name) == 0)
		return &s->g[i];
	if (!s->by_name) {
		s->by_name = xcalloc(s->n ? s->n : 1, sizeof(*s->by_name));
		for (size_t k = 0; k < s->n; k++)
			s->by_name[k] = &s->g[k];
		qsort(s->by_name, s->n, sizeof(*s->by_name), by_name);
	}
	struct gsample *const *hit = bsearch(&c, s->by_name, s->n, sizeof(*s->by_name), by_name);
	return hit ? *hit : NULL;
}

/* qsort, unless base is in order already: libvirt gives the guests in the
 * same order at every refresh (the test driver in name order), and a
 * check costs n comparisons where a sort of 1,000 names costs 10,000. */
static void sort_if_needed(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < n; i++)
		if (cmp((char *)base + (i - 1) * size, (char *)base + i * size) > 0) {
			qsort(base, n, size, cmp);
			return;
		}
}

/* One bulk call into s; 0, or -1 with err filled. */
int top_take_sample(const struct vm_request *req, const struct backend_ops *ops, struct vm_conn *conn, struct sample *s,
		    struct vm_error *err)
{
	struct vm_records l = { 0 };
	double t0 = top_now();
	if (ops->records[VERB_TOP](conn, req, &l, err) < 0) {
		vm_records_clear(&l);
		return -1;
	}
	s->t = (t0 + top_now()) / 2;
	s->g = xcalloc(l.n ? l.n : 1, sizeof(*s->g));
	for (size_t i = 0; i < l.n; i++) {
		struct vm_record *r = &l.v[i];
		struct gsample *gs = &s->g[s->n];
		for (size_t k = 0; k < r->keys.n; k++) {
			const char *key = r->keys.v[k];
			char **val = &r->values.v[k];
			if (strcmp(key, "name") == 0 || strcmp(key, "state") == 0 || strcmp(key, "id") == 0) {
				char **dst = key[0] == 'n' ? &gs->name : key[0] == 's' ? &gs->state : &gs->id;
				free(*dst);
				*dst = *val; /* taken over: the record's vector frees NULL */
				*val = NULL;
				continue;
			}
			/* backend.h's order first, then any order */
			int f = k >= 2 && k - 2 < F__N && strcmp(key, field_key[k - 2]) == 0 ? (int)k - 2 : -1;
			for (int j = 0; f < 0 && j < F__N; j++)
				if (strcmp(key, field_key[j]) == 0)
					f = j;
			if (f >= 0 && **val) {
				gs->v[f] = strtoull(*val, NULL, 10);
				gs->ok[f] = true;
			}
		}
		if (gs->id && !*gs->id) {
			free(gs->id);
			gs->id = NULL;
		}
		if (!gs->name) {
			free(gs->state);
			free(gs->id);
			memset(gs, 0, sizeof(*gs));
			continue;
		}
		if (!gs->state)
			gs->state = xstrdup("unknown");
		s->n++;
	}
	vm_records_clear(&l);
	return 0;
}

/* The rows of t->cur against t->prev (no prev: the rates are unknown). */
void top_make_rows(struct top *t, bool have_prev)
{
	free(t->rows);
	t->rows = xcalloc(t->cur.n ? t->cur.n : 1, sizeof(*t->rows));
	t->nrows = t->cur.n;
	double dt = have_prev ? t->cur.t - t->prev.t : 0;
	t->interval = dt;
	memset(&t->total, 0, sizeof(t->total));
	t->total.name = "*";
	t->total.state = "total";
	t->total.cpu_time = -1;
	t->total.cpu = -1; /* a total is unknown until one guest's figure is known */
	for (int f = F_VCPUS; f < F__N; f++)
		t->total.v[f] = -1;
	for (size_t i = 0; i < t->cur.n; i++) {
		const struct gsample *c = &t->cur.g[i];
		const struct gsample *p = dt > 0 ? find(&t->prev, i, c) : NULL;
		/* another run of the guest (stopped and started in between; a
		 * backend without ids gives none): its counters start again */
		if (p && (!p->id != !c->id || (p->id && strcmp(p->id, c->id) != 0)))
			p = NULL;
		struct row *r = &t->rows[i];
		r->name = c->name;
		r->state = c->state;
		r->cpu_time = c->ok[F_CPU] ? (double)c->v[F_CPU] / 1e9 : -1;
		r->cpu = -1;
		/* a counter that went down: the guest restarted in between */
		if (p && c->ok[F_CPU] && p->ok[F_CPU] && c->v[F_CPU] >= p->v[F_CPU])
			r->cpu = (double)(c->v[F_CPU] - p->v[F_CPU]) / 1e9 / dt * 100;
		/* more than its vCPUs and one CPU more (QEMU's own threads) is not
		 * one run of the guest: seen during another session's migration
		 * (1292% for a guest of one vCPU), when the name's counters came
		 * from another run; the backend's id, when it gives one, says so */
		if (r->cpu > 100.0 * ((c->ok[F_VCPUS] ? (double)c->v[F_VCPUS] : 1) + 1))
			r->cpu = -1;
		for (int f = F_VCPUS; f < F__N; f++) {
			r->v[f] = -1;
			if (!IS_RATE(f) && c->ok[f])
				r->v[f] = (double)c->v[f];
			else if (IS_RATE(f) && p && c->ok[f] && p->ok[f] && c->v[f] >= p->v[f])
				r->v[f] = (double)(c->v[f] - p->v[f]) / dt;
			if (r->v[f] >= 0)
				t->total.v[f] = (t->total.v[f] < 0 ? 0 : t->total.v[f]) + r->v[f];
		}
		if (r->cpu >= 0)
			t->total.cpu = (t->total.cpu < 0 ? 0 : t->total.cpu) + r->cpu;
	}
}

/* Unknown figures last, whatever the key. */
static int cmp_num(double a, double b)
{
	if (a < 0 || b < 0)
		return (a < 0) - (b < 0);
	return a > b ? -1 : a < b;
}

static enum sort_key sort_by;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = 0;
	if (sort_by == SORT_CPU)
		c = cmp_num(a->cpu, b->cpu);
	else if (sort_by == SORT_MEM)
		c = cmp_num(a->v[F_MEM], b->v[F_MEM]);
	return c ? c : strcmp(a->name, b->name);
}

void top_sort_rows(struct top *t)
{
	sort_by = t->sort;
	sort_if_needed(t->rows, t->nrows, sizeof(*t->rows), cmp_rows);
}

/* ---- plain lines and JSON Lines ---- */

static void num_text(char *buf, size_t len, double v, bool pct)
{
	if (v < 0)
		snprintf(buf, len, "-");
	else if (pct)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.0f", floor(v + 0.5));
}

/* v as put_plain prints it: "-" when unknown, a percentage with one
 * decimal, else a whole number; without printf (a refresh of 1,000 guests
 * prints 12,000 of these). */
static void put_num(FILE *out, double v, bool pct, bool space)
{
	if (v < 0) {
		fputs(space ? " -" : "-", out);
		return;
	}
	unsigned long long n = (unsigned long long)floor(v * (pct ? 10 : 1) + 0.5);
	char buf[32], *p = buf + sizeof(buf);
	*--p = '\0';
	if (pct) {
		*--p = (char)('0' + n % 10);
		*--p = '.';
		n /= 10;
	}
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) && p > buf + 1);
	if (space)
		*--p = ' ';
	fputs(p, out);
}

static void plain_line(struct top *t, FILE *out, const char *time, const struct row *r, bool total)
{
	char *q = total ? NULL : sh_quote(r->name);
	fputs(time, out);
	fputc(' ', out);
	fputs(t->host ? t->host : "-", out);
	fputc(' ', out);
	fputs(q ? q : "*", out);
	fputc(' ', out);
	fputs(r->state, out);
	free(q);
	put_num(out, r->cpu, true, true);
	for (int f = F_VCPUS; f < F__N; f++)
		put_num(out, r->v[f], false, true);
	fputc('\n', out);
}

/* JSON Lines written directly, not through json-c objects: a refresh of
 * 1,000 guests would make 13,000 of them (and a hash table each) only to
 * print one line.  Strings are escaped as RFC 8259 asks. */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			fputc('\\', out);
			fputc(*p, out);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(out, "\\u%04x", *p);
		} else {
			fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* ,"key":v with v null when unknown; decimals: digits after the point. */
static void json_member(FILE *out, const char *key, double v, int decimals)
{
	fputs(",\"", out);
	fputs(key, out);
	fputs("\":", out);
	if (v < 0)
		fputs("null", out);
	else if (decimals)
		fprintf(out, "%.*f", decimals, v);
	else
		put_num(out, v, false, false);
}

static void json_figures(FILE *out, const struct row *r)
{
	json_member(out, "cpu_percent", r->cpu, 2);
	for (int f = F_VCPUS; f < F__N; f++)
		json_member(out, field_key[f], r->v[f], 0);
}

static void print_json(struct top *t, FILE *out, const char *time)
{
	fputs("{\"schema_version\":1,\"time\":", out);
	json_str(out, time);
	fputs(",\"host\":", out);
	if (t->host)
		json_str(out, t->host);
	else
		fputs("null", out);
	fputs(",\"backend\":", out);
	json_str(out, t->backend);
	fprintf(out, ",\"interval\":%.3f,\"guests\":[", t->interval);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];
		fputs(i ? ",{\"name\":" : "{\"name\":", out);
		json_str(out, r->name);
		fputs(",\"state\":", out);
		json_str(out, r->state);
		json_member(out, "cpu_time", r->cpu_time, 3);
		json_figures(out, r);
		fputc('}', out);
	}
	fprintf(out, "],\"totals\":{\"guests\":%zu", t->nrows);
	json_figures(out, &t->total);
	fputs("}}\n", out);
}

void top_print_host(struct top *t, FILE *out, const char *time)
{
	if (t->g->arg_json) {
		print_json(t, out, time);
		return;
	}
	for (size_t i = 0; i < t->nrows; i++)
		plain_line(t, out, time, &t->rows[i], false);
	plain_line(t, out, time, &t->total, true);
}

/* One report on stdout: false when stdout failed (nobody reads). */
static bool print_sample(struct top *t)
{
	char time[48];
	output_now_rfc3339(time, sizeof(time));
	if (!t->g->arg_json && !t->headed)
		fputs(TOP_HEADING, stdout);
	t->headed = true;
	top_print_host(t, stdout, time);
	fflush(stdout);
	return !ferror(stdout);
}

/* ---- the screen ---- */

const char *const top_screen_heads[TOP_SCREEN_COLS] = { "GUEST", "STATE", "CPU%", "VCPUS", "MEM", "MEM MAX",
					    "DISK RD/s", "DISK WR/s", "NET RX/s", "NET TX/s" };
#define SCREEN_COLS TOP_SCREEN_COLS
#define screen_heads top_screen_heads

/* 1023 B, 1.5 KiB, 12.0 MiB: binary units, as the list verbs print sizes. */
static void human(char *buf, size_t len, double v, bool bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	if (v < 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (!bytes) {
		snprintf(buf, len, "%.0f", v);
		return;
	}
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

void top_row_cells(const struct row *r, char (*cell)[32], const char **p)
{
	snprintf(cell[0], 32, "%s", r->name);
	p[0] = r->name; /* whole, not cut at 31 bytes */
	p[1] = r->state;
	if (r->cpu < 0)
		snprintf(cell[2], 32, "-");
	else
		snprintf(cell[2], 32, "%.1f", r->cpu);
	p[2] = cell[2];
	for (int f = F_VCPUS; f < F__N; f++) {
		human(cell[2 + f], 32, r->v[f], f != F_VCPUS);
		p[2 + f] = cell[2 + f];
	}
}

static void draw(struct top *t)
{
	static const bool right[SCREEN_COLS] = { false, false, true, true, true, true, true, true, true, true };
	static const size_t sorted[] = { [SORT_CPU] = 2, [SORT_MEM] = 4, [SORT_NAME] = 0 };
	char (*cells)[32] = xcalloc((t->nrows + 1) * SCREEN_COLS, 32);
	const char **p = xcalloc((t->nrows + 1) * SCREEN_COLS, sizeof(*p));
	for (size_t i = 0; i < t->nrows; i++)
		top_row_cells(&t->rows[i], cells + i * SCREEN_COLS, p + i * SCREEN_COLS);
	struct row tot = t->total;
	tot.name = "total";
	tot.state = "";
	top_row_cells(&tot, cells + t->nrows * SCREEN_COLS, p + t->nrows * SCREEN_COLS);
	char time[48], cpu[32], title[512];
	output_now_rfc3339(time, sizeof(time));
	num_text(cpu, sizeof(cpu), t->total.cpu, true);
	snprintf(title, sizeof(title), "vmctl top - %s (%s)  %.19s  %zu guests  CPU %s%%  every %.0f s",
		 t->host ? t->host : "local", t->backend, time, t->nrows, cpu,
		 (double)vm_value_num(t->req, "interval", 2));
	struct screen_table tab = {
		.title = title, .ncols = SCREEN_COLS, .nrows = t->nrows, .heads = screen_heads, .right = right,
		.sorted = sorted[t->sort], .cells = p, .totals = p + t->nrows * SCREEN_COLS,
		.help = "q quit   sort: c CPU  m memory  n name  s next   (100% = one host CPU)",
	};
	t->screen->draw(&tab);
	free(p);
	free(cells);
}

const struct screen_ops *top_screen_load(struct globals *g)
{
	bool missing;
	char *why = NULL;
	vmctl_screen_entry_fn entry;
	*(void **)&entry = module_entry("vmctl-top.so", VMCTL_SCREEN_ENTRY, &missing, &why);
	const struct screen_ops *s = entry ? entry(VMCTL_SCREEN_ABI) : NULL;
	if (entry && (!s || s->abi != VMCTL_SCREEN_ABI)) {
		why = xasprintf("vmctl-top.so was built for another vmctl (ABI %u expected)", VMCTL_SCREEN_ABI);
		s = NULL;
	}
	char msg[256];
	if (s && s->open(msg, sizeof(msg)) < 0) {
		why = xstrdup(msg);
		s = NULL;
	}
	if (!s)
		note(g, "cannot draw top's screen (%s): printing lines instead", why);
	free(why);
	return s;
}

/* ---- the loop ---- */

/* Waits until deadline (CLOCK_MONOTONIC seconds), answering keys and window
 * changes on the screen: false when top should end (a signal, q, the
 * terminal gone). */
static bool wait_until(struct top *t, double deadline)
{
	for (;;) {
		if (t->st.stop.flag)
			return false;
		double left = deadline - top_now();
		if (left <= 0)
			return true;
		struct pollfd p[2] = { { .fd = t->st.stop.fd, .events = POLLIN }, { .fd = STDIN_FILENO, .events = POLLIN } };
		int n = poll(p, t->screen ? 2 : 1, (int)(left * 1000) + 1);
		if (n < 0 && errno != EINTR)
			return false;
		if (n <= 0)
			continue;
		if ((p[0].revents & POLLIN) && stopper_drain(&t->st) && t->screen) {
			t->screen->resize();
			draw(t);
		}
		if (!t->screen || !p[1].revents)
			continue;
		if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL))
			return false;
		enum screen_key k;
		bool redraw = false;
		while ((k = t->screen->key()) != SCREEN_NONE) {
			if (k == SCREEN_QUIT)
				return false;
			enum sort_key old = t->sort;
			if (k == SCREEN_SORT_CPU)
				t->sort = SORT_CPU;
			else if (k == SCREEN_SORT_MEM)
				t->sort = SORT_MEM;
			else if (k == SCREEN_SORT_NAME)
				t->sort = SORT_NAME;
			else if (k == SCREEN_SORT_NEXT)
				t->sort = (t->sort + 1) % (SORT_NAME + 1);
			redraw = redraw || k == SCREEN_REDRAW || t->sort != old;
		}
		if (redraw) {
			top_sort_rows(t);
			draw(t);
		}
	}
}

int top_run(struct globals *g, const struct verb_def *row, const struct backend_ops *ops, struct vm_conn *conn,
	    const struct vm_request *r)
{
	(void)row;
	const char *sort = vm_value_str(r, "sort");
	struct top t = {
		.g = g, .req = r, .host = r->uri ? uri_redact(r->uri) : NULL, .backend = vm_backend_name(r->backend),
		.sort = !sort || strcmp(sort, "cpu") == 0 ? SORT_CPU : strcmp(sort, "mem") == 0 ? SORT_MEM : SORT_NAME,
	};
	bool once = vm_value_flag(r, "once");
	uint64_t count = once ? 1 : vm_value_num(r, "count", 0);
	double interval = (double)vm_value_num(r, "interval", 2);
	bool want_screen = !g->arg_json && !count && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if (stopper_arm(&t.st, want_screen) < 0) {
		free(t.host);
		return fail(VM_EXIT_FAILED, "cannot make a pipe: %s", strerror(errno));
	}
	int rc = VM_EXIT_OK;
	if (want_screen)
		t.screen = top_screen_load(g);

	struct vm_error err = { 0 };
	bool failed = top_take_sample(r, ops, conn, &t.cur, &err) < 0;
	if (t.screen && !failed) { /* something to look at during the first wait */
		top_make_rows(&t, false);
		top_sort_rows(&t);
		draw(&t);
	}
	uint64_t reported = 0;
	double next = t.cur.t + (interval < 1 ? interval : 1);
	while (!failed && wait_until(&t, next)) {
		top_sample_clear(&t.prev);
		t.prev = t.cur;
		memset(&t.cur, 0, sizeof(t.cur));
		if (top_take_sample(r, ops, conn, &t.cur, &err) < 0) {
			failed = true;
			break;
		}
		top_make_rows(&t, true);
		top_sort_rows(&t);
		if (t.screen)
			draw(&t);
		else if (!print_sample(&t))
			break; /* stdout closed: end as events does; main reports the write error */
		if (count && ++reported >= count)
			break;
		next = t.cur.t + interval;
	}
	if (t.screen)
		t.screen->close(); /* first, so that a message lands on a usable terminal */
	if (failed)
		rc = fail_err(&err);
	stopper_disarm(&t.st);
	top_sample_clear(&t.prev);
	top_sample_clear(&t.cur);
	free(t.rows);
	free(t.host);
	return rc;
}
