#!/bin/sh
# Writes to stdout a tar of a minimal root file system holding the host's /usr/bin/python3,
# its standard library, python3-seccomp and exactly the shared libraries they load.
# No registry is reachable from the test machine, so the sandbox image is built from it
# with `docker import`.
set -eu
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
python=$(readlink -f /usr/bin/python3)
version=$(basename "$python")
seccomp=$(ls /usr/lib/python3/dist-packages/seccomp*.so)
files="$python $seccomp"
for so in /usr/lib/"$version"/lib-dynload/*.so $seccomp "$python"; do
  files="$files $(ldd "$so" 2>/dev/null | awk '/=> \// {print $3} /^[ \t]*\/lib/ {print $1}')"
done
for f in $files; do
  real=$(readlink -f "$f")
  target="$stage/usr${real#/usr}"
  mkdir -p "$(dirname "$target")"
  cp -a "$real" "$target"
  name="$stage/usr${f#/usr}"
  [ "$name" = "$target" ] || { mkdir -p "$(dirname "$name")"; ln -sf "$real" "$name" 2>/dev/null || true; }
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
