-- The robustness battery of promote: random small problems (seeded) and
-- an optimality check computed here, independently of the solver.
-- spec/promote_robust_spec.lua runs a few dozen; bench/promote_battery.lua
-- runs thousands and counts the failures.
--
-- A problem: a basis (poly(m, d), m <= 4, d <= 4, or Fourier), a candidate
-- algebra (t, so, se, gl, aff, scaling or vector fields of degree 1), an
-- invariant or tangent output, the operator exact or on sample points; a
-- target with the candidate's full symmetry, a partial one (the
-- subalgebra of one generator) or none; noise 0, 1e-6, 1e-3 or 1e-1; the
-- exact mode (fewer samples than coefficients, so that the data can be
-- interpolated) or the penalized one with γ over eight decades around
-- the data term's scale.
local ls = require "liesym"

local battery = {}

local candidates = {
  {"t", function(m) return ls.lie.t(m) end, 1},
  {"so", function(m) return ls.lie.so(m) end, 2},
  {"se", function(m) return ls.lie.se(m) end, 1},
  {"gl", function(m) return ls.lie.gl(m) end, 1},
  {"aff", function(m) return ls.lie.aff(m) end, 1},
  {"scaling", function(m) return ls.lie.scaling(m) end, 1},
  {"fields", function(m) return ls.lie.vector_fields(m, 1) end, 1},
}
battery.candidates = candidates

local function pick(rng, list) return list[rng:integer(1, #list)] end

-- a random element of the span of a Subspace's basis (n x k coefficients)
local function random_in(space, n, k, rng)
  local Bs = space:basis()
  local c = ls.randn(Bs:cols(), 1, rng)
  return (Bs * c):reshape(n, k)
end

--- The i-th problem of the stream `seed`: a table {op, X, Y, opts, label}.
function battery.problem(seed, i)
  local rng = ls.rng(seed * 100003 + i)
  local cand = pick(rng, candidates)
  local m = rng:integer(cand[3], 4)
  local g = cand[2](m)
  local fourier = cand[1] ~= "fields" and rng:uniform() < 0.15 and m <= 2
  local d = rng:integer(1, m <= 2 and 4 or (m == 3 and 3 or 2))
  local B = fourier and ls.basis.fourier(m, rng:integer(1, 2)) or ls.basis.poly(m, d)
  local tangent = rng:uniform() < 0.35 and m <= 3
  local mopts = {}
  if tangent then mopts.output_action = "tangent" end
  local sampled = fourier and cand[1] ~= "t" or rng:uniform() < 0.3
  local kb = B:size()
  if sampled then
    mopts.points = ls.rand(kb + 5, m, rng) * 2 - ls.ones(kb + 5, m)
  end
  local op = ls.lieder.model(B, g, mopts)
  local n, k = op.n, op.k
  -- the target
  local kinds = {"full", "partial", "none"}
  local kind = pick(rng, kinds)
  local W
  if kind == "full" then
    local S = ls.enforce(op)
    if S:dim() == 0 then kind = "none" else W = random_in(S, n, k, rng) end
  elseif kind == "partial" then
    if cand[1] == "fields" or g:dim() < 2 then
      kind = "none"
    else
      local sub = ls.lie.from{g:generator(rng:integer(1, g:dim()))}
      local S = ls.enforce(ls.lieder.model(B, sub, mopts))
      if S:dim() == 0 then kind = "none" else W = random_in(S, n, k, rng) end
    end
  end
  if kind == "none" then W = ls.randn(n, k, rng) end
  -- the data
  local exact = rng:uniform() < 0.4 and kb >= 3
  local N = exact and rng:integer(1, kb - 1) or rng:integer(1, 2 * kb)
  local X = ls.rand(N, m, rng) * 2 - ls.ones(N, m)
  local Y = ls.predict(B, W, X)
  local noise = pick(rng, {0, 1e-6, 1e-3, 1e-1})
  if noise > 0 then
    local scale = math.max(Y:norm() / math.sqrt(Y:rows() * Y:cols()), 1e-300)
    Y = Y + ls.randn(N, n, rng) * (noise * scale)
  end
  local opts = {mode = exact and "exact" or "penalized"}
  local label = ("%s(%d) %s %s, %s, %s target, N=%d, noise %g"):format(
    cand[1], m, tostring(B):match("^(%S+)") or "basis", tangent and "tangent" or "invariant",
    sampled and "sampled" or "exact operator", kind, N, noise)
  if not exact then
    -- γ relative to the data term: |Y|² over |B(W_ls)|_* of the
    -- least-squares fit, times 10^u, u in [-4, 4]
    local Wls = B:eval(X):lstsq(Y):T()
    local nuc = op:matrix(Wls):norm("nuc")
    local ref = (Y:norm() ^ 2) / (nuc > 0 and nuc or 1)
    if ref ~= ref or ref <= 0 then ref = 1 end
    local u = -4 + 8 * rng:uniform()
    opts.gamma = ref * 10 ^ u
    label = label .. (", gamma 10^%.1f x data"):format(u)
  else
    label = label .. ", exact mode"
  end
  if rng:uniform() < 0.25 then opts.accel = 0 end
  -- a third of the exact solves turn to the Newton method after a few
  -- ADMM iterations (the default waits for 100), to test it and its
  -- fallback to ADMM on every kind of problem
  if exact and rng:uniform() < 1 / 3 then
    opts.newton_after = 3
    label = label .. ", Newton after 3"
  end
  return {op = op, B = B, X = X, Y = Y, opts = opts, label = label, n = n, k = k}
end

--- The dense operator vec(B(W)) = M vec(W), column by column from op:matrix
-- (independently of the operator's own dense form).
function battery.operator_matrix(op, n, k)
  local cols = {}
  for j = 1, n * k do
    local E = ls.zeros(n, k)
    E:set(j, 1)
    local Bj = op:matrix(E)
    cols[j] = Bj:reshape(Bj:rows() * Bj:cols(), 1)
  end
  return ls.hcat(cols)
end

--- The optimality conditions of a solution, checked from the problem's
-- definition: feasibility (exact), the certificate a subgradient of the
-- nuclear norm at B(W), and stationarity (exact: Mᵀvec(Λ) in the row
-- space of the data map; penalized: the data term's gradient plus
-- γ·Mᵀvec(Λ) vanishes). Returns true, or false and the failed condition.
function battery.kkt(P, W, info, tol)
  tol = tol or 1e-5
  local op, B, X, Y = P.op, P.B, P.X, P.Y
  if not info.converged then
    return false, ("not converged: %s after %d iterations (primal %.1e, dual %.1e)")
                  :format(info.reason, info.iterations, info.primal, info.dual)
  end
  local Z = op:matrix(W)
  local L = info.certificate
  local M = battery.operator_matrix(op, P.n, P.k)
  local Phi = B:eval(X)
  -- Λ an ε-subgradient of ‖·‖_* at Z: ‖Λ‖₂ ≤ 1 and ‖Z‖_* − ⟨Λ, Z⟩ ≤ ε,
  -- ε relative to ‖Z‖_* or to ‖M‖₂‖W‖, the size of B(W) for a W without
  -- symmetry (|W| at least |Y| / |Phi|_2, the size of a fit: W = 0 is the
  -- optimum for large gamma). With stationarity this bounds the distance
  -- of the objective to the optimum; unlike the exact subdifferential it
  -- does not hinge on singular vectors of nearly equal singular values.
  local size = math.max(W:norm(), Y:norm() / math.max(Phi:norm(2), 1e-300))
  local nuc = Z:norm("nuc")
  local spec = L:norm(2)
  if spec > 1 + tol then return false, ("|certificate|_2 = %.6f > 1"):format(spec) end
  local eps = nuc - L:reshape(L:rows() * L:cols(), 1):dot(Z:reshape(Z:rows() * Z:cols(), 1))
  if eps > tol * math.max(nuc, M:norm(2) * size) then
    return false, ("subgradient gap %.2e of |B(W)|_* = %.2e"):format(eps, nuc)
  end
  local g = (M:T() * L:reshape(L:rows() * L:cols(), 1)):reshape(P.n, P.k)  -- n x k
  local fit = ls.predict(B, W, X)
  local scaleM = M:norm()
  if P.opts.mode == "exact" then
    local res = (fit - Y):norm()
    if res > 1e-7 * math.max(Y:norm(), 1e-300) then
      return false, ("infeasible: |Phi W - Y| = %.2e"):format(res)
    end
    -- rows of g in the row space of Phi: gᵀ = Phiᵀ μ
    local mu = Phi:T():lstsq(g:T())
    local r = (Phi:T() * mu - g:T()):norm()
    if r > tol * math.max(g:norm(), scaleM * 1e-3) then
      return false, ("stationarity residual %.2e (|g| %.2e)"):format(r, g:norm())
    end
  else
    local grad = (fit - Y):T() * Phi        -- n x k
    local gamma = P.opts.gamma
    local r = (grad + g * gamma):norm()
    -- rounding: the gradient is computed to about 1e-13 of |Phi| (|Y| + |Phi| |W|)
    -- and the gradient at W = 0, |Y^T Phi|, the data term's natural size
    local scale = math.max(grad:norm(), gamma * g:norm(), 1e-2 * (Y:T() * Phi):norm(),
                           1e-8 * Phi:norm() * (Y:norm() + Phi:norm() * W:norm()))
    if r > tol * scale then
      return false, ("stationarity residual %.2e of %.2e"):format(r, scale)
    end
  end
  return true
end

--- Solve problem i of stream seed and check it: ok, message, info.
function battery.run(seed, i)
  local P = battery.problem(seed, i)
  local ok, W, info = pcall(ls.promote, P.op, P.X, P.Y, P.opts)
  if not ok then return false, P.label .. ": error: " .. tostring(W) end
  local good, why = battery.kkt(P, W, info)
  if not good then return false, P.label .. ": " .. why, info end
  return true, P.label, info
end

return battery
