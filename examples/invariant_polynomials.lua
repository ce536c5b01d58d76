-- Invariant polynomials: enforce a symmetry on the model F(x) = W·φ(x).
--
-- ls.lieder.model(basis, algebra) is the Lie-derivative operator of the
-- models W·φ; ls.enforce(op) is the subspace of W whose model is invariant
-- (L_ξ F = 0 for every generator ξ, and F(g x) = F(x) for each discrete g in
-- opts.discrete).  The basis is printed in reduced row-echelon form so that
-- each polynomial reads cleanly.
--   run from the checkout, after `make`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/invariant_polynomials.lua
local ls = require "liesym"

local function show(title, B, S)
  print(("%s: dim %d of %d polynomials"):format(title, S:dim(), B:size()))
  local E = ls.echelon(S:basis(), ls.basis.descending(B))
  for i = 1, E:cols() do  -- lowest degree first
    print(("  p%d = %s"):format(i, ls.basis.format(B, E:col(E:cols() + 1 - i))))
  end
end

-- 1. Rotations of the plane: the invariants are polynomials in r^2.
local B2 = ls.basis.poly(2, 4)
show("SO(2)-invariant polynomials on R^2 of degree <= 4", B2,
     ls.enforce(ls.lieder.model(B2, ls.lie.so(2))))

-- 2. Rotations of space, exact mode (the L2 inner product on [-1,1]^3,
-- no sample points) and sampled mode (the Lie derivative at 60 random
-- points): the same invariants.
local B3 = ls.basis.poly(3, 4)
local exact = ls.enforce(ls.lieder.model(B3, ls.lie.so(3)))
show("SO(3)-invariant polynomials on R^3 of degree <= 4", B3, exact)
local X = ls.rand(60, 3, ls.rng(1)) * 2 - ls.ones(60, 3)
local sampled = ls.enforce(ls.lieder.model(B3, ls.lie.so(3), {points = X}))
local diff = (sampled:project(exact:basis()) - exact:basis()):norm()
print(("  sampled mode (60 points): dim %d, |P_sampled Q_exact - Q_exact| = %.1e")
      :format(sampled:dim(), diff))

-- 3. A finite group, given by discrete generators only: the symmetries of
-- the square (D4: a reflection and the swap x1 <-> x2), no Lie algebra.
local reflect = ls.matrix{{-1, 0}, {0, 1}}
local swap = ls.matrix{{0, 1}, {1, 0}}
show("D4-invariant polynomials (symmetries of the square) of degree <= 4", B2,
     ls.enforce(ls.lieder.model(B2, ls.lie.zero(2)), {discrete = {reflect, swap}}))
