-- Dense-matrix benchmark, liesym side (bench/matrix_numpy.py is the numpy
-- side; bench/run.sh runs both and prints the comparison).
-- Prints one line per case: "<case>\t<seconds>", the best of several runs
-- after a warm-up; for loop cases the seconds are per operation.
--   usage: lua5.4 bench/matrix.lua [repeats]   (LUA_PATH/LUA_CPATH must
--   reach liesym, as `make bench-matrix` sets them)

local ls = require "liesym"

local REPEATS = tonumber(arg and arg[1]) or 5
local LOOP_N = 1000000  -- 3x3 products in the loop case

local rng = ls.rng(42)

-- a symmetric matrix from a random one
local function symmetric (n)
  local A = ls.randn(n, n, rng)
  return (A + A:T()) * 0.5
end

-- the best wall time of f over `repeats` runs after one warm-up run
local function best_of (repeats, f)
  f()
  local best = math.huge
  for _ = 1, repeats do
    collectgarbage()
    local t0 = ls.clock()
    f()
    local dt = ls.clock() - t0
    if dt < best then best = dt end
  end
  return best
end

local function report (case, seconds)
  io.write(("%s\t%.9g\n"):format(case, seconds))
  io.flush()
end

do
  local A, B = ls.randn(1000, 1000, rng), ls.randn(1000, 1000, rng)
  report("matmul_1000", best_of(REPEATS, function() return A * B end))
end

do
  local A = ls.randn(2000, 500, rng)
  report("svd_thin_2000x500", best_of(REPEATS, function() return A:svd() end))
end

do
  local S = symmetric(1000)
  report("eigh_1000", best_of(REPEATS, function() return S:eigh() end))
end

do
  local A, b = ls.randn(1000, 1000, rng), ls.randn(1000, 1, rng)
  report("solve_1000_1rhs", best_of(REPEATS, function() return A:solve(b) end))
end

do
  local A, B = ls.randn(3, 3, rng), ls.randn(3, 3, rng)
  local seconds = best_of(math.min(REPEATS, 3), function()
    local C
    for _ = 1, LOOP_N do C = A * B end
    return C
  end)
  report("loop_matmul_3x3", seconds / LOOP_N)
end
