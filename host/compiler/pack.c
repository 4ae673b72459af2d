/*
 * Architecture-neutral packager: reads the object with libelf, lays out the
 * image (text, read-only, writable, then bss), resolves symbols and hands
 * every relocation to the architecture's packer.
 */
#define _POSIX_C_SOURCE 200809L
#include "pack_internal.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imports.h"
#include "wcap/capsule_abi.h"
#include "wcap/symbols.h"

#ifndef SHT_ARM_EXIDX
#define SHT_ARM_EXIDX 0x70000001
#endif

static const wcapc_symdef_t builtin_syms[] = {
#define WCAP_SYM(id, name, arches, cap) {#name, id, arches, cap},
#include "wcap/symbols.def"
#undef WCAP_SYM
};

static const char *sec_name(wcapc_pack_t *p, const GElf_Shdr *sh)
{
    const char *n = elf_strptr(p->elf, p->shstrndx, sh->sh_name);
    return n ? n : "?";
}

static int starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* Which part of the image a section goes to; refuses sections wcap cannot load. */
static int classify(wcapc_pack_t *p, const GElf_Shdr *sh, const char *name, uint8_t *part)
{
    *part = PART_NONE;
    if (sh->sh_type == SHT_INIT_ARRAY || sh->sh_type == SHT_FINI_ARRAY || sh->sh_type == SHT_PREINIT_ARRAY ||
        starts(name, ".init_array") || starts(name, ".fini_array") || starts(name, ".ctors") || starts(name, ".dtors"))
        return wcapc_pack_error(p, "section %s: static constructors/destructors are not supported", name);
    if (sh->sh_flags & SHF_TLS)
        return wcapc_pack_error(p, "section %s: thread-local storage is not supported", name);
    if ((p->o->elf_machine == EM_ARM && sh->sh_type == SHT_ARM_EXIDX) || starts(name, ".ARM.exidx") ||
        starts(name, ".ARM.extab") || starts(name, ".eh_frame") || starts(name, ".gcc_except_table"))
        return wcapc_pack_error(p, "section %s: unwind tables are not supported (compile with -fno-unwind-tables)",
                                name);
    if (!(sh->sh_flags & SHF_ALLOC) || sh->sh_size == 0)
        return 0;
    if (sh->sh_type == SHT_NOBITS)
        *part = PART_BSS;
    else if (sh->sh_type != SHT_PROGBITS)
        return wcapc_pack_error(p, "section %s: unexpected allocatable section type 0x%x", name, (unsigned)sh->sh_type);
    else if (sh->sh_flags & SHF_EXECINSTR)
        *part = PART_TEXT;
    else if (sh->sh_flags & SHF_WRITE)
        *part = PART_DATA;
    else
        *part = PART_RODATA;
    return 0;
}

static int layout(wcapc_pack_t *p)
{
    uint64_t off = 0, align_max = 1, part_end[PART_BSS + 1] = {0};
    for (uint8_t part = PART_TEXT; part <= PART_BSS; part++) {
        for (size_t i = 1; i < p->shnum; i++) {
            GElf_Shdr sh;
            if (p->sec_part[i] != part || !gelf_getshdr(elf_getscn(p->elf, i), &sh))
                continue;
            uint64_t a = sh.sh_addralign ? sh.sh_addralign : 1;
            if (a & (a - 1) || a > WCAP_MAX_IMAGE_ALIGN)
                return wcapc_pack_error(p, "section %s: alignment %llu not supported (max 64)", sec_name(p, &sh),
                                        (unsigned long long)a);
            align_max = a > align_max ? a : align_max;
            off = (off + a - 1) & ~(a - 1);
            p->sec_off[i] = (int64_t)off;
            off += sh.sh_size;
            if (off > 0x40000000u)
                return wcapc_pack_error(p, "image larger than 1 GiB");
        }
        part_end[part] = off;
    }
    wcapc_packed_t *o = p->out;
    o->text_size = (uint32_t)part_end[PART_TEXT];
    o->rodata_size = (uint32_t)(part_end[PART_RODATA] - part_end[PART_TEXT]);
    o->data_size = (uint32_t)(part_end[PART_DATA] - part_end[PART_RODATA]);
    o->bss_size = (uint32_t)(part_end[PART_BSS] - part_end[PART_DATA]);
    o->image_align = (uint32_t)align_max;
    size_t image_size = (size_t)part_end[PART_DATA];
    if (!(o->image.data = calloc(image_size + 1, 1)))
        return wcapc_pack_error(p, "out of memory");
    o->image.len = image_size;
    o->image.cap = image_size + 1;
    return 0;
}

static int sections(wcapc_pack_t *p)
{
    for (size_t i = 1; i < p->shnum; i++) {
        GElf_Shdr sh;
        Elf_Scn *scn = elf_getscn(p->elf, i);
        p->sec_off[i] = -1;
        if (!gelf_getshdr(scn, &sh))
            return wcapc_pack_error(p, "libelf: %s", elf_errmsg(-1));
        if (classify(p, &sh, sec_name(p, &sh), &p->sec_part[i]))
            return -1;
        if (sh.sh_type == SHT_SYMTAB) {
            if (p->syms)
                return wcapc_pack_error(p, "object has more than one symbol table");
            p->syms = elf_getdata(scn, NULL);
            p->sym_strndx = sh.sh_link;
            p->n_syms = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
        }
    }
    if (!p->syms)
        return wcapc_pack_error(p, "object has no symbol table");
    if (layout(p))
        return -1;
    for (size_t i = 1; i < p->shnum; i++) {
        GElf_Shdr sh;
        Elf_Scn *scn = elf_getscn(p->elf, i);
        if (p->sec_part[i] == PART_NONE || p->sec_part[i] == PART_BSS || !gelf_getshdr(scn, &sh))
            continue;
        p->out->elf_text_data += (uint32_t)sh.sh_size;
        Elf_Data *d = NULL;
        uint64_t at = 0;
        while ((d = elf_rawdata(scn, d)) != NULL && d->d_buf) {
            if (at + d->d_size > sh.sh_size)
                return wcapc_pack_error(p, "section %s: data larger than the section", sec_name(p, &sh));
            memcpy(p->out->image.data + p->sec_off[i] + at, d->d_buf, d->d_size);
            at += d->d_size;
        }
    }
    return 0;
}

static const wcapc_symdef_t *find_symdef(wcapc_pack_t *p, const char *name)
{
    const wcapc_symdef_t *host = wcapc_host_symdef(name); /* built-in API and --api (host_api.c) */
    if (host)
        return host;
    for (size_t i = 0; i < sizeof builtin_syms / sizeof builtin_syms[0]; i++)
        if (!strcmp(builtin_syms[i].name, name))
            return &builtin_syms[i];
    for (size_t i = 0; i < p->o->n_extra; i++)
        if (!strcmp(p->o->extra[i].name, name))
            return &p->o->extra[i];
    return NULL;
}

static int import_index(wcapc_pack_t *p, size_t symidx, const char *name, uint16_t *idx)
{
    if (p->sym_import[symidx] >= 0) {
        *idx = (uint16_t)p->sym_import[symidx];
        return 0;
    }
    const wcapc_symdef_t *s = find_symdef(p, name);
    p->import_err = 1;
    if (!s)
        return wcapc_pack_error(p,
                                "unknown symbol '%s': the compiled capsule needs it, but the runtime does not "
                                "export it (format/include/wcap/symbols.def)",
                                name);
    if (!(s->arches & p->o->arch))
        return wcapc_pack_error(p, "symbol '%s' is not available on %s", name, p->o->packer->arch);
    if (s->cap && !(s->cap & p->o->caps))
        return wcapc_pack_error(p, "import '%s' needs a capability that was not declared with --cap", name);
    p->import_err = 0;
    for (uint32_t i = 0; i < p->out->n_imports; i++)
        if (p->out->imports[i] == s->id) { /* two symbols, same ID: share the entry */
            p->sym_import[symidx] = (int32_t)i;
            *idx = (uint16_t)i;
            return 0;
        }
    if (p->out->n_imports >= WCAP_MAX_IMPORTS)
        return wcapc_pack_error(p, "more than %u imported symbols", WCAP_MAX_IMPORTS);
    *idx = (uint16_t)p->out->n_imports;
    p->out->imports[p->out->n_imports++] = s->id;
    p->sym_import[symidx] = *idx;
    return 0;
}

/* Fills the symbol part of r for symbol `symidx`. */
static int resolve(wcapc_pack_t *p, size_t symidx, wcapc_rel_t *r)
{
    GElf_Sym s;
    r->sym_name = "";
    if (symidx == 0)
        return 0;
    if (symidx >= p->n_syms || !gelf_getsym(p->syms, (int)symidx, &s))
        return wcapc_pack_error(p, "relocation refers to symbol %zu, which does not exist", symidx);
    const char *name = elf_strptr(p->elf, p->sym_strndx, s.st_name);
    r->sym_name = name ? name : "?";
    if (GELF_ST_TYPE(s.st_info) == STT_SECTION && s.st_shndx < p->shnum) {
        GElf_Shdr sh;
        if (gelf_getshdr(elf_getscn(p->elf, s.st_shndx), &sh))
            r->sym_name = sec_name(p, &sh);
    }
    if (s.st_shndx == SHN_UNDEF) {
        r->is_import = 1;
        return import_index(p, symidx, r->sym_name, &r->import);
    }
    if (s.st_shndx == SHN_COMMON)
        return wcapc_pack_error(p, "symbol '%s' is a COMMON symbol (compile with -fno-common)", r->sym_name);
    if (s.st_shndx >= p->shnum || p->sec_off[s.st_shndx] < 0)
        return wcapc_pack_error(p, "symbol '%s' is not in a loadable section", r->sym_name);
    r->target = (uint64_t)p->sec_off[s.st_shndx] + s.st_value;
    return 0;
}

static int reloc_section(wcapc_pack_t *p, Elf_Scn *scn, const GElf_Shdr *sh)
{
    size_t target = sh->sh_info;
    if (target == 0 || target >= p->shnum || p->sec_off[target] < 0)
        return 0; /* relocations of a dropped (non-alloc) section */
    GElf_Shdr tsh;
    if (!gelf_getshdr(elf_getscn(p->elf, target), &tsh))
        return wcapc_pack_error(p, "libelf: %s", elf_errmsg(-1));
    if (p->sec_part[target] == PART_BSS)
        return wcapc_pack_error(p, "relocations in a NOBITS section %s", sec_name(p, &tsh));
    Elf_Data *d = elf_getdata(scn, NULL);
    size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
    for (size_t i = 0; i < n && d; i++) {
        wcapc_rel_t r = {0};
        GElf_Rela ra;
        GElf_Rel rl;
        r.section = sec_name(p, &tsh);
        r.is_rela = sh->sh_type == SHT_RELA;
        if (r.is_rela ? !gelf_getrela(d, (int)i, &ra) : !gelf_getrel(d, (int)i, &rl))
            return wcapc_pack_error(p, "libelf: %s", elf_errmsg(-1));
        if (!r.is_rela) {
            ra.r_offset = rl.r_offset;
            ra.r_info = rl.r_info;
            ra.r_addend = 0;
        }
        if (ra.r_offset >= tsh.sh_size)
            return wcapc_pack_error(p, "relocation outside section %s", r.section);
        r.type = (uint32_t)GELF_R_TYPE(ra.r_info);
        r.place = (uint32_t)(p->sec_off[target] + (int64_t)ra.r_offset);
        r.addend = ra.r_addend;
        if (resolve(p, GELF_R_SYM(ra.r_info), &r) || p->o->packer->apply(p, &r))
            return -1;
    }
    return 0;
}

static int relocations(wcapc_pack_t *p)
{
    for (size_t i = 1; i < p->shnum; i++) {
        GElf_Shdr sh;
        Elf_Scn *scn = elf_getscn(p->elf, i);
        if (!gelf_getshdr(scn, &sh))
            return wcapc_pack_error(p, "libelf: %s", elf_errmsg(-1));
        if ((sh.sh_type == SHT_REL || sh.sh_type == SHT_RELA) && reloc_section(p, scn, &sh))
            return -1;
    }
    return 0;
}

static int descriptor(wcapc_pack_t *p)
{
    for (size_t i = 1; i < p->n_syms; i++) {
        GElf_Sym s;
        const char *name;
        if (!gelf_getsym(p->syms, (int)i, &s) || !(name = elf_strptr(p->elf, p->sym_strndx, s.st_name)) ||
            strcmp(name, "wcap_capsule_info"))
            continue;
        if (s.st_shndx == SHN_UNDEF || s.st_shndx >= p->shnum || p->sec_off[s.st_shndx] < 0 ||
            p->sec_part[s.st_shndx] == PART_BSS)
            break;
        p->out->entry = (uint32_t)(p->sec_off[s.st_shndx] + (int64_t)s.st_value);
        uint32_t v;
        if (wcapc_pack_rd32(p, p->out->entry + (uint32_t)offsetof(wcap_capsule_info_t, instance_size), &v))
            return -1;
        p->out->instance_size = v;
        return 0;
    }
    return wcapc_pack_error(p, "no wcap_capsule_info descriptor in the image");
}

static int open_object(wcapc_pack_t *p, int fd)
{
    GElf_Ehdr eh;
    if (elf_version(EV_CURRENT) == EV_NONE)
        return wcapc_pack_error(p, "libelf initialisation failed");
    p->elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!p->elf || elf_kind(p->elf) != ELF_K_ELF || !gelf_getehdr(p->elf, &eh))
        return wcapc_pack_error(p, "%s: not an ELF object", p->o->obj_path);
    if (gelf_getclass(p->elf) != p->o->elf_class || eh.e_machine != p->o->elf_machine || eh.e_type != ET_REL)
        return wcapc_pack_error(p, "%s: not a relocatable object for %s", p->o->obj_path, p->o->packer->arch);
    if (elf_getshdrnum(p->elf, &p->shnum) || elf_getshdrstrndx(p->elf, &p->shstrndx))
        return wcapc_pack_error(p, "libelf: %s", elf_errmsg(-1));
    p->sec_off = calloc(p->shnum + 1, sizeof *p->sec_off);
    p->sec_part = calloc(p->shnum + 1, 1);
    if (!p->sec_off || !p->sec_part)
        return wcapc_pack_error(p, "out of memory");
    return 0;
}

int wcapc_pack(const wcapc_pack_opts_t *o, wcapc_packed_t *out, int *is_import_err, char *err, size_t errcap)
{
    wcapc_pack_t p = {.o = o, .out = out, .err = err, .errcap = errcap};
    memset(out, 0, sizeof *out);
    int fd = open(o->obj_path, O_RDONLY | O_CLOEXEC);
    int rc = fd < 0 ? wcapc_pack_error(&p, "cannot open %s", o->obj_path) : open_object(&p, fd);
    if (!rc)
        rc = sections(&p);
    if (!rc && !(p.sym_import = malloc((p.n_syms + 1) * sizeof *p.sym_import)))
        rc = wcapc_pack_error(&p, "out of memory");
    if (!rc) {
        for (size_t i = 0; i <= p.n_syms; i++)
            p.sym_import[i] = -1;
        rc = relocations(&p);
    }
    if (!rc)
        rc = descriptor(&p);
    *is_import_err = p.import_err;
    free(p.sym_import);
    wcapc_buf_free(&p.arch_buf);
    free(p.sec_off);
    free(p.sec_part);
    if (p.elf)
        elf_end(p.elf);
    if (fd >= 0)
        close(fd);
    if (rc)
        wcapc_packed_free(out);
    return rc ? -1 : 0;
}

void wcapc_packed_free(wcapc_packed_t *out)
{
    wcapc_buf_free(&out->image);
    wcapc_buf_free(&out->relocs);
}
