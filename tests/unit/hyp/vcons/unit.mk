UNIT_TESTS += vcons
UT_vcons_SRCS := tests/unit/hyp/vcons/test_vcons.c hyp/vcons.c hyp/log.c hyp/fmt.c
