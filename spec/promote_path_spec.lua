-- The γ path of promote and its selection by cross-validation: the first
-- γ gives the fully symmetric least-squares fit (checked against enforce
-- and least squares, independently of the solver), every solve on the
-- path is optimal (spec/promote_battery.lua's check), the rank of B(W)
-- steps down as γ grows, and the selected γ keeps the true symmetry of a
-- function with a partial one; the utilities the folds use.
local ls = require "liesym"
local battery = require "spec.promote_battery"

-- f = x² + y² + 0.3 z: under so(3) only the rotations about z leave it
-- invariant, so B(W) has rank 2 for the true model (so(3) has dim 3)
local function partial_problem(N, noise, seed)
  local rng = ls.rng(seed or 1)
  local B = ls.basis.poly(3, 2)
  local op = ls.lieder.model(B, ls.lie.so(3))
  local X = ls.rand(N, 3, rng) * 2 - ls.ones(N, 3)
  local r = X:map(function(v) return v * v end)
  local Y = r:col(1) + r:col(2) + X:col(3) * 0.3 + ls.randn(N, 1, rng) * noise
  return op, X, Y, B
end

describe("promote_path", function()
  local op, X, Y, B = partial_problem(60, 1e-3)
  local path = ls.promote_path(op, X, Y)

  it("starts at the fully symmetric least-squares fit", function()
    local Ws = ls.fit(op, X, Y)    -- enforce so(3), then least squares
    assert.is_true((path.W[1] - Ws):norm() <= 1e-6 * Ws:norm())
    assert.are.equal(0, path.rank[1])
    assert.is_true(op:matrix(path.W[1]):norm() <= 1e-7 * path.W[1]:norm())
  end)

  it("solves every gamma to optimality", function()
    for i = 1, #path.gamma do
      local P = {op = op, B = B, X = X, Y = Y, n = 1, k = B:size(),
                 opts = {mode = "penalized", gamma = path.gamma[i]}}
      local info = path.info[i]
      info.certificate = nil
      -- the certificates are not kept on the path: solve this gamma alone
      local W, inf = ls.promote(op, X, Y, {gamma = path.gamma[i]})
      assert.is_true(battery.kkt(P, W, inf), "gamma " .. path.gamma[i])
      assert.is_true((W - path.W[i]):norm() <= 1e-5 * math.max(W:norm(), 1), "gamma " .. i)
      assert.is_true(info.converged)
    end
  end)

  it("decreases gamma geometrically over four decades, the misfit with it", function()
    assert.are.equal(20, #path.gamma)
    assert.is_true(math.abs(path.gamma[20] / path.gamma[1] - 1e-4) <= 1e-12)
    for i = 2, #path.gamma do
      assert.is_true(path.gamma[i] < path.gamma[i - 1])
      assert.is_true(path.misfit[i] <= path.misfit[i - 1] * (1 + 1e-8))
      assert.is_true(path.rank[i] >= path.rank[i - 1])   -- for this problem
    end
  end)

  it("selects a gamma that keeps exactly the rotations about z", function()
    local s = path.selected
    assert.are.equal(2, path.rank[s])
    local h = ls.discover(op, path.W[s])
    assert.are.equal(1, h:dim())
    -- the generator is the rotation in the (x, y) plane, up to scale
    local G = h:generators()[1]
    G = G / G:norm()
    local Rz = ls.matrix{{0, -1, 0}, {1, 0, 0}, {0, 0, 0}} / math.sqrt(2)
    assert.is_true(math.min((G - Rz):norm(), (G + Rz):norm()) <= 1e-2)
  end)

  it("applies the one-standard-error rule to the cross-validation errors", function()
    local best = 1
    for i = 2, #path.gamma do
      if path.cv_error[i] < path.cv_error[best] then best = i end
    end
    local bound = path.cv_error[best] + path.cv_se[best]
    local first
    for i = 1, #path.gamma do
      if path.cv_error[i] <= bound then first = i; break end
    end
    assert.are.equal(first, path.selected)
    local pmin = ls.promote_path(op, X, Y, {select = "min"})
    assert.are.equal(best, pmin.selected)
  end)

  it("is deterministic for a seed", function()
    local again = ls.promote_path(op, X, Y)
    for i = 1, #path.gamma do assert.are.equal(path.cv_error[i], again.cv_error[i]) end
  end)

  it("is what promote uses without gamma, and says so", function()
    local W, info = ls.promote(op, X, Y)
    assert.are.equal(path.gamma[path.selected], info.gamma)
    assert.matches("cross%-validation: 5 folds, 1se rule", info.gamma_from)
    assert.is_true((W - path.W[path.selected]):norm() <= 1e-12 * W:norm())
  end)

  it("prints as a table", function()
    local text = tostring(path)
    assert.matches("promote path: 20 gammas from", text)
    assert.matches("\n %-> ", text)
  end)

  it("takes a list of gammas and no cross-validation", function()
    local p2 = ls.promote_path(op, X, Y, {gammas = {1, 0.1}, folds = 0})
    assert.are.same({1, 0.1}, p2.gamma)
    assert.is_nil(p2.cv_error)
    assert.are.equal(2, p2.selected)
  end)
end)

describe("the penalty above which W is fully symmetric", function()
  it("gives B(W) = 0 at gamma0 and not at gamma0 / 2 (a problem without symmetry)", function()
    local op, X, Y = partial_problem(30, 1e-2, 4)
    local g0 = ls.promote_path(op, X, Y, {n_gamma = 1, folds = 0}).gamma0
    local W1 = ls.promote(op, X, Y, {gamma = g0})
    local W2 = ls.promote(op, X, Y, {gamma = g0 / 2})
    assert.is_true(op:matrix(W1):norm() <= 1e-7 * W1:norm())
    assert.is_true(op:matrix(W2):norm() >= 1e-3 * W2:norm())
  end)
end)

describe("the folds' utilities", function()
  it("Rng:permutation is a permutation of 1..n, the same for a seed", function()
    local p = ls.rng(5):permutation(50)
    local seen = {}
    for i = 1, 50 do
      local v = p:get(i)
      assert.is_true(math.type(v) == "float" and v == math.floor(v) and v >= 1 and v <= 50)
      assert.is_nil(seen[v])
      seen[v] = true
    end
    assert.are.equal(0, (p - ls.rng(5):permutation(50)):norm())
    assert.is_true((p - ls.rng(6):permutation(50)):norm() > 0)
  end)

  it("Matrix:select_rows takes rows in order, repeats allowed", function()
    local A = ls.randn(5, 3, ls.rng(1))
    local S = A:select_rows{4, 2, 4}
    assert.are.equal(0, (S:sub(1, 1, 1, 3) - A:sub(4, 4, 1, 3)):norm())
    assert.are.equal(0, (S:sub(2, 2, 1, 3) - A:sub(2, 2, 1, 3)):norm())
    assert.are.equal(0, (S:sub(3, 3, 1, 3) - A:sub(4, 4, 1, 3)):norm())
    assert.are.equal(0, (A:select_rows(ls.matrix{{1}, {2}, {3}, {4}, {5}}) - A):norm())
    assert.are.same({0, 3}, {A:select_rows{}:shape()})
  end)

  it("LieOp:gram(N) is the Gram matrix of W -> B(W) N (against the dense operator)", function()
    local op = ls.lieder.model(ls.basis.poly(3, 2), ls.lie.so(3))
    local _, q, s = op:shape()
    local N = ls.randn(q, 2, ls.rng(3))
    local M = op:dense()                       -- (s q) x p
    local P = ls.kron(N:T(), ls.eye(s)) * M    -- vec(B(W) N) = (Nᵀ ⊗ I) M vec(W)
    local want = P:T() * P
    assert.is_true((op:gram(N) - want):norm() <= 1e-12 * want:norm())
  end)
end)
