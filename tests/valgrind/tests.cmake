# tests/valgrind/tests.cmake: the valgrind half of the reliability checks (included by
# tests/CMakeLists.txt).  Both tests run tests/valgrind/run.sh, which builds
# its own non-sanitised Debug tree in ${VMCTL_VALGRIND_BUILD} (ASan and
# valgrind cannot share a binary; the two tests share that build, serialised
# by a lock file) and runs suites with VMCTL pointing at vmctl under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
# Each fails on any finding in any vmctl run's log; each is skipped (77)
# without valgrind, except with CI set, where that is a failure.
set(VMCTL_VALGRIND_BUILD ${CMAKE_BINARY_DIR}/valgrind)
set(VMCTL_VALGRIND_RUN ${CMAKE_CURRENT_SOURCE_DIR}/valgrind/run.sh)

# The explain suites (golden, quoting: its 1100 names in two batch runs and
# 26 of them as command-line words; virsh_testdriver), the test-driver suite and the bad-input
# catalogue of tests/cli/bad_input.py (reliability/catalogue, another 130
# CPU-seconds under valgrind, runs under the sanitisers only).
add_test(NAME reliability.valgrind COMMAND ${VMCTL_VALGRIND_RUN} ${VMCTL_VALGRIND_BUILD})
# the suites read the verb table from the test build's vmctl-table (the
# valgrind build has no tests)
set_tests_properties(reliability.valgrind PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1500
  ENVIRONMENT "VMCTL_TABLE=$<TARGET_FILE:vmctl-table>")

# The qemu:///system client tests: all of tests/libvirt/qemu.py, with every
# vmctl run (about 70: every verb on a real TCG guest, console in a pty,
# snapshots, save/restore, migration to a second libvirtd and back, the
# errors) under valgrind.  It shares the guest vmt-q1 and the second daemon
# with libvirt.qemu, hence the resource lock.
if(TEST libvirt.qemu AND TEST libvirt.bed.setup)
  add_test(NAME reliability.valgrind.qemu COMMAND ${VMCTL_VALGRIND_RUN} ${VMCTL_VALGRIND_BUILD} tests/libvirt/qemu.py)
  set_tests_properties(reliability.valgrind.qemu PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1200
    FIXTURES_REQUIRED libvirtd RESOURCE_LOCK vmt-q1
    ENVIRONMENT "VMCTL_BEDDIR=${VMCTL_BEDDIR};VMCTL_TABLE=$<TARGET_FILE:vmctl-table>")
  set_property(TEST libvirt.qemu APPEND PROPERTY RESOURCE_LOCK vmt-q1)
endif()
