/*
 * dijkstra: single-source shortest paths from every node of a 48-node
 * directed graph (adjacency matrix, about 25% of edges present, weights
 * 1..99), with the O(V^2) array form of Dijkstra's algorithm.
 * Unit: all 48 sources; the result is the sum of all finite distances.
 * Check: every distance equals the Floyd-Warshall all-pairs result.
 */
#include "bench.h"

#define V 48
#define INF 0xFFFFFFFFu

static uint16_t weight[V][V]; /* 0: no edge */
static uint32_t dist[V][V], floyd[V][V];

static void shortest_from(int src, uint32_t *d)
{
    uint8_t done[V];
    for (int i = 0; i < V; i++) {
        d[i] = INF;
        done[i] = 0;
    }
    d[src] = 0;
    for (int round = 0; round < V; round++) {
        int u = -1;
        uint32_t best = INF;
        for (int i = 0; i < V; i++) {
            if (!done[i] && d[i] < best) {
                best = d[i];
                u = i;
            }
        }
        if (u < 0)
            break;
        done[u] = 1;
        for (int v = 0; v < V; v++) {
            uint32_t w = weight[u][v];
            if (w && !done[v] && best + w < d[v])
                d[v] = best + w;
        }
    }
}

static uint32_t unit(void)
{
    uint32_t total = 0;
    for (int s = 0; s < V; s++) {
        shortest_from(s + (int)bench_zero(), dist[s]);
        for (int v = 0; v < V; v++)
            total += dist[s][v] == INF ? 0 : dist[s][v];
    }
    return total;
}

static void floyd_warshall(void)
{
    for (int i = 0; i < V; i++)
        for (int j = 0; j < V; j++)
            floyd[i][j] = i == j ? 0 : weight[i][j] ? weight[i][j] : INF;
    for (int k = 0; k < V; k++)
        for (int i = 0; i < V; i++) {
            if (floyd[i][k] == INF)
                continue;
            for (int j = 0; j < V; j++) {
                if (floyd[k][j] != INF && floyd[i][k] + floyd[k][j] < floyd[i][j])
                    floyd[i][j] = floyd[i][k] + floyd[k][j];
            }
        }
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    uint32_t seed = 0xD1357u;
    for (int i = 0; i < V; i++)
        for (int j = 0; j < V; j++) {
            uint32_t r = bench_rand(&seed);
            weight[i][j] = (uint16_t)(i != j && (r & 3) == 0 ? 1 + (r >> 8) % 99 : 0);
        }
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    floyd_warshall();
    for (int i = 0; i < V; i++)
        for (int j = 0; j < V; j++)
            if (dist[i][j] != floyd[i][j])
                return 1;
    return same.differs ? 2 : 0;
}
