/* output.h: info and list as text (aligned, documented columns) and JSON
 * (vmctl(1), JSON OUTPUT: schema_version 1). */
#ifndef VMCTL_OUTPUT_H
#define VMCTL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "backend.h"

/* A byte count as text with a binary unit ("1.50 GiB", "512 B"). */
void output_bytes_text(char *buf, size_t len, unsigned long long b);

/* g->backend and g->host (the URI as given without password, or NULL) are
 * the frontend's: set them before printing. */
void output_info(FILE *out, const struct vm_guest_info *g, bool json);
/* Several guests (info on several hosts) as a JSON "guests" array, or text
 * blocks separated by an empty line. */
void output_infos(FILE *out, const struct vm_guest_list *l, bool json);
/* show_host/show_backend add the HOST and BACKEND columns in text. */
void output_list(FILE *out, const struct vm_guest_list *l, bool json, bool names_only, bool show_host,
		 bool show_backend);
/* One line of a bulk verb's JSON results. */
struct bulk_result {
	const char *guest, *host, *backend, *result; /* result: done, already, failed */
	int exit;
	const char *message;
};
void output_bulk(FILE *out, const char *verb, const struct bulk_result *r, size_t n);
void output_snapshots(FILE *out, const char *guest, const struct strvec *names, bool json);
/* A record list: text columns headed by the keys in capitals ("-" for an
 * empty value), or JSON {"schema_version":1,"WHAT":[...]}. */
void output_records(FILE *out, const char *what, const struct vm_records *l, bool json);
/* One record, as info shows a guest: "Key: value" lines (JSON: one object
 * with schema_version). */
void output_record_keyed(FILE *out, const struct vm_record *r, bool json);
/* One record of a stream: its values shell-quoted on one line, or one
 * JSON object a line; flushed. */
void output_record_line(FILE *out, const struct vm_record *r, bool json);
/* A second-wave changing verb's JSON: {"schema_version":1,"verb":..,
 * "result":"done|already","removed":[...]}. */
void output_change(FILE *out, const char *verb, bool already, const struct strvec *removed);
/* config: the text as it is (a final newline added when missing), or JSON
 * {"schema_version":1,"guest":..,"config":{"format":..,"text":..}}. */
void output_config(FILE *out, const char *guest, const char *format, const char *text, bool json);
/* Now as RFC 3339 in local time, to the millisecond (48 bytes are enough). */
void output_now_rfc3339(char *buf, size_t len);

#endif
