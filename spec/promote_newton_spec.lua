-- The exact mode's Newton method (promote_newton.c): it reaches the
-- optimum ADMM reaches, its certificate passes the independent optimality
-- check, the automatic method turns to it only when ADMM is slow, and its
-- options are checked.
local ls = require "liesym"
local battery = require "spec.promote_battery"

-- the recovery experiment in small: F(x) = φ(uᵀx) on R^6, φ a random
-- quadratic, candidate se(6) on k + 1 points, N training points
local function recovery(N, seed)
  local m = 6
  local rng = ls.rng(seed or 42)
  local U = ls.randn(m, 1, rng):svd()
  local phi = ls.basis.poly(1, 2)
  local c = ls.rand(1, phi:size(), rng)
  local B = ls.basis.poly(m, 2)
  local k = B:size()
  local op = ls.lieder.model(B, ls.lie.se(m):orthonormal(), {points = ls.rand(k + 1, m, rng) * 2 - 1})
  local X = ls.rand(N, m, rng) * 2 - 1
  local Y = phi:eval(X * U) * c:T()
  return {op = op, B = B, X = X, Y = Y, n = 1, k = k, opts = {mode = "exact"}}
end

describe("promote's Newton method (exact mode)", function()
  it("reaches ADMM's optimum, with a certificate that passes the optimality check", function()
    for _, N in ipairs({6, 9, 14, 20}) do
      local P = recovery(N)
      local W1, i1 = ls.promote(P.op, P.X, P.Y, {mode = "exact", method = "admm"})
      local W2, i2 = ls.promote(P.op, P.X, P.Y, {mode = "exact", method = "newton"})
      assert.is_true(i1.converged and i2.converged)
      assert.equal("admm", i1.method)
      assert.equal("newton", i2.method)
      assert.is_true(i2.newton_steps > 0 and i2.cg_steps > 0)
      -- the same optimum: objectives within the tolerance's reach, and the
      -- same W (the optimum is unique here: nonunique = 0)
      assert.equal(0, i2.nonunique)
      assert.is_true(math.abs(i1.objective - i2.objective) <= 1e-7 * i1.objective)
      assert.is_true((W1 - W2):norm() <= 1e-5 * W1:norm())
      -- the objective is |B(W)|_* of the W returned
      assert.is_true(math.abs(P.op:matrix(W2):norm("nuc") - i2.objective) <= 1e-9 * i2.objective)
      local ok, why = battery.kkt(P, W2, i2)
      assert.is_true(ok, why)
    end
  end)

  it("converges at a loose tolerance, where its Jacobian products run in single precision", function()
    -- tol 1e-5 (the recovery experiment's): every subproblem is solved to
    -- 5e-6 or looser, so every CG step uses single-precision products
    for _, N in ipairs({9, 14}) do
      local P = recovery(N, 7)
      local _, tight = ls.promote(P.op, P.X, P.Y, {mode = "exact", method = "newton"})
      local W, loose = ls.promote(P.op, P.X, P.Y, {mode = "exact", method = "newton", tol = 1e-5})
      assert.is_true(loose.converged and loose.cg_steps > 0)
      assert.is_true(loose.primal <= 1e-5 and loose.dual <= 1e-5)
      local ok, why = battery.kkt(P, W, loose, 1e-4)
      assert.is_true(ok, why)
      assert.is_true(math.abs(loose.objective - tight.objective) <= 1e-4 * tight.objective)
    end
  end)

  it("auto turns to Newton after newton_after ADMM iterations, and only then", function()
    local P = recovery(9)
    local _, slow = ls.promote(P.op, P.X, P.Y, {mode = "exact", method = "admm"})
    assert.is_true(slow.iterations > 20)
    local _, auto = ls.promote(P.op, P.X, P.Y, {mode = "exact", newton_after = 10})
    assert.equal("newton", auto.method)
    assert.is_true(auto.converged and auto.iterations > 10)
    local _, late = ls.promote(P.op, P.X, P.Y, {mode = "exact", newton_after = slow.iterations + 10})
    assert.equal("admm", late.method)
    assert.equal(0, late.newton_steps)
    assert.equal(slow.iterations, late.iterations)
    -- the penalized mode and an l1 term take ADMM whatever the method
    local _, pen = ls.promote(P.op, P.X, P.Y, {gamma = 0.1, newton_after = 0})
    assert.equal("admm", pen.method)
  end)

  it("reports its work to progress, which can stop it", function()
    local P = recovery(9)
    local calls, last = 0, 0
    local _, info = ls.promote(P.op, P.X, P.Y, {mode = "exact", method = "newton", every = 1,
      progress = function(it, primal, dual)
        calls = calls + 1
        assert.is_true(it >= last and primal >= 0 and dual >= 0)
        last = it
        return calls == 2
      end})
    assert.equal(2, calls)
    assert.is_true(info.stopped)
    assert.is_false(info.converged)
  end)

  it("restarts at an optimum with its certificate and penalty in a few steps", function()
    local P = recovery(14)
    local W, info = ls.promote(P.op, P.X, P.Y, {mode = "exact", method = "newton"})
    local W2, again = ls.promote(P.op, P.X, P.Y, {mode = "exact", method = "newton", warm = W,
                                                  warm_dual = info.certificate, rho = info.rho})
    assert.is_true(again.converged)
    assert.is_true(again.iterations <= 5, again.iterations)
    assert.is_true((W2 - W):norm() <= 1e-6 * W:norm())
  end)

  it("solves the fully symmetric problem a user tries first", function()
    -- h = 1 + r² − r⁴/2 at 8 points, poly(2, 4), so(2): B(W) = 0 at the optimum
    local rng = ls.rng(3)
    local X = ls.rand(8, 2, rng) * 2 - 1
    local r2 = X:hadamard(X) * ls.ones(2, 1)
    local Y = r2:map(function(v) return 1 + v - 0.5 * v * v end)
    local B = ls.basis.poly(2, 4)
    local op = ls.lieder.model(B, ls.lie.so(2))
    local W, info = ls.promote(op, X, Y, {mode = "exact", method = "newton"})
    assert.is_true(info.converged)
    local ok, why = battery.kkt({op = op, B = B, X = X, Y = Y, n = 1, k = B:size(),
                                 opts = {mode = "exact"}}, W, info)
    assert.is_true(ok, why)
  end)

  it("checks its options", function()
    local P = recovery(9)
    local function err(opts, pattern)
      local ok, msg = pcall(ls.promote, P.op, P.X, P.Y, opts)
      assert.is_false(ok)
      assert.truthy(tostring(msg):find(pattern, 1, true), tostring(msg))
      assert.truthy(tostring(msg):find("promote", 1, true), tostring(msg))
    end
    err({mode = "exact", method = "bfgs"}, "method")
    err({mode = "exact", method = 1}, "method")
    err({gamma = 1, method = "newton"}, "method")
    err({mode = "exact", lambda = 0.1, method = "newton"}, "method")
    err({mode = "exact", newton_after = -1}, "newton_after")
    err({mode = "exact", newton_after = 1.5}, "newton_after")
    err({mode = "exact", warm_dual = ls.zeros(2, 2)}, "warm_dual")
    err({mode = "exact", warm_dual = "x"}, "warm_dual")
  end)
end)
