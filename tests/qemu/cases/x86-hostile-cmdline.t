# SPDX-License-Identifier: MIT
ARCH=x86
DESC="hostile: a command line longer than the 4 KiB limit is rejected with a clear error"
ARGS=(-smp 1 -append "$(printf 'a%.0s' $(seq 5000))")
EXPECT=("bulkhead: fatal: multiboot: cmdline at 0x" "has no NUL within 4096 bytes (unterminated string)")
REJECT=("Bulkhead 0.1.0")
EXIT=3
