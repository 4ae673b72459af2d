#!/usr/bin/env bash
# cli.bump: `wcap push --bump --key K` over wcapd's serial link. The blob is
# re-signed with the version after the device's: the installed one, or the
# floor a removed capsule left (named by the device's rollback refusal,
# "...: floor N"). Anti-rollback is unchanged: a plain push of an old version
# is still refused, and a key the device does not trust is refused before
# the upload.
#   bump.sh WCAP WCAPD KEYDIR NUMERIC.wasm
set -u
WCAP=$1 WCAPD=$2 KEYDIR=$3 wasm=$4
test_name=cli.bump
. "$(dirname "$0")/../tools/wcapd_session.sh"
key=$KEYDIR/dev.key

mkdir -p "$work/store"
start_dev --store "$work/store" # floors live in the store
"$WCAP" build "$wasm" --target x86_64-posix --key "$key" -o "$work/num.wcap" --name num >/dev/null ||
  fail build "wcap build"
case=first; ok "installed num version 1" push "$work/num.wcap"
case=again; err "version not newer than the installed one: floor 1" push "$work/num.wcap"
case=bump; ok "installed num version 2" push "$work/num.wcap" --bump --key "$key"
case=bump2; ok "installed num version 3" push "$work/num.wcap" --bump --key "$key"
case=plain_after_bump; err "floor 3" push "$work/num.wcap"
case=removed; w rm num; [ "$rc" -eq 0 ] || fail removed "rm: $last"
case=floor; ok "installed num version 4" push "$work/num.wcap" --bump --key "$key"
grep -q "a removed capsule's floor): pushing 4" "$work/out" || fail floor "no note on the floor"
case=no_key; err "needs the private key: --bump --key K" push "$work/num.wcap" --bump
[ "$rc" -eq 2 ] || fail no_key "exit $rc, want 2"
case=run; err "run installs nothing" run "$work/num.wcap" --bump --key "$key"
"$WCAP" keygen --out "$work/other" >/dev/null || fail keygen "wcap keygen"
case=untrusted; err "signed by key ID [0-9a-f]+; the device trusts" push "$work/num.wcap" --bump --key "$work/other.key"
case=kept; w ls; grep -q "num .*4" "$work/out" || fail kept "ls after the refusals: $(cat "$work/out")"
case=missing_key; err "cannot load private key" push "$work/num.wcap" --bump --key "$work/missing.key"
[ "$rc" -eq 6 ] || fail missing_key "exit $rc, want 6 (key)"
echo "cli.bump: ok (versions 1, 2, 3, then 4 above a removed capsule's floor)"
