/* names.c: the printed names of states and backends (vmctl(1), STATES and
 * -b), one table each, read both ways. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vmctl.h"

static const char *const state_names[] = {
	[VM_STATE_UNKNOWN] = "unknown",     [VM_STATE_RUNNING] = "running",   [VM_STATE_PAUSED] = "paused",
	[VM_STATE_SHUTOFF] = "shutoff",     [VM_STATE_CRASHED] = "crashed",   [VM_STATE_SUSPENDED] = "suspended",
	[VM_STATE_STARTING] = "starting",   [VM_STATE_STOPPING] = "stopping",
};

const char *vm_state_name(enum vm_state state)
{
	if ((size_t)state < sizeof(state_names) / sizeof(state_names[0]) && state_names[state])
		return state_names[state];
	return "unknown";
}

int vm_state_parse(const char *name, enum vm_state *out)
{
	for (size_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++) {
		if (state_names[i] && strcmp(name, state_names[i]) == 0) {
			*out = (enum vm_state)i;
			return 0;
		}
	}
	return -1;
}

static const char *const backend_names[] = {
	[BACKEND_LIBVIRT] = "libvirt", [BACKEND_XEN] = "xen", [BACKEND_LXC] = "lxc", [BACKEND_OPENVZ] = "openvz",
};

const char *vm_backend_name(enum vm_backend_id id)
{
	if ((size_t)id < sizeof(backend_names) / sizeof(backend_names[0]))
		return backend_names[id];
	return NULL;
}

int vm_backend_parse(const char *name, enum vm_backend_id *out)
{
	for (size_t i = 0; i < sizeof(backend_names) / sizeof(backend_names[0]); i++) {
		if (backend_names[i] && strcmp(name, backend_names[i]) == 0) {
			*out = (enum vm_backend_id)i;
			return 0;
		}
	}
	return -1;
}

const char *vm_backend_names(void)
{
	static char list[64];
	if (!list[0]) {
		size_t n = sizeof(backend_names) / sizeof(backend_names[0]);
		for (size_t i = BACKEND_NONE + 1; i < n; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i == BACKEND_NONE + 1 ? "" : i + 1 == n ? " or " : ", ",
				 backend_names[i]);
	}
	return list;
}
