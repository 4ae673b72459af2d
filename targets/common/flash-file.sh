# Sourced by targets/<t>/qemu.sh: the file standing in for the board's flash
# under QEMU (WCAP_FLASH_FILE, docs/flash-store.md).
#   wcap_flash_file SIZE   checks WCAP_FLASH_FILE, creates it erased (all ones,
#                          SIZE bytes) when missing, and prints its absolute path;
#                          exits 3 with the reason when it is unusable.
wcap_flash_file() {
  local size=$1 f=$WCAP_FLASH_FILE
  case $f in
    *,*) echo "qemu.sh: WCAP_FLASH_FILE must not contain a comma (QEMU option syntax)" >&2; exit 3 ;;
  esac
  if [ ! -e "$f" ]; then
    head -c "$size" /dev/zero | tr '\0' '\377' >"$f.tmp" && mv "$f.tmp" "$f" ||
      { echo "qemu.sh: cannot create $f" >&2; exit 3; }
  fi
  if [ "$(stat -c %s "$f" 2>/dev/null)" != "$size" ]; then
    echo "qemu.sh: $f must be exactly $size bytes (delete it to start with an erased one)" >&2
    exit 3
  fi
  realpath "$f"
}
