# SPDX-License-Identifier: MIT
ARCH=arm64
# The extra node comes first in /cpus after the boot CPU: logical id 1.
DESC="a cpu node the machine lacks: PSCI CPU_ON fails, reported by name, boot goes on with 4 of 5"
ARGS=(-dtb "$B/tests/extra-cpu.dtb")
EXPECT=(
	"cpu 1 (mpidr 0x4) did not come up: PSCI CPU_ON returned -2 (INVALID_PARAMETERS)"
	"CPUs online: 4 of 5 (EL2)"
	"warning: 1 CPU(s) did not start"
)
REJECT=("fatal")
EXIT=0
