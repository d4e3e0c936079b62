# SPDX-License-Identifier: MIT
ARCH=x86
DESC="boot log states SVM/NPT present (-cpu EPYC) and that VMX is absent under TCG"
ARGS=(-smp 1)
EXPECT=("RSDT; S5 power-off available"
	"x86: CPU vendor AuthenticAMD"
	"x86: SVM present (AMD-V), NPT present, 16 ASIDs"
	"x86: VMX not available (TCG?): Intel VT-x partitions cannot run here")
REJECT=("fatal")
EXIT=0
