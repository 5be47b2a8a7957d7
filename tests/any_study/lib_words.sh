#!/usr/bin/env bash
# No library source names the example study's roles or its field: those words are data (a
# study file, a codebook, a lexicon), never code (issue 19). Data files under lib/*/data/ are
# the language's general resources and are checked by the example-independence tests instead.
#   lib_words.sh ROOT
set -uo pipefail
root=$1
hits=$(grep -rniE --include='*.cpp' --include='*.hpp' --include='*.in' --include='*.cmake' \
  '\b(asesor|asesora|asesoras|asesores|asesoría|asesoria|ATP|pedagógic[oa]s?|pedagogic[oa]s?|intervención|intervencion|intervenciones|docentes?)\b' \
  "$root/lib" | grep -v '/data/')
if [ -n "$hits" ]; then
  echo "study words in library sources (move them to the study file or the codebook):"
  echo "$hits"
  exit 1
fi
# The built-in data files must not carry them either, except as ordinary Spanish verbs.
hits=$(grep -rniE '\b(asesor|asesora|asesores|ATP|pedagógic[oa]|intervención)\b' "$root"/lib/*/data/)
if [ -n "$hits" ]; then
  echo "study words in built-in data files:"
  echo "$hits"
  exit 1
fi
echo "no study words in lib/"
