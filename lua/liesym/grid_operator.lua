--- Operators on sampled fields as a model class of the Lie-derivative
-- operator: the parameters are the operator's matrix K, acting on a field
-- sampled on a `ls.field.grid` (the quadrature inside K: (Ku)_i ≈
-- ∫k(x_i, y)u(y)dy), and the Lie derivative along ξ is the commutator
--
--     L_ξ K = D^out_ξ·K − K·D^in_ξ
--
-- with D_ξ the generator on the grid (`ls.field.generators`: Du·v_ξ −
-- dρ(ξ)u). It is the discrete form of the kernel's Lie derivative
-- (liesym.kernel), the divergence term included: integrating K·D_ξ u by
-- parts gives it. Its norm is the Hilbert–Schmidt norm of L²(w) for the
-- grid's quadrature, or the norm of L_ξK·T on given test fields T
-- (rotations on a box: smooth fields decaying inside it, where the
-- rotation's generator is accurate).
--
-- Enforce gives the equivariant operators — on a periodic grid under its
-- translations exactly the convolutions, kept as an orbit subspace of
-- R^{N²} (no dense basis, no N²×N² constraint: 64×64 in well under a
-- second); discover gives the symmetries of a given K; promote regresses
-- K from pairs of fields U → V (one field per row) with the nuclear norm
-- of its Lie derivative penalised.
--
-- @module liesym.grid_operator

local core = require "liesym.core"
local fields = require "liesym.fields"
local field = require "liesym.field"
local lieder = require "liesym.lieder"
local options = require "liesym.options"

local typename, argerr, opterr = options.typename, options.argerr, options.opterr
local fname = "grid_operator"

local keys = {"input_action", "output_action", "discrete", "test_fields", "basis"}
local grid_kernel   -- below: grid_operator{basis = b}

-- whether the candidate is the grid's translations: constant fields
-- spanning R^dim, so that (with the Nyquist mode distinct) the commutant
-- is the convolutions
local function translations_only(grid, algebra)
  local list = fields.of(algebra, grid.spec.dim)
  if not list then return false end
  local cols = {}
  for i, f in ipairs(list) do
    local V = f.V
    if V:cols() > 1 and V:sub(1, V:rows(), 2, V:cols()):norm("max") ~= 0 then return false end
    cols[i] = V:col(1)
  end
  return #cols >= grid.spec.dim and core.hcat(cols):rank() == grid.spec.dim
end

-- the discrete maps: a matrix (the same on input and output fields) or
-- {input = P_in, output = P_out}
local function discrete_maps(list, nin, nout)
  local out = {}
  for j, d in ipairs(list) do
    local pin, pout
    if core.ismatrix(d) then pin, pout = d, d
    elseif type(d) == "table" then pin, pout = rawget(d, "input"), rawget(d, "output")
    end
    if not (core.ismatrix(pin) and pin:rows() == nin and pin:cols() == nin and
            core.ismatrix(pout) and pout:rows() == nout and pout:cols() == nout) then
      opterr("discrete", fname, "entry %d: a %dx%d matrix or {input = %dx%d, output = %dx%d} expected",
             j, nin, nin, nin, nin, nout, nout)
    end
    local ok, inv = pcall(core.inv, pin)
    if not ok or inv:norm("max") ~= inv:norm("max") then
      opterr("discrete", fname, "entry %d: the map on input fields is not invertible", j)
    end
    out[j] = {pout = pout, pin_inv_t = inv:T()}
  end
  return out
end

--- The Lie-derivative operator of operators K on fields of a grid.
-- @tparam Grid grid
-- @tparam LieAlgebra|FieldAlgebra algebra acting on R^dim
-- @tparam[opt] table opts `input_action`, `output_action` = Actions of
-- the algebra on the fields' values (vector fields; default scalar);
-- `discrete` = a list of maps of fields that K must commute with (a
-- matrix for both sides, e.g. `grid:shift(1, 1)`, or {input =, output
-- =}); `test_fields` = T (c_in·N × r): measure L_ξK on these input
-- fields only, ‖√w_out·(L_ξK)·T‖ (fields decaying inside the box, for
-- rotations; enforce then constrains K on their span only); `basis` = a
-- Basis on R^dim × R^dim (x first, then y): K is then structured, K[p, r]
-- = Σ_j θ_j κ_j(x_p, x_r)·w_r, a kernel in the basis sampled on the grid
-- with the quadrature weights, and the parameters are θ (W is 1×k;
-- `op:operator(W)` is its K). Scalar fields only.
-- @treturn LieOp with θ = vec(K), K (c_out·N)×(c_in·N), or θ
local function grid_operator(grid, algebra, opts)
  if not field.is_grid(grid) then argerr(1, fname, "grid expected, got %s", typename(grid)) end
  opts = options.check(opts, 3, fname, keys)
  local b = rawget(opts, "basis")
  if b ~= nil then
    local inner = {}
    for k, v in pairs(opts) do if k ~= "basis" then inner[k] = v end end
    return grid_kernel(grid, algebra, b, grid_operator(grid, algebra, inner))
  end
  local spec, cin, fin, q = field.field_spec(grid, algebra, rawget(opts, "input_action"),
                                             "input_action", fname)
  local _, cout, fout = field.field_spec(grid, algebra, rawget(opts, "output_action"),
                                         "output_action", fname)
  local N = grid.N
  local nin, nout = cin * N, cout * N
  -- the operator's terms hold ~4 copies of K's size at most while solving
  if nin * nout * 8 * 2 > core.memory_limit() then
    options.raise("%s: K has %.0f entries (%d x %d): above ls.memory_limit()", fname,
                  nin * nout, nout, nin)
  end
  spec.c_in, spec.c_out, spec.fiber_in, spec.fiber_out = cin, cout, fin, fout
  spec.weights = true
  local T = options.matrix(opts, "test_fields", fname, nin)
  if T then
    if T:cols() < 1 then opterr("test_fields", fname, "at least one test field expected") end
    local lo, hi = T:min(), T:max()
    if lo ~= lo or hi ~= hi or lo == -math.huge or hi == math.huge then
      opterr("test_fields", fname, "finite values expected")
    end
    spec.test = T
  end
  local list = options.list(opts, "discrete", fname)
  if list and #list > 0 then spec.discrete = discrete_maps(list, nin, nout) end
  local op = core.lieop_grid(grid.spec, spec, fname)
  op.spec_c = spec
  op.grid, op.algebra, op.mode = grid, algebra, "grid"
  op.n, op.k, op.m, op.q = nout, nin, nin, q
  op.c_in, op.c_out = cin, cout
  op.convolutions = grid.spec.periodic and grid.spec.nyquist == "mode" and cin == 1
    and cout == 1 and not T and not spec.discrete and translations_only(grid, algebra)
  return op
end

local function describe(op)
  local _, q, s = op:shape()
  return ("Lie-derivative operator of operators on fields: %d generators, K is %dx%d on %s, "
          .. "B(K) is %dx%d"):format(q, op.n, op.k, tostring(op.grid), s, q)
end

local enforce_keys = options.nullspace_keys

-- method "convolutions" (the default where it applies) or the generic
-- solvers of the operator's nullspace
local function enforce(op, opts)
  opts = options.check(opts, 1, "enforce", enforce_keys)
  local method = rawget(opts, "method")
  if method == "convolutions" or (method == nil and op.convolutions) then
    if not op.convolutions then
      opterr("method", "enforce", "\"convolutions\" needs scalar fields on a periodic grid "
             .. "(Nyquist mode distinct), the translations as the algebra, no test fields "
             .. "or discrete maps")
    end
    for _, k in ipairs{"tol", "rtol", "rank", "min_gap", "block", "maxit"} do
      if rawget(opts, k) ~= nil then
        opterr(k, "enforce", "the convolutions are exact: no rank decision to tune")
      end
    end
    local S = core.field_convolutions(op.grid.spec)
    S.model = op
    return S
  end
  return lieder.nullspace(op, op, opts)
end

-- The size of the commutator's two terms at K, max_i ‖D^out_i K‖ +
-- ‖K D^in_i‖ (in the operator's norm): the scale against which B(K) is
-- small. The two one-sided operators are built on first use.
local function term_scale(op, theta)
  if not op.sides then
    op.sides = {core.lieop_grid(op.grid.spec, op.spec_c, fname, 1),
                core.lieop_grid(op.grid.spec, op.spec_c, fname, 2)}
  end
  local Bl, Br = op.sides[1]:apply(theta), op.sides[2]:apply(theta)
  local big = 0
  for i = 1, Bl:cols() do big = math.max(big, Bl:col(i):norm() + Br:col(i):norm()) end
  return big
end

-- values of B(K) below the discretisation's accuracy at this K: 1e-6 of
-- the terms' size (spectral generators on smooth fields are far more
-- accurate; finite differences of order 6 on a few points per
-- wavelength, about that)
local function zero(op, theta)
  return 1e-6 * term_scale(op, theta)
end

-- ls.promote's exact mode in closed form when the problem is Fourier
-- diagonal: scalar fields, a periodic 1-D grid, its translation (the
-- nuclear norm of the one-column B(K) is its Frobenius norm, and each row
-- of K in Fourier coordinates is a weighted minimum-norm solution;
-- src/core/convfit.h). nil otherwise: the generic solver takes it.
local function promote_exact(op, U, V)
  if not (op.convolutions and op.grid.spec.dim == 1 and op.q == 1) then return nil end
  local t0 = core.clock()
  local K, info = core.field_convolution_fit(op.grid.spec, U, V)
  if info.residual > 1e-8 then
    options.raise("promote: no operator reproduces the field pairs (the least-squares "
                  .. "residual is %.3g of |V|); use the penalized mode", info.residual)
  end
  info.converged, info.closed_form, info.iterations = true, true, 0
  info.method, info.mode = "fourier", "exact"
  info.primal, info.dual = 0, 0
  info.unique = info.nonunique == 0
  info.zero_level = zero(op, K:reshape(op.n * op.k, 1))
  info.time = core.clock() - t0
  return K, info
end

-- K itself: the parameters are the operator
local function operator(op, W)
  if not core.ismatrix(W) or W:rows() * W:cols() ~= op.n * op.k then
    argerr(1, "operator", "a %dx%d matrix expected, got %s", op.n, op.k, typename(W))
  end
  return W:reshape(op.n, op.k)
end

-- the penalized mode in closed form (the same reduction: a ridge-type
-- row solve whose weight meets the penalty's stationarity, convfit.h);
-- nil where it does not apply
local function promote_penalized(op, U, V, gamma)
  if not (op.convolutions and op.grid.spec.dim == 1 and op.q == 1) then return nil end
  local t0 = core.clock()
  local K, info = core.field_convolution_fit(op.grid.spec, U, V, gamma)
  if not K then return nil end
  info.converged = info.mu == math.huge or info.stationarity <= 1e-9
  info.closed_form, info.iterations = true, info.evaluations
  info.method, info.mode, info.gamma = "fourier", "penalized", gamma
  info.primal, info.dual = 0, info.mu == math.huge and 0 or info.stationarity
  info.unique = info.nonunique == 0
  info.zero_level = zero(op, K:reshape(op.n * op.k, 1))
  info.time = core.clock() - t0
  return K, info
end

lieder.classes.grid = {describe = describe, enforce = enforce, zero = zero,
                       promote_exact = promote_exact, promote_penalized = promote_penalized,
                       operator = operator}

-- {======================================================
-- Kernels in a basis sampled on the grid
-- ======================================================

-- the operators K_j of the basis functions, as the columns of A (N² × k):
-- vec K_j at (p, r) = κ_j(x_p, x_r)·w_r, vec column-major (p fastest)
local function sampled_kernels(grid, b)
  local X, w, N = grid:points(), grid:weights(), grid.N
  local one = core.ones(N, 1)
  local pairs_ = core.hcat{core.kron(one, X), core.kron(X, one)}
  local A = b:eval(pairs_)
  return core.hadamard(A, core.kron(w, one) * core.ones(1, A:cols()))
end

-- The structured grid operator: K(θ) = Σ θ_j K_j with the sampled
-- kernels of a basis; its Lie derivative is the grid operator's at K(θ),
-- one column per generator (`grid_operator{basis = b}`).
grid_kernel = function(grid, algebra, b, plain)
  local basis_mod = require "liesym.basis"
  if not basis_mod.is_basis(b) then opterr("basis", fname, "a Basis expected, got %s", typename(b)) end
  if b:vars() ~= 2 * grid.spec.dim then
    opterr("basis", fname, "a basis on R^%d x R^%d (%d variables) expected, got %d variables",
           grid.spec.dim, grid.spec.dim, 2 * grid.spec.dim, b:vars())
  end
  if plain.c_in ~= 1 or plain.c_out ~= 1 then
    opterr("basis", fname, "kernels in a basis are for scalar fields")
  end
  local N, k = grid.N, b:size()
  local _, q, s = plain:shape()
  if N * N * k * 8 * 2 + s * k * q * 8 > core.memory_limit() then
    options.raise("%s: %d sampled kernels of %d x %d exceed ls.memory_limit()", fname, k, N, N)
  end
  local A = sampled_kernels(grid, b)
  -- column j of M_i is L_i K_j: the grid operator applied to each K_j
  local cols = {}
  for i = 1, q do cols[i] = {} end
  for j = 1, k do
    local B = plain:apply(A:col(j))
    for i = 1, q do cols[i][j] = B:col(i) end
  end
  local M = {}
  for i = 1, q do M[i] = core.hcat(cols[i]) end
  local op = core.lieop_explicit(M, fname)
  op.grid, op.algebra, op.mode, op.basis = grid, algebra, "grid kernel", b
  op.plain, op.A = plain, A
  op.n, op.k, op.m, op.q = 1, k, N, q
  return op
end

local function kernel_describe(op)
  local _, q, s = op:shape()
  return ("Lie-derivative operator of kernels in a basis of %d functions sampled on %s: "
          .. "%d generators, B(W) is %dx%d"):format(op.k, tostring(op.grid), q, s, q)
end

local function kernel_operator(op, W)
  if not core.ismatrix(W) or W:rows() * W:cols() ~= op.k then
    argerr(1, "operator", "%d coefficients expected, got %s", op.k, typename(W))
  end
  return (op.A * W:reshape(op.k, 1)):reshape(op.grid.N, op.grid.N)
end

local function kernel_zero(op, theta)
  return zero(op.plain, op.A * theta)
end

-- V ≈ U·K(θ)ᵀ is linear in θ: vec(V) ≈ Σ θ_j vec(U·K_jᵀ)
local function kernel_data(op, U, V, name)
  local N = op.grid.N
  if not core.ismatrix(U) or U:cols() ~= N then
    argerr(2, name, "input fields: a matrix with %d columns expected", N)
  end
  if not core.ismatrix(V) or V:rows() ~= U:rows() or V:cols() ~= N then
    argerr(3, name, "targets: a %dx%d matrix expected", U:rows(), N)
  end
  local cols = {}
  for j = 1, op.k do
    cols[j] = (U * op.A:col(j):reshape(N, N):T()):reshape(U:rows() * N, 1)
  end
  return core.hcat(cols), V:reshape(U:rows() * N, 1)
end

local function kernel_enforce(op, opts)
  opts = options.check(opts, 1, "enforce", enforce_keys)
  if rawget(opts, "method") == "convolutions" then
    opterr("method", "enforce", "\"convolutions\" is for unstructured operators (no basis)")
  end
  return lieder.nullspace(op, op, opts)
end

lieder.classes["grid kernel"] = {describe = kernel_describe, enforce = kernel_enforce,
                                 zero = kernel_zero, operator = kernel_operator,
                                 data = kernel_data}

-- }======================================================
lieder.grid_operator = grid_operator
return grid_operator
