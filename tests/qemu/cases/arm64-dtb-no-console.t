# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="hostile DTB: no console node: the error still reaches the early UART, failure exit"
ARGS=(-dtb "$B/tests/no-console.dtb" -semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting")
TIMEOUT=30
EXPECT=("bulkhead: fatal: DTB: no console: no /chosen stdout-path, and no enabled arm,pl011 node")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=1
