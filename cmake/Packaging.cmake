# Packaging.cmake: `cpack` in the build tree makes vmctl_VERSION_ARCH.deb of
# what `cmake --install` puts in place: the binary, the backend modules
# (${CMAKE_INSTALL_LIBDIR}/vmctl), the man page, the bash and zsh completions.
#
# The package's Depends are what the core binary needs, its Recommends the
# libraries of the backend modules: vmctl starts without libvirt, libxl or
# liblxc, and a module whose library is missing is reported as unavailable
# (exit 5, naming the package).  CPack's own SHLIBDEPS would put every
# module's library into Depends, so dpkg-shlibdeps runs from
# cmake/PackagingDeps.cmake instead: vmctl into Depends, the modules into
# Recommends.
#
# Configure with -DCMAKE_INSTALL_PREFIX=/usr: the module directory is
# compiled into the binary, and it must be where the package puts it.
#   cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr
#   cmake --build build-deb && (cd build-deb && cpack)

install(FILES COPYING DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vmctl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "vmctl developers <dev@vmctl.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "one command line for libvirt, Xen and LXC guests")
# The extended description; CPack puts the summary first, indents each line
# and writes the empty line as " .".
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "vmctl starts, stops, pauses, snapshots and migrates virtual machines and
containers in one neutral vocabulary, through the real libraries: libvirt
(KVM/QEMU, libvirt-LXC, OpenVZ), libxenlight (Xen) and liblxc (LXC).
With --explain it acts on nothing and prints the native command instead
(xl, virsh, lxc-*, vzctl, the QEMU monitor).

Each backend is a module loaded when a command needs it: its library is
only recommended.")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/PackagingDeps.cmake)

# What PackagingDeps.cmake gives dpkg-shlibdeps: the built binary and every
# backend module (each vmctl_backend() target), the module directory
# compiled into the binary and the prefix it was configured with.
get_property(_vmctl_targets DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTY BUILDSYSTEM_TARGETS)
set(_vmctl_modules)
foreach(_t IN LISTS _vmctl_targets)
  get_target_property(_type ${_t} TYPE)
  if(_type STREQUAL "MODULE_LIBRARY" AND _t MATCHES "^vmctl-")
    list(APPEND _vmctl_modules "$<TARGET_FILE:${_t}>")
  endif()
endforeach()
set(CPACK_VMCTL_FILES ${CMAKE_BINARY_DIR}/CPackVmctlFiles.cmake)
file(GENERATE OUTPUT ${CPACK_VMCTL_FILES} CONTENT
"set(VMCTL_PKG_CORE \"$<TARGET_FILE:vmctl>\")
set(VMCTL_PKG_MODULES \"${_vmctl_modules}\")
set(VMCTL_PKG_MODULE_DIR \"${VMCTL_MODULE_DIR}\")
set(VMCTL_PKG_INSTALL_PREFIX \"${CMAKE_INSTALL_PREFIX}\")
")

include(CPack)
