/* fuzz_core_splitter.c: an in-process POSIX sh word splitter, written for
 * the tests, independent of vmctl's batch reader.  It accepts only a line
 * that sh would take as plain words with no expansion, redirection or
 * second command, and then returns the words sh would pass to a command;
 * anything else it refuses (-1): an unquoted newline or one of
 * | & ; < > ( ) $ ` * ? [ ] { } ! ^ ~ #, a $ or ` within double quotes, a
 * backslash-newline, a trailing backslash or an unterminated quote.
 * tests/reliability/splitter_vs_sh.py checks it against /bin/sh on a random
 * sample (built with -DFUZZ_CORE_SPLITTER_TOOL: see main() below). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int fuzz_core_split(const char *line, struct strvec *out);

int fuzz_core_split(const char *line, struct strvec *out)
{
	static const char refused[] = "\n|&;<>()$`*?[]{}!^~#";
	size_t len = strlen(line);
	char *word = xmalloc(len + 1);
	size_t w = 0;
	bool in_word = false;
	const char *p = line;
	int rc = 0;
	while (*p) {
		char ch = *p;
		if (ch == ' ' || ch == '\t') {
			if (in_word) {
				word[w] = '\0';
				strvec_push(out, word);
				w = 0;
				in_word = false;
			}
			p++;
			continue;
		}
		in_word = true;
		if (ch == '\\') {
			if (p[1] == '\0' || p[1] == '\n') {
				rc = -1;
				break;
			}
			word[w++] = p[1];
			p += 2;
		} else if (ch == '\'') {
			const char *end = strchr(p + 1, '\'');
			if (!end) {
				rc = -1;
				break;
			}
			memcpy(word + w, p + 1, (size_t)(end - p - 1));
			w += (size_t)(end - p - 1);
			p = end + 1;
		} else if (ch == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '$' || *p == '`') {
					rc = -1;
					break;
				}
				if (*p == '\\' && p[1] == '\n') {
					rc = -1;
					break;
				}
				if (*p == '\\' && p[1] && strchr("\"\\", p[1]))
					p++;
				word[w++] = *p;
			}
			if (rc < 0 || *p != '"') {
				rc = -1;
				break;
			}
			p++;
		} else if (strchr(refused, ch)) {
			rc = -1;
			break;
		} else {
			word[w++] = ch;
			p++;
		}
	}
	if (rc == 0 && in_word) {
		word[w] = '\0';
		strvec_push(out, word);
	}
	free(word);
	return rc;
}

#ifdef FUZZ_CORE_SPLITTER_TOOL
#include "quote.h"

/* fuzz_core_splitter split: the words of standard input, each followed by
 * a NUL byte; exit 3 when refused.  fuzz_core_splitter quote: sh_quote() of
 * standard input (which holds no NUL byte), as is. */
int main(int argc, char **argv)
{
	char *buf = NULL;
	size_t cap = 0, len = 0, got;
	do {
		if (len + 4096 + 1 > cap)
			buf = xrealloc(buf, cap = (len + 4096 + 1) * 2);
		got = fread(buf + len, 1, 4096, stdin);
		len += got;
	} while (got > 0);
	buf[len] = '\0';
	if (argc == 2 && strcmp(argv[1], "split") == 0) {
		struct strvec words = STRVEC_INIT;
		if (fuzz_core_split(buf, &words) < 0) {
			strvec_clear(&words);
			free(buf);
			return 3;
		}
		for (size_t i = 0; i < words.n; i++)
			fwrite(words.v[i], 1, strlen(words.v[i]) + 1, stdout);
		strvec_clear(&words);
	} else if (argc == 2 && strcmp(argv[1], "quote") == 0) {
		char *q = sh_quote(buf);
		fputs(q, stdout);
		free(q);
	} else {
		fputs("usage: fuzz_core_splitter split|quote < INPUT\n", stderr);
		free(buf);
		return 2;
	}
	free(buf);
	return 0;
}
#endif
