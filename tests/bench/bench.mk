# SPDX-License-Identifier: MIT
# Host benchmarks for `make bench` (scripts/bench.sh runs them under callgrind).
# Built with -O2 and no sanitizers, like the hypervisor's code generation.
BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -I. -DHOST_TEST
BENCH_ENGINE := tests/bench/bench_env.c mm/pt.c arch/arm64/pt_s2.c arch/x86/pt_npt.c \
	arch/x86/pt_ept.c arch/s390/pt_dat.c
BENCH_PT_SRCS := tests/bench/bench_pt.c $(BENCH_ENGINE)

$(HB)/bench/bench_pt: $(BENCH_PT_SRCS) $(wildcard mm/*.h arch/*/pt_*.h tests/bench/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(BENCH_CFLAGS) -o $@ $(BENCH_PT_SRCS)

.PHONY: bench-bins
bench-bins: $(HB)/bench/bench_pt
