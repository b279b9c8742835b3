/* options.c: the option tables a native command line is read against.
 * Runs translate on the words given (a native command, as after `vmctl
 * translate`) and prints, for each option table the reader scanned the
 * words with, one line per option:
 *
 *   WHO <tab> AT <tab> END <tab> -s <tab> --long <tab> value|flag
 *
 * With no arguments, it reads commands from stdin instead, one a line, the
 * words separated by tabs, and starts each of its lines with the number of
 * the command (from 1) and a tab.
 *
 * AT is the index, in the words given, where the scanned words start (-1
 * when the reader scanned words of its own); END is 1 when an option may
 * also follow the operands (getopt_long, vzctl), else 0; "-" for a missing
 * name.
 * tests/translate/options.py adds each option to a command translate
 * understands and checks that the answer changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translate.h"
#include "translate_internal.h"

static char **given;
static int ngiven;
static unsigned lineno;

static void observe(const char *who, enum nscan_style style, const struct nopt *spec, int argc, char **argv)
{
	int at = -1;
	for (int i = 0; i <= ngiven; i++)
		if (given + i == argv && i + argc <= ngiven)
			at = i;
	for (const struct nopt *o = spec; o->id; o++) {
		if (lineno)
			printf("%u\t", lineno);
		printf("%s\t%d\t%d\t%s%c\t%s%s\t%s\n", who, at, style != NSCAN_POSIX, o->s ? "-" : "", o->s ? o->s : '-', o->l ? "--" : "-",
		       o->l ? o->l : "", o->value ? "value" : "flag");
	}
}

static void one(int argc, char **argv)
{
	given = argv;
	ngiven = argc;
	struct translation t;
	struct vm_error err = { 0 };
	translate_argv(argc, argv, &t, &err);
	translation_clear(&t);
}

int main(int argc, char **argv)
{
	nscan_observer = observe;
	if (argc > 1) {
		one(argc - 1, argv + 1);
		return 0;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		char *words[256];
		int nw = 0;
		for (char *save = NULL, *w = strtok_r(line, "\t", &save); w && nw < 256; w = strtok_r(NULL, "\t", &save))
			words[nw++] = w;
		if (nw)
			one(nw, words);
	}
	free(line);
	return 0;
}
