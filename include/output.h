/* output.h: info and list as text (aligned, documented columns) and JSON
 * (CLI.md's schema, schema_version 1). */
#ifndef VMCTL_OUTPUT_H
#define VMCTL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "backend.h"

/* host: the URI as given with any password removed, or NULL. */
void output_info(FILE *out, const struct vm_guest_info *g, const char *backend, const char *host, bool json);
void output_list(FILE *out, const struct vm_guest_list *l, const char *backend, const char *host, bool json,
		 bool names_only);
void output_snapshots(FILE *out, const char *guest, const struct strvec *names, bool json);

#endif
