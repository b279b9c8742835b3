/* quote.c: see quote.h */
#include "quote.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "validate.h"

static const char sh_safe[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-";

char *sh_quote(const char *s)
{
	size_t len = strlen(s);
	if (len > 0 && strspn(s, sh_safe) == len)
		return xstrdup(s);
	size_t quotes = 0;
	for (const char *p = s; *p; p++)
		quotes += *p == '\'';
	char *out = xmalloc(len + quotes * 3 + 3);
	char *o = out;
	*o++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

char *sh_join(char *const *argv)
{
	size_t cap = 64, len = 0;
	char *out = xmalloc(cap);
	out[0] = '\0';
	for (size_t i = 0; argv && argv[i]; i++) {
		char *q = sh_quote(argv[i]);
		size_t ql = strlen(q);
		if (len + ql + 2 > cap) {
			while (len + ql + 2 > cap)
				cap *= 2;
			out = xrealloc(out, cap);
		}
		if (i > 0)
			out[len++] = ' ';
		memcpy(out + len, q, ql + 1);
		len += ql;
		free(q);
	}
	return out;
}

#define MSG_QUOTE_MAX 80

char *msg_quote(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	int valid = utf8_valid(s);
	char *out = xmalloc(MSG_QUOTE_MAX * 4 + 8);
	char *o = out;
	size_t n = 0;
	*o++ = '\'';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
		if (n == MSG_QUOTE_MAX) {
			memcpy(o, "...", 3);
			o += 3;
			break;
		}
		if (*p < 0x20 || *p == 0x7f || *p == '\\' || (*p >= 0x80 && !valid)) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

char *hmp_quote(const char *s)
{
	if (*s && !strpbrk(s, " \t\"'\\"))
		return xstrdup(s);
	char *out = xmalloc(strlen(s) * 2 + 3);
	char *o = out;
	*o++ = '"';
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}
