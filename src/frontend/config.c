/* config.c: defaults from the configuration files and VMCTL_BACKEND.
 * Format: "key = value" lines, '#' comments, blank lines; keys: backend,
 * connect, lxcpath, output.  The command line wins over VMCTL_BACKEND, which
 * wins over ~/.config/vmctl/config, which wins over /etc/vmctl.conf. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "quote.h"
#include "validate.h"

/* Strings the globals point to, freed at exit by config_free(). */
static struct strvec kept = STRVEC_INIT;

void config_free(void)
{
	strvec_clear(&kept);
}

static const char *keep(const char *s)
{
	strvec_push(&kept, s);
	return kept.v[kept.n - 1];
}

struct settings {
	enum vm_backend_id backend;
	const char *connect, *lxcpath;
	int json; /* -1 unset */
};

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int bad(struct vm_error *err, const char *path, unsigned line, const char *what, const char *s)
{
	char *q = msg_quote(s);
	vm_error_set(err, VM_EXIT_USAGE, "%s:%u: %s %s", path, line, what, q);
	free(q);
	return -1;
}

static int read_file(const char *path, struct settings *st, struct vm_error *err)
{
	FILE *f = fopen_regular(path);
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return vm_error_set(err, VM_EXIT_USAGE, "cannot read %s: %s", path, fopen_regular_error(errno));
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned n = 0;
	int rc = 0;
	struct vm_error verr = { 0 };
	ssize_t len;
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		n++;
		if (strlen(line) != (size_t)len) {
			rc = vm_error_set(err, VM_EXIT_USAGE, "%s:%u: a NUL byte in the line", path, n);
			break;
		}
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			rc = bad(err, path, n, "expected 'key = value', not", s);
			break;
		}
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		if (strcmp(key, "backend") == 0) {
			if (vm_backend_parse(val, &st->backend) < 0)
				rc = bad(err, path, n, "unknown backend", val);
		} else if (strcmp(key, "connect") == 0) {
			if (validate_uri_arg(val, &verr) < 0)
				rc = bad(err, path, n, "invalid URI", val);
			else
				st->connect = keep(val);
		} else if (strcmp(key, "lxcpath") == 0) {
			if (validate_path(val, "lxcpath", &verr) < 0)
				rc = bad(err, path, n, "invalid lxcpath", val);
			else
				st->lxcpath = keep(val);
		} else if (strcmp(key, "output") == 0) {
			if (strcmp(val, "json") == 0 || strcmp(val, "text") == 0)
				st->json = strcmp(val, "json") == 0;
			else
				rc = bad(err, path, n, "unknown output format", val);
		} else {
			rc = bad(err, path, n, "unknown key", key);
		}
	}
	if (rc == 0 && ferror(f))
		rc = vm_error_set(err, VM_EXIT_USAGE, "cannot read %s: %s", path, strerror(errno));
	free(line);
	fclose(f);
	return rc;
}

int config_load(struct globals *g, bool backend_given, bool lxcpath_given, bool output_given, struct vm_error *err)
{
	struct settings st = { .backend = BACKEND_NONE, .json = -1 };
	const char *sys = getenv("VMCTL_SYSTEM_CONFIG"); /* for tests */
	if (read_file(sys && *sys ? sys : "/etc/vmctl.conf", &st, err) < 0)
		return -1;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *user = xdg && *xdg ? xasprintf("%s/vmctl/config", xdg)
		     : home && *home ? xasprintf("%s/.config/vmctl/config", home) : NULL;
	int rc = user ? read_file(user, &st, err) : 0;
	free(user);
	if (rc < 0)
		return -1;
	const char *env = getenv("VMCTL_BACKEND");
	if (env && *env && vm_backend_parse(env, &st.backend) < 0) {
		char *q = msg_quote(env);
		vm_error_set(err, VM_EXIT_USAGE, "VMCTL_BACKEND: unknown backend %s; use %s", q, vm_backend_names());
		free(q);
		return -1;
	}
	if (!backend_given)
		g->arg_backend = st.backend;
	if (g->arg_uris.n == 0 && st.connect && (g->arg_backend == BACKEND_NONE || g->arg_backend == BACKEND_LIBVIRT ||
						 g->arg_backend == BACKEND_OPENVZ))
		strvec_push(&g->arg_uris, st.connect);
	if (!lxcpath_given && st.lxcpath)
		g->arg_lxcpath = st.lxcpath;
	if (!output_given && st.json >= 0)
		g->arg_json = st.json;
	return 0;
}
