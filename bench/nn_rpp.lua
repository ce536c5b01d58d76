-- Soft symmetry against Residual Pathway Priors (Finzi, Benton & Wilson
-- 2021) on their modified inertia task: the inertia matrix plus
-- 0.3·(I e_z) e_zᵀ, which keeps only the rotations about z. RPP's set-up:
-- 1000 training and 1000 test samples, 3 layers of width 384, Adam at
-- 3e-3, batch 500, 1000 epochs; their published test MSE: MLP 4.78, EMLP
-- (O(3)) 2.39, RPP 0.15. Ours: the MLP, the O(3) emlp, and the residual
-- emlp (an O(3)-equivariant net plus free residuals) trained with
-- promote = {candidate = so(3), gamma}: its discovered symmetry, then
-- the snap onto it (rtol decides: the spectrum is printed).
--
--   usage: lua5.4 bench/nn_rpp.lua [gamma (1)] [epochs (1000)] [channels (384)] [rtol (0.3)]
local ls = require "liesym"

local gamma = tonumber(arg[1] or 1)
local epochs = tonumber(arg[2] or 1000)
local ch = tonumber(arg[3] or 384)
local rtol = tonumber(arg[4] or 0.3)
local G = ls.group.O(3)
local V, S = ls.action.V(G), ls.action.trivial(G)
local X, Y = ls.nn.datasets.modified_inertia(1000, ls.rng(1))
local Xt, Yt = ls.nn.datasets.modified_inertia(1000, ls.rng(2))
local train = {epochs = epochs, batch = 500, lr = 3e-3}
local function mse(net)
  local E = net:forward(Xt) - Yt
  return E:hadamard(E):sum() / (Yt:rows() * Yt:cols())
end
local function fmt(vals)
  local t = {}
  for i, v in ipairs(vals) do t[i] = ("%.3g"):format(v) end
  return table.concat(t, " ")
end
local rows = {}
local function run(name, net, opts, published)
  local h = ls.nn.train(net, X, Y, opts)
  rows[#rows + 1] = {name, mse(net), published, h.time}
  io.stderr:write(("%s: test MSE %.4g, %.0f s\n"):format(name, mse(net), h.time))
  return h
end

run("MLP 3x" .. ch, ls.nn.mlp{inputs = 20, outputs = 9, hidden = {ch, ch, ch}, seed = 1}, train, 4.78)
run("emlp O(3)", ls.nn.emlp{input = 5 * S + 5 * V, output = V * V, group = G, channels = ch, seed = 1},
    train, 2.39)
local net = ls.nn.emlp{input = 5 * S + 5 * V, output = V * V, group = G, channels = ch, seed = 1,
                       residual = true}
local o = {epochs = epochs, batch = 500, lr = 3e-3,
           promote = {candidate = G.algebra, gamma = gamma, rtol = rtol}}
local h = run(("residual + promote (gamma %g)"):format(gamma), net, o, 0.15)

print(("modified inertia, %d epochs, width %d (RPP's set-up)"):format(epochs, ch))
print("model | test MSE | RPP paper | train s")
for _, r in ipairs(rows) do print(("%s | %.4g | %.4g | %.0f"):format(r[1], r[2], r[3], r[4])) end
local sub = h.promote.subalgebra
print(("promote: the function's Lie derivative at the training inputs, singular values %s"
      .. " (rtol %g) -> dim %d, kept direction %s; layers' B(θ) %s"):format(
      fmt(sub:spectrum().values), rtol, sub:dim(), sub:dim() > 0 and fmt(sub.N:T():totable()[1]) or "-",
      fmt(h.promote.layers.values)))
local after = ls.discover(net, G.algebra, {points = Xt, input = net.input, output = net.output})
print(("after the snap (|Δθ|/|θ| = %s): discover on the test inputs -> dim %d, singular values %s"):format(
      h.promote.change and ("%.3g"):format(h.promote.change) or "-", after:dim(), fmt(after:spectrum().values)))
