#!/usr/bin/env bash
# The Debian package, checked.
#   deb_check.sh package BUILD ROOT WORKDIR   (make test, seconds) package BUILD with tools/deb/build_deb.sh
#       (gzip, quicker than make deb's xz);
#       its control fields and contents; each dependency is a package of this system at a version
#       that satisfies it; dpkg installs it into a scratch root (dpkg --root, dependencies not
#       installed there) and the installed tools run.
#   deb_check.sh chroot DEB ROOT WORKDIR      (make check-deb, minutes) a clean Debian 12 (debootstrap,
#       minbase) in WORKDIR/root; apt installs DEB there with its dependencies from the archive;
#       each example study's pipeline, run inside with the installed tools on the installed
#       examples, gives the committed report (ROOT/examples/*/report). Needs root and debootstrap;
#       the base system is kept in WORKDIR/bookworm-minbase.tar (delete it for a fresh one); the
#       archive is the one this system's apt uses (DEB_MIRROR=URL to choose another).
# Each phase's duration is printed. Exit 0 passed, 1 failed (with what failed), 77 skipped (not
# root, or a tool missing).
set -u
mode=${1:-}; src=${2:-}; root=${3:-}; work=${4:-}
[ -n "$work" ] || { echo "usage: deb_check.sh package BUILD ROOT WORKDIR | chroot DEB ROOT WORKDIR"; exit 2; }
root=$(cd "$root" && pwd)
mkdir -p "$work"; work=$(cd "$work" && pwd)
fail() { echo "deb_check: $*"; exit 1; }
t0=$SECONDS
phase() { echo "deb_check: $1 ($((SECONDS - t0)) s)"; }
version=$(sed -n 's/^project(qda VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
tools="qda-ingest qda-segment qda-code qda-rewrite qda-synthesize qda-report"
examples=$(cd "$root/examples" && for d in */; do [ -f "$d/pipeline.sh" ] && echo "${d%/}"; done)

case $mode in
package)
  for t in dpkg-deb dpkg-shlibdeps fakeroot; do
    command -v $t >/dev/null || { echo "deb_check: $t not installed (make deps); skipped"; exit 77; }
  done
  rm -rf "$work/dist" "$work/root"
  DEB_COMPRESS=gzip bash "$root/tools/deb/build_deb.sh" "$src" "$work/dist" >"$work/build_deb.log" 2>&1 || { cat "$work/build_deb.log"; fail "build_deb.sh failed"; }
  deb=$(ls "$work"/dist/qda_*.deb 2>/dev/null | head -1)
  [ -s "$deb" ] || fail "no package in $work/dist"
  [ "$(basename "$deb")" = "qda_${version}_$(dpkg --print-architecture).deb" ] || fail "package named $(basename "$deb"), expected qda_${version}_$(dpkg --print-architecture).deb"
  phase "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KB)"
  field() { dpkg-deb -f "$deb" "$1"; }
  [ "$(field Package)" = qda ] || fail "Package: '$(field Package)', expected qda"
  [ "$(field Version)" = "$version" ] || fail "Version: '$(field Version)', expected $version (CMakeLists.txt)"
  depends=$(field Depends)
  IFS=',' read -ra deps <<<"$depends"
  names=" "; for d in "${deps[@]}"; do d=$(echo $d); names+="${d%% *} "; done
  for need in libc6 libstdc++6 apertium-spa-cat; do
    [[ $names == *" $need "* ]] || fail "Depends lacks $need: $depends"
  done
  # Each dependency (its first alternative) is installed here at a version that satisfies it:
  # the line names real Debian 12 packages, as dpkg-shlibdeps found them.
  for d in "${deps[@]}"; do
    d=${d%%|*}; d=$(echo $d)
    pkg=${d%% *}
    have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || fail "dependency $pkg is not a package installed on this system ($d)"
    if [[ $d =~ \((>=|<=|>>|<<|=)\ *([^\)]+)\) ]]; then
      op=${BASH_REMATCH[1]}; want=${BASH_REMATCH[2]}
      case $op in '>=') op=ge;; '<=') op=le;; '>>') op=gt;; '<<') op=lt;; '=') op=eq;; esac
      dpkg --compare-versions "$have" "$op" "$want" || fail "dependency $d: this system has $pkg $have"
    fi
  done
  # Contents: the tools, their man pages and completion, the schemas, every example with its
  # pipeline; nothing outside /usr; everything owned by root.
  dpkg-deb -c "$deb" >"$work/contents.txt" || fail "dpkg-deb -c failed"
  for tool in $tools; do
    for f in "./usr/bin/$tool" "./usr/share/bash-completion/completions/$tool"; do
      grep -q " $f\$" "$work/contents.txt" || fail "$f is not in the package"
    done
    if command -v help2man >/dev/null; then
      grep -q " ./usr/share/man/man1/$tool.1.gz\$" "$work/contents.txt" || fail "the man page of $tool is not in the package"
    fi
  done
  grep -q " ./usr/share/qda/corpus-schema/unit.schema.json\$" "$work/contents.txt" || fail "corpus-schema is not in the package"
  for e in $examples; do
    grep -q " ./usr/share/qda/examples/$e/pipeline.sh\$" "$work/contents.txt" || fail "examples/$e/pipeline.sh is not in the package"
  done
  outside=$(awk '{print $6}' "$work/contents.txt" | grep -v -E '^\./(usr/.*)?$' | head -3)
  [ -z "$outside" ] || fail "files outside /usr: $outside"
  owners=$(awk '$2 != "root/root" {print $2, $6}' "$work/contents.txt" | head -3)
  [ -z "$owners" ] || fail "files not owned by root: $owners"
  phase "control fields, $(echo "${#deps[@]}") dependencies and $(wc -l <"$work/contents.txt") entries checked"
  # dpkg installs it into a scratch root (its dependencies are this system's, not the root's).
  mkdir -p "$work/root/var/lib/dpkg/info" "$work/root/var/lib/dpkg/updates"
  : >"$work/root/var/lib/dpkg/status"; : >"$work/root/var/lib/dpkg/available"
  dpkg --root="$work/root" --log=/dev/null --force-depends --force-not-root -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i --root failed"; }
  status=$(dpkg --root="$work/root" -s qda 2>/dev/null | sed -n 's/^Status: //p')
  [ "$status" = "install ok installed" ] || fail "dpkg --root -s qda: status '$status'"
  for tool in $tools; do
    out=$("$work/root/usr/bin/$tool" --version 2>&1) || fail "the installed $tool --version failed: $out"
    [ "$out" = "$tool $version" ] || fail "the installed $tool --version says '$out'"
  done
  dpkg --root="$work/root" --log=/dev/null -r qda >"$work/dpkg-r.log" 2>&1 || { cat "$work/dpkg-r.log"; fail "dpkg -r --root failed"; }
  left=$(find "$work/root/usr" -type f 2>/dev/null | head -3)
  [ -z "$left" ] || fail "dpkg -r left files behind: $left"
  phase "installed into a scratch root with dpkg, the $(echo $tools | wc -w) tools run, removed cleanly"
  echo "deb_check: $(basename "$deb") passed ($((SECONDS - t0)) s)"
  ;;

chroot)
  deb=$src
  [ -s "$deb" ] || fail "no package $deb (make deb)"
  [ "$(id -u)" = 0 ] || { echo "deb_check: chroot needs root; skipped"; exit 77; }
  command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt-get install debootstrap; make check-deb installs it)"
  mirror=${DEB_MIRROR:-}
  if [ -z "$mirror" ]; then  # the archive this system's apt uses
    mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -1)
    [ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1)
  fi
  chroot_root="$work/root"
  rm -rf "$chroot_root"
  base="$work/bookworm-minbase.tar"
  if [ -s "$base" ]; then
    mkdir -p "$chroot_root" && tar -C "$chroot_root" -xf "$base" || fail "cannot unpack $base (delete it for a fresh base system)"
    phase "clean Debian 12 base system unpacked from $base"
  else
    debootstrap --variant=minbase bookworm "$chroot_root" ${mirror:+"$mirror"} >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log"; fail "debootstrap failed (log: $work/debootstrap.log)"; }
    tar -C "$chroot_root" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    phase "clean Debian 12 (debootstrap --variant=minbase bookworm) in $chroot_root"
  fi
  in_root() { chroot "$chroot_root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
  cp /etc/resolv.conf "$chroot_root/etc/resolv.conf" 2>/dev/null || true
  cp "$deb" "$chroot_root/tmp/"
  in_root apt-get update -qq >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; fail "apt-get update in the chroot failed"; }
  in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >>"$work/apt.log" 2>&1 \
    || { tail -30 "$work/apt.log"; fail "apt-get install of $(basename "$deb") in a clean Debian 12 failed (log: $work/apt.log)"; }
  phase "apt-get installed $(basename "$deb") and its dependencies ($(grep -c '^Setting up' "$work/apt.log") packages set up)"
  for tool in $tools; do
    out=$(in_root "$tool" --version 2>&1) || fail "$tool --version failed in the chroot: $out"
  done
  rc=0
  for e in $examples; do
    if ! in_root bash "/usr/share/qda/examples/$e/pipeline.sh" /usr/bin "/tmp/report-$e" >"$work/pipeline-$e.log" 2>&1; then
      tail -20 "$work/pipeline-$e.log"; echo "deb_check: the installed pipeline of $e failed in the chroot"; rc=1; continue
    fi
    [ -s "$chroot_root/tmp/report-$e/report.md" ] && [ -s "$chroot_root/tmp/report-$e/report.tex" ] || { echo "deb_check: $e: no report written"; rc=1; continue; }
    if diff -r -u "$root/examples/$e/report" "$chroot_root/tmp/report-$e" >"$work/diff-$e.txt"; then
      phase "$e: the pipeline run in the chroot with the installed tools gives the committed report"
    else
      head -40 "$work/diff-$e.txt"; echo "deb_check: $e: the report made in the chroot differs from examples/$e/report (diff: $work/diff-$e.txt)"; rc=1
    fi
  done
  [ $rc = 0 ] || exit 1
  [ -n "${KEEP_CHROOT:-}" ] || rm -rf "$chroot_root"
  echo "deb_check: $(basename "$deb") installs on a clean Debian 12 and runs both example studies ($((SECONDS - t0)) s)"
  ;;
*)
  echo "deb_check: unknown mode '$mode' (package or chroot)"; exit 2 ;;
esac
