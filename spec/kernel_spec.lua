-- ls.lieder.kernel: integral kernels k(x, y) = W·φ(x, y) under the
-- diagonal action, with the divergence (density) term. Checks against
-- closed forms: translation-invariant quadratic kernels are span{1,
-- x − y, (x − y)²}; rotation-invariant quadratic kernels on R² × R² are
-- span{1, |x|², |y|², x·y, x1y2 − x2y1}; a dilation kernel with the
-- density term is homogeneous of degree −1 (1/x on (0, ∞)); equivariant
-- matrix-valued kernels are counted by representation theory and by the
-- fixed-space solver on the same representations.
local ls = require "liesym"
local support = require "spec.support"

-- the coefficient vector of a polynomial given as {[exponents] = c} in
-- poly(m, d)'s monomial order, found by evaluation at random points
local function coefficients(b, f, seed)
  local X = support.uniform_points(3 * b:size(), b:vars(), seed)
  local y = ls.zeros(X:rows(), 1)
  for i = 1, X:rows() do y:set(i, 1, f(X:row(i))) end
  return b:eval(X):lstsq(y)
end

describe("ls.lieder.kernel", function()
  it("gives the convolutions span{1, x - y, (x - y)^2} under translations (3 of 6)", function()
    local b = ls.basis.poly(2, 2)
    local S = ls.enforce(ls.lieder.kernel(b, ls.lie.t(1)))
    assert.are.equal(3, S:dim())
    for _, f in ipairs{function() return 1 end,
                       function(z) return z:get(1, 1) - z:get(1, 2) end,
                       function(z) return (z:get(1, 1) - z:get(1, 2)) ^ 2 end} do
      local c = coefficients(b, f, 1)
      support.assert_small((S:project(c) - c):norm(), 1e-10, "in the span")
    end
  end)

  it("keeps the 5 modes e^{ik(x - y)}, |k| <= 2, of a Fourier basis on the torus (exact)", function()
    local b = ls.basis.fourier(2, 2)
    assert.are.equal(25, b:size())
    assert.are.equal(5, ls.enforce(ls.lieder.kernel(b, ls.lie.t(1))):dim())
  end)

  it("gives the five rotation-invariant quadratic kernels on R^2 x R^2 (5 of 15)", function()
    local b = ls.basis.poly(4, 2)
    local op = ls.lieder.kernel(b, ls.lie.so(2))
    local S = ls.enforce(op)
    assert.are.equal(5, S:dim())
    local x1, x2, y1, y2 = 1, 2, 3, 4
    local inv = {
      function() return 1 end,
      function(z) return z:get(1, x1) ^ 2 + z:get(1, x2) ^ 2 end,
      function(z) return z:get(1, y1) ^ 2 + z:get(1, y2) ^ 2 end,
      function(z) return z:get(1, x1) * z:get(1, y1) + z:get(1, x2) * z:get(1, y2) end,
      function(z) return z:get(1, x1) * z:get(1, y2) - z:get(1, x2) * z:get(1, y1) end,
    }
    local C = {}
    for i, f in ipairs(inv) do C[i] = coefficients(b, f, i) end
    C = ls.hcat(C)
    support.assert_small((S:project(C) - C):norm(), 1e-10, "the five invariants")
    assert.are.equal(5, C:rank())
    -- and discover on one of them returns so(2); on x1 y1 (not invariant) nothing
    assert.are.equal(1, ls.discover(op, C:col(4):T()):dim())
    assert.are.equal(0, ls.discover(op, coefficients(b, function(z)
      return z:get(1, x1) * z:get(1, y1) end, 9):T()):dim())
  end)

  it("keeps the density term for dilations: 1/x on (0, inf) is invariant (sampled, custom)", function()
    -- φ = {1, x, y, 1/x, 1/y, x/y, x/y^2}: homogeneous of degree -1 are
    -- 1/x, 1/y, x/y^2 (x k_x + y k_y + k = 0); of degree 0: 1, x/y
    local function eval(X)
      local x, y = X:col(1), X:col(2)
      local inv = function(v) return 1 / v end
      return ls.hcat{ls.ones(X:rows(), 1), x, y, x:map(inv), y:map(inv),
                     ls.hadamard(x, y:map(inv)), ls.hadamard(x, y:map(function(v) return v ^ -2 end))}
    end
    local function jacobian(X)
      local N = X:rows()
      local J = ls.zeros(N * 7, 2)
      for i = 1, N do
        local x, y, r = X:get(i, 1), X:get(i, 2), (i - 1) * 7
        J:set(r + 2, 1, 1); J:set(r + 3, 2, 1)
        J:set(r + 4, 1, -1 / x ^ 2); J:set(r + 5, 2, -1 / y ^ 2)
        J:set(r + 6, 1, 1 / y); J:set(r + 6, 2, -x / y ^ 2)
        J:set(r + 7, 1, 1 / y ^ 2); J:set(r + 7, 2, -2 * x / y ^ 3)
      end
      return J
    end
    local b = ls.basis.custom{m = 2, size = 7, eval = eval, jacobian = jacobian}
    local X = ls.rand(60, 2, ls.rng(4)) * 1.5 + ls.ones(60, 2) * 0.5
    local dil = ls.lie.from{ls.matrix{{1}}}
    local S = ls.enforce(ls.lieder.kernel(b, dil, {points = X}))
    assert.are.equal(3, S:dim())
    for _, j in ipairs{4, 5, 7} do
      local e = ls.zeros(7, 1); e:set(j, 1, 1)
      support.assert_small((S:project(e) - e):norm(), 1e-10, "basis function " .. j)
    end
    local Sn = ls.enforce(ls.lieder.kernel(b, dil, {points = X, density = false}))
    assert.are.equal(2, Sn:dim())
    for _, j in ipairs{1, 6} do
      local e = ls.zeros(7, 1); e:set(j, 1, 1)
      support.assert_small((Sn:project(e) - e):norm(), 1e-10, "degree 0: function " .. j)
    end
  end)

  it("has no polynomial dilation kernel with the density term, the constants without", function()
    -- on R^2 x R^2 the divergence of x·∂ is 2: invariant kernels are
    -- homogeneous of degree -2 (none is a polynomial); without the
    -- density term, of degree 0 (the constants)
    local dil = ls.lie.from{ls.eye(2)}
    local b = ls.basis.poly(4, 3)
    assert.are.equal(0, ls.enforce(ls.lieder.kernel(b, dil)):dim())
    assert.are.equal(1, ls.enforce(ls.lieder.kernel(b, dil, {density = false})):dim())
  end)

  it("counts the equivariant matrix-valued kernels of vector fields under so(2)", function()
    -- k(Rx, Ry) = R k(x, y) R^T with k of degree <= d on R^2 x R^2: the
    -- equivariant maps from polynomials of degree <= d in (x, y) to 2x2
    -- matrices, counted by the fixed-space solver on the same
    -- representations (V + V on the inputs, V (x) V* on the values)
    local G = ls.group.SO(2)
    local V = ls.action.V(G)
    local function by_actions(d)
      local total = 0
      for k = 0, d do
        local inputs = k == 0 and ls.action.trivial(G) or ls.action.sym(V + V, k)
        total = total + ls.enforce(ls.action.hom(inputs, ls.action.T(1, 1, G))):dim()
      end
      return total
    end
    for d, expected in pairs{[0] = 2, [1] = 2, [2] = 16} do
      local op = ls.lieder.kernel(ls.basis.poly(4, d), ls.lie.so(2),
                                  {input_action = V, output_action = V})
      assert.are.equal(expected, ls.enforce(op):dim(), "degree " .. d)
      assert.are.equal(expected, by_actions(d), "by actions, degree " .. d)
    end
  end)

  it("fits a kernel from samples with the symmetry enforced (ls.fit)", function()
    local b = ls.basis.poly(2, 3)
    local op = ls.lieder.kernel(b, ls.lie.t(1))
    local X = support.uniform_points(40, 2, 5)
    local d = X:col(1) - X:col(2)
    local Y = ls.ones(40, 1) * 2 + ls.hadamard(d, d) * 0.5
    local W = ls.fit(op, X, Y)
    support.assert_small((ls.predict(b, W, X) - Y):norm(), 1e-10, "exact on a convolution")
    support.assert_small(op:matrix(W):norm(), 1e-10, "translation invariant")
  end)

  it("promotes: a convolution kernel from fewer samples than basis functions", function()
    local b = ls.basis.poly(2, 3)   -- 10 functions; 6 samples of k = 2 + (x-y)^2/2 - 0.3 (x-y)
    local op = ls.lieder.kernel(b, ls.lie.t(1))
    local function target(X)
      local d = X:col(1) - X:col(2)
      return ls.ones(X:rows(), 1) * 2 + ls.hadamard(d, d) * 0.5 - d * 0.3
    end
    local X = support.uniform_points(6, 2, 5)
    local W, info = ls.promote(op, X, target(X), {mode = "exact"})
    assert.is_true(info.converged)
    assert.are.equal(0, info.spectrum.rank)   -- B(W) = 0 at the solver's accuracy
    local Xt = support.uniform_points(50, 2, 9)
    support.assert_small((ls.predict(b, W, Xt) - target(Xt)):norm() / target(Xt):norm(), 1e-7,
                         "off the samples")
    local Wl = b:eval(X):lstsq(target(X)):T()
    assert.is_true((ls.predict(b, Wl, Xt) - target(Xt)):norm() / target(Xt):norm() > 1e-2)
  end)

  it("keeps every kernel when the algebra has no generator", function()
    local b = ls.basis.poly(2, 2)
    assert.are.equal(b:size(), ls.enforce(ls.lieder.kernel(b, ls.lie.zero(1))):dim())
  end)

  it("describes itself and refuses bad input", function()
    local op = ls.lieder.kernel(ls.basis.poly(2, 2), ls.lie.t(1))
    assert.truthy(tostring(op):find("integral kernels on R^1 x R^1", 1, true))
    local err = support.error_of(ls.lieder.kernel, ls.basis.poly(3, 2), ls.lie.t(1))
    assert.truthy(err:find("kernel", 1, true) and err:find("even number", 1, true), err)
    err = support.error_of(ls.lieder.kernel, ls.basis.poly(2, 2), ls.lie.t(2))
    assert.truthy(err:find("kernel", 1, true), err)
    err = support.error_of(ls.lieder.kernel, ls.basis.poly(2, 2), ls.lie.t(1), {densty = true})
    assert.truthy(err:find("densty", 1, true), err)
    err = support.error_of(ls.lieder.kernel, ls.basis.poly(2, 2), ls.lie.t(1), {density = 1})
    assert.truthy(err:find("density", 1, true), err)
    err = support.error_of(ls.lieder.kernel, ls.basis.poly(4, 1), ls.lie.so(2),
                           {input_action = ls.action.V(ls.group.SO(3))})
    assert.truthy(err:find("input_action", 1, true), err)
    err = support.error_of(ls.enforce, op, {discrete = {ls.eye(1)}})
    assert.truthy(err:find("discrete", 1, true), err)
    err = support.error_of(ls.lieder.kernel, "poly", ls.lie.t(1))
    assert.truthy(err:find("basis expected", 1, true), err)
  end)
end)
