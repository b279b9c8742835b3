# Faults on the real test beds, and concurrency
# Included from tests/CMakeLists.txt, where
# vmctl_pytest() and the libvirtd fixture (libvirt.bed.setup) are defined.
# Each suite is root-only and skips (77) without its bed, except with CI set.
vmctl_pytest(faults.daemon faults/daemon.py)            # private libvirtd: kills, restart, full disk
vmctl_pytest(faults.signals faults/signals.py)          # SIGPIPE on list | head, SIGINT during stop
vmctl_pytest(faults.destroy_loop faults/destroy_loop.py) # virsh destroy+undefine loop vs vmctl
vmctl_pytest(faults.lxc_frozen faults/lxc_frozen.py)    # a container destroyed while frozen
vmctl_pytest(faults.concurrency.qemu faults/concurrency.py qemu)
vmctl_pytest(faults.concurrency.lxc faults/concurrency.py lxc)
set_tests_properties(faults.daemon PROPERTIES FIXTURES_REQUIRED libvirtd TIMEOUT 300)
set_tests_properties(faults.signals PROPERTIES FIXTURES_REQUIRED libvirtd TIMEOUT 240)
set_tests_properties(faults.destroy_loop PROPERTIES FIXTURES_REQUIRED libvirtd TIMEOUT 400)
set_tests_properties(faults.lxc_frozen PROPERTIES FIXTURES_REQUIRED libvirtd TIMEOUT 180)
set_tests_properties(faults.concurrency.qemu PROPERTIES FIXTURES_REQUIRED libvirtd TIMEOUT 600)
set_tests_properties(faults.concurrency.lxc PROPERTIES TIMEOUT 600)
