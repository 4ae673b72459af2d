# Creates the development key pair PREFIX.{key,pub} with `wcap keygen`, once.
# Run at every build (cmake -DWCAP=... -DPREFIX=... -P dev_keys.cmake): does
# nothing when the pair exists, and never deletes or overwrites a key. A half
# pair is an error to resolve by hand (restore the missing file, or delete both).
if(EXISTS ${PREFIX}.key AND EXISTS ${PREFIX}.pub)
  return()
endif()
if(EXISTS ${PREFIX}.key OR EXISTS ${PREFIX}.pub)
  message(FATAL_ERROR "wcap: only one of ${PREFIX}.key and ${PREFIX}.pub exists; restore the other one, "
                      "or delete both to create a new development key pair")
endif()
get_filename_component(_dir ${PREFIX} DIRECTORY)
file(MAKE_DIRECTORY ${_dir})
execute_process(COMMAND ${WCAP} keygen --out ${PREFIX} RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "wcap keygen failed (${_rc})")
endif()
