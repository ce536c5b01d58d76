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
local L = ls.group.SO13()
print(("Lorentz-invariant maps of rank-2 tensors (T(2,2) of SO+(1,3)): %d")
      :format(ls.enforce(ls.action.T(2, 2, L)):dim()))

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
