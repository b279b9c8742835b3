/* fuzz_core_count_size.c: the operand checks of validate.c on the input as
 * one string: parse_count, parse_size, parse_timeout, parse_parallel,
 * validate_name, validate_path, validate_device, validate_dest,
 * validate_uri_arg.  Properties: a refusal is exit 2 with one line of
 * message; and each result equals that of a reference written here from
 * the man page's rules alone (a digits-only grammar with values compared as
 * strings, never as overflowing integers; UTF-8 from the table of
 * well-formed byte sequences of the Unicode standard, ch. 3). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "validate.h"
#include "vmctl.h"

void fuzz_core_check_err(const struct vm_error *err);
char *fuzz_core_cstr(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s is one or more decimal digits and, compared as a number, in lo..hi. */
static bool ref_decimal(const char *s, size_t n, uint64_t lo, uint64_t hi, uint64_t *val)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	while (n > 1 && *s == '0')
		s++, n--;
	if (n > 19) /* more than 10^19 - 1, beyond every bound here */
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	*val = v;
	return v >= lo && v <= hi;
}

static bool ref_utf8(const unsigned char *s)
{
	while (*s) {
		unsigned char b = s[0];
		if (b < 0x80) {
			s++;
			continue;
		}
		unsigned char lo = 0x80, hi = 0xbf;
		size_t n;
		if (b >= 0xc2 && b <= 0xdf)
			n = 2;
		else if (b == 0xe0)
			n = 3, lo = 0xa0;
		else if ((b >= 0xe1 && b <= 0xec) || b == 0xee || b == 0xef)
			n = 3;
		else if (b == 0xed)
			n = 3, hi = 0x9f;
		else if (b == 0xf0)
			n = 4, lo = 0x90;
		else if (b >= 0xf1 && b <= 0xf3)
			n = 4;
		else if (b == 0xf4)
			n = 4, hi = 0x8f;
		else
			return false;
		if (s[1] < lo || s[1] > hi)
			return false;
		for (size_t i = 2; i < n; i++)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return false;
		s += n;
	}
	return true;
}

static bool ref_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static void expect(int rc, bool ok, const struct vm_error *err)
{
	if ((rc == 0) != ok || (rc != 0 && rc != -1))
		abort();
	if (rc < 0)
		fuzz_core_check_err(err);
}

static bool ref_size(const char *s, uint64_t *kib)
{
	static const struct {
		const char *unit;
		unsigned shift;
	} units[] = { { "", 0 }, { "k", 0 }, { "kib", 0 }, { "m", 10 }, { "mib", 10 },
		      { "g", 20 }, { "gib", 20 }, { "t", 30 }, { "tib", 30 } };
	size_t d = strspn(s, "0123456789");
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (strcasecmp(s + d, units[i].unit) != 0)
			continue;
		uint64_t v;
		if (!ref_decimal(s, d, 1, (UINT64_C(1) << 54) >> units[i].shift, &v))
			return false;
		*kib = v << units[i].shift;
		return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	char *s = fuzz_core_cstr(data, size);
	size_t len = strlen(s);
	struct vm_error err;
	uint64_t ref, kib;
	unsigned u;

	memset(&err, 0, sizeof err);
	bool ok = ref_decimal(s, len, 1, VM_COUNT_MAX, &ref);
	int rc = parse_count(s, &u, &err);
	expect(rc, ok, &err);
	if (ok && u != ref)
		abort();

	memset(&err, 0, sizeof err);
	ok = ref_decimal(s, len, 0, 86400, &ref);
	rc = parse_timeout(s, &u, &err);
	expect(rc, ok, &err);
	if (ok && u != ref)
		abort();

	memset(&err, 0, sizeof err);
	ok = ref_decimal(s, len, 1, VM_PARALLEL_MAX, &ref);
	rc = parse_parallel(s, &u, &err);
	expect(rc, ok, &err);
	if (ok && u != ref)
		abort();

	memset(&err, 0, sizeof err);
	ok = ref_size(s, &ref);
	rc = parse_size(s, &kib, &err);
	expect(rc, ok, &err);
	if (ok && kib != ref)
		abort();

	memset(&err, 0, sizeof err);
	ok = len >= 1 && len <= VM_NAME_MAX && ref_utf8((const unsigned char *)s) && !ref_control(s) &&
	     !strchr(s, '/');
	expect(validate_name(s, "guest name", &err), ok, &err);
	if (utf8_valid(s) != (int)ref_utf8((const unsigned char *)s))
		abort();

	memset(&err, 0, sizeof err);
	bool path_ok = len >= 1 && len <= VM_PATH_MAX && !ref_control(s);
	expect(validate_path(s, "PATH", &err), path_ok, &err);

	memset(&err, 0, sizeof err);
	ok = s[0] == '/' ? path_ok
			 : len >= 1 && len <= 32 && s[0] != '-' &&
				   strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-") == len;
	expect(validate_device(s, &err), ok, &err);

	/* DEST: the host part's rules belong to uri.c; only what follows from
	 * the contract is checked: never accepted with a leading '-', a
	 * blank, a control character, empty or over 1024 bytes. */
	memset(&err, 0, sizeof err);
	rc = validate_dest(s, &err);
	if (rc == 0 && (len == 0 || len > 1024 || s[0] == '-' || strchr(s, ' ') || ref_control(s)))
		abort();
	if (rc < 0)
		fuzz_core_check_err(&err);

	memset(&err, 0, sizeof err);
	ok = len >= 1 && len <= 4096 && !ref_control(s) && !strchr(s, ' ');
	expect(validate_uri_arg(s, &err), ok, &err);

	free(s);
	return 0;
}
