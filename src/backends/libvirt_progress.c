/* libvirt_progress.c: progress of the long operations (save, migrate,
 * snapshot create, image-convert) while they block the calling thread: a
 * second thread asks every 500 ms how far the operation is (the domain's
 * job statistics, or the growing destination volume) on the same
 * connection, which libvirt allows from several threads at once. */
#include <errno.h>
#include <libvirt/virterror.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "backend_util.h"
#include "libvirt_internal.h"

#define PROGRESS_EVERY_MS 500

struct lv_progress {
	const struct vm_progress *to;
	int (*probe)(void *ctx, uint64_t *done, uint64_t *total);
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool finished, started;
	uint64_t total;        /* the last total known (0: none yet) */
	uint64_t done;         /* the last amount reported */
};

static void *poll_thread(void *arg)
{
	struct lv_progress *p = arg;
	pthread_mutex_lock(&p->lock);
	while (!p->finished) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += PROGRESS_EVERY_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!p->finished && pthread_cond_timedwait(&p->wake, &p->lock, &until) != ETIMEDOUT)
			;
		if (p->finished)
			break;
		pthread_mutex_unlock(&p->lock);
		uint64_t done = 0, total = 0;
		int known = p->probe(p->ctx, &done, &total);
		pthread_mutex_lock(&p->lock);
		/* the whole is reported once, by lv_progress_end, when it is over */
		if (known <= 0 || p->finished || total == 0 || done >= total)
			continue;
		if (total != p->total || done != p->done) { /* only what changed */
			p->total = total;
			p->done = done;
			p->to->report(p->to->ctx, done, total);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct lv_progress *lv_progress_start(const struct vm_progress *to,
				      int (*probe)(void *ctx, uint64_t *done, uint64_t *total), void *ctx)
{
	if (!to || !to->report)
		return NULL;
	struct lv_progress *p = xcalloc(1, sizeof(*p));
	p->to = to;
	p->probe = probe;
	p->ctx = ctx;
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->wake, &ca);
	pthread_condattr_destroy(&ca);
	to->report(to->ctx, 0, 0);
	p->started = probe && pthread_create(&p->thread, NULL, poll_thread, p) == 0;
	return p;
}

void lv_progress_end(struct lv_progress *p, bool ok)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->finished = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	if (p->started)
		pthread_join(p->thread, NULL);
	if (ok) /* a total never learnt: the whole is 100 % */
		p->to->report(p->to->ctx, p->total ? p->total : 100, p->total ? p->total : 100);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

/* The domain's job: data total less data remaining (memory and disks),
 * else the same of memory.  0 while there is no job or no figure
 * (an internal snapshot's savevm gives none). */
int lv_probe_job(void *ctx, uint64_t *done, uint64_t *total)
{
	virDomainPtr d = ctx;
	int type = VIR_DOMAIN_JOB_NONE, n = 0;
	virTypedParameterPtr params = NULL;
	if (virDomainGetJobStats(d, &type, &params, &n, 0) < 0) {
		virResetLastError();
		return -1;
	}
	unsigned long long left = 0, tot = 0;
	int known = 0;
	/* total less remaining, as virsh migrate --verbose: a live migration
	 * sends dirtied pages again, so "processed" passes the total */
	if (type != VIR_DOMAIN_JOB_NONE) {
		if (virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_DATA_TOTAL, &tot) == 1 && tot > 0 &&
		    virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_DATA_REMAINING, &left) == 1)
			known = 1;
		else if (virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_MEMORY_TOTAL, &tot) == 1 && tot > 0 &&
			 virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_MEMORY_REMAINING, &left) == 1)
			known = 1;
	}
	unsigned long long dn = known && left < tot ? tot - left : 0;
	virTypedParamsFree(params, n);
	*done = dn;
	*total = tot;
	return known;
}
