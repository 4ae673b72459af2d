/*
 * rv32imac reset and trap entry for QEMU virt (-bios none): the reset ROM
 * jumps to 0x80000000 in M-mode. Hart 0 sets gp, sp and mtvec and runs
 * wcap_reset_c; other harts (none by default) park.
 *
 * Trap entry saves the caller-saved registers, calls
 *   uintptr_t wcap_rv_trap(uint32_t mcause, uintptr_t mepc, uint32_t mtval)
 * and resumes at the address it returns (mepc, or a redirect for a contained
 * capsule fault).
 */
    .section .text.reset, "ax"
    .globl wcap_reset_entry
wcap_reset_entry:
    csrr t0, mhartid
    bnez t0, 2f
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la t0, wcap_rv_trap_entry
    csrw mtvec, t0
    call wcap_reset_c
2:  wfi
    j 2b

    .text
    .balign 4
    .globl wcap_rv_trap_entry
wcap_rv_trap_entry:
    addi sp, sp, -64
    sw ra, 0(sp)
    sw t0, 4(sp)
    sw t1, 8(sp)
    sw t2, 12(sp)
    sw a0, 16(sp)
    sw a1, 20(sp)
    sw a2, 24(sp)
    sw a3, 28(sp)
    sw a4, 32(sp)
    sw a5, 36(sp)
    sw a6, 40(sp)
    sw a7, 44(sp)
    sw t3, 48(sp)
    sw t4, 52(sp)
    sw t5, 56(sp)
    sw t6, 60(sp)
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call wcap_rv_trap
    csrw mepc, a0
    lw ra, 0(sp)
    lw t0, 4(sp)
    lw t1, 8(sp)
    lw t2, 12(sp)
    lw a0, 16(sp)
    lw a1, 20(sp)
    lw a2, 24(sp)
    lw a3, 28(sp)
    lw a4, 32(sp)
    lw a5, 36(sp)
    lw a6, 40(sp)
    lw a7, 44(sp)
    lw t3, 48(sp)
    lw t4, 52(sp)
    lw t5, 56(sp)
    lw t6, 60(sp)
    addi sp, sp, 64
    mret
