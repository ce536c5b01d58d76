--- Promote: fit a model while penalising the nuclear norm of its Lie
-- derivative over a candidate algebra, so that it keeps every symmetry the
-- data allow and breaks only those the data contradict.
--
--     exact:      min ‖B(W)‖_* (+ λ‖W‖₁)                      s.t. F_W(X) = Y
--     penalized:  min ½‖F_W(X) − Y‖² + γ‖B(W)‖_* (+ λ‖W‖₁)
--
-- B(W) = `op:matrix(W)` is linear in W. The solver (src/core/promote.c)
-- is ADMM, over-relaxed and Anderson-accelerated, with singular-value
-- thresholding of the small s × q matrix and a θ-step whose
-- factorisation is computed once; in the exact mode, a semismooth Newton
-- augmented Lagrangian method (src/core/promote_newton.c) takes over when
-- ADMM is slow. It reads the operator itself (the
-- LieOp's structured products and its Gram matrix, src/core/lieop.c), so
-- no dense (s·q) × p matrix is ever formed for any model class, and the
-- data term as Φ(X)ᵀΦ(X) ⊗ I, never Φ ⊗ I.
--
-- @module liesym.promote

local core = require "liesym.core"
local lieder = require "liesym.lieder"
local basis_mod = require "liesym.basis"
local options = require "liesym.options"

local promote = {}

local solver_keys = {"tol", "max_iter", "max_time", "rho", "alpha", "accel", "adapt_every",
                     "every", "progress", "verbose"}
local promote_keys = options.keys(solver_keys, {"mode", "gamma", "lambda", "warm", "warm_dual", "method",
                                                "newton_after", "rtol", "tol_rank",
                                                "rank"})

-- max_time, when given: a positive number of seconds
local function max_time_of(opts, fname)
  local t = options.number(opts, "max_time", fname, nil, 0, math.huge)
  if t and t <= 0 then options.opterr("max_time", fname, "a positive number of seconds expected") end
  return t
end

local function solver_options(opts, fname, out)
  out.tol = options.number(opts, "tol", fname, nil, 0, 1)
  out.max_iter = options.integer(opts, "max_iter", fname, nil, 1, 1e9)
  out.rho = options.number(opts, "rho", fname, nil, 0, math.huge)
  out.accel = options.integer(opts, "accel", fname, 10, 0, 100)
  -- no over-relaxation by default: alpha = 1.6 saves 14% of the
  -- iterations of the recovery experiment over its reference grid, but
  -- stalls solves of the battery (bench/promote_battery.lua) in both
  -- modes (7 of 5,500 penalized; 2 of 15,000 exact), even though the
  -- solver drops it, and restarts the penalty, on a solve it stalls
  -- (after 1,000 iterations, or when the safeguard rejects a quarter of
  -- the accelerated steps)
  out.alpha = options.number(opts, "alpha", fname, 1, 0, 2)
  out.adapt_every = options.integer(opts, "adapt_every", fname, nil, 1, 1e9)
  out.every = options.integer(opts, "every", fname, nil, 0, 1e9)
  out.progress = options.func(opts, "progress", fname)
  if options.boolean(opts, "verbose", fname, false) and out.progress == nil then
    out.progress = function(it, primal, dual, objective)   -- a line per `every` iterations
      io.stderr:write(("promote %6d  primal %.2e  dual %.2e  objective %.10g\n")
                      :format(it, primal, dual, objective))
    end
  end
  -- max_time: a deadline checked by the progress hook (every iteration of
  -- ADMM, every multiplier update of the Newton method), so that the C
  -- loop is bounded in time as it is in iterations
  local max_time = max_time_of(opts, fname)
  if max_time then
    local user, every, deadline = out.progress, out.every or 100, core.clock() + max_time
    out.every = 1
    out.timer = {max_time = max_time, expired = false}
    local timer = out.timer
    out.progress = function(it, ...)
      if user and it % every == 0 and user(it, ...) then return true end
      if core.clock() > deadline then timer.expired = true; return true end
    end
  end
  return out
end

-- Why the solver stopped, in words a user can act on.
local function describe_stop(info, tol, timer)
  if info.closed_form then
    info.reason = "closed form"
  elseif info.converged then
    info.reason = "converged"
  elseif info.stopped and timer and timer.expired then
    info.reason = ("max_time (%g s)"):format(timer.max_time)
  elseif info.stopped then
    info.reason = "stopped"
  else
    info.reason = "max_iter"
    local unmet = {}
    if info.primal > tol then unmet[#unmet + 1] = "primal" end
    if info.dual > tol then unmet[#unmet + 1] = "dual" end
    info.unmet = table.concat(unmet, " and ")
  end
  info.unique = info.nonunique == 0
end

-- After a solve: why it stopped, and the rank decision on B(W) at the
-- solver's accuracy (singular values below info.zero_level are zeros);
-- returns the null directions of B(W) (its symmetries, q×dim).
local function finish(op, theta, info, opts, fname, tol, timer)
  describe_stop(info, tol, timer)
  local rank_opts = {rtol = opts.rtol, tol = opts.tol_rank, rank = opts.rank}
  local N, spectrum = op:symmetries(theta, rank_opts, fname, 1e-6, info.zero_level)
  info.spectrum = spectrum
  return N
end

--- Fit a model of the operator's basis to data while promoting symmetry.
-- @tparam LieOp op from `ls.lieder.model` (its algebra is the candidate)
-- @tparam Matrix X training inputs, one point per row
-- @tparam Matrix Y targets (N×n)
-- @tparam[opt] table opts `mode` = "penalized" (default) or "exact";
-- `gamma` (penalized; without it, the γ that `promote_path` selects by
-- cross-validation, and info says so: gamma, gamma_from, path, relaxed);
-- `lambda` (an l1 weight on W, default none); `tol` (relative
-- primal and dual residuals, default 1e-8), `max_iter` (10000), `warm` (a
-- starting W), `rho` (initial penalty), `alpha` (over-relaxation in (0, 2),
-- default 1: none; a value above 1 is dropped on a solve it stalls),
-- `accel` (Anderson memory, default 10; 0 turns it off),
-- `adapt_every` (period of the penalty balancing, default 10),
-- `max_time` (seconds: the solve stops after it, with info.reason
-- "max_time (t s)"),
-- `method` (exact mode without `lambda`: "auto" (default) runs ADMM and,
-- when it has not converged after `newton_after` iterations (default 20
-- when B(W) has at least 100 rows and columns, so that its SVT dominates
-- each iteration; smaller problems stay with ADMM unless `newton_after`
-- is given), turns
-- to a semismooth Newton augmented Lagrangian method — several times
-- faster where ADMM is slow, near a recovery threshold — with half the
-- remaining budget, and back to ADMM should that stall; "newton" from the
-- start, without the fallback; "admm" never), `warm_dual` (a starting
-- certificate, s×q, with `rho` its penalty: a solve's info.certificate and
-- info.rho restart it where it stopped),
-- `progress` = function(iter, primal, dual, objective) called every
-- `every` (default 100) iterations, and after each multiplier update of
-- the Newton method (return true to stop), or `verbose =
-- true` to print those to stderr; `rtol`, `tol_rank` (absolute) or `rank`
-- to decide the rank of B(W) reported in info (default: the largest gap
-- below 1e-6 of the largest value, or a decisive one).
-- @treturn Matrix W (n×k)
-- @treturn table info {iterations, converged (true exactly when both
-- relative residuals are below `tol`), reason ("converged", "closed form"
-- when the optimum needed no iteration, "stopped" by `progress`,
-- "max_time (t s)", or
-- "max_iter" with `unmet` = "primal", "dual" or "primal and dual"), primal
-- and dual (the relative residuals: primal |B(W) − Z| over the larger of
-- |B(W)|, |Z| and |B|₂|W|, |W| at least |Y|/|Φ|₂; dual the stationarity
-- residual over its terms' scale), zero_level (the solver's accuracy on
-- B(W): singular values below it count as zero), objective, time, rho,
-- method ("admm" or "newton": the method that finished), newton_steps and
-- cg_steps (the Newton method's work; iterations counts its SVDs and CG
-- steps with the ADMM iterations),
-- rejected (accelerated steps the safeguard undid), data_rank (of Φ(X)),
-- residual (|Φ(X)W₀ᵀ − Y| / |Y|), unique and nonunique (the dimension of
-- the coefficients that change neither B(W) nor the fit; when it is not 0
-- the optimum is not unique and W is the one of minimum norm along them),
-- method ("fourier" for the closed form of a grid operator under the
-- translation of a periodic 1-D grid, liesym.grid_operator),
-- spectrum = {values, tol, floor, gap, rank, clear} of B(W), certificate =
-- the nuclear norm's subgradient at B(W) (s×q)}. The exact mode raises an
-- error when no model of the basis interpolates the data.
function promote.promote(op, X, Y, opts)
  if not lieder.is_op(op) then
    options.argerr(1, "promote", "operator expected, got %s", options.typename(op))
  end
  opts = options.check(opts, 4, "promote", promote_keys)
  max_time_of(opts, "promote")
  local mode = options.enum(opts, "mode", "promote", "penalized", {"penalized", "exact"})
  local lambda = options.number(opts, "lambda", "promote", nil, 0, 1e300)
  local method = options.enum(opts, "method", "promote", "auto", {"auto", "admm", "newton"})
  if method == "newton" and (mode ~= "exact" or lambda ~= nil) then
    options.opterr("method", "promote", "the Newton method solves the exact mode without lambda; "
                   .. "the other fits take ADMM")
  end
  local gamma
  if mode == "penalized" then
    gamma = rawget(opts, "gamma")
    if gamma ~= nil and (type(gamma) ~= "number" or gamma ~= gamma or gamma <= 0
                         or gamma == math.huge) then
      options.opterr("gamma", "promote", "a positive number expected, got %s",
                     type(gamma) == "number" and tostring(gamma) or options.typename(gamma))
    end
  elseif rawget(opts, "gamma") ~= nil then
    options.opterr("gamma", "promote", "the exact mode has no gamma")
  end
  local Phi, Yt = lieder.data(op, X, Y, "promote")
  -- a model class may solve its problem in closed form (grid operators
  -- under the translation of a periodic 1-D grid: Fourier-diagonal)
  local class = lieder.classes[op.mode or ""]
  if lambda == nil and method == "auto" and class then
    local W, info
    if mode == "exact" and class.promote_exact then W, info = class.promote_exact(op, X, Y)
    elseif mode == "penalized" and gamma and class.promote_penalized then
      W, info = class.promote_penalized(op, X, Y, gamma)
    end
    if W then
      finish(op, W:reshape(op.n * op.k, 1), info, opts, "promote", rawget(opts, "tol") or 1e-8)
      return W, info
    end
  end
  return promote.promote_design(op, Phi, Yt, opts, mode, gamma, lambda, method)
end

--- `promote` with the design Φ (N×k, one row per observation) given
-- instead of points (the weak form's integrals); opts checked already,
-- mode, gamma (nil: the path's choice), lambda (or nil) and method read
-- from them by the caller.
function promote.promote_design(op, Phi, Y, opts, mode, gamma, lambda, method)
  if mode == "penalized" and gamma == nil then
    -- no gamma: the path's selection by cross-validation
    local path_opts = options.pick(opts, options.keys(solver_keys, {"lambda", "rtol", "tol_rank", "rank"}))
    if path_opts.lambda ~= nil then
      options.opterr("lambda", "promote", "an l1 weight needs a gamma (the path has none)")
    end
    local path = promote.path_design(op, Phi, Y, path_opts)
    local info = path.info[path.selected]
    info.gamma = path.gamma[path.selected]
    info.gamma_from = ("cross-validation: %d folds, %s rule, %d gammas from %.3g")
                      :format(path.folds, path.select, #path.gamma, path.gamma0)
    info.path = path
    info.relaxed = path.relaxed and path.relaxed[path.selected]
    return path.W[path.selected], info
  end
  local warm = options.matrix(opts, "warm", "promote")
  if warm and warm:rows() * warm:cols() ~= op.n * op.k then
    options.opterr("warm", "promote", "a %dx%d matrix expected", op.n, op.k)
  end
  local warm_dual = options.matrix(opts, "warm_dual", "promote")
  if warm_dual then
    local s, q = op:shape()
    if warm_dual:rows() ~= s or warm_dual:cols() ~= q then
      options.opterr("warm_dual", "promote", "a %dx%d matrix expected (a certificate)", s, q)
    end
  end
  local t0 = core.clock()
  local args = solver_options(opts, "promote", {name = "promote", op = op,
                                                phi = Phi, y = Y,
                                                gamma = gamma, lambda = lambda,
                                                warm = warm and warm:reshape(op.n * op.k, 1),
                                                warm_dual = warm_dual,
                                                method = method,
                                                newton_after = options.integer(opts, "newton_after", "promote",
                                                                               nil, 0, 1e9)})
  local timer = args.timer
  args.timer = nil
  local theta, dual, info = core.nuclear_admm(args)
  info.time = core.clock() - t0
  finish(op, theta, info, opts, "promote", args.tol or 1e-8, timer)
  local W = theta:reshape(op.n, op.k)
  info.certificate = dual
  info.mode = mode
  info.gamma = gamma
  return W, info
end

local path_keys = options.keys(solver_keys, {"gammas", "n_gamma", "min_ratio", "folds", "seed",
                                             "select", "relax", "rtol", "tol_rank", "rank"})

-- one warm-started path over the gammas on the rows `rows` of X and Y
-- (all when nil): W (one per gamma), certificates, infos
local function run_path(op, Phi, Y, gammas, solver)
  local args = {}
  for key, v in pairs(solver) do if key ~= "timer" then args[key] = v end end
  args.name, args.op, args.phi, args.y = "promote_path", op, Phi, Y
  args.gammas = core.matrix{gammas}:T()
  local thetas, duals, infos = core.nuclear_admm(args)
  local W = {}
  for i = 1, #gammas do W[i] = thetas:col(i):reshape(op.n, op.k) end
  return W, duals, infos
end

-- The relaxed fit: least squares with the symmetry B(W) shows enforced
-- (its null directions N, from finish, and the models the subalgebra they
-- span leaves invariant: the nullspace of op:gram(N)), so that the
-- nuclear norm chooses the symmetry and least squares the coefficients,
-- without the penalty's shrinkage.
local function relaxed_fit(op, N, Phi, Y)
  local Q = N:cols() == 0 and core.eye(op.n * op.k) or op:gram(N):null()
  return lieder.fit_design(op, Q, Phi, Y)
end

local function squared_error(W, Phi, Y)
  local r = Phi * W:T() - Y
  return r:dot(r)
end

local Path = {}
Path.__index = Path

--- The path as a table: γ, rank of B(W) and its gap, misfit, nuclear
-- norm, the cross-validation error; the selected γ marked.
function Path:__tostring()
  local lines = {("promote path: %d gammas from %.4g, %d-fold cross-validation (%s rule%s)")
                 :format(#self.gamma, self.gamma0, self.folds, self.select,
                         self.relax and ", relaxed fits" or ""),
                 ("%3s %11s %5s %9s %11s %11s %11s %11s"):format("", "gamma", "rank", "gap",
                   "misfit", "|B(W)|_*", "cv error", "cv s.e.")}
  for i = 1, #self.gamma do
    lines[#lines + 1] = ("%3s %11.4g %5d %9.2g %11.4g %11.4g %11s %11s"):format(
      i == self.selected and "->" or "", self.gamma[i], self.rank[i], self.gap[i],
      self.misfit[i], self.nuclear[i],
      self.cv_error and ("%.4g"):format(self.cv_error[i]) or "-",
      self.cv_se and ("%.2g"):format(self.cv_se[i]) or "-")
  end
  return table.concat(lines, "\n")
end

--- A regularisation path: the penalized fit for a decreasing sequence of
-- γ, each warm-started from the last, from γ₀ — above which W is the
-- fully symmetric least-squares fit (B(W) = 0; `core.nuclear_gamma_max`)
-- — down to `min_ratio`·γ₀, near the least-squares fit; and a γ chosen
-- by k-fold cross-validation (seeded), as glmnet chooses its λ.
-- @tparam LieOp op from `ls.lieder.model`
-- @tparam Matrix X training inputs, one point per row
-- @tparam Matrix Y targets (N×n)
-- @tparam[opt] table opts `gammas` (a decreasing list; by default
-- `n_gamma` = 20 values, geometric from γ₀ to `min_ratio`·γ₀, `min_ratio`
-- = 1e-4), `folds` (default 5; 0 for none), `seed` (of the folds, default
-- 1), `select` = "1se" (default: the largest γ whose cross-validation
-- error is within one standard error of the smallest — the most
-- symmetric model the data do not contradict) or "min" (the smallest
-- error); `relax` (default true: cross-validate the relaxed fits — at each
-- γ, least squares with the symmetry B(W) shows enforced, so that the
-- penalty chooses the symmetry and not the size of the coefficients, as
-- glmnet's relaxed lasso does); the solver options of `ls.promote`
-- (`max_time` is one deadline for the whole path and its folds: the
-- solves after it stop at their first iteration);
-- `rtol`, `tol_rank`, `rank` for the rank of each B(W).
-- @treturn table {gamma, W, rank, gap (of each B(W): the one rank
-- decision), misfit (½‖F_W(X) − Y‖²), nuclear (‖B(W)‖_*), info (the
-- solver's, one per γ), relaxed and relaxed_misfit (the relaxed fits),
-- cv_error and cv_se (mean squared validation error per γ and its
-- standard error over the folds), selected (an index), gamma0, folds,
-- select, relax}; `tostring` prints it as a table
function promote.promote_path(op, X, Y, opts)
  if not lieder.is_op(op) then
    options.argerr(1, "promote_path", "operator expected, got %s", options.typename(op))
  end
  opts = options.check(opts, 4, "promote_path", path_keys)
  local Phi, Yt = lieder.data(op, X, Y, "promote_path")
  return promote.path_design(op, Phi, Yt, opts)
end

--- `promote_path` with the design Φ (N×k, one row per observation)
-- given instead of points; opts checked already.
function promote.path_design(op, Phi, Y, opts)
  local solver = solver_options(opts, "promote_path", {})
  local folds = options.integer(opts, "folds", "promote_path", 5, 0, 1000)
  if folds == 1 or folds > Phi:rows() then
    options.opterr("folds", "promote_path", "0 or 2..%d (the number of points) expected, got %d",
                   Phi:rows(), folds)
  end
  local seed = options.integer(opts, "seed", "promote_path", 1, 0, math.maxinteger)
  local select = options.enum(opts, "select", "promote_path", "1se", {"1se", "min"})
  local gamma0 = core.nuclear_gamma_max{name = "promote_path", op = op, phi = Phi, y = Y}
  local gammas = options.list(opts, "gammas", "promote_path")
  if gammas then
    for i, g in ipairs(gammas) do
      if type(g) ~= "number" or not (g > 0 and g < math.huge) or (i > 1 and g > gammas[i - 1]) then
        options.opterr("gammas", "promote_path", "a decreasing list of positive numbers expected")
      end
    end
    if #gammas == 0 then options.opterr("gammas", "promote_path", "an empty list") end
  else
    local n = options.integer(opts, "n_gamma", "promote_path", 20, 1, 1000)
    local ratio = options.number(opts, "min_ratio", "promote_path", 1e-4, 0, 1)
    if ratio <= 0 then options.opterr("min_ratio", "promote_path", "a number in (0, 1] expected") end
    -- the least-squares fit is already symmetric: every gamma gives it
    local top = gamma0 > 0 and gamma0 or 1
    gammas = {}
    for i = 1, n do gammas[i] = top * ratio ^ ((i - 1) / math.max(n - 1, 1)) end
  end
  local W, _, infos = run_path(op, Phi, Y, gammas, solver)
  local path = setmetatable({gamma = gammas, W = W, info = infos, rank = {}, gap = {},
                             misfit = {}, nuclear = {}, gamma0 = gamma0, folds = folds,
                             select = select}, Path)
  local relax = options.boolean(opts, "relax", "promote_path", true)
  local tol = solver.tol or 1e-8
  if relax then path.relaxed, path.relaxed_misfit = {}, {} end
  for i = 1, #gammas do
    local N = finish(op, W[i]:reshape(op.n * op.k, 1), infos[i], opts, "promote_path", tol,
                     solver.timer)
    path.rank[i] = infos[i].spectrum.rank
    path.gap[i] = infos[i].spectrum.gap
    path.misfit[i] = 0.5 * squared_error(W[i], Phi, Y)
    path.nuclear[i] = op:matrix(W[i]):norm("nuc")
    if relax then
      path.relaxed[i] = relaxed_fit(op, N, Phi, Y)
      path.relaxed_misfit[i] = 0.5 * squared_error(path.relaxed[i], Phi, Y)
    end
  end
  path.relax = relax
  path.selected = #gammas
  if folds >= 2 then
    -- contiguous blocks of a seeded permutation of the rows
    local N = Phi:rows()
    local perm = core.rng(seed):permutation(N)
    local sum, sum2 = {}, {}
    for i = 1, #gammas do sum[i], sum2[i] = 0, 0 end
    for f = 1, folds do
      local a, b = (f - 1) * N // folds + 1, f * N // folds
      local val = perm:sub(a, b, 1, 1)
      local train = core.vcat{perm:sub(1, a - 1, 1, 1), perm:sub(b + 1, N, 1, 1)}
      local Pt, Yt = Phi:select_rows(train), Y:select_rows(train)
      local Pv, Yv = Phi:select_rows(val), Y:select_rows(val)
      local Wf, _, inf = run_path(op, Pt, Yt, gammas, solver)
      for i = 1, #gammas do
        local Wi = Wf[i]
        if relax then
          Wi = relaxed_fit(op, finish(op, Wi:reshape(op.n * op.k, 1), inf[i], opts, "promote_path", tol,
                                      solver.timer),
                           Pt, Yt)
        end
        local e = squared_error(Wi, Pv, Yv) / (Yv:rows() * Yv:cols())
        sum[i], sum2[i] = sum[i] + e, sum2[i] + e * e
      end
    end
    path.cv_error, path.cv_se = {}, {}
    local best = 1
    for i = 1, #gammas do
      local mean = sum[i] / folds
      local var = math.max(sum2[i] / folds - mean * mean, 0) * folds / (folds - 1)
      path.cv_error[i], path.cv_se[i] = mean, math.sqrt(var / folds)
      if mean < path.cv_error[best] then best = i end
    end
    path.selected = best
    if select == "1se" then
      local bound = path.cv_error[best] + path.cv_se[best]
      for i = 1, best do
        if path.cv_error[i] <= bound then path.selected = i; break end
      end
    end
  end
  return path
end

--- The l1 baseline: min ‖θ‖₁ subject to Φ(X)·θ = y (one output).
-- @tparam Basis b the basis
-- @tparam Matrix X points (N×m)
-- @tparam Matrix Y targets (N×1)
-- @tparam[opt] table opts {tol, max_iter, rho, adapt_every, every, progress, verbose}
-- (the data are scaled to unit size for the solve, rho is the scaled
-- problem's)
-- @treturn Matrix W (1×k)
-- @treturn table info {converged: the residuals below tol and the
-- optimality certificate checked — kkt, its violation, at most
-- max(1e-6, 100 tol); a solve whose residuals settle elsewhere (an
-- extreme rho) restarts from rho = 1, at most three times}
function promote.l1_fit(b, X, Y, opts)
  if not basis_mod.is_basis(b) then
    options.argerr(1, "l1_fit", "basis expected, got %s", options.typename(b))
  end
  if not core.ismatrix(X) or X:cols() ~= b:vars() then
    options.argerr(2, "l1_fit", "points: a matrix with %d columns expected", b:vars())
  end
  if not core.ismatrix(Y) or Y:rows() ~= X:rows() or Y:cols() ~= 1 then
    options.argerr(3, "l1_fit", "targets: a %dx1 matrix expected", X:rows())
  end
  opts = options.check(opts, 4, "l1_fit", solver_keys)
  local t0 = core.clock()
  local args = solver_options(opts, "l1_fit", {name = "l1_fit", phi = b:eval(X), y = Y})
  args.alpha, args.accel, args.timer = nil, nil, nil
  local theta, info = core.l1_admm(args)
  info.time = core.clock() - t0
  return theta:T(), info
end

return promote
