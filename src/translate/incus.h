/* incus.h: what the two files of the incus reader share (incus.c: the
 * command table, the instance life cycle, watching; incus_config.c:
 * config, devices, create, storage and networks). */
#ifndef VMCTL_TRANSLATE_INCUS_H
#define VMCTL_TRANSLATE_INCUS_H

#include "translate_internal.h"

/* Option ids: the globals of cmd/incus/main.go, then each command's own. */
enum {
	I_HELP = 1, I_VERSION, I_PROJECT, I_LOCAL, I_LOG, I_SUBCMDS,
	I_ALL, I_FORCE, I_TIMEOUT, I_STATEFUL, I_STATELESS, I_CONSOLE, I_INTERACTIVE,
	I_COLUMNS, I_FORMAT, I_FAST, I_ALLPROJ, I_TARGET, I_SHOWLOG, I_RESOURCES, I_EXPANDED,
	I_PROPERTY, I_TYPE, I_ENV, I_MODE, I_TTY, I_NOTTY, I_NOSTDIN, I_USER, I_CWD,
	I_CONFIG, I_PROFILE, I_DEVICE, I_EPHEMERAL, I_NETWORK, I_STORAGE, I_NOPROFILES, I_EMPTY,
	I_VM, I_NOEXPIRY, I_REUSE, I_EXPIRY, I_INSTONLY, I_XMODE, I_TPROJECT, I_ALLOWINC,
	I_PRETTY, I_LOGLEVEL, I_REFRESH, I_INTERVAL, I_DESCRIPTION,
};

#define INCUS_GLOBALS \
	{ 0, "version", false, I_VERSION }, { 'h', "help", false, I_HELP }, { 0, "force-local", false, I_LOCAL }, \
	{ 0, "project", true, I_PROJECT }, { 0, "debug", false, I_LOG }, { 'v', "verbose", false, I_LOG }, \
	{ 'q', "quiet", false, I_LOG }, { 0, "sub-commands", false, I_SUBCMDS }, { 0, NULL, false, 0 }

struct icmd;

/* One incus command being read. */
struct ictx {
	const char *who;       /* "incus stop" */
	const struct icmd *cmd;
	struct nscan sc;       /* its options (with the globals) and operands */
	const char *console;   /* --console[=TYPE]: the type ("console" when none given), or NULL */
	struct translation *t;
	struct vm_error *err;
};

struct icmd {
	const char *path;      /* the command's words: "config device add" */
	const struct nopt *opts;
	const char *usage;
	int (*run)(struct ictx *c);
	int min, max;          /* operands, as its CheckArgs; max -1: any */
};

/* The instance of an operand "[REMOTE:]NAME": NAME, with a note when a
 * remote other than local is named.  NULL with err filled when NAME is
 * empty. */
const char *incus_instance(struct ictx *c, const char *op);
/* Each option of id given, named as having no vmctl equivalent. */
void incus_not_expressed(struct ictx *c, int id, const char *what);
/* "incus create" and the rest of incus_config.c. */
int i_config_show(struct ictx *c);
int i_config_set(struct ictx *c);
int i_config_get(struct ictx *c);
int i_config_unset(struct ictx *c);
int i_device_add(struct ictx *c);
int i_device_remove(struct ictx *c);
int i_device_list(struct ictx *c);
int i_device_set(struct ictx *c);
int i_create(struct ictx *c);
int i_storage_list(struct ictx *c);
int i_storage_create(struct ictx *c);
int i_storage_delete(struct ictx *c);
int i_volume_list(struct ictx *c);
int i_network_list(struct ictx *c);
int i_network_show(struct ictx *c);
int i_network_create(struct ictx *c);
int i_network_delete(struct ictx *c);

#endif
