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

local function report(title, B, W)
  local n = W:rows()
  local op = ls.lieder.model(B, ls.lie.gl(n), {output_action = "tangent"})
  local h = op:discover(W)
  local info = h:spectrum()  -- the singular values of B(W), the rank kept, the gap at the cut
  print(("%s: %d symmetries in gl(%d) (smallest kept singular value / largest = %.2g, gap %.2g)")
        :format(title, h:dim(), n, info.values[info.rank] / info.values[1], info.gap))
  for i, A in ipairs(h:generators{echelon = true}) do print(("  A%d = %s"):format(i, mat_string(A))) end
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
