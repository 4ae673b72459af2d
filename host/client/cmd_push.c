/* `wcap push BLOB` and `wcap run BLOB [--export NAME] [ARGS...]`, over the
 * device link (link.h): --port or --coap. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "client_cmds.h"
#include "json.h"
#include "link.h"
#include "wcap/errors.h"
#include "diag.h"

#define PUSH_USAGE                                                                                    \
    "wcap push BLOB --port tcp:HOST:PORT|DEVICE|--coap URI [--bump --key K] [--timeout MS] [--json] " \
    "[--no-fit-check]"
#define RUN_USAGE                                                                                         \
    "wcap run BLOB --port tcp:HOST:PORT|DEVICE|--coap URI [--export NAME] [--timeout MS] [--stack-peak] " \
    "[--json] [--no-fit-check] [ARGS...]"

/* Before an upload: does the blob fit the device at all? Compares it with
 * the device's info (target, runtime ABI, engine, capsule RAM) and refuses
 * early, with the numbers and the fix, what the device would refuse after
 * the whole upload. --no-fit-check leaves the decision to the device. */
static int fit_check(wcapc_link_t *l, const char *path, const wcapc_blob_meta_t *m)
{
    wcap_DeviceInfo in;
    int rc;
    if (l->o->no_fit_check || (rc = l->ops->info(l, &in)) != WCAPC_EXIT_OK)
        return l->o->no_fit_check ? WCAPC_EXIT_OK : rc;
    const char *dev = in.target ? wcapc_target_id_name(in.target) : "unknown";
    if (m->engine != 0 && !(in.engines & 2u))
        return wcapc_fail(WCAPC_EXIT_DEVICE,
                          "%s is an interpreted blob and this %s device runs native (AOT) blobs only: build it with "
                          "--target %s",
                          path, dev, dev);
    if (m->engine == 0 && m->target != in.target)
        return wcapc_fail(WCAPC_EXIT_DEVICE, "%s is built for %s, the device is %s: build it with --target %s", path,
                          wcapc_target_id_name(m->target), dev, dev);
    if (m->abi_version != in.abi_version)
        return wcapc_fail(WCAPC_EXIT_DEVICE,
                          "%s uses runtime ABI %u, the device's firmware ABI %u: build it with the wcap that matches "
                          "the firmware, or update the firmware",
                          path, (unsigned)m->abi_version, (unsigned)in.abi_version);
    int trusted = 0;
    char ids[160] = "";
    for (pb_size_t k = 0; k < in.key_ids_count; k++) {
        size_t n = strlen(ids);
        if (n + 20 > sizeof ids)
            break;
        snprintf(ids + n, sizeof ids - n, "%s", k ? ", " : "");
        for (pb_size_t i = 0; i < in.key_ids[k].size && i < sizeof m->key_id; i++)
            snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%02x", in.key_ids[k].bytes[i]);
        trusted |= in.key_ids[k].size == sizeof m->key_id && !memcmp(in.key_ids[k].bytes, m->key_id, sizeof m->key_id);
    }
    if (!trusted) {
        char mine[17];
        for (size_t i = 0; i < sizeof m->key_id; i++)
            snprintf(mine + 2 * i, sizeof mine - 2 * i, "%02x", m->key_id[i]);
        return wcapc_fail(WCAPC_EXIT_DEVICE,
                          "%s is signed by key ID %s; the device trusts %s: sign it with a key the device trusts "
                          "(wcap build --key), or give the device this key's .pub (wcapd --trust; a board's "
                          "WCAP_TRUSTED_KEYS)",
                          path, mine, ids[0] ? ids : "no key");
    }
    if (m->ram_min > in.ram_free)
        return wcapc_fail(WCAPC_EXIT_DEVICE,
                          "%s needs at least %u bytes of capsule RAM (linear memory %u), the device has %u free of %u: "
                          "build it with a smaller --memory-max%s",
                          path, (unsigned)m->ram_min, (unsigned)m->mem_max, (unsigned)in.ram_free,
                          (unsigned)in.ram_total,
                          m->ram_min <= in.ram_total ? ", or remove a capsule (wcap ls, wcap rm)" : "");
    return WCAPC_EXIT_OK;
}


/* Test only: `wcap push BLOB --port P --corrupt-each FROM:TO` (e2e.tamper_every_byte).
 * One install push per blob byte FROM..TO on one connection, each with that
 * byte flipped in transit exactly as --corrupt-at N does, so a test can offer
 * a device thousands of tampered blobs without starting thousands of
 * processes. Every verdict is the device's own answer over the real link. */
static int push_corrupt_each(wcapc_link_t *l, wcapc_dev_opts_t *o, const wcapc_blob_meta_t *m)
{
    for (long n = o->corrupt_from; n <= o->corrupt_to && n < (long)m->len; n++) {
        o->corrupt_at = n;
        int rc = wcapc_push_install(l, m);
        if (rc != WCAPC_EXIT_DEVICE) {
            printf("byte %ld: not refused (exit %d)\n", n, rc);
            return rc;
        }
        printf("byte %ld: refused\n", n);
        fflush(stdout);
    }
    return WCAPC_EXIT_DEVICE;
}

int wcapc_cmd_push(int argc, char **argv)
{
    wcapc_dev_opts_t o;
    wcapc_blob_meta_t m;
    wcapc_link_t l;
    int rc = wcapc_dev_opts(argc, argv, PUSH_USAGE, 0, 1, &o);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    if (o.n_pos != 1)
        return wcapc_fail(WCAPC_EXIT_USAGE, "usage: %s", PUSH_USAGE);
    if (o.coap != NULL && (o.corrupt_at >= 0 || o.drop_at >= 0 || o.corrupt_from >= 0))
        return wcapc_fail(WCAPC_EXIT_USAGE, "--corrupt-at, --corrupt-each and --drop-at work over --port only");
    if (o.bump != (o.key != NULL))
        return wcapc_fail(WCAPC_EXIT_USAGE, "--bump re-signs the blob and needs the private key: --bump --key K");
    if ((rc = wcapc_blob_meta_read(o.pos[0], &m)) != WCAPC_EXIT_OK)
        return rc;
    if (o.bump && (rc = wcapc_bump_resign(&m, m.version, o.key)) != WCAPC_EXIT_OK) { /* the fit check sees K's ID */
        wcapc_blob_meta_free(&m);
        return rc;
    }
    if ((rc = wcapc_link_open(&l, &o)) == WCAPC_EXIT_OK && (rc = fit_check(&l, o.pos[0], &m)) == WCAPC_EXIT_OK)
        rc = o.corrupt_from >= 0 ? push_corrupt_each(&l, &o, &m) /* test only */
             : o.bump            ? wcapc_push_bumped(&l, &m, o.key)
                                 : wcapc_push_install(&l, &m);
    wcapc_link_close(&l);
    wcapc_blob_meta_free(&m);
    return rc;
}

/* The export `run` calls: --export, else "run", else the only export. */
static const wcapc_export_meta_t *pick_export(const wcapc_blob_meta_t *m, const char *want)
{
    const wcapc_export_meta_t *e = wcapc_blob_meta_export(m, want ? want : "run");
    if (e == NULL && want == NULL && m->n_exports == 1)
        e = &m->exports[0];
    return e;
}

int wcapc_cmd_run(int argc, char **argv)
{
    wcapc_dev_opts_t o;
    wcapc_blob_meta_t m;
    wcapc_link_t l;
    wcapc_call_out_t r;
    const wcapc_export_meta_t *e;
    int rc = wcapc_dev_opts(argc, argv, RUN_USAGE, 1, 1, &o);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    if (o.n_pos < 1)
        return wcapc_fail(WCAPC_EXIT_USAGE, "usage: %s", RUN_USAGE);
    if (o.bump || o.key)
        return wcapc_fail(WCAPC_EXIT_USAGE, "run installs nothing and needs no version: --bump and --key are for push");
    if ((rc = wcapc_blob_meta_read(o.pos[0], &m)) != WCAPC_EXIT_OK)
        return rc;
    if ((e = pick_export(&m, o.export_name)) == NULL) {
        rc = wcapc_fail(WCAPC_EXIT_USAGE, "%s has no export '%s'", o.pos[0], o.export_name ? o.export_name : "run");
        wcapc_blob_meta_free(&m);
        return rc;
    }
    if ((rc = wcapc_link_open(&l, &o)) == WCAPC_EXIT_OK && (rc = fit_check(&l, o.pos[0], &m)) == WCAPC_EXIT_OK &&
        (rc = l.ops->run(&l, &m, e, o.pos + 1, o.n_pos - 1, &r)) == WCAPC_EXIT_OK)
        rc = wcapc_call_report(&l, m.name, e->name, &r);
    wcapc_link_close(&l);
    wcapc_blob_meta_free(&m);
    return rc;
}
