/* progress.h: the progress display of long operations (progress.c). */
#ifndef VMCTL_PROGRESS_H
#define VMCTL_PROGRESS_H

#include <stdbool.h>

#include "frontend.h"

struct progress;

/* A progress display for row's request when one is wanted (a long
 * operation, standard error a terminal or --progress, neither -q nor
 * -o json), its 0% line written; else NULL. */
struct progress *progress_new(const struct globals *g, const struct verb_def *row, const struct vm_request *req);
/* What the backend calls (req->progress), or NULL for NULL. */
const struct vm_progress *progress_of(struct progress *p);
/* Writes the 100% line when ok and the backend did not, and frees p
 * (NULL is fine).  No report may come after this. */
void progress_end(struct progress *p, bool ok);

#endif
