UNIT_TESTS += vmid
UT_vmid_SRCS := tests/unit/hyp/vmid/test_vmid.c hyp/vmid.c
