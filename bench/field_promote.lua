-- Operator regression with promotion on a periodic 1-D grid of 256
-- points: a translation-equivariant smoothing operator K (a periodised
-- Gaussian of width 0.3) regressed from M pairs of fields U -> V = U K^T
-- (white-noise inputs, noise-free outputs), M from 8 to 256. liesym's
-- promote (exact mode, the Fourier-diagonal closed form of
-- src/core/convfit.c) against least squares (the minimum-norm solution,
-- LAPACK's gelsd) and ridge regression (its weight chosen by an oracle:
-- the best of nine decades against the true K, generous to it), with
-- times and relative errors |K_fit - K| / |K|, in the same run; and, on a
-- 64-point grid, the closed form beside the generic solver (ADMM) it
-- replaces there.
--   usage: OPENBLAS_NUM_THREADS=2 lua5.4 bench/field_promote.lua [n (256)]
local ls = require "liesym"

local n = tonumber(arg[1]) or 256

local function smoothing(g)
  local P = g:points()
  local h = 2 * math.pi / g:size()
  local cols = {}
  for r = 1, g:size() do
    local xr = P:get(r, 1)
    cols[r] = g:sample(function(x)
      local s = 0
      for a = -2, 2 do
        local d = x - xr + 2 * math.pi * a
        s = s + math.exp(-d * d / (2 * 0.3 ^ 2))
      end
      return s * h / math.sqrt(2 * math.pi * 0.3 ^ 2)
    end)
  end
  return ls.hcat(cols)
end

local function ridge(U, V, alpha)
  local G = U:T() * U + ls.eye(U:cols()) * alpha
  return G:solve(U:T() * V):T()
end

local g = ls.field.grid{n = n}
local op = ls.lieder.grid_operator(g, ls.lie.t(1))
local K = smoothing(g)
local nK = K:norm()
print(("Operator regression on a periodic grid of %d points, K a smoothing convolution "
       .. "(OPENBLAS_NUM_THREADS=%s)"):format(n, os.getenv("OPENBLAS_NUM_THREADS") or "default"))
print(("%5s | %10s %10s | %10s %10s | %10s %10s %8s"):format("M", "promote", "error",
      "lstsq", "error", "ridge", "error", "weight"))
for _, M in ipairs{8, 16, 32, 64, 128, 256} do
  local U = ls.randn(M, n, ls.rng(M))
  local V = U * K:T()
  local t0 = ls.clock()
  local W, info = ls.promote(op, U, V, {mode = "exact"})
  local tp = ls.clock() - t0
  assert(info.method == "fourier" and info.converged)
  t0 = ls.clock()
  local Wl = U:lstsq(V):T()
  local tl = ls.clock() - t0
  local best, best_alpha, tr = math.huge, nil, 0
  local scale = (U:norm() ^ 2) / n
  for e = -6, 2 do
    t0 = ls.clock()
    local Wr = ridge(U, V, scale * 10 ^ e)
    tr = tr + ls.clock() - t0
    local err = (Wr - K):norm() / nK
    if err < best then best, best_alpha = err, 10 ^ e end
  end
  print(("%5d | %9.4fs %10.2e | %9.4fs %10.2e | %9.4fs %10.2e %8.0e"):format(M, tp,
        (W - K):norm() / nK, tl, (Wl - K):norm() / nK, tr / 9, best, best_alpha))
end

-- noisy outputs (1% of |V|): the penalized mode (its closed form, M <= n/2)
-- against ridge, both with the weight an oracle picks from nine decades
print(("\nnoisy outputs (1% of |V|), the best weight of nine decades for each"))
print(("%5s | %10s %10s %8s | %10s %8s"):format("M", "promote", "error", "gamma", "ridge", "weight"))
for _, M in ipairs{8, 16, 32, 64, 128} do
  local U = ls.randn(M, n, ls.rng(M))
  local V0 = U * K:T()
  local E = ls.randn(M, n, ls.rng(1000 + M))
  local V = V0 + E * (0.01 * V0:norm() / E:norm())
  local best, best_gamma, tp = math.huge, nil, 0
  local scale = V:norm()
  for e = -6, 2 do
    local t0 = ls.clock()
    local W, info = ls.promote(op, U, V, {mode = "penalized", gamma = scale * 10 ^ e})
    tp = tp + ls.clock() - t0
    assert(info.method == "fourier" and info.converged)
    local err = (W - K):norm() / nK
    if err < best then best, best_gamma = err, 10 ^ e end
  end
  local rbest, ralpha = math.huge, nil
  local s2 = (U:norm() ^ 2) / n
  for e = -6, 2 do
    local err = (ridge(U, V, s2 * 10 ^ e) - K):norm() / nK
    if err < rbest then rbest, ralpha = err, 10 ^ e end
  end
  print(("%5d | %9.4fs %10.2e %8.0e | %10.2e %8.0e"):format(M, tp / 9, best, best_gamma, rbest, ralpha))
end

-- the closed form against the generic exact solver on a grid it can take
local g64 = ls.field.grid{n = 64}
local op64 = ls.lieder.grid_operator(g64, ls.lie.t(1))
local K64 = smoothing(g64)
local U = ls.randn(8, 64, ls.rng(1))
local V = U * K64:T()
local t0 = ls.clock()
local Wf = ls.promote(op64, U, V, {mode = "exact"})
local tf = ls.clock() - t0
t0 = ls.clock()
local Wg, ig = ls.promote(op64, U, V, {mode = "exact", method = "admm"})
local tg = ls.clock() - t0
print(("\n64 points, M = 8: closed form %.4f s (error %.1e), generic ADMM %.2f s (error %.1e, "
       .. "%d iterations, converged %s): %.0fx"):format(tf, (Wf - K64):norm() / K64:norm(), tg,
       (Wg - K64):norm() / K64:norm(), ig.iterations, tostring(ig.converged), tg / tf))
