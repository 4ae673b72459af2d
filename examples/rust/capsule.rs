//! examples/rust: a `#![no_std]` Rust capsule (docs/capsule-sdk.md, "Rust").
//!
//! Built with Debian's rustc 1.63 (packages `rustc`, `libstd-rust-dev-wasm32`),
//! as examples/languages.cmake does:
//!   /usr/bin/rustc --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown \
//!     -C opt-level=s -C panic=abort -D warnings \
//!     -C link-arg=-zstack-size=4096 -C link-arg=--initial-memory=65536 \
//!     -C link-arg=--max-memory=65536 -C link-arg=--strip-debug capsule.rs -o rust.wasm
//!   wcap build rust.wasm --target cortex-m4 --key build/keys/dev.key -o rust.wcap --memory-max 8192
//!
//! Exports: `run() -> i32` logs a line and returns a checksum (25953, the
//! same as examples/assemblyscript); `fail(n: i32) -> i32` returns 1000 / n,
//! and for n == 0 panics: the panic handler logs where and traps
//! (`trap: unreachable executed`).
#![no_std]

// The host API (sdk/wcap.h, docs/host-api.md): module "wcap", pointers are
// addresses in the capsule's linear memory, lengths u32.
#[link(wasm_import_module = "wcap")]
extern "C" {
    #[link_name = "log"]
    fn wcap_log(ptr: *const u8, len: u32); // capability `log`
}

fn log(bytes: &[u8]) {
    // SAFETY: the device bounds-checks (ptr, len) against the capsule's memory.
    unsafe { wcap_log(bytes.as_ptr(), bytes.len() as u32) }
}

/// Writes `v` in decimal at the end of `buf[..n]`, returns the new length.
fn push_u32(buf: &mut [u8], mut n: usize, mut v: u32) -> usize {
    let mut tmp = [0u8; 10];
    let mut k = 0;
    loop {
        tmp[k] = b'0' + (v % 10) as u8;
        k += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    while k > 0 && n < buf.len() {
        k -= 1;
        buf[n] = tmp[k];
        n += 1;
    }
    n
}

fn push_str(buf: &mut [u8], mut n: usize, s: &[u8]) -> usize {
    for &b in s {
        if n == buf.len() {
            break;
        }
        buf[n] = b;
        n += 1;
    }
    n
}

/// A panic (a failed bounds check, a division by zero, `panic!`, an
/// `unwrap()` on `None`, ...) logs its source location and traps the call.
/// No `core::fmt` (the message is left out): formatting it would add about
/// 4 KB of wasm (6.3 KB -> 10.6 KB for this example).
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let mut buf = [0u8; 96];
    let mut n = push_str(&mut buf, 0, b"panic");
    if let Some(loc) = info.location() {
        n = push_str(&mut buf, n, b" at ");
        n = push_str(&mut buf, n, loc.file().as_bytes());
        n = push_str(&mut buf, n, b":");
        n = push_u32(&mut buf, n, loc.line());
    }
    log(&buf[..n]);
    core::arch::wasm32::unreachable()
}

/// A Fletcher-16 sum over a table the capsule fills: slices, iterators and a
/// static array (a data segment), nothing from std.
static PRIMES: [u16; 10] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];

#[no_mangle]
pub extern "C" fn run() -> i32 {
    log(b"hello from Rust");
    let mut table = [0u32; 64];
    for (i, t) in table.iter_mut().enumerate() {
        *t = (i as u32) * u32::from(PRIMES[i % PRIMES.len()]);
    }
    let (mut a, mut b) = (0u32, 0u32);
    for t in table.iter() {
        a = (a + t) % 255;
        b = (b + a) % 255;
    }
    ((b << 8) | a) as i32
}

#[no_mangle]
pub extern "C" fn fail(n: i32) -> i32 {
    1000 / n // n == 0: "attempt to divide by zero" -> panic -> trap
}
