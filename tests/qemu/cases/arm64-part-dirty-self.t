# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: dirty logging of a partition's own 1 MiB region (mapped at creation, and lazy): 24 rounds of pseudo-random page sets, each harvest exactly the pages written (none missing, none extra), the next one empty, one write-protect fault per page and round; bad buffers, regions and states refused; stop makes the region writable again"
ARGS=(-initrd "$B/part-tests/arm64-dirty-self.dtb")
EXPECT=("bulkhead: partition \"selfwp\": started (1 vCPU)"
	"bulkhead: partition \"selflazy\": started (1 vCPU)"
	"[selfwp] dirty: self: 24 rounds, 2091 page writes logged, 0 missing, 0 extra, 0 not empty after a harvest"
	"[selflazy] dirty: self (lazy): 24 rounds, 2091 page writes logged, 0 missing, 0 extra, 0 not empty after a harvest"
	"[selfwp] GUEST-RESULT dirty: PASS (85 checks)"
	"[selflazy] GUEST-RESULT dirty: PASS (85 checks)"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-NOTE" "GUEST-EXCEPTION" "EL2 exception" "fatal")
EXIT=0
TIMEOUT=90
