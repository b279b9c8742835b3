/* peakthreads.c: runs a command and samples it every 10 ms (issue 22).
 *   peakthreads -o FILE [-t SEC] COMMAND [ARG...]
 * Every 10 ms reads /proc/PID/status (Threads, VmHWM) and counts PID's
 * child processes (/proc/PID/task/TID/children: ssh transports are
 * processes); at the end appends one line to FILE:
 *   threads=PEAK children=PEAK hwm_kib=LAST_VmHWM maxrss_kib=RU wall_s=S exit=E
 * maxrss_kib is wait4's ru_maxrss, what `/usr/bin/time -f %M` prints (the
 * largest of COMMAND and its reaped children). COMMAND's stdout and stderr
 * are left as they are. Exits with COMMAND's status.
 * -t SEC: after SEC seconds COMMAND gets SIGTERM, 5 s later SIGKILL, and the
 * exit is 124 (as timeout(1); peakthreads samples COMMAND itself, which a
 * timeout(1) in between would hide).
 * Build: cc -O2 -Wall -Wextra -o peakthreads bench/peakthreads.c */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void sample(pid_t pid, long *threads, long *hwm, long *children)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (f) {
		long v;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "Threads: %ld", &v) == 1 && v > *threads)
				*threads = v;
			else if (sscanf(line, "VmHWM: %ld", &v) == 1 && v > *hwm)
				*hwm = v;
		}
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return;
	long kids = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char cp[320];
		snprintf(cp, sizeof(cp), "/proc/%d/task/%s/children", (int)pid, e->d_name);
		FILE *c = fopen(cp, "r");
		if (!c)
			continue;
		int ch;
		long words = 0, in = 0;
		while ((ch = fgetc(c)) != EOF) {
			if (ch == ' ' || ch == '\n')
				in = 0;
			else if (!in)
				in = 1, words++;
		}
		fclose(c);
		kids += words;
	}
	closedir(d);
	if (kids > *children)
		*children = kids;
}

int main(int argc, char **argv)
{
	int a = 3;
	double limit = 0;
	if (argc > 5 && strcmp(argv[3], "-t") == 0) {
		limit = atof(argv[4]);
		a = 5;
	}
	if (argc <= a || strcmp(argv[1], "-o") != 0) {
		fprintf(stderr, "usage: peakthreads -o FILE [-t SEC] COMMAND [ARG...]\n");
		return 2;
	}
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (pid == 0) {
		execvp(argv[a], argv + a);
		perror(argv[a]);
		_exit(127);
	}
	long threads = 0, hwm = 0, children = 0;
	int st = 0, sig = 0;
	struct rusage ru;
	for (;;) {
		double t = now() - t0;
		if (limit > 0 && ((sig == 0 && t > limit) || (sig == SIGTERM && t > limit + 5))) {
			sig = sig ? SIGKILL : SIGTERM;
			kill(pid, sig);
		}
		sample(pid, &threads, &hwm, &children);
		pid_t r = wait4(pid, &st, WNOHANG, &ru);
		if (r == pid)
			break;
		if (r < 0)
			return perror("wait4"), 1;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	double wall = now() - t0;
	int rc = sig ? 124 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	FILE *f = fopen(argv[2], "a");
	if (!f)
		return perror(argv[2]), 1;
	fprintf(f, "threads=%ld children=%ld hwm_kib=%ld maxrss_kib=%ld wall_s=%.3f exit=%d\n", threads, children, hwm,
		ru.ru_maxrss, wall, rc);
	fclose(f);
	return rc;
}
