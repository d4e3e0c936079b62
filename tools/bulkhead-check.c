// SPDX-License-Identifier: MIT
/*
 * bulkhead-check: the offline manifest checker. Reads a boot bundle with the
 * hypervisor's own reader and validator (hyp/manifest.c, boot/fdt.c) and
 * prints the same messages the hypervisor prints at boot.
 *
 *   bulkhead-check BUNDLE.dtb [--platform PLATFORM.dtb] [--arch ARCH] [--quiet]
 *
 * Without --platform the permissive default platform is used (see
 * mf_platform_default()). The target architecture (arm64, x86 or s390; the
 * guest windows its hypervisor emulates and the interrupt numbers it can
 * deliver to partitions, hyp/manifest_layout.c) comes from --arch or the
 * platform description's /bulkhead-hypervisor "arch"; with neither, those
 * are not checked. Exit status: 0 valid, 1 manifest
 * errors, 2 usage, I/O or platform-description errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/fdt.h"
#include "hyp/manifest.h"

#define MAX_FILE (256u << 20)	/* DTB totalsize is 32-bit; refuse absurd inputs early */

static void usage(void)
{
	fprintf(stderr, "usage: bulkhead-check BUNDLE.dtb [--platform PLATFORM.dtb] [--arch arm64|x86|s390] [--quiet]\n");
	exit(2);
}

/* Read a whole file into a malloc'd buffer. */
static void *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	char *buf, *nbuf;

	if (!fp) {
		fprintf(stderr, "bulkhead-check: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	buf = malloc(cap);
	if (!buf)
		goto oom;
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			if (cap >= MAX_FILE) {
				fprintf(stderr, "bulkhead-check: %s: larger than %u MiB\n", path, MAX_FILE >> 20);
				exit(2);
			}
			cap *= 2;
			nbuf = realloc(buf, cap);
			if (!nbuf)
				goto oom;
			buf = nbuf;
		}
	}
	if (ferror(fp)) {
		fprintf(stderr, "bulkhead-check: %s: read error\n", path);
		exit(2);
	}
	fclose(fp);
	*len = n;
	return buf;
oom:
	fprintf(stderr, "bulkhead-check: out of memory\n");
	exit(2);
}

static void put_line(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

int main(int argc, char **argv)
{
	const char *bundle_path = NULL, *plat_path = NULL, *arch = NULL;
	const struct mf_arch_layout *layout = NULL;
	static struct manifest m;
	static struct mf_errors errs;
	struct mf_platform plat;
	bool quiet = false;
	void *bundle;
	size_t blen, plen;
	unsigned int nerr;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
			plat_path = argv[++i];
		else if (strcmp(argv[i], "--arch") == 0 && i + 1 < argc)
			arch = argv[++i];
		else if (strcmp(argv[i], "--quiet") == 0)
			quiet = true;
		else if (argv[i][0] == '-' || bundle_path)
			usage();
		else
			bundle_path = argv[i];
	}
	if (!bundle_path)
		usage();
	if (arch) {
		layout = mf_arch_layout_find(arch);
		if (!layout) {
			fprintf(stderr, "bulkhead-check: unknown architecture \"%s\" (arm64, x86 or s390)\n", arch);
			return 2;
		}
	}

	if (plat_path) {
		struct fdt pf;
		char why[128];
		void *pblob;
		int rc;

		pblob = slurp(plat_path, &plen);
		rc = fdt_open(&pf, pblob, plen);
		if (rc) {
			fprintf(stderr, "bulkhead-check: %s: not a valid device tree (%s)\n", plat_path,
				fdt_strerror(-rc));
			free(pblob);
			return 2;
		}
		if (mf_platform_from_fdt(&plat, &pf, why, sizeof(why))) {
			fprintf(stderr, "bulkhead-check: %s: %s\n", plat_path, why);
			free(pblob);
			return 2;
		}
		/* plat holds no pointer into the platform blob. */
		free(pblob);
	} else {
		mf_platform_default(&plat);
	}
	if (layout) {
		if (plat.layout && plat.layout != layout) {
			fprintf(stderr, "bulkhead-check: --arch %s, but %s says arch %s\n", arch, plat_path,
				plat.layout->alias);
			return 2;
		}
		plat.layout = layout;
	}

	bundle = slurp(bundle_path, &blen);
	nerr = mf_load(&m, bundle, blen, &plat, &errs);
	if (nerr) {
		mf_print_errors(&errs, put_line, stdout);
		free(bundle);
		return 1;
	}
	if (!quiet)
		mf_summary(&m, put_line, stdout);
	/* The summary points into the bundle (image data, model): free after. */
	free(bundle);
	return 0;
}
