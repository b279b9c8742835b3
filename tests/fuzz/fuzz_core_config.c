/* fuzz_core_config.c: the config-file reader, config_load(), through a
 * file: the input is written to a temporary file under /tmp ($TMPDIR) that
 * VMCTL_SYSTEM_CONFIG names (XDG_CONFIG_HOME names a directory that does not
 * exist, VMCTL_BACKEND is unset).  Properties: a refusal is exit 2 with one
 * line of message that names the file; what the reader accepts is valid
 * (the URI and lxcpath pass the command line's own checks). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"
#include "util.h"
#include "validate.h"

void fuzz_core_check_err(const struct vm_error *err);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096];
static int fd = -1;

static void cleanup(void)
{
	if (fd >= 0)
		unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fd < 0) {
		const char *dir = getenv("TMPDIR");
		snprintf(path, sizeof path, "%s/vmctl-fuzz-config-XXXXXX", dir && *dir ? dir : "/tmp");
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		atexit(cleanup);
		setenv("VMCTL_SYSTEM_CONFIG", path, 1);
		setenv("XDG_CONFIG_HOME", "/nonexistent/vmctl-fuzz", 1);
		unsetenv("VMCTL_BACKEND");
	}
	if (size > 16384)
		return 0;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	struct globals g = { .arg_backend = BACKEND_NONE };
	struct vm_error err = { 0 }, e = { 0 };
	if (config_load(&g, false, false, false, &err) < 0) {
		fuzz_core_check_err(&err);
		if (strncmp(err.msg, path, strlen(path)) != 0)
			abort();
	} else {
		for (size_t i = 0; i < g.arg_uris.n; i++)
			if (validate_uri_arg(g.arg_uris.v[i], &e) < 0)
				abort();
		if (g.arg_lxcpath && validate_path(g.arg_lxcpath, "lxcpath", &e) < 0)
			abort();
	}
	strvec_clear(&g.arg_uris);
	config_free();
	return 0;
}
