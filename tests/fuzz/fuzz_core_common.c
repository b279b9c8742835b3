/* fuzz_core_common.c: what the core fuzz harnesses (fuzz_core_*.c) share.
 * Every error a parser reports must be one a user can read: exit code 2
 * (VM_EXIT_USAGE) and a non-empty message on one line.  A harness calls
 * fuzz_core_check_err() on each refusal; abort() is a libFuzzer crash.
 * Build and run: tests/reliability/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vmctl.h"

void fuzz_core_check_err(const struct vm_error *err);
char *fuzz_core_cstr(const uint8_t *data, size_t size);

void fuzz_core_check_err(const struct vm_error *err)
{
	size_t len = strnlen(err->msg, sizeof err->msg);
	if (err->code != VM_EXIT_USAGE || len == 0 || len == sizeof err->msg || memchr(err->msg, '\n', len) ||
	    memchr(err->msg, '\r', len))
		abort();
}

/* The input as a C string (it ends at its first NUL byte, as argv would). */
char *fuzz_core_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
