# SPDX-License-Identifier: MIT
# The virtual PL011 (hyp/vpl011.c) over the real console multiplexer.
UNIT_TESTS += vpl011
UT_vpl011_SRCS := tests/unit/hyp/vpl011/test_vpl011.c hyp/vpl011.c hyp/vcons.c tests/unit/lib/host_stubs.c
