-- The binary searches of a grid of the paper's recovery experiment, one
-- per line, as arguments of bench/recovery.lua: the input of GNU parallel
-- (bench/recovery_grid.sh) and of the Slurm job array (bench/recovery.slurm).
--   usage: lua5.4 bench/recovery_cells.lua GRID [seeds]
--   GRID: ortho_t   the 81 (d, m, r) cells of the reference file
--         ortho_se  d = 2: m = 5..30 step 5; d = 3: m = 6..16; d = 4: m = 5..10; r = 1..3
--         quad_se   d = 1: m = 5..30 step 5, r = 1; d = 2: m = 5..10, r = 1, 2
--   seeds: a list like 0-9 (the default)
local grid = assert(arg[1], "usage: recovery_cells.lua GRID [seeds]")
local seeds = {}
do
  local spec = arg[2] or "0-9"
  for part in spec:gmatch("[^,]+") do
    local a, b = part:match("^(%d+)%-(%d+)$")
    if a then for s = tonumber(a), tonumber(b) do seeds[#seeds + 1] = s end
    else seeds[#seeds + 1] = assert(tonumber(part), "bad seed list " .. spec) end
  end
end

local function range(a, b, step)
  local t = {}
  for v = a, b, step or 1 do t[#t + 1] = v end
  return t
end

-- {alg, class, d, list of m, list of r}
local grids = {
  ortho_se = {{"se", "ortho", 2, range(5, 30, 5), {1, 2, 3}},
              {"se", "ortho", 3, range(6, 16), {1, 2, 3}},
              {"se", "ortho", 4, range(5, 10), {1, 2, 3}}},
  quad_se = {{"se", "quad", 1, range(5, 30, 5), {1}},
             {"se", "quad", 2, range(5, 10), {1, 2}}},
}
if grid == "ortho_t" then   -- the cells of the reference file
  local csv = require "bench.recovery_csv"
  grids.ortho_t = {}
  for _, c in ipairs(csv.grid(os.getenv("REFERENCE") or "../shared/reference/recovery_ortho_t_n.csv")) do
    grids.ortho_t[#grids.ortho_t + 1] = {"t", "ortho", c[1], {c[2]}, {c[3]}}
  end
end
local spec = assert(grids[grid], "unknown grid " .. grid .. " (ortho_t, ortho_se, quad_se)")
for _, g in ipairs(spec) do
  for _, m in ipairs(g[4]) do
    for _, r in ipairs(g[5]) do
      for _, s in ipairs(seeds) do
        print(("--alg %s --class %s --d %d --m %d --r %d --seeds %d"):format(g[1], g[2], g[3], m, r, s))
      end
    end
  end
end
