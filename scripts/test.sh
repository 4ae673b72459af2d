#!/usr/bin/env bash
# README command (2): install what is missing, build everything, run every test.
#   1. scripts/setup.sh (Debian packages + Debian source packages of mbedtls/nanopb)
#   2. full build in build/ (host tools, examples, board firmware) and all ctest tests
#   3. the host code in Release (build-rel/), which must build warning-free too
#   4. host code again with AddressSanitizer + UBSan in build-asan/, and the host tests there
#   5. the libFuzzer harnesses in build-fuzz/ (clang-14), fuzz.* for WCAP_FUZZ_SECONDS (60) each
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${WCAP_JOBS:-2}

bash scripts/setup.sh

echo "== build (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWCAP_WERROR=ON
cmake --build build -j"$jobs"

echo "== Release build of the host code (build-rel/: what packagers build, -O3 warnings included)"
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DWCAP_BUILD_FIRMWARE=OFF -DWCAP_WERROR=ON
cmake --build build-rel -j"$jobs"

echo "== build with ASan+UBSan (build-asan/, host code only)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWCAP_SANITIZE=ON -DWCAP_BUILD_FIRMWARE=OFF -DWCAP_WERROR=ON
cmake --build build-asan -j"$jobs"

echo "== host tests under ASan+UBSan"
(cd build-asan && ctest -j"$jobs" --output-on-failure --timeout 600 --no-tests=error -R "^(compiler|loader|runtime|proto)\\.")

echo "== fuzz harnesses (build-fuzz/: clang-14, libFuzzer, ASan+UBSan; docs/fuzzing.md)"
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWCAP_FUZZ=ON -DWCAP_WERROR=ON \
  -DWCAP_FUZZ_SECONDS="${WCAP_FUZZ_SECONDS:-60}"
cmake --build build-fuzz -j"$jobs"
(cd build-fuzz && ctest -j"$jobs" --output-on-failure --no-tests=error -L fuzz)

echo "== all tests"
(cd build && ctest -j"$jobs" --output-on-failure --timeout 900)
