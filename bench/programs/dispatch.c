/*
 * dispatch: a small stack-machine interpreter whose opcodes are handled by
 * functions reached through a function-pointer table (call_indirect in Wasm).
 * The bytecode, assembled at start-up from a table with symbolic labels,
 * sums the Collatz stopping times of 1..LIMIT.
 * Unit: one run of the bytecode (34 553 dispatched opcodes).
 * Check: the result equals the same sum computed directly in C, and the
 * machine halted normally with an empty stack.
 */
#include "bench.h"

#define LIMIT 72
#define STACK_MAX 16
#define CODE_MAX 96
#define NREGS 4

enum {
    OP_PUSH,
    OP_LOAD,
    OP_STORE,
    OP_ADD,
    OP_MUL,
    OP_SHR1,
    OP_AND,
    OP_EQ,
    OP_LT,
    OP_DUP,
    OP_JZ,
    OP_JNZ,
    OP_JMP,
    OP_HALT,
    OP_COUNT
};

typedef struct vm {
    int32_t stack[STACK_MAX];
    int32_t reg[NREGS];
    const int32_t *code;
    uint32_t pc, sp;
    int running, fault;
} vm_t;

typedef void (*op_fn)(vm_t *);

static int32_t pop(vm_t *m)
{
    if (m->sp == 0) {
        m->fault = 1;
        m->running = 0;
        return 0;
    }
    return m->stack[--m->sp];
}

static void push(vm_t *m, int32_t v)
{
    if (m->sp == STACK_MAX) {
        m->fault = 1;
        m->running = 0;
        return;
    }
    m->stack[m->sp++] = v;
}

static int32_t arg(vm_t *m)
{
    return m->code[m->pc++];
}

static void op_push(vm_t *m)
{
    push(m, arg(m));
}
static void op_load(vm_t *m)
{
    push(m, m->reg[arg(m) & (NREGS - 1)]);
}
static void op_store(vm_t *m)
{
    int32_t r = arg(m);
    m->reg[r & (NREGS - 1)] = pop(m);
}
static void op_add(vm_t *m)
{
    int32_t b = pop(m);
    push(m, pop(m) + b);
}
static void op_mul(vm_t *m)
{
    int32_t b = pop(m);
    push(m, pop(m) * b);
}
static void op_shr1(vm_t *m)
{
    push(m, pop(m) >> 1);
}
static void op_and(vm_t *m)
{
    int32_t b = pop(m);
    push(m, pop(m) & b);
}
static void op_eq(vm_t *m)
{
    int32_t b = pop(m);
    push(m, pop(m) == b);
}
static void op_lt(vm_t *m)
{
    int32_t b = pop(m);
    push(m, pop(m) < b);
}
static void op_dup(vm_t *m)
{
    int32_t a = pop(m);
    push(m, a);
    push(m, a);
}
static void op_jz(vm_t *m)
{
    int32_t to = arg(m);
    if (pop(m) == 0)
        m->pc = (uint32_t)to;
}
static void op_jnz(vm_t *m)
{
    int32_t to = arg(m);
    if (pop(m) != 0)
        m->pc = (uint32_t)to;
}
static void op_jmp(vm_t *m)
{
    m->pc = (uint32_t)arg(m);
}
static void op_halt(vm_t *m)
{
    m->running = 0;
}

static op_fn const handlers[OP_COUNT] = {
    op_push, op_load, op_store, op_add, op_mul, op_shr1, op_and, op_eq, op_lt, op_dup, op_jz, op_jnz, op_jmp, op_halt,
};

/* ---- assembler: label L_x defines, ref L_x as an argument ---- */

enum { L_NONE, L_OUTER, L_INNER, L_EVEN, L_COUNT, L_NEXT, L_LABELS };

typedef struct {
    uint8_t label; /* label defined at this instruction, or L_NONE */
    uint8_t op;
    uint8_t has_arg;
    uint8_t arg_label; /* argument is this label's address, or L_NONE */
    int32_t arg;
} asm_line_t;

#define I(op)                    \
    {                            \
        L_NONE, op, 0, L_NONE, 0 \
    }
#define IA(op, a)                \
    {                            \
        L_NONE, op, 1, L_NONE, a \
    }
#define IL(op, l)           \
    {                       \
        L_NONE, op, 1, l, 0 \
    }
#define AT(l, op, a)        \
    {                       \
        l, op, 1, L_NONE, a \
    }

/* r0 = n, r1 = total steps, r2 = x */
static const asm_line_t source[] = {
    IA(OP_PUSH, 1),
    IA(OP_STORE, 0),
    IA(OP_PUSH, 0),
    IA(OP_STORE, 1),
    AT(L_OUTER, OP_LOAD, 0),
    IA(OP_STORE, 2),
    AT(L_INNER, OP_LOAD, 2),
    IA(OP_PUSH, 1),
    I(OP_EQ),
    IL(OP_JNZ, L_NEXT),
    IA(OP_LOAD, 2),
    IA(OP_PUSH, 1),
    I(OP_AND),
    IL(OP_JZ, L_EVEN),
    IA(OP_LOAD, 2),
    IA(OP_PUSH, 3),
    I(OP_MUL),
    IA(OP_PUSH, 1),
    I(OP_ADD),
    IA(OP_STORE, 2),
    IL(OP_JMP, L_COUNT),
    AT(L_EVEN, OP_LOAD, 2),
    I(OP_SHR1),
    IA(OP_STORE, 2),
    AT(L_COUNT, OP_LOAD, 1),
    IA(OP_PUSH, 1),
    I(OP_ADD),
    IA(OP_STORE, 1),
    IL(OP_JMP, L_INNER),
    AT(L_NEXT, OP_LOAD, 0),
    IA(OP_PUSH, 1),
    I(OP_ADD),
    I(OP_DUP),
    IA(OP_STORE, 0),
    IA(OP_PUSH, LIMIT + 1),
    I(OP_LT),
    IL(OP_JNZ, L_OUTER),
    I(OP_HALT),
};

static int32_t code[CODE_MAX];

static int assemble(void)
{
    uint32_t addr[L_LABELS] = {0}, pc = 0;
    for (size_t i = 0; i < BENCH_ARRAY_LEN(source); i++) {
        addr[source[i].label] = pc;
        pc += 1u + source[i].has_arg;
    }
    if (pc > CODE_MAX)
        return 0;
    pc = 0;
    for (size_t i = 0; i < BENCH_ARRAY_LEN(source); i++) {
        code[pc++] = source[i].op;
        if (source[i].has_arg)
            code[pc++] = source[i].arg_label ? (int32_t)addr[source[i].arg_label] : source[i].arg;
    }
    return 1;
}

static vm_t vm;
static uint32_t dispatched;

static uint32_t unit(void)
{
    memset(&vm, 0, sizeof vm);
    vm.code = code + bench_zero();
    vm.running = 1;
    dispatched = 0;
    while (vm.running) {
        int32_t op = vm.code[vm.pc++];
        if ((uint32_t)op >= OP_COUNT || vm.pc >= CODE_MAX) {
            vm.fault = 1;
            break;
        }
        handlers[op](&vm);
        dispatched++;
    }
    return (uint32_t)vm.reg[1] ^ dispatched << 12;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    if (!assemble())
        return 1;
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    uint32_t want = 0;
    for (uint32_t n = 1; n <= LIMIT; n++)
        for (uint32_t x = n; x != 1; x = x & 1 ? 3 * x + 1 : x / 2)
            want++;
    if (vm.fault || vm.sp != 0)
        return 2;
    if ((uint32_t)vm.reg[1] != want)
        return 3;
    return same.differs ? 4 : 0;
}
