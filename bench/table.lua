-- Print the comparison table of two benchmark result files, each made of
-- lines "<case>\t<seconds>" (bench/matrix.lua, bench/matrix_numpy.py).
-- Cases only in the second file (numpy-only extrapolations) come last.
-- Cases named loop_* hold seconds per operation and are shown in
-- microseconds.  A case listed more than once (several rounds) keeps its
-- smallest value.
-- A third argument names the baseline's column (default numpy).
--   usage: lua5.4 bench/table.lua liesym.tsv numpy.tsv [name]

local LABELS = {
  matmul_1000 = "A*B 1000x1000",
  svd_thin_2000x500 = "thin SVD 2000x500",
  eigh_1000 = "eigh 1000x1000",
  solve_1000_1rhs = "solve 1000x1000, 1 rhs",
  loop_matmul_3x3 = "3x3 A*B in a loop (per op)",
  se20_structure_killing = "se(20): structure constants + Killing form",
  s30_T2_900 = "S(30) T(2), dim 900",
  s100_T2_10000 = "S(100) T(2), dim 10^4 (EMLP, T(2)(Alt(100)): 16.9 s)",
  s1000_hom_1000000 = "S(1000) V -> V, dim 10^6",
  s100_T3_1000000 = "S(100) T(3), dim 10^6",
  mem_s100_T3_1000000_MB = "  its peak memory, alone (MB)",
  so24_T2_576 = "SO(24) T(2), dim 576",
  mem_so3_T8_6561_MB = "SO(3) T(8): peak memory, alone (MB)",
  so3_T7_2187 = "SO(3) T(7), dim 2187",
  so3_T8_6561 = "SO(3) T(8), dim 6561",
  s6_sum_2016400 = "S(6) 100V0+100V+20V2 -> same",
  s6_sample_project = "  its sample + project",
  mem_peak_MB = "peak memory (MB, not s)",
  lieder_m10_assemble = "m=10, se(10) on poly(10, 2): build operator",
  lieder_m10_matrix = "  op:matrix(W) on a fresh op, W 1x66",
  lieder_m10_discover = "  op:discover(W) on a fresh op",
  mem_operator_m10_MB = "  operator / dense tensor (MB)",
  mem_peak_m10_MB = "  peak memory so far (MB)",
  lieder_m30_assemble = "m=30, se(30) on poly(30, 2): build operator",
  lieder_m30_matrix = "  op:matrix(W) on a fresh op, W 1x496",
  lieder_m30_discover = "  op:discover(W) on a fresh op",
  mem_operator_m30_MB = "  operator (MB)",
  mem_peak_m30_MB = "  peak memory (MB)",
  dense_tensor_m30_extrapolated = "m=30 dense tensor build, extrapolated",
  m10_build = "m=10, degree 3, gl(10), tangent: build operator",
  mem_m10_build_MB = "  peak memory after the build (MB)",
  m10_enforce = "  enforce",
  m10_discover = "  discover (random W)",
  mem_m10_dense_operator_MB = "  the dense operator it replaces (MB)",
  m10_promote_2000 = "  penalized promote, 2,000 samples",
  mem_m10_promote_MB = "  peak memory after promote (MB)",
  se30_build_discover = "poly(30, 2), se(30): build + discover",
  mem_se30_MB = "  peak memory (MB)",
  s6k_build_discover = "6,000 weighted points, poly(6, 4), se(6): build + discover",
  mem_s6k_MB = "  peak memory (MB)",
  s20k_build_discover = "20,000 weighted points, poly(6, 4), se(6): build + discover",
  mem_s20k_MB = "  peak memory (MB)",
  mem_dense_tensor_m30_extrapolated_MB = "m=30 dense tensor, extrapolated (MB)",
}

local function read (path)
  local order, times = {}, {}
  for line in io.lines(path) do
    local case, t = line:match("^(%S+)\t(%S+)$")
    if case then  -- a case met again (several rounds): keep the best
      if times[case] == nil then order[#order + 1] = case end
      times[case] = math.min(times[case] or math.huge, tonumber(t))
    end
  end
  return order, times
end

local order, ours = read(assert(arg[1], "usage: table.lua liesym numpy"))
local their_order, theirs = read(assert(arg[2], "usage: table.lua liesym numpy"))
for _, case in ipairs(their_order) do  -- numpy-only cases (extrapolations) last
  if ours[case] == nil then order[#order + 1] = case end
end

local function fmt (case, t)
  if t == nil then return "-" end
  if case:match("^mem_") then return ((t < 10) and "%.1f MB" or "%.0f MB"):format(t) end
  if case:match("^loop_") then return ("%.3f us"):format(t * 1e6) end
  return ("%.4f s"):format(t)
end

local base = arg[3] or "numpy"
local rows = {{"case", "liesym", base, "liesym/" .. base:match("^%S+")}}
for _, case in ipairs(order) do
  local a, b = ours[case], theirs[case]
  rows[#rows + 1] = {
    LABELS[case] or case, fmt(case, a), fmt(case, b),
    -- small ratios keep their digits: 0.0015 says what 0.00 hides
    (a and b and b > 0) and ((a / b < 0.1) and ("%.2g") or ("%.2f")):format(a / b) or "-",
  }
end

local width = {}
for _, row in ipairs(rows) do
  for j, cell in ipairs(row) do
    width[j] = math.max(width[j] or 0, #cell)
  end
end
for i, row in ipairs(rows) do
  local cells = {}
  for j, cell in ipairs(row) do
    cells[j] = (j == 1) and ("%-" .. width[j] .. "s"):format(cell)
                         or ("%" .. width[j] .. "s"):format(cell)
  end
  print(table.concat(cells, " | "))
  if i == 1 then
    local rule = {}
    for j = 1, #row do rule[j] = ("-"):rep(width[j]) end
    print(table.concat(rule, "-|-"))
  end
end
