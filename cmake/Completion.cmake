# Completion.cmake: bash and zsh completion generated from the verb table.
# tools/gen-completion (linked with vmctl_core, so it reads the table that the
# binary uses) fills the engines of tools/completion/ with the verbs, their
# options and operands and the global options; the results are
# build/completion/vmctl.bash and build/completion/_vmctl.

add_executable(gen-completion tools/gen-completion.c)
target_link_libraries(gen-completion PRIVATE vmctl_core)

set(VMCTL_COMPLETION_DIR ${CMAKE_BINARY_DIR}/completion)
set(_vmctl_completions)
foreach(_shell bash zsh)
  if(_shell STREQUAL "bash")
    set(_file vmctl.bash)
  else()
    set(_file _vmctl)
  endif()
  add_custom_command(OUTPUT ${VMCTL_COMPLETION_DIR}/${_file}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${VMCTL_COMPLETION_DIR}
    COMMAND gen-completion ${_shell} ${PROJECT_SOURCE_DIR}/tools/completion/${_file}.in
            ${VMCTL_COMPLETION_DIR}/${_file}
    DEPENDS gen-completion ${PROJECT_SOURCE_DIR}/tools/completion/${_file}.in
    COMMENT "Generating ${_shell} completion completion/${_file}"
    VERBATIM)
  list(APPEND _vmctl_completions ${VMCTL_COMPLETION_DIR}/${_file})
endforeach()
add_custom_target(completion ALL DEPENDS ${_vmctl_completions})

# Where bash-completion and Debian's zsh look for them.
install(FILES ${VMCTL_COMPLETION_DIR}/vmctl.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME vmctl)
install(FILES ${VMCTL_COMPLETION_DIR}/_vmctl
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
