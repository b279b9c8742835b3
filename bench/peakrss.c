/* peakrss.c: runs a command and reports its peak resident set size.
 *   peakrss [-o FILE] COMMAND [ARG...]
 * Waits for COMMAND with wait4() and writes its ru_maxrss (KiB; with a
 * shell loop, the largest process of the loop) as one line, appended to
 * FILE, or on stderr as "peakrss KiB".  COMMAND's stdout goes to /dev/null.
 * Exits with COMMAND's status.  Costs one fork and exec (well under a
 * millisecond), so bench/run.sh wraps every timed list/bulk command in it. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *out = NULL;
	int a = 1;
	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out = argv[2];
		a = 3;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: peakrss [-o FILE] COMMAND [ARG...]\n");
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execvp(argv[a], argv + a);
		perror(argv[a]);
		_exit(127);
	}
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) < 0)
		return perror("wait4"), 1;
	FILE *f = out ? fopen(out, "a") : NULL;
	if (f) {
		fprintf(f, "%ld\n", ru.ru_maxrss);
		fclose(f);
	} else {
		fprintf(stderr, "peakrss %ld\n", ru.ru_maxrss);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
