# SPDX-License-Identifier: MIT
ARCH=s390
DESC="bulkhead.crashtest=secondary: an operation exception on CPU 1 is reported whole and stops the machine (exit 1), boot CPU included"
ARGS=(-append "bulkhead.crashtest=secondary")
EXPECT_ORDER=1
EXPECT=("s390: bulkhead.crashtest=secondary: CPU 1 forces an operation exception"
	"bulkhead: CRASH on CPU 1 (CPU address 0x0001): program interruption"
	"  interruption code 0x0001 (operation), ILC 1 (2-byte instruction)"
	"  r12 0x"
	"bulkhead: stopping after a fatal interruption")
REJECT=("did not stop")
EXIT=1
