/* stop.c: see stop.h */
#include "stop.h"

#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* The one stopper of this process: the signal handlers reach it here. */
static struct vm_stop *live_stop;
static int stop_wr = -1;
static volatile sig_atomic_t why_stopped; /* 0, SIGINT, SIGTERM, SIGALRM, SIGPIPE */

static void poke(char c)
{
	if (stop_wr >= 0) {
		int e = errno;
		ssize_t w = write(stop_wr, &c, 1); /* a full pipe already wakes the reader */
		(void)w;
		errno = e;
	}
}

void stopper_stop(int why)
{
	if (!why_stopped)
		why_stopped = why;
	if (live_stop)
		live_stop->flag = 1;
	poke('x');
}

int stopper_why(void)
{
	return why_stopped;
}

static void on_signal(int sig)
{
	if (sig == SIGWINCH)
		poke('w');
	else
		stopper_stop(sig);
}

static void arm(int sig, struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, old);
}

int stopper_arm(struct stopper *s, bool winch)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	memset(s, 0, sizeof(*s));
	s->stop.fd = fds[0];
	s->wr = fds[1];
	s->winch = winch;
	why_stopped = 0;
	live_stop = &s->stop;
	stop_wr = s->wr;
	arm(SIGINT, &s->old_int);
	arm(SIGTERM, &s->old_term);
	arm(SIGALRM, &s->old_alrm);
	if (winch)
		arm(SIGWINCH, &s->old_winch);
	return 0;
}

void stopper_disarm(struct stopper *s)
{
	sigaction(SIGINT, &s->old_int, NULL);
	sigaction(SIGTERM, &s->old_term, NULL);
	sigaction(SIGALRM, &s->old_alrm, NULL);
	if (s->winch)
		sigaction(SIGWINCH, &s->old_winch, NULL);
	live_stop = NULL;
	stop_wr = -1;
	close(s->stop.fd);
	close(s->wr);
}

bool stopper_drain(struct stopper *s)
{
	bool winch = false;
	char buf[64];
	ssize_t n;
	while ((n = read(s->stop.fd, buf, sizeof(buf))) > 0)
		if (memchr(buf, 'w', (size_t)n))
			winch = true;
	return winch;
}

static atomic_uint abandoned;

void stopper_abandoned(void)
{
	atomic_fetch_add(&abandoned, 1);
}

bool stopper_any_abandoned(void)
{
	return atomic_load(&abandoned) > 0;
}
