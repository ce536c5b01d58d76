-- Fit with a symmetry enforced: least squares inside the subspace from
-- ls.enforce beats the unconstrained fit when samples are few.
--
-- The target f(x) = exp(-|x|^2) on [-1,1]^3 is rotation-invariant.  The
-- model is a polynomial of degree <= 4 in 3 variables (35 coefficients);
-- the SO(3)-invariant ones form a 3-dimensional subspace (1, r^2, r^4).
-- ls.fit(S, X, Y) solves the least-squares problem over S; the
-- unconstrained fit is the same call on the operator of the trivial
-- algebra (all 35 coefficients free; minimum-norm when underdetermined).
--   run from the checkout, after `make`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/fit_with_symmetry.lua
local ls = require "liesym"

local m = 3
local B = ls.basis.poly(m, 4)
local S = ls.enforce(ls.lieder.model(B, ls.lie.so(m)))      -- invariant models
local free = ls.enforce(ls.lieder.model(B, ls.lie.zero(m)))  -- all models
print(("model: polynomials of degree <= 4 on R^%d, %d coefficients; SO(%d)-invariant: %d")
      :format(m, free:dim(), m, S:dim()))

local function target(X)
  local Y = ls.zeros(X:rows(), 1)
  for i = 1, X:rows() do
    local r2 = 0
    for j = 1, m do r2 = r2 + X:get(i, j) ^ 2 end
    Y:set(i, 1, math.exp(-r2))
  end
  return Y
end

local rng = ls.rng(5)
local function uniform(N) return ls.rand(N, m, rng) * 2 - ls.ones(N, m) end
local Xtest = uniform(2000)
local Ytest = target(Xtest)
local function rms(W)
  return (ls.predict(B, W, Xtest) - Ytest):norm() / math.sqrt(Xtest:rows())
end

print("training points (noise 0.01) | test RMS error: unconstrained | SO(3) enforced")
for _, N in ipairs{15, 40, 100} do
  local X = uniform(N)
  local Y = target(X) + 0.01 * ls.randn(N, 1, rng)
  local e_free, e_sym = rms(ls.fit(free, X, Y)), rms(ls.fit(S, X, Y))
  print(("%28d | %29.4f | %14.4f"):format(N, e_free, e_sym))
end
