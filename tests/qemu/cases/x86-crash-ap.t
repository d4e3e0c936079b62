# SPDX-License-Identifier: MIT
ARCH=x86
DESC="bulkhead.crashtest=ap: a fault on an application processor names that CPU in the dump"
ARGS=(-smp 2 -append bulkhead.crashtest=ap)
# CR0 = PG|WP|ET|PE: the trampoline cleared the CD and NW bits INIT leaves set.
EXPECT=("bulkhead: x86: CPU 1 (APIC ID 1): exception vector 14 (#PF page fault)"
	"  CR0    0000000080010011  CR2 000040000dead000"
	"bulkhead: x86: crash dump ends; stopping")
REJECT=("CPUs online: 2 of 2")
EXIT=3
