# SPDX-License-Identifier: MIT
# Assets of the arm64 partition tests (tests/qemu/cases/arm64-part-*.t):
#   build/arm64/guests/test.bin        the test guest (tests/guests/arm64/), linked at 0x40000000
#   build/arm64/part-tests/<name>.dtb  the bundles tests/qemu/part/arm64-*.dts, each checked
#                                      by bulkhead-check against the example platform
ifeq ($(ARCH),arm64)
A64G := $(B)/guests/arm64
A64G_SRCS := tests/guests/arm64/crt0.S tests/guests/arm64/fp.S tests/guests/arm64/glib.c tests/guests/arm64/tests.c \
	tests/guests/arm64/dirty.c tests/guests/arm64/passthrough.c tests/guests/arm64/channel.c tests/guests/arm64/bench.c \
	tests/guests/arm64/irq.c tests/guests/arm64/watch.c tests/guests/arm64/spi.c tests/guests/arm64/debug.c
A64G_OBJS := $(patsubst tests/guests/arm64/%,$(A64G)/%.o,$(A64G_SRCS))
A64G_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -ffreestanding \
	-fno-pic -fno-pie -fno-stack-protector -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-nostdinc -isystem $(NEWLIB)/install/include -isystem $(dir $(LIBGCC))include -I. -Itests/guests/arm64

$(A64G)/%.o: tests/guests/arm64/% tests/guests/arm64/glib.h hyp/hypercall.h $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(A64G_CFLAGS) -c $< -o $@

$(B)/guests/test.bin: $(A64G_OBJS) tests/guests/arm64/guest.ld
	$(LD) -nostdlib -static --gc-sections --defsym=GUEST_BASE=0x40000000 -T tests/guests/arm64/guest.ld \
		-o $(A64G)/test.elf $(A64G_OBJS) $(NEWLIB)/install/lib/libc.a $(LIBGCC)
	$(OBJCOPY) -O binary $(A64G)/test.elf $@

# The benchmark image: the SDK and role 9 only (tests/guests/arm64/bench_main.c).
A64B_SRCS := tests/guests/arm64/crt0.S tests/guests/arm64/fp.S tests/guests/arm64/glib.c tests/guests/arm64/bench.c \
	tests/guests/arm64/bench_main.c
A64B_OBJS := $(patsubst tests/guests/arm64/%,$(A64G)/%.o,$(A64B_SRCS))
$(B)/guests/bench.bin: $(A64B_OBJS) tests/guests/arm64/guest.ld
	$(LD) -nostdlib -static --gc-sections --defsym=GUEST_BASE=0x40000000 -T tests/guests/arm64/guest.ld \
		-o $(A64G)/bench.elf $(A64B_OBJS) $(NEWLIB)/install/lib/libc.a $(LIBGCC)
	$(OBJCOPY) -O binary $(A64G)/bench.elf $@

A64P_DTBS := $(patsubst tests/qemu/part/%.dts,$(B)/part-tests/%.dtb,$(wildcard tests/qemu/part/arm64-*.dts))
$(B)/part-tests/%.dtb: tests/qemu/part/%.dts $(B)/guests/test.bin $(B)/guests/bench.bin $(MF_CHECK) $(MF_PLATFORM)
	@mkdir -p $(dir $@)
	$(DTC) -I dts -O dtb -i $(B)/guests -o $@ $<
	$(MF_CHECK) $@ --platform $(MF_PLATFORM) --quiet

test-assets: $(A64P_DTBS)
endif

# The demo bundle `make run` boots (examples/arm64-demo.dts) embeds the SDK guest.
ifeq ($(ARCH),arm64)
$(B)/examples/arm64-demo.dtb: $(B)/guests/test.bin
endif
