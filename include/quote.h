/* quote.h: quoting for the three places vmctl prints a string that someone
 * else will read: a POSIX shell, a one-line message, the QEMU monitor.
 * Every function returns a new string that the caller frees. */
#ifndef VMCTL_QUOTE_H
#define VMCTL_QUOTE_H

/* POSIX sh quoting, only where needed: a word made only of
 * [A-Za-z0-9_@%+=:,./-] (and not empty) is left bare; anything else is put in
 * single quotes, a ' becoming '\''.  Pasted into sh, it is exactly s. */
char *sh_quote(const char *s);
/* The words of a NULL-terminated argv, each sh_quote()d, joined by spaces. */
char *sh_join(char *const *argv);
/* For messages: 's' in single quotes with control bytes, invalid UTF-8 and
 * backslashes written as \xNN, cut to 80 bytes with "..." after. */
char *msg_quote(const char *s);
/* A QEMU monitor (HMP) string argument: bare when it holds no space, quote
 * or backslash, else in double quotes with \" and \\ escaped. */
char *hmp_quote(const char *s);

#endif
