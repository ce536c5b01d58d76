-- Lua code that runs while C works — a progress callback, a right side of
-- an ODE — may drop, collect or change the caller's matrices and options:
-- the C side must keep what it reads (the results equal the untampered
-- ones, and AddressSanitizer and valgrind, which run this spec, see no
-- use after free). And constraints without a solution are an error, not a
-- converged answer.
local ls = require "liesym"
local core = require "liesym.core"

-- a small exact promote problem: f = 1 + r^2 + x1 x2 on 6 points, so(2),
-- in poly(2, 3) (10 coefficients: no closed form)
local function problem()
  local B = ls.basis.poly(2, 3)
  local op = ls.lieder.model(B, ls.lie.so(2))
  local X = ls.matrix{{0.1, 0.2}, {-0.5, 0.3}, {0.7, -0.1}, {0.2, 0.9}, {-0.3, -0.6}, {0.8, 0.4}}
  local Y = 1 + X:hadamard(X) * ls.ones(2, 1) + X:col(1):hadamard(X:col(2))
  return {op = op, phi = B:eval(X), y = Y, tol = 1e-10, max_iter = 5000, every = 1}
end

describe("hostile callbacks", function()
  it("nuclear_admm keeps its data when progress drops and changes the options", function()
    local clean, _, info0 = core.nuclear_admm(problem())
    assert.is_true(info0.converged)
    local opts = problem()
    local calls = 0
    opts.progress = function()
      calls = calls + 1
      if opts.phi then opts.phi:set(1, 1, 1e6) end   -- the caller's matrix changes ...
      opts.phi, opts.y, opts.op = nil, nil, nil   -- ... and is dropped
      collectgarbage()
      collectgarbage()
    end
    local theta, _, info = core.nuclear_admm(opts)
    assert.is_true(calls > 0)
    assert.is_true(info.converged)
    assert.is_true((theta - clean):norm() <= 1e-12 * clean:norm())
  end)

  it("l1_admm keeps its data too", function()
    local phi = ls.matrix{{1, 2, 0}, {0, 1, 1}}
    local y = ls.matrix{{1}, {1}}
    local clean = core.l1_admm{phi = phi, y = y, tol = 1e-10}
    local opts = {phi = phi:copy(), y = y:copy(), tol = 1e-10, every = 1}
    opts.progress = function()
      if opts.phi then opts.phi:set(1, 1, -7) end
      opts.phi, opts.y = nil, nil
      collectgarbage()
    end
    local theta = core.l1_admm(opts)
    assert.is_true((theta - clean):norm() <= 1e-12)
  end)

  it("ode.solve integrates what it was given when f changes the times and x0", function()
    local t, x0 = ls.linspace(0, 1, 11), ls.vector{1, 0}
    local clean = ls.ode.solve(function(_, x) return {x:get(2, 1), -x:get(1, 1)} end, x0, t)
    local t2, x02 = t:copy(), x0:copy()
    local X = core.ode_solve(function(_, x)
      t2:set(5, 1, -100)      -- no longer monotone
      x02:set(1, 1, 1e9)
      collectgarbage()
      return {x:get(2, 1), -x:get(1, 1)}
    end, x02, t2, {})
    assert.is_true((X - clean):norm() == 0)
  end)
end)

describe("constraints without a solution", function()
  it("l1_fit reports them instead of a converged answer", function()
    -- Phi = [[1, 1], [1, 1]], y = (1, 2): no theta fits
    local ok, err = pcall(ls.l1_fit, ls.basis.poly(1, 1), ls.matrix{{1}, {1}}, ls.matrix{{1}, {2}})
    assert.is_false(ok)
    assert.truthy(tostring(err):find("l1_fit: the constraints Phi theta = y have no solution", 1, true), err)
    assert.truthy(tostring(err):find("hostile_spec.lua", 1, true), err)
    -- consistent but rank deficient: (1, 1) fits
    local W, info = ls.l1_fit(ls.basis.poly(1, 1), ls.matrix{{1}, {1}}, ls.matrix{{1}, {1}})
    assert.is_true(info.converged)
    assert.is_true(math.abs(W:get(1, 1) + W:get(1, 2) - 1) < 1e-9)
  end)
end)

describe("l1_admm on its problem's own scale", function()
  it("solves badly scaled data: phi = 1e-300 I, y = (1, 1) has theta = (1e300, 1e300)", function()
    local theta, info = core.l1_admm{phi = ls.eye(2) * 1e-300, y = ls.vector{1, 1}}
    assert.is_true(info.converged)
    assert.is_true(math.abs(theta:get(1, 1) / 1e300 - 1) < 1e-9 and math.abs(theta:get(2, 1) / 1e300 - 1) < 1e-9)
  end)

  it("does not stop where a huge or tiny penalty stalls: its certificate is checked", function()
    -- min |theta|_1 s.t. [[1, 2, 3], [3, 4, 1]] theta = (1, 1): theta = (0, 0.2, 0.2)
    local phi, y = ls.matrix{{1, 2, 3}, {3, 4, 1}}, ls.vector{1, 1}
    for _, rho in ipairs{1, 1e308, 1e-12} do
      local theta, info = core.l1_admm{phi = phi, y = y, rho = rho}
      if info.converged then
        assert.is_true((theta - ls.vector{0, 0.2, 0.2}):norm() < 1e-6, "rho " .. rho)
        assert.is_true(info.kkt <= 1e-6)
      else   -- never a confident wrong answer: a stall is reported
        assert.is_true(info.kkt == nil or info.kkt > 1e-6 or info.primal > 1e-8 or info.dual > 1e-8)
      end
      if rho ~= 1e-12 then assert.is_true(info.converged, "rho " .. rho) end
    end
  end)

  it("y = 0 gives theta = 0, phi = 0 with y != 0 has no solution", function()
    local theta, info = core.l1_admm{phi = ls.ones(2, 3), y = ls.zeros(2, 1)}
    assert.is_true(info.converged and theta:norm() == 0)
    assert.is_false(pcall(core.l1_admm, {phi = ls.zeros(2, 3), y = ls.ones(2, 1)}))
  end)
end)

describe("requests the machine cannot hold", function()
  it("fail at once against the memory limit, which a user may change", function()
    local limit = ls.memory_limit()
    assert.is_true(limit >= 2 ^ 20)
    for _, f in ipairs{function() return ls.zeros(2 ^ 31 - 1, 1) end,
                       function() return ls.rng(1):permutation(2 ^ 31 - 1) end} do
      local ok, err = pcall(f)
      assert.is_false(ok)
      assert.truthy(tostring(err):find("above the memory limit", 1, true), err)
    end
    assert.equal(limit, ls.memory_limit(2 ^ 24))   -- 16 MiB: returns the old limit
    local ok, err = pcall(ls.zeros, 2000, 2000)      -- 30.5 MiB
    assert.is_false(ok)
    assert.truthy(tostring(err):find("it needs 0.0298", 1, true), err)
    assert.equal(2000, ls.zeros(2000, 1000):rows())  -- 15.3 MiB fits
    ls.memory_limit(limit)
    assert.equal(limit, ls.memory_limit())
    assert.is_false(pcall(ls.memory_limit, 10))
  end)
end)


describe("bounded in time", function()
  it("ode.solve stops at max_time with an error naming it and the time reached", function()
    local t0 = ls.clock()
    local stiff = function(t, x) return {-1e6 * (x:get(1, 1) - math.cos(t))} end
    local ok, err = pcall(ls.ode.solve, stiff, {0}, {0, 1e4, 2}, {max_time = 0.2, max_steps = 1e12})
    assert.is_false(ok)
    assert.truthy(tostring(err):find("ode.solve: max_time (0.2 s) reached at t = ", 1, true), err)
    assert.is_true(ls.clock() - t0 < 5)
    assert.is_false(pcall(ls.ode.solve, stiff, {0}, {0, 1, 2}, {max_time = 0}))
  end)

  it("enforce's iterative method stops at max_time, naming it", function()
    local V = ls.action.V(ls.group.SO(3))
    local R = ls.action.hom(V ^ 4, V ^ 4)   -- 6561 unknowns: far more than 0.02 s
    local t0 = ls.clock()
    local ok, err = pcall(ls.enforce, R, {method = "iterative", max_time = 0.02})
    assert.is_false(ok)
    assert.truthy(tostring(err):find("enforce: max_time reached", 1, true), err)
    assert.is_true(ls.clock() - t0 < 5)
    local op = ls.lieder.model(ls.basis.poly(3, 3), ls.lie.so(3))
    assert.are.equal(2, ls.enforce(op, {max_time = 60}):dim())   -- no effect on a direct method
    assert.is_false(pcall(ls.enforce, op, {max_time = "soon"}))
  end)
end)

describe("bounded in time, inside other fits", function()
  it("sindy.fit passes max_time, max_iter and tol to its promote solve", function()
    local X = ls.ode.solve(function(_, x) return {x:get(2, 1), -x:get(1, 1)} end, {1, 0}, {0, 10, 200})
    local m = ls.sindy.fit(X, {t = 10 / 199, basis = ls.basis.poly(2, 2),
                               promote = {candidate = ls.lie.gl(2), gamma = 0.1, max_time = 30}})
    assert.are.equal("converged", m.promoted.info.reason)
    local stopped = ls.sindy.fit(X, {t = 10 / 199, basis = ls.basis.poly(2, 2),
                                     promote = {candidate = ls.lie.gl(2), gamma = 0.1, max_iter = 1}})
    assert.are.equal("max_iter", stopped.promoted.info.reason)
    local ok, err = pcall(ls.sindy.fit, X, {t = 10 / 199, promote = {candidate = ls.lie.gl(2), gamma = 0.1,
                                                                      max_time = -1}})
    assert.is_false(ok)
    assert.truthy(tostring(err):find("bad option 'max_time' to 'sindy.fit'", 1, true), err)
  end)
end)
