#!/usr/bin/env bash
# Package an installed build as a Debian package: install BUILD under a staging root (prefix /usr),
# compute the shared-library dependencies with dpkg-shlibdeps, write DEBIAN/control and build
# OUTDIR/qda_<version>_<arch>.deb with fakeroot.
#   build_deb.sh BUILD OUTDIR
set -euo pipefail
build=$(cd "$1" && pwd); out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^project(qda VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
arch=$(dpkg --print-architecture)
stage="$build/deb/qda"
rm -rf "$build/deb"; mkdir -p "$stage"
DESTDIR="$stage" cmake --install "$build" --prefix /usr >/dev/null
# dpkg-shlibdeps wants a debian/control in the folder it runs in.
mkdir -p "$build/deb/debian"
printf 'Source: qda\n\nPackage: qda\nArchitecture: any\n' >"$build/deb/debian/control"
deps=$(cd "$build/deb" && dpkg-shlibdeps -O "$stage"/usr/bin/qda-* 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: qda
Version: $version
Architecture: $arch
Maintainer: qda maintainers <qda@localhost>
Depends: $deps, apertium-spa-cat
Section: science
Priority: optional
Homepage: https://qda.example/
Description: qualitative (phenomenological) data analysis from the command line
 Six tools that stream JSON Lines records through pipes: ingest questionnaires and
 interview transcripts, segment them into meaning units, code them against a codebook,
 rewrite them in the third person, synthesize narratives and general structures, and
 write the study's tables (Markdown, HTML, LaTeX, CSV, JSON).
CONTROL
mkdir -p "$out"
# DEB_COMPRESS=gzip for a quick package (the test of make test); dpkg-deb's default (xz) otherwise.
fakeroot dpkg-deb ${DEB_COMPRESS:+-Z"$DEB_COMPRESS"} --build "$stage" "$out/qda_${version}_${arch}.deb" >/dev/null
echo "deb: $out/qda_${version}_${arch}.deb (Depends: $deps, apertium-spa-cat)"
