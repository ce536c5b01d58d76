#!/usr/bin/env bash
# The one-operator benchmark (bench/lieop.lua) on this checkout and on the
# commit before the operator (the baseline, built from git in a temporary
# folder), case by case in one run, and the comparison table.
#   usage: bash bench/lieop.sh        (make bench-lieop)
# LIEOP_BASELINE names another baseline commit.
set -euo pipefail
cd "$(dirname "$0")/.."
LUA=${LUA:-lua5.4}
base=${LIEOP_BASELINE:-6e65117}   # the last commit before the LieOp
: "${OPENBLAS_NUM_THREADS:=2}"
export OPENBLAS_NUM_THREADS
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git archive "$base" | tar -x -C "$dir"
echo "building the baseline $base in $dir ..." >&2
make -C "$dir" --no-print-directory all >/dev/null
out=bench/results
mkdir -p "$out"
: > "$out/lieop-liesym.tsv"
: > "$out/lieop-before.tsv"
for case in m10 se30 s6k s20k; do
  echo "case $case: before ..." >&2
  LUA_PATH="$dir/lua/?.lua;$dir/lua/?/init.lua;;" LUA_CPATH="$dir/build/?.so;;" \
    "$LUA" bench/lieop.lua "$case" before | tee -a "$out/lieop-before.tsv" >&2
  echo "case $case: now ..." >&2
  LUA_PATH="$PWD/lua/?.lua;$PWD/lua/?/init.lua;;" LUA_CPATH="$PWD/build/?.so;;" \
    "$LUA" bench/lieop.lua "$case" | tee -a "$out/lieop-liesym.tsv" >&2
done
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(nproc) CPUs," \
       "OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, baseline $base," \
       "load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$LUA" bench/table.lua "$out/lieop-liesym.tsv" "$out/lieop-before.tsv" "before ($base)"
} | tee "$out/lieop.txt"
