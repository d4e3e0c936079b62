// SPDX-License-Identifier: MIT
/* Placeholder until the role is written: fails loudly. */
#include "glib.h"

void passthrough_role(uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a1; (void)a2; (void)a3;
	g_printf("GUEST-FAIL role not written yet\n");
	g_failed++;
}
