-- Discover the symmetries of a dynamical system x' = f(x).
--
-- The field f is a model W·φ(x) with output_action = "tangent"; op:discover(W)
-- returns the generators A of the candidate algebra (here gl(n): all linear
-- changes of variables) whose flows commute with f, [A x, f] = 0 — the
-- nullspace of ξ ↦ L_ξ f.  Discrete symmetries are invisible to the Lie
-- derivative: they are checked with enforce's `discrete` option instead.
--   run from the checkout, after `make`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/discover_dynamics.lua
local ls = require "liesym"

-- the parameters W (n×k) of a field given as {{["x1"] = c, ...}, ...}, one
-- table per component, keyed by the basis' monomial names
local function field(B, components)
  local index = {}
  for j, name in ipairs(B:names()) do index[name] = j end
  local W = ls.zeros(#components, B:size())
  for o, terms in ipairs(components) do
    for name, c in pairs(terms) do W:set(o, assert(index[name], name), c) end
  end
  return W
end

-- "[[0, -1], [1, 0]]", entries rounded, -0 and rounding noise shown as 0
local function mat_string(M)
  local rows = {}
  for i = 1, M:rows() do
    local r = {}
    for j = 1, M:cols() do
      local v = M:get(i, j)
      r[j] = math.abs(v) < 1e-9 and "0" or ("%.4g"):format(v)
    end
    rows[i] = "[" .. table.concat(r, ", ") .. "]"
  end
  return "[" .. table.concat(rows, ", ") .. "]"
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

-- the generators found, as a basis in reduced row-echelon form (entries
-- row by row as pivots), so that they read cleanly
local function readable(h)
  local gens = h:generators()
  if #gens == 0 then return {} end
  local n = gens[1]:rows()
  local cols, order = {}, {}
  for i, G in ipairs(gens) do cols[i] = G:T():reshape(n * n, 1) end
  for j = 1, n * n do order[j] = j end
  local out = {}
  for i, v in ipairs(rref(ls.hcat(cols), order)) do
    local M = ls.zeros(n, n)
    for a = 1, n do for b = 1, n do M:set(a, b, v[(a - 1) * n + b]) end end
    out[i] = M
  end
  return out
end

local function report(title, B, W)
  local n = W:rows()
  local op = ls.lieder.model(B, ls.lie.gl(n), {output_action = "tangent"})
  local h = op:discover(W)
  local info = h:spectrum()  -- the singular values of B(W), the rank kept, the gap at the cut
  print(("%s: %d symmetries in gl(%d) (smallest kept singular value / largest = %.2g, gap %.2g)")
        :format(title, h:dim(), n, info.values[info.rank] / info.values[1], info.gap))
  for i, A in ipairs(readable(h)) do print(("  A%d = %s"):format(i, mat_string(A))) end
  return h
end

local P2 = ls.basis.poly(2, 1)   -- linear fields on R^2
report("harmonic oscillator x1' = x2, x2' = -x1", P2,
       field(P2, {{x2 = 1}, {x1 = -1}}))
report("x' = diag(1, 2) x", P2, field(P2, {{x1 = 1}, {x2 = 2}}))

-- Lorenz: sigma = 10, rho = 28, beta = 8/3
local P3 = ls.basis.poly(3, 2)
local lorenz = field(P3, {{x1 = -10, x2 = 10},
                          {x1 = 28, x2 = -1, ["x1*x3"] = -1},
                          {["x1*x2"] = 1, x3 = -8 / 3}})
report("Lorenz", P3, lorenz)

-- its discrete symmetry (x, y, z) -> (-x, -y, z): enforce the Z2 on all
-- quadratic fields (no Lie algebra: ls.lie.zero(3)) and project Lorenz
local fields = ls.lieder.model(P3, ls.lie.zero(3), {output_action = "tangent"})
local w = lorenz:reshape(3 * P3:size(), 1)
for _, g in ipairs{{"(x, y, z) -> (-x, -y, z)", ls.diag{-1, -1, 1}},
                   {"(x, y, z) -> (x, y, -z)", ls.diag{1, 1, -1}}} do
  local S = ls.enforce(fields, {discrete = {g[2]}})
  print(("  Z2 %s: %d of %d quadratic fields commute with it; Lorenz off that subspace by %.3g")
        :format(g[1], S:dim(), S:ambient_dim(), (S:project(w) - w):norm() / w:norm()))
end

-- |x|^2 x in R^3: equivariant exactly under the rotations so(3)
local C3 = ls.basis.poly(3, 3)
report("x' = |x|^2 x", C3, field(C3, {
  {["x1^3"] = 1, ["x1*x2^2"] = 1, ["x1*x3^2"] = 1},
  {["x1^2*x2"] = 1, ["x2^3"] = 1, ["x2*x3^2"] = 1},
  {["x1^2*x3"] = 1, ["x2^2*x3"] = 1, ["x3^3"] = 1}}))
