/* backend.c: finds and opens a backend module, as libvirtd loads its
 * connection drivers: only when a verb acts, through one typed, versioned
 * entry point. */
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"

#ifndef VMCTL_MODULE_DIR
#define VMCTL_MODULE_DIR "/usr/local/lib/vmctl"
#endif

/* The Debian package that brings each backend's library. */
static const char *library_package(enum vm_backend_id id)
{
	switch (id) {
	case BACKEND_LIBVIRT:
	case BACKEND_OPENVZ:
		return "libvirt0";
	case BACKEND_XEN:
		return "libxenmisc4.17";
	case BACKEND_LXC:
		return "liblxc1";
	case BACKEND_NONE:
		break;
	}
	return "?";
}

/* Where modules are: $VMCTL_MODULE_DIR, else modules/ beside the binary (a
 * build tree), else the install prefix. */
static char *module_path(const char *file)
{
	const char *env = getenv("VMCTL_MODULE_DIR");
	if (env && *env)
		return xasprintf("%s/%s", env, file);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char *p = xasprintf("%s/modules/%s", exe, file);
			if (access(p, R_OK) == 0)
				return p;
			free(p);
		}
	}
	return xasprintf("%s/%s", VMCTL_MODULE_DIR, file);
}

void *module_entry(const char *file, const char *symbol, bool *missing, char **why)
{
	char *path = module_path(file);
	*missing = access(path, R_OK) != 0;
	if (*missing) {
		*why = xasprintf("no module %s", path);
		free(path);
		return NULL;
	}
	/* RTLD_NODELETE: the library's own atexit handlers outlive our close */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	free(path);
	if (!h) {
		*why = xstrdup(dlerror());
		return NULL;
	}
	void *entry = dlsym(h, symbol);
	if (!entry) {
		*why = xasprintf("%s has no %s", file, symbol);
		dlclose(h);
	}
	return entry; /* the module stays loaded until exit */
}

const struct backend_ops *backend_load(enum vm_backend_id id, struct vm_error *err)
{
	/* openvz is reached through libvirt's openvz driver */
	const char *name = vm_backend_name(id == BACKEND_OPENVZ ? BACKEND_LIBVIRT : id);
	char *file = xasprintf("vmctl-%s.so", name);
	bool missing;
	char *why = NULL;
	vmctl_backend_entry_fn entry;
	*(void **)&entry = module_entry(file, VMCTL_BACKEND_ENTRY, &missing, &why);
	free(file);
	if (!entry && missing)
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "backend '%s' is not installed (%s)", name, why);
	else if (!entry)
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "backend '%s' is unavailable: %s (install package %s)", name,
			     why, library_package(id));
	free(why);
	if (!entry)
		return NULL;
	const struct backend_ops *ops = entry(VMCTL_BACKEND_ABI);
	if (!ops || ops->abi != VMCTL_BACKEND_ABI) {
		vm_error_set(err, VM_EXIT_UNAVAILABLE, "backend '%s' was built for another vmctl (ABI %u expected)",
			     name, VMCTL_BACKEND_ABI);
		return NULL;
	}
	return ops; /* the module stays loaded until exit */
}
