# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: a monitor with read-dirty-log harvests a worker's lazy 1 MiB region while the worker writes a fixed set of 24 pages on another CPU: every bitmap holds only those pages, together all of them, the halted worker's final harvest then nothing; the worker's data survives the write protection; a partition without the privilege gets HC_DENIED and bad buffers and regions their error codes while it logs its own RAM"
ARGS=(-initrd "$B/part-tests/arm64-dirty-monitor.dtb")
EXPECT=("bulkhead: partition \"worker\": started (1 vCPU)"
	"[worker] dirty: worker writes pages: 3 21 25 26 31 54 79 109 116 117 118 121 139 142 158 173 184 207 222 234 236 239 253 255"
	"[monitor] dirty: monitor expects pages: 3 21 25 26 31 54 79 109 116 117 118 121 139 142 158 173 184 207 222 234 236 239 253 255"
	"[monitor] dirty: monitor saw pages: 3 21 25 26 31 54 79 109 116 117 118 121 139 142 158 173 184 207 222 234 236 239 253 255"
	"[worker] GUEST-RESULT dirty: PASS (3 checks)"
	"[monitor] GUEST-RESULT dirty: PASS (12 checks)"
	"[intruder] GUEST-RESULT dirty: PASS (20 checks)"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-NOTE" "GUEST-EXCEPTION" "EL2 exception" "fatal")
EXIT=0
TIMEOUT=150
