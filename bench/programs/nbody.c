/*
 * nbody: double-precision simulation of the Sun and the four giant planets
 * (symplectic Euler, dt = 0.01), the set-up of the Computer Language
 * Benchmarks Game's n-body task; the integration code is our own.
 * Unit: reset the system and advance it 1000 steps.
 * Check: the published energies for that task, -0.169075164 before and
 * -0.169087605 after 1000 steps (to 9 decimals).
 */
#include "bench.h"

#define BODIES 5
#define STEPS 1000
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

typedef struct {
    double x, y, z, vx, vy, vz, mass;
} body_t;

/* Positions in AU, velocities in AU/day (scaled to AU/year), masses in solar masses. */
static const body_t initial[BODIES] = {
    {0, 0, 0, 0, 0, 0, 1},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01, 1.66007664274403694e-03,
     7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01, -2.76742510726862411e-03,
     4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01, 2.96460137564761618e-03,
     2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01, 2.68067772490389322e-03,
     1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05},
};

static body_t sys[BODIES];

static void reset(const body_t *from)
{
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < BODIES; i++) {
        sys[i] = from[i];
        sys[i].vx *= DAYS_PER_YEAR;
        sys[i].vy *= DAYS_PER_YEAR;
        sys[i].vz *= DAYS_PER_YEAR;
        sys[i].mass *= SOLAR_MASS;
        px += sys[i].vx * sys[i].mass;
        py += sys[i].vy * sys[i].mass;
        pz += sys[i].vz * sys[i].mass;
    }
    sys[0].vx = -px / SOLAR_MASS;
    sys[0].vy = -py / SOLAR_MASS;
    sys[0].vz = -pz / SOLAR_MASS;
}

static void advance(double dt)
{
    for (int i = 0; i < BODIES; i++) {
        body_t *a = &sys[i];
        for (int j = i + 1; j < BODIES; j++) {
            body_t *b = &sys[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            a->vx -= dx * b->mass * mag;
            a->vy -= dy * b->mass * mag;
            a->vz -= dz * b->mass * mag;
            b->vx += dx * a->mass * mag;
            b->vy += dy * a->mass * mag;
            b->vz += dz * a->mass * mag;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        sys[i].x += dt * sys[i].vx;
        sys[i].y += dt * sys[i].vy;
        sys[i].z += dt * sys[i].vz;
    }
}

static double energy(void)
{
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        const body_t *a = &sys[i];
        e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
        for (int j = i + 1; j < BODIES; j++) {
            const body_t *b = &sys[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            e -= a->mass * b->mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static int near(double v, double want)
{
    double d = v - want;
    return d < 5e-10 && d > -5e-10;
}

static double energy_before, energy_after;

static uint32_t unit(void)
{
    reset(initial + bench_zero());
    energy_before = energy();
    for (int s = 0; s < STEPS; s++)
        advance(0.01);
    energy_after = energy();
    union {
        double d;
        uint64_t u;
    } bits = {energy_after};
    return (uint32_t)(bits.u ^ bits.u >> 32);
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    if (!near(energy_before, -0.169075164))
        return 1;
    if (!near(energy_after, -0.169087605))
        return 2;
    return same.differs ? 3 : 0;
}
