#!/usr/bin/env bash
# make install, checked: install BUILD into a scratch root (DESTDIR, prefix /usr), then run the
# first example study's pipeline with the installed tools on the installed example, and compare
# its report with the committed one. Checks the man pages (when help2man made them), the bash
# completion and the record schemas.
#   install_check.sh BUILD ROOT WORKDIR
set -u
build=$1; root=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
DESTDIR="$work/root" cmake --install "$build" --prefix /usr >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
usr="$work/root/usr"
rc=0
for tool in qda-ingest qda-segment qda-code qda-rewrite qda-synthesize qda-report; do
  [ -x "$usr/bin/$tool" ] || { echo "install_check: $tool not installed"; rc=1; continue; }
  "$usr/bin/$tool" --version >/dev/null || { echo "install_check: $tool --version failed"; rc=1; }
  [ -f "$usr/share/bash-completion/completions/$tool" ] || { echo "install_check: no bash completion for $tool"; rc=1; }
  if command -v help2man >/dev/null; then
    page="$usr/share/man/man1/$tool.1.gz"
    [ -s "$page" ] || { echo "install_check: no man page $page"; rc=1; continue; }
    zcat "$page" | grep -qi 'example' || { echo "install_check: the man page of $tool lost the examples"; rc=1; }
  fi
done
[ -f "$usr/share/qda/corpus-schema/unit.schema.json" ] || { echo "install_check: corpus-schema not installed"; rc=1; }
bash -n "$usr/share/bash-completion/completions/qda-report" || rc=1
[ $rc = 0 ] || exit 1
bash "$usr/share/qda/examples/asesoria/pipeline.sh" "$usr/bin" "$work/report" || { echo "install_check: the installed pipeline failed"; exit 1; }
if ! diff -r -q "$root/examples/asesoria/report" "$work/report"; then
  echo "install_check: the installed tools' report differs from the committed one"; exit 1
fi
echo "install_check: $(ls "$usr/bin" | wc -l) tools, man pages, completion, schemas and examples installed; the example's report from the installed tools equals the committed one"
