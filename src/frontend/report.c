/* report.c: the frontend's one error printer (errors are returned below and
 * printed here, once). */
#include <stdarg.h>
#include <stdio.h>

#include "frontend.h"

static unsigned current_line;
static bool exec_mode;

void report_exec_mode(bool on)
{
	exec_mode = on;
}

/* What an exit code means, as vmctl(1)'s table says. */
static const char *code_meaning(int code)
{
	static const char *const m[] = { [1] = "failed", [2] = "usage", [3] = "no such guest", [4] = "not supported",
					 [5] = "unavailable", [6] = "partial" };
	return code > 0 && code < (int)(sizeof(m) / sizeof(m[0])) ? m[code] : "failed";
}

void report_set_line(unsigned line)
{
	current_line = line;
}

int fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("vmctl: ", stderr);
	if (current_line)
		fprintf(stderr, "line %u: ", current_line);
	if (exec_mode && code != 0)
		fprintf(stderr, "%s (%d): ", code_meaning(code), code);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return exec_mode && code != 0 ? VM_EXIT_EXEC_OWN : code;
}

int fail_err(const struct vm_error *err)
{
	return fail(err->code, "%s", err->msg);
}

void note(const struct globals *g, const char *fmt, ...)
{
	if (g->arg_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("vmctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
