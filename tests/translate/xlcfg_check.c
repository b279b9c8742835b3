/* xlcfg_check: reads an xl.cfg file with libxlutil, as xl create does
 * (xlu_cfg_readdata, then xlu_disk_parse for each disk), and prints the
 * keys translate writes, one "key=value" a line, so that a test can compare
 * them with what the command line said.  Needs no Xen.  Exit 0, or 1 when
 * libxlutil refuses the file (its message is on stderr). */
#include <libxl.h>
#include <libxlutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, cap *= 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
			}
			buf = bigger;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

static int print_disk(XLU_Config *cfg, int i, const char *spec)
{
	libxl_device_disk disk;
	libxl_device_disk_init(&disk);
	const char *specs[] = { spec };
	int rc = xlu_disk_parse(cfg, 1, specs, &disk);
	if (rc == 0)
		printf("disk[%d]: vdev=%s format=%s target=%s cdrom=%d readwrite=%d\n", i, disk.vdev,
		       libxl_disk_format_to_string(disk.format), disk.pdev_path ? disk.pdev_path : "",
		       disk.is_cdrom, disk.readwrite);
	else
		fprintf(stderr, "xlcfg_check: disk %d: xlu_disk_parse refused '%s'\n", i, spec);
	libxl_device_disk_dispose(&disk);
	return rc;
}

int main(int argc, char **argv)
{
	static const char *const strings[] = { "name", "type", "kernel", "ramdisk", "extra", "boot", "serial", "on_reboot" };
	static const char *const longs[] = { "memory", "vcpus", "maxvcpus" };
	if (argc != 2) {
		fprintf(stderr, "usage: xlcfg_check FILE\n");
		return 2;
	}
	size_t len;
	char *data = slurp(argv[1], &len);
	if (!data) {
		perror(argv[1]);
		return 2;
	}
	XLU_Config *cfg = xlu_cfg_init(stderr, argv[1]);
	int rc = cfg ? xlu_cfg_readdata(cfg, data, (int)len) : 1;
	free(data);
	if (rc) {
		fprintf(stderr, "xlcfg_check: libxlutil refused %s (%d)\n", argv[1], rc);
		if (cfg)
			xlu_cfg_destroy(cfg);
		return 1;
	}
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		const char *v;
		if (xlu_cfg_get_string(cfg, strings[i], &v, 1) == 0)
			printf("%s=%s\n", strings[i], v);
	}
	for (size_t i = 0; i < sizeof(longs) / sizeof(longs[0]); i++) {
		long v;
		if (xlu_cfg_get_long(cfg, longs[i], &v, 1) == 0)
			printf("%s=%ld\n", longs[i], v);
	}
	XLU_ConfigList *list;
	int n;
	if (xlu_cfg_get_list(cfg, "disk", &list, &n, 1) == 0)
		for (int i = 0; i < n && rc == 0; i++)
			rc = print_disk(cfg, i, xlu_cfg_get_listitem(list, i));
	if (rc == 0 && xlu_cfg_get_list(cfg, "vif", &list, &n, 1) == 0)
		for (int i = 0; i < n; i++)
			printf("vif[%d]=%s\n", i, xlu_cfg_get_listitem(list, i));
	xlu_cfg_destroy(cfg);
	return rc ? 1 : 0;
}
