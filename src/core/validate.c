/* validate.c: operand validation, once, before any backend is touched. */
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "quote.h"
#include "uri.h"
#include "vmctl.h"

int utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		unsigned c = *s;
		size_t len;
		uint32_t cp;
		if (c < 0x80) {
			s++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		s += len;
	}
	return 1;
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return 1;
	return 0;
}

/* Fills err with "invalid WHAT 'S': WHY", S escaped for one line. */
static int invalid(struct vm_error *err, const char *what, const char *s, const char *why)
{
	char *q = msg_quote(s);
	vm_error_set(err, VM_EXIT_USAGE, "invalid %s %s: %s", what, q, why);
	free(q);
	return -1;
}

int validate_name(const char *s, const char *what, struct vm_error *err)
{
	size_t len = strlen(s);
	if (len == 0)
		return invalid(err, what, s, "it is empty");
	if (len > VM_NAME_MAX)
		return invalid(err, what, s, "longer than 255 bytes");
	if (!utf8_valid(s))
		return invalid(err, what, s, "not valid UTF-8");
	if (has_control(s))
		return invalid(err, what, s, "control characters are not allowed");
	if (strchr(s, '/'))
		return invalid(err, what, s, "'/' is not allowed");
	return 0;
}

/* Parses leading decimal digits: 0, -1 when there are none, -2 on overflow
 * (*end is set in both 0 and -2 cases). */
static int parse_decimal(const char *s, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	int overflow = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			overflow = 1;
		else
			v = v * 10 + d;
	}
	*out = v;
	*end = p;
	return overflow ? -2 : 0;
}

int parse_count(const char *s, unsigned *out, struct vm_error *err)
{
	uint64_t v;
	const char *end;
	int rc = parse_decimal(s, &v, &end);
	if (rc == -1 || *end != '\0')
		return invalid(err, "COUNT", s, "expected a decimal number from 1 to 4096");
	if (rc == -2 || v < 1 || v > VM_COUNT_MAX)
		return invalid(err, "COUNT", s, "must be from 1 to 4096");
	*out = (unsigned)v;
	return 0;
}

int parse_timeout(const char *s, unsigned *out, struct vm_error *err)
{
	uint64_t v;
	const char *end;
	int rc = parse_decimal(s, &v, &end);
	if (rc == -1 || *end != '\0')
		return invalid(err, "timeout", s, "expected whole seconds from 0 to 86400");
	if (rc == -2 || v > 86400)
		return invalid(err, "timeout", s, "must be from 0 to 86400 seconds");
	*out = (unsigned)v;
	return 0;
}

int parse_number(const char *s, unsigned min, unsigned max, const char *what, unsigned *out, struct vm_error *err)
{
	uint64_t v;
	const char *end;
	int rc = parse_decimal(s, &v, &end);
	if (rc == -1 || *end != '\0' || rc == -2 || v < min || v > max) {
		char why[64];
		snprintf(why, sizeof(why), "expected a decimal number from %u to %u", min, max);
		return invalid(err, what, s, why);
	}
	*out = (unsigned)v;
	return 0;
}

int parse_parallel(const char *s, unsigned *out, struct vm_error *err)
{
	return parse_number(s, 1, VM_PARALLEL_MAX, "--parallel", out, err);
}

static int hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int validate_mac(const char *s, struct vm_error *err)
{
	for (int i = 0; i < 6; i++) {
		const char *p = s + 3 * i;
		if (!hex_digit(p[0]) || !hex_digit(p[1]) || p[2] != (i == 5 ? '\0' : ':'))
			return invalid(err, "MAC address", s, "expected six pairs of hex digits such as 52:54:00:12:34:56");
	}
	unsigned first = (unsigned)strtoul(s, NULL, 16);
	if (first & 1)
		return invalid(err, "MAC address", s, "a multicast address (the first byte is odd) cannot name one interface");
	return 0;
}

int validate_cidr(const char *s, struct vm_error *err)
{
	const char *p = s;
	for (int i = 0; i < 4; i++) {
		uint64_t v;
		const char *end;
		if (parse_decimal(p, &v, &end) != 0 || v > 255 || end - p > 3 || *end != (i == 3 ? '/' : '.'))
			return invalid(err, "network", s, "expected an IPv4 network such as 192.168.100.0/24");
		p = end + 1;
	}
	uint64_t bits;
	const char *end;
	if (parse_decimal(p, &bits, &end) != 0 || *end != '\0' || end - p > 2 || bits < 8 || bits > 30)
		return invalid(err, "network", s, "expected a prefix length from 8 to 30 after '/'");
	return 0;
}

static void ipv4_text(uint32_t ip, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

int ipv4_plan(const char *cidr, struct ipv4_plan *p)
{
	struct vm_error err;
	if (validate_cidr(cidr, &err) < 0)
		return -1;
	unsigned b[4];
	sscanf(cidr, "%u.%u.%u.%u/%u", &b[0], &b[1], &b[2], &b[3], &p->prefix);
	uint32_t addr = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3], mask = UINT32_MAX << (32 - p->prefix);
	p->net = addr & mask;
	uint32_t bcast = p->net | ~mask;
	uint32_t gw = addr != p->net && addr != bcast ? addr : p->net + 1;
	ipv4_text(gw, p->gateway);
	ipv4_text(gw == p->net + 1 ? p->net + 2 : p->net + 1, p->dhcp_start);
	ipv4_text(gw == bcast - 1 ? bcast - 2 : bcast - 1, p->dhcp_end);
	return 0;
}

int validate_cpulist(const char *s, struct vm_error *err)
{
	const char *p = s;
	for (;;) {
		uint64_t a, b;
		const char *end;
		if (parse_decimal(p, &a, &end) != 0 || a > 65535)
			return invalid(err, "CPU list", s, "expected CPU numbers and ranges such as 0-3,6");
		p = end;
		if (*p == '-') {
			if (parse_decimal(p + 1, &b, &end) != 0 || b > 65535)
				return invalid(err, "CPU list", s, "a range needs its last CPU, as in 0-3");
			if (b < a)
				return invalid(err, "CPU list", s, "a range goes from the lower CPU to the higher, as in 1-3");
			p = end;
		}
		if (*p == '\0')
			return 0;
		if (*p != ',')
			return invalid(err, "CPU list", s, "expected CPU numbers and ranges such as 0-3,6");
		p++;
	}
}

int validate_vcpu(const char *s, struct vm_error *err)
{
	uint64_t v;
	const char *end;
	if (parse_decimal(s, &v, &end) != 0 || *end != '\0' || v >= VM_COUNT_MAX)
		return invalid(err, "vCPU", s, "expected a vCPU number from 0 to 4095");
	return 0;
}

int validate_ifname(const char *s, struct vm_error *err)
{
	size_t n = strlen(s);
	if (n == 0 || n > 15 || s[0] == '-' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return invalid(err, "interface name", s, "expected 1 to 15 characters, not beginning with '-'");
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == ':' || (unsigned char)*p <= ' ' || *p == 0x7f)
			return invalid(err, "interface name", s, "an interface name has no '/', ':', space or control character");
	return 0;
}

int validate_netspec(const char *s, struct vm_error *err)
{
	if (strncmp(s, "bridge=", 7) == 0)
		return validate_ifname(s + 7, err);
	if (strncmp(s, "dev=", 4) == 0)
		return validate_ifname(s + 4, err);
	if (strchr(s, '='))
		return invalid(err, "network", s, "expected a libvirt network name, bridge=BR or dev=IFACE");
	return validate_name(s, "network name", err);
}

/* 16 EiB in KiB */
#define SIZE_MAX_KIB (UINT64_C(1) << 54)

int parse_size(const char *s, uint64_t *out_kib, struct vm_error *err)
{
	static const struct {
		const char *unit;
		unsigned shift; /* KiB << shift */
	} units[] = {
		{ "", 0 }, { "k", 0 }, { "kib", 0 }, { "m", 10 }, { "mib", 10 },
		{ "g", 20 }, { "gib", 20 }, { "t", 30 }, { "tib", 30 },
	};
	static const char *const decimal[] = { "b", "kb", "mb", "gb", "tb", "pb", "eb" };
	uint64_t v;
	const char *end;
	int rc = parse_decimal(s, &v, &end);
	if (rc == -1)
		return invalid(err, "SIZE", s, "expected a whole number with an optional unit K, M, G or T (binary)");
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (strcasecmp(end, units[i].unit) != 0)
			continue;
		if (rc == -2 || v > (SIZE_MAX_KIB >> units[i].shift))
			return invalid(err, "SIZE", s, "larger than 16 EiB");
		if (v == 0)
			return invalid(err, "SIZE", s, "must be at least 1 KiB");
		*out_kib = v << units[i].shift;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(decimal); i++)
		if (strcasecmp(end, decimal[i]) == 0)
			return invalid(err, "SIZE", s,
				       "decimal units are ambiguous; use a binary unit: K, M, G, T (KiB, MiB, GiB, TiB)");
	return invalid(err, "SIZE", s, "unknown unit; use K, M, G or T (KiB, MiB, GiB, TiB)");
}

int validate_path(const char *s, const char *what, struct vm_error *err)
{
	size_t len = strlen(s);
	if (len == 0)
		return invalid(err, what, s, "it is empty");
	if (len > VM_PATH_MAX)
		return invalid(err, what, s, "longer than 4095 bytes");
	if (has_control(s))
		return invalid(err, what, s, "control characters are not allowed");
	return 0;
}

int validate_device(const char *s, struct vm_error *err)
{
	size_t len = strlen(s);
	if (s[0] == '/')
		return validate_path(s, "DEVICE", err);
	if (len == 0)
		return invalid(err, "DEVICE", s, "it is empty");
	if (len > 32 || s[0] == '-' || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-") != len)
		return invalid(err, "DEVICE", s, "expected a target name such as hdc or an absolute source path");
	return 0;
}

int validate_dest(const char *s, struct vm_error *err)
{
	size_t len = strlen(s);
	if (len == 0)
		return invalid(err, "DEST", s, "it is empty");
	if (len > 1024)
		return invalid(err, "DEST", s, "longer than 1024 bytes");
	if (has_control(s) || strchr(s, ' '))
		return invalid(err, "DEST", s, "spaces and control characters are not allowed");
	char *host = uri_host(s);
	int dash = s[0] == '-' || host[0] == '-';
	free(host);
	if (dash)
		return invalid(err, "DEST", s, "expected a libvirt URI or a host name (not beginning with '-')");
	return 0;
}

int validate_uri_arg(const char *s, struct vm_error *err)
{
	size_t len = strlen(s);
	if (len == 0)
		return invalid(err, "URI", s, "it is empty");
	if (len > 4096)
		return invalid(err, "URI", s, "longer than 4096 bytes");
	if (has_control(s) || strchr(s, ' '))
		return invalid(err, "URI", s, "spaces and control characters are not allowed");
	return 0;
}

int parse_image_size(const char *s, uint64_t *out_kib, struct vm_error *err)
{
	size_t digits = strspn(s, "0123456789");
	if (digits > 0 && s[digits] == '\0')
		return invalid(err, "SIZE", s,
			       "needs a unit K, M, G or T (binary): qemu-img and virsh vol-* read a bare number as bytes");
	return parse_size(s, out_kib, err);
}

int validate_image_path(const char *s, const char *what, struct vm_error *err)
{
	if (validate_path(s, what, err) < 0)
		return -1;
	if (s[0] != '/')
		return invalid(err, what, s, "give an absolute path: libvirt's pools name files by absolute path");
	for (const char *p = s; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == s || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return invalid(err, what, s, "a '..' component is refused: name the file without it");
	return 0;
}
