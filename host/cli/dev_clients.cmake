# Creates the development clients of every device the build makes, once
# (cmake -DWCAP=... -DDIR=... -P dev_clients.cmake), with `wcap client-key`:
#   DIR/clients.txt       the clients file: 'dev-admin admin KEY', 'dev-reader reader KEY'
#                         (wcapd --clients; the boards' firmware compiles it in)
#   DIR/dev-admin.psk     the keys for the CLI (--identity dev-admin --psk-file ...)
#   DIR/dev-reader.psk
# Does nothing when all three exist; never overwrites. A partial set is an
# error to resolve by hand (delete all three to create new ones).
set(_files ${DIR}/clients.txt ${DIR}/dev-admin.psk ${DIR}/dev-reader.psk)
set(_have 0)
foreach(_f ${_files})
  if(EXISTS ${_f})
    math(EXPR _have "${_have} + 1")
  endif()
endforeach()
if(_have EQUAL 3)
  return()
endif()
if(NOT _have EQUAL 0)
  message(FATAL_ERROR "wcap: only some of ${_files} exist; restore the others, or delete all three to "
                      "create new development clients")
endif()
file(MAKE_DIRECTORY ${DIR})
foreach(_c "dev-admin;admin" "dev-reader;reader")
  list(GET _c 0 _id)
  list(GET _c 1 _role)
  execute_process(COMMAND ${WCAP} client-key --identity ${_id} --role ${_role} --out ${DIR}/${_id}
                          --clients ${DIR}/clients.txt
                  RESULT_VARIABLE _rc OUTPUT_QUIET)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "wcap client-key failed (${_rc})")
  endif()
endforeach()
