/*
 * Linked into every capsule by sdk/capsule.cmake; never called.
 *
 * wasm-ld treats a module whose code never refers to __wasm_call_ctors as a
 * WASI "command" and, when wasi-libc provides __wasm_call_dtors, wraps every
 * export in a function that runs the constructors before and the destructors
 * after each call. Capsules are libraries called many times, so this reference
 * (removed again by the linker's dead-code pass) keeps the exports unwrapped.
 * Consequence: C constructors (__attribute__((constructor))) never run in a
 * capsule; initialise state statically or on first use.
 */
extern void __wasm_call_ctors(void);

__attribute__((visibility("hidden"))) void wcap_sdk_reactor_marker(void);

__attribute__((visibility("hidden"))) void wcap_sdk_reactor_marker(void)
{
    __wasm_call_ctors();
}
