-- Promote on the problems a user tries first: fully symmetric answers,
-- zero targets, exact interpolation, optima that are not unique, data
-- that cannot be interpolated, and a seeded battery of random small
-- problems, each checked against its optimality conditions
-- (spec/promote_battery.lua, independent of the solver).
local ls = require "liesym"
local battery = require "spec.promote_battery"

-- h(x) = 1 + r² − r⁴/2 at 8 points of [−1, 1]²: invariant under so(2)
local function radial_problem(noise, seed)
  local rng = ls.rng(seed or 7)
  local X = ls.rand(8, 2, rng) * 2 - ls.ones(8, 2)
  local r2 = X:map(function(v) return v * v end) * ls.ones(2, 1)
  local Y = r2:map(function(t) return 1 + t - 0.5 * t * t end)
  if noise then Y = Y + ls.randn(8, 1, rng) * noise end
  local B = ls.basis.poly(2, 4)
  return ls.lieder.model(B, ls.lie.so(2)), X, Y, B
end

-- the invariant quartic through the data: a + b r² + c r⁴ by least squares
local function invariant_fit(X, Y)
  local r2 = X:map(function(v) return v * v end) * ls.ones(2, 1)
  local A = ls.hcat{ls.ones(X:rows(), 1), r2, r2:map(function(t) return t * t end)}
  return A:lstsq(Y)
end

describe("promote: a fully symmetric optimum", function()
  local op, X, Y, B = radial_problem()
  for _, accel in ipairs{10, 0} do
    it(("exact mode converges to the invariant interpolant (accel = %d)"):format(accel), function()
      local W, info = ls.promote(op, X, Y, {mode = "exact", accel = accel})
      assert.is_true(info.converged)
      assert.are.equal("converged", info.reason)
      assert.is_true(info.unique)
      assert.is_true(info.primal <= 1e-8 and info.dual <= 1e-8)
      -- B(W) = 0 and W is the polynomial 1 + r² − r⁴/2 (15 monomials)
      assert.is_true(op:matrix(W):norm() <= 1e-7 * W:norm())
      local Xt = ls.rand(20, 2, ls.rng(3)) * 2 - ls.ones(20, 2)
      local want = invariant_fit(X, Y)
      local r2 = Xt:map(function(v) return v * v end) * ls.ones(2, 1)
      local fit = ls.predict(B, W, Xt)
      for i = 1, 20 do
        local t = r2:get(i)
        local h = want:get(1) + want:get(2) * t + want:get(3) * t * t
        assert.is_true(math.abs(fit:get(i) - h) <= 1e-7)
      end
      assert.is_true(math.abs(want:get(3) + 0.5) <= 1e-9)   -- the data are exact
    end)
  end

  it("penalized mode converges on noisy data for gamma from 0.01 to 1", function()
    local opn, Xn, Yn = radial_problem(1e-3)
    for _, gamma in ipairs{0.01, 0.1, 1} do
      local W, info = ls.promote(opn, Xn, Yn, {gamma = gamma})
      assert.is_true(info.converged, "gamma " .. gamma)
      local P = {op = opn, B = B, X = Xn, Y = Yn, opts = {mode = "penalized", gamma = gamma},
                 n = 1, k = 15}
      assert.is_true(battery.kkt(P, W, info))
    end
  end)
end)

describe("promote: degenerate data", function()
  local op, X, _, B = radial_problem()
  it("Y = 0 gives W = 0 in closed form, in both modes", function()
    for _, o in ipairs{{mode = "exact"}, {gamma = 0.1}} do
      local W, info = ls.promote(op, X, ls.zeros(8, 1), o)
      assert.are.equal(0, W:norm())
      assert.is_true(info.converged and info.closed_form)
      assert.are.equal("closed form", info.reason)
      assert.are.equal(0, info.iterations)
    end
  end)

  it("a symmetric minimum-norm fit is the optimum in closed form", function()
    -- y = 3 (a constant) at the points: the minimum-norm interpolant of
    -- poly(2, 0) is the constant itself, B = 0 on it
    local B0 = ls.basis.poly(2, 0)
    local op0 = ls.lieder.model(B0, ls.lie.so(2))
    local W, info = ls.promote(op0, X, ls.ones(8, 1) * 3, {mode = "exact"})
    assert.is_true(info.closed_form)
    assert.is_true(math.abs(W:get(1, 1) - 3) <= 1e-14)
  end)

  it("the exact mode refuses data no model interpolates, with the residual", function()
    -- 30 noisy points, 15 coefficients: no exact fit
    local rng = ls.rng(5)
    local Xm = ls.rand(30, 2, rng) * 2 - ls.ones(30, 2)
    local Ym = ls.randn(30, 1, rng)
    local ok, err = pcall(ls.promote, op, Xm, Ym, {mode = "exact"})
    assert.is_false(ok)
    assert.matches("promote: the exact mode needs data a model of the basis can interpolate", err)
    assert.matches("residual is 0%.%d+ of |Y|", err)
    -- the penalized mode fits them, and never calls them inconsistent
    local W, info = ls.promote(op, Xm, Ym, {gamma = 0.1})
    assert.is_true(info.converged)
    assert.is_true(info.residual > 0.1)   -- the least-squares misfit it reports
    assert.are.equal(15, W:cols())
  end)

  it("more points than coefficients are fine when the data lie in the span", function()
    local rng = ls.rng(6)
    local Xm = ls.rand(30, 2, rng) * 2 - ls.ones(30, 2)
    local Wt = ls.randn(1, 15, rng)
    local W, info = ls.promote(op, Xm, ls.predict(B, Wt, Xm), {mode = "exact"})
    assert.is_true(info.converged and info.closed_form)   -- the only feasible point
    assert.is_true((W - Wt):norm() <= 1e-10 * Wt:norm())
    assert.is_true(info.residual <= 1e-13)
  end)

  it("an optimum that is not unique: the minimum-norm one, said in info", function()
    -- points on the unit circle: 1 − x² − y² is invariant and vanishes on
    -- all of them, so W + t (1 − x² − y²) has the same fit and B(W)
    local n = 9
    local Xc = ls.zeros(n, 2)
    for i = 1, n do
      Xc:set(i, 1, math.cos(2 * math.pi * i / n + 0.3))
      Xc:set(i, 2, math.sin(2 * math.pi * i / n + 0.3))
    end
    local B2 = ls.basis.poly(2, 2)
    local op2 = ls.lieder.model(B2, ls.lie.so(2))
    local Y2 = Xc:col(1) * 0.5 + ls.ones(n, 1)
    -- the direction: the coefficients of 1 − x² − y², from the basis itself
    local Xs = ls.rand(12, 2, ls.rng(8)) * 2 - ls.ones(12, 2)
    local target = ls.ones(12, 1) - Xs:map(function(v) return v * v end) * ls.ones(2, 1)
    local dirn = B2:eval(Xs):lstsq(target):T()                  -- 1 x 6
    for _, o in ipairs{{mode = "penalized", gamma = 0.05}, {mode = "exact"}} do
      local W, info = ls.promote(op2, Xc, Y2, o)
      assert.is_true(info.converged, o.mode)
      assert.are.equal(1, info.nonunique)
      assert.is_false(info.unique)
      -- minimum norm along the direction: W ⊥ dirn
      assert.is_true(math.abs(W:dot(dirn)) <= 1e-8 * W:norm() * dirn:norm(), o.mode)
    end
  end)

  it("a solve cut short says which residual is above the tolerance", function()
    local opn, Xn, Yn = radial_problem(1e-3)
    local _, info = ls.promote(opn, Xn, Yn, {gamma = 0.1, max_iter = 2, tol = 1e-14})
    assert.is_false(info.converged)
    assert.are.equal("max_iter", info.reason)
    assert.is_true(info.unmet == "primal" or info.unmet == "dual" or info.unmet == "primal and dual")
    assert.are.equal(info.primal > 1e-14, info.unmet:find("primal") ~= nil)
    assert.are.equal(info.dual > 1e-14, info.unmet:find("dual") ~= nil)
  end)
end)

describe("promote: the robustness battery (120 seeded random problems)", function()
  it("every solve converges and passes the optimality check", function()
    local failures = {}
    for i = 1, 120 do
      local ok, msg = battery.run(11, i)
      if not ok then failures[#failures + 1] = i .. ": " .. msg end
    end
    assert.are.same({}, failures)
  end)
end)
