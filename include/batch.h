/* batch.h: words of a batch line, split as sh splits them (single and
 * double quotes, backslashes, '#' comments; no expansion of any kind). */
#ifndef VMCTL_BATCH_H
#define VMCTL_BATCH_H

#include "util.h"

/* Appends the words of line to out.  Returns 0, or -1 with err filled
 * (VM_EXIT_USAGE) for an unterminated quote or a trailing backslash. */
int split_words(const char *line, struct strvec *out, struct vm_error *err);

#endif
