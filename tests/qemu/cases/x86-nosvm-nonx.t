# SPDX-License-Identifier: MIT
ARCH=x86
DESC="a CPU without SVM and without NX: said in the log, W^X without NX bits, boot completes"
ARGS=(-smp 2 -cpu qemu64,-svm,-nx)
EXPECT=("x86: SVM not available: AMD-V partitions cannot run here"
	"x86: VMX not available (TCG?)"
	"data RW (no NX on this CPU)"
	"CPUs online: 2 of 2")
REJECT=("fatal" "exception vector")
EXIT=0
