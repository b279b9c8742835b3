/* validate.h: operand checks of vmctl(1), NAMES AND NUMBERS.  Each returns 0,
 * or -1 with err filled (code VM_EXIT_USAGE) and a one-line message that
 * names the operand.  Nothing here prints. */
#ifndef VMCTL_VALIDATE_H
#define VMCTL_VALIDATE_H

#include <stdint.h>

#include "util.h"

/* Guest and snapshot names: 1..255 bytes of valid UTF-8, no control
 * characters (0x01-0x1f, 0x7f), no '/'.  what: "guest name", ... */
int validate_name(const char *s, const char *what, struct vm_error *err);
/* COUNT: decimal 1..4096, nothing else. */
int parse_count(const char *s, unsigned *out, struct vm_error *err);
/* SIZE: decimal, optional binary unit K|KiB|M|MiB|G|GiB|T|TiB (letters in any
 * case); bare number = KiB; 1 KiB .. 16 EiB.  *out is in KiB. */
int parse_size(const char *s, uint64_t *out_kib, struct vm_error *err);
/* An image SIZE: as parse_size, but a bare number is refused (exit 2). */
int parse_image_size(const char *s, uint64_t *out_kib, struct vm_error *err);
/* An image or pool PATH: as validate_path, absolute, and no `..` component. */
int validate_image_path(const char *s, const char *what, struct vm_error *err);
/* --timeout SEC: decimal 0..86400. */
int parse_timeout(const char *s, unsigned *out, struct vm_error *err);
/* A decimal number in [min, max]; what names it in the message ("--parallel"). */
int parse_number(const char *s, unsigned min, unsigned max, const char *what, unsigned *out, struct vm_error *err);
/* --parallel N: decimal 1..64. */
int parse_parallel(const char *s, unsigned *out, struct vm_error *err);
/* A file path: 1..4095 bytes, no control characters. */
int validate_path(const char *s, const char *what, struct vm_error *err);
/* cd-change DEVICE: a target name ([A-Za-z0-9_.:-], 1..32, not beginning
 * with '-') or an absolute path. */
int validate_device(const char *s, struct vm_error *err);
/* migrate DEST: a libvirt URI or a host: 1..1024 bytes, no white space or
 * control characters, not beginning with '-'. */
int validate_dest(const char *s, struct vm_error *err);

/* -c URI: 1..4096 bytes, no white space or control characters. */
int validate_uri_arg(const char *s, struct vm_error *err);

/* A unicast MAC address: six pairs of hex digits separated by ':'. */
int validate_mac(const char *s, struct vm_error *err);
/* An IPv4 network A.B.C.D/N, N from 8 to 30. */
int validate_cidr(const char *s, struct vm_error *err);
/* What net-create makes of an IPv4 subnet A.B.C.D/N, shared by the backend
 * and explain so that both write the same network: the gateway (A.B.C.D
 * when it is a host address of the subnet, else its first host) and a DHCP
 * range of the other host addresses, as text; the network address in host
 * order.  -1 when cidr is not valid (validate_cidr). */
struct ipv4_plan {
	uint32_t net;
	unsigned prefix;
	char gateway[16], dhcp_start[16], dhcp_end[16];
};
int ipv4_plan(const char *cidr, struct ipv4_plan *p);
/* A CPU list: numbers and ascending ranges separated by ',' ("0-3,6"). */
int validate_cpulist(const char *s, struct vm_error *err);
/* vcpu-pin VCPU: a vCPU number, 0 to 4095. */
int validate_vcpu(const char *s, struct vm_error *err);
/* nic-attach NET: a libvirt network name, bridge=BR or dev=IFACE (an
 * interface name: 1 to 15 bytes, no '/', ':' or white space, not beginning
 * with '-'). */
int validate_netspec(const char *s, struct vm_error *err);
/* An interface name as the kernel takes it (IFNAMSIZ - 1 bytes). */
int validate_ifname(const char *s, struct vm_error *err);
/* 1 when s is valid UTF-8 (no overlong forms, no surrogates, <= U+10FFFF). */
int utf8_valid(const char *s);

#endif
