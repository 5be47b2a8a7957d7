# bash completion for the qda tools (installed once per tool name): options read from the tool's
# own --help, the values of -f and --table, and file names otherwise.
_qda() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    -f|--format) COMPREPLY=($(compgen -W "md html tex csv csv-r json qdc qdpx" -- "$cur")); return ;;
    --table) COMPREPLY=($(compgen -W "participants notes typology structures giorgi codes cooccurrence matrix retrieval memos agreement changes" -- "$cur")); return ;;
    --lang) COMPREPLY=($(compgen -W "es en" -- "$cur")); return ;;
    --mode) COMPREPLY=($(compgen -W "auto human both" -- "$cur")); return ;;
    --veto) COMPREPLY=($(compgen -W "auto none" -- "$cur")); return ;;
    --morphology-dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    local opts
    opts=$("$1" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*(=[a-z|]+)?' | tr -d ' ,' | sed 's/=.*/=/' | sort -u)
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    [[ ${COMPREPLY[0]-} == *= ]] && compopt -o nospace 2>/dev/null
  else
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _qda qda-ingest qda-segment qda-code qda-rewrite qda-synthesize qda-report
