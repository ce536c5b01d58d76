-- Benchmark of the one Lie-derivative operator (issue: one operator for
-- every model class). It uses only the public API that liesym had before
-- the operator (ls.lieder.model, ls.enforce, ls.discover, ls.promote), so
-- that bench/lieop.sh runs the same file against the commit before it:
-- the baseline, measured in the same run.
--
-- Cases (one per process, so that the peak memory is the case's own):
--   m10   tangent model on R^10 of degree 3 (286 monomials, W 10x286)
--         under gl(10): build the operator, enforce, discover a random W,
--         one penalized promote on 2,000 samples (before: its dense
--         operator alone would hold 6.5 GB, so the solve is not run)
--   se30  quadratics on R^30 under se(30): build + discover, best of 5
--   s6k / s20k  6,000 / 20,000 weighted points, poly(6, 4) under se(6):
--         build + discover (before: 20,000 points need a 3.2 GB diag(√w))
-- Prints "<case>\t<value>" lines: seconds, or MB for mem_* cases.
--   usage: lua5.4 bench/lieop.lua CASE [before]
local ls = require "liesym"
local common = require "bench.common"
local emit, peak_mb = common.emit, common.peak_mb

local case = assert(arg[1], "usage: lua5.4 bench/lieop.lua m10|se30|s6k|s20k [before]")
local before = arg[2] == "before"

local function timed(f)
  local t0 = ls.clock()
  local a, b = f()
  return ls.clock() - t0, a, b
end

if case == "m10" then
  local B = ls.basis.poly(10, 3)
  local rng = ls.rng(10)
  local t, op = timed(function()
    return ls.lieder.model(B, ls.lie.gl(10), {output_action = "tangent"})
  end)
  emit("m10_build", t)
  emit("mem_m10_build_MB", peak_mb())
  local S
  t, S = timed(function() return ls.enforce(op) end)
  emit("m10_enforce", t)
  assert(S:dim() == 1, "the Euler field x is the only gl(10)-equivariant field")
  local h
  t, h = timed(function() return ls.discover(op, ls.randn(10, B:size(), rng)) end)
  emit("m10_discover", t)
  assert(h:dim() == 0, "a random field has no linear symmetry")
  -- the operator a dense promote would need: (rows x q) x parameters
  emit("mem_m10_dense_operator_MB", 8 * (10 * B:size() * 100) * (10 * B:size()) / 2^20)
  if not before then
    local X = ls.randn(2000, 10, rng)
    local A = ls.randn(10, 10, rng) * 0.3
    local Y = X * A:T() + 1e-3 * ls.randn(2000, 10, rng)
    local W, info
    t, W, info = timed(function() return ls.promote(op, X, Y, {gamma = 1e-2, tol = 1e-6}) end)
    assert(info.converged, "promote converged")
    emit("m10_promote_2000", t)
    emit("mem_m10_promote_MB", peak_mb())
    assert(W:rows() == 10)
  end
elseif case == "se30" then
  local B = ls.basis.poly(30, 2)
  local alg = ls.lie.se(30)
  local W = ls.randn(1, B:size(), ls.rng(30))
  local best = math.huge
  for _ = 1, 5 do
    collectgarbage()
    local t, h = timed(function() return ls.lieder.model(B, alg):discover(W) end)
    assert(h:dim() == 0, "a random quadratic has no Euclidean symmetry")
    best = math.min(best, t)
  end
  emit("se30_build_discover", best)
  emit("mem_se30_MB", peak_mb())
elseif case == "s6k" or case == "s20k" then
  local N = case == "s6k" and 6000 or 20000
  if before and N > 6000 then return end
  local rng = ls.rng(6)
  local X = ls.randn(N, 6, rng)
  local w = ls.rand(N, 1, rng)
  local B = ls.basis.poly(6, 4)
  local W = ls.randn(1, B:size(), rng)
  local t, h = timed(function()
    return ls.lieder.model(B, ls.lie.se(6), {points = X, weights = w}):discover(W)
  end)
  assert(h:dim() == 0, "a random quartic has no Euclidean symmetry")
  emit(case .. "_build_discover", t)
  emit("mem_" .. case .. "_MB", peak_mb())
else
  error("unknown case " .. case)
end
