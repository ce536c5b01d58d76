-- One instance of the recovery experiment (bench/recovery.lua), also used
-- by bench/admm_variants.lua: the target, its exact coefficients, the
-- operator over the candidate algebra on its own N_s points, and the pool
-- of training points whose first N the binary search uses.
local ls = require "liesym"
local core = require "liesym.core"

--- @param alg "t" or "se"; @param class "ortho" or "quad"
-- @return {op, pool (k+1 × m), Y (targets at pool), Wtrue (1×k), k}
return function(alg, class, m, r, d, seed)
  local rng = ls.rng(1000003 * seed + 7919 * m + 101 * r + d)
  local phi = ls.basis.poly(r, d)
  local F, deg
  if class == "ortho" then  -- F = φ(Uᵀx), U m×r orthonormal
    local U = ls.randn(m, r, rng):svd()
    local c = ls.rand(1, phi:size(), rng)
    F = function(X) return phi:eval(X * U) * c:T() end
    deg = d
  else  -- quad: F = φ(‖x − c_1‖², …, ‖x − c_r‖²), centers uniform in the box
    local C = ls.rand(r, m, rng) * 2 - 1
    local c = ls.rand(1, phi:size(), rng)
    F = function(X)
      local D = ls.zeros(X:rows(), r)
      for j = 1, r do
        local diff = X - ls.ones(X:rows(), 1) * C:row(j)
        D:set_block(1, j, (diff:map(function(v) return v * v end) * ls.ones(m, 1)))
      end
      return phi:eval(D) * c:T()
    end
    deg = 2 * d
  end
  local B = ls.basis.poly(m, deg)
  local k = B:size()
  -- exact coefficients: F lies in span poly(m, deg); fit on 2k points
  local Xfit = ls.rand(2 * k, m, rng) * 2 - 1
  local Wtrue = B:eval(Xfit):lstsq(F(Xfit)):T()
  local g = (alg == "t") and ls.lie.t(m) or ls.lie.se(m)
  local Ns = core.poly_count(m, (alg == "t") and deg - 1 or deg) + 1
  local Xs = ls.rand(Ns, m, rng) * 2 - 1
  local op = ls.lieder.model(B, g:orthonormal(), {points = Xs, weights = ls.ones(Ns, 1)})
  local pool = ls.rand(k + 1, m, rng) * 2 - 1
  return {op = op, pool = pool, Y = F(pool), Wtrue = Wtrue, k = k}
end
