/* screen.h: the one typed, versioned entry point of top's screen module
 * (modules/vmctl-top.so, which alone links ncurses).  top opens it only
 * when it draws a screen on a terminal, so that no other verb, and no
 * --explain, loads ncurses.  The module draws what it is given and reads
 * keys; the sampling, the sorting and every figure's text are top.c's. */
#ifndef VMCTL_SCREEN_H
#define VMCTL_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#define VMCTL_SCREEN_ABI 1
#define VMCTL_SCREEN_ENTRY "vmctl_screen_entry"

/* One screenful: a title line, a table (cells row-major, nrows x ncols;
 * right[k]: column k is aligned right; sorted: the column of the sort key,
 * marked in the heading), a last table line (the totals, or NULL), and a
 * help line at the bottom. */
struct screen_table {
	const char *title;
	size_t ncols, nrows;
	const char *const *heads;
	const bool *right;
	size_t sorted;
	const char *const *cells;
	const char *const *totals;
	const char *help;
};

enum screen_key { SCREEN_NONE, SCREEN_QUIT, SCREEN_SORT_CPU, SCREEN_SORT_MEM, SCREEN_SORT_NAME, SCREEN_SORT_NEXT,
		  SCREEN_REDRAW };

struct screen_ops {
	unsigned abi; /* VMCTL_SCREEN_ABI */
	/* Takes the terminal on standard input and output: 0, or -1 with a
	 * reason in why.  The caller has installed its own SIGWINCH handler
	 * first (ncurses then installs none) and calls resize on a change. */
	int (*open)(char *why, size_t len);
	void (*draw)(const struct screen_table *t);
	/* The terminal's size changed: read it again (the next draw uses it). */
	void (*resize)(void);
	/* The next key typed, without waiting: SCREEN_NONE when there is none;
	 * q quits; c, m, n sort by CPU, memory, name; s cycles the sort keys;
	 * Ctrl-L and KEY_RESIZE redraw. */
	enum screen_key (*key)(void);
	/* Gives the terminal back as it was. */
	void (*close)(void);
};

typedef const struct screen_ops *(*vmctl_screen_entry_fn)(unsigned abi);

#endif
