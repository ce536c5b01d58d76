-- ls.lieder.grid_operator: operators K on sampled fields, L_ξK = D_ξK −
-- KD_ξ. Checks: on a periodic grid the translation-equivariant operators
-- are the n circulants (with the one-cell shift, with the spectral
-- generator whose Nyquist mode is distinct, and n + 2 with the plain
-- derivative, the count of the commutant of a derivative with a double
-- eigenvalue 0); the structured (orbit) subspace equals the generic
-- nullspace; discover names translations for the Laplacian and a random
-- circulant and nothing for a random matrix; in 2-D the Laplacian and a
-- Gaussian blur keep se(2), an advection breaks the rotation; promote
-- recovers a smoothing convolution from fewer field pairs than points.
local ls = require "liesym"
local support = require "spec.support"

local pi = math.pi

-- the n x n circulant with first column c
local function circulant(c)
  local n = c:rows()
  local cols = {}
  for j = 1, n do
    local col = ls.zeros(n, 1)
    for i = 1, n do col:set(i, 1, c:get((i - j) % n + 1, 1)) end
    cols[j] = col
  end
  return ls.hcat(cols)
end

describe("ls.lieder.grid_operator on a periodic 1-D grid", function()
  local n = 12
  local g = ls.field.grid{n = n}
  local op = ls.lieder.grid_operator(g, ls.lie.t(1))

  it("gives the n circulants under translations, structured and generic alike", function()
    local S = ls.enforce(op)
    assert.are.equal(n, S:dim())
    assert.are.equal(n * n, S:ambient_dim())
    assert.are.equal("convolutions", S:spectrum().method)
    local Sg = ls.enforce(op, {method = "svd"})
    support.assert_same_subspace(S, Sg, "structured = generic")
    -- a circulant is in it, its projection is itself; a random matrix is not
    local C = circulant(ls.randn(n, 1, ls.rng(2)))
    support.assert_small((S:project(C:reshape(n * n, 1)) - C:reshape(n * n, 1)):norm(), 1e-12, "circulant")
    local R = ls.randn(n * n, 1, ls.rng(3))
    assert.is_true((S:project(R) - R):norm() > 0.5 * R:norm())
  end)

  it("counts n + 2 with the plain spectral derivative, n with the shift added", function()
    local z = ls.field.grid{n = n, nyquist = "zero"}
    assert.are.equal(n + 2, ls.enforce(ls.lieder.grid_operator(z, ls.lie.t(1))):dim())
    local shifted = ls.lieder.grid_operator(z, ls.lie.t(1), {discrete = {z:shift(1, 1)}})
    assert.are.equal(n, ls.enforce(shifted):dim())
    -- the shift alone (no algebra generator) gives the circulants too
    local zero = ls.lie.from({}, 2)
    assert.are.equal(n, ls.enforce(ls.lieder.grid_operator(z, zero, {discrete = {z:shift(1, 1)}})):dim())
    -- odd n has no Nyquist mode: n either way
    local odd = ls.field.grid{n = n + 1, nyquist = "zero"}
    assert.are.equal(n + 1, ls.enforce(ls.lieder.grid_operator(odd, ls.lie.t(1))):dim())
  end)

  it("discovers translations in the Laplacian and a random circulant, none in a random matrix", function()
    local D = g:derivative(1)
    local lap = ls.discover(op, D * D)
    assert.are.equal(1, lap:dim())
    assert.is_true(lap:spectrum().clear)
    assert.are.equal(1, ls.discover(op, circulant(ls.randn(n, 1, ls.rng(4)))):dim())
    local none = ls.discover(op, ls.randn(n, n, ls.rng(5)))
    assert.are.equal(0, none:dim())
    assert.is_true(none:spectrum().clear)
  end)

  -- #heavy: 16.7 million labels, slow under valgrind (the ASan run keeps it)
  it("keeps the structured subspace small on a 64 x 64 grid (N^2 = 16.7 million) #heavy", function()
    local g2 = ls.field.grid{n = {64, 64}, box = {{0, 1}, {0, 1}}}
    local S = ls.enforce(ls.lieder.grid_operator(g2, ls.lie.t(2)))
    assert.are.equal(4096, S:dim())
    assert.are.equal(4096 * 4096, S:ambient_dim())
  end)
end)

-- #heavy: operators with 2.6 million entries, minutes under valgrind
describe("ls.lieder.grid_operator on a 2-D grid #heavy", function()
  -- fields decaying inside [-pi, pi]^2, where the rotation's generator is
  -- accurate: Gaussians of width 0.4 centred near the origin
  local n = 40
  local g = ls.field.grid{n = {n, n}, box = {{-pi, pi}, {-pi, pi}}}
  local rng = ls.rng(5)
  local cols = {}
  for j = 1, 16 do
    local cx, cy = rng:uniform() - 0.5, rng:uniform() - 0.5
    cols[j] = g:sample(function(x, y) return math.exp(-((x - cx) ^ 2 + (y - cy) ^ 2) / 0.32) end)
  end
  local op = ls.lieder.grid_operator(g, ls.lie.se(2), {test_fields = ls.hcat(cols)})
  local Dx = ls.kron(ls.eye(n), g:derivative(1))
  local Dy = ls.kron(g:derivative(2), ls.eye(n))
  local lap = -(Dx:T() * Dx + Dy:T() * Dy)

  it("finds se(2) in the Laplacian and a Gaussian blur, translations only in an advection", function()
    local full = ls.discover(op, lap)
    assert.are.equal(3, full:dim())
    local blur = ls.discover(op, ls.expm(lap * (0.25 ^ 2 / 2)))
    assert.are.equal(3, blur:dim())
    local adv = ls.discover(op, Dx + Dy * 0.5)
    assert.are.equal(2, adv:dim())
    assert.is_true(adv:spectrum().gap > 1e3)
    -- the two kept are the translations: the rotation's coefficient is 0
    local N = adv:coefficients()
    support.assert_small(N:row(1):norm(), 1e-8, "no rotation")
  end)
end)

describe("ls.promote on a grid operator", function()
  it("recovers a smoothing convolution from fewer field pairs than points", function()
    local n, M = 64, 6
    local g = ls.field.grid{n = n}
    local op = ls.lieder.grid_operator(g, ls.lie.t(1))
    local P = g:points()
    local h = 2 * pi / n
    local c = ls.zeros(n, 1)
    for i = 1, n do
      local d = P:get(i, 1)
      local s = 0
      for a = -2, 2 do s = s + math.exp(-(d + 2 * pi * a) ^ 2 / (2 * 0.3 ^ 2)) end
      c:set(i, 1, s * h / math.sqrt(2 * pi * 0.09))
    end
    local K = circulant(c)
    local U = ls.randn(M, n, ls.rng(6))
    local V = U * K:T()
    local W, info = ls.promote(op, U, V, {mode = "exact"})
    assert.is_true(info.converged)
    support.assert_small((W - K):norm() / K:norm(), 1e-6, "recovered")
    -- least squares cannot: M < n leaves K undetermined
    local Wl = U:lstsq(V):T()
    assert.is_true((Wl - K):norm() / K:norm() > 0.3)
    local found = ls.discover(op, W)
    assert.are.equal(1, found:dim())
  end)
end)

describe("the grid operator's Lie derivative", function()
  -- against the commutator of the dense generators (ls.field.generators),
  -- in the norm of the quadrature: sqrt(w) (D K - K D) / sqrt(w), or on test fields
  local function expected(g, alg, K, T, act)
    local w = g:weights()
    if act then w = ls.kron(ls.ones(act:dim(), 1), w) end
    local sw = ls.diag(w:map(math.sqrt))
    local isw = ls.diag(w:map(function(v) return 1 / math.sqrt(v) end))
    local cols = {}
    for i, D in ipairs(ls.field.generators(g, alg, {action = act})) do
      local Z = sw * (D * K - K * D)
      Z = T and Z * T or Z * isw
      cols[i] = Z:reshape(Z:rows() * Z:cols(), 1)
    end
    return ls.hcat(cols)
  end

  it("is the commutator with the generators, on closed and periodic 2-D grids", function()
    for _, g in ipairs{ls.field.grid{n = {7, 6}, box = {{-1, 1}, {0, 2}}, periodic = false, order = 4},
                       ls.field.grid{n = {6, 5}}} do
      local N = g:size()
      local K = ls.randn(N, N, ls.rng(N))
      for _, alg in ipairs{ls.lie.se(2), ls.lie.gl(2), ls.lie.vector_fields(2, 2)} do
        local op = ls.lieder.grid_operator(g, alg)
        local E = expected(g, alg, K)
        local B = op:apply(K:reshape(N * N, 1))
        support.assert_small((B - E):norm() / E:norm(), 1e-12, tostring(g))
        local T = ls.randn(N, 3, ls.rng(1))
        local opt = ls.lieder.grid_operator(g, alg, {test_fields = T})
        local Et = expected(g, alg, K, T)
        support.assert_small((opt:apply(K:reshape(N * N, 1)) - Et):norm() / Et:norm(), 1e-12, "test fields")
        -- the adjoint: <B(K), Y> = <K, B*(Y)>
        local Y = ls.randn(B:rows(), B:cols(), ls.rng(2))
        local lhs = ls.dot(B:reshape(B:rows() * B:cols(), 1), Y:reshape(B:rows() * B:cols(), 1))
        local rhs = ls.dot(K:reshape(N * N, 1), op:adjoint(Y))
        support.assert_small(math.abs(lhs - rhs) / math.abs(lhs), 1e-12, "adjoint")
      end
      -- discrete maps with quadrature weights (their userdata stay anchored)
      local opd = ls.lieder.grid_operator(g, ls.lie.se(2), {discrete = {ls.eye(N)}})
      support.assert_small((opd:apply(K:reshape(N * N, 1)) - expected(g, ls.lie.se(2), K)):norm()
                           / K:norm(), 1e-12, "with a discrete map")
      -- vector fields (the fiber term) take the sparse generators
      local V = ls.action.V(ls.group.SO(2))
      local K2 = ls.randn(2 * N, 2 * N, ls.rng(3))
      local opv = ls.lieder.grid_operator(g, ls.lie.so(2), {input_action = V, output_action = V})
      local Ev = expected(g, ls.lie.so(2), K2, nil, V)
      support.assert_small((opv:apply(K2:reshape(4 * N * N, 1)) - Ev):norm() / Ev:norm(), 1e-12,
                           "vector fields")
    end
  end)
end)

describe("a grid operator structured by a kernel basis", function()
  local g = ls.field.grid{n = 16}
  local b = ls.basis.fourier(2, 3)   -- e^{i(a x + c y)}, |a|, |c| <= 3: 49 functions
  local op = ls.lieder.grid_operator(g, ls.lie.t(1), {basis = b})

  it("keeps the kernels of x - y: the 7 modes e^{ik(x - y)}, |k| <= 3", function()
    local S = ls.enforce(op)
    assert.are.equal(7, S:dim())
    local theta = S:sample(ls.rng(1))
    local K = op:operator(theta)
    local C = ls.enforce(ls.lieder.grid_operator(g, ls.lie.t(1)))
    local k = K:reshape(256, 1)
    support.assert_small((C:project(k) - k):norm() / k:norm(), 1e-12, "a circulant")
    assert.are.equal(1, ls.discover(op, theta:T()):dim())
    assert.are.equal(0, ls.discover(op, ls.randn(1, 49, ls.rng(2))):dim())
  end)

  it("promotes: recovers the coefficients of a convolution from 3 field pairs", function()
    local theta = ls.enforce(op):sample(ls.rng(3))
    local U = ls.randn(3, 16, ls.rng(4))
    local V = U * op:operator(theta):T()
    local W, info = ls.promote(op, U, V, {mode = "exact"})
    assert.is_true(info.converged)
    support.assert_small((W:reshape(49, 1) - theta):norm() / theta:norm(), 1e-6, "recovered")
    local Wf = ls.fit(op, U, V)   -- least squares with the symmetry enforced
    support.assert_small((Wf:reshape(49, 1) - theta):norm() / theta:norm(), 1e-8, "fit")
  end)

  it("refuses bases of the wrong size and vector fields", function()
    local e = support.error_of(ls.lieder.grid_operator, g, ls.lie.t(1), {basis = ls.basis.poly(3, 1)})
    assert.truthy(e:find("R^1 x R^1", 1, true), e)
    e = support.error_of(ls.lieder.grid_operator, g, ls.lie.t(1), {basis = "fourier"})
    assert.truthy(e:find("a Basis expected", 1, true), e)
    e = support.error_of(ls.promote, op, ls.ones(2, 16), ls.ones(3, 16), {mode = "exact"})
    assert.truthy(e:find("targets: a 2x16 matrix", 1, true), e)
    e = support.error_of(op.operator, op, ls.ones(3, 1))
    assert.truthy(e:find("49 coefficients", 1, true), e)
    local kop = ls.lieder.kernel(ls.basis.poly(2, 2), ls.lie.t(1))
    e = support.error_of(kop.operator, kop, ls.ones(1, 6))
    assert.truthy(e:find("only operators on grid fields", 1, true), e)
  end)
end)

describe("the closed form of promote (periodic 1-D, translations)", function()
  it("is the generic exact solver's optimum, for any target and any number of pairs", function()
    local n = 16
    local g = ls.field.grid{n = n}
    local op = ls.lieder.grid_operator(g, ls.lie.t(1))
    for _, M in ipairs{3, 7, 11} do   -- the dual route (M <= n/2) and the null-space route
      local U = ls.randn(M, n, ls.rng(M))
      local V = U * ls.randn(n, n, ls.rng(100 + M)):T()   -- no symmetry to find
      local W, info = ls.promote(op, U, V, {mode = "exact"})
      assert.are.equal("fourier", info.method)
      assert.is_true(info.converged and info.unique)
      local Wg, ig = ls.promote(op, U, V, {mode = "exact", method = "newton"})
      assert.is_true(ig.converged)
      support.assert_small((U * W:T() - V):norm() / V:norm(), 1e-12, "feasible")
      local obj, objg = op:matrix(W):norm(), op:matrix(Wg):norm()
      support.assert_small((obj - objg) / objg, 1e-7, "the same optimal value, M = " .. M)
      support.assert_small((W - Wg):norm() / Wg:norm(), 1e-5, "the same optimum, M = " .. M)
    end
  end)

  it("solves the penalized mode too: the generic solver's optimum, and the circulant fit above gamma_max", function()
    local n, M = 16, 5
    local g = ls.field.grid{n = n}
    local op = ls.lieder.grid_operator(g, ls.lie.t(1))
    local U = ls.randn(M, n, ls.rng(1))
    local V = U * ls.randn(n, n, ls.rng(2)):T()
    local function objective(W, gamma) return 0.5 * (U * W:T() - V):norm() ^ 2 + gamma * op:matrix(W):norm() end
    local gmax
    for _, gamma in ipairs{1e-3, 1, 30, 1e3} do
      local W, info = ls.promote(op, U, V, {mode = "penalized", gamma = gamma})
      assert.are.equal("fourier", info.method)
      assert.is_true(info.converged)
      gmax = info.gamma_max
      local Wg, ig = ls.promote(op, U, V, {mode = "penalized", gamma = gamma, method = "admm"})
      assert.is_true(ig.converged)
      local f, fg = objective(W, gamma), objective(Wg, gamma)
      assert.is_true(f <= fg * (1 + 1e-9), ("gamma %g: %.12g > %.12g"):format(gamma, f, fg))
      support.assert_small((f - fg) / fg, 1e-7, "the same optimal value, gamma " .. gamma)
      if gamma > gmax then   -- B(W) = 0: the circulant least-squares fit
        support.assert_small(op:matrix(W):norm() / W:norm(), 1e-12, "circulant")
        assert.are.equal(0, info.spectrum.rank)
      end
    end
    assert.is_true(gmax > 30 and gmax < 1e3)
  end)

  it("refuses inconsistent pairs in the exact mode", function()
    local g = ls.field.grid{n = 8}
    local op = ls.lieder.grid_operator(g, ls.lie.t(1))
    local U = ls.randn(12, 8, ls.rng(1))
    local V = ls.randn(12, 8, ls.rng(2))   -- 12 pairs of 8 points: no exact operator
    local err = support.error_of(ls.promote, op, U, V, {mode = "exact"})
    assert.truthy(err:find("no operator reproduces", 1, true), err)
  end)
end)

describe("ls.lieder.grid_operator input", function()
  it("refuses bad arguments and options", function()
    local g = ls.field.grid{n = 8}
    local t = ls.lie.t(1)
    local e = support.error_of(ls.lieder.grid_operator, {}, t)
    assert.truthy(e:find("grid expected", 1, true), e)
    e = support.error_of(ls.lieder.grid_operator, g, ls.lie.so(3))
    assert.truthy(e:find("grid_operator", 1, true), e)
    e = support.error_of(ls.lieder.grid_operator, g, t, {suport = 1})
    assert.truthy(e:find("suport", 1, true), e)
    e = support.error_of(ls.lieder.grid_operator, g, t, {discrete = {ls.eye(3)}})
    assert.truthy(e:find("discrete", 1, true), e)
    e = support.error_of(ls.lieder.grid_operator, g, t, {discrete = {ls.zeros(8, 8)}})
    assert.truthy(e:find("invertible", 1, true), e)
    e = support.error_of(ls.lieder.grid_operator, g, t, {test_fields = ls.ones(3, 2)})
    assert.truthy(e:find("test_fields", 1, true), e)
    local op = ls.lieder.grid_operator(g, t)
    e = support.error_of(ls.enforce, op, {method = "convolutions", rtol = 1e-3})
    assert.truthy(e:find("rtol", 1, true), e)
    local opd = ls.lieder.grid_operator(g, t, {discrete = {g:shift(1, 2)}})
    e = support.error_of(ls.enforce, opd, {method = "convolutions"})
    assert.truthy(e:find("convolutions", 1, true), e)
    e = support.error_of(ls.discover, op, ls.ones(4, 4))
    assert.truthy(e:find("8x8", 1, true), e)
    e = support.error_of(ls.promote, op, ls.ones(3, 5), ls.ones(3, 8), {mode = "exact"})
    assert.truthy(e:find("input fields", 1, true) or e:find("8 columns", 1, true), e)
  end)
end)

describe("axis operators (src/core/smat.c)", function()
  it("give their four blocked products and dense form as the entrywise reference", function()
    local core = require "liesym.core"
    for _, c in ipairs{{5, 1, 0, 3}, {4, 6, 0, 2}, {4, 6, 1, 5}, {7, 3, 1, 1}, {1, 5, 1, 4}} do
      support.assert_small(core._axis_check(c[1], c[2], c[3], c[4], 7), 1e-13,
                           ("%dx%d axis %d"):format(c[1], c[2], c[3]))
    end
  end)
end)
