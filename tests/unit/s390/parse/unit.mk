UNIT_TESTS += s390_parse
UT_s390_parse_SRCS := tests/unit/s390/parse/test_parse.c arch/s390/parse.c
