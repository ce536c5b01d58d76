-- Function bases (polynomial, Fourier, custom) and the exact coefficient
-- matrices on polynomial spaces, checked against direct Lua evaluation of
-- the monomials and trigonometric products, finite differences and exact
-- moments.
local ls = require "liesym"
local core = require "liesym.core"
local support = require "spec.support"

local poly, fourier = ls.basis.poly, ls.basis.fourier

-- {======================================================
-- Independent references, in plain Lua
-- ======================================================

local function binomial(n, k)
  local c = 1
  for i = 1, k do c = c * (n - k + i) // i end
  return c
end

-- exponent vectors of all monomials of degree <= d in m variables, graded,
-- and within a degree a larger exponent of an earlier variable first
local function exponents(m, d)
  local out = {}
  local cur = {}
  local function rec(j, left)
    if j == m then
      cur[m] = left
      out[#out + 1] = table.move(cur, 1, m, 1, {})
      return
    end
    for a = left, 0, -1 do
      cur[j] = a
      rec(j + 1, left - a)
    end
  end
  for t = 0, d do rec(1, t) end
  return out
end

local function monomial_name(a)
  local parts = {}
  for j, e in ipairs(a) do
    if e == 1 then parts[#parts + 1] = "x" .. j
    elseif e > 1 then parts[#parts + 1] = ("x%d^%d"):format(j, e) end
  end
  return #parts == 0 and "1" or table.concat(parts, "*")
end

local function monomial(x, a)
  local v = 1
  for j, e in ipairs(a) do v = v * x[j] ^ e end
  return v
end

-- ∂/∂x_j of x^a
local function monomial_derivative(x, a, j)
  if a[j] == 0 then return 0 end
  local v = a[j]
  for i, e in ipairs(a) do
    v = v * x[i] ^ (i == j and e - 1 or e)
  end
  return v
end

local function point(X, p)
  local x = {}
  for j = 1, X:cols() do x[j] = X:get(p, j) end
  return x
end

-- polynomial with coefficients c (k×1) in the basis `exps`, at x
local function poly_value(exps, c, x)
  local v = 0
  for b, a in ipairs(exps) do v = v + c:get(b) * monomial(x, a) end
  return v
end

local function poly_gradient(exps, c, x)
  local g = {}
  for j = 1, #x do
    local s = 0
    for b, a in ipairs(exps) do s = s + c:get(b) * monomial_derivative(x, a, j) end
    g[j] = s
  end
  return g
end

-- Fourier factor indices of the k = (2K+1)^m functions, first coordinate slowest
local function fourier_indices(m, K)
  local base = 2 * K + 1
  local out = {}
  for i = 0, base ^ m - 1 do
    local f, r = {}, math.tointeger(i)
    for j = m, 1, -1 do
      f[j] = r % base
      r = r // base
    end
    out[#out + 1] = f
  end
  return out
end

local function factor(f, t)
  if f == 0 then return 1 end
  local w = (f + 1) // 2
  return (f % 2 == 1) and math.cos(w * t) or math.sin(w * t)
end

local function fourier_name(fs)
  local parts = {}
  for j, f in ipairs(fs) do
    if f > 0 then
      local w = (f + 1) // 2
      local fn = (f % 2 == 1) and "cos" or "sin"
      parts[#parts + 1] = (w == 1) and ("%s(x%d)"):format(fn, j)
                                    or ("%s(%d*x%d)"):format(fn, w, j)
    end
  end
  return #parts == 0 and "1" or table.concat(parts, "*")
end

local uniform_points = support.uniform_points

-- largest |A − B| relative to max(1, largest |B|)
local function rel_err(A, B)
  return (A - B):norm("max") / math.max(1, B:norm("max"))
end

local error_of = support.error_of

-- central finite differences of eval: a (N·k)×m matrix in the jacobian layout
local function fd_jacobian(B, X, h)
  local N, m, k = X:rows(), X:cols(), B:size()
  local J = ls.zeros(N * k, m)
  for j = 1, m do
    local Xp, Xm = X:copy(), X:copy()
    for p = 1, N do
      Xp:set(p, j, X:get(p, j) + h)
      Xm:set(p, j, X:get(p, j) - h)
    end
    local D = (B:eval(Xp) - B:eval(Xm)) * (1 / (2 * h))
    for p = 1, N do
      for i = 1, k do J:set((p - 1) * k + i, j, D:get(p, i)) end
    end
  end
  return J
end

-- }======================================================

describe("poly basis", function()
  it("has C(m+d, d) functions", function()
    for _, md in ipairs{{1, 0}, {1, 5}, {2, 2}, {2, 4}, {3, 3}, {4, 2}, {5, 3}, {6, 1}} do
      local m, d = md[1], md[2]
      local B = poly(m, d)
      assert.are.equal(binomial(m + d, d), B:size(), ("poly(%d,%d)"):format(m, d))
      assert.are.equal(m, B:vars())
      assert.are.equal(binomial(m + d, d), core.poly_count(m, d))
      assert.are.equal(d, ls.basis.poly_degree(B))
    end
  end)

  it("names are graded, lexicographic within a degree", function()
    assert.are.same({"1", "x1", "x2", "x1^2", "x1*x2", "x2^2"}, poly(2, 2):names())
    assert.are.same({"1", "x1", "x2", "x3", "x1^2", "x1*x2", "x1*x3", "x2^2", "x2*x3", "x3^2"},
                    poly(3, 2):names())
    assert.are.same({"1", "x1", "x1^2", "x1^3"}, poly(1, 3):names())
    -- and the same order as the plain-Lua enumeration, with its exponents
    for _, md in ipairs{{2, 4}, {3, 3}, {4, 2}} do
      local B = poly(md[1], md[2])
      local exps, names = exponents(md[1], md[2]), B:names()
      local E = B:exponents()
      assert.are.equal(#exps, #names)
      for i, a in ipairs(exps) do
        assert.are.equal(monomial_name(a), names[i])
        for j = 1, md[1] do assert.are.equal(a[j], E:get(i, j)) end
      end
    end
  end)

  it("eval matches the monomials evaluated in Lua", function()
    for _, md in ipairs{{2, 3}, {3, 4}, {1, 6}} do
      local m, d = md[1], md[2]
      local B = poly(m, d)
      local X = uniform_points(20, m, 11 + m, 1.5)
      local Phi = B:eval(X)
      assert.are.same({20, B:size()}, {Phi:shape()})
      local exps = exponents(m, d)
      local worst = 0
      for p = 1, X:rows() do
        local x = point(X, p)
        for i, a in ipairs(exps) do
          local ref = monomial(x, a)
          worst = math.max(worst, math.abs(Phi:get(p, i) - ref) / math.max(1, math.abs(ref)))
        end
      end
      assert.is_true(worst <= 1e-14, ("poly(%d,%d): eval error %g"):format(m, d, worst))
    end
  end)

  it("jacobian matches finite differences and the analytic derivative", function()
    for _, md in ipairs{{2, 3}, {3, 3}} do
      local m, d = md[1], md[2]
      local B = poly(m, d)
      local X = uniform_points(8, m, 21 + m)
      local J = B:jacobian(X)
      local k = B:size()
      assert.are.same({8 * k, m}, {J:shape()})
      local efd = (J - fd_jacobian(B, X, 1e-6)):norm("max")
      assert.is_true(efd <= 1e-7, ("poly(%d,%d): finite-difference error %g"):format(m, d, efd))
      local exps = exponents(m, d)
      local worst = 0
      for p = 1, X:rows() do
        local x = point(X, p)
        for i, a in ipairs(exps) do
          for j = 1, m do
            local ref = monomial_derivative(x, a, j)
            worst = math.max(worst, math.abs(J:get((p - 1) * k + i, j) - ref))
          end
        end
      end
      assert.is_true(worst <= 1e-14, ("poly(%d,%d): analytic error %g"):format(m, d, worst))
    end
  end)

  it("jacobian layout: block p is the Jacobian at point p alone", function()
    local B = poly(3, 2)
    local k = B:size()
    local X = uniform_points(5, 3, 31)
    local J = B:jacobian(X)
    for p = 1, 5 do
      local Jp = B:jacobian(X:row(p))
      assert.are.same({k, 3}, {Jp:shape()})
      assert.are.equal(Jp, J:sub((p - 1) * k + 1, p * k, 1, 3))
    end
    -- rows of x2 at a point: d/dx2 of (1, x1, x2, x3, x1^2, x1x2, x1x3, x2^2, x2x3, x3^2)
    local x = point(X, 2)
    local ref = {0, 0, 1, 0, 0, x[1], 0, 2 * x[2], x[3], 0}
    for i = 1, k do
      assert.is_true(math.abs(J:get(k + i, 2) - ref[i]) <= 1e-15)
    end
  end)
end)

describe("fourier basis", function()
  it("has (2K+1)^m functions with the documented names", function()
    for _, mK in ipairs{{1, 0}, {1, 3}, {2, 1}, {2, 2}, {3, 1}} do
      local m, K = mK[1], mK[2]
      local B = fourier(m, K)
      assert.are.equal(math.tointeger((2 * K + 1) ^ m), B:size())
      assert.are.equal(m, B:vars())
      assert.is_nil(ls.basis.poly_degree(B))
      local names = B:names()
      for i, fs in ipairs(fourier_indices(m, K)) do
        assert.are.equal(fourier_name(fs), names[i])
      end
    end
    assert.are.same({"1", "cos(x1)", "sin(x1)", "cos(2*x1)", "sin(2*x1)"}, fourier(1, 2):names())
    assert.are.same({"1", "cos(x2)", "sin(x2)", "cos(x1)", "cos(x1)*cos(x2)", "cos(x1)*sin(x2)",
                     "sin(x1)", "sin(x1)*cos(x2)", "sin(x1)*sin(x2)"}, fourier(2, 1):names())
  end)

  it("eval matches math.cos and math.sin", function()
    local m, K = 2, 2
    local B = fourier(m, K)
    local X = uniform_points(15, m, 41, math.pi)
    local Phi = B:eval(X)
    local worst = 0
    for p = 1, X:rows() do
      for i, fs in ipairs(fourier_indices(m, K)) do
        local ref = 1
        for j = 1, m do ref = ref * factor(fs[j], X:get(p, j)) end
        worst = math.max(worst, math.abs(Phi:get(p, i) - ref))
      end
    end
    assert.is_true(worst <= 1e-14, "eval error " .. worst)
  end)

  it("jacobian matches finite differences", function()
    for _, mK in ipairs{{2, 2}, {3, 1}} do
      local B = fourier(mK[1], mK[2])
      local X = uniform_points(6, mK[1], 43, math.pi)
      local J = B:jacobian(X)
      assert.are.same({6 * B:size(), mK[1]}, {J:shape()})
      local e = (J - fd_jacobian(B, X, 1e-6)):norm("max")
      assert.is_true(e <= 1e-7, "finite-difference error " .. e)
    end
  end)
end)

describe("custom basis", function()
  local P = poly(2, 3)

  it("wrapping poly gives identical eval and jacobian", function()
    local C = ls.basis.custom{m = 2, size = P:size(),
                              eval = function(X) return P:eval(X) end,
                              jacobian = function(X) return P:jacobian(X) end}
    assert.is_true(ls.basis.is_basis(C))
    assert.are.equal(P:size(), C:size())
    assert.are.equal(2, C:vars())
    assert.is_nil(ls.basis.poly_degree(C))
    assert.are.equal("phi3", C:names()[3])
    local X = uniform_points(7, 2, 51)
    assert.are.equal(P:eval(X), C:eval(X))
    assert.are.equal(P:jacobian(X), C:jacobian(X))
    local W = ls.randn(2, P:size(), ls.rng(52))
    assert.are.equal(ls.predict(P, W, X), ls.predict(C, W, X))
  end)

  it("a callback returning the wrong shape is an error", function()
    local X = uniform_points(4, 2, 53)
    local bad_eval = ls.basis.custom{m = 2, size = P:size(),
                                     eval = function(Y) return P:eval(Y):T() end,
                                     jacobian = function(Y) return P:jacobian(Y) end}
    assert.matches("custom basis: eval returned 10x4, a 4x10 matrix expected",
                   error_of(bad_eval.eval, bad_eval, X), 1, true)
    local bad_jac = ls.basis.custom{m = 2, size = P:size(),
                                    eval = function(Y) return P:eval(Y) end,
                                    jacobian = function(Y) return P:jacobian(Y:sub(1, 2, 1, 2)) end}
    assert.matches("custom basis: jacobian returned 20x2, a 40x2 matrix expected",
                   error_of(bad_jac.jacobian, bad_jac, X), 1, true)
    local not_matrix = ls.basis.custom{m = 2, size = 3, eval = function() return 42 end,
                                       jacobian = function() return {} end}
    assert.matches("eval returned number", error_of(not_matrix.eval, not_matrix, X))
    assert.matches("jacobian returned table", error_of(not_matrix.jacobian, not_matrix, X))
    assert.matches("with 2 columns", error_of(not_matrix.eval, not_matrix, ls.zeros(3, 3)))
    assert.matches("'custom'", error_of(ls.basis.custom, {m = 0, size = 3,
                                        eval = print, jacobian = print}))
    assert.matches("'custom'", error_of(ls.basis.custom, {m = 2, size = 3, eval = print}))
  end)
end)

describe("exact coefficient matrices", function()
  -- the rotation field v = (−x2, x1): columns 1, x1, x2 of P_1
  local ROT = ls.matrix{{0, 0, -1}, {0, 1, 0}}

  it("poly_field_matrix of the rotation field on P_2", function()
    local E = core.poly_field_matrix(2, 2, 1, ROT, 2)
    -- DF·v: x1 → −x2, x2 → x1, x1^2 → −2x1x2, x1x2 → x1^2 − x2^2, x2^2 → 2x1x2
    local ref = ls.matrix{
      {0, 0, 0, 0, 0, 0},
      {0, 0, 1, 0, 0, 0},
      {0, -1, 0, 0, 0, 0},
      {0, 0, 0, 0, 1, 0},
      {0, 0, 0, -2, 0, 2},
      {0, 0, 0, 0, -1, 0}}
    assert.are.equal(ref, E)
    -- a larger output degree pads with zero rows
    local E3 = core.poly_field_matrix(2, 2, 1, ROT, 3)
    assert.are.same({10, 6}, {E3:shape()})
    assert.are.equal(E, E3:sub(1, 6, 1, 6))
    assert.are.equal(0, E3:sub(7, 10, 1, 6):norm("max"))
  end)

  it("poly_field_matrix: (E c) evaluated is grad(F)·v, also for a quadratic field", function()
    local rng = ls.rng(61)
    for _, case in ipairs{{m = 2, din = 2, dv = 1, V = ROT},
                          {m = 2, din = 3, dv = 2, V = ls.randn(2, 6, rng)},
                          {m = 3, din = 2, dv = 2, V = ls.randn(3, 10, rng)}} do
      local m, din, dv = case.m, case.din, case.dv
      local dout = din + dv - 1
      local E = core.poly_field_matrix(m, din, dv, case.V, dout)
      local c = ls.randn(core.poly_count(m, din), 1, rng)
      local X = uniform_points(10, m, 62)
      local vals = poly(m, dout):eval(X) * (E * c)
      local ein, ev = exponents(m, din), exponents(m, dv)
      local worst = 0
      for p = 1, X:rows() do
        local x = point(X, p)
        local g = poly_gradient(ein, c, x)
        local ref = 0
        for i = 1, m do ref = ref + g[i] * poly_value(ev, case.V:row(i):T(), x) end
        worst = math.max(worst, math.abs(vals:get(p) - ref))
      end
      assert.is_true(worst <= 1e-12, ("m=%d din=%d dv=%d: error %g"):format(m, din, dv, worst))
    end
  end)

  it("poly_field_apply(W) equals W * E^T", function()
    local rng = ls.rng(63)
    local V = ls.randn(3, 4, rng)
    local E = core.poly_field_matrix(3, 3, 1, V, 4)
    local W = ls.randn(4, core.poly_count(3, 3), rng)
    local A = core.poly_field_apply(3, 3, 1, V, 4, W)
    assert.is_true(rel_err(A, W * E:T()) <= 1e-14)
    assert.are.same({4, core.poly_count(3, 4)}, {A:shape()})
  end)

  it("poly_substitution(R) maps F to x -> F(Rx)", function()
    local rng = ls.rng(64)
    for _, md in ipairs{{2, 3}, {3, 3}} do
      local m, d = md[1], md[2]
      local R = ls.randn(m, m, rng)          -- not symmetric: a transpose would show
      local T = core.poly_substitution(m, d, R)
      local B = poly(m, d)
      local c = ls.randn(B:size(), 1, rng)
      local X = uniform_points(12, m, 65)
      local lhs = B:eval(X) * (T * c)
      local exps = exponents(m, d)
      local worst = 0
      for p = 1, X:rows() do
        local Rx = R * X:row(p):T()
        local ref = poly_value(exps, c, point(Rx:T(), 1))
        worst = math.max(worst, math.abs(lhs:get(p) - ref) / math.max(1, math.abs(ref)))
      end
      assert.is_true(worst <= 1e-12, ("poly(%d,%d): error %g"):format(m, d, worst))
    end
    -- the identity map substitutes nothing
    assert.is_true((core.poly_substitution(3, 2, ls.eye(3)) - ls.eye(10)):norm("max") <= 1e-15)
  end)

  it("poly_mul_matrix is the pointwise product", function()
    local rng = ls.rng(66)
    local m, din, dg = 2, 2, 2
    local dout = din + dg
    local g = ls.randn(core.poly_count(m, dg), 1, rng)
    local c = ls.randn(core.poly_count(m, din), 1, rng)
    local E = core.poly_mul_matrix(m, din, dg, g, dout)
    local X = uniform_points(15, m, 67)
    local lhs = poly(m, dout):eval(X) * (E * c)
    local ref = (poly(m, dg):eval(X) * g):hadamard(poly(m, din):eval(X) * c)
    assert.is_true(rel_err(lhs, ref) <= 1e-13)
    -- by x1: x2 → x1x2 exactly
    local x1 = ls.vector{0, 1, 0}
    local M = core.poly_mul_matrix(2, 1, 1, x1, 2)
    assert.are.equal(ls.vector{0, 0, 0, 0, 1, 0}, M * ls.vector{0, 0, 1})
  end)

  it("poly_box_gram holds the exact moments of the uniform box", function()
    assert.is_true((core.poly_box_gram(1, 2) - ls.matrix{{1, 0, 1 / 3}, {0, 1 / 3, 0},
                                                      {1 / 3, 0, 1 / 5}}):norm("max") <= 1e-16)
    local function moment(a)  -- E[x^a] for x uniform on [−1, 1]
      return (a % 2 == 0) and 1 / (a + 1) or 0
    end
    for _, md in ipairs{{2, 3}, {3, 2}} do
      local m, d = md[1], md[2]
      local G = core.poly_box_gram(m, d)
      local exps = exponents(m, d)
      local worst = 0
      for i, a in ipairs(exps) do
        for j, b in ipairs(exps) do
          local ref = 1
          for v = 1, m do ref = ref * moment(a[v] + b[v]) end
          worst = math.max(worst, math.abs(G:get(i, j) - ref))
        end
      end
      assert.is_true(worst <= 1e-15, ("poly(%d,%d): moment error %g"):format(m, d, worst))
    end
  end)
end)

describe("predict", function()
  it("is eval(X)·W^T, the models' values", function()
    local B = poly(2, 3)
    local W = ls.randn(3, B:size(), ls.rng(71))
    local X = uniform_points(9, 2, 72)
    local Y = ls.predict(B, W, X)
    assert.are.same({9, 3}, {Y:shape()})
    local exps = exponents(2, 3)
    local worst = 0
    for p = 1, 9 do
      for o = 1, 3 do
        local ref = poly_value(exps, W:row(o):T(), point(X, p))
        worst = math.max(worst, math.abs(Y:get(p, o) - ref))
      end
    end
    assert.is_true(worst <= 1e-13, "predict error " .. worst)
    assert.are.equal(B:eval(X) * W:T(), Y)
  end)
end)

describe("basis errors", function()
  local B = poly(2, 2)

  it("are clean and name the function", function()
    assert.matches("'predict'", error_of(ls.predict, 42, ls.zeros(1, 6), ls.zeros(2, 2)))
    assert.matches("'predict'", error_of(ls.predict, B, "W", ls.zeros(2, 2)))
    assert.matches("'predict'", error_of(ls.predict, B, ls.zeros(1, 5), ls.zeros(2, 2)))
    assert.matches("bad argument #3 to 'predict'", error_of(ls.predict, B, ls.zeros(1, 6), ls.zeros(2, 3)))
    assert.matches("bad argument #3 to 'predict'", error_of(ls.predict, B, ls.zeros(1, 6), {0.5, 0.5}))
    assert.matches("shape mismatch in 'eval'", error_of(B.eval, B, ls.zeros(4, 3)))
    assert.matches("shape mismatch in 'jacobian'", error_of(B.jacobian, B, ls.zeros(4, 1)))
    local bad = ls.matrix{{0, 0 / 0}, {1, 1}}
    assert.matches("NaN", error_of(B.eval, B, bad))
    assert.matches("NaN", error_of(B.jacobian, B, ls.matrix{{1 / 0, 0}}))
    assert.matches("degree", error_of(poly, 2, -1))
    assert.matches("variables", error_of(poly, 0, 2))
    assert.matches("variables", error_of(fourier, 0, 1))
    assert.matches("frequency", error_of(fourier, 1, -1))
    assert.matches("bad argument #2 to 'poly'", error_of(poly, 2, 1.5))
    assert.matches("bad argument #1 to 'fourier'", error_of(fourier, "2", 1))
    assert.matches("shape mismatch in 'poly_field_matrix'",
                   error_of(core.poly_field_matrix, 2, 2, 1, ls.zeros(2, 2), 2))
    assert.matches("output degree", error_of(core.poly_field_matrix, 2, 2, 2, ls.zeros(2, 6), 2))
    assert.matches("'poly_substitution'", error_of(core.poly_substitution, 2, 2, ls.zeros(3, 3)))
    assert.matches("'poly_mul_matrix'", error_of(core.poly_mul_matrix, 2, 1, 1, ls.zeros(4, 1), 2))
    assert.matches("'poly_field_apply'",
                   error_of(core.poly_field_apply, 2, 2, 1, ls.zeros(2, 3), 2, ls.zeros(1, 5)))
  end)

  it("refuses a Jacobian whose size overflows, naming it", function()
    local ok, err = pcall(ls.basis.poly(3, 64).jacobian, ls.basis.poly(3, 64), ls.zeros(44830, 3))
    assert.is_false(ok)
    assert.truthy(tostring(err):find("jacobian: result of 2147581150 x 3 is too large", 1, true), err)
  end)

  it("format refuses NaN and Inf coefficients instead of dropping them", function()
    for _, v in ipairs{0 / 0, math.huge} do
      local ok, err = pcall(ls.basis.format, ls.basis.poly(1, 2), {v, 1, 2})
      assert.is_false(ok)
      assert.truthy(tostring(err):find("bad argument #2 to 'format' (coefficient 1 is", 1, true), err)
    end
  end)
end)
