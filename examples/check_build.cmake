# examples.build.<target>: cmake -DWCAP=wcap -DPUB=dev.pub -DDIR=dir -DNAMES=a;b -P check_build.cmake
# Fails unless DIR/<name>.wcap exists for every name and `wcap verify` accepts each.
foreach(n ${NAMES})
  set(blob ${DIR}/${n}.wcap)
  if(NOT EXISTS ${blob})
    message(FATAL_ERROR "missing blob ${blob}")
  endif()
  execute_process(COMMAND ${WCAP} verify ${blob} --pub ${PUB}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wcap verify ${blob} failed (exit ${rc}): ${out}${err}")
  endif()
  message(STATUS "${n}: verified")
endforeach()
