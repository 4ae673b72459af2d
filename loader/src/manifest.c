/*
 * The manifest: nanopb decode (exports left as a NULL callback, so skipped),
 * then every field checked as docs/blob-format.md says, then device policy,
 * then the RAM block size, all before a byte of capsule RAM is touched.
 */
#include <string.h>

#include "ldr_priv.h"
#include "manifest.pb.h"
#include "pb_decode.h"
#include "wcap/capsule_abi.h"
#include "wcap/capsule_name.h"
#include "wcap/interp_format.h"
#include "wcap/natives.h"

static uint64_t up(uint64_t v, uint64_t a)
{
    return (v + a - 1u) & ~(a - 1u);
}

/* An interpreted blob: portable (target 0), no relocations, its descriptor
 * built by the interpreter (entry unused). */
static int interp_layout_ok(const wcap_Manifest *m, uint32_t payload_len)
{
    uint64_t payload = (uint64_t)m->image_size + (uint64_t)WCAP_IMPORT_SIZE * m->n_imports;
    uint32_t a = m->image_align;
    return payload == payload_len && m->image_size > 0u && m->n_relocs == 0u && m->reloc_bytes == 0u && a != 0u &&
           a <= WCAP_MAX_IMAGE_ALIGN && (a & (a - 1u)) == 0u && m->n_imports <= WCAP_MAX_IMPORTS &&
           m->mem_min <= m->mem_max && m->instance_size > 0u;
}

static int layout_ok(const wcap_Manifest *m, uint32_t payload_len)
{
    if (m->engine == WCAP_ENGINE_INTERP) {
        return interp_layout_ok(m, payload_len);
    }
    {
        uint64_t sections = (uint64_t)m->text_size + m->rodata_size + m->data_size;
        uint64_t payload = (uint64_t)m->image_size + (uint64_t)WCAP_IMPORT_SIZE * m->n_imports + m->reloc_bytes;
        uint32_t a = m->image_align;
        return sections <= m->image_size && payload == payload_len && m->image_size > 0u && a != 0u &&
               a <= WCAP_MAX_IMAGE_ALIGN && (a & (a - 1u)) == 0u && m->n_imports <= WCAP_MAX_IMPORTS &&
               (uint64_t)m->entry + sizeof(wcap_capsule_info_t) <= m->image_size && m->entry % sizeof(void *) == 0u &&
               m->mem_min <= m->mem_max;
    }
}

/* RAM block: [image | bss | stubs | instance | tables | linear memory]. */
static uint64_t ram_needed(wcap_ldr_t *ld, const wcap_Manifest *m)
{
    uint64_t stubs = up((uint64_t)m->image_size + m->bss_size, 8u);
    uint64_t region = up(stubs + (uint64_t)ld->stub_size * m->n_imports, 16u);
    uint64_t ram;
    ld->reloc.stubs_addr = stubs; /* as an offset until the block exists */
    ld->region_off = (uint32_t)(region > 0xFFFFFFFFu ? 0xFFFFFFFFu : region);
    ram = region + up(m->instance_size, 16u) + up((uint64_t)m->table_elems * sizeof(wasm_rt_funcref_t), 16u) + 16u +
          up(m->mem_max, 16u);
    if (m->engine == WCAP_ENGINE_INTERP) {
        /* the value stack (the stack budget), and alignment of each table */
        uint32_t stack = m->stack_budget != 0u ? m->stack_budget : ld->cfg->max_stack;
        ram += up(stack, 16u) + 16u * 8u; /* + alignment slack */
    }
    return ram;
}

static void keep(wcap_ldr_t *ld, const wcap_Manifest *m, uint32_t payload_len, uint64_t ram)
{
    const wcap_ldr_config_t *cfg = ld->cfg;
    wcap_ldr_manifest_t *o = &ld->man;
    memcpy(o->name, m->name, sizeof o->name);
    o->name[WCAP_NAME_MAX] = '\0';
    o->version = m->version;
    o->target = m->target;
    o->caps = m->caps;
    o->payload_len = payload_len;
    o->image_size = m->image_size;
    o->bss_size = m->bss_size;
    o->n_imports = m->n_imports;
    o->n_relocs = m->n_relocs;
    o->mem_min = m->mem_min;
    o->mem_max = m->mem_max;
    o->stack_budget = m->stack_budget != 0u ? m->stack_budget : cfg->max_stack;
    o->time_budget_ms = m->time_budget_ms != 0u ? m->time_budget_ms : cfg->default_time_ms;
    if (cfg->max_time_ms != 0u && (o->time_budget_ms == 0u || o->time_budget_ms > cfg->max_time_ms)) {
        o->time_budget_ms = cfg->max_time_ms;
    }
    o->ram_needed = (uint32_t)ram;
    o->on_trap = (uint8_t)m->on_trap;
    ld->reloc_bytes = m->reloc_bytes;
    ld->entry = m->entry;
    ld->instance_size = m->instance_size;
    ld->table_elems = m->table_elems;
    ld->image_align = m->image_align;
    ld->engine = m->engine;
    o->engine = m->engine;
    memcpy(ld->digest, m->payload_sha256, WCAP_SHA256_SIZE);
}

static int policy(wcap_ldr_t *ld, const wcap_Manifest *m)
{
    const wcap_ldr_config_t *cfg = ld->cfg;
    if ((m->caps & ~cfg->granted_caps) != 0u || (m->caps & ~wcap_natives_caps()) != 0u) {
        return WCAP_E_LDR_CAPS;
    }
    if (m->mem_max > cfg->max_mem) {
        return WCAP_E_LDR_MEMORY;
    }
    if (m->stack_budget > cfg->max_stack) {
        return WCAP_E_LDR_STACK;
    }
    if (cfg->check_version != NULL && cfg->check_version(cfg->user, m->name, m->version) != WCAP_OK) {
        return WCAP_E_LDR_ROLLBACK;
    }
    return WCAP_OK;
}

int wcap_ldr_manifest_accept(wcap_ldr_t *ld, uint16_t len, uint32_t payload_len)
{
    wcap_Manifest m = wcap_Manifest_init_zero;
    pb_istream_t in = pb_istream_from_buffer(ld->buf.manifest, len);
    uint64_t ram;
    int rc;

    m.natives.funcs.decode = wcap_ldr_native_decl; /* link_natives.c */
    m.natives.arg = ld;
    ld->error = WCAP_OK;
    if (!pb_decode(&in, wcap_Manifest_fields, &m)) {
        rc = ld->error != WCAP_OK ? ld->error : WCAP_E_LDR_MANIFEST;
        ld->error = WCAP_OK;
        return rc;
    }
    m.name[sizeof m.name - 1u] = '\0';
    if (!wcap_name_ok(m.name)) {
        return WCAP_E_LDR_NAME;
    }
    if (m.engine > WCAP_ENGINE_INTERP || (m.engine == WCAP_ENGINE_INTERP && ld->cfg->interp == NULL)) {
        return WCAP_E_LDR_ENGINE;
    }
    if (m.target != (m.engine == WCAP_ENGINE_INTERP ? (uint32_t)WCAP_TARGET_NONE : ld->cfg->target)) {
        return WCAP_E_LDR_TARGET;
    }
    if (m.abi_version != WCAP_ABI_VERSION) {
        return WCAP_E_LDR_ABI;
    }
    ld->stub_size = 0u;
    if (m.engine == WCAP_ENGINE_AOT && wcap_reloc_for_target(m.target, &ld->stub_size) == NULL) {
        return WCAP_E_LDR_TARGET;
    }
    if (!layout_ok(&m, payload_len)) {
        return WCAP_E_LDR_LAYOUT;
    }
    if ((uint32_t)m.on_trap > WCAP_ON_TRAP_STOP) {
        return WCAP_E_LDR_ON_TRAP;
    }
    if ((rc = policy(ld, &m)) != WCAP_OK) {
        return rc;
    }
    ram = ram_needed(ld, &m);
    if (ram > 0xFFFFFFFFu) {
        return WCAP_E_LDR_NO_SPACE;
    }
    if (ld->cfg->largest_free != NULL && ram > ld->cfg->largest_free(ld->cfg->user)) {
        return WCAP_E_LDR_NO_SPACE;
    }
    keep(ld, &m, payload_len, ram);
    return WCAP_OK;
}
