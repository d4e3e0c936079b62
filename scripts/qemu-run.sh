#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run`: boot an image in QEMU on this terminal. QEMU's own exit status
# is passed on (0 after a clean stop). Ctrl-A X quits QEMU at any time.
arch=$1; shift
"$@" -no-reboot
rc=$?
[ "$rc" -eq 0 ] || echo "make run: QEMU ($arch) exited with status $rc" >&2
exit "$rc"
