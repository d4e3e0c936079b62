# SPDX-License-Identifier: MIT
# `make bench ARCH=arm64` also prints the partition figures measured by a
# guest under QEMU -icount (scripts/bench-arm64.sh, docs/arm64.md).
ifeq ($(ARCH),arm64)
.PHONY: bench-arm64-partitions
bench-arm64-partitions:
	@scripts/bench-arm64.sh
bench: bench-arm64-partitions
endif
