# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="each secondary CPU reports in from C at EL2 with its own MPIDR (PSCI CPU_ON over SMC)"
EXPECT=(
	"cpu 1: online at EL2 (mpidr 0x1)"
	"cpu 2: online at EL2 (mpidr 0x2)"
	"cpu 3: online at EL2 (mpidr 0x3)"
	"CPUs online: 4 of 4 (EL2)"
)
REJECT=("fatal" "did not come up" "cpu 4")
EXIT=0
