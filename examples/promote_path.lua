-- Choosing γ for promote: the regularisation path and cross-validation.
-- f(x, y, z) = x² + y² + 0.3 z has the rotations about z as its only
-- symmetry inside so(3). From noisy samples, promote_path solves the
-- penalized fit for twenty γ from γ₀ (where W is the fully symmetric
-- least-squares fit) down to 1e-4 γ₀, and picks γ by 5-fold
-- cross-validation of the relaxed fits: the model it selects keeps exactly
-- the rotations about z.
--   usage: lua5.4 examples/promote_path.lua
local ls = require "liesym"

local rng = ls.rng(1)
local op = ls.lieder.model(ls.basis.poly(3, 2), ls.lie.so(3))
local X = ls.rand(60, 3, rng) * 2 - ls.ones(60, 3)
local sq = X:map(function(v) return v * v end)
local Y = sq:col(1) + sq:col(2) + X:col(3) * 0.3 + ls.randn(60, 1, rng) * 1e-3

local path = ls.promote_path(op, X, Y)
print(path)

local s = path.selected
local h = ls.discover(op, path.W[s])
print(("\nselected gamma %.4g: rank of B(W) %d, symmetries kept: %d"):format(path.gamma[s],
      path.rank[s], h:dim()))
print(h)
-- the kept generator is the rotation of the (x, y) plane
local G = h:generators()[1]
G = G / G:norm()
local Rz = ls.matrix{{0, -1, 0}, {1, 0, 0}, {0, 0, 0}} / math.sqrt(2)
local err = math.min((G - Rz):norm(), (G + Rz):norm())
print(("distance of the kept generator to the rotation about z: %.1e"):format(err))
assert(h:dim() == 1 and err < 1e-2, "the selected model should keep the rotations about z")
