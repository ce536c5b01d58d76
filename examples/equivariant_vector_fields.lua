-- Equivariant vector fields: enforce a symmetry on a vector-valued model.
--
-- With output_action = "tangent" the model F(x) = W·φ(x) is a vector field
-- on R^m (W is m×k) and the Lie derivative is the bracket [v_ξ, F]: its
-- nullspace is the fields that commute with the group, F(g x) = g F(x).
-- The fields are printed component by component, in reduced row-echelon
-- form.
--   run from the checkout, after `make`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/equivariant_vector_fields.lua
local ls = require "liesym"

-- W is vectorised column-major: coordinate (j-1)·m + o is output o of
-- monomial j; pivots go through the monomials highest degree first
local function field_order(B, m)
  local order = {}
  for _, j in ipairs(ls.basis.descending(B)) do
    for o = 1, m do order[#order + 1] = (j - 1) * m + o end
  end
  return order
end

local function show(title, B, S)
  local m = B:vars()
  print(("%s: dim %d of %d fields"):format(title, S:dim(), m * B:size()))
  local E = ls.echelon(S:basis(), field_order(B, m))
  for i = 1, E:cols() do  -- lowest degree first
    local W, comps = E:col(E:cols() + 1 - i):reshape(m, B:size()), {}
    for o = 1, m do comps[o] = ls.basis.format(B, W:row(o)) end
    print(("  f%d = (%s)"):format(i, table.concat(comps, ", ")))
  end
end

-- 1. Fields on the plane of degree <= 3 that commute with rotations:
-- a(r^2) x + b(r^2) J x, J the rotation by 90 degrees.
local B2 = ls.basis.poly(2, 3)
local op2 = ls.lieder.model(B2, ls.lie.so(2), {output_action = "tangent"})
show("SO(2)-equivariant vector fields on R^2 of degree <= 3", B2, ls.enforce(op2))

-- 2. Adding a reflection (O(2)) removes the rotational part J x.
local reflect = ls.matrix{{1, 0}, {0, -1}}
show("O(2)-equivariant vector fields on R^2 of degree <= 3", B2,
     ls.enforce(op2, {discrete = {reflect}}))

-- 3. In space, rotations leave only the radial fields a(r^2) x.
local B3 = ls.basis.poly(3, 3)
local S3 = ls.enforce(ls.lieder.model(B3, ls.lie.so(3), {output_action = "tangent"}))
show("SO(3)-equivariant vector fields on R^3 of degree <= 3", B3, S3)

-- check one: F(R x) = R F(x) for a random element of the subspace and a
-- random rotation R
local W = S3:sample(ls.rng(2)):reshape(3, B3:size())
local R = ls.lie.so(3):exp{0.4, -1.1, 0.7}
local X = ls.randn(5, 3, ls.rng(3))
local err = (ls.predict(B3, W, X * R:T()) - ls.predict(B3, W, X) * R:T()):norm()
print(("  a random one at 5 points: |F(R x) - R F(x)| = %.1e"):format(err))
