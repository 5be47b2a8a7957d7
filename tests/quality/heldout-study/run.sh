#!/usr/bin/env bash
# Pipeline completo del estudio de prueba "Decidir en la crisis".
# Uso: run.sh BINDIR OUTDIR
#   BINDIR  carpeta con qda-ingest, qda-segment, qda-code, qda-rewrite, qda-synthesize, qda-report
#   OUTDIR  carpeta donde se escribe report.md (se crea si no existe)
# Solo usa los ficheros de esta carpeta. stderr de cada herramienta queda a la vista.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "uso: $0 BINDIR OUTDIR" >&2
  exit 2
fi

BIN=$(cd "$1" && pwd)
mkdir -p "$2"
OUT=$(cd "$2" && pwd)

# Las rutas de study.yaml son relativas a esta carpeta.
cd "$(dirname "${BASH_SOURCE[0]}")"

"$BIN/qda-ingest" study.yaml \
  | "$BIN/qda-segment" \
  | "$BIN/qda-code" -c codebook.yaml \
  | "$BIN/qda-rewrite" -c codebook.yaml \
  | "$BIN/qda-synthesize" -c codebook.yaml \
  | "$BIN/qda-report" --study study.yaml -c codebook.yaml -f md -o "$OUT/report.md"

echo "informe: $OUT/report.md" >&2
