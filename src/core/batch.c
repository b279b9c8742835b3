/* batch.c: see batch.h.  POSIX sh token rules without expansion: outside
 * quotes a backslash keeps the next character; '...' keeps everything; in
 * "..." a backslash keeps only $ ` " \ (and is kept before anything else);
 * a '#' that begins a word starts a comment. */
#include "batch.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "vmctl.h"

int split_words(const char *line, struct strvec *out, struct vm_error *err)
{
	size_t len = strlen(line);
	char *word = xmalloc(len + 1);
	size_t w = 0;
	bool in_word = false;
	const char *p = line;
	while (*p) {
		char ch = *p;
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			if (in_word) {
				word[w] = '\0';
				strvec_push(out, word);
				w = 0;
				in_word = false;
			}
			p++;
			continue;
		}
		if (ch == '#' && !in_word)
			break;
		in_word = true;
		if (ch == '\\') {
			if (!p[1] || p[1] == '\n') {
				free(word);
				return vm_error_set(err, VM_EXIT_USAGE, "a backslash ends the line (lines are not continued)");
			}
			word[w++] = p[1];
			p += 2;
		} else if (ch == '\'') {
			const char *end = strchr(p + 1, '\'');
			if (!end) {
				free(word);
				return vm_error_set(err, VM_EXIT_USAGE, "unterminated single quote");
			}
			memcpy(word + w, p + 1, (size_t)(end - p - 1));
			w += (size_t)(end - p - 1);
			p = end + 1;
		} else if (ch == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1] && strchr("$`\"\\", p[1])) {
					word[w++] = p[1];
					p += 2;
				} else {
					word[w++] = *p++;
				}
			}
			if (*p != '"') {
				free(word);
				return vm_error_set(err, VM_EXIT_USAGE, "unterminated double quote");
			}
			p++;
		} else {
			word[w++] = ch;
			p++;
		}
	}
	if (in_word) {
		word[w] = '\0';
		strvec_push(out, word);
	}
	free(word);
	return 0;
}
