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

-- the total degree of a monomial named like "x1^2*x3" (B:names())
local function degree(name)
  if name == "1" then return 0 end
  local d = 0
  for factor in name:gmatch("[^*]+") do d = d + (tonumber(factor:match("%^(%d+)$")) or 1) end
  return d
end

-- monomial indices, highest degree first
local function descending(names)
  local idx = {}
  for j = 1, #names do idx[j] = j end
  table.sort(idx, function(a, b)
    local da, db = degree(names[a]), degree(names[b])
    if da ~= db then return da > db end
    return a < b
  end)
  return idx
end

-- the basis vectors (columns of Q) in reduced row-echelon form, pivots
-- taken in `order` (an entry below 1% of the largest left is no pivot:
-- noise); each returned vector is a Lua list
local function rref(Q, order)
  local rows, big = {}, 0
  for i = 1, Q:cols() do
    rows[i] = {}
    for j = 1, Q:rows() do
      rows[i][j] = Q:get(j, i)
      big = math.max(big, math.abs(rows[i][j]))
    end
  end
  local r = 1
  for _, c in ipairs(order) do
    if r > #rows then break end
    local p = r
    for i = r + 1, #rows do
      if math.abs(rows[i][c]) > math.abs(rows[p][c]) then p = i end
    end
    if math.abs(rows[p][c]) > 1e-2 * big then
      rows[r], rows[p] = rows[p], rows[r]
      local pivot = rows[r][c]
      for j = 1, #rows[r] do rows[r][j] = rows[r][j] / pivot end
      for i = 1, #rows do
        local f = rows[i][c]
        if i ~= r and f ~= 0 then
          for j = 1, #rows[i] do rows[i][j] = rows[i][j] - f * rows[r][j] end
        end
      end
      r = r + 1
      big = 0
      for i = r, #rows do
        for j = 1, #rows[i] do big = math.max(big, math.abs(rows[i][j])) end
      end
    end
  end
  return rows
end

-- "x1^2 + x2^2 - 1" from coefficients c[j] of the monomials names[j]
local function poly_string(c, names)
  local s = ""
  for _, j in ipairs(descending(names)) do
    local v = c[j]
    if math.abs(v) > 1e-9 then
      local coef = ("%.4g"):format(math.abs(v))
      local term = (names[j] == "1") and coef
                   or (coef == "1" and names[j] or coef .. "*" .. names[j])
      if s == "" then s = (v < 0 and "-" or "") .. term
      else s = s .. (v < 0 and " - " or " + ") .. term end
    end
  end
  return s == "" and "0" or s
end

-- W is vectorised column-major: coordinate (j-1)·m + o is output o of
-- monomial j; pivots go through the monomials highest degree first
local function field_order(names, m)
  local order = {}
  for _, j in ipairs(descending(names)) do
    for o = 1, m do order[#order + 1] = (j - 1) * m + o end
  end
  return order
end

local function show(title, B, S)
  local m, names = B:vars(), B:names()
  print(("%s: dim %d of %d fields"):format(title, S:dim(), m * B:size()))
  local rows = rref(S:basis(), field_order(names, m))
  for i = 1, #rows do  -- lowest degree first
    local v, comps = rows[#rows + 1 - i], {}
    for o = 1, m do
      local c = {}
      for j = 1, #names do c[j] = v[(j - 1) * m + o] end
      comps[o] = poly_string(c, names)
    end
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
