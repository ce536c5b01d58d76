--- Lie algebras of real n×n matrices.
--
-- A `LieAlgebra` is a basis e_1..e_q of n×n matrices; the bracket is the
-- commutator. Affine algebras on R^m use homogeneous (m+1)×(m+1) matrices
-- [[A, b], [0, 0]], so that v(x) = A·x + b and the bracket stays the
-- commutator. The basis is kept as one n²×q matrix of vectorised generators,
-- so every operation below is a handful of C matrix calls.
--
-- @module liesym.lie

local core = require "liesym.core"

local lie = {}

local LieAlgebra = {}
LieAlgebra.__index = LieAlgebra
lie.LieAlgebra = LieAlgebra

local function is_algebra(x) return getmetatable(x) == LieAlgebra end
lie.is_algebra = is_algebra

local function vec(X) return X:reshape(X:rows() * X:cols(), 1) end

local function unit(n, i, j)
  local E = core.zeros(n, n)
  E:set(i, j, 1)
  return E
end

-- Build an algebra from generators already known to be independent.
local function make(gens, n, name)
  local cols = {}
  for i, X in ipairs(gens) do cols[i] = vec(X) end
  local basis = (#gens > 0) and core.hcat(cols) or core.zeros(n * n, 0)
  return setmetatable({n = n, gens = gens, basis = basis, name = name},
                      LieAlgebra)
end

--- An algebra from any list of square matrices of one size.
-- Linear independence is checked (an error names the dependent generator);
-- closure under the bracket is not assumed: see `closure_residual`.
-- @tparam {Matrix,...} gens the basis
-- @tparam[opt] int n the matrix size (needed when `gens` is empty)
-- @tparam[opt] string name
-- @treturn LieAlgebra
function lie.from(gens, n, name)
  if type(gens) ~= "table" then
    error(("bad argument #1 to 'from' (table of matrices expected, got %s)")
          :format(type(gens)), 2)
  end
  for i, X in ipairs(gens) do
    if not core.ismatrix(X) then
      error(("bad argument #1 to 'from' (matrix expected at entry %d, got %s)")
            :format(i, type(X)), 2)
    end
    local r, c = X:shape()
    if r ~= c then
      error(("bad argument #1 to 'from' (generator %d is %dx%d, square expected)")
            :format(i, r, c), 2)
    end
    n = n or r
    if r ~= n then
      error(("bad argument #1 to 'from' (generator %d is %dx%d, generator 1 is %dx%d)")
            :format(i, r, c, n, n), 2)
    end
  end
  if not n then
    error("bad argument #2 to 'from' (matrix size expected for an empty basis)", 2)
  end
  local copies = {}
  for i, X in ipairs(gens) do copies[i] = X:copy() end
  local g = make(copies, n, name)
  if #copies > 0 then
    local rank = g.basis:rank()
    if rank < #copies then
      error(("bad argument #1 to 'from' (generators are linearly dependent: rank %d of %d)")
            :format(rank, #copies), 2)
    end
  end
  return g
end

--- The zero algebra of n×n matrices (for finite groups).
function lie.zero(n) return make({}, n, "0") end

--- gl(n): all n×n matrices, basis E_ij in row-major order.
function lie.gl(n)
  local gens = {}
  for i = 1, n do for j = 1, n do gens[#gens + 1] = unit(n, i, j) end end
  return make(gens, n, ("gl(%d)"):format(n))
end

--- sl(n): traceless matrices: E_ij (i ≠ j) and E_ii − E_(i+1)(i+1).
function lie.sl(n)
  local gens = {}
  for i = 1, n do for j = 1, n do
    if i ~= j then gens[#gens + 1] = unit(n, i, j) end
  end end
  for i = 1, n - 1 do gens[#gens + 1] = unit(n, i, i) - unit(n, i + 1, i + 1) end
  return make(gens, n, ("sl(%d)"):format(n))
end

-- generators of so(p, q): X^T η + η X = 0 with η = diag(1 (p times), −1 (q times))
local function so_pq(p, q)
  local n = p + q
  local gens = {}
  if n == 3 and q == 0 then  -- the standard basis L_x, L_y, L_z: [L_i, L_j] = ε_ijk L_k
    gens = {unit(3, 3, 2) - unit(3, 2, 3), unit(3, 1, 3) - unit(3, 3, 1),
            unit(3, 2, 1) - unit(3, 1, 2)}
  else
    for i = 1, n do for j = i + 1, n do
      local same = (i <= p) == (j <= p)
      if same then gens[#gens + 1] = unit(n, j, i) - unit(n, i, j)
      else gens[#gens + 1] = unit(n, j, i) + unit(n, i, j) end
    end end
  end
  return gens, n
end

--- so(n) (antisymmetric matrices), or so(p, q) preserving diag(1^p, (−1)^q).
-- so(3) uses the standard basis L_x, L_y, L_z (structure constants ε_ijk);
-- so(1, 3) is the Lorentz algebra with the time coordinate first.
function lie.so(p, q)
  q = q or 0
  local gens, n = so_pq(p, q)
  local name = (q == 0) and ("so(%d)"):format(p) or ("so(%d,%d)"):format(p, q)
  return make(gens, n, name)
end

--- sp(n): the symplectic algebra of 2n×2n matrices X with XᵀJ + JX = 0,
-- J = [[0, I], [−I, 0]]: X = [[A, B], [C, −Aᵀ]], B and C symmetric.
function lie.sp(n)
  local m = 2 * n
  local gens = {}
  for i = 1, n do for j = 1, n do
    gens[#gens + 1] = unit(m, i, j) - unit(m, n + j, n + i)
  end end
  for i = 1, n do for j = i, n do
    local B = unit(m, i, n + j)
    if i ~= j then B = B + unit(m, j, n + i) end
    gens[#gens + 1] = B
    local C = unit(m, n + i, j)
    if i ~= j then C = C + unit(m, n + j, i) end
    gens[#gens + 1] = C
  end end
  return make(gens, m, ("sp(%d)"):format(n))
end

-- the homogeneous (m+1)×(m+1) form of a linear generator A (m×m)
local function homogeneous(A, m)
  local H = core.zeros(m + 1, m + 1)
  H:set_block(1, 1, A)
  return H
end

--- t(n): translations of R^n as homogeneous (n+1)×(n+1) matrices.
function lie.t(n)
  local gens = {}
  for i = 1, n do gens[i] = unit(n + 1, i, n + 1) end
  return make(gens, n + 1, ("t(%d)"):format(n))
end

local function affine(linear, n, name)
  local gens = {}
  for i, A in ipairs(linear) do gens[i] = homogeneous(A, n) end
  for i = 1, n do gens[#gens + 1] = unit(n + 1, i, n + 1) end
  return make(gens, n + 1, name)
end

--- se(n): rotations then translations, homogeneous (n+1)×(n+1).
function lie.se(n)
  return affine(lie.so(n).gens, n, ("se(%d)"):format(n))
end

--- aff(n): gl(n) then translations, homogeneous (n+1)×(n+1).
function lie.aff(n)
  return affine(lie.gl(n).gens, n, ("aff(%d)"):format(n))
end

--- scaling(n): the one-dimensional algebra spanned by the identity.
function lie.scaling(n)
  return make({core.eye(n)}, n, ("scaling(%d)"):format(n))
end

--- Number of generators q.
function LieAlgebra:dim() return #self.gens end
--- Matrix size n.
function LieAlgebra:size() return self.n end

--- Generator i (a copy).
function LieAlgebra:generator(i)
  local X = self.gens[i]
  if not X then
    error(("bad argument #1 to 'generator' (index %s out of range 1..%d)")
          :format(tostring(i), #self.gens), 2)
  end
  return X:copy()
end

--- All generators, as a list of copies.
function LieAlgebra:generators()
  local out = {}
  for i, X in ipairs(self.gens) do out[i] = X:copy() end
  return out
end

local function check_element(self, X, arg, fname)
  if not core.ismatrix(X) then
    error(("bad argument #%d to '%s' (matrix expected, got %s)")
          :format(arg, fname, type(X)), 3)
  end
  if X:rows() ~= self.n or X:cols() ~= self.n then
    error(("bad argument #%d to '%s' (%dx%d matrix expected, got %dx%d)")
          :format(arg, fname, self.n, self.n, X:rows(), X:cols()), 3)
  end
end

--- The commutator [X, Y] = XY − YX.
function LieAlgebra:bracket(X, Y)
  check_element(self, X, 1, "bracket")
  check_element(self, Y, 2, "bracket")
  return X * Y - Y * X
end

--- Coordinates of X in the basis (least squares) and the relative residual
-- ‖X − Σ c_i e_i‖ / ‖X‖ of X off the span.
-- @treturn Matrix c (q×1)
-- @treturn number residual
function LieAlgebra:coords(X)
  check_element(self, X, 1, "coords")
  local v = vec(X)
  if self:dim() == 0 then return core.zeros(0, 1), (v:norm() > 0) and 1 or 0 end
  local c = self.basis:lstsq(v)
  local nx = v:norm()
  local res = (nx > 0) and (self.basis * c - v):norm() / nx or 0
  return c, res
end

--- Whether X lies in the algebra, up to a relative tolerance (default 1e-10).
-- @treturn boolean
-- @treturn number the relative residual
function LieAlgebra:contains(X, tol)
  local _, res = self:coords(X)
  return res <= (tol or 1e-10), res
end

-- all brackets [e_i, e_j] as columns (index (j-1)*q + i) and their coordinates
local function bracket_table(self)
  local q = self:dim()
  local cols = {}
  for j = 1, q do for i = 1, q do
    local X, Y = self.gens[i], self.gens[j]
    cols[(j - 1) * q + i] = vec(X * Y - Y * X)
  end end
  local B = core.hcat(cols)
  return B, self.basis:lstsq(B)
end

--- Structure constants: c[i][j][k] with [e_i, e_j] = Σ_k c_ijk e_k.
-- @treturn table a q×q×q nested table
function LieAlgebra:structure_constants()
  local q = self:dim()
  local c = {}
  if q == 0 then return c end
  local _, C = bracket_table(self)
  for i = 1, q do
    c[i] = {}
    for j = 1, q do
      c[i][j] = {}
      for k = 1, q do c[i][j][k] = C:get(k, (j - 1) * q + i) end
    end
  end
  return c
end

--- Largest distance of a bracket [e_i, e_j] from the span, relative to
-- ‖e_i‖·‖e_j‖; about 1e-16 for a true algebra.
function LieAlgebra:closure_residual()
  local q = self:dim()
  if q == 0 then return 0 end
  local B, C = bracket_table(self)
  local R = B - self.basis * C
  local worst = 0
  for j = 1, q do for i = 1, q do
    local col = (j - 1) * q + i
    local r = R:col(col):norm() / (self.gens[i]:norm() * self.gens[j]:norm())
    if r > worst then worst = r end
  end end
  return worst
end

--- The Killing form K_ij = tr(ad e_i · ad e_j) as a q×q matrix.
function LieAlgebra:killing()
  local q = self:dim()
  local c = self:structure_constants()
  local ad = {}
  for i = 1, q do  -- (ad e_i)_(k,j) = c_ijk
    local A = core.zeros(q, q)
    for j = 1, q do for k = 1, q do A:set(k, j, c[i][j][k]) end end
    ad[i] = A
  end
  local K = core.zeros(q, q)
  for i = 1, q do for j = 1, q do K:set(i, j, (ad[i] * ad[j]):trace()) end end
  return K
end

local function from_columns(Q, n, name)
  local gens = {}
  for i = 1, Q:cols() do gens[i] = Q:col(i):reshape(n, n) end
  return make(gens, n, name)
end

--- A Frobenius-orthonormal basis of the same span.
function LieAlgebra:orthonormal()
  if self:dim() == 0 then return self end
  local Q = self.basis:qr()
  return from_columns(Q, self.n, self.name)
end

--- The group element exp(Σ c_i e_i).
-- @tparam table|Matrix c coefficients
function LieAlgebra:exp(c)
  local q = self:dim()
  local X = core.zeros(self.n, self.n)
  for i = 1, q do
    local ci = core.ismatrix(c) and c:get(i) or c[i]
    if type(ci) ~= "number" then
      error(("bad argument #1 to 'exp' (%d coefficients expected)"):format(q), 2)
    end
    X = X + ci * self.gens[i]
  end
  return core.expm(X)
end

--- The intersection of two algebras of the same matrix size.
function LieAlgebra:intersect(h)
  if not is_algebra(h) then
    error(("bad argument #1 to 'intersect' (LieAlgebra expected, got %s)")
          :format(type(h)), 2)
  end
  if h.n ~= self.n then
    error(("bad argument #1 to 'intersect' (algebra of %dx%d matrices expected, got %dx%d)")
          :format(self.n, self.n, h.n, h.n), 2)
  end
  if self:dim() == 0 or h:dim() == 0 then return lie.zero(self.n) end
  local N = core.hcat{self.basis, -h.basis}:null()
  if N:cols() == 0 then return lie.zero(self.n) end
  local coeffs = N:sub(1, self:dim(), 1, N:cols())
  local Q = (self.basis * coeffs):orth()
  return from_columns(Q, self.n)
end

function LieAlgebra:__tostring()
  return ("LieAlgebra %s: dim %d, %dx%d matrices, closure residual %.1e")
    :format(self.name or "(user)", self:dim(), self.n, self.n,
            self:closure_residual())
end

return lie
