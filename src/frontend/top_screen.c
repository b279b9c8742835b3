/* top_screen.c: top's screen (modules/vmctl-top.so), drawn with ncurses as
 * xl top and virt-top draw theirs.  See screen.h. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "screen.h"

static SCREEN *scr;

static int screen_open(char *why, size_t len)
{
	/* newterm, not initscr: initscr exits the process when it fails */
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *t = getenv("TERM");
		snprintf(why, len, "cannot draw on terminal type '%s'", t ? t : "");
		return -1;
	}
	set_term(scr);
	cbreak(); /* keys one at a time; Ctrl-C still a SIGINT */
	noecho();
	nodelay(stdscr, TRUE);
	keypad(stdscr, TRUE);
	curs_set(0);
	return 0;
}

static void screen_close(void)
{
	if (!scr)
		return;
	endwin();
	delscreen(scr);
	scr = NULL;
}

static void screen_resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

static enum screen_key screen_key(void)
{
	int c = getch();
	switch (c) {
	case ERR:
		return SCREEN_NONE;
	case 'q':
	case 'Q':
		return SCREEN_QUIT;
	case 'c':
		return SCREEN_SORT_CPU;
	case 'm':
		return SCREEN_SORT_MEM;
	case 'n':
		return SCREEN_SORT_NAME;
	case 's':
		return SCREEN_SORT_NEXT;
	case KEY_RESIZE:
		return SCREEN_REDRAW;
	case 'L' - '@': /* Ctrl-L */
		clearok(curscr, TRUE);
		return SCREEN_REDRAW;
	default:
		return SCREEN_NONE;
	}
}

/* One table line at row y: each cell padded to its column's width, two
 * spaces between columns, cut at the screen's right edge; the heading
 * marks the sort column with a '*'. */
static void put_row(int y, const struct screen_table *t, const char *const *cells, const int *w, bool head)
{
	char line[1024];
	size_t len = 0;
	for (size_t k = 0; k < t->ncols && len + 1 < sizeof(line); k++) {
		char cell[260];
		bool mark = head && k == t->sorted;
		snprintf(cell, sizeof(cell), "%s%s%s", mark && t->right[k] ? "*" : "", cells[k],
			 mark && !t->right[k] ? "*" : "");
		int n = snprintf(line + len, sizeof(line) - len, t->right[k] ? "%s%*s" : "%s%-*s", k ? "  " : "", w[k],
				 cell);
		if (n < 0)
			break;
		len += (size_t)n;
	}
	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	/* the heading's colour goes across the whole line */
	while (head && len < (size_t)COLS && len + 1 < sizeof(line))
		line[len++] = ' ';
	line[len] = '\0';
	move(y, 0);
	clrtoeol();
	mvaddnstr(y, 0, line, COLS);
}

static void screen_draw(const struct screen_table *t)
{
	int w[32] = { 0 };
	size_t ncols = t->ncols < 32 ? t->ncols : 32;
	for (size_t k = 0; k < ncols; k++) {
		w[k] = (int)strlen(t->heads[k]) + 1;
		for (size_t i = 0; i < t->nrows; i++)
			if ((int)strlen(t->cells[i * t->ncols + k]) > w[k])
				w[k] = (int)strlen(t->cells[i * t->ncols + k]);
		if (t->totals && (int)strlen(t->totals[k]) > w[k])
			w[k] = (int)strlen(t->totals[k]);
		if (w[k] > 255)
			w[k] = 255;
	}
	erase();
	mvaddnstr(0, 0, t->title, COLS);
	int y = 2;
	attron(A_REVERSE);
	put_row(y++, t, t->heads, w, true);
	attroff(A_REVERSE);
	int last = LINES - 2; /* rows left for guests: the totals and the help line stay */
	for (size_t i = 0; i < t->nrows && y < last - (t->totals ? 1 : 0); i++)
		put_row(y++, t, t->cells + i * t->ncols, w, false);
	if (t->totals && y < LINES - 1) {
		attron(A_BOLD);
		put_row(y++, t, t->totals, w, false);
		attroff(A_BOLD);
	}
	if (LINES > 3)
		mvaddnstr(LINES - 1, 0, t->help, COLS);
	refresh();
}

static const struct screen_ops top_screen = {
	.abi = VMCTL_SCREEN_ABI,
	.open = screen_open,
	.draw = screen_draw,
	.resize = screen_resize,
	.key = screen_key,
	.close = screen_close,
};

__attribute__((visibility("default"))) const struct screen_ops *vmctl_screen_entry(unsigned abi);

const struct screen_ops *vmctl_screen_entry(unsigned abi)
{
	return abi == VMCTL_SCREEN_ABI ? &top_screen : NULL;
}
