/* uri.h: libvirt URIs as vmctl shows them. */
#ifndef VMCTL_URI_H
#define VMCTL_URI_H

/* Returns a new copy of uri without the password of its user information
 * ("qemu+ssh://u:pw@h/system" -> "qemu+ssh://u@h/system"); the caller frees. */
char *uri_redact(const char *uri);
/* For a migrate DEST: a new string with the host of a URI ("qemu+ssh://h/x"
 * -> "h"), or a copy of DEST when it is a bare host; the caller frees. */
char *uri_host(const char *dest);
/* 1 when s looks like a URI (has "://" or is "scheme:///..."). */
int uri_is_uri(const char *s);
/* 1 when a libvirt URI reaches its driver over a network: a transport
 * ("qemu+ssh://", "test+tcp://") or a host ("qemu://h/system"); 0 for
 * "test:///default", "qemu:///system" and NULL. */
int uri_is_remote(const char *uri);

#endif
