--- The Lie-derivative operator of basis models F(x) = W·φ(x):
--
--     (L_ξ F)(x) = DF(x)·v_ξ(x) − M_ξ(x)·F(x)
--
-- bilinear in (ξ, W). **Enforce** is its nullspace in W for a fixed
-- algebra; **discover** is its nullspace in ξ for a fixed W.
--
-- Exact mode (polynomial bases, polynomial fields, no points): the
-- coefficients of L_ξ F in the monomial basis of degree d + p − 1 are
-- W·E_ξᵀ − M_ξ·W (E_ξ from `poly_field_matrix`), and the inner product is
-- that of L²(uniform probability on [−1,1]^m), applied through the
-- Cholesky factor of the monomials' Gram matrix. Sampled mode (any basis,
-- `opts.points`): values at the points, weighted by √w_p.
--
-- @module liesym.lieder

local core = require "liesym.core"
local basis_mod = require "liesym.basis"
local fields = require "liesym.fields"
local action = require "liesym.action"
local subspace = require "liesym.subspace"
local lie = require "liesym.lie"

local lieder = {}

local Op = {}
Op.__index = Op
lieder.Op = Op

function lieder.is_op(x) return getmetatable(x) == Op end

local EPS = 2.220446049250313e-16

--- The rank by the largest relative gap: among cuts r whose first dropped
-- value s_(r+1) is at most rtol·s_1, the one with the largest s_r/s_(r+1)
-- (values below the rounding floor max(rows, cols)·eps·s_1 count as that
-- floor). With no such cut, nothing is dropped.
-- @treturn int rank
-- @treturn number gap at the cut
-- @treturn number the bound rtol·s_1
function lieder.gap_rank(s, nrows, ncols, rtol)
  local k = #s
  local s1 = s[1] or 0
  local floor = math.max(nrows, ncols) * EPS * s1
  local bound = rtol * s1
  if s1 == 0 then return 0, math.huge, 0 end
  local best_r, best_gap = k, math.huge
  local found = false
  for r = 1, k - 1 do
    local dropped = s[r + 1]
    if dropped <= bound then
      local gap = s[r] / math.max(dropped, floor)
      if not found or gap > best_gap then best_r, best_gap, found = r, gap, true end
    end
  end
  if not found then
    -- full rank: the gap is how far the smallest value is above the bound
    best_gap = (bound > 0) and s[k] / bound or math.huge
  end
  return best_r, best_gap, bound
end

--- A threshold strictly between the kept and the dropped singular values
-- of a cut at r (their geometric mean, the dropped side floored at the
-- rounding level), so that recomputing the decomposition cannot move the
-- cut: pass it to `Matrix:null`.
function lieder.cut_threshold(vals, r, nrows, ncols)
  local k = #vals
  if k == 0 then return 0 end
  if r >= k then return 0.5 * vals[k] end
  local floor = math.max(nrows, ncols) * EPS * vals[1]
  if r == 0 then return math.max(vals[1], floor) * 2 end
  return math.sqrt(vals[r] * math.max(vals[r + 1], floor))
end

--- The entries of a column vector as a Lua list (singular values for
-- the rank rule).
function lieder.values_of(S)
  local t = {}
  for i = 1, S:rows() do t[i] = S:get(i) end
  return t
end
local values_of = lieder.values_of

-- {======================================================
-- Construction
-- ======================================================

local function check_basis(b)
  if not basis_mod.is_basis(b) then
    error(("bad argument #1 to 'model' (basis expected, got %s)"):format(type(b)), 3)
  end
end

--- The Lie-derivative operator of F(x) = W·φ(x).
-- @tparam Basis basis φ
-- @tparam LieAlgebra|FieldAlgebra algebra the candidate or known algebra,
-- acting on the input by its vector fields
-- @tparam[opt] table opts `outputs = n` (default 1); `output_action` = an
-- Action of the same algebra (M_ξ = dρ(ξ)), `"tangent"` (M_ξ = Dv_ξ, the
-- bracket [v_ξ, f] for vector fields) or nil (invariance); `points = X`
-- and `weights = w` for the sampled mode; `measure = "box"` (default).
-- @treturn Op
function lieder.model(b, algebra, opts)
  check_basis(b)
  opts = opts or {}
  if type(opts) ~= "table" then
    error(("bad argument #3 to 'model' (table expected, got %s)"):format(type(opts)), 2)
  end
  local m = b:vars()
  local ok, fl = pcall(fields.of, algebra, m)
  if not ok then error("bad argument #2 to 'model' (" .. tostring(fl):gsub("^.-:%d+: ", "") .. ")", 2) end
  local self = setmetatable({basis = b, algebra = algebra, fields = fl, m = m,
                             k = b:size(), q = #fl}, Op)
  local oa = opts.output_action
  if oa == nil then
    self.n = opts.outputs or 1
    self.output = "invariant"
  elseif oa == "tangent" then
    self.n = m
    self.output = "tangent"
    if opts.outputs and opts.outputs ~= m then
      error(("bad argument #3 to 'model' (a tangent output has %d components, outputs = %d)")
            :format(m, opts.outputs), 2)
    end
  elseif action.is_action(oa) then
    if oa.G.algebra:dim() ~= #fl then
      error(("bad argument #3 to 'model' (output action has %d algebra generators, the algebra %d)")
            :format(oa.G.algebra:dim(), #fl), 2)
    end
    self.n = oa:dim()
    self.output = "action"
    self.out_action = oa
  else
    error(("bad argument #3 to 'model' (output_action must be an Action, \"tangent\" or nil, got %s)")
          :format(tostring(oa)), 2)
  end
  if math.type(self.n) ~= "integer" or self.n < 1 then
    error("bad argument #3 to 'model' (outputs must be a positive integer)", 2)
  end
  local d = basis_mod.poly_degree(b)
  if opts.points ~= nil then
    local X = opts.points
    if not core.ismatrix(X) or X:cols() ~= m or X:rows() < 1 then
      error(("bad argument #3 to 'model' (points must be a matrix with %d columns)"):format(m), 2)
    end
    local w = opts.weights
    if w == nil then w = core.ones(X:rows(), 1) * (1 / X:rows()) end
    if not core.ismatrix(w) or w:rows() * w:cols() ~= X:rows() or w:min() < 0 then
      error("bad argument #3 to 'model' (weights must be a non-negative vector, one per point)", 2)
    end
    self.mode = "sampled"
    self.X = X
    self.sqrtw = w:reshape(X:rows(), 1):map(math.sqrt)
  elseif d then
    self.mode = "exact"
    self.d = d
    local pmax = 0
    for _, f in ipairs(fl) do pmax = math.max(pmax, f.degree) end
    self.dout = math.max(d, d + pmax - 1)
    if opts.measure ~= nil and opts.measure ~= "box" then
      error(("bad argument #3 to 'model' (measure must be \"box\", got %s)"):format(tostring(opts.measure)), 2)
    end
  else
    error("bad argument #3 to 'model' (this basis needs opts.points: sampled mode)", 2)
  end
  return self
end

-- the constant output generators M_i (n×n), or nil for a field-dependent one
local function output_matrix(self, i)
  if self.output == "invariant" then return core.zeros(self.n, self.n) end
  if self.output == "action" then return self.out_action:drho(i) end
  local f = self.fields[i]
  if f.degree == 0 then return core.zeros(self.m, self.m) end  -- constant field: Dv = 0
  if f.degree <= 1 then return f.V:sub(1, self.m, 2, self.m + 1) end  -- Dv = A
  return nil
end

-- cached pieces of the exact mode: the padding P_d → P_dout and the
-- factor R of the output inner product; the dense E_i only for enforce
local function exact_parts(self)
  if self.R then return end
  local m, dout = self.m, self.dout
  self.pad = core.eye(self.k, core.poly_count(m, dout))
  local G = core.poly_box_gram(m, dout)
  self.R = G:chol():T()  -- ‖c‖_L² = ‖R c‖
end

local function field_matrices(self)
  if self.E then return self.E end
  self.E = {}
  for i, f in ipairs(self.fields) do
    self.E[i] = core.poly_field_matrix(self.m, self.d, f.degree, f.V, self.dout)
  end
  return self.E
end

-- coefficients (n×k_out) of D_i(W F) where D_j maps P_p → P_(p−1)
local function derivative_matrix(m, p, j)
  local V = core.zeros(m, 1)
  V:set(j, 1)
  return core.poly_field_matrix(m, p, 0, V, math.max(p - 1, 0))
end

-- exact coefficients (n×k_out) of L_i F for F = W·φ
local function exact_coefficients(self, i, W)
  local f0 = self.fields[i]
  local C = core.poly_field_apply(self.m, self.d, f0.degree, f0.V, self.dout, W)
  local M = output_matrix(self, i)
  if M then return C - M * W * self.pad end
  -- tangent output of a nonlinear field: (Dv·F)_o = Σ_j ∂_j v_o · F_j
  local f, m = self.fields[i], self.m
  local rows = {}
  for o = 1, self.n do
    local acc = core.zeros(1, core.poly_count(m, self.dout))
    for j = 1, m do
      local dv = derivative_matrix(m, f.degree, j) * f.V:row(o):T()
      local P = core.poly_mul_matrix(m, self.d, math.max(f.degree - 1, 0), dv, self.dout)
      acc = acc + (P * W:row(j):T()):T()
    end
    rows[o] = acc
  end
  return C - core.vcat(rows)
end

-- N×k: row p is (Dφ(x_p)·v(x_p))ᵀ
local function jacobian_times_field(self, f)
  local J = self.J or self.basis:jacobian(self.X)
  self.J = J
  local Vx = fields.eval(f, self.X)
  return core.jacobian_apply(J, Vx, self.k)
end

local function sampled_values(self, i, W)  -- N×n values of L_i F at the points
  self.Phi = self.Phi or self.basis:eval(self.X)
  local f = self.fields[i]
  local LF = jacobian_times_field(self, f) * W:T()
  local M = output_matrix(self, i)
  if M then return LF - self.Phi * W:T() * M:T() end
  local F = self.Phi * W:T()
  local Js = fields.jacobians(f, self.X)
  local out = core.zeros(self.X:rows(), self.n)
  for p = 1, self.X:rows() do
    out:set_block(p, 1, LF:row(p) - (Js[p] * F:row(p):T()):T())
  end
  return out
end

local function check_W(self, W, fname)
  if not core.ismatrix(W) then
    error(("bad argument #1 to '%s' (matrix expected, got %s)"):format(fname, type(W)), 3)
  end
  if W:rows() == self.n and W:cols() == self.k then return W end
  if W:rows() * W:cols() == self.n * self.k and (W:cols() == 1 or W:rows() == 1) then
    return W:reshape(self.n, self.k)
  end
  error(("shape mismatch in '%s': W must be %dx%d (outputs x basis size), got %dx%d")
        :format(fname, self.n, self.k, W:rows(), W:cols()), 3)
end

function Op:__tostring()
  local where = (self.mode == "exact")
    and ("exact, box measure, coefficients of degree <= %d"):format(self.dout)
    or ("sampled at %d points"):format(self.X:rows())
  return ("Lie-derivative operator: %d generators, %d outputs x %d basis functions (%s), %s output")
    :format(self.q, self.n, self.k, where, self.output)
end

--- B(W): one column per generator, the Lie derivative of F_W along it in
-- the operator's inner product (so its singular values are the operator's).
-- @treturn Matrix rows × q
function Op:matrix(W)
  W = check_W(self, W, "matrix")
  local cols = {}
  if self.mode == "exact" then
    exact_parts(self)
    for i = 1, self.q do
      local C = exact_coefficients(self, i, W)   -- n × k_out
      cols[i] = (self.R * C:T()):reshape(C:rows() * C:cols(), 1)
    end
  else
    local D = core.diag(self.sqrtw)
    for i = 1, self.q do
      local V = D * sampled_values(self, i, W)
      cols[i] = V:reshape(V:rows() * V:cols(), 1)
    end
  end
  return core.hcat(cols)
end

--- The operator as one matrix M with vec(B(W)) = M·vec(W): (rows·q) × (n·k),
-- computed once and kept. Invariant models are assembled a generator at a
-- time (block i is √w·[Dφ(x_p)·v_i(x_p)] sampled, or R·E_i exact); other
-- models a column at a time from `matrix`.
-- @treturn Matrix M
-- @treturn int the number of rows of B(W)
function Op:operator_matrix()
  if self.dense_op then return self.dense_op, self.dense_rows end
  local blocks
  if self.output == "invariant" and self.n == 1 then
    blocks = {}
    if self.mode == "exact" then
      exact_parts(self)
      field_matrices(self)
      for i = 1, self.q do blocks[i] = self.R * self.E[i] end
    else
      local D = core.diag(self.sqrtw)
      for i = 1, self.q do blocks[i] = D * jacobian_times_field(self, self.fields[i]) end
    end
    self.dense_op, self.dense_rows = core.vcat(blocks), blocks[1]:rows()
  else
    local nk, cols = self.n * self.k, {}
    for j = 1, nk do
      local E = core.zeros(nk, 1)
      E:set(j, 1)
      local B = self:matrix(E:reshape(self.n, self.k))
      self.dense_rows = B:rows()
      cols[j] = B:reshape(B:rows() * B:cols(), 1)
    end
    self.dense_op = core.hcat(cols)
  end
  return self.dense_op, self.dense_rows
end

-- the highest degree in which a polynomial field has a nonzero coefficient
-- (a translation, stored with degree 1, has degree 0)
local function field_degree(m, f)
  for e = f.degree, 1, -1 do
    local lo = core.poly_count(m, e - 1) + 1
    if f.V:sub(1, m, lo, f.V:cols()):abs():max() > 0 then return e end
  end
  return 0
end

--- The operator in structured form, B(W) ≅ R·[D_1θ … D_qθ]: R (s×k_out)
-- the factor of the inner product on the derivatives' coefficients (the
-- Cholesky factor of the box Gram matrix, or R of the QR factorisation
-- √w·Ψ(X) = Q·R of the sampled monomials), D_i sparse (the field matrices
-- as entries). Same singular values as `matrix`; `Q` (sampled mode) maps
-- s×q matrices back to the rows of `matrix`. Available for invariant
-- scalar models with a polynomial basis; nil otherwise. Kept once built.
-- @treturn table {R, entries (nnz×3, 0-based row of vec(G), column of θ,
-- value), q, k, Q}, or nil
function Op:structure()
  if self.struct ~= nil then return self.struct or nil end
  local d = basis_mod.poly_degree(self.basis)
  if self.output ~= "invariant" or self.n ~= 1 or not d then
    self.struct = false
    return nil
  end
  local m, degs, pmax = self.m, {}, 0
  for i, f in ipairs(self.fields) do
    degs[i] = field_degree(m, f)
    pmax = math.max(pmax, degs[i])
  end
  local dout, R, Q
  if self.mode == "exact" then
    exact_parts(self)
    dout, R = self.dout, self.R
  else
    dout = math.max(d + pmax - 1, 0)
    local Psi = core.basis_poly(m, dout):eval(self.X)
    Q, R = (core.diag(self.sqrtw) * Psi):qr()
  end
  local ko, parts = core.poly_count(m, dout), {}
  for i, f in ipairs(self.fields) do
    local V = f.V:sub(1, m, 1, core.poly_count(m, degs[i]))
    parts[i] = core.poly_field_entries(m, d, degs[i], V, dout, (i - 1) * ko)
  end
  self.struct = {R = R, entries = core.vcat(parts), q = self.q, k = self.k, Q = Q}
  return self.struct
end

-- }======================================================

-- {======================================================
-- Enforce
-- ======================================================

local function discrete_parts(self, list)
  local T, rho = {}, {}
  for j, Rg in ipairs(list or {}) do
    if not core.ismatrix(Rg) or Rg:rows() ~= self.m or Rg:cols() ~= self.m then
      error(("bad option 'discrete' to 'enforce' (entry %d must be a %dx%d matrix)")
            :format(j, self.m, self.m), 3)
    end
    local out
    if self.output == "invariant" then out = core.eye(self.n)
    elseif self.output == "tangent" then out = Rg
    else out = self.out_action:rho_of(Rg) end
    T[j], rho[j] = Rg, out:inv()
  end
  return T, rho
end

local function affine_only(self)
  for _, f in ipairs(self.fields) do if f.degree > 1 then return false end end
  return true
end

--- The subspace of parameters W (vectorised column-major, n×k) whose
-- model is symmetric: L_ξ F = 0 for every generator, and K_g F = F for
-- every linear map g in `opts.discrete` (with the output action's ρ(g)).
-- @tparam[opt] table opts {discrete = {R1, ...}, tol, method, rtol}
-- @treturn Subspace
function Op:enforce(opts)
  opts = opts or {}
  local Rs, rinv = discrete_parts(self, opts.discrete)
  local S
  if self.mode == "exact" and affine_only(self) then
    exact_parts(self)
    field_matrices(self)
    local f1 = {dim = self.k, drho = {}, rho = {}}
    local f2 = {dim = self.n, drho = {}, rho = {}}
    for i = 1, self.q do
      f1.drho[i] = self.E[i]
      f2.drho[i] = -output_matrix(self, i)
    end
    for j, Rg in ipairs(Rs) do
      f1.rho[j] = core.poly_substitution(self.m, self.d, Rg)
      f2.rho[j] = rinv[j]
    end
    local Q, info = core.fixed_space({f1, f2}, {tol = opts.tol, method = opts.method},
                                     "enforce")
    S = subspace.dense(Q, info)
  else
    local blocks = {}
    local n = self.n
    if self.mode == "exact" then
      exact_parts(self)
      field_matrices(self)
      for i = 1, self.q do
        local M = output_matrix(self, i)
        if not M then
          error("enforce: a tangent output of nonlinear fields needs the sampled mode", 2)
        end
        blocks[#blocks + 1] = core.kron(self.E[i], core.eye(n)) - core.kron(self.pad:T(), M)
      end
      for j, Rg in ipairs(Rs) do
        local T = core.poly_substitution(self.m, self.d, Rg)
        blocks[#blocks + 1] = core.kron(T, rinv[j]) - core.eye(n * self.k)
      end
    else
      local Dw = core.diag(self.sqrtw)
      self.Phi = self.Phi or self.basis:eval(self.X)
      local DPhi = Dw * self.Phi
      for i = 1, self.q do
        local M = output_matrix(self, i)
        if not M then
          error("enforce: a tangent output of nonlinear fields is not supported", 2)
        end
        local G = Dw * jacobian_times_field(self, self.fields[i])
        blocks[#blocks + 1] = core.kron(G, core.eye(n)) - core.kron(DPhi, M)
      end
      for j, Rg in ipairs(Rs) do
        local PhiR = Dw * self.basis:eval(self.X * Rg:T())
        blocks[#blocks + 1] = core.kron(PhiR, rinv[j]) - core.kron(DPhi, core.eye(n))
      end
    end
    local C = core.vcat(blocks)
    local N, info = C:null(opts.tol)
    info.method = "svd"
    S = subspace.dense(N, info)
  end
  S.model = self
  return S
end

-- }======================================================

-- {======================================================
-- Discover
-- ======================================================

local Subalgebra = {}
Subalgebra.__index = Subalgebra
lieder.Subalgebra = Subalgebra

--- A subalgebra of a candidate from the nullspace of B (rows × q).
function lieder.subalgebra_of(B, candidate, fl, opts)
  opts = opts or {}
  local q = B:cols()
  local vals = values_of(B:svdvals())
  local rtol = opts.rtol or 1e-9
  local r, gap, bound = lieder.gap_rank(vals, B:rows(), q, rtol)
  -- a wide B adds q − rows null directions of its own
  local null = B:null(lieder.cut_threshold(vals, r, B:rows(), q))
  return setmetatable({candidate = candidate, fields = fl, N = null,
                       info = {values = vals, tol = bound, gap = gap, rank = r}},
                      Subalgebra)
end

--- Dimension of the symmetry algebra found.
function Subalgebra:dim() return self.N:cols() end

--- {values = all singular values of B, tol, gap, rank}.
function Subalgebra:spectrum() return self.info end

--- Coefficients of the generators in the candidate's basis (q×dim).
function Subalgebra:coefficients() return self.N:copy() end

--- The generators found: matrices for matrix candidates, coefficient
-- matrices for vector-field candidates. With `{echelon = true}` the basis
-- is recombined (`ls.echelon`, entries taken row by row as pivots) so that
-- each generator is 1 at an entry where the others are 0: it reads cleanly.
function Subalgebra:generators(opts)
  if opts and opts.echelon and self.N:cols() > 0 then
    local plain = self:generators()
    local r, c = plain[1]:shape()
    local cols, order = {}, {}
    for i, G in ipairs(plain) do cols[i] = G:T():reshape(r * c, 1) end
    for j = 1, r * c do order[j] = j end
    local E = subspace.echelon(core.hcat(cols), order)
    local out = {}
    for i = 1, E:cols() do out[i] = E:col(i):reshape(c, r):T() end
    return out
  end
  local out = {}
  for c = 1, self.N:cols() do
    local G
    for j, f in ipairs(self.fields) do
      local term = self.N:get(j, c) * (f.X or f.V)
      G = G and (G + term) or term
    end
    out[c] = G
  end
  return out
end

--- The subalgebra as a LieAlgebra (matrix candidates only), so that
-- closure_residual, structure_constants and exp work on it.
function Subalgebra:algebra()
  if not lie.is_algebra(self.candidate) then
    error("algebra: only matrix candidates give a LieAlgebra; use generators()", 2)
  end
  if self:dim() == 0 then return lie.zero(self.candidate:size()) end
  return lie.from(self:generators())
end

function Subalgebra:__tostring()
  local lines = {("Subalgebra: dim %d of %d, gap %.3g"):format(self:dim(), self.N:rows(),
                                                               self.info.gap)}
  if lie.is_algebra(self.candidate) and self:dim() > 0 then
    lines[1] = lines[1] .. (", closure residual %.1e"):format(self:algebra():closure_residual())
  end
  for i, G in ipairs(self:generators()) do
    lines[#lines + 1] = ("generator %d:"):format(i)
    lines[#lines + 1] = tostring(G)
  end
  return table.concat(lines, "\n")
end

--- The symmetry algebra of F_W inside the operator's candidate algebra.
-- @tparam Matrix W n×k parameters
-- @tparam[opt] table opts {rtol = bound on the dropped singular values
-- relative to the largest (default 1e-9 exact, 1e-7 sampled)}
-- @treturn Subalgebra
function Op:discover(W, opts)
  opts = opts or {}
  local B = self:matrix(W)
  if opts.rtol == nil then opts = {rtol = (self.mode == "exact") and 1e-9 or 1e-7} end
  return lieder.subalgebra_of(B, self.algebra, self.fields, opts)
end

-- }======================================================

--- Least squares F_W(X) ≈ Y with W restricted to a subspace from `enforce`
-- (or an operator, enforced first): minimises ‖Φ(X)·Wᵀ − Y‖² + λ‖a‖² over
-- the coordinates a of W in the subspace's orthonormal basis.
-- @treturn Matrix W (n×k)
function lieder.fit(S, X, Y, opts)
  opts = opts or {}
  if lieder.is_op(S) then S = S:enforce(opts) end
  if not (subspace.is_subspace(S) and S.model) then
    error("bad argument #1 to 'fit' (a subspace from enforce(op) or an operator expected)", 2)
  end
  local op = S.model
  if not core.ismatrix(X) or X:cols() ~= op.m then
    error(("bad argument #2 to 'fit' (points: a matrix with %d columns expected)"):format(op.m), 2)
  end
  if not core.ismatrix(Y) or Y:rows() ~= X:rows() or Y:cols() ~= op.n then
    error(("bad argument #3 to 'fit' (targets: a %dx%d matrix expected)"):format(X:rows(), op.n), 2)
  end
  local Q = S:basis()
  local Phi = op.basis:eval(X)
  local cols = {}
  for i = 1, Q:cols() do
    local P = Phi * Q:col(i):reshape(op.n, op.k):T()
    cols[i] = P:reshape(P:rows() * P:cols(), 1)
  end
  if #cols == 0 then return core.zeros(op.n, op.k) end
  local D = core.hcat(cols)
  local y = Y:reshape(Y:rows() * Y:cols(), 1)
  local a
  local ridge = opts.ridge or 0
  if ridge > 0 then
    a = (D:T() * D + ridge * core.eye(D:cols())):solve(D:T() * y)
  else
    a = D:lstsq(y)
  end
  return (Q * a):reshape(op.n, op.k)
end

return lieder
