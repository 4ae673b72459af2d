// examples/assemblyscript: an AssemblyScript capsule (docs/capsule-sdk.md,
// "AssemblyScript"), built with the pinned compiler of package-lock.json as
// examples/languages.cmake does:
//   asc capsule.ts --runtime stub -Osize --noExportMemory --initialMemory 1 --maximumMemory 1 \
//       --use abort=wcap/wcapAbort -o assemblyscript.wasm
//   wcap build assemblyscript.wasm --target cortex-m4 --key build/keys/dev.key \
//       -o assemblyscript.wcap --memory-max 8192
// Exports: run() -> i32 logs a line and returns a checksum (25953, the same
// as examples/rust);
// fail(n: i32) -> i32 returns 1000 / n, and for n <= 0 fails an assert: the
// abort logs the message and traps.
import { log } from "./wcap";

// A static array (a data segment) and an array the capsule allocates once,
// when it is loaded (the start function): the stub runtime never frees, so an
// allocation in every call of an installed capsule would use up its memory
// (docs/capsule-sdk.md, "AssemblyScript"). run: a Fletcher-16 sum over it.
const PRIMES: StaticArray<u16> = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];
const table = new StaticArray<u32>(64);

export function run(): i32 {
  log("hello from AssemblyScript");
  for (let i = 0; i < table.length; i++) {
    table[i] = <u32>i * PRIMES[i % PRIMES.length];
  }
  let a: u32 = 0;
  let b: u32 = 0;
  for (let i = 0; i < table.length; i++) {
    a = (a + table[i]) % 255;
    b = (b + a) % 255;
  }
  return <i32>((b << 8) | a);
}

export function fail(n: i32): i32 {
  assert(n > 0, "fail: n must be positive");
  return 1000 / n;
}
