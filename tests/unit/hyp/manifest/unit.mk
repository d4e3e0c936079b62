# Manifest reader and validator (hyp/manifest.c, hyp/manifest_platform.c).
# The tests run dtc and read examples/ from the top of the tree.
UNIT_TESTS += manifest
UT_manifest_SRCS := tests/unit/hyp/manifest/test_manifest.c hyp/manifest.c hyp/manifest_platform.c \
	hyp/manifest_layout.c boot/fdt.c tests/unit/lib/fdtw.c

# Boot integration (hyp/manifest_boot.c) over simulated physical memory.
UNIT_TESTS += manifest_boot
UT_manifest_boot_SRCS := tests/unit/hyp/manifest/test_manifest_boot.c hyp/manifest_boot.c hyp/manifest.c \
	hyp/manifest_layout.c boot/fdt.c boot/bootinfo.c tests/unit/lib/host_stubs.c tests/unit/lib/physmem.c

# The offline checker's command line (tools/bulkhead-check.c, main renamed).
UNIT_TESTS += bulkhead_check
UT_bulkhead_check_SRCS := tests/unit/hyp/manifest/test_bulkhead_check.c tools/bulkhead-check.c hyp/manifest.c \
	hyp/manifest_platform.c hyp/manifest_layout.c boot/fdt.c
UT_bulkhead_check_CFLAGS := -Dmain=check_main
