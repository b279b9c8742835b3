/* progress.c: how far a long operation is (save, restore, migrate, snapshot
 * create, image-convert), on standard error: percent, amount done, rate,
 * time left, as `virsh migrate --verbose` shows it.  On a terminal one line
 * redrawn in place (at most five times a second); with --progress to a file
 * or pipe, whole lines (at most one per 10% or per 5 s), and always a 0% and
 * a 100% line.  The backend reports from any thread: one mutex. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "progress.h"
#include "quote.h"

struct progress {
	struct vm_progress pub;
	pthread_mutex_t mu;
	char *what;          /* "save 'web1'" */
	bool tty;
	bool started, finished;
	double t0, t_last;   /* monotonic seconds: start, last line */
	int pct_last;        /* the last percentage written (lines) */
	uint64_t total;      /* the last total reported (0: none yet) */
	size_t width;        /* the last terminal line's width, to blank it */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The text after the subject: "45% (1.20 GiB of 2.00 GiB, 120.00 MiB/s, 6 s left)". */
static void describe(char *buf, size_t len, uint64_t done, uint64_t total, double elapsed)
{
	char d[32], t[32], r[48] = "", left[32] = "";
	bool bytes = total > 100 || done > 100; /* a bare percentage is reported as n out of 100 */
	if (elapsed > 0.5 && done > 0 && bytes) {
		double rate = (double)done / elapsed;
		output_bytes_text(r, sizeof(r) - 2, (unsigned long long)rate);
		strcat(r, "/s");
		if (total > done && rate > 0)
			snprintf(left, sizeof(left), ", %.0f s left", (double)(total - done) / rate);
	}
	if (total == 0 && done == 0) {
		snprintf(buf, len, "0%%");
		return;
	}
	if (total == 0) { /* not known yet */
		output_bytes_text(d, sizeof(d), done);
		snprintf(buf, len, "%s done%s%s", d, r[0] ? ", " : "", r);
		return;
	}
	unsigned pct = (unsigned)(done >= total ? 100 : done * 100 / total);
	if (!bytes) {
		snprintf(buf, len, "%u%%", pct);
		return;
	}
	output_bytes_text(d, sizeof(d), done);
	output_bytes_text(t, sizeof(t), total);
	snprintf(buf, len, "%u%% (%s of %s%s%s%s)", pct, d, t, r[0] ? ", " : "", r, left);
}

static void line(struct progress *p, uint64_t done, uint64_t total, bool last)
{
	char text[192];
	describe(text, sizeof(text), done, total, now() - p->t0);
	char out[512];
	int n;
	if (p->tty) {
		n = snprintf(out, sizeof(out), "\rvmctl: %s: %s", p->what, text);
		size_t w = n > 0 ? (size_t)n : 0;
		while (w < p->width && w + 1 < sizeof(out)) /* blank what the longer last line left */
			out[w++] = ' ';
		if (last && w + 1 < sizeof(out))
			out[w++] = '\n';
		p->width = (size_t)(n > 0 ? n : 0);
		n = (int)w;
	} else {
		n = snprintf(out, sizeof(out), "vmctl: %s: %s\n", p->what, text);
	}
	if (n > 0) {
		ssize_t wr = write(STDERR_FILENO, out, (size_t)n < sizeof(out) ? (size_t)n : sizeof(out) - 1);
		(void)wr; /* progress is best effort: a closed stderr does not stop the operation */
	}
	p->t_last = now();
}

static void report(void *ctx, uint64_t done, uint64_t total)
{
	struct progress *p = ctx;
	pthread_mutex_lock(&p->mu);
	if (p->finished)
		goto out;
	if (!p->started) {
		p->started = true;
		line(p, 0, total, false); /* the 0% line, always */
		p->pct_last = 0;
		goto out;
	}
	if (total)
		p->total = total;
	bool last = total > 0 && done >= total;
	if (last) {
		p->finished = true;
		line(p, total, total, true);
		goto out;
	}
	int pct = total ? (int)(done * 100 / total) : -1;
	double t = now();
	if (p->tty ? t - p->t_last >= 0.2 : (pct >= 0 && pct / 10 > p->pct_last / 10) || t - p->t_last >= 5) {
		line(p, done, total, false);
		if (pct >= 0)
			p->pct_last = pct;
	}
out:
	pthread_mutex_unlock(&p->mu);
}

struct progress *progress_new(const struct globals *g, const struct verb_def *row, const struct vm_request *req)
{
	bool tty = isatty(STDERR_FILENO);
	if (!row->long_op || g->arg_quiet || g->arg_json || !(tty || g->arg_progress))
		return NULL;
	struct progress *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	p->pub = (struct vm_progress){ .report = report, .ctx = p };
	p->tty = tty;
	p->t0 = p->t_last = now();
	const char *subject = req->guest ? req->guest : req->path;
	if (!subject)
		subject = vm_value_str(req, "src");
	char *q = subject ? msg_quote(subject) : NULL;
	p->what = xasprintf("%s%s%s%s", row->id == VERB_SNAPSHOT ? "snapshot " : "", row->name, q ? " " : "", q ? q : "");
	free(q);
	report(p, 0, 0);
	return p;
}

const struct vm_progress *progress_of(struct progress *p)
{
	return p ? &p->pub : NULL;
}

void progress_end(struct progress *p, bool ok)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	if (ok && !p->finished)
		line(p, p->total ? p->total : 100, p->total ? p->total : 100, true); /* the 100% line, always */
	else if (!ok && p->tty && p->width)
		(void)!write(STDERR_FILENO, "\n", 1); /* the error goes on a line of its own */
	p->finished = true;
	pthread_mutex_unlock(&p->mu);
	pthread_mutex_destroy(&p->mu);
	free(p->what);
	free(p);
}
