-- Iterations of ls.promote with and without its accelerations on two hard
-- (non-recovering) solves of the recovery experiment: plain ADMM with a
-- fixed penalty against the defaults (over-relaxation, Anderson
-- acceleration, residual balancing). Same instances as bench/recovery.lua.
--   usage: lua5.4 bench/admm_variants.lua
local ls = require "liesym"

-- the ortho instance of bench/recovery.lua for (alg, m, r, d, seed)
local function instance(alg, m, r, d, seed)
  local rng = ls.rng(1000003 * seed + 7919 * m + 101 * r + d)
  local phi = ls.basis.poly(r, d)
  local U = ls.randn(m, r, rng):svd()
  local c = ls.rand(1, phi:size(), rng)
  local function F(X) return phi:eval(X * U) * c:T() end
  local B = ls.basis.poly(m, d)
  local k = B:size()
  ls.rand(2 * k, m, rng)  -- the draw recovery.lua fits the true coefficients on
  local g = (alg == "t") and ls.lie.t(m) or ls.lie.se(m)
  local Ns = ls.poly_count(m, (alg == "t") and d - 1 or d) + 1
  local Xs = ls.rand(Ns, m, rng) * 2 - 1
  local op = ls.lieder.model(B, g:orthonormal(), {points = Xs, weights = ls.ones(Ns, 1)})
  local pool = ls.rand(k + 1, m, rng) * 2 - 1
  return op, pool, F(pool)
end

local variants = {
  {"plain ADMM, fixed penalty", {accel = 0, alpha = 1, adapt_every = 1000000000}},
  {"defaults", {}},
}
print(("%-36s %-28s %10s %10s"):format("solve", "variant", "iterations", "seconds"))
for _, case in ipairs{{"t", 20, 1, 2, 0, 57}, {"se", 12, 1, 2, 0, 20}} do
  local op, pool, Y = instance(case[1], case[2], case[3], case[4], case[5])
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
