/* xlcfg.h: the xl.cfg(5) of a neutral create spec (src/core/xlcfg.c),
 * shared by the xen backend, which writes it, and --explain, which shows it. */
#ifndef VMCTL_XLCFG_H
#define VMCTL_XLCFG_H

#include "request.h"
#include "util.h"

/* value as an xl.cfg string for option opt ("--disk", shown in the
 * message): "..." unless it holds a double quote, then '...', a backslash
 * doubled; NULL with err filled (exit 2) when no quoting can hold it. */
char *xlcfg_quote(const char *opt, const char *value, struct vm_error *err);
/* 0, or -1 with err filled: exit 4 for what xl.cfg cannot say (a libvirt
 * network, a template, a PV CD...), exit 2 for words that contradict
 * themselves.  Reads nothing from disk. */
int xlcfg_check(const struct vm_request *req, struct vm_error *err);
/* The whole file for a spec xlcfg_check accepted, a new string; NULL with
 * err filled (exit 2: a value xl.cfg cannot quote). */
char *xlcfg_text(const struct vm_request *req, struct vm_error *err);

#endif
