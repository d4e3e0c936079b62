# SPDX-License-Identifier: MIT
# Assets for the s390x QEMU cases (tests/qemu/cases/s390-*.t), under
# build/s390/test/:
#   bundle.dtb   a minimal valid manifest (one partition, a 4-byte image) whose
#                model string the s390-bundle case looks for after QEMU's
#                -initrd placed it: proves the bundle is found and intact
#   empty.bin    a zero-length -initrd (must read as "no bundle")
#   mem/         directory for the file-backed memory of the 70 GiB case
#                (sparse: only the pages the hypervisor touches reach disk)
S390_TEST := $(BUILD)/s390/test

$(S390_TEST)/bundle.dts:
	@mkdir -p $(dir $@)
	@printf '%s\n' '/dts-v1/;' '/ {' \
		'	compatible = "bulkhead,manifest-1";' \
		'	model = "s390 initrd bundle test";' \
		'	partitions {' '		probe {' \
		'			#address-cells = <2>;' '			#size-cells = <2>;' \
		'			vcpus = <1>;' '			cpus = <1>;' \
		'			entry = <0x0 0x10000>;' \
		'			memory@0 {' '				reg = <0x0 0x0 0x0 0x100000>;' \
		'				access = "rwx";' '			};' \
		'			image-firmware {' '				load-address = <0x0 0x10000>;' \
		'				data = [a7 f4 00 00];' '			};' \
		'		};' '	};' '};' > $@

$(S390_TEST)/bundle.dtb: $(S390_TEST)/bundle.dts
	dtc -I dts -O dtb -o $@ $<

$(S390_TEST)/empty.bin:
	@mkdir -p $(dir $@)
	: > $@

$(S390_TEST)/mem:
	mkdir -p $@

ifeq ($(ARCH),s390)
test-assets: $(S390_TEST)/bundle.dtb $(S390_TEST)/empty.bin $(S390_TEST)/mem
endif
