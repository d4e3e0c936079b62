# SPDX-License-Identifier: MIT
# Host unit tests for boot/ (see Makefile "Host unit tests").
UNIT_TESTS += fdt
UT_fdt_SRCS := tests/unit/boot/test_fdt.c boot/fdt.c tests/unit/lib/fdtw.c \
	tests/unit/lib/fdt_exercise.c $(HB)/gen/fdt_sample_dtb.c

UNIT_TESTS += bootinfo
UT_bootinfo_SRCS := tests/unit/boot/test_bootinfo.c boot/bootinfo.c

# dtc's output for sample.dts as a C array (od: no xxd needed).
$(HB)/gen/fdt_sample_dtb.c: tests/unit/boot/sample.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $(@:.c=.dtb) $<
	{ echo '/* Generated from $< by dtc; do not edit. */'; \
	  echo 'const unsigned char fdt_sample_dtb[] = {'; \
	  od -An -v -tx1 $(@:.c=.dtb) | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; \
	  echo 'extern const unsigned int fdt_sample_dtb_len;'; \
	  echo 'const unsigned int fdt_sample_dtb_len = sizeof(fdt_sample_dtb);'; } > $@.tmp
	mv $@.tmp $@

# QEMU's own arm64 virt DTB (raw: 1 MiB with padding, as a guest gets it; and
# repacked by dtc) and its reference listing made with fdtget (libfdt).
$(HB)/unit/fdt: $(HB)/gen/qemu-virt.list $(HB)/gen/qemu-virt-raw.dtb
$(HB)/gen/qemu-virt-raw.dtb:
	@mkdir -p $(dir $@)
	qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,dumpdtb=$@ \
		-cpu cortex-a57 -smp 4 -m 1G -nographic >/dev/null 2>&1
$(HB)/gen/qemu-virt.dtb: $(HB)/gen/qemu-virt-raw.dtb
	dtc -q -I dtb -O dtb -o $@ $<
$(HB)/gen/qemu-virt.list: $(HB)/gen/qemu-virt.dtb tests/unit/boot/fdt-listing.sh
	tests/unit/boot/fdt-listing.sh $< > $@.tmp
	mv $@.tmp $@
