# PackagingDeps.cmake: read by cpack (CPACK_PROJECT_CONFIG_FILE) before it
# builds the .deb.  Sets the package's Depends from the libraries the vmctl
# binary links and its Recommends from the libraries of the backend modules,
# as dpkg-shlibdeps finds them (a package already in Depends is left out of
# Recommends).  See Packaging.cmake.

if(NOT CPACK_GENERATOR STREQUAL "DEB")
  return()
endif()
include(${CPACK_VMCTL_FILES}) # VMCTL_PKG_CORE, _MODULES, _MODULE_DIR, _INSTALL_PREFIX

# The binary looks for its modules in the directory compiled into it, made
# from the prefix it was configured with: that must be the package's.
if(NOT VMCTL_PKG_INSTALL_PREFIX STREQUAL CPACK_PACKAGING_INSTALL_PREFIX)
  message(FATAL_ERROR "this build looks for its modules in ${VMCTL_PKG_MODULE_DIR} "
    "(CMAKE_INSTALL_PREFIX ${VMCTL_PKG_INSTALL_PREFIX}), the package installs under "
    "${CPACK_PACKAGING_INSTALL_PREFIX}: configure with -DCMAKE_INSTALL_PREFIX=${CPACK_PACKAGING_INSTALL_PREFIX}")
endif()

find_program(_dpkg_shlibdeps dpkg-shlibdeps)
if(NOT _dpkg_shlibdeps)
  message(FATAL_ERROR "dpkg-shlibdeps (package dpkg-dev) is needed to compute the .deb's dependencies")
endif()

# dpkg-shlibdeps wants a debian/control around it.
set(_dir "${CPACK_PACKAGE_DIRECTORY}/_CPack_Packages/vmctl-shlibdeps")
file(REMOVE_RECURSE "${_dir}")
file(WRITE "${_dir}/debian/control" "Source: vmctl\n\nPackage: vmctl\nArchitecture: any\n")
set(_args -O -dDepends "${VMCTL_PKG_CORE}")
if(VMCTL_PKG_MODULES)
  list(APPEND _args -dRecommends ${VMCTL_PKG_MODULES})
endif()
execute_process(COMMAND ${_dpkg_shlibdeps} ${_args}
  WORKING_DIRECTORY "${_dir}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
file(REMOVE_RECURSE "${_dir}")
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "dpkg-shlibdeps failed: ${_err}")
endif()

set(CPACK_DEBIAN_PACKAGE_DEPENDS "")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "")
if(_out MATCHES "shlibs:Depends=([^\n]*)")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${CMAKE_MATCH_1}")
endif()
if(_out MATCHES "shlibs:Recommends=([^\n]*)")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "${CMAKE_MATCH_1}")
endif()
if(CPACK_DEBIAN_PACKAGE_DEPENDS STREQUAL "")
  message(FATAL_ERROR "dpkg-shlibdeps found no dependency of ${VMCTL_PKG_CORE}: ${_out}")
endif()
# The promise of the module design: no backend library in Depends.
if(CPACK_DEBIAN_PACKAGE_DEPENDS MATCHES "libvirt|lxc|libxen")
  message(FATAL_ERROR "the vmctl binary links a backend library: Depends: ${CPACK_DEBIAN_PACKAGE_DEPENDS}")
endif()
message(STATUS "vmctl .deb Depends: ${CPACK_DEBIAN_PACKAGE_DEPENDS}")
message(STATUS "vmctl .deb Recommends: ${CPACK_DEBIAN_PACKAGE_RECOMMENDS}")
