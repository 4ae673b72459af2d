/*
 * recursion: call-heavy code. Naive Fibonacci fib(20), Ackermann A(3, 4),
 * Takeuchi tak(18, 12, 6), and building then walking a perfect binary tree of
 * depth 9 (511 nodes in a static pool) with recursive functions.
 * Unit: all four (about 96 000 calls).
 * Check: fib(20) = 6765 (= the iterative sum), A(3, n) = 2^(n+3) - 3,
 * tak(18, 12, 6) = 7 (the classic Gabriel benchmark value), and the tree's
 * node count 2^9 - 1, height 9 and preorder label sum 510 * 511 / 2.
 */
#include "bench.h"

#define TREE_DEPTH 9
#define TREE_NODES ((1 << TREE_DEPTH) - 1)

typedef struct node {
    struct node *left, *right;
    uint32_t label;
} node_t;

static node_t pool[TREE_NODES];
static uint32_t pool_used;

static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static int32_t tak(int32_t x, int32_t y, int32_t z)
{
    if (y >= x)
        return z;
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

static node_t *build(int depth)
{
    if (depth == 0 || pool_used >= TREE_NODES)
        return NULL;
    node_t *n = &pool[pool_used];
    n->label = pool_used++;
    n->left = build(depth - 1);
    n->right = build(depth - 1);
    return n;
}

static uint32_t count(const node_t *n)
{
    return n ? 1 + count(n->left) + count(n->right) : 0;
}

static uint32_t height(const node_t *n)
{
    if (!n)
        return 0;
    uint32_t l = height(n->left), r = height(n->right);
    return 1 + (l > r ? l : r);
}

static uint32_t label_sum(const node_t *n)
{
    return n ? n->label + label_sum(n->left) + label_sum(n->right) : 0;
}

static uint32_t r_fib, r_ack, r_tak, r_count, r_height, r_sum;

static uint32_t unit(void)
{
    uint32_t z = bench_zero();
    r_fib = fib(20 + z);
    r_ack = ack(3 + z, 4);
    r_tak = (uint32_t)tak(18 + (int32_t)z, 12, 6);
    pool_used = z;
    const node_t *root = build(TREE_DEPTH);
    r_count = count(root);
    r_height = height(root);
    r_sum = label_sum(root);
    return r_fib ^ r_ack << 8 ^ r_tak << 16 ^ r_count ^ r_height << 24 ^ r_sum;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    uint32_t a = 0, b = 1;
    for (int i = 0; i < 20; i++) {
        uint32_t t = a + b;
        a = b;
        b = t;
    }
    if (r_fib != a || a != 6765)
        return 1;
    if (r_ack != (1u << (4 + 3)) - 3)
        return 2;
    if (r_tak != 7)
        return 3;
    if (r_count != TREE_NODES || r_height != TREE_DEPTH || r_sum != TREE_NODES * (TREE_NODES - 1) / 2)
        return 4;
    return same.differs ? 5 : 0;
}
