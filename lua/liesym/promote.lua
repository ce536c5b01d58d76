--- Promote: fit a model while penalising the nuclear norm of its Lie
-- derivative over a candidate algebra, so that it keeps every symmetry the
-- data allow and breaks only those the data contradict.
--
--     exact:      min ‖B(W)‖_* (+ λ‖W‖₁)                      s.t. F_W(X) = Y
--     penalized:  min ½‖F_W(X) − Y‖² + γ‖B(W)‖_* (+ λ‖W‖₁)
--
-- B(W) = `op:matrix(W)` is linear in W. The solver (src/core/promote.c)
-- is ADMM, over-relaxed and Anderson-accelerated, with singular-value
-- thresholding of the small rows × q matrix and a θ-step whose
-- factorisation is computed once. For invariant models with a polynomial
-- basis it takes the operator in its structured form B ≅ R·[D_1θ … D_qθ]
-- (`op:structure()`: R the inner product's factor, D_i sparse), so no
-- rows·q × k matrix is ever formed; other models hand it the dense
-- operator (`op:operator_matrix()`, kept by the operator).
--
-- @module liesym.promote

local core = require "liesym.core"
local lieder = require "liesym.lieder"
local basis_mod = require "liesym.basis"

local promote = {}

local function solver_options(opts, out)
  out.tol = opts.tol
  out.max_iter = opts.max_iter
  out.rho = opts.rho
  out.alpha = opts.alpha or 1.6
  out.accel = opts.accel or 10
  out.adapt_every = opts.adapt_every
  out.every = opts.every
  out.progress = opts.progress
  if opts.verbose and out.progress == nil then  -- a line per `every` iterations
    out.progress = function(it, primal, dual, objective)
      io.stderr:write(("promote %6d  primal %.2e  dual %.2e  objective %.10g\n")
                      :format(it, primal, dual, objective))
    end
  end
  return out
end

-- the data as a linear map of vec(W): vec(W·Φᵀ) = (Φ ⊗ I_n)·vec(W)
local function data_map(op, X, Y, fname)
  if not core.ismatrix(X) or X:cols() ~= op.m then
    error(("bad argument #2 to '%s' (points: a matrix with %d columns expected)")
          :format(fname, op.m), 3)
  end
  if not core.ismatrix(Y) or Y:rows() ~= X:rows() or Y:cols() ~= op.n then
    error(("bad argument #3 to '%s' (targets: a %dx%d matrix expected)")
          :format(fname, X:rows(), op.n), 3)
  end
  local Phi = op.basis:eval(X)
  return core.kron(Phi, core.eye(op.n)), Y:T():reshape(X:rows() * op.n, 1)
end

--- Fit a model of the operator's basis to data while promoting symmetry.
-- @tparam Op op from `ls.lieder.model` (its algebra is the candidate)
-- @tparam Matrix X training inputs, one point per row
-- @tparam Matrix Y targets (N×n)
-- @tparam[opt] table opts `mode` = "penalized" (default, with `gamma`) or
-- "exact"; `lambda` (an l1 weight on W, default none); `tol` (relative
-- primal and dual residuals, default 1e-8), `max_iter` (10000), `warm` (a
-- starting W), `rho` (initial penalty), `alpha` (over-relaxation in (0, 2),
-- default 1.6), `accel` (Anderson memory, default 10; 0 turns it off),
-- `adapt_every` (period of the penalty balancing, default 10),
-- `progress` = function(iter, primal, dual, objective) called every
-- `every` (default 100) iterations (return true to stop), or `verbose =
-- true` to print those to stderr; `rtol` for the
-- rank of B(W) reported in info.
-- @treturn Matrix W (n×k)
-- @treturn table info {iterations, converged, primal and dual (the
-- relative residuals), objective, time, rho, rejected (accelerated steps
-- the safeguard undid), spectrum = {values, tol, gap, rank} of B(W),
-- certificate = the nuclear norm's subgradient at B(W) (rows×q)}
function promote.promote(op, X, Y, opts)
  if not lieder.is_op(op) then
    error(("bad argument #1 to 'promote' (operator expected, got %s)"):format(type(op)), 2)
  end
  opts = opts or {}
  local mode = opts.mode or "penalized"
  if mode ~= "penalized" and mode ~= "exact" then
    error(("bad option 'mode' to 'promote' (\"penalized\" or \"exact\" expected, got %s)")
          :format(tostring(mode)), 2)
  end
  local lambda = opts.lambda
  if lambda ~= nil and (type(lambda) ~= "number" or lambda ~= lambda or lambda < 0
                        or lambda == math.huge) then
    error("bad option 'lambda' to 'promote' (a non-negative number expected)", 2)
  end
  local gamma
  if mode == "penalized" then
    gamma = opts.gamma
    if type(gamma) ~= "number" or gamma ~= gamma or gamma <= 0 then
      error("bad option 'gamma' to 'promote' (a positive number expected)", 2)
    end
  end
  local D, y = data_map(op, X, Y, "promote")
  local t0 = core.clock()
  local warm
  if opts.warm ~= nil then
    if not core.ismatrix(opts.warm) or opts.warm:rows() * opts.warm:cols() ~= op.n * op.k then
      error(("bad option 'warm' to 'promote' (a %dx%d matrix expected)"):format(op.n, op.k), 2)
    end
    warm = opts.warm:reshape(op.n * op.k, 1)
  end
  local args = solver_options(opts, {phi = D, y = y, gamma = gamma, warm = warm,
                                     lambda = lambda})
  local S = op:structure()
  if S then
    args.R, args.entries, args.q, args.k = S.R, S.entries, S.q, S.k
  else
    args.bop, args.p = op:operator_matrix()
  end
  local theta, dual, info = core.nuclear_admm(args)
  if S and S.Q then dual = S.Q * dual end
  info.time = core.clock() - t0
  local W = theta:reshape(op.n, op.k)
  -- the spectrum of B(W): the structured form has the same singular values
  local B = core.lieop_apply(args, theta)
  local rows = S and S.Q and S.Q:rows() or B:rows()
  local vals = lieder.values_of(B:svdvals())
  for i = #vals + 1, math.min(rows, B:cols()) do vals[i] = 0 end  -- rows the QR dropped
  local r, gap, bound = lieder.gap_rank(vals, rows, B:cols(), opts.rtol or 1e-6)
  info.spectrum = {values = vals, tol = bound, gap = gap, rank = r}
  info.certificate = dual
  info.mode = mode
  return W, info
end

--- The l1 baseline: min ‖θ‖₁ subject to Φ(X)·θ = y (one output).
-- @tparam Basis basis
-- @tparam Matrix X points (N×m)
-- @tparam Matrix Y targets (N×1)
-- @tparam[opt] table opts as for `promote` (tol, max_iter, rho, progress, every)
-- @treturn Matrix W (1×k)
-- @treturn table info
function promote.l1_fit(b, X, Y, opts)
  if not basis_mod.is_basis(b) then
    error(("bad argument #1 to 'l1_fit' (basis expected, got %s)"):format(type(b)), 2)
  end
  if not core.ismatrix(X) or X:cols() ~= b:vars() then
    error(("bad argument #2 to 'l1_fit' (points: a matrix with %d columns expected)")
          :format(b:vars()), 2)
  end
  if not core.ismatrix(Y) or Y:rows() ~= X:rows() or Y:cols() ~= 1 then
    error(("bad argument #3 to 'l1_fit' (targets: a %dx1 matrix expected)"):format(X:rows()), 2)
  end
  local t0 = core.clock()
  local theta, info = core.l1_admm(solver_options(opts or {}, {phi = b:eval(X), y = Y}))
  info.time = core.clock() - t0
  return theta:T(), info
end

return promote
