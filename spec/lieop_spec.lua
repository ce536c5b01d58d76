-- The Lie-derivative operator (src/core/lieop.c): its structured products
-- against an independent reference for every model class, the identities
-- between its forms, and what the exact Fourier class gives.
--
-- The reference evaluates L_ξ F = DF·v_ξ − M_ξ F pointwise from the
-- basis's Jacobians and the fields' values alone, and integrates
-- ⟨L_i F, L_j F⟩ by a rule that is exact for the degrees involved
-- (Gauss–Legendre on the box, the uniform grid on the torus) or sums it
-- over the weighted sample points: B(W)ᵀB(W) must equal that q×q matrix.
local ls = require "liesym"
local fields = require "liesym.fields"
local support = require "spec.support"

local lie, poly, fourier = ls.lie, ls.basis.poly, ls.basis.fourier

-- Gauss–Legendre nodes and weights on [-1, 1] (Golub–Welsch)
local function gauss_legendre(n)
  local T = ls.zeros(n, n)
  for i = 1, n - 1 do
    local b = i / math.sqrt(4 * i * i - 1)
    T:set(i, i + 1, b)
    T:set(i + 1, i, b)
  end
  local w, V = T:eigh()
  local nodes, weights = {}, {}
  for i = 1, n do
    nodes[i] = w:get(i)
    weights[i] = 2 * V:get(1, i) ^ 2
  end
  return nodes, weights
end

-- the tensor grid of a 1-d rule in m variables: points (N×m), weights (N)
local function tensor_rule(m, nodes, weights)
  local pts, ws = {}, {}
  local n = #nodes
  local idx = {}
  for j = 1, m do idx[j] = 1 end
  while true do
    local row, w = {}, 1
    for j = 1, m do
      row[j] = nodes[idx[j]]
      w = w * weights[idx[j]]
    end
    pts[#pts + 1], ws[#ws + 1] = row, w
    local j = m
    while j >= 1 and idx[j] == n do idx[j] = 1; j = j - 1 end
    if j < 1 then break end
    idx[j] = idx[j] + 1
  end
  return ls.matrix(pts), ws
end

-- the box rule (uniform probability on [-1,1]^m), exact to degree 2n - 1
local function box_rule(m, n)
  local x, w = gauss_legendre(n)
  for i = 1, n do w[i] = w[i] / 2 end
  return tensor_rule(m, x, w)
end

-- the torus rule (uniform probability on [0, 2π)^m), exact for
-- frequencies below n
local function torus_rule(m, n)
  local x, w = {}, {}
  for i = 1, n do x[i], w[i] = 2 * math.pi * (i - 1) / n, 1 / n end
  return tensor_rule(m, x, w)
end

-- L_i F at the point x (a row), i = 1..q: the q columns of an n×q matrix
local function pointwise(op, W, x)
  local Phi = op.basis:eval(x)                  -- 1×k
  local J = op.basis:jacobian(x)                -- k×m
  local F = W * Phi:T()                         -- n×1
  local DF = W * J                              -- n×m
  local cols = {}
  for i, f in ipairs(fields.of(op.algebra, op.m)) do
    local P = poly(op.m, f.degree)
    local v = f.V * P:eval(x):T()               -- m×1
    local L = DF * v
    if op.output == "action" then
      L = L - op.out_action:drho(i) * F
    elseif op.output == "tangent" then
      L = L - f.V * P:jacobian(x) * F           -- Dv(x) F(x)
    end
    cols[i] = L
  end
  return ls.hcat(cols)
end

-- Σ_p w_p (L F)(x_p)ᵀ (L F)(x_p): the q×q Gram matrix by the rule
local function reference_gram(op, W, X, w)
  local G = ls.zeros(op.q, op.q)
  for p = 1, X:rows() do
    local V = pointwise(op, W, X:row(p))
    G = G + w[p] * (V:T() * V)
  end
  return G
end

local function assert_gram(op, W, X, w, what)
  local B = op:matrix(W)
  local G, R = B:T() * B, reference_gram(op, W, X, w)
  support.assert_small((G - R):norm("max"), 1e-12 * R:norm("max"), what)
  -- so the singular values agree too
  local s, e = B:svdvals(), R:eigh()
  for i = 1, math.min(s:rows(), op.q) do
    local ref = math.sqrt(math.max(e:get(op.q + 1 - i), 0))
    support.assert_small(math.abs(s:get(i) - ref), 1e-7 * s:get(1), what .. " value " .. i)
  end
end

local rng = ls.rng(71)

describe("the operator against the pointwise Lie derivative", function()
  local V3 = ls.action.V(ls.group.SO(3))
  local exact = {
    {"invariant polynomials, so(3)", poly(3, 2), lie.so(3), {}},
    {"tangent, affine fields se(2)", poly(2, 3), lie.se(2), {output_action = "tangent"}},
    {"tangent, quadratic fields", poly(2, 2), lie.vector_fields(2, 2), {output_action = "tangent"}},
    {"an output action, SO(3) on R^3", poly(3, 2), lie.so(3), {output_action = V3}},
    {"two invariant outputs, translations", poly(2, 3), lie.t(2), {outputs = 2}},
  }
  for _, c in ipairs(exact) do
    it("exact, box measure: " .. c[1], function()
      local op = ls.lieder.model(c[2], c[3], c[4])
      local X, w = box_rule(op.m, 6)   -- degree 2 * dout <= 11
      for _ = 1, 2 do assert_gram(op, ls.randn(op.n, op.k, rng), X, w, c[1]) end
    end)
  end

  it("exact, the torus: Fourier bases under translations (invariant and tangent)", function()
    for _, c in ipairs{{fourier(2, 2), lie.t(2), {}}, {fourier(2, 1), lie.t(2), {outputs = 3}},
                       {fourier(2, 2), lie.t(2), {output_action = "tangent"}},
                       {fourier(3, 1), lie.vector_fields(3, 0), {}}} do
      local op = ls.lieder.model(c[1], c[2], c[3])
      local X, w = torus_rule(op.m, 7)
      assert_gram(op, ls.randn(op.n, op.k, rng), X, w, tostring(c[1]))
    end
  end)

  local X = ls.rand(25, 2, rng) * 2 - 1
  local wts = ls.rand(25, 1, rng)
  local function sample_weights(wv)
    local t = {}
    for p = 1, wv:rows() do t[p] = wv:get(p) end
    return t
  end
  local P = poly(2, 3)
  local custom = ls.basis.custom{m = 2, size = P:size(), eval = function(Y) return P:eval(Y) end,
                                 jacobian = function(Y) return P:jacobian(Y) end}
  local sampled = {
    {"polynomial, se(2), weighted", P, lie.se(2), {}},
    {"polynomial, tangent, quadratic fields", poly(2, 2), lie.vector_fields(2, 2),
     {output_action = "tangent"}},
    {"Fourier, tangent, se(2)", fourier(2, 1), lie.se(2), {output_action = "tangent"}},
    {"Fourier, tangent, quadratic fields", fourier(2, 1), lie.vector_fields(2, 2),
     {output_action = "tangent"}},
    {"custom, an output action of so(2)", custom, lie.so(2),
     {output_action = ls.action.V(ls.group.SO(2))}},
  }
  for _, c in ipairs(sampled) do
    it("sampled: " .. c[1], function()
      local opts = {points = X, weights = wts}
      for key, v in pairs(c[4]) do opts[key] = v end
      local op = ls.lieder.model(c[2], c[3], opts)
      assert_gram(op, ls.randn(op.n, op.k, rng), X, sample_weights(wts), c[1])
    end)
  end

  it("sampled with fewer points than coefficients (a rank-deficient factor)", function()
    local Xs = X:sub(1, 4, 1, 2)
    local op = ls.lieder.model(poly(2, 3), lie.se(2), {points = Xs})
    assert_gram(op, ls.randn(1, op.k, rng), Xs, {0.25, 0.25, 0.25, 0.25}, "4 points")
  end)
end)

describe("the operator's forms", function()
  local models = {
    ls.lieder.model(poly(3, 2), lie.so(3), {output_action = "tangent"}),
    ls.lieder.model(poly(2, 2), lie.vector_fields(2, 1), {output_action = "tangent",
                                                          points = ls.randn(9, 2, rng)}),
    ls.lieder.model(fourier(2, 1), lie.t(2), {outputs = 2}),
  }
  it("dense, apply, adjoint and Gram agree (identities)", function()
    for _, op in ipairs(models) do
      local p, q, s = op:shape()
      local theta = ls.randn(p, 1, rng)
      local B = op:apply(theta)
      assert.are.same({s, q}, {B:shape()})
      local M = op:dense()
      local b = B:reshape(s * q, 1)
      support.assert_small((M * theta - b):norm(), 1e-13 * b:norm(), "dense")
      local Y = ls.randn(s, q, rng)
      local lhs, rhs = b:dot(Y:reshape(s * q, 1)), theta:dot(op:adjoint(Y))
      support.assert_small(math.abs(lhs - rhs), 1e-12 * math.abs(lhs), "adjoint")
      local K = op:gram()
      support.assert_small((K - M:T() * M):norm(), 1e-13 * K:norm(), "gram")
    end
  end)

  it("enforce gives one subspace by every method", function()
    local op = ls.lieder.model(poly(3, 3), lie.so(3), {output_action = "tangent"})
    assert.is_true(op:kronecker())
    local S = ls.enforce(op, {method = "svd"})
    assert.are.equal(2, S:dim())   -- x and |x|^2 x
    for _, method in ipairs{"gram", "iterative"} do
      local T = ls.enforce(op, {method = method})
      support.assert_same_subspace(S, T, method)
    end
    -- the weight-space reduction needs normal Cartan generators: gl(3)'s
    -- diagonal ones act diagonally on monomials; so(3)'s do not
    assert.matches("the method does not apply", support.error_of(ls.enforce, op, {method = "weights"}))
    local gl = ls.lieder.model(poly(3, 3), lie.gl(3), {output_action = "tangent"})
    local Sg = ls.enforce(gl, {method = "svd"})
    assert.are.equal(1, Sg:dim())   -- the Euler field x
    support.assert_same_subspace(Sg, ls.enforce(gl, {method = "weights"}), "weights")
    local sampled = ls.lieder.model(poly(3, 3), lie.so(3), {output_action = "tangent",
                                                             points = ls.randn(40, 3, rng)})
    assert.is_false(sampled:kronecker())
    assert.matches("bad option 'method' to 'enforce'",
                   support.error_of(ls.enforce, sampled, {method = "weights"}))
    support.assert_same_subspace(S, ls.enforce(sampled), "sampled")
  end)
end)

describe("Fourier bases, exact under translations", function()
  it("translation-invariant functions on the m-torus are the constants", function()
    for _, c in ipairs{{1, 3}, {2, 2}, {3, 1}} do
      local B = fourier(c[1], c[2])
      local S = ls.enforce(ls.lieder.model(B, lie.t(c[1])))
      assert.are.equal(1, S:dim())
      local Q = S:basis()
      support.assert_small(math.abs(math.abs(Q:get(1, 1)) - 1), 1e-14, "the constant")
    end
  end)

  it("translation-equivariant vector fields on the 2-torus are the constant fields", function()
    for K = 1, 3 do
      local op = ls.lieder.model(fourier(2, K), lie.t(2), {output_action = "tangent"})
      local S = ls.enforce(op)
      assert.are.equal(2, S:dim())
      -- the span of e1 and e2 times the constant function: theta entries 1, 2
      local Q = S:basis()
      support.assert_small(Q:sub(3, Q:rows(), 1, 2):norm(), 1e-13, "non-constant parts")
    end
  end)

  it("discovers the translations of a function of x1 alone, and refuses rotations", function()
    local B = fourier(2, 2)
    local W = ls.zeros(1, B:size())
    local names = B:names()
    for j, n in ipairs(names) do
      if n == "cos(x1)" then W:set(1, j, 1) end
      if n == "sin(2*x1)" then W:set(1, j, 0.5) end
    end
    local h = ls.discover(ls.lieder.model(B, lie.t(2)), W)
    assert.are.equal(1, h:dim())
    local c = h:coefficients()
    support.assert_small(math.abs(c:get(1, 1)), 1e-14, "no x1-translation")
    assert.matches("sampled mode", support.error_of(ls.lieder.model, B, lie.se(2)))
  end)
end)

describe("discover's singular values", function()
  it("come from the Gram matrix only when every value is well above rounding", function()
    -- se(8) on quadratics: 36 generators, 45 rows; a generic quadratic
    -- has no Euclidean symmetry
    local op = ls.lieder.model(poly(8, 2), lie.se(8))
    local W = ls.randn(1, op.k, rng)
    local h = ls.discover(op, W)
    local s = op:matrix(W):svdvals()
    local info = h:spectrum()
    assert.are.equal(0, h:dim())
    assert.are.equal(36, #info.values)
    for i = 1, 36 do
      support.assert_small(math.abs(info.values[i] - s:get(i)), 1e-8 * s:get(1), "value " .. i)
    end
    assert.are.equal("gram", info.method)
    -- |x|^2 has so(8), 28 exact null directions: the SVD decides
    local r2 = ls.zeros(1, op.k)
    for j, n in ipairs(op.basis:names()) do if n:match("^x%d%^2$") then r2:set(1, j, 1) end end
    local hr = ls.discover(op, r2)
    assert.are.equal(28, hr:dim())
    assert.are.equal("svd", hr:spectrum().method)
  end)
end)
