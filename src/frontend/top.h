/* top.h: what top.c (one host) and top_many.c (several hosts) share: a
 * sample, the rows made of two samples, and their plain and JSON lines. */
#ifndef VMCTL_TOP_H
#define VMCTL_TOP_H

#include <stdbool.h>
#include <stdio.h>

#include "act.h"
#include "screen.h"
#include "stop.h"

/* The backend's numeric fields, in the order backend.h lists them. */
enum { F_CPU, F_VCPUS, F_MEM, F_MEM_MAX, F_DISK_RD, F_DISK_WR, F_NET_RX, F_NET_TX, F__N };
extern const char *const top_field_key[F__N];
/* The fields reported as rates (per second) rather than as they are. */
#define IS_RATE(f) ((f) >= F_DISK_RD)

struct gsample {
	char *name, *state;
	char *id;          /* the backend's id of this run of the guest, or NULL */
	unsigned long long v[F__N];
	bool ok[F__N];
};

struct sample {
	struct gsample *g; /* in the backend's order (libvirt's is the same at every refresh) */
	size_t n;
	struct gsample **by_name; /* made when a search needs it, else NULL */
	double t;          /* CLOCK_MONOTONIC seconds, the middle of the call */
};

/* One guest as reported: figures as numbers (< 0: unknown). */
struct row {
	const char *name, *state;
	double cpu;        /* percent of one host CPU */
	double cpu_time;   /* seconds */
	double v[F__N];    /* vcpus, mem, mem_max as they are; the rates per second */
};

enum sort_key { SORT_CPU, SORT_MEM, SORT_NAME };

struct top {
	struct globals *g;
	const struct vm_request *req;
	char *host;                /* NULL when local */
	const char *backend;
	struct stopper st;
	const struct screen_ops *screen;
	enum sort_key sort;
	struct sample prev, cur;
	struct row *rows;
	size_t nrows;
	struct row total;
	double interval;           /* seconds between the two samples of the report */
	bool headed;
};


/* CLOCK_MONOTONIC seconds. */
double top_now(void);
void top_sample_clear(struct sample *s);
/* One bulk call into s; 0, or -1 with err filled. */
int top_take_sample(const struct vm_request *req, const struct backend_ops *ops, struct vm_conn *conn, struct sample *s,
		    struct vm_error *err);
/* t->rows of t->cur against t->prev, sorted by t->sort. */
void top_make_rows(struct top *t, bool have_prev);
void top_sort_rows(struct top *t);
/* The heading of the plain lines. */
#define TOP_HEADING "TIME HOST GUEST STATE CPU VCPUS MEM MEM_MAX DISK_RD DISK_WR NET_RX NET_TX\n"
/* One host's report: a JSON line, or its plain lines and totals line. */
void top_print_host(struct top *t, FILE *out, const char *time);

/* The screen: its columns (GUEST first), one row's cells as the screen
 * shows them (p[k] points into cell[k], or at the row's own strings), and
 * the module, or NULL with a note saying why (plain lines then). */
#define TOP_SCREEN_COLS 10
extern const char *const top_screen_heads[TOP_SCREEN_COLS];
void top_row_cells(const struct row *r, char (*cell)[32], const char **p);
const struct screen_ops *top_screen_load(struct globals *g);

#endif
