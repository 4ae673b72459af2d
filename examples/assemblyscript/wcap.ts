// examples/assemblyscript/wcap.ts: the host API (module "wcap", sdk/wcap.h,
// docs/host-api.md) for AssemblyScript capsules, and the `abort` wcap runs.
// Not an entry file: nothing here becomes a Wasm export.

// @ts-ignore: decorator
@external("wcap", "log")
declare function wcap_log(ptr: usize, len: u32): void; // capability `log`

// One log line's UTF-8 bytes, in the capsule's static data: logging allocates
// nothing (the stub runtime never frees).
const LOG_MAX: i32 = 120;
const logBuf = memory.data(LOG_MAX);

// Logs `s` (UTF-16 in AssemblyScript) as one UTF-8 line, cut at LOG_MAX / 3
// characters so that any character fits.
export function log(s: string): void {
  const n = min(s.length, LOG_MAX / 3);
  const len = String.UTF8.encodeUnsafe(changetype<usize>(s), n, logBuf);
  wcap_log(logBuf, <u32>len);
}

// The compiler calls `abort` for a failed assert(), a `throw`, an index out of
// range, an allocation that does not fit, ...; by default it imports
// env.abort, which wcap refuses. `asc --use abort=wcap/wcapAbort` makes this
// function the abort instead: it logs the message and where, then traps
// (`trap: unreachable executed`).
export function wcapAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  log("abort: " + (message !== null ? message : "(no message)"));
  if (fileName !== null) {
    log("  at " + fileName + ":" + line.toString() + ":" + column.toString());
  }
  unreachable();
}
