-- ls.ode.solve against closed forms: the harmonic oscillator, the Kepler
-- problem (Kepler's equation solved by Newton's method), invariants
-- conserved to the tolerance, RK4's order measured, DOPRI5's dense output
-- between its steps, backward integration, and a model evaluated in C
-- against the same field as a Lua function.
local ls = require "liesym"
local support = require "spec.support"

local function oscillator(_, x) return {x:get(2, 1), -x:get(1, 1)} end

-- the largest error of X (rows at the times t) against x(t) = (cos t, -sin t)
local function oscillator_error(X, t)
  local cos = t:map(math.cos)
  local msin = t:map(function(v) return -math.sin(v) end)
  return (X - ls.hcat{cos, msin}):abs():max()
end

-- Kepler: e = 0.6, a = 1, mu = 1, from the pericentre; the closed form
-- through the eccentric anomaly E - e sin E = t
local E_CC = 0.6
local function kepler(_, x)
  local q1, q2 = x:get(1, 1), x:get(2, 1)
  local r3 = (q1 * q1 + q2 * q2) ^ 1.5
  return {x:get(3, 1), x:get(4, 1), -q1 / r3, -q2 / r3}
end
local function kepler_exact(t)
  local E = t
  for _ = 1, 50 do E = E - (E - E_CC * math.sin(E) - t) / (1 - E_CC * math.cos(E)) end
  return {math.cos(E) - E_CC, math.sqrt(1 - E_CC ^ 2) * math.sin(E)}
end
local KEPLER_X0 = {1 - E_CC, 0, 0, math.sqrt((1 + E_CC) / (1 - E_CC))}

describe("ls.ode.solve", function()
  it("follows the harmonic oscillator to its tolerance, at every output time", function()
    local t = ls.linspace(0, 10, 201)
    for _, rtol in ipairs{1e-6, 1e-8, 1e-10} do
      local X, info = ls.ode.solve(oscillator, {1, 0}, t, {rtol = rtol, atol = rtol * 1e-2})
      assert.equal("dopri5", info.method)
      assert.equal(201, X:rows())
      -- a global error of a few hundred local tolerances over 10 time units
      support.assert_small(oscillator_error(X, t), 300 * rtol, "rtol " .. rtol)
      -- the energy x1^2 + x2^2 = 1
      local energy = X:hadamard(X) * ls.ones(2, 1)
      support.assert_small((energy - 1):abs():max(), 600 * rtol, "energy")
    end
  end)

  it("interpolates between its steps (dense output) to the same accuracy", function()
    local coarse, ic = ls.ode.solve(oscillator, {1, 0}, {0, 10, 3}, {rtol = 1e-9})
    local t = ls.linspace(0, 10, 1001)
    local fine, info = ls.ode.solve(oscillator, {1, 0}, t, {rtol = 1e-9})
    -- far fewer steps than output times: most rows come from the interpolant
    assert.is_true(info.steps < 300, "steps " .. info.steps)
    assert.equal(ic.steps, info.steps)   -- the output times do not change the steps
    support.assert_small(oscillator_error(fine, t), 1e-6, "dense output")
    support.assert_small((coarse:row(3) - fine:row(1001)):norm(), 1e-15, "same last point")
  end)

  it("integrates backwards in time", function()
    local t = ls.linspace(0, -6, 61)
    local X = ls.ode.solve(oscillator, {1, 0}, t, {rtol = 1e-10})
    support.assert_small(oscillator_error(X, t), 1e-7, "backwards")
  end)

  it("follows the Kepler problem and conserves energy and angular momentum", function()
    local period = 2 * math.pi
    local t = ls.linspace(0, 3 * period, 61)
    local X, info = ls.ode.solve(kepler, KEPLER_X0, t, {rtol = 1e-10, atol = 1e-12})
    assert.is_true(info.rejected < info.steps)
    local worst, dE, dL = 0, 0, 0
    local E0, L0 = nil, nil
    for i = 1, t:rows() do
      local q = kepler_exact(t:get(i, 1))
      local r = X:row(i)
      local q1, q2, p1, p2 = r:get(1, 1), r:get(1, 2), r:get(1, 3), r:get(1, 4)
      worst = math.max(worst, math.abs(q1 - q[1]), math.abs(q2 - q[2]))
      local E = 0.5 * (p1 * p1 + p2 * p2) - 1 / math.sqrt(q1 * q1 + q2 * q2)
      local L = q1 * p2 - q2 * p1
      E0, L0 = E0 or E, L0 or L
      dE, dL = math.max(dE, math.abs(E - E0)), math.max(dL, math.abs(L - L0))
    end
    support.assert_small(worst, 1e-7, "position against Kepler's equation")
    support.assert_small(dE, 1e-8, "energy")
    support.assert_small(dL, 1e-8, "angular momentum")
    assert.is_true(math.abs(E0 + 0.5) < 1e-14)   -- -mu / 2a
  end)

  it("has RK4's order 4, measured", function()
    local errs = {}
    for i, h in ipairs{0.1, 0.05, 0.025} do
      local X, info = ls.ode.solve(oscillator, {1, 0}, {0, 5, 2}, {method = "rk4", hmax = h})
      assert.equal("rk4", info.method)
      assert.equal(math.floor(5 / h + 0.5), info.steps)
      assert.equal(4 * info.steps, info.evaluations)
      errs[i] = oscillator_error(X, ls.vector{0, 5})
    end
    for i = 1, 2 do
      local order = math.log(errs[i] / errs[i + 1], 2)
      assert.is_true(math.abs(order - 4) < 0.1, "measured order " .. order)
    end
  end)

  it("runs a model in C as the same field in Lua", function()
    local B = ls.basis.poly(2, 2)
    -- x' = -0.1 x - y + 0.2 x y, y' = x - 0.1 y - 0.3 x^2
    local W = ls.matrix{{0, -0.1, -1, 0, 0.2, 0}, {0, 1, -0.1, -0.3, 0, 0}}
    local model = setmetatable({W = W, B = B, m = 2}, ls.sindy.Model)
    local t = ls.linspace(0, 5, 51)
    local Xc = model:simulate({0.5, 0.2}, t)
    local Xl = ls.ode.solve(function(_, x) return W * B:eval(x:T()):T() end, {0.5, 0.2}, t)
    support.assert_small((Xc - Xl):abs():max(), 1e-13, "C model against Lua")
  end)

  it("passes errors of f through, and refuses bad input", function()
    local err = support.error_of(ls.ode.solve, function() error("boom") end, {1}, {0, 1, 2})
    assert.truthy(err:find("boom", 1, true))
    err = support.error_of(ls.ode.solve, function() return {1, 2} end, {1}, {0, 1, 2})
    assert.truthy(err:find("must return a Matrix or a list of 1 numbers", 1, true), err)
    err = support.error_of(ls.ode.solve, function() return {"x"} end, {1}, {0, 1, 2})
    assert.truthy(err:find("entry 1 is not one", 1, true), err)
    -- x' = x^2 from 1 blows up at t = 1
    err = support.error_of(ls.ode.solve, function(_, x) return x:hadamard(x) end, {1}, {0, 2, 3})
    assert.truthy(err:find("fell below rounding at t = 1.0000", 1, true), err)
    err = support.error_of(ls.ode.solve, oscillator, {1, 0}, {0, 100, 2}, {max_steps = 10})
    assert.truthy(err:find("max_steps (10) reached", 1, true), err)
    err = support.error_of(ls.ode.solve, oscillator, {1, 0}, {0, 1, 2}, {rtoll = 1})
    assert.truthy(err:find("bad option 'rtoll' to 'ode.solve'", 1, true), err)
    err = support.error_of(ls.ode.solve, oscillator, {1, 0}, ls.vector{0, 1, 0.5})
    assert.truthy(err:find("strictly increasing or decreasing", 1, true), err)
    err = support.error_of(ls.ode.solve, oscillator, {1, 0}, {0, 1, 2}, {method = "euler"})
    assert.truthy(err:find("bad option 'method'", 1, true), err)
    err = support.error_of(ls.ode.solve, 3, {1, 0}, {0, 1, 2})
    assert.truthy(err:find("a function f(t, x) or a fitted model expected", 1, true), err)
    err = support.error_of(ls.ode.solve, oscillator, {1, 0 / 0}, {0, 1, 2})
    assert.truthy(err:find("x0 must be finite", 1, true), err)
    -- raised at the caller's line
    local _, where = pcall(ls.ode.solve, oscillator, {1, 0}, {0, 1, 2}, {h0 = -1})
    assert.truthy(where:find("ode_spec.lua:%d+: bad option 'h0' to 'ode.solve'"), where)
  end)
end)
