-- Operators on fields: a convolution recovered from a handful of field
-- pairs, and the symmetries of the Laplacian discovered.
--
-- A linear operator on fields sampled on a grid is a matrix K; a group
-- acting on the domain acts on K, and its Lie derivative is the
-- commutator D_ξK − KD_ξ with the algebra's generators discretised on the
-- grid (spectrally here). Enforce gives the equivariant operators, discover
-- the symmetries of a given K, promote regresses K from input and output
-- fields while penalising its Lie derivative.
local ls = require "liesym"

local pi = math.pi

-- 1. Enforce: the translation-equivariant operators of a periodic grid
-- are the convolutions, kept as an exact orbit subspace.
local g2 = ls.field.grid{n = {32, 32}}
local S = ls.enforce(ls.lieder.grid_operator(g2, ls.lie.t(2)))
print(("translation-equivariant operators on a %dx%d periodic grid: dim %d of %d (%s)")
      :format(32, 32, S:dim(), S:ambient_dim(), S:spectrum().method))

-- 2. Promote: a smoothing convolution K on 64 points from 6 pairs u -> Ku.
-- Least squares sees 6 x 64 equations for 4096 unknowns; promoting the
-- translation symmetry recovers K.
local n, M = 64, 6
local g = ls.field.grid{n = n}
local op = ls.lieder.grid_operator(g, ls.lie.t(1))
local h = 2 * pi / n
local cols = {}
for r, xr in ipairs(g:points():T():totable()[1]) do
  cols[r] = g:sample(function(x)
    local s = 0
    for a = -2, 2 do s = s + math.exp(-(x - xr + 2 * pi * a) ^ 2 / (2 * 0.3 ^ 2)) end
    return s * h / math.sqrt(2 * pi * 0.3 ^ 2)
  end)
end
local K = ls.hcat(cols)
local U = ls.randn(M, n, ls.rng(1))   -- six white-noise input fields, one per row
local V = U * K:T()                    -- their outputs
local W, info = ls.promote(op, U, V, {mode = "exact"})
local Wl = U:lstsq(V):T()
print(("from %d field pairs on %d points: least squares error %.2f, promoted error %.1e (%s)")
      :format(M, n, (Wl - K):norm() / K:norm(), (W - K):norm() / K:norm(), info.reason))
print(("symmetries of the promoted fit: dim %d (translations)"):format(ls.discover(op, W):dim()))

-- 3. Discover: the symmetries of operators on a 40x40 grid of [-pi, pi]^2,
-- measured on smooth fields decaying inside the box (where the rotation's
-- generator is accurate), inside se(2) = rotation + two translations.
local m = 40
local grid = ls.field.grid{n = {m, m}, box = {{-pi, pi}, {-pi, pi}}}
local rng = ls.rng(5)
local tests = {}
for j = 1, 16 do
  local cx, cy = rng:uniform() - 0.5, rng:uniform() - 0.5
  tests[j] = grid:sample(function(x, y) return math.exp(-((x - cx) ^ 2 + (y - cy) ^ 2) / 0.32) end)
end
local ops = ls.lieder.grid_operator(grid, ls.lie.se(2), {test_fields = ls.hcat(tests)})
local Dx = ls.kron(ls.eye(m), grid:derivative(1))
local Dy = ls.kron(grid:derivative(2), ls.eye(m))
local laplacian = -(Dx:T() * Dx + Dy:T() * Dy)
for _, case in ipairs{{"Laplacian", laplacian}, {"advection d/dx + 0.5 d/dy", Dx + Dy * 0.5}} do
  local found = ls.discover(ops, case[2])
  local v = found:spectrum().values
  print(("%s: %d symmetries in se(2) (singular values %.1e %.1e %.1e, floor %.1e)")
        :format(case[1], found:dim(), v[1], v[2], v[3], found:spectrum().floor))
end
print(ls.discover(ops, laplacian))
