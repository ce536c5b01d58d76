--- The Lie-derivative operator of basis models F(x) = W·φ(x):
--
--     (L_ξ F)(x) = DF(x)·v_ξ(x) − M_ξ(x)·F(x)
--
-- bilinear in (ξ, W). **Enforce** is its nullspace in W for a fixed
-- algebra; **discover** is its nullspace in ξ for a fixed W; **promote**
-- (liesym.promote) penalises the nuclear norm of B(W) = [L_1 F … L_q F].
--
-- `model` builds the operator once, in C (src/core/lieop.h), as a
-- `LieOp` userdata: the model class (src/core/models.h) supplies its
-- terms and inner product, and the three tasks read the same object.
-- Exact mode (polynomial bases, polynomial fields; Fourier bases under
-- translations): the coefficients of L_ξ F, in the L² inner product of
-- the uniform probability on [−1,1]^m (on the torus for Fourier). Sampled
-- mode (any basis, `opts.points`): values at the points weighted by √w
-- (for a polynomial basis, through the R of a QR factorisation of the
-- weighted monomials, so the rows are coefficients, not points).
--
-- The LieOp's own methods (`shape`, `apply`, `adjoint`, `gram`, `dense`,
-- `nullspace`, `symmetries`) work on θ = vec(W); this module adds the
-- model's view: `matrix(W)`, `enforce`, `discover`, `fit`.
--
-- @module liesym.lieder

local core = require "liesym.core"
local basis_mod = require "liesym.basis"
local fields = require "liesym.fields"
local action = require "liesym.action"
local subspace = require "liesym.subspace"
local lie = require "liesym.lie"
local options = require "liesym.options"

local lieder = {}

--- The methods of every operator (the LieOp userdata's method table: the
-- functions defined here join the C ones).
local Op = core._lieop_methods
lieder.Op = Op

--- Whether x is an operator.
lieder.is_op = core.is_lieop

local typename, opterr, argerr = options.typename, options.opterr, options.argerr

-- {======================================================
-- Construction
-- ======================================================

local model_keys = {"outputs", "output_action", "points", "weights", "measure"}

-- the sample-mode ingredients of a non-polynomial basis at X
local function samples(b, X, spec)
  spec.class = "samples"
  spec.phi = b:eval(X)
  spec.jacobian = b:jacobian(X)
end

--- The Lie-derivative operator of F(x) = W·φ(x).
-- @tparam Basis basis φ
-- @tparam LieAlgebra|FieldAlgebra algebra the candidate or known algebra,
-- acting on the input by its vector fields
-- @tparam[opt] table opts `outputs = n` (default 1); `output_action` = an
-- Action of the same algebra (M_ξ = dρ(ξ)), `"tangent"` (M_ξ = Dv_ξ, the
-- bracket [v_ξ, F] for vector fields) or nil (invariance); `points = X`
-- and `weights = w` (one non-negative weight per point, default 1/N) for
-- the sampled mode; `measure` = "box" (polynomials, the default) or
-- "torus" (Fourier, the default) for the exact mode.
-- @treturn LieOp
-- @function model

-- model, naming the public function fname in its errors (discover_manifold
-- builds one too); `extra` = {n, drho, scale, scale_degree} sets the
-- output side directly (lieder.kernel)
function lieder.build(b, algebra, opts, fname, extra)
  if not basis_mod.is_basis(b) then argerr(1, fname, "basis expected, got %s", typename(b)) end
  opts = options.check(opts, 3, fname, model_keys)
  local m = b:vars()
  local spec, err = fields.spec(algebra, m)
  if not spec then argerr(2, fname, "%s", err) end
  local q = algebra:dim()
  local oa = rawget(opts, "output_action")
  local n, output
  if extra then
    n, output = extra.n, extra.drho and "action" or "invariant"
  elseif oa == nil then
    n, output = options.integer(opts, "outputs", fname, 1, 1, 1 << 24), "invariant"
  elseif oa == "tangent" then
    n, output = m, "tangent"
    if options.integer(opts, "outputs", fname, m, 1) ~= m then
      opterr("outputs", fname, "a tangent output has %d components, got %d", m, opts.outputs)
    end
  elseif action.is_action(oa) then
    if oa.G.algebra:dim() ~= q then
      opterr("output_action", fname, "the action has %d algebra generators, the algebra %d",
             oa.G.algebra:dim(), q)
    end
    n, output = oa:dim(), "action"
    if options.integer(opts, "outputs", fname, n, 1) ~= n then
      opterr("outputs", fname, "the output action has dimension %d, got %d", n, opts.outputs)
    end
  else
    opterr("output_action", fname, "an Action, \"tangent\" or nil expected, got %s",
           type(oa) == "string" and ("\"" .. oa .. "\"") or typename(oa))
  end
  local order, kind = b:order()
  spec.m, spec.n, spec.output = m, n, output
  if extra then
    spec.drho, spec.scale, spec.scale_degree = extra.drho, extra.scale, extra.scale_degree
  elseif output == "action" then
    spec.drho = {}
    for i = 1, q do spec.drho[i] = oa:drho(i) end
  end
  local X = options.matrix(opts, "points", fname, nil, m)
  local mode, w
  if X then
    if X:rows() < 1 then opterr("points", fname, "at least one point expected") end
    if rawget(opts, "measure") ~= nil then
      opterr("measure", fname, "the sampled mode's measure is the points' (give weights)")
    end
    w = rawget(opts, "weights")
    if w ~= nil then
      if not core.ismatrix(w) or w:rows() * w:cols() ~= X:rows() or (w:cols() ~= 1 and w:rows() ~= 1) then
        opterr("weights", fname, "a vector of %d weights expected, got %s", X:rows(),
               core.ismatrix(w) and ("a %dx%d matrix"):format(w:shape()) or typename(w))
      end
      local lo = w:min()
      if lo ~= lo or lo < 0 or w:max() == math.huge then
        opterr("weights", fname, "weights must be finite and non-negative")
      end
      w = w:reshape(X:rows(), 1)
    end
    spec.points, spec.weights, mode = X, w, "sampled"
    if kind == "poly" then spec.class, spec.order = "poly", order
    else samples(b, X, spec) end
  else
    if rawget(opts, "weights") ~= nil then
      opterr("weights", fname, "weights need points (the sampled mode)")
    end
    mode = "exact"
    if kind == "poly" then
      options.enum(opts, "measure", fname, "box", {"box"})
      spec.class, spec.order = "poly", order
    elseif kind == "fourier" then
      options.enum(opts, "measure", fname, "torus", {"torus"})
      spec.class, spec.order = "fourier", order
    else
      opterr("points", fname, "a %s basis has no exact mode: give points (the sampled mode)", kind)
    end
  end
  local op = core.lieop_model(spec, fname)
  op.basis, op.algebra, op.spec = b, algebra, spec
  op.m, op.n, op.k, op.q = m, n, b:size(), q
  op.mode, op.output, op.X, op.weights = mode, output, X, w
  if output == "action" and not extra then op.out_action = oa end
  return op
end

lieder.model = function(b, algebra, opts) return lieder.build(b, algebra, opts, "model") end

-- W (n×k, or a vector of n·k entries) as θ = vec(W), checked
local function theta_of(self, W, fname)
  if not core.ismatrix(W) then argerr(1, fname, "matrix expected, got %s", typename(W)) end
  local n, k = self.n, self.k
  if (W:rows() == n and W:cols() == k) or
     (W:rows() * W:cols() == n * k and (W:cols() == 1 or W:rows() == 1)) then
    return W:reshape(n * k, 1)
  end
  options.raise("shape mismatch in '%s': W must be %dx%d (outputs x basis size), got %dx%d",
                fname, n, k, W:rows(), W:cols())
end

--- The design matrix of the model at inputs X: the basis's values Φ(X)
-- (N×k) for basis models, the input fields themselves (one per row) for
-- operators on grid fields.
function Op:design(X)
  if self.mode == "grid" then return X end
  return self.basis:eval(X)
end

--- The operator on fields that parameters W give (grid operators: K
-- itself, or the kernel sampled on the grid for `basis` models).
function Op:operator(W)
  local class = lieder.classes[self.mode or ""]
  if not (class and class.operator) then
    options.raise("operator: only operators on grid fields have one")
  end
  return class.operator(self, W)
end

--- The regression data of an operator's model, checked: the design Φ
-- (one row per observation) and the targets (n columns) from inputs X
-- and outputs Y; fname names the public function in errors.
function lieder.data(op, X, Y, fname)
  fname = type(fname) == "string" and fname or "data"
  if not lieder.is_op(op) then argerr(1, fname, "operator expected, got %s", typename(op)) end
  local class = lieder.classes[op.mode or ""]
  if class and class.data then return class.data(op, X, Y, fname) end
  if not core.ismatrix(X) or X:cols() ~= op.m then
    argerr(2, fname, "%s: a matrix with %d columns expected", op.mode == "grid" and "input fields"
           or "points", op.m)
  end
  if not core.ismatrix(Y) or Y:rows() ~= X:rows() or Y:cols() ~= op.n then
    argerr(3, fname, "targets: a %dx%d matrix expected", X:rows(), op.n)
  end
  return op:design(X), Y
end

--- How operators of other model classes describe and enforce themselves
-- (lieder.kernel, lieder.grid_operator register here, by mode).
lieder.classes = {}

--- A text description of the operator (its `tostring`).
function Op:describe()
  local class = lieder.classes[self.mode or ""]
  if class and class.describe then return class.describe(self) end
  if self.mode == nil then   -- a kernel-built operator, without its model
    local p, q, s = self:shape()
    return ("LieOp: %d generators, %d parameters, %d rows"):format(q, p, s)
  end
  local where
  if self.mode == "exact" then
    where = self.spec.class == "fourier" and "exact, uniform measure on the torus"
            or "exact, box measure"
  else
    where = ("sampled at %d points"):format(self.X:rows())
  end
  local _, q, s = self:shape()
  return ("Lie-derivative operator: %d generators, %d outputs x %d basis functions (%s), "
          .. "%s output, B(W) is %dx%d"):format(q, self.n, self.k, where, self.output, s, q)
end

--- B(W): one column per generator, the Lie derivative of F_W along it in
-- the operator's inner product (its singular values are the operator's).
-- @tparam Matrix W n×k
-- @treturn Matrix s × q
function Op:matrix(W)
  return self:apply(theta_of(self, W, "matrix"))
end

-- }======================================================

-- {======================================================
-- Enforce
-- ======================================================

local solver_keys = options.nullspace_keys
local enforce_keys = options.keys({"discrete"}, solver_keys)

-- the operator with the discrete constraints F(g x) = ρ(g) F(x) added
local function with_discrete(self, list)
  local spec = {}
  for k, v in pairs(self.spec) do spec[k] = v end
  spec.discrete = {}
  for j, g in ipairs(list) do
    if not core.ismatrix(g) or g:rows() ~= self.m or g:cols() ~= self.m then
      opterr("discrete", "enforce", "entry %d must be a %dx%d matrix, got %s", j, self.m, self.m,
             core.ismatrix(g) and ("a %dx%d matrix"):format(g:shape()) or typename(g))
    end
    local rho
    if self.output == "invariant" then rho = core.eye(self.n)
    elseif self.output == "tangent" then rho = g
    else rho = self.out_action:rho_of(g) end
    local entry = {g = g, rho_inv = rho:inv()}
    if spec.class == "samples" then entry.phi = self.basis:eval(self.X * g:T()) end
    spec.discrete[j] = entry
  end
  return core.lieop_model(spec, "enforce")
end

--- The subspace of parameters W (vectorised column-major, n×k) whose
-- model is symmetric: L_ξ F = 0 for every generator, and F(g x) = ρ(g) F(x)
-- for every linear map g in `opts.discrete` (ρ the output action's).
-- @tparam[opt] table opts {discrete = {g1, ...}, method = "auto"|"svd"|
-- "gram"|"weights"|"iterative", tol, rtol, rank, min_gap, block, maxit,
-- max_time} (see `enforce_action`)
-- @treturn Subspace (its `model` field is the operator)
function Op:enforce(opts)
  local class = lieder.classes[self.mode or ""]
  if class and class.enforce then return class.enforce(self, opts) end
  opts = options.check(opts, 1, "enforce", enforce_keys)
  local list = options.list(opts, "discrete", "enforce")
  local op = (list and #list > 0) and with_discrete(self, list) or self
  return lieder.nullspace(op, self, options.pick(opts, solver_keys))
end

--- The subspace enforce returns: the nullspace of op with the solver
-- options of opts (checked already), its `model` field the model's
-- operator (op itself, or the model op was built from with discrete
-- constraints added). Model classes with an enforce of their own end in it.
function lieder.nullspace(op, model, opts)
  if not lieder.is_op(op) then argerr(1, "nullspace", "operator expected, got %s", typename(op)) end
  if not lieder.is_op(model) then argerr(2, "nullspace", "operator expected, got %s", typename(model)) end
  opts = options.check(opts, 3, "nullspace", solver_keys)
  local S = op:nullspace(options.pick(opts, solver_keys), "enforce")
  S.model = model
  return S
end

-- }======================================================

-- {======================================================
-- Discover
-- ======================================================

local Subalgebra = {}
Subalgebra.__index = Subalgebra
lieder.Subalgebra = Subalgebra

--- A subalgebra of a candidate from the null directions N (q×dim) and the
-- rank decision behind them.
function lieder.subalgebra(candidate, N, spectrum)
  return setmetatable({candidate = candidate, N = N, info = spectrum}, Subalgebra)
end

--- Dimension of the symmetry algebra found.
function Subalgebra:dim() return self.N:cols() end

--- The rank decision: {values = all singular values of B, tol, floor,
-- rank, gap, clear, method}.
function Subalgebra:spectrum() return self.info end

--- Coefficients of the generators in the candidate's basis (q×dim).
function Subalgebra:coefficients() return self.N:copy() end

-- the generators as the candidate's matrices or coefficient matrices
local function combine(self, N)
  local out = {}
  for c = 1, N:cols() do out[c] = self.candidate:combine(N:col(c)) end
  return out
end

--- The generators found: matrices for matrix candidates, coefficient
-- matrices (m×C(m+p,p)) for vector-field candidates. With `{echelon =
-- true}` the basis is recombined (`ls.echelon`, the candidate's basis
-- elements taken in order as pivots) so that each generator has a 1
-- where the others are 0: it reads cleanly.
-- @tparam[opt] table opts {echelon = boolean}
-- @treturn {Matrix,...}
function Subalgebra:generators(opts)
  opts = options.check(opts, 1, "generators", {"echelon"})
  local N = self.N
  if options.boolean(opts, "echelon", "generators", false) and N:cols() > 0 then
    N = subspace.echelon(N)
  end
  return combine(self, N)
end

--- The subalgebra as a LieAlgebra (matrix candidates only), so that
-- closure_residual, structure_constants and exp work on it.
function Subalgebra:algebra()
  if not lie.is_algebra(self.candidate) then
    options.raise("algebra: only matrix candidates give a LieAlgebra; use generators()")
  end
  if self:dim() == 0 then return lie.zero(self.candidate:size()) end
  return lie.from(self:generators())
end

function Subalgebra:__tostring()
  local info = self.info
  local head = ("Subalgebra: dim %d of %d, gap %.3g%s"):format(self:dim(), self.N:rows(),
    info.gap, info.clear and "" or " (not clear)")
  local lines = {head}
  if lie.is_algebra(self.candidate) and self:dim() > 0 then
    lines[1] = lines[1] .. (", closure residual %.1e"):format(self:algebra():closure_residual())
  end
  -- entries below the decision's resolution are rounding: printed as 0
  local s1 = info.values[1] or 0
  local rtol = math.min(1e-8, math.max(1e-12, s1 > 0 and info.tol / s1 or 0))
  for i, G in ipairs(self:generators{echelon = true}) do
    local scale = G:norm("max")
    if fields.is_field_algebra(self.candidate) then
      lines[#lines + 1] = ("generator %d: %s"):format(i,
        fields.format(self.candidate:vars(), self.candidate:degree(), G, rtol))
    else
      lines[#lines + 1] = ("generator %d:"):format(i)
      lines[#lines + 1] = tostring(G:chop(rtol * scale))
    end
  end
  return table.concat(lines, "\n")
end

--- ‖L‖₂, the operator's norm (θ ↦ B(θ)), estimated from below by power
-- iteration on L*L from a fixed start (within a few percent), cached.
function lieder.norm(op)
  if not lieder.is_op(op) then argerr(1, "norm", "operator expected, got %s", typename(op)) end
  local cached = op.norm_estimate
  if cached then return cached end
  local theta = core.randn(op:shape(), 1, core.rng(7))
  local s = 0
  for _ = 1, 15 do
    local n = theta:norm()
    if n == 0 then break end
    local y = op:adjoint(op:apply(theta * (1 / n)))
    s = math.sqrt(y:norm())
    theta = y
  end
  op.norm_estimate = s
  return s
end

--- The symmetry algebra of F_W inside the operator's candidate algebra:
-- the null directions of B(W), by the one rank decision (rank.h).
-- @tparam Matrix W n×k parameters
-- @tparam[opt] table opts {rtol = a threshold relative to the largest
-- singular value, tol = an absolute one, rank = the rank of B(W), min_gap
-- = the gap that counts as clear (default 100)}. Without them the cut is
-- the largest gap among those at rounding level (values below 1e-9 of
-- the largest, exact mode, or 1e-7, sampled), else a decisive gap (1e3,
-- dropping values below 1e-2), else nothing. Values below 1e-12·‖L‖·‖W‖
-- are rounding (of W or of B(W)) and count as zero. Operators on grid fields
-- count values below 1e-9·‖L‖·‖K‖ as zero (‖L‖ the operator's norm): the
-- discretisation's accuracy, not the largest value, sets their scale.
-- @treturn Subalgebra
function Op:discover(W, opts)
  local theta = theta_of(self, W, "discover")
  opts = options.check(opts, 2, "discover", options.rank_keys)
  local class = lieder.classes[self.mode or ""]
  local zero
  if class and class.zero then zero = class.zero(self, theta)
  else zero = 1e-12 * lieder.norm(self) * theta:norm() end
  local N, spec = self:symmetries(theta, opts, "discover",
    (self.mode == "exact" or self.mode == "kernel exact") and 1e-9 or 1e-7, zero)
  return lieder.subalgebra(self.algebra, N, spec)
end

-- }======================================================

local fit_keys = options.keys({"ridge", "discrete"}, solver_keys)

--- Least squares F_W(X) ≈ Y with W restricted to a subspace from
-- `enforce` (or an operator, enforced first with opts): minimises
-- ‖Φ(X)·Wᵀ − Y‖² + λ‖a‖² over the coordinates a of W in the subspace's
-- orthonormal basis.
-- @tparam Subspace|LieOp S
-- @tparam Matrix X points (N×m)
-- @tparam Matrix Y targets (N×n)
-- @tparam[opt] table opts {ridge = λ ≥ 0, and enforce's options}
-- @treturn Matrix W (n×k)
function lieder.fit(S, X, Y, opts)
  opts = options.check(opts, 4, "fit", fit_keys)
  local ridge = options.number(opts, "ridge", "fit", 0, 0, math.huge)
  if lieder.is_op(S) then
    local eopts = {}
    for k, v in pairs(opts) do if k ~= "ridge" then eopts[k] = v end end
    S = S:enforce(eopts)
  elseif rawget(opts, "discrete") ~= nil then
    opterr("discrete", "fit", "only for an operator (a subspace is already enforced)")
  end
  if not (subspace.is_subspace(S) and S.model) then
    argerr(1, "fit", "a subspace from enforce(op) or an operator expected, got %s", typename(S))
  end
  local op = S.model
  local Phi, Yt = lieder.data(op, X, Y, "fit")
  return lieder.fit_design(op, S:basis(), Phi, Yt, ridge)
end

--- The least-squares fit of an operator's model with θ = vec(W) in the
-- span of Q's columns (p×d): min ‖Φ(X)·Wᵀ − Y‖² + ridge·‖a‖², W = Q·a.
-- @tparam LieOp op
-- @tparam Matrix Q p×d
-- @tparam Matrix X points
-- @tparam Matrix Y targets
-- @tparam[opt] number ridge
-- @treturn Matrix W (n×k)
function lieder.fit_basis(op, Q, X, Y, ridge)
  if not lieder.is_op(op) then argerr(1, "fit_basis", "operator expected, got %s", typename(op)) end
  if not core.ismatrix(X) or X:cols() ~= op.m then
    argerr(3, "fit_basis", "points: a matrix with %d columns expected", op.m)
  end
  return lieder.fit_design(op, Q, op:design(X), Y, ridge)
end

--- The same with the design Φ (N×k) given instead of points (for fits
-- whose rows are not point evaluations: the weak form's integrals).
function lieder.fit_design(op, Q, Phi, Y, ridge)
  if not lieder.is_op(op) then argerr(1, "fit_design", "operator expected, got %s", typename(op)) end
  if not core.ismatrix(Q) or Q:rows() ~= op.n * op.k then
    argerr(2, "fit_design", "a basis of %d rows expected, got %s", op.n * op.k, typename(Q))
  end
  if not core.ismatrix(Phi) or Phi:cols() ~= op.k then
    argerr(3, "fit_design", "a design with %d columns expected, got %s", op.k, typename(Phi))
  end
  if not core.ismatrix(Y) or Y:rows() ~= Phi:rows() or Y:cols() ~= op.n then
    argerr(4, "fit_design", "targets: a %dx%d matrix expected", Phi:rows(), op.n)
  end
  if ridge ~= nil and (type(ridge) ~= "number" or ridge ~= ridge or ridge < 0) then
    argerr(5, "fit_design", "a ridge weight >= 0 expected, got %s", tostring(ridge))
  end
  if Q:cols() == 0 then return core.zeros(op.n, op.k) end
  -- the data map on the subspace's coordinates: (Φ ⊗ I_n) Q
  local D = core.kron_apply({Phi, core.eye(op.n)}, Q)
  local y = Y:T():reshape(Y:rows() * Y:cols(), 1)
  local a
  if ridge and ridge > 0 then
    a = (D:T() * D + ridge * core.eye(D:cols())):solve(D:T() * y)
  else
    a = D:lstsq(y)
  end
  return (Q * a):reshape(op.n, op.k)
end

return lieder
