-- ls.field: grids, quadrature, sampling, derivatives and the algebra's
-- generators on sampled fields. Checks against closed forms: integrals
-- of trigonometric and polynomial fields, spectral derivatives exact on
-- band-limited fields, finite differences exact on polynomials of their
-- order, the rotation generator on a decaying field, the fiber term of a
-- vector action, and the Nyquist mode's eigenvalue.
local ls = require "liesym"
local support = require "spec.support"

local pi = math.pi

describe("ls.field.grid", function()
  it("has the points, weights and size of its box", function()
    local g = ls.field.grid{n = 8}
    assert.are.equal(8, g:size())
    assert.are.equal(1, g:dim())
    local X = g:points()
    support.assert_small(math.abs(X:get(2, 1) - 2 * pi / 8), 1e-15, "periodic step")
    support.assert_small(math.abs(g:weights():sum() - 2 * pi), 1e-13, "period")
    local c = ls.field.grid{n = {5, 4}, box = {{-1, 1}, {0, 3}}, periodic = false}
    assert.are.same({5, 4}, {c:shape()})
    local P = c:points()
    assert.are.equal(20, P:rows())
    support.assert_small(math.abs(P:get(2, 1) - (-0.5)), 1e-15, "axis 1 fastest")
    support.assert_small(math.abs(P:get(6, 2) - 1), 1e-15, "axis 2 step")
    support.assert_small(math.abs(c:weights():sum() - 6), 1e-13, "area")
  end)

  it("integrates band-limited fields exactly (periodic) and linear ones (trapezoid)", function()
    local g = ls.field.grid{n = {16, 12}, box = {{0, 2 * pi}, {0, 2 * pi}}}
    local u = g:sample(function(x, y) return math.sin(x) ^ 2 * math.cos(y) ^ 2 end)
    support.assert_small(math.abs(g:integrate(u):get(1, 1) - pi * pi), 1e-12, "sin^2 cos^2")
    local c = ls.field.grid{n = 11, box = {0, 2}, periodic = false}
    local v = c:sample(function(x) return 3 * x + 1 end)
    support.assert_small(math.abs(c:integrate(v):get(1, 1) - 8), 1e-13, "linear")
  end)

  it("samples functions of several components", function()
    local g = ls.field.grid{n = {4, 3}}
    local U = g:sample(function(x, y) return x, y, x * y end, 3)
    assert.are.same({12, 3}, {U:shape()})
    local P = g:points()
    support.assert_small(math.abs(U:get(7, 3) - P:get(7, 1) * P:get(7, 2)), 1e-15, "x y")
  end)

  it("differentiates spectrally (periodic) and by finite differences (closed)", function()
    local g = ls.field.grid{n = 24, box = {0, 2 * pi}}
    local u = g:sample(function(x) return math.sin(3 * x) + math.cos(5 * x) end)
    local du = g:sample(function(x) return 3 * math.cos(3 * x) - 5 * math.sin(5 * x) end)
    support.assert_small((g:derivative(1) * u - du):norm("max"), 1e-12, "spectral")
    for _, order in ipairs{2, 4, 6} do
      local c = ls.field.grid{n = 15, box = {-1, 2}, periodic = false, order = order}
      local p = c:sample(function(x) return x ^ order - 2 * x + 1 end)
      local dp = c:sample(function(x) return order * x ^ (order - 1) - 2 end)
      support.assert_small((c:derivative(1) * p - dp):norm("max"), 1e-9, "order " .. order)
    end
  end)

  it("gives the Nyquist mode the eigenvalue pi n / L, or 0 with nyquist = \"zero\"", function()
    local n = 10
    local nu = ls.zeros(n, 1)
    for i = 1, n do nu:set(i, 1, (-1) ^ (i - 1)) end
    local g = ls.field.grid{n = n, box = {0, 4}}
    support.assert_small((g:derivative(1) * nu - nu * (pi * n / 4)):norm(), 1e-12, "mode")
    local z = ls.field.grid{n = n, box = {0, 4}, nyquist = "zero"}
    support.assert_small((z:derivative(1) * nu):norm(), 1e-12, "zero")
    -- fields without a Nyquist component: the same derivative
    local u = g:sample(function(x) return math.sin(2 * pi * x / 4) end)
    support.assert_small((g:derivative(1) * u - z:derivative(1) * u):norm(), 1e-12, "same")
  end)

  it("shifts fields of a periodic grid by whole cells", function()
    local g = ls.field.grid{n = {4, 3}}
    local u = g:sample(function(x, y) return 10 * x + y end)
    local P = g:shift(2, 1)
    local v = P * u
    -- (P u)(x) = u(x - h e_2): row 4 + 1 (x = 0, second y) holds u at the first y
    support.assert_small(math.abs(v:get(5, 1) - u:get(1, 1)), 1e-15, "shift")
    support.assert_small((P:T() * P - ls.eye(12)):norm(), 0, "a permutation")
  end)

  it("refuses bad grids", function()
    for _, bad in ipairs{{}, {n = 0}, {n = {4, 4, 4}}, {n = 4.5}, {n = 8, box = {1, 0}},
                         {n = 8, periodic = 1}, {n = 8, order = 4},
                         {n = 2, periodic = false}, {n = 9, periodic = false, order = 3},
                         {n = 8, nyquist = "half"}, {n = 8, spacing = 1}} do
      local err = support.error_of(ls.field.grid, bad)
      assert.truthy(err:find("'grid'", 1, true), err)
    end
    local g = ls.field.grid{n = 8}
    assert.truthy(support.error_of(g.derivative, g, 2):find("axis", 1, true))
    assert.truthy(support.error_of(g.sample, g, 3):find("function expected", 1, true))
    assert.truthy(support.error_of(g.sample, g, function() return "a" end):find("number", 1, true))
    assert.truthy(support.error_of(g.integrate, g, ls.ones(3, 1)):find("8 rows", 1, true))
    local c = ls.field.grid{n = 8, periodic = false}
    assert.truthy(support.error_of(c.shift, c, 1, 1):find("not periodic", 1, true))
  end)
end)

describe("ls.field.generators", function()
  it("are the derivative along a translation", function()
    local g = ls.field.grid{n = 16}
    local D = ls.field.generators(g, ls.lie.t(1))[1]
    support.assert_small((D - g:derivative(1)):norm(), 1e-13, "t(1)")
  end)

  it("give -y u_x + x u_y for the rotation, on a field decaying inside the box", function()
    local g = ls.field.grid{n = {48, 48}, box = {{-7, 7}, {-7, 7}}}
    local D = ls.field.generators(g, ls.lie.so(2))[1]
    local u = g:sample(function(x, y) return x * math.exp(-(x * x + y * y)) end)
    local du = g:sample(function(x, y) return -y * math.exp(-(x * x + y * y)) end)
    support.assert_small((D * u - du):norm("max"), 1e-9, "rotation")
  end)

  it("add the fiber term -drho(xi) u of a vector action", function()
    local g = ls.field.grid{n = {48, 48}, box = {{-6, 6}, {-6, 6}}}
    local V = ls.action.V(ls.group.SO(2))
    local D = ls.field.generators(g, ls.lie.so(2), {action = V})[1]
    -- the rotation field u(x) = J x e^{-|x|^2} is invariant: D u = 0
    local u = g:sample(function(x, y)
      local e = math.exp(-(x * x + y * y))
      return -y * e, x * e
    end, 2)
    local du = D * u:reshape(2 * g:size(), 1)
    support.assert_small(du:norm("max"), 1e-9, "invariant vector field")
    -- a constant field is not: D e1 = -J e1 = -e2 (times the bump)
    local w = g:sample(function(x, y) return math.exp(-(x * x + y * y)), 0 end, 2)
    assert.is_true((D * w:reshape(2 * g:size(), 1)):norm() > 0.1)
  end)

  it("refuse what they cannot take", function()
    local g = ls.field.grid{n = 8}
    assert.truthy(support.error_of(ls.field.generators, "g", ls.lie.t(1)):find("grid expected", 1, true))
    assert.truthy(support.error_of(ls.field.generators, g, ls.lie.t(2)):find("R^1", 1, true))
    assert.truthy(support.error_of(ls.field.generators, g, ls.lie.t(1), {action = 1}):find("action", 1, true))
    assert.truthy(support.error_of(ls.field.generators, g, ls.lie.t(1), {fiber = 1}):find("fiber", 1, true))
  end)
end)
