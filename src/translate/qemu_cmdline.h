/* qemu_cmdline.h: what the two halves of the qemu-system reader share
 * (qemu_cmdline.c: options, drives, the guest's defaults; qemu_net.c: its
 * NICs and their backends).  Private to src/translate/. */
#ifndef VMCTL_QEMU_CMDLINE_H
#define VMCTL_QEMU_CMDLINE_H

#include "translate_internal.h"

/* A QEMU option value: KEY=VALUE,... with ",," for a comma; a first item
 * without '=' is the value of the implied key. */
struct qkv {
	struct strvec keys, vals;
};
void qkv_parse(const char *s, const char *implied, struct qkv *o);
/* The last value of key, or NULL. */
const char *qkv_get(const struct qkv *o, const char *key);
void qkv_clear(struct qkv *o);
/* Names the keys of o that the translation leaves out. */
void qkv_rest(struct translation *t, const char *opt, const struct qkv *o, const char *used);

#define WORD_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-"
#define MAC_CHARS "0123456789abcdefABCDEF:"

/* A -netdev: its id and what the guest's NIC on it is plugged into. */
struct qnetdev {
	char *id;
	char net;  /* 'u', 't', 'b'; 0: a backend the translation does not write */
	char *type, *dev;
	bool used;
};

struct qctx {
	const char *tool;
	struct translation *t;
	struct qemu_guest *g;
	struct vm_error *err;
	bool net_given, nodefaults;
	struct qnetdev netdevs[QEMU_MAX_NICS];
	size_t nnetdevs;
	char *nic_ref[QEMU_MAX_NICS]; /* the netdev= of a -device NIC, by NIC */
	bool from_device[QEMU_MAX_NICS];
};

/* A word that goes into the XML and xl.cfg as it is: only chars (else
 * the error, and true). */
bool word_bad(struct qctx *c, const char *s, const char *what, const char *chars);

/* qemu_net.c */
int q_net(struct qctx *c, const char *arg, bool nic_too);
int q_netdev(struct qctx *c, const char *arg);
int q_device(struct qctx *c, const char *arg);
/* Puts each -device NIC on the -netdev it names; names what is left out. */
int plug_nics(struct qctx *c);

#endif
