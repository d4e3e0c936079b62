# SPDX-License-Identifier: MIT
# hyp/fmt.c against the host C library's snprintf (the reference), and
# hyp/log.c (line cut, "\r\n", fatal, crash-path lock) on a fake console.
UNIT_TESTS += fmt
UT_fmt_SRCS := tests/unit/hyp/fmt/test_fmt.c hyp/fmt.c
UNIT_TESTS += log
UT_log_SRCS := tests/unit/hyp/fmt/test_log.c hyp/log.c hyp/fmt.c
