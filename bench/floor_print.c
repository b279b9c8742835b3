/* floor_print.c: the floor for vmctl's startup: a C program that only
 * prints one line, as `vmctl --explain pause web1` prints a few. */
#include <stdio.h>

int main(void)
{
	puts("xl pause web1");
	return 0;
}
