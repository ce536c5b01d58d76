#!/usr/bin/env bash
# EMLP's data-efficiency table (bench/nn_data_efficiency.lua, one run per
# job) through GNU parallel: datasets × models × n_train × seeds, each run
# its own shard (bench/results/nn_data_efficiency/, so that a subset can
# be rerun), then one CSV and the medians over seeds beside EMLP's
# published figures.
#   usage: bash bench/nn_data_efficiency.sh [models] [seeds] [parallel options...]
#          models: a comma list (default mlp,emlp); seeds: "0 1 2";
#          DATASETS="o5 inertia" (default), JOBS (default: one per core)
set -euo pipefail
cd "$(dirname "$0")/.."
models=${1:-mlp,emlp}
seeds=${2:-0 1 2}
shift $(( $# >= 2 ? 2 : $# ))
LUA=${LUA:-lua5.4}
dir=bench/results/nn_data_efficiency
out=bench/results/nn_data_efficiency.csv
mkdir -p "$dir"
start=$(date +%s)
# the largest runs first, so that the last job to finish is a short one
parallel --jobs "${JOBS:-$(nproc)}" --halt now,fail=1 "$@" \
  "OPENBLAS_NUM_THREADS=1 LUA_PATH='$PWD/?.lua;$PWD/lua/?.lua;$PWD/lua/?/init.lua;;' \
   LUA_CPATH='$PWD/build/?.so;;' $LUA bench/nn_data_efficiency.lua {1} {2} {3} {4} \
   > $dir/{1}-{2}-{3}-{4}.csv" \
  ::: ${DATASETS:-o5 inertia} ::: ${models//,/ } ::: 3000 1000 300 100 30 ::: $seeds
{ echo "dataset,model,n,seed,test_mse,epochs,seconds,best_epoch"; cat "$dir"/*.csv | sort; } > "$out"
echo "data efficiency: $(( $(wc -l < "$out") - 1 )) runs, these in $(( $(date +%s) - start )) s wall" >&2
"$LUA" bench/nn_data_efficiency_summary.lua "$out"
