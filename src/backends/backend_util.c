/* backend_util.c: what the backend modules share (backend_util.h): the
 * "cannot VERB 'GUEST': REASON" error, the "already in that state" note,
 * the monotonic clock and sleeps, and reading a small file.  Compiled into
 * every module, so that each stays one self-contained .so. */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend_util.h"
#include "quote.h"

int cannot(struct vm_error *err, int code, const char *what, const char *guest, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *reason = xvasprintf(fmt, ap);
	va_end(ap);
	if (guest) {
		char *q = msg_quote(guest);
		vm_error_set(err, code, "cannot %s %s: %s", what, q, reason);
		free(q);
	} else {
		vm_error_set(err, code, "cannot %s: %s", what, reason);
	}
	free(reason);
	return -1;
}

void note(struct vm_result *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->note, sizeof(res->note), fmt, ap);
	va_end(ap);
}

void already(struct vm_result *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	res->already = true;
	vsnprintf(res->note, sizeof(res->note), fmt, ap);
	va_end(ap);
}

double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

char *read_small_file(const char *path, size_t max_mib, size_t *len, struct vm_error *err)
{
	size_t max = max_mib << 20;
	FILE *f = fopen(path, "re");
	if (!f) {
		char *q = msg_quote(path);
		vm_error_set(err, VM_EXIT_USAGE, "cannot read %s: %s", q, strerror(errno));
		free(q);
		return NULL;
	}
	size_t cap = 4096, n = 0, got;
	char *buf = xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (max && n > max)
			break;
		if (cap - n < 2)
			buf = xrealloc(buf, cap *= 2);
	}
	bool bad = max && ferror(f);
	fclose(f);
	if (bad || (max && n > max)) {
		char *q = msg_quote(path);
		if (bad)
			vm_error_set(err, VM_EXIT_USAGE, "cannot read %s: read error", q);
		else
			vm_error_set(err, VM_EXIT_USAGE, "cannot read %s: larger than %zu MiB", q, max_mib);
		free(q);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

#ifdef VMCTL_TEST_HOOKS
void test_kill_at(const char *step)
{
	const char *at = getenv("VMCTL_TEST_KILL_AT");
	if (at && strcmp(at, step) == 0)
		raise(SIGKILL);
}
#endif
