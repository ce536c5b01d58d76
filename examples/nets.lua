-- Neural networks with symmetry: an O(3)-equivariant MLP (enforce), a net
-- that learns which rotations its data keep (promote), and the symmetries
-- of a trained net (discover).
--
--   lua5.4 examples/nets.lua   (from the checkout, after make)
local ls = require "liesym"

-- enforce: the inertia tensor of five masses, an O(3)-equivariant map
-- from 5 scalars and 5 vectors to a 3x3 tensor
local G = ls.group.O(3)
local V, S = ls.action.V(G), ls.action.trivial(G)
local net = ls.nn.emlp{input = 5 * S + 5 * V, output = V * V, group = G, channels = 64, layers = 2,
                       seed = 1}
print(net)
local X, Y = ls.nn.datasets.inertia(500, ls.rng(1))
local Xt, Yt = ls.nn.datasets.inertia(500, ls.rng(2))
local before = ls.check_equivariance(net, G, {samples = 5})
local h = ls.nn.train(net, X, Y, {epochs = 200, batch = 100, lr = 3e-3})
local E = net:forward(Xt) - Yt
print(("trained %d epochs in %.1f s: test MSE %.3f; equivariance error %.1e before, %.1e after")
      :format(h.epochs, h.time, E:hadamard(E):sum() / (500 * 9), before,
              ls.check_equivariance(net, G, {samples = 5})))

-- promote: f(x) = |x|^2 + x3/2 keeps only the rotations about z. A
-- residual net (SO(3)-equivariant layers plus free residuals) trained
-- with the nuclear norm of its layers' Lie derivatives over so(3) keeps
-- that one rotation, and the snap makes it exact.
local G3 = ls.group.SO(3)
local V3, S3 = ls.action.V(G3), ls.action.trivial(G3)
local function f(P) return P:hadamard(P) * ls.ones(3, 1) + P:sub(1, P:rows(), 3, 3) * 0.5 end
local P = ls.randn(200, 3, ls.rng(3))
local promoted = ls.nn.emlp{input = V3, output = S3, group = G3, hidden = {24}, seed = 1, residual = true}
local hp = ls.nn.train(promoted, P, f(P), {epochs = 300, batch = 50, lr = 3e-3,
  promote = {candidate = G3.algebra, gamma = 0.1, rtol = 0.02}})
local sub = hp.promote.subalgebra
local sv = sub:spectrum().values
print(("promote: the function's Lie derivative over so(3) has singular values %.3g %.3g %.3g"
      .. " -> keeps dim %d, along (%.3f, %.3f, %.3f)"):format(sv[1], sv[2], sv[3], sub:dim(),
      sub.N:get(1, 1), sub.N:get(2, 1), sub.N:get(3, 1)))
local Pt = ls.randn(300, 3, ls.rng(4))
local after = ls.discover(promoted, G3.algebra, {points = Pt, input = promoted.input,
                                                 output = promoted.output})
local Ep = promoted:forward(Pt) - f(Pt)
print(("after the snap: discover keeps dim %d, its smallest value %.1e of the largest; test MSE %.4f")
      :format(after:dim(), after:spectrum().values[3] / after:spectrum().values[1],
              Ep:hadamard(Ep):sum() / 300))
