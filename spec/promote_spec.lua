-- Promote: nuclear-norm fits by ADMM, checked against their optimality
-- conditions (computed here, independently of the solver), against the
-- true coefficients of functions with a hidden symmetry, and the l1 baseline.
local ls = require "liesym"
local core = require "liesym.core"

-- F(x) = c1 + c2 t + c3 t², t = uᵀx: a function with the symmetries of the
-- hyperplane orthogonal to u; W_true from a least-squares fit on 200 points
local function ortho_problem(m, seed)
  local rng = ls.rng(seed)
  local B = ls.basis.poly(m, 2)
  local u = ls.randn(m, 1, rng)
  u = u / u:norm()
  local c = {rng:uniform(), rng:uniform(), rng:uniform()}
  local X = ls.rand(200, m, rng) * 2 - 1
  local t = X * u
  local Y = t:map(function(v) return c[1] + c[2] * v + c[3] * v * v end)
  local Wtrue = B:eval(X):lstsq(Y):T()
  return {B = B, X = X, Y = Y, Wtrue = Wtrue, rng = rng, m = m}
end

local function rel_inf_error(W, Wtrue)
  return (W - Wtrue):abs():max() / Wtrue:abs():max()
end

-- the dense operator vec(B(W)) = M·vec(W), rebuilt column by column from
-- op:matrix (independently of op:operator_matrix)
local operator_matrix = require("spec.promote_battery").operator_matrix

-- Λ ∈ ∂‖Z‖_*: Λ = U_r V_rᵀ + W with U_rᵀ W = 0, W V_r = 0, ‖W‖₂ ≤ 1
local function subgradient_defect(Z, Lambda)
  local U, s, V = Z:svd()
  local r = 0
  while r < s:rows() and s:get(r + 1) > 1e-6 * s:get(1) do r = r + 1 end
  local Ur, Vr = U:sub(1, U:rows(), 1, r), V:sub(1, V:rows(), 1, r)
  local W = Lambda - Ur * Vr:T()
  return math.max((Ur:T() * W):norm(), (W * Vr):norm(), W:norm(2) - 1), r
end

-- the exact problem's optimality, checked here: the certificate Λ is a
-- subgradient of ‖·‖_* at B(W), Mᵀvec(Λ) lies in the row space of Φ(X)
-- (M the operator rebuilt from op:matrix), and the objective is ‖B(W)‖_*
local function assert_exact_kkt(op, basis, X, W, info)
  local Z = op:matrix(W)
  local defect = subgradient_defect(Z, info.certificate)
  assert.is_true(defect <= 1e-5, "subgradient defect " .. defect)
  local M = operator_matrix(op, 1, basis:size())
  local g = M:T() * info.certificate:reshape(Z:rows() * Z:cols(), 1)
  local Phi = basis:eval(X)
  local mu = Phi:T():lstsq(g)
  assert.is_true((Phi:T() * mu - g):norm() <= 1e-5 * g:norm())
  assert.is_true(math.abs(info.objective - Z:norm("nuc")) <= 1e-6 * info.objective)
end

describe("promote: exact mode", function()
  local P = ortho_problem(4, 11)
  local Ns = core.poly_count(4, 2) + 1
  local Xs = ls.rand(Ns, 4, P.rng) * 2 - 1
  local op = ls.lieder.model(P.B, ls.lie.se(4):orthonormal(), {points = Xs, weights = ls.ones(Ns, 1)})
  local N = 9
  local X, Y = P.X:sub(1, N, 1, 4), P.Y:sub(1, N, 1, 1)
  local W, info = ls.promote(op, X, Y, {mode = "exact", tol = 1e-10, max_iter = 50000})

  it("converges and interpolates the data", function()
    assert.is_true(info.converged)
    assert.is_true(info.primal <= 1e-10 and info.dual <= 1e-10)
    local fit = ls.predict(P.B, W, X)
    assert.is_true((fit - Y):norm() <= 1e-7 * Y:norm())
  end)

  it("satisfies the KKT conditions (checked independently)", function()
    assert_exact_kkt(op, P.B, X, W, info)
  end)

  it("is no worse than the true coefficients, which are feasible", function()
    assert.is_true(op:matrix(W):norm("nuc") <= op:matrix(P.Wtrue):norm("nuc") * (1 + 1e-7))
  end)

  it("reports the spectrum of B(W)", function()
    local s = info.spectrum
    assert.are.equal(math.min(op:matrix(W):rows(), 10), #s.values)
    for i = 2, #s.values do assert.is_true(s.values[i] <= s.values[i - 1]) end
  end)
end)

describe("promote: a problem large enough for the Gram-route SVT", function()
  it("satisfies the KKT conditions (se(10): B is 66 x 55)", function()
    local P = ortho_problem(10, 13)
    local Ns = core.poly_count(10, 2) + 1
    local Xs = ls.rand(Ns, 10, P.rng) * 2 - 1
    local op = ls.lieder.model(P.B, ls.lie.se(10):orthonormal(), {points = Xs, weights = ls.ones(Ns, 1)})
    local _, q, s = op:shape()
    assert.is_true(math.min(s, q) >= 48)
    local X, Y = P.X:sub(1, 25, 1, 10), P.Y:sub(1, 25, 1, 1)
    local W, info = ls.promote(op, X, Y, {mode = "exact", tol = 1e-10, max_iter = 100000})
    assert.is_true(info.converged)
    assert_exact_kkt(op, P.B, X, W, info)
  end)
end)

describe("promote: recovery from fewer samples than the library", function()
  for _, case in ipairs{{"t", ls.lie.t, 1}, {"se", ls.lie.se, 0}} do
    it(("m = 5, d = 2, r = 1 with candidate %s(5)"):format(case[1]), function()
      local P = ortho_problem(5, 1)
      local Ns = core.poly_count(5, 2 - case[3]) + 1
      local Xs = ls.rand(Ns, 5, P.rng) * 2 - 1
      local op = ls.lieder.model(P.B, case[2](5):orthonormal(), {points = Xs, weights = ls.ones(Ns, 1)})
      local N = 16   -- fewer than the 21 library functions
      local X, Y = P.X:sub(1, N, 1, 5), P.Y:sub(1, N, 1, 1)
      local W = ls.promote(op, X, Y, {mode = "exact"})
      assert.is_true(rel_inf_error(W, P.Wtrue) < 5e-3)
      -- least squares (minimum norm) with the same samples cannot
      local Wl = P.B:eval(X):lstsq(Y):T()
      assert.is_true(rel_inf_error(Wl, P.Wtrue) > 5e-2)
      -- the recovered model keeps the symmetry: B(W) has the true rank
      -- (1 over t(5); r(2m - r + 1)/2 = 5 over se(5))
      assert.are.equal(case[1] == "t" and 1 or 5, op:matrix(W):rank(1e-6 * op:matrix(W):norm(2)))
    end)
  end
end)

describe("promote: Anderson acceleration and over-relaxation", function()
  it("reach the optimum of the plain iteration", function()
    local P = ortho_problem(4, 12)
    local op = ls.lieder.model(P.B, ls.lie.se(4):orthonormal())
    local X, Y = P.X:sub(1, 9, 1, 4), P.Y:sub(1, 9, 1, 1)
    local base = {mode = "exact", tol = 1e-11, max_iter = 200000}
    local Wp, ip = ls.promote(op, X, Y, {mode = "exact", tol = 1e-11, max_iter = 200000,
                                         accel = 0, alpha = 1})
    for _, o in ipairs{{accel = 10, alpha = 1}, {accel = 0, alpha = 1.6}, {accel = 5, alpha = 1.5}} do
      for key, v in pairs(base) do o[key] = v end
      local W, info = ls.promote(op, X, Y, o)
      assert.is_true(ip.converged and info.converged)
      assert.is_true(math.abs(info.objective - ip.objective) <= 1e-8 * ip.objective)
      assert.is_true((W - Wp):norm() <= 1e-5 * Wp:norm())
    end
  end)
end)

describe("promote: penalized mode", function()
  local P = ortho_problem(3, 4)
  local op = ls.lieder.model(P.B, ls.lie.t(3):orthonormal())   -- exact box measure
  local X, Y = P.X:sub(1, 30, 1, 3), P.Y:sub(1, 30, 1, 1)

  it("satisfies Φᵀ(ΦW − y) + γ Mᵀ vec(Λ) = 0 with Λ a subgradient", function()
    local gamma = 0.05
    local W, info = ls.promote(op, X, Y, {gamma = gamma, tol = 1e-10, max_iter = 50000})
    assert.is_true(info.converged)
    local k = P.B:size()
    local M = operator_matrix(op, 1, k)
    local Z = op:matrix(W)
    assert.is_true(subgradient_defect(Z, info.certificate) <= 1e-5)
    local Phi = P.B:eval(X)
    local grad = Phi:T() * (Phi * W:T() - Y) + gamma * (M:T() * info.certificate:reshape(Z:rows() * Z:cols(), 1))
    assert.is_true(grad:norm() <= 1e-5 * (Phi:T() * Y):norm())
  end)

  it("tends to least squares as gamma -> 0 and to symmetry as gamma grows", function()
    local Wsmall = ls.promote(op, X, Y, {gamma = 1e-9})
    local Wls = P.B:eval(X):lstsq(Y):T()
    assert.is_true((Wsmall - Wls):norm() <= 1e-5 * Wls:norm())
    local Wbig = ls.promote(op, X, Y, {gamma = 1e3})
    assert.is_true(op:matrix(Wbig):norm("nuc") <= 1e-6 * op:matrix(Wls):norm("nuc"))
  end)
end)

describe("promote: an l1 term (opts.lambda)", function()
  local P = ortho_problem(3, 6)
  local op = ls.lieder.model(P.B, ls.lie.t(3):orthonormal())
  local X, Y = P.X:sub(1, 12, 1, 3), P.Y:sub(1, 12, 1, 1)
  local k = P.B:size()
  local M = operator_matrix(op, 1, k)
  local Phi = P.B:eval(X)

  -- s ∈ ∂‖θ‖₁: s_i = sign θ_i where θ_i ≠ 0, |s_i| ≤ 1 elsewhere
  local function l1_defect(W, s)
    local worst = 0
    for i = 1, W:cols() do
      local w, si = W:get(1, i), s:get(i)
      local e = (math.abs(w) > 1e-7) and math.abs(si - (w > 0 and 1 or -1))
                or math.max(math.abs(si) - 1, 0)
      worst = math.max(worst, e)
    end
    return worst
  end

  it("penalized: Φᵀ(Φθ − y) + γ Mᵀvec(Λ) + λ s = 0, Λ and s subgradients", function()
    local gamma, lambda = 0.02, 0.01
    local W, info = ls.promote(op, X, Y, {gamma = gamma, lambda = lambda, tol = 1e-11,
                                          max_iter = 200000})
    assert.is_true(info.converged)
    local Z = op:matrix(W)
    assert.is_true(subgradient_defect(Z, info.certificate) <= 1e-5)
    local g = Phi:T() * (Phi * W:T() - Y) + gamma * (M:T() * info.certificate:reshape(Z:rows() * Z:cols(), 1))
    local defect = l1_defect(W, g * (-1 / lambda))
    assert.is_true(defect <= 1e-4, "l1 subgradient defect " .. defect)
    -- the objective the solver reports is the one it minimised
    local r = Phi * W:T() - Y
    local f = 0.5 * r:norm() ^ 2 + gamma * Z:norm("nuc") + lambda * W:abs():sum()
    assert.is_true(math.abs(info.objective - f) <= 1e-6 * f)
  end)

  it("exact: Mᵀvec(Λ) + λ s lies in the row space of Φ", function()
    local lambda = 0.05
    local Phi6, X6, Y6 = Phi:sub(1, 6, 1, k), X:sub(1, 6, 1, 3), Y:sub(1, 6, 1, 1)  -- 6 < k = 10
    local W, info = ls.promote(op, X6, Y6, {mode = "exact", lambda = lambda, tol = 1e-11,
                                          max_iter = 200000})
    assert.is_true(info.converged)
    assert.is_true((Phi6 * W:T() - Y6):norm() <= 1e-7 * Y6:norm())
    local Z = op:matrix(W)
    assert.is_true(subgradient_defect(Z, info.certificate) <= 1e-5)
    local g = M:T() * info.certificate:reshape(Z:rows() * Z:cols(), 1)
    -- λ s = Φᵀμ − g for some μ; among those, one with s a subgradient:
    -- the l1-optimal μ is not unique, so check the defect of the μ that
    -- makes the free (nonzero) coordinates exact
    local free = {}
    for i = 1, k do if math.abs(W:get(1, i)) > 1e-7 then free[#free + 1] = i end end
    local A = ls.zeros(#free, Phi6:rows())
    local b = ls.zeros(#free, 1)
    for a, i in ipairs(free) do
      for j = 1, Phi6:rows() do A:set(a, j, Phi6:get(j, i)) end
      b:set(a, 1, g:get(i) + lambda * (W:get(1, i) > 0 and 1 or -1))
    end
    local mu = A:lstsq(b)
    local s = (Phi6:T() * mu - g) * (1 / lambda)
    assert.is_true(l1_defect(W, s) <= 1e-4, "l1 subgradient defect " .. l1_defect(W, s))
  end)

  it("makes the fit sparser as lambda grows", function()
    local function nnz(W)
      local c = 0
      for i = 1, W:cols() do if math.abs(W:get(1, i)) > 1e-6 then c = c + 1 end end
      return c
    end
    local W0 = ls.promote(op, X, Y, {gamma = 0.02, tol = 1e-10, max_iter = 100000})
    local W1 = ls.promote(op, X, Y, {gamma = 0.02, lambda = 0.5, tol = 1e-10, max_iter = 100000})
    assert.is_true(nnz(W1) < nnz(W0))
  end)
end)

describe("l1 baseline", function()
  it("recovers a sparse polynomial from fewer samples than the library", function()
    local rng = ls.rng(8)
    local B = ls.basis.poly(4, 2)              -- 15 functions
    local Wtrue = ls.zeros(1, 15)
    Wtrue:set(1, 1, 1.5); Wtrue:set(1, 3, -2); Wtrue:set(1, 12, 0.7)
    local X = ls.rand(10, 4, rng) * 2 - 1
    local Y = ls.predict(B, Wtrue, X)
    local W, info = ls.l1_fit(B, X, Y, {tol = 1e-10, max_iter = 50000})
    assert.is_true(info.converged)
    assert.is_true(rel_inf_error(W, Wtrue) < 1e-6)
    -- the l1 norm is no larger than the truth's, and the data are fitted
    assert.is_true(W:abs():sum() <= Wtrue:abs():sum() * (1 + 1e-8))
    assert.is_true((ls.predict(B, W, X) - Y):norm() <= 1e-8 * Y:norm())
  end)
end)

describe("promote: progress and errors", function()
  local P = ortho_problem(3, 2)
  local op = ls.lieder.model(P.B, ls.lie.t(3):orthonormal())
  local X, Y = P.X:sub(1, 6, 1, 3), P.Y:sub(1, 6, 1, 1)

  it("calls progress every k iterations and stops when it returns true", function()
    local calls = {}
    local _, info = ls.promote(op, X, Y, {mode = "exact", every = 5, progress = function(it, pr, du, obj)
      calls[#calls + 1] = it
      assert.is_true(pr >= 0 and du >= 0 and obj >= 0)
      return #calls == 3
    end})
    assert.are.same({5, 10, 15}, calls)
    assert.is_true(info.stopped)
    assert.are.equal(15, info.iterations)
  end)

  it("prints the progress to stderr with verbose = true", function()
    local lines, saved = {}, io.stderr
    io.stderr = {write = function(_, text) lines[#lines + 1] = text end}  -- luacheck: ignore
    local ok, err = pcall(ls.promote, op, X, Y, {mode = "exact", verbose = true, every = 10,
                                                 max_iter = 30, tol = 1e-300})
    io.stderr = saved  -- luacheck: ignore
    assert.is_true(ok, err)
    assert.are.equal(3, #lines)
    local it, primal = lines[3]:match("^promote%s+(%d+)%s+primal (%S+)")
    assert.are.equal("30", it)
    assert.is_true(tonumber(primal) >= 0)
  end)

  it("converges on zero targets to W = 0 (the residuals' scales vanish there)", function()
    local W, info = ls.promote(op, X, Y * 0, {mode = "exact"})
    assert.is_true(info.converged)
    assert.is_true(info.primal == info.primal and info.dual == info.dual)  -- not NaN
    assert.are.equal(0, W:abs():max())
  end)

  it("raises an error from progress after the solver has cleaned up", function()
    local ok, err = pcall(ls.promote, op, X, Y, {mode = "exact", every = 1,
                                                 progress = function() error("boom") end})
    assert.is_false(ok)
    assert.is_truthy(tostring(err):find("boom"))
  end)

  it("rejects bad input with clear messages", function()
    local cases = {
      {"operator expected", function() return ls.promote(nil, X, Y) end},
      {"mode", function() return ls.promote(op, X, Y, {mode = "fast"}) end},
      {"gamma", function() return ls.promote(op, X, Y, {gamma = 0}) end},
      {"gamma", function() return ls.promote(op, X, Y, {gamma = -1}) end},
      {"an l1 weight needs a gamma", function() return ls.promote(op, X, Y, {lambda = 1}) end},
      {"lambda", function() return ls.promote(op, X, Y, {gamma = 1, lambda = -1}) end},
      {"lambda", function() return ls.promote(op, X, Y, {gamma = 1, lambda = "big"}) end},
      {"alpha", function() return ls.promote(op, X, Y, {gamma = 1, alpha = 2}) end},
      {"accel", function() return ls.promote(op, X, Y, {gamma = 1, accel = 1.5}) end},
      {"adapt_every", function() return ls.promote(op, X, Y, {gamma = 1, adapt_every = 0}) end},
      {"points", function() return ls.promote(op, ls.ones(6, 2), Y, {gamma = 1}) end},
      {"targets", function() return ls.promote(op, X, ls.ones(5, 1), {gamma = 1}) end},
      {"warm", function() return ls.promote(op, X, Y, {gamma = 1, warm = ls.ones(2, 2)}) end},
      {"tol", function() return ls.promote(op, X, Y, {gamma = 1, tol = 0}) end},
      {"max_iter", function() return ls.promote(op, X, Y, {gamma = 1, max_iter = 0.5}) end},
      {"progress", function() return ls.promote(op, X, Y, {gamma = 1, progress = 3}) end},
      {"basis expected", function() return ls.l1_fit(nil, X, Y) end},
      {"field must be", function() return core.poly_field_entries(3, 2, 1, ls.ones(2, 4), 2) end},
      {"offset", function() return core.poly_field_entries(3, 2, 1, ls.ones(3, 4), 2, -1) end},
      {"output degree", function() return core.poly_field_entries(3, 2, 2, ls.ones(3, 10), 2) end},
      {"parameters expected", function() return op:apply(ls.ones(3, 1)) end},
      {"bad option 'maxiter' to 'promote' %(unknown key%)",
       function() return ls.promote(op, X, Y, {gamma = 1, maxiter = 5}) end},
      {"bad option 'verbose' to 'promote'",
       function() return ls.promote(op, X, Y, {gamma = 1, verbose = 1}) end},
      {"bad option 'gamma' to 'promote' %(the exact mode",
       function() return ls.promote(op, X, Y, {mode = "exact", gamma = 1}) end},
      {"bad argument #4 to 'promote'", function() return ls.promote(op, X, Y, 3) end},
      {"bad option 'rho' to 'l1_fit'", function() return ls.l1_fit(P.B, X, Y, {rho = "x"}) end},
      {"bad option 'gamma' to 'l1_fit' %(unknown key%)",
       function() return ls.l1_fit(P.B, X, Y, {gamma = 1}) end},
      {"targets", function() return ls.l1_fit(P.B, X, ls.ones(6, 2)) end},
      {"NaN or Inf", function() return ls.l1_fit(P.B, X, Y:map(function() return 0 / 0 end)) end},
    }
    for _, case in ipairs(cases) do
      local ok, err = pcall(case[2])
      assert.is_false(ok, case[1])
      assert.is_truthy(tostring(err):find(case[1]), case[1] .. " in " .. tostring(err))
    end
  end)

  it("max_time bounds a solve, says so, and keeps the user's progress", function()
    local B = ls.basis.poly(10, 2)
    local op10 = ls.lieder.model(B, ls.lie.se(10))
    local rng = ls.rng(1)
    local X10 = ls.rand(40, 10, rng) * 2 - 1
    local Y10 = ls.rand(40, 1, rng)
    local seen = {}
    local W, info = ls.promote(op10, X10, Y10, {mode = "exact", method = "admm", max_time = 0.02,
                                           every = 3, progress = function(it) seen[#seen + 1] = it end})
    assert.equal("max_time (0.02 s)", info.reason)
    assert.is_false(info.converged)
    assert.equal(op10.n, W:rows())
    for _, it in ipairs(seen) do assert.equal(0, it % 3) end
    -- the same problem without the limit converges
    local _, full = ls.promote(op10, X10, Y10, {mode = "exact", method = "admm"})
    assert.is_true(full.converged)
    assert.is_true(full.iterations > info.iterations)
    local ok, err = pcall(ls.promote, op10, X10, Y10, {max_time = 0})
    assert.is_false(ok)
    assert.truthy(tostring(err):find("bad option 'max_time' to 'promote'", 1, true), err)
  end)
end)
