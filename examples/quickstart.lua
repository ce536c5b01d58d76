-- liesym quickstart: what the library does today.  Run with `make demo`.
local ls = require "liesym"

print("liesym " .. ls.version)
print()

-- 1. Dense matrices on LAPACK/OpenBLAS.
local rng = ls.rng(7)
local A = ls.randn(4, 3, rng)
local U, s, V = A:svd()
print("A random 4x3 matrix and its singular values:")
print(A)
print(s)
print(("reconstruction error |A - U diag(s) V^T| = %.1e"):format((A - U * ls.diag(s) * V:T()):norm()))
print()

-- 2. Lie algebras and groups.
local so3 = ls.lie.so(3)
print(so3)
print("Killing form of so(3) (= -2 I):")
print(so3:killing())
local R = so3:exp{0.3, -1.2, 0.5}
print(("exp of an so(3) element: |R^T R - I| = %.1e, det = %.15g")
      :format((R:T() * R - ls.eye(3)):norm(), R:det()))
print()

-- 3. Enforce: the equivariant linear maps between representations.
local G = ls.group.SO(3)
local V3 = ls.action.V(G)
local cross = ls.enforce(ls.action.hom(V3 * V3, V3))
print("SO(3)-equivariant bilinear maps R^3 x R^3 -> R^3 (the cross product):")
print(cross)
print(("  largest equivariance error over sampled rotations: %.1e")
      :format(ls.check_equivariance(cross, V3 * V3, V3, G, {samples = 5})))
for k = 0, 6 do
  local S = ls.enforce(ls.action.T(k, 0, G))
  io.write(("  rotation-invariant tensors of order %d: %d\n"):format(k, S:dim()))
end
-- order 8 is a 6561-dimensional space: the weight-space reduction solves
-- it on the 1107 tensor products of eigenvectors whose weights sum to 0
local t8 = ls.clock()
local S8 = ls.enforce(ls.action.T(8, 0, G))
local s8 = S8:spectrum()
print(("  rotation-invariant tensors of order 8: %d (method %s, %d unknowns of 6561, %.2f s)")
      :format(S8:dim(), s8.method, s8.reduced, ls.clock() - t8))
local L = ls.group.SO13()
print(("Lorentz-invariant maps of rank-2 tensors (T(2,2) of SO+(1,3)): %d")
      :format(ls.enforce(ls.action.T(2, 2, L)):dim()))
-- Permutation actions are solved exactly, by orbits: the invariant
-- 4-tensors of S(10) are the Bell number B(4) = 15, and S(1000) acting on
-- V -> V (a 10^6-dimensional space) keeps I and 11^T
local S4 = ls.enforce(ls.action.T(4, 0, ls.group.S(10)))
local Vn = ls.action.V(ls.group.S(1000))
local t1 = ls.clock()
local Sn = ls.enforce(ls.action.hom(Vn, Vn))
print(("S(10)-invariant 4-tensors: %d (%s, gap %g); S(1000)-equivariant maps V -> V: %d (%.2f s)")
      :format(S4:dim(), S4:spectrum().method, S4:spectrum().gap, Sn:dim(), ls.clock() - t1))

-- Big direct sums stay block-structured: never a dense basis.
local S6 = ls.group.S(6)
local P = ls.action.V(S6)
local rep = 100 * ls.action.trivial(S6) + 100 * P + 20 * P ^ 2
local t0 = ls.clock()
local layer = ls.enforce(ls.action.hom(rep, rep))
print(("S(6)-equivariant layers on 100 V0 + 100 V + 20 V^2: dim %d inside %d (%.2f s)")
      :format(layer:dim(), layer:ambient_dim(), ls.clock() - t0))
local W = layer:sample(ls.rng(1))
print(("  a random equivariant layer is its own projection: |PW - W| / |W| = %.1e")
      :format((layer:project(W) - W):norm() / W:norm()))
print()

-- 4. Functions and data: the Lie derivative of models F(x) = W·phi(x).
-- Discover: the symmetries of points on the unit sphere, inside gl(3).
local rng2 = ls.rng(3)
local pts = ls.randn(50, 3, rng2)
for i = 1, pts:rows() do
  local row = pts:sub(i, i, 1, 3)
  pts:set_block(i, 1, row * (1 / row:norm()))
end
local function all_in(algebra, generators)
  for _, X in ipairs(generators) do
    if not algebra:contains(X) then return false end
  end
  return true
end
local sym, eqs = ls.discover_manifold(pts, ls.lie.gl(3))
print(("50 points on the unit sphere: %d equation(s) of degree <= 2, symmetries in gl(3): dim %d")
      :format(eqs.coefficients:cols(), sym:dim()))
print(("  all in so(3): %s, closure residual %.1e")
      :format(tostring(all_in(ls.lie.so(3), sym:generators())), sym:algebra():closure_residual()))
-- ... and of a function: f = x1^2 + x2^2 - x3^2 is kept by the Lorentz algebra so(2, 1)
local P3 = ls.basis.poly(3, 2)
local f = ls.zeros(1, P3:size())
for j, name in ipairs(P3:names()) do
  if name == "x1^2" or name == "x2^2" then f:set(1, j, 1) elseif name == "x3^2" then f:set(1, j, -1) end
end
local hf = ls.discover(ls.lieder.model(P3, ls.lie.gl(3)), f)
print(("symmetries of x1^2 + x2^2 - x3^2 in gl(3): dim %d, all in so(2, 1): %s")
      :format(hf:dim(), tostring(all_in(ls.lie.so(2, 1), hf:generators()))))

-- Enforce: fit exp(-|x|^2) on R^3 from 15 noisy samples with a degree-4
-- polynomial (35 coefficients), with and without rotation invariance.
local B4 = ls.basis.poly(3, 4)
local inv = ls.enforce(ls.lieder.model(B4, ls.lie.so(3)))
local all = ls.enforce(ls.lieder.model(B4, ls.lie.zero(3)))
local function gauss(X)
  local Y = ls.zeros(X:rows(), 1)
  for i = 1, X:rows() do Y:set(i, 1, math.exp(-X:sub(i, i, 1, 3):norm() ^ 2)) end
  return Y
end
local rng3 = ls.rng(5)
local Xtr = ls.rand(15, 3, rng3) * 2 - ls.ones(15, 3)
local Ytr = gauss(Xtr) + 0.01 * ls.randn(15, 1, rng3)
local Xte = ls.rand(2000, 3, rng3) * 2 - ls.ones(2000, 3)
local function test_rms(Wfit) return (ls.predict(B4, Wfit, Xte) - gauss(Xte)):norm() / math.sqrt(2000) end
print(("fit of exp(-|x|^2) from 15 samples: SO(3)-invariant models: dim %d of %d")
      :format(inv:dim(), all:dim()))
print(("  test RMS error: unconstrained %.4f, rotation invariance enforced %.4f")
      :format(test_rms(ls.fit(all, Xtr, Ytr)), test_rms(ls.fit(inv, Xtr, Ytr))))

-- Promote: F(x) = 1 + t + t^2 with t = u.x on R^4 hides a partial symmetry
-- (rotations and translations that fix u).  Fit the 15 coefficients of a
-- quadratic from only 10 samples by minimising the nuclear norm of its Lie
-- derivative over se(4) (on 16 points of its own), then ask what it kept.
print()
local rngp = ls.rng(11)
local u = ls.randn(4, 1, rngp)
u = u / u:norm()
local Bq = ls.basis.poly(4, 2)
local function hidden(X) return (X * u):map(function(t) return 1 + t + t * t end) end
local Xreg = ls.rand(16, 4, rngp) * 2 - 1
local se4 = ls.lie.se(4):orthonormal()
local opp = ls.lieder.model(Bq, se4, {points = Xreg, weights = ls.ones(16, 1)})
local Xp = ls.rand(10, 4, rngp) * 2 - 1
local t0p = ls.clock()
local Wp, infop = ls.promote(opp, Xp, hidden(Xp), {mode = "exact"})
local Xcheck = ls.rand(500, 4, rngp) * 2 - 1
local Wl = Bq:eval(Xp):lstsq(hidden(Xp)):T()
local function max_err(Wfit) return (ls.predict(Bq, Wfit, Xcheck) - hidden(Xcheck)):abs():max() end
print(("promote: 10 samples, 15 coefficients; solved in %d iterations, %.3f s")
      :format(infop.iterations, ls.clock() - t0p))
print(("  max error on 500 test points: least squares %.2e, symmetry promoted %.2e")
      :format(max_err(Wl), max_err(Wp)))
local kept = ls.discover(opp, Wp)
print(("  symmetries kept: %d of se(4)'s %d (those fixing u: se(3) has 6); broken: %d")
      :format(kept:dim(), se4:dim(), se4:dim() - kept:dim()))
-- a motion v(x) = A x + b keeps F exactly when it keeps t = u.x: u^T A = 0
-- and u.b = 0; the broken ones are the translation along u and the three
-- rotations that turn u
local worst = 0
for _, motion in ipairs(kept:generators()) do
  local lin, b = motion:sub(1, 4, 1, 4), motion:sub(1, 4, 5, 5)
  worst = math.max(worst, (u:T() * lin):abs():max(), math.abs((u:T() * b):get(1)))
end
print(("  every kept motion v(x) = Ax + b fixes u.x: max |u^T A|, |u.b| = %.1e"):format(worst))
print("  broken: the translation along u and the 3 rotations that turn u")

-- Promote without knowing gamma: the path from the fully symmetric fit to
-- least squares, gamma chosen by cross-validation. f = x^2 + y^2 + 0.3 z
-- is invariant only under the rotations about z among so(3)'s.
local rngg = ls.rng(1)
local opg = ls.lieder.model(ls.basis.poly(3, 2), ls.lie.so(3))
local Xg = ls.rand(60, 3, rngg) * 2 - 1
local sq = Xg:map(function(v) return v * v end)
local Yg = sq:col(1) + sq:col(2) + Xg:col(3) * 0.3 + ls.randn(60, 1, rngg) * 1e-3
local Wg, infog = ls.promote(opg, Xg, Yg)
print(("promote without gamma: %s; selected gamma %.3g"):format(infog.gamma_from, infog.gamma))
print(("  rank of B(W) %d: symmetries kept %d of so(3)'s 3 (the rotations about z)")
      :format(infog.spectrum.rank, ls.discover(opg, Wg):dim()))
