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
-- factorisation is computed once. It reads the operator itself (the
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

local solver_keys = {"tol", "max_iter", "rho", "alpha", "accel", "adapt_every", "every",
                     "progress", "verbose"}
local promote_keys = options.keys(solver_keys, {"mode", "gamma", "lambda", "warm", "rtol", "tol_rank",
                                                "rank"})

local function solver_options(opts, fname, out)
  out.tol = options.number(opts, "tol", fname, nil, 0, 1)
  out.max_iter = options.integer(opts, "max_iter", fname, nil, 1, 1e9)
  out.rho = options.number(opts, "rho", fname, nil, 0, math.huge)
  out.accel = options.integer(opts, "accel", fname, 10, 0, 100)
  -- no over-relaxation by default: alpha = 1.6 saves about 20% of the
  -- iterations of the recovery experiment, but stalled 7 solves in 5,500
  -- of the battery (bench/promote_battery.lua; the safeguard rejected
  -- thousands of accelerated steps), which alpha = 1 all solves
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
  return out
end

local function check_data(op, X, Y, fname)
  if not core.ismatrix(X) or X:cols() ~= op.m then
    options.argerr(2, fname, "points: a matrix with %d columns expected", op.m)
  end
  if not core.ismatrix(Y) or Y:rows() ~= X:rows() or Y:cols() ~= op.n then
    options.argerr(3, fname, "targets: a %dx%d matrix expected", X:rows(), op.n)
  end
end

-- Why the solver stopped, in words a user can act on.
local function describe_stop(info, tol)
  if info.closed_form then
    info.reason = "closed form"
  elseif info.converged then
    info.reason = "converged"
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

--- Fit a model of the operator's basis to data while promoting symmetry.
-- @tparam LieOp op from `ls.lieder.model` (its algebra is the candidate)
-- @tparam Matrix X training inputs, one point per row
-- @tparam Matrix Y targets (N×n)
-- @tparam[opt] table opts `mode` = "penalized" (default, with `gamma`) or
-- "exact"; `lambda` (an l1 weight on W, default none); `tol` (relative
-- primal and dual residuals, default 1e-8), `max_iter` (10000), `warm` (a
-- starting W), `rho` (initial penalty), `alpha` (over-relaxation in (0, 2),
-- default 1: none), `accel` (Anderson memory, default 10; 0 turns it
-- off),
-- `adapt_every` (period of the penalty balancing, default 10),
-- `progress` = function(iter, primal, dual, objective) called every
-- `every` (default 100) iterations (return true to stop), or `verbose =
-- true` to print those to stderr; `rtol`, `tol_rank` (absolute) or `rank`
-- to decide the rank of B(W) reported in info (default: the largest gap
-- below 1e-6 of the largest value, or a decisive one).
-- @treturn Matrix W (n×k)
-- @treturn table info {iterations, converged (true exactly when both
-- relative residuals are below `tol`), reason ("converged", "closed form"
-- when the optimum needed no iteration, "stopped" by `progress`, or
-- "max_iter" with `unmet` = "primal", "dual" or "primal and dual"), primal
-- and dual (the relative residuals: primal |B(W) − Z| over the larger of
-- |B(W)|, |Z| and |B(W₀)| for the least-squares fit W₀; dual the
-- stationarity residual over its terms' scale), objective, time, rho,
-- rejected (accelerated steps the safeguard undid), data_rank (of Φ(X)),
-- residual (|Φ(X)W₀ᵀ − Y| / |Y|), unique and nonunique (the dimension of
-- the coefficients that change neither B(W) nor the fit; when it is not 0
-- the optimum is not unique and W is the one of minimum norm along them),
-- spectrum = {values, tol, floor, gap, rank, clear} of B(W), certificate =
-- the nuclear norm's subgradient at B(W) (s×q)}. The exact mode raises an
-- error when no model of the basis interpolates the data.
function promote.promote(op, X, Y, opts)
  if not lieder.is_op(op) then
    options.argerr(1, "promote", "operator expected, got %s", options.typename(op))
  end
  opts = options.check(opts, 4, "promote", promote_keys)
  local mode = options.enum(opts, "mode", "promote", "penalized", {"penalized", "exact"})
  local lambda = options.number(opts, "lambda", "promote", nil, 0, 1e300)
  local gamma
  if mode == "penalized" then
    gamma = rawget(opts, "gamma")
    if type(gamma) ~= "number" or gamma ~= gamma or gamma <= 0 or gamma == math.huge then
      options.opterr("gamma", "promote", "a positive number expected, got %s",
                     type(gamma) == "number" and tostring(gamma) or options.typename(gamma))
    end
  elseif rawget(opts, "gamma") ~= nil then
    options.opterr("gamma", "promote", "the exact mode has no gamma")
  end
  check_data(op, X, Y, "promote")
  local warm = options.matrix(opts, "warm", "promote")
  if warm and warm:rows() * warm:cols() ~= op.n * op.k then
    options.opterr("warm", "promote", "a %dx%d matrix expected", op.n, op.k)
  end
  local t0 = core.clock()
  local args = solver_options(opts, "promote", {name = "promote", op = op,
                                                phi = op.basis:eval(X), y = Y,
                                                gamma = gamma, lambda = lambda,
                                                warm = warm and warm:reshape(op.n * op.k, 1)})
  local theta, dual, info = core.nuclear_admm(args)
  info.time = core.clock() - t0
  describe_stop(info, args.tol or 1e-8)
  local W = theta:reshape(op.n, op.k)
  local rank_opts = {rtol = opts.rtol, tol = opts.tol_rank, rank = opts.rank}
  local _, spectrum = op:symmetries(theta, rank_opts, "promote", 1e-6)
  info.spectrum = spectrum
  info.certificate = dual
  info.mode = mode
  return W, info
end

--- The l1 baseline: min ‖θ‖₁ subject to Φ(X)·θ = y (one output).
-- @tparam Basis basis
-- @tparam Matrix X points (N×m)
-- @tparam Matrix Y targets (N×1)
-- @tparam[opt] table opts {tol, max_iter, rho, adapt_every, every, progress, verbose}
-- @treturn Matrix W (1×k)
-- @treturn table info
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
  local args = solver_options(opts, "l1_fit", {phi = b:eval(X), y = Y})
  args.alpha, args.accel = nil, nil
  local theta, info = core.l1_admm(args)
  info.time = core.clock() - t0
  return theta:T(), info
end

return promote
