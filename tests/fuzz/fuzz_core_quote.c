/* fuzz_core_quote.c: the quoting property.  The input is a list of words
 * separated by NUL bytes.  sh_quote() of each word, and sh_join() of all,
 * must split back (fuzz_core_splitter.c, checked against /bin/sh) into
 * exactly the original words: an explained line cannot run anything but the
 * argv shown.  msg_quote() must give one printable line of bounded length
 * in single quotes; hmp_quote() must unquote (QEMU monitor string rules)
 * into the original word. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "util.h"

int fuzz_core_split(const char *line, struct strvec *out);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_split(const char *line, char *const *words, size_t n)
{
	struct strvec back = STRVEC_INIT;
	if (fuzz_core_split(line, &back) < 0 || back.n != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (strcmp(back.v[i], words[i]) != 0)
			abort();
	strvec_clear(&back);
}

static void check_msg(const char *s)
{
	char *q = msg_quote(s);
	size_t len = strlen(q);
	if (len < 2 || len > 80 * 4 + 5 || q[0] != '\'' || q[len - 1] != '\'')
		abort();
	for (const unsigned char *p = (const unsigned char *)q; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	free(q);
}

/* HMP: a bare word, or "..." in which \" and \\ stand for " and \. */
static void check_hmp(const char *s)
{
	char *q = hmp_quote(s);
	if (q[0] != '"') {
		if (strcmp(q, s) != 0 || !*q || strpbrk(q, " \t\"'\\"))
			abort();
	} else {
		size_t len = strlen(q);
		char *u = malloc(len + 1), *o = u;
		if (!u)
			abort();
		const char *p = q + 1;
		for (; *p && *p != '"'; p++) {
			if (*p == '\\') {
				p++;
				if (*p != '"' && *p != '\\')
					abort();
			}
			*o++ = *p;
		}
		*o = '\0';
		if (*p != '"' || p[1] != '\0' || strcmp(u, s) != 0)
			abort();
		free(u);
	}
	free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	struct strvec words = STRVEC_INIT;
	const uint8_t *p = data, *end = data + size;
	while (p <= end) {
		const uint8_t *z = memchr(p, '\0', (size_t)(end - p));
		if (!z)
			z = end;
		char *w = malloc((size_t)(z - p) + 1);
		if (!w)
			abort();
		memcpy(w, p, (size_t)(z - p));
		w[z - p] = '\0';
		strvec_push(&words, w);
		free(w);
		p = z + 1;
	}
	for (size_t i = 0; i < words.n; i++) {
		char *q = sh_quote(words.v[i]);
		check_split(q, &words.v[i], 1);
		free(q);
		check_msg(words.v[i]);
		check_hmp(words.v[i]);
	}
	char *line = sh_join(words.v);
	check_split(line, words.v, words.n);
	free(line);
	strvec_clear(&words);
	return 0;
}
