#!/bin/sh
# Usage: host-rootfs.sh [PATH...]
# Writes to stdout a tar of a minimal root file system holding the host's /usr/bin/python3,
# its standard library, python3-seccomp and exactly the shared libraries they load; and each
# PATH given: a file (a symbolic link stays one, its target comes too) or a directory, copied
# whole with its symbolic links followed, together with the shared libraries its ELF files load.
# No registry is reachable from the test machine, so the images the tests need are built from
# it with `docker import`: the sandbox image with no PATH, the services' base image with the
# JRE and the tools their Dockerfiles install (deploy-tests).
set -eu
stage=$(mktemp -d)
chmod 755 "$stage"
trap 'rm -rf "$stage"' EXIT
python=$(readlink -f /usr/bin/python3)
version=$(basename "$python")
seccomp=$(ls /usr/lib/python3/dist-packages/seccomp*.so)
files="$python $seccomp"
elves="/usr/lib/$version/lib-dynload/*.so $seccomp $python"
for path in "$@"; do
  if [ -d "$path" ]; then
    mkdir -p "$stage$(dirname "$path")"
    # Dangling links (documentation, desktop integration) are skipped.
    cp -rL "$path" "$stage$path" 2>/dev/null || true
    elves="$elves $(find "$stage$path" -type f \( -name '*.so*' -o -perm -u+x \) | sed "s|^$stage||" | tr '\n' ' ')"
  else
    files="$files $path"
    elves="$elves $(readlink -f "$path")"
  fi
done
for so in $elves; do
  files="$files $(ldd "$so" 2>/dev/null | awk '/=> \// {print $3} /^[ \t]*\/lib/ {print $1}')"
done
for f in $files; do
  real=$(readlink -f "$f")
  target="$stage/usr${real#/usr}"
  mkdir -p "$(dirname "$target")"
  cp -a "$real" "$target"
  name="$stage/usr${f#/usr}"
  [ "$name" -ef "$target" ] || { mkdir -p "$(dirname "$name")"; ln -sf "$real" "$name" 2>/dev/null || true; }
done
mkdir -p "$stage/usr/lib" "$stage/usr/bin"
cp -a /usr/lib/"$version" "$stage/usr/lib/"
rm -rf "$stage/usr/lib/$version/test" "$stage/usr/lib/$version/idlelib" "$stage/usr/lib/$version/tkinter"
ln -sf "$version" "$stage/usr/bin/python3"
ln -s usr/lib "$stage/lib"
ln -s usr/lib64 "$stage/lib64"
ln -s usr/bin "$stage/bin"
mkdir -p "$stage/usr/lib64" "$stage/tmp" "$stage/proc" "$stage/dev" "$stage/sys" "$stage/etc"
echo "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin" > "$stage/etc/passwd"
chmod 1777 "$stage/tmp"
tar -C "$stage" -cf - .
