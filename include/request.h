/* request.h: verb options and operands, parsed and validated once. */
#ifndef VMCTL_REQUEST_H
#define VMCTL_REQUEST_H

#include "util.h"
#include "verbs.h"
#include "vmctl.h"

/* Parses argv[1..argc-1] (argv[0] is the verb) for verb into req, whose
 * backend/uri/lxcpath fields the caller has already set.  argv may be
 * permuted.  Returns 0, 1 when --help was asked for (nothing else is
 * checked), or -1 with err filled (VM_EXIT_USAGE).  In every case, the
 * caller calls request_clear() once done with req. */
int request_parse(const struct verb_def *verb, int argc, char **argv,
		  struct vm_request *req, struct vm_error *err);
/* Frees what request_parse() allocated in req (repeatable options' lists). */
void request_clear(const struct verb_def *verb, struct vm_request *req);

/* A string operand's value (a name, a path ...) in its field or kept by
 * name, or NULL when left out; whether a flag option was given. */
const char *request_operand_str(const struct vm_request *req, const struct operand_def *o);
bool request_flag(const struct vm_request *req, const struct opt_def *d);

#endif
