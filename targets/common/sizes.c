/*
 * Not linked into any firmware: compiled with the board's compiler and flags
 * so that the sizes of the device structures on that board can be read from
 * this object's symbols (`nm -S`: each array is as long as its structure).
 * scripts/figures.py puts them into the docs, and the docs.figures test fails
 * when the docs disagree with the build.
 */
#include "wcap/dev/service.h"
#include "wcap/loader.h"

char wcap_size_wcap_dev_t[sizeof(wcap_dev_t)];
char wcap_size_wcap_ldr_t[sizeof(wcap_ldr_t)];
char wcap_size_wcap_dev_slot_t[sizeof(wcap_dev_slot_t)];
char wcap_size_wcap_capsule_t[sizeof(wcap_capsule_t)];
char wcap_size_wcap_dev_auth_t[sizeof(wcap_dev_auth_t)];
