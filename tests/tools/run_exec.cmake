# Runs wcap-exec and checks its exit code, its last stdout line and stderr.
#   -DEXEC=wcap-exec -DARGS="a;b;c" -DRC=n [-DLAST=regex] [-DERR=regex] [-DOUT=regex]
string(REPLACE "|" ";" ARGS "${ARGS}")
execute_process(COMMAND ${EXEC} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT 30)
if(NOT rc STREQUAL RC)
  message(FATAL_ERROR "exit ${rc}, expected ${RC}\nstdout:\n${out}\nstderr:\n${err}")
endif()
string(REGEX REPLACE "\n$" "" trimmed "${out}")
string(REGEX REPLACE ".*\n" "" last "${trimmed}")
if(DEFINED LAST AND NOT last MATCHES "${LAST}")
  message(FATAL_ERROR "last line '${last}' does not match '${LAST}'\nstdout:\n${out}")
endif()
if(DEFINED OUT AND NOT out MATCHES "${OUT}")
  message(FATAL_ERROR "stdout does not match '${OUT}':\n${out}")
endif()
if(DEFINED ERR AND NOT err MATCHES "${ERR}")
  message(FATAL_ERROR "stderr does not match '${ERR}':\n${err}")
endif()
