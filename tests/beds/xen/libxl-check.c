/*
 * Usage: xenbed-libxl-check [-v]
 *
 * Tiny probe built by tests/beds/xen/build.sh against the host's libxenlight
 * (libxen-dev).  It opens a libxl context and, when that works, prints the
 * hypervisor version and the number of running domains.
 *
 *   inside the bed's dom0: prints "libxl-check: ok ..." and exits 0
 *   on the plain host:     libxl_ctx_alloc fails (no /dev/xen/privcmd, so
 *                          libxl logs "cannot open libxc handle"), prints
 *                          "libxl-check: libxl_ctx_alloc failed ..." and exits 1
 *
 * -v sends libxl's own log (debug level) to stderr.
 */
#include <libxl.h>
#include <libxl_utils.h>
#include <stdio.h>
#include <string.h>
#include <xentoollog.h>

int main(int argc, char **argv)
{
    int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    xentoollog_logger_stdiostream *logger =
        xtl_createlogger_stdiostream(stderr, verbose ? XTL_DEBUG : XTL_ERROR, 0);
    libxl_ctx *ctx = NULL;
    int rc;

    if (logger == NULL) {
        fprintf(stderr, "libxl-check: cannot create logger\n");
        return 2;
    }
    rc = libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)logger);
    if (rc != 0 || ctx == NULL) {
        printf("libxl-check: libxl_ctx_alloc failed rc=%d\n", rc);
        xtl_logger_destroy((xentoollog_logger *)logger);
        return 1;
    }

    const libxl_version_info *vi = libxl_get_version_info(ctx);
    int ndom = 0;
    libxl_dominfo *doms = libxl_list_domain(ctx, &ndom);

    printf("libxl-check: ok xen=%d.%d%s domains=%d\n",
           vi ? vi->xen_version_major : -1, vi ? vi->xen_version_minor : -1,
           (vi && vi->xen_version_extra) ? vi->xen_version_extra : "",
           doms ? ndom : -1);
    if (doms)
        libxl_dominfo_list_free(doms, ndom);
    libxl_ctx_free(ctx);
    xtl_logger_destroy((xentoollog_logger *)logger);
    return 0;
}
