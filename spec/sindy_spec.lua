-- ls.sindy: derivatives exact on polynomials of their order and
-- converging at their rates on sin(t); STLSQ against a plain reference
-- implementation (least squares on each support, by ls.lstsq) and against
-- the enumeration of all supports; Lorenz recovered from one noise-free
-- trajectory, its Z2 enforced exactly; a damped oscillator fitted with
-- so(2) enforced, and its symmetry discovered.
local ls = require "liesym"
local support = require "spec.support"

-- the polynomial sum c_j t^(j-1) and its derivative at the times t
local function poly_and_derivative(t, c)
  local f = t:map(function(v)
    local s = 0
    for j = #c, 1, -1 do s = s * v + c[j] end
    return s
  end)
  local df = t:map(function(v)
    local s = 0
    for j = #c, 2, -1 do s = s * v + (j - 1) * c[j] end
    return s
  end)
  return f, df
end

-- nonuniform increasing times in [0, 1]
local function jittered(n, seed)
  local u = ls.rand(n, 1, ls.rng(seed))
  return ls.linspace(0, 1, n) + (u - 0.5) * (0.3 / (n - 1))
end

describe("ls.sindy.derivative", function()
  it("is exact on polynomials of its order, on uniform and nonuniform times", function()
    for _, t in ipairs{ls.linspace(0, 1, 25), jittered(25, 3)} do
      for _, order in ipairs{2, 4, 6} do
        local c = {}
        for j = 1, order + 1 do c[j] = (-1) ^ j * j / 3 end
        local f, df = poly_and_derivative(t, c)
        local d = ls.sindy.derivative(f, t, {method = "central", order = order})
        support.assert_small((d - df):abs():max(), 1e-9, "central order " .. order)
      end
      -- Savitzky-Golay of degree 3 is exact on cubics
      local f, df = poly_and_derivative(t, {0.3, -1, 2, 0.7})
      local d = ls.sindy.derivative(f, t, {method = "savgol", window = 7, degree = 3})
      support.assert_small((d - df):abs():max(), 1e-9, "savgol on a cubic")
    end
  end)

  it("converges at its order on sin(t)", function()
    local errs = {}
    for i, n in ipairs{51, 101, 201} do
      local t = ls.linspace(0, 2, n)
      local d2 = ls.sindy.derivative(t:map(math.sin), 2 / (n - 1))
      local d4 = ls.sindy.derivative(t:map(math.sin), t, {order = 4})
      local exact = t:map(math.cos)
      errs[i] = {(d2 - exact):abs():max(), (d4 - exact):abs():max()}
    end
    for i = 1, 2 do
      local r2 = math.log(errs[i][1] / errs[i + 1][1], 2)
      local r4 = math.log(errs[i][2] / errs[i + 1][2], 2)
      assert.is_true(math.abs(r2 - 2) < 0.2, "order 2 measured " .. r2)
      assert.is_true(math.abs(r4 - 4) < 0.3, "order 4 measured " .. r4)
    end
  end)

  it("differentiates periodic samples spectrally", function()
    local n = 64
    local h = 2 * math.pi / n
    local t = ls.linspace(0, 2 * math.pi - h, n)
    local f = t:map(function(v) return math.sin(3 * v) + 0.5 * math.cos(7 * v) end)
    local df = t:map(function(v) return 3 * math.cos(3 * v) - 3.5 * math.sin(7 * v) end)
    local d = ls.sindy.derivative(f, h, {method = "spectral"})
    support.assert_small((d - df):abs():max(), 1e-12, "spectral")
  end)
end)

-- STLSQ as its definition reads, in plain Lua on ls.lstsq: ridge rounds on
-- the active set, threshold, until the set is stable, then a plain
-- least-squares refit on the final support
local function stlsq_reference(A, b, threshold, ridge, maxit)
  local p = A:cols()
  local active = {}
  for j = 1, p do active[j] = j end
  local function solve(S, r)
    local x = ls.zeros(p, 1)
    if #S == 0 then return x end
    local cols = {}
    for i, j in ipairs(S) do cols[i] = A:col(j) end
    local M, rhs = ls.hcat(cols), b
    if r > 0 then
      M = ls.vcat{M, math.sqrt(r) * ls.eye(#S)}
      rhs = ls.vcat{b, ls.zeros(#S, 1)}
    end
    local xs = M:lstsq(rhs)
    for i, j in ipairs(S) do x:set(j, 1, xs:get(i, 1)) end
    return x
  end
  local x
  for _ = 1, maxit do
    x = solve(active, ridge)
    local kept = {}
    for _, j in ipairs(active) do
      if math.abs(x:get(j, 1)) >= threshold then kept[#kept + 1] = j end
    end
    local stable = #kept == #active
    active = kept
    if stable then break end
  end
  return solve(active, 0), active
end

-- Lorenz: sigma = 10, rho = 28, beta = 8/3
local function lorenz(_, x)
  local a, b, c = x:get(1, 1), x:get(2, 1), x:get(3, 1)
  return {10 * (b - a), a * (28 - c) - b, a * b - 8 / 3 * c}
end

-- a random regression b = A x0 + noise, every `gap`-th coefficient of x0
-- zero (from the second)
local function planted(rng, N, p, gap)
  local A = ls.randn(N, p, rng)
  local x0 = ls.randn(p, 1, rng)
  for j = 2, p, gap do x0:set(j, 1, 0) end
  return A, A * x0 + 0.05 * ls.randn(N, 1, rng)
end

describe("ls.sindy.fit (STLSQ)", function()
  it("matches the reference implementation and the enumeration of supports", function()
    local core = require "liesym.core"
    local rng = ls.rng(11)
    for trial = 1, 20 do
      -- coefficients of any size: the two implementations must agree
      local A, b = planted(rng, 40, 6, 2)
      local ridge = trial % 2 == 0 and 0.05 or 0
      local R11, R12 = core.sindy_reduce(A, b)
      local x, info = core.sindy_stlsq(R11, R12, 0.3, ridge, 20, true)
      local xr = stlsq_reference(A, b, 0.3, ridge, 20)
      assert.is_true(info.converged)
      support.assert_small((x - xr):norm(), 1e-10 * (1 + xr:norm()), "against the reference")
    end
    for _ = 1, 10 do
      -- a planted support, coefficients well above the threshold: the
      -- support found is the true one, and among all 2^6 supports whose
      -- least-squares fit keeps every coefficient above the threshold
      -- (STLSQ's fixed points, enumerated) it has the smallest residual
      local N, p = 40, 6
      local A = ls.randn(N, p, rng)
      local x0 = ls.zeros(p, 1)
      for j = 1, p, 2 do x0:set(j, 1, (0.6 + ls.rand(1, 1, rng):get(1, 1)) * (j % 4 == 1 and 1 or -1)) end
      local b = A * x0 + 0.05 * ls.randn(N, 1, rng)
      local R11, R12 = core.sindy_reduce(A, b)
      local x = core.sindy_stlsq(R11, R12, 0.3, 0, 20, true)
      local S = {}
      for j = 1, p do if x:get(j, 1) ~= 0 then S[#S + 1] = j end end
      assert.same({1, 3, 5}, S)
      local best, best_res = {}, b:norm()
      for mask = 1, (1 << p) - 1 do
        local cols, idx = {}, {}
        for j = 1, p do
          if mask & (1 << (j - 1)) ~= 0 then cols[#cols + 1] = A:col(j); idx[#idx + 1] = j end
        end
        local xs = ls.hcat(cols):lstsq(b)
        if xs:abs():min() >= 0.3 then
          local res = (ls.hcat(cols) * xs - b):norm()
          if res < best_res then best, best_res = idx, res end
        end
      end
      assert.same(best, S)
      support.assert_small(math.abs((A * x - b):norm() - best_res), 1e-12, "residual")
    end
  end)

  it("recovers Lorenz from one noise-free trajectory, every coefficient to 1e-4", function()
    local X = ls.ode.solve(lorenz, {-8, 7, 27}, {0, 10, 5001}, {rtol = 1e-12, atol = 1e-12})
    local B = ls.basis.poly(3, 2)
    local model = ls.sindy.fit(X, {t = 0.002, basis = B, derivative = {order = 4}})
    -- the truth, in the basis' order 1, x1, x2, x3, x1^2, x1x2, x1x3, x2^2, x2x3, x3^2
    local truth = ls.matrix{{0, -10, 10, 0, 0, 0, 0, 0, 0, 0},
                            {0, 28, -1, 0, 0, 0, -1, 0, 0, 0},
                            {0, 0, 0, -8 / 3, 0, 1, 0, 0, 0, 0}}
    local W = model:coefficients()
    for i = 1, 3 do
      for j = 1, 10 do
        local w, v = W:get(i, j), truth:get(i, j)
        if v == 0 then assert.equal(0, w, ("W[%d,%d] should be 0"):format(i, j))
        else support.assert_small(math.abs(w - v) / math.abs(v), 1e-4, ("W[%d,%d]"):format(i, j)) end
      end
    end
    assert.same({"x1' = -10 x1 + 10 x2", "x2' = 28 x1 - x2 - x1*x3", "x3' = -2.67 x3 + x1*x2"},
                model:equations())
    assert.is_true(model:score(X, 0.002, {order = 4}) > 0.999999)
    -- the Z2 symmetry (x, y, z) -> (-x, -y, z) enforced holds exactly:
    -- f(g x) = g f(x) at random points
    local g = ls.diag{-1, -1, 1}
    local Z = ls.sindy.fit(X, {t = 0.002, derivative = {order = 4}, discrete = {g}})
    local P = support.uniform_points(50, 3, 5, 20)
    local lhs, rhs = Z:predict(P * g), Z:predict(P) * g
    support.assert_small((lhs - rhs):abs():max(), 1e-12 * lhs:abs():max(), "Z2 exact")
    support.assert_small((Z:coefficients() - truth):abs():max(), 1e-3, "Z2 fit")
  end)
end)

describe("ls.sindy.fit with SR3", function()
  it("stops at its fixed point w = prox(x(w)), x(w) = (A^T A + I/nu)^-1 (A^T b + w/nu)", function()
    local core = require "liesym.core"
    local rng = ls.rng(21)
    for trial = 1, 12 do
      local p = 7
      local A, b = planted(rng, 50, p, 3)
      local nu, thr, l1 = trial % 3 == 0 and 0.1 or 1, 0.2, trial % 2 == 0
      local w, info = core.sindy_sr3(A, b, thr, nu, l1, 10000, 1e-13, false)
      assert.is_true(info.converged)
      -- the x-step and the prox, from their definitions
      local x = (A:T() * A + ls.eye(p) / nu):solve(A:T() * b + w / nu)
      local prox = x:map(function(v)
        if l1 then return math.abs(v) > thr and v - (v > 0 and thr or -thr) or 0 end
        return math.abs(v) >= thr and v or 0
      end)
      support.assert_small((prox - w):norm(), 1e-10 * (1 + w:norm()), "fixed point, trial " .. trial)
    end
  end)

  it("recovers Lorenz with the exact support", function()
    local X = ls.ode.solve(lorenz, {-8, 7, 27}, {0, 10, 5001}, {rtol = 1e-12, atol = 1e-12})
    local model = ls.sindy.fit(X, {t = 0.002, derivative = {order = 4}, optimizer = "sr3",
                                   threshold = 0.5})
    assert.same({"x1' = -10 x1 + 10 x2", "x2' = 28 x1 - x2 - x1*x3", "x3' = -2.67 x3 + x1*x2"},
                model:equations())
    assert.is_true(model.info.converged)
  end)
end)

describe("ls.sindy.fit in the weak form", function()
  it("integrates by parts: the integrals of phi x' and of -phi' x agree", function()
    local core = require "liesym.core"
    for _, n in ipairs{201, 401} do
      local t = ls.linspace(0, 3, n)
      local X = ls.hcat{t:map(math.sin), t:map(function(v) return v ^ 3 - v end)}
      local dX = ls.hcat{t:map(math.cos), t:map(function(v) return 3 * v ^ 2 - 1 end)}
      local lhs = core.sindy_weak(dX, t, 20, 41, 4, false)
      local rhs = -1 * core.sindy_weak(X, t, 20, 41, 4, true)
      -- the trapezoidal rule's error, O(dt^2)
      support.assert_small((lhs - rhs):abs():max(), 2e-3 * (200 / (n - 1)) ^ 2, "n " .. n)
      -- unit integrals: the weak form of a constant is that constant
      local ones = core.sindy_weak(ls.ones(n, 1), t, 20, 41, 4, false)
      support.assert_small((ones - 1):abs():max(), 1e-12, "unit integral")
    end
  end)

  it("recovers Lorenz from data too noisy for finite differences", function()
    local X = ls.ode.solve(lorenz, {-8, 7, 27}, {0, 10, 5001}, {rtol = 1e-12, atol = 1e-12})
    local noisy = X + ls.randn(5001, 3, ls.rng(3))   -- noise of standard deviation 1
    local truth = ls.matrix{{0, -10, 10, 0, 0, 0, 0, 0, 0, 0},
                            {0, 28, -1, 0, 0, 0, -1, 0, 0, 0},
                            {0, 0, 0, -8 / 3, 0, 1, 0, 0, 0, 0}}
    local function support_of(W) return W:abs():map(function(v) return v > 0 and 1 or 0 end) end
    local weak = ls.sindy.fit(noisy, {t = 0.002, weak = true, threshold = 0.5})
    assert.is_true(support_of(weak:coefficients()) == support_of(truth))
    support.assert_small((weak:coefficients() - truth):abs():max(), 1.0, "weak coefficients")
    local strong = ls.sindy.fit(noisy, {t = 0.002, threshold = 0.5})
    assert.is_false(support_of(strong:coefficients()) == support_of(truth))
  end)
end)

describe("ls.sindy.fit with a symmetry", function()
  -- the damped oscillator x' = -0.1 x - y, y' = x - 0.1 y from a few
  -- initial conditions
  local function damped(_, x)
    local a, b = x:get(1, 1), x:get(2, 1)
    return {-0.1 * a - b, a - 0.1 * b}
  end
  local function data(noise, seed)
    local rng, list = ls.rng(seed), {}
    for i = 1, 5 do
      local r = 0.5 + 0.3 * i
      local X = ls.ode.solve(damped, {r * math.cos(i), r * math.sin(i)}, {0, 10, 501})
      list[i] = X + noise * ls.randn(501, 2, rng)
    end
    return list
  end

  it("so(2) enforced gives a rotation-equivariant field, to 1e-12", function()
    local model = ls.sindy.fit(data(1e-3, 1), {t = 0.02, symmetry = ls.lie.so(2),
                                                basis = ls.basis.poly(2, 3), threshold = 0.05})
    -- [v_xi, f] = 0 checked independently: f(R x) = R f(x) for rotations R
    local P = support.uniform_points(40, 2, 9, 2)
    for _, a in ipairs{0.3, 1.7, -2.5} do
      local R = ls.matrix{{math.cos(a), -math.sin(a)}, {math.sin(a), math.cos(a)}}
      local lhs, rhs = model:predict(P * R:T()), model:predict(P) * R:T()
      support.assert_small((lhs - rhs):abs():max(), 1e-12, "rotation " .. a)
    end
    local W = model:coefficients()
    -- and discover on the enforced fit: span{I, J} in gl(2), its gap clear
    local h = ls.discover(model, ls.lie.gl(2))
    assert.equal(2, h:dim())
    assert.is_true(h:spectrum().gap > 1e6)
    support.assert_small(math.abs(W:get(1, 2) + 0.1), 1e-2, "damping")
    support.assert_small(math.abs(W:get(1, 3) + 1), 1e-2, "rotation rate")
  end)

  it("a Group's discrete generators and an affine algebra are enforced too", function()
    local list = data(1e-3, 5)
    -- O(2): rotations and the reflection diag(1, -1); the rotation part of
    -- the damped field is not reflection-equivariant and must vanish
    local o2 = ls.sindy.fit(list, {t = 0.02, symmetry = ls.group.O(2), threshold = 0.01})
    local P = support.uniform_points(30, 2, 6, 2)
    for _, g in ipairs{ls.diag{1, -1}, ls.matrix{{0.6, -0.8}, {0.8, 0.6}}} do
      support.assert_small((o2:predict(P * g:T()) - o2:predict(P) * g:T()):abs():max(), 1e-12, "O(2)")
    end
    support.assert_small(math.abs(o2:coefficients():get(1, 2) + 0.1), 1e-2, "the damping stays")
    -- translations t(2), acting affinely: only constant fields commute with them
    local t2 = ls.sindy.fit(list, {t = 0.02, symmetry = ls.lie.t(2), threshold = 0.01})
    local F = t2:predict(P)
    support.assert_small((F - ls.ones(30, 1) * F:row(1)):abs():max(), 0, "constant field")
  end)

  it("discover on the fitted field returns span{I, J} in gl(2)", function()
    local model = ls.sindy.fit(data(0, 2), {t = 0.02, basis = ls.basis.poly(2, 2),
                                            derivative = {order = 4}, threshold = 0.05})
    local h = ls.discover(model, ls.lie.gl(2), {rtol = 1e-6})
    -- the same as the operator's discover on the tangent model
    local op = ls.lieder.model(model:basis(), ls.lie.gl(2), {output_action = "tangent"})
    assert.equal(h:dim(), ls.discover(op, model:coefficients(), {rtol = 1e-6}):dim())
    assert.equal(2, h:dim())
    -- I and J lie in it: the projection of each onto the span is itself
    local N = h:coefficients()    -- 4 x 2, coordinates in gl(2)'s basis
    local Q = N:orth()
    for _, v in ipairs{ls.vector{1, 0, 0, 1}, ls.vector{0, 1, -1, 0}} do
      local c = ls.lie.gl(2):coords(ls.matrix{{v:get(1, 1), v:get(3, 1)}, {v:get(2, 1), v:get(4, 1)}})
      support.assert_small((Q * (Q:T() * c) - c):norm(), 1e-8, "generator in the span")
    end
  end)

  it("conserved finds x1^2 + x2^2 (and the constants) for the undamped oscillator", function()
    local X = ls.ode.solve(function(_, x) return {x:get(2, 1), -x:get(1, 1)} end, {1, 0.5}, {0, 10, 1001})
    local model = ls.sindy.fit(X, {t = 0.01, basis = ls.basis.poly(2, 2), derivative = {order = 6}})
    local H = ls.basis.poly(2, 2)
    local S = ls.sindy.conserved(model, H)
    assert.equal(2, S:dim())
    assert.is_true(S:spectrum().gap > 1e6)
    local E = ls.echelon(S, ls.basis.descending(H))
    local a, b = ls.basis.format(H, E, 1e-6)
    assert.equal("x1^2 + x2^2", a)
    assert.equal("1", b)
    -- and none for the damped one beyond the constants
    local D = ls.ode.solve(function(_, x)
      return {-0.1 * x:get(1, 1) - x:get(2, 1), x:get(1, 1) - 0.1 * x:get(2, 1)}
    end, {1, 0.5}, {0, 10, 1001})
    local dfit = ls.sindy.fit(D, {t = 0.01, basis = ls.basis.poly(2, 2), derivative = {order = 6},
                                 threshold = 0.05})
    assert.equal(1, ls.sindy.conserved(dfit, H):dim())
  end)

  it("promote over gl(2), not told the symmetry, finds span{I, J} and fits with it", function()
    local model = ls.sindy.fit(data(1e-2, 4), {t = 0.02, basis = ls.basis.poly(2, 2), threshold = 0.05,
                                               derivative = {order = 4},
                                               promote = {candidate = ls.lie.gl(2)}})
    local h = model.promoted.symmetry
    assert.equal(2, h:dim())
    assert.is_true(h:spectrum().gap > 10)
    local Q = h:coefficients():orth()
    for _, g in ipairs{ls.eye(2), ls.matrix{{0, -1}, {1, 0}}} do
      local c = ls.lie.gl(2):coords(g)
      support.assert_small((Q * (Q:T() * c) - c):norm() / c:norm(), 5e-2, "generator in the span")
    end
    local truth = ls.matrix{{0, -0.1, -1, 0, 0, 0}, {0, 1, -0.1, 0, 0, 0}}
    support.assert_small((model:coefficients() - truth):abs():max(), 5e-2, "coefficients")
    -- the penalized fit and its info are kept
    assert.is_true(model.promoted.info.gamma > 0)
    assert.equal(2, model.promoted.W:rows())
  end)

  it("conserve and divergence_free hold exactly in the fitted field", function()
    -- the undamped Duffing oscillator x' = y, y' = -x - x^3: divergence
    -- free, conserving H = y^2/2 + x^2/2 + x^4/4
    local function duffing(_, x) return {x:get(2, 1), -x:get(1, 1) - x:get(1, 1) ^ 3} end
    local rng = ls.rng(8)
    local list = {}
    for i = 1, 4 do
      list[i] = ls.ode.solve(duffing, {0.3 * i, 0}, {0, 10, 1001}) + 1e-3 * ls.randn(1001, 2, rng)
    end
    local B = ls.basis.poly(2, 3)
    local fit = {t = 0.01, basis = B, threshold = 0.05, derivative = {method = "savgol", window = 11}}
    local H4 = ls.basis.poly(2, 4)
    local h = ls.zeros(H4:size(), 1)
    for j, name in ipairs(H4:names()) do
      local c = ({["x2^2"] = 0.5, ["x1^2"] = 0.5, ["x1^4"] = 0.25})[name]
      if c then h:set(j, 1, c) end
    end
    local P = support.uniform_points(100, 2, 3, 1.5)
    for _, extra in ipairs{{conserve = h}, {divergence_free = true}, {conserve = {h}, divergence_free = true}} do
      local o = {}
      for k, v in pairs(fit) do o[k] = v end
      for k, v in pairs(extra) do o[k] = v end
      local model = ls.sindy.fit(list, o)
      local W = model:coefficients()
      local F = model:predict(P)
      -- the gradient of H and the Jacobian of f at P, independently of the constraint code
      local J = B:jacobian(P)   -- (N k) x 2
      local k = B:size()
      local worst_h, worst_div = 0, 0
      for i = 1, P:rows() do
        local x, y = P:get(i, 1), P:get(i, 2)
        local dot = (x + x ^ 3) * F:get(i, 1) + y * F:get(i, 2)
        worst_h = math.max(worst_h, math.abs(dot))
        local Ji = J:sub((i - 1) * k + 1, i * k, 1, 2)    -- k x 2: d phi / dx
        local Df = W * Ji                                   -- 2 x 2
        worst_div = math.max(worst_div, math.abs(Df:get(1, 1) + Df:get(2, 2)))
      end
      if o.conserve then support.assert_small(worst_h, 1e-12, "grad H . f") end
      if o.divergence_free then support.assert_small(worst_div, 1e-12, "div f") end
      local truth = ls.zeros(2, k)
      truth:set(1, 3, 1)                 -- x1' = x2
      truth:set(2, 2, -1)                -- x2' = -x1
      truth:set(2, 7, -1)                -- x2' ... - x1^3
      support.assert_small((W - truth):abs():max(), 2e-2, "the Duffing coefficients")
    end
  end)
end)
