/* names.c: the printed names of states and backends (CLI.md). */
#include <stddef.h>

#include "vmctl.h"

const char *vm_state_name(enum vm_state state)
{
	switch (state) {
	case VM_STATE_RUNNING:
		return "running";
	case VM_STATE_PAUSED:
		return "paused";
	case VM_STATE_SHUTOFF:
		return "shutoff";
	case VM_STATE_CRASHED:
		return "crashed";
	case VM_STATE_SUSPENDED:
		return "suspended";
	case VM_STATE_STARTING:
		return "starting";
	case VM_STATE_STOPPING:
		return "stopping";
	case VM_STATE_UNKNOWN:
	case VM_STATE__NONE:
		break;
	}
	return "unknown";
}

const char *vm_backend_name(enum vm_backend_id id)
{
	switch (id) {
	case BACKEND_LIBVIRT:
		return "libvirt";
	case BACKEND_XEN:
		return "xen";
	case BACKEND_LXC:
		return "lxc";
	case BACKEND_OPENVZ:
		return "openvz";
	case BACKEND_NONE:
		break;
	}
	return NULL;
}
