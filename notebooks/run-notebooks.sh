#!/usr/bin/env bash
# Executes every notebooks/*.ipynb headless on the skillscope-java kernel and fails on any error.
#
#   notebooks/run-notebooks.sh [--output-dir DIR] [NOTEBOOK.ipynb ...]
#
# The executed copies (with outputs) go to DIR (default: a new temporary folder); the notebooks in the
# repository are never written, so their outputs stay out of git. The kernelspec is installed into a
# private Jupyter data dir for the run (notebooks/install-kernel.sh, which builds the module if needed).
#
# Kernel start-up is retried, cell errors are not: a notebook whose kernel fails to start (no
# kernel_info reply within the start-up timeout, or death before it) is run again, up to NB_RETRIES
# times; any other failure fails the run at once. See notebooks/README.md for why.
#
# Environment: NB_STARTUP_TIMEOUT (s, default 120), NB_CELL_TIMEOUT (s per cell, default 600),
# NB_RETRIES (default 2), NB_TOTAL_TIMEOUT (s per notebook and attempt, default 1200),
# SKILLSCOPE_JUPYTER (default /usr/bin/jupyter, Debian's; the python3 on PATH may be another one).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jupyter="${SKILLSCOPE_JUPYTER:-/usr/bin/jupyter}"
startup_timeout="${NB_STARTUP_TIMEOUT:-120}"
cell_timeout="${NB_CELL_TIMEOUT:-600}"
retries="${NB_RETRIES:-2}"
total_timeout="${NB_TOTAL_TIMEOUT:-1200}"
out_dir=""
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --output-dir) out_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
  for nb in "$here"/*.ipynb; do notebooks+=("$nb"); done
fi

if ! [ -x "$jupyter" ] || ! "$jupyter" nbconvert --version >/dev/null 2>&1; then
  echo "run-notebooks.sh: $jupyter with nbconvert is missing; install it with: bash .ci/install-notebook-deps.sh" >&2
  exit 3
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/skillscope-notebooks.XXXXXX")"
out_dir="${out_dir:-$work/executed}"
mkdir -p "$out_dir"
"$here/install-kernel.sh" --data-dir "$work/jupyter"
# A private Jupyter environment: only our kernelspec, no user config, runtime files in the work dir.
export JUPYTER_PATH="$work/jupyter"
export JUPYTER_DATA_DIR="$work/jupyter"
export JUPYTER_CONFIG_DIR="$work/config"
export JUPYTER_RUNTIME_DIR="$work/runtime"
export PYDEVD_DISABLE_FILE_VALIDATION=1

start_failure='Kernel didn.t respond in [0-9]+ seconds|Kernel died before replying to kernel_info|Kernel didn.t respond to heartbeats'
failed=0
run_start=$(date +%s)
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb")"
  attempt=0
  while :; do
    log="$work/${name%.ipynb}.attempt$attempt.log"
    t0=$(date +%s)
    set +e
    timeout --kill-after=30 "$total_timeout" "$jupyter" nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=skillscope-java \
      --ExecutePreprocessor.startup_timeout="$startup_timeout" \
      --ExecutePreprocessor.timeout="$cell_timeout" \
      --output-dir "$out_dir" "$nb" >"$log" 2>&1
    rc=$?
    set -e
    secs=$(( $(date +%s) - t0 ))
    if [ $rc -eq 0 ]; then
      echo "ok      $name (${secs}s$([ $attempt -gt 0 ] && echo ", after $attempt kernel start retries"))"
      break
    fi
    if grep -q -E "$start_failure" "$log" && [ $attempt -lt "$retries" ]; then
      attempt=$((attempt + 1))
      echo "retry   $name: the kernel did not start (${secs}s): $(grep -o -E "$start_failure" "$log" | head -n 1)"
      continue
    fi
    echo "FAILED  $name (exit $rc after ${secs}s$([ $rc -eq 124 ] && echo ", over NB_TOTAL_TIMEOUT=${total_timeout}s")); log $log:"
    tail -n 60 "$log" | sed 's/^/    /'
    failed=$((failed + 1))
    break
  done
done
echo "executed ${#notebooks[@]} notebooks in $(( $(date +%s) - run_start ))s, $failed failed; outputs in $out_dir"
if [ $failed -eq 0 ] && [ "${out_dir#"$work"}" = "$out_dir" ]; then
  rm -rf "$work" # logs and the private kernelspec are kept only when something failed
fi
[ $failed -eq 0 ]
