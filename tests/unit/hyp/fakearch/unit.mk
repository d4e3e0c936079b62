# SPDX-License-Identifier: MIT
# The fake architecture shared by the partition / run / hypercall / sched /
# part_boot host tests (tests/unit/hyp/{partition,run,hypercall,sched,partboot}/).
# Recursive variables, so the order in which unit.mk files are included does
# not matter. -Itests/unit/hyp/fakearch also finds its arch_caps.h.
HYP_FAKE_SRCS = hyp/partition.c hyp/part_dirty.c hyp/vcpu.c hyp/sched.c hyp/hypercall.c hyp/vmid.c hyp/vcons.c \
	hyp/part_boot.c \
	mm/pt.c mm/frame.c mm/memslot.c mm/dirty.c mm/pagetrack.c tests/unit/hyp/fakearch/fake_arch.c tests/unit/mm/fake_fmt.c \
	tests/unit/lib/physmem.c tests/unit/lib/host_stubs.c
HYP_FAKE_CFLAGS = -Itests/unit/mm -Itests/unit/hyp/fakearch
