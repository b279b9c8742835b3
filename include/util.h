/* util.h: allocation that cannot fail silently, NULL-terminated string
 * vectors that own their strings, and the error value that travels up from
 * parsers and backends to the one place that prints it (src/frontend/report.c). */
#ifndef VMCTL_UTIL_H
#define VMCTL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* On allocation failure these print "vmctl: out of memory" and exit 1. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
/* Returns a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A string vector: v is NULL-terminated after any push, owns its strings. */
struct strvec {
	char **v;
	size_t n;
	size_t alloc;
};
#define STRVEC_INIT { NULL, 0, 0 }

void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the strings and the array; sv may be reused afterwards. */
void strvec_clear(struct strvec *sv);

/* Opens path for reading as a stream only when it is a regular file: a
 * FIFO, a device or a directory is refused without blocking.  NULL with
 * errno set (EINVAL for "not a regular file") on failure. */
FILE *fopen_regular(const char *path);
/* errno's text, or "not a regular file" for fopen_regular's EINVAL. */
const char *fopen_regular_error(int e);

/* Optimal string alignment distance (Levenshtein with adjacent
 * transpositions) of a[0..la) and b[0..lb); 99 when either is over 40
 * bytes.  For did-you-mean hints. */
size_t edit_distance(const char *a, size_t la, const char *b, size_t lb);

/* An error going up: an exit code (enum vm_exit) and one line of text,
 * without the "vmctl: " prefix and without a final newline. */
struct vm_error {
	int code;
	char msg[1024];
};

/* Fills err and returns -1, so that callers can write
 * `return vm_error_set(err, VM_EXIT_USAGE, "...")`. */
int vm_error_set(struct vm_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
