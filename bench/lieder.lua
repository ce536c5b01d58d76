-- Benchmark of the Lie-derivative operator (ls.lieder), liesym side;
-- bench/lieder_numpy.py is the baseline, bench/run.sh runs both.
--
-- The case: quadratic models on R^m (ls.basis.poly(m, 2)) under the
-- Euclidean algebra se(m) (rotations and translations) in exact mode —
-- at m = 30, 465 generators and 496 monomials.  Timed: assembling the
-- operator, op:matrix(W) and op:discover(W) for a random W (1x496), each
-- on a fresh operator (the first call builds and caches the box Gram
-- matrix's Cholesky factor, so it is counted).  m = 10 (55 generators, 66
-- monomials) is the like-for-like row against the numpy dense tensor.
--
-- Prints "<case>\t<seconds>" lines for bench/table.lua.  Cases mem_* are
-- MB: mem_operator_* the matrices the operator holds after discover,
-- mem_peak_* the process's peak resident memory so far (VmHWM).
-- Fails (exit 1) when an m = 30 step takes 1 s or more or the peak
-- reaches 200 MB.
--   usage: lua5.4 bench/lieder.lua [repeats]
local ls = require "liesym"
local common = require "bench.common"
local emit, peak_mb = common.emit, common.peak_mb

local repeats = tonumber(arg and arg[1]) or 1
local LIMIT_S, LIMIT_MB = 1.0, 200

-- the best time of f(prepare()) over `repeats` runs; prepare is not timed
local function best(prepare, f)
  local t, result = math.huge, nil
  for _ = 1, repeats do
    local input = prepare and prepare() or nil
    collectgarbage()
    local t0 = ls.clock()
    result = f(input)
    t = math.min(t, ls.clock() - t0)
  end
  return t, result
end

-- bytes held by the dense matrices reachable from a table
local function matrix_bytes(x, seen)
  seen = seen or {}
  if seen[x] then return 0 end
  seen[x] = true
  if ls.ismatrix(x) then return 8 * x:rows() * x:cols() end
  if type(x) ~= "table" then return 0 end
  local total = 0
  for k, v in pairs(x) do
    if k ~= "algebra" then total = total + matrix_bytes(v, seen) end  -- the op's own data
  end
  return total
end

local function assemble(m)
  return ls.lieder.model(ls.basis.poly(m, 2), ls.lie.se(m):orthonormal())
end
local function sizes(m)  -- generators q and monomials k
  return ls.lie.se(m):dim(), ls.basis.poly(m, 2):size()
end

-- W = |x|^2 in the graded monomial basis: its symmetries in se(m) are so(m)
local function norm_squared(B)
  local W = ls.zeros(1, B:size())
  for j, name in ipairs(B:names()) do
    if name:match("^x%d+%^2$") then W:set(1, j, 1) end
  end
  return W
end

local failures = {}
local function run(m)
  local tag = "lieder_m" .. m
  local ta, op = best(nil, function() return assemble(m) end)
  emit(tag .. "_assemble", ta)
  local q, k = sizes(m)
  local W = ls.randn(1, k, ls.rng(m))
  local tm, B = best(function() return assemble(m) end, function(o) return o:matrix(W) end)
  emit(tag .. "_matrix", tm)
  local td, h = best(function() return assemble(m) end, function(o) return o:discover(W) end)
  emit(tag .. "_discover", td)
  assert(B:rows() == k and B:cols() == q, "B(W) has the wrong shape")
  assert(h:dim() == 0, "a random quadratic has no Euclidean symmetry")
  -- correctness: |x|^2 is invariant under exactly the m(m-1)/2 rotations
  local so = op:discover(norm_squared(ls.basis.poly(m, 2)))
  assert(so:dim() == m * (m - 1) // 2,
         ("|x|^2 in se(%d): %d symmetries found"):format(m, so:dim()))
  if type(op) == "table" then   -- a Lua operator's matrices; a LieOp's are in C
    emit("mem_operator_m" .. m .. "_MB", matrix_bytes(op) / 2^20)
  end
  local mb = peak_mb()
  emit("mem_peak_m" .. m .. "_MB", mb)
  if m == 30 then
    for what, t in pairs{assemble = ta, matrix = tm, discover = td} do
      if t >= LIMIT_S then failures[#failures + 1] = ("%s took %.2f s"):format(what, t) end
    end
    if mb >= LIMIT_MB then failures[#failures + 1] = ("peak memory %.0f MB"):format(mb) end
  end
end

run(10)
run(30)
if #failures > 0 then
  io.stderr:write("bench/lieder.lua: over the m = 30 budget (1 s, 200 MB): ",
                  table.concat(failures, "; "), "\n")
  os.exit(1)
end
