#!/usr/bin/env bash
# Run a benchmark on liesym and on numpy, one after the other, and print the
# comparison table.  Raw results are kept in bench/results/.
#   usage: bash bench/run.sh matrix [repeats]     (make bench-matrix)
# BENCH_ROUNDS (default 2 for matrix, else 1) alternates the two sides that
# many times and keeps each case's best, so that a change in the machine's
# load during the run does not favour one side.
# Uses Debian's /usr/bin/python3, whose numpy calls the same OpenBLAS (via
# the libblas/liblapack alternatives) as liesym.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bash bench/run.sh NAME [repeats]   (NAME: matrix)}
repeats=${2:-5}
LUA=${LUA:-lua5.4}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -f "bench/$name.lua" ] || { echo "bench/run.sh: no bench/$name.lua" >&2; exit 2; }

# outside make: find liesym in the checkout
: "${LUA_PATH:=$PWD/lua/?.lua;$PWD/lua/?/init.lua;;}"
: "${LUA_CPATH:=$PWD/build/?.so;;}"
export LUA_PATH LUA_CPATH

out=bench/results
mkdir -p "$out"
default_rounds=1
[ "$name" = matrix ] && default_rounds=2
rounds=${BENCH_ROUNDS:-$default_rounds}
: > "$out/$name-liesym.tsv"
: > "$out/$name-numpy.tsv"
for round in $(seq "$rounds"); do
  echo "running bench/$name.lua (round $round of $rounds) ..." >&2
  "$LUA" "bench/$name.lua" "$repeats" | tee -a "$out/$name-liesym.tsv" >&2
  echo "running bench/${name}_numpy.py (round $round of $rounds) ..." >&2
  "$PYTHON" "bench/${name}_numpy.py" "$repeats" | tee -a "$out/$name-numpy.tsv" >&2
done
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(nproc) CPUs," \
       "OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-unset}," \
       "best of $repeats runs x $rounds rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$LUA" bench/table.lua "$out/$name-liesym.tsv" "$out/$name-numpy.tsv"
} | tee "$out/$name.txt"
