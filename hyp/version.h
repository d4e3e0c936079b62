/* SPDX-License-Identifier: MIT */
#ifndef HYP_VERSION_H
#define HYP_VERSION_H
#define BULKHEAD_VERSION "0.1.0"
#endif
