# SPDX-License-Identifier: MIT
ARCH=s390
DESC="-append with control characters (ESC, TAB): shown with each replaced by '?', never sent raw to the console"
ARGS=(-append "$(printf 'a\033[2Jb\tc')")
EXPECT=("s390: command line: 8 bytes from the IPL parameter area" "command line: a?[2Jb?c")
REJECT=("CRASH" "fatal")
EXIT=0
