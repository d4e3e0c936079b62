# SPDX-License-Identifier: MIT
# The crash dump's names come from pointer tables in rodata, which only read
# right if every R_AARCH64_RELATIVE entry was applied for the new address;
# the W^X mappings must follow the image too.
ARCH=arm64
DESC="relocated image: W^X holds at the new address and the crash dump's string tables are relocated"
KERNEL=$B/tests/moveshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40400000,force-raw=on
      -semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting bulkhead.crashtest=write-text")
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=(
	"crashtest: writing to hypervisor text at 0x404"
	"bulkhead: EL2 exception on cpu 0: synchronous (current EL, SP_EL2)"
	"EC 0x25 data abort at EL2: permission fault, level 3, write"
	"  FAR_EL2  0x00000000404"
	"bulkhead: fatal: unhandled EL2 exception on cpu 0"
)
REJECT=("CPUs online" "crashtest: no exception")
EXIT=1
