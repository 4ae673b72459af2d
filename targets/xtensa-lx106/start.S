/*
 * LX106 (call0 ABI, XEA2 exceptions) reset and exception entry for QEMU
 * -M lx60-nommu -cpu lx106. The core resets to 0x50000000, where -kernel
 * loads the firmware: the ELF entry is that address, so QEMU writes no boot
 * stub over it. The vector table starts there too (VECBASE is set to it);
 * its first 16 bytes, which no vector uses, hold the jump to the reset code.
 *
 * Exceptions and level-1 interrupts arrive at the user vector (PS.UM = 1
 * always), which saves an 80-byte frame on the current stack
 * (xtfpga.h: XT_FRAME_*), calls
 *   void wcap_xt_exception(uint32_t *frame, uint32_t exccause)
 * with PS.EXCM set (interrupts masked) and resumes at the frame's EPC1, which
 * the handler may have rewritten (a preempted or faulting capsule). A debug
 * exception (BREAK, level 2) saves the same frame with EPC2 and EPS2 and
 * calls wcap_xt_debug_exception.
 */
    .section .vectors, "ax"
    .balign 1024
    .globl wcap_reset_entry
    .globl wcap_xt_vectors
wcap_reset_entry:
wcap_xt_vectors:
    j       wcap_xt_reset           /* +0x00: reset entry (unused by the core) */
    .org    0x10                    /* level 2 = debug: BREAK */
    wsr     a0, excsave2
    j       wcap_xt_debug_exc
    .org    0x20                    /* NMI (level 3): not used */
    rfi     3
    .org    0x30                    /* kernel exception (PS.UM = 0): never */
    j       wcap_xt_unexpected
    .org    0x50                    /* user exception, level-1 interrupts */
    wsr     a0, excsave1
    j       wcap_xt_user_exc
    .org    0x70                    /* double exception: fault in the handler */
    j       wcap_xt_unexpected

    .section .text.reset, "ax"
    .literal_position
    .balign 4
wcap_xt_reset:
    movi    a0, 0
    wsr     a0, intenable
    movi    a1, __stack_top
    movi    a0, wcap_xt_vectors
    wsr     a0, vecbase
    movi    a0, 0x2f                /* PS: UM = 1, EXCM = 0, INTLEVEL = 15 until board init */
    wsr     a0, ps
    rsync
    movi    a0, 0
    call0   wcap_reset_c
1:  waiti   15
    j       1b

/* An exception with no handler (double exception, kernel vector):
 * report through the polled UART and reset. */
    .balign 4
wcap_xt_unexpected:
    movi    a1, __stack_top
    movi    a0, 0x2f
    wsr     a0, ps
    rsync
    call0   wcap_xt_fatal_unexpected
2:  j       2b

    .section .text.reset.exc, "ax"         /* near the vectors: in reach of their j */
    .literal_position

/* Saves a0 (from EXCSAVE_n), a1..a15, EPC_n, the PS to return with, SAR. */
    .macro  save_frame excsave, epc, ps
    addi    a1, a1, -80
    s32i    a2, a1, 8
    rsr     a0, \excsave
    s32i    a0, a1, 0
    addi    a2, a1, 80
    s32i    a2, a1, 4
    s32i    a3, a1, 12
    s32i    a4, a1, 16
    s32i    a5, a1, 20
    s32i    a6, a1, 24
    s32i    a7, a1, 28
    s32i    a8, a1, 32
    s32i    a9, a1, 36
    s32i    a10, a1, 40
    s32i    a11, a1, 44
    s32i    a12, a1, 48
    s32i    a13, a1, 52
    s32i    a14, a1, 56
    s32i    a15, a1, 60
    rsr     a2, \epc
    s32i    a2, a1, 64
    rsr     a2, \ps
    s32i    a2, a1, 68
    rsr     a2, sar
    s32i    a2, a1, 72
    mov     a2, a1                  /* frame */
    .endm

/* Restores them, with the (possibly rewritten) EPC_n. */
    .macro  restore_frame epc, ps
    l32i    a2, a1, 64
    wsr     a2, \epc
    l32i    a2, a1, 72
    wsr     a2, sar
    l32i    a2, a1, 68
    wsr     a2, \ps
    rsync
    l32i    a0, a1, 0
    l32i    a3, a1, 12
    l32i    a4, a1, 16
    l32i    a5, a1, 20
    l32i    a6, a1, 24
    l32i    a7, a1, 28
    l32i    a8, a1, 32
    l32i    a9, a1, 36
    l32i    a10, a1, 40
    l32i    a11, a1, 44
    l32i    a12, a1, 48
    l32i    a13, a1, 52
    l32i    a14, a1, 56
    l32i    a15, a1, 60
    l32i    a2, a1, 8
    addi    a1, a1, 80
    .endm

    .balign 4
wcap_xt_user_exc:
    save_frame excsave1, epc1, ps
    rsr     a3, exccause
    call0   wcap_xt_exception
    restore_frame epc1, ps
    rfe

/* Debug exception (level 2): BREAK, which GCC emits for __builtin_trap. The
 * frame holds EPC2 and EPS2 (the interrupted PS); RFI 2 returns. */
    .balign 4
wcap_xt_debug_exc:
    save_frame excsave2, epc2, eps2
    rsr     a3, debugcause
    call0   wcap_xt_debug_exception
    restore_frame epc2, eps2
    rfi     2
