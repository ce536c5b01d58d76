-- Iterations of ls.promote with and without its accelerations on two hard
-- (non-recovering) solves of the recovery experiment: plain ADMM with a
-- fixed penalty against the defaults (over-relaxation, Anderson
-- acceleration, residual balancing). Same instances as bench/recovery.lua.
--   usage: lua5.4 bench/admm_variants.lua
local ls = require "liesym"
local problem = require "bench.recovery_problem"

local variants = {
  {"plain ADMM, fixed penalty", {accel = 0, alpha = 1, adapt_every = 1000000000}},
  {"defaults", {}},
}
print(("%-36s %-28s %10s %10s"):format("solve", "variant", "iterations", "seconds"))
for _, case in ipairs{{"t", 20, 1, 2, 0, 57}, {"se", 12, 1, 2, 0, 20}} do
  local P = problem(case[1], "ortho", case[2], case[3], case[4], case[5])
  local op, pool, Y = P.op, P.pool, P.Y
  local N, m = case[6], case[2]
  for _, v in ipairs(variants) do
    local o = {mode = "exact", tol = 1e-5, max_iter = 20000}
    for key, val in pairs(v[2]) do o[key] = val end
    local t0 = ls.clock()
    local _, info = ls.promote(op, pool:sub(1, N, 1, m), Y:sub(1, N, 1, 1), o)
    print(("%-36s %-28s %10s %10.3f"):format(
      ("%s(%d), r=%d, d=%d, seed %d, N=%d"):format(table.unpack(case)), v[1],
      info.iterations .. (info.converged and "" or "+"), ls.clock() - t0))
  end
end
