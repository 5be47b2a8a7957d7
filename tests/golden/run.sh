#!/usr/bin/env bash
# Runs one golden case and compares stdout, stderr and exit status byte for byte.
#   run.sh BINDIR CASEDIR ROOT      compare
#   QDA_UPDATE_GOLDEN=1 run.sh …    regenerate the expected files (review with git diff)
# A case is a folder with `cmd` (a bash script run inside the case folder with the tools on
# PATH; $ROOT is the repository, $WORK a fresh scratch folder) and the expected `stdout`,
# `stderr` and `status`. The checkout's and the scratch folder's paths are compared as $ROOT
# and $WORK.
set -u
bindir=$(cd "$1" && pwd); case_dir=$(cd "$2" && pwd); ROOT=$(cd "$3" && pwd)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
export ROOT WORK PATH="$bindir:$PATH" LC_ALL=C.UTF-8 TZ=UTC
cd "$case_dir"
bash ./cmd >"$WORK/.stdout" 2>"$WORK/.stderr" </dev/null
echo $? >"$WORK/.status"
# Paths of this checkout and of the scratch folder (in provenance records' arguments, in
# messages) are written as $ROOT and $WORK, so the expected files hold on any machine.
sed -i "s|$ROOT|\$ROOT|g; s|$WORK|\$WORK|g" "$WORK/.stdout" "$WORK/.stderr"
if [ "${QDA_UPDATE_GOLDEN:-0}" = 1 ]; then
  for f in stdout stderr status; do cp "$WORK/.$f" "$case_dir/$f"; done
  echo "updated $case_dir"; exit 0
fi
rc=0
for f in stdout stderr status; do
  if [ ! -f "$case_dir/$f" ]; then echo "missing expected file $case_dir/$f"; rc=1; continue; fi
  if ! cmp -s "$case_dir/$f" "$WORK/.$f"; then
    echo "--- $f differs (expected vs actual):"; diff -u "$case_dir/$f" "$WORK/.$f" | head -40; rc=1
  fi
done
exit $rc
