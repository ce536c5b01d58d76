#!/usr/bin/env bash
# A grid of the paper's recovery experiment through GNU parallel: one job
# per binary search (bench/recovery_cells.lua), each writing its own CSV
# shard, then one merged CSV and the summary. Extra arguments go to
# parallel: --jobs N (default: one per core), or --sshlogin host1,host2
# --workdir <a checkout with build/> to spread the jobs over machines.
#   usage: bash bench/recovery_grid.sh GRID [seeds] [parallel options...]
#          (make bench-recovery GRID=ortho_t)
set -euo pipefail
cd "$(dirname "$0")/.."
grid=${1:?usage: recovery_grid.sh GRID [seeds] [parallel options]}
seeds=${2:-0-9}
shift $(( $# >= 2 ? 2 : 1 ))
LUA=${LUA:-lua5.4}
out=bench/results/$grid
rm -rf "$out"
mkdir -p "$out/shards"
"$LUA" bench/recovery_cells.lua "$grid" "$seeds" > "$out/cells.txt"
n=$(wc -l < "$out/cells.txt")
echo "recovery grid $grid: $n binary searches" >&2
start=$(date +%s)
# one BLAS thread per job: the jobs are the parallelism
parallel --jobs "${JOBS:-$(nproc)}" --halt now,fail=1 "$@" \
  "OPENBLAS_NUM_THREADS=1 LUA_PATH='$PWD/?.lua;$PWD/lua/?.lua;$PWD/lua/?/init.lua;;' \
   LUA_CPATH='$PWD/build/?.so;;' $LUA bench/recovery.lua {=uq=} --out $out/shards/{#}.csv 2>/dev/null" \
  :::: "$out/cells.txt"
wall=$(( $(date +%s) - start ))
"$LUA" bench/recovery_merge.lua "bench/results/recovery_$grid.csv" "$out"/shards/*.csv
echo "recovery grid $grid: $n binary searches in $wall s wall" | tee "$out/wall.txt" >&2
if [ "$grid" = ortho_t ]; then
  "$LUA" bench/recovery_summary.lua "bench/results/recovery_$grid.csv" \
    "${REFERENCE:-../shared/reference/recovery_ortho_t_n.csv}"
else
  "$LUA" bench/recovery_summary.lua "bench/results/recovery_$grid.csv" none
fi
