# SPDX-License-Identifier: MIT
# Dirty-log harvest in every mode (tests/bench/bench_harvest.c), run by
# scripts/bench-dirty.sh from `make bench`. BENCH_CFLAGS and BENCH_ENGINE:
# tests/bench/bench.mk.
BENCH_HARVEST_SRCS = tests/bench/bench_harvest.c mm/dirty.c mm/memslot.c mm/pagetrack.c \
	$(BENCH_ENGINE)

$(HB)/bench/bench_harvest: $(BENCH_HARVEST_SRCS) $(wildcard mm/*.h arch/*/pt_*.h tests/bench/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(BENCH_CFLAGS) -o $@ $(BENCH_HARVEST_SRCS)

bench-bins: $(HB)/bench/bench_harvest
