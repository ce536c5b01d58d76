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

local function show(title, B, S)
  print(("%s: dim %d of %d polynomials"):format(title, S:dim(), B:size()))
  local names = B:names()
  local rows = rref(S:basis(), descending(names))
  for i = 1, #rows do  -- lowest degree first
    print(("  p%d = %s"):format(i, poly_string(rows[#rows + 1 - i], names)))
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
