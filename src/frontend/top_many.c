/* top_many.c: top over several hosts, one merged report per refresh.
 *
 * Each host has a thread of its own that opens it and then takes a sample
 * whenever the main thread asks for one (a round); the main thread waits
 * for every host's sample of the round, at most --host-timeout from the
 * round's start (the open's deadline is the first round's), then prints the
 * hosts in the order given, each host's guests sorted as top sorts them
 * (top.c), each line with its host.  A host that fails, or stays silent
 * past the deadline, is reported on stderr and left (its thread abandoned,
 * never joined; what it returns later is discarded); the others go on, and
 * the exit code is then 6.  On a terminal, a screen as top.c's with HOST
 * as its first column; what is reported meanwhile is printed once the
 * screen is closed. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "act.h"
#include "output.h"
#include "stop.h"
#include "top.h"
#include "uri.h"

enum host_state { H_OPENING, H_READY, H_FAILED, H_LEFT };

/* Seconds the end waits for the hosts' threads to close their connections. */
#define END_GRACE 2

struct tmany;

struct thost {
	struct tmany *m;
	struct vm_request r;
	struct top t;              /* main thread's: this host's samples and rows */
	/* under m->mu */
	enum host_state state;
	unsigned long want, have;  /* rounds asked for and done */
	bool quit;
	bool exited;               /* its thread is done with m (but for its last unref) */
	bool started;
	pthread_t tid;
	struct sample next;        /* the sample of round have, for the main thread to take */
	struct vm_error err;
};

/* Shared by the main thread and the host threads; the last reference
 * frees it (an abandoned thread may return after the main thread ends). */
struct tmany {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned refs;
	int wake[2];
	struct globals *g;
	const struct backend_ops *ops;
	struct thost **h;
	size_t n;
	/* main thread's */
	const struct screen_ops *screen;
	struct strvec later;        /* messages held while the screen is up */
	enum sort_key sort;
	unsigned long shown;        /* the round on the screen */
	size_t left;                /* hosts left so far */
};

static void unref(struct tmany *m)
{
	bool last = --m->refs == 0;
	pthread_mutex_unlock(&m->mu);
	if (!last)
		return;
	for (size_t i = 0; i < m->n; i++) {
		struct thost *h = m->h[i];
		top_sample_clear(&h->next);
		top_sample_clear(&h->t.prev);
		top_sample_clear(&h->t.cur);
		free(h->t.rows);
		free(h->t.host);
		free(h);
	}
	free(m->h);
	close(m->wake[0]);
	close(m->wake[1]);
	pthread_cond_destroy(&m->cv);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

static void wake(struct tmany *m)
{
	ssize_t w = write(m->wake[1], "h", 1);
	(void)w;
}

static void *run_host(void *arg)
{
	struct thost *h = arg;
	struct tmany *m = h->m;
	struct vm_error err = { 0 };
	struct vm_conn *conn = NULL;
	int rc = m->ops->open(&h->r, m->g->arg_readonly, &conn, &err);
	pthread_mutex_lock(&m->mu);
	if (h->state == H_OPENING)
		h->state = rc < 0 ? H_FAILED : H_READY;
	if (rc < 0 && h->state == H_FAILED)
		h->err = err;
	for (;;) {
		while (h->state == H_READY && !h->quit && h->want == h->have)
			pthread_cond_wait(&m->cv, &m->mu);
		if (h->state != H_READY || h->quit)
			break;
		unsigned long round = h->want;
		pthread_mutex_unlock(&m->mu);
		struct sample s = { 0 };
		rc = top_take_sample(&h->r, m->ops, conn, &s, &err);
		pthread_mutex_lock(&m->mu);
		if (h->state != H_READY) { /* left meanwhile: the result goes nowhere */
			top_sample_clear(&s);
			break;
		}
		if (rc < 0) {
			h->state = H_FAILED;
			h->err = err;
			break;
		}
		top_sample_clear(&h->next);
		h->next = s;
		h->have = round;
		pthread_mutex_unlock(&m->mu);
		wake(m);
		pthread_mutex_lock(&m->mu);
	}
	pthread_mutex_unlock(&m->mu);
	if (conn)
		m->ops->close(conn);
	pthread_mutex_lock(&m->mu);
	h->exited = true;
	pthread_mutex_unlock(&m->mu);
	wake(m);
	pthread_mutex_lock(&m->mu);
	unref(m);
	return NULL;
}

/* One host reported: now, or once the screen is closed. */
static void __attribute__((format(printf, 3, 4))) report(struct tmany *m, int code, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	m->left++;
	if (m->screen)
		strvec_push(&m->later, msg);
	else
		fail(code, "%s", msg);
}

/* Starts round k on every host still there and waits for their samples
 * until deadline (CLOCK_MONOTONIC seconds) or the end; reports and leaves
 * the hosts that failed or were silent.  Returns the hosts that gave their
 * sample. */
static size_t round_of(struct tmany *m, struct stopper *st, unsigned long k, double deadline, size_t *dropped,
		       int *first_code)
{
	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < m->n; i++)
		m->h[i]->want = k;
	pthread_cond_broadcast(&m->cv);
	size_t got;
	for (;;) {
		size_t waiting = 0;
		got = 0;
		double now = top_now();
		for (size_t i = 0; i < m->n; i++) {
			struct thost *h = m->h[i];
			if (h->state == H_FAILED) {
				report(m, h->err.code, "host %s: %s; the other hosts go on", h->t.host, h->err.msg);
				h->state = H_LEFT;
				(*dropped)++;
				if (!*first_code)
					*first_code = h->err.code;
			} else if ((h->state == H_READY || h->state == H_OPENING) && h->have != k && now >= deadline &&
				   !st->stop.flag) {
				report(m, VM_EXIT_UNAVAILABLE,
				       "host %s: no reply for %u s (--host-timeout): left", h->t.host,
				       m->g->arg_host_timeout);
				h->state = H_LEFT;
				(*dropped)++;
				if (!*first_code)
					*first_code = VM_EXIT_UNAVAILABLE;
			} else if (h->state == H_READY && h->have == k) {
				got++;
			} else if (h->state != H_LEFT) {
				waiting++;
			}
		}
		if (!waiting || st->stop.flag)
			break;
		pthread_mutex_unlock(&m->mu);
		struct pollfd p[2] = { { .fd = st->stop.fd, .events = POLLIN }, { .fd = m->wake[0], .events = POLLIN } };
		int ms = (int)((deadline - now) * 1000) + 1;
		if (poll(p, 2, ms < 1 ? 1 : ms) < 0 && errno != EINTR) {
			pthread_mutex_lock(&m->mu);
			break;
		}
		char buf[64];
		while (read(m->wake[0], buf, sizeof(buf)) > 0)
			;
		pthread_mutex_lock(&m->mu);
	}
	/* the samples move to the main thread's side */
	for (size_t i = 0; i < m->n; i++) {
		struct thost *h = m->h[i];
		if (h->state != H_READY || h->have != k)
			continue;
		top_sample_clear(&h->t.prev);
		h->t.prev = h->t.cur;
		h->t.cur = h->next;
		memset(&h->next, 0, sizeof(h->next));
	}
	pthread_mutex_unlock(&m->mu);
	return got;
}

/* The rows of round k on every host that gave its sample (under m->mu). */
static void make_rows(struct tmany *m, unsigned long k)
{
	for (size_t i = 0; i < m->n; i++) {
		struct thost *h = m->h[i];
		if (h->state != H_READY || h->have != k)
			continue;
		h->t.sort = m->sort;
		top_make_rows(&h->t, h->t.prev.t > 0);
		top_sort_rows(&h->t);
	}
}

/* One report: every host that gave this round's sample, in order. */
static bool print_round(struct tmany *m, unsigned long k, bool *headed)
{
	char time[48];
	output_now_rfc3339(time, sizeof(time));
	if (!m->g->arg_json && !*headed)
		fputs(TOP_HEADING, stdout);
	*headed = true;
	pthread_mutex_lock(&m->mu);
	make_rows(m, k);
	for (size_t i = 0; i < m->n; i++)
		if (m->h[i]->state == H_READY && m->h[i]->have == k)
			top_print_host(&m->h[i]->t, stdout, time);
	pthread_mutex_unlock(&m->mu);
	fflush(stdout);
	return !ferror(stdout);
}

/* The screen: HOST, then top.c's columns; the totals of every host shown. */
static void draw(struct tmany *m, double interval)
{
	enum { COLS = TOP_SCREEN_COLS + 1 };
	static const char *const heads[COLS] = { "HOST", "GUEST", "STATE", "CPU%", "VCPUS", "MEM", "MEM MAX",
						  "DISK RD/s", "DISK WR/s", "NET RX/s", "NET TX/s" };
	static const bool right[COLS] = { false, false, false, true, true, true, true, true, true, true, true };
	static const size_t sorted[] = { [SORT_CPU] = 3, [SORT_MEM] = 5, [SORT_NAME] = 1 };
	pthread_mutex_lock(&m->mu);
	size_t nrows = 0, hosts = 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->h[i]->state == H_READY && m->h[i]->have == m->shown) {
			nrows += m->h[i]->t.nrows;
			hosts++;
		}
	char (*cells)[32] = xcalloc((nrows + 1) * COLS, 32);
	const char **p = xcalloc((nrows + 1) * COLS, sizeof(*p));
	struct row tot = { .name = "total", .state = "", .cpu = -1, .cpu_time = -1 };
	for (int f = 0; f < F__N; f++)
		tot.v[f] = -1;
	size_t r = 0;
	for (size_t i = 0; i < m->n; i++) {
		struct thost *h = m->h[i];
		if (h->state != H_READY || h->have != m->shown)
			continue;
		for (size_t j = 0; j < h->t.nrows; j++, r++) {
			p[r * COLS] = h->t.host;
			top_row_cells(&h->t.rows[j], cells + r * COLS + 1, p + r * COLS + 1);
		}
		if (h->t.total.cpu >= 0)
			tot.cpu = (tot.cpu < 0 ? 0 : tot.cpu) + h->t.total.cpu;
		for (int f = F_VCPUS; f < F__N; f++)
			if (h->t.total.v[f] >= 0)
				tot.v[f] = (tot.v[f] < 0 ? 0 : tot.v[f]) + h->t.total.v[f];
	}
	p[nrows * COLS] = "";
	top_row_cells(&tot, cells + nrows * COLS + 1, p + nrows * COLS + 1);
	char time[48], cpu[32] = "-", title[512], gone[64] = "";
	output_now_rfc3339(time, sizeof(time));
	if (tot.cpu >= 0)
		snprintf(cpu, sizeof(cpu), "%.1f", tot.cpu);
	if (m->left)
		snprintf(gone, sizeof(gone), " (%zu left: see when it ends)", m->left);
	snprintf(title, sizeof(title), "vmctl top - %zu hosts%s  %.19s  %zu guests  CPU %s%%  every %.0f s", hosts, gone,
		 time, nrows, cpu, interval);
	struct screen_table tab = {
		.title = title, .ncols = COLS, .nrows = nrows, .heads = heads, .right = right, .sorted = sorted[m->sort],
		.cells = p, .totals = p + nrows * COLS,
		.help = "q quit   sort: c CPU  m memory  n name  s next   (100% = one host CPU)",
	};
	m->screen->draw(&tab);
	pthread_mutex_unlock(&m->mu);
	free(p);
	free(cells);
}

/* Waits until deadline, answering keys and window changes on the screen:
 * false at the end (a signal, q, the terminal gone). */
static bool sleep_until(struct tmany *m, struct stopper *st, double deadline, double interval)
{
	for (;;) {
		if (st->stop.flag)
			return false;
		double left = deadline - top_now();
		if (left <= 0)
			return true;
		struct pollfd p[2] = { { .fd = st->stop.fd, .events = POLLIN }, { .fd = STDIN_FILENO, .events = POLLIN } };
		int n = poll(p, m->screen ? 2 : 1, (int)(left * 1000) + 1);
		if (n < 0 && errno != EINTR)
			return false;
		if (n <= 0)
			continue;
		if ((p[0].revents & POLLIN) && stopper_drain(st) && m->screen) {
			m->screen->resize();
			draw(m, interval);
		}
		if (!m->screen || !p[1].revents)
			continue;
		if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL))
			return false;
		enum screen_key k;
		bool redraw = false;
		while ((k = m->screen->key()) != SCREEN_NONE) {
			if (k == SCREEN_QUIT)
				return false;
			enum sort_key old = m->sort;
			if (k == SCREEN_SORT_CPU)
				m->sort = SORT_CPU;
			else if (k == SCREEN_SORT_MEM)
				m->sort = SORT_MEM;
			else if (k == SCREEN_SORT_NAME)
				m->sort = SORT_NAME;
			else if (k == SCREEN_SORT_NEXT)
				m->sort = (m->sort + 1) % (SORT_NAME + 1);
			redraw = redraw || k == SCREEN_REDRAW || m->sort != old;
		}
		if (redraw) {
			pthread_mutex_lock(&m->mu);
			for (size_t i = 0; i < m->n; i++) {
				m->h[i]->t.sort = m->sort;
				top_sort_rows(&m->h[i]->t);
			}
			pthread_mutex_unlock(&m->mu);
			draw(m, interval);
		}
	}
}

int top_many(struct globals *g, const struct verb_def *verb, const struct vm_request *req, const struct target *t,
	     size_t n)
{
	struct vm_error err = { 0 };
	const struct backend_ops *ops = ops_of(session_get(g), t[0].backend, &err);
	if (!ops)
		return fail_err(&err);
	if (!supported(ops, verb))
		return unsupported(ops, verb);
	bool once = vm_value_flag(req, "once");
	uint64_t count = once ? 1 : vm_value_num(req, "count", 0);
	double interval = (double)vm_value_num(req, "interval", 2);
	const char *sort = vm_value_str(req, "sort");
	enum sort_key key = !sort || strcmp(sort, "cpu") == 0 ? SORT_CPU : strcmp(sort, "mem") == 0 ? SORT_MEM : SORT_NAME;

	struct tmany *m = xcalloc(1, sizeof(*m));
	if (pipe2(m->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(m);
		return fail(VM_EXIT_FAILED, "cannot make a pipe: %s", strerror(errno));
	}
	bool want_screen = !g->arg_json && !count && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	struct stopper st;
	if (stopper_arm(&st, want_screen) < 0) {
		close(m->wake[0]);
		close(m->wake[1]);
		free(m);
		return fail(VM_EXIT_FAILED, "cannot make a pipe: %s", strerror(errno));
	}
	if (want_screen)
		m->screen = top_screen_load(g);
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	m->g = g;
	m->ops = ops;
	m->h = xcalloc(n, sizeof(*m->h));
	m->n = n;
	m->refs = 1;
	m->sort = key;

	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGALRM);
	sigaddset(&block, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < n; i++) {
		struct thost *h = xcalloc(1, sizeof(*h));
		h->m = m;
		h->r = *req;
		h->r.backend = t[i].backend;
		h->r.uri = t[i].uri;
		h->t = (struct top){ .g = g, .req = &h->r, .host = uri_redact(t[i].uri),
				     .backend = vm_backend_name(t[i].backend), .sort = key };
		m->h[i] = h;
		int e = pthread_create(&h->tid, NULL, run_host, h);
		if (e) {
			h->state = H_FAILED;
			vm_error_set(&h->err, VM_EXIT_FAILED, "cannot start a thread: %s", strerror(e));
		} else {
			h->started = true;
			m->refs++;
		}
	}
	pthread_mutex_unlock(&m->mu);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	size_t dropped = 0;
	int first_code = 0;
	bool headed = false;
	unsigned long k = 1;
	double start = top_now();
	/* the base sample (its deadline covers the opens), then the reports */
	size_t got = round_of(m, &st, k, start + g->arg_host_timeout, &dropped, &first_code);
	if (m->screen && got) { /* something to look at during the first wait */
		pthread_mutex_lock(&m->mu);
		make_rows(m, k);
		m->shown = k;
		pthread_mutex_unlock(&m->mu);
		draw(m, interval);
	}
	double next = start + (interval < 1 ? interval : 1);
	uint64_t reported = 0;
	while (got && sleep_until(m, &st, next, interval)) {
		double begun = top_now();
		got = round_of(m, &st, ++k, begun + g->arg_host_timeout, &dropped, &first_code);
		if (st.stop.flag || !got)
			break;
		if (m->screen) {
			pthread_mutex_lock(&m->mu);
			make_rows(m, k);
			m->shown = k;
			pthread_mutex_unlock(&m->mu);
			draw(m, interval);
		} else if (!print_round(m, k, &headed)) {
			break; /* stdout closed: main reports the write error */
		}
		if (count && ++reported >= count)
			break;
		next = begun + interval;
	}
	if (m->screen) {
		m->screen->close(); /* first, so that the messages land on a usable terminal */
		m->screen = NULL;
		for (size_t i = 0; i < m->later.n; i++)
			fail(VM_EXIT_PARTIAL, "%s", m->later.v[i]);
		strvec_clear(&m->later);
	}
	stopper_disarm(&st);
	/* the idle hosts close their connections, awaited a moment; a host
	 * still opening or sampling is left (it may have just stopped
	 * answering, and would hold vmctl up to --host-timeout) */
	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < n; i++)
		m->h[i]->quit = true;
	pthread_cond_broadcast(&m->cv);
	double until = top_now() + (g->arg_host_timeout < END_GRACE ? g->arg_host_timeout : END_GRACE);
	for (;;) {
		size_t closing = 0;
		for (size_t i = 0; i < n; i++)
			closing += m->h[i]->state == H_READY && m->h[i]->have == m->h[i]->want && !m->h[i]->exited;
		double left = until - top_now();
		if (!closing || left <= 0)
			break;
		pthread_mutex_unlock(&m->mu);
		struct pollfd p = { .fd = m->wake[0], .events = POLLIN };
		poll(&p, 1, (int)(left * 1000) + 1);
		char buf[64];
		while (read(m->wake[0], buf, sizeof(buf)) > 0)
			;
		pthread_mutex_lock(&m->mu);
	}
	/* the threads that ended are joined (all of a thread's own cleanup done
	 * before vmctl exits), the others left to themselves */
	bool *join = xcalloc(n ? n : 1, sizeof(*join));
	for (size_t i = 0; i < n; i++)
		join[i] = m->h[i]->exited;
	pthread_mutex_unlock(&m->mu);
	for (size_t i = 0; i < n; i++)
		if (m->h[i]->started && join[i])
			pthread_join(m->h[i]->tid, NULL);
		else if (m->h[i]->started && pthread_detach(m->h[i]->tid) == 0)
			stopper_abandoned();
	free(join);
	pthread_mutex_lock(&m->mu);
	unref(m);
	if (dropped == n && first_code)
		return fail(first_code, "every host failed");
	return dropped ? VM_EXIT_PARTIAL : VM_EXIT_OK;
}
