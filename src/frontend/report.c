/* report.c: the frontend's one error printer (errors are returned below and
 * printed here, once). */
#include <stdarg.h>
#include <stdio.h>

#include "frontend.h"

static unsigned current_line;

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
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return code;
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
