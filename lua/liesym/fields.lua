--- Polynomial vector fields on R^m, the input side of the Lie derivative.
--
-- A field v of degree p is its coefficient matrix V (m×C(m+p,p)) in the
-- monomial basis: v_i(x) = Σ_b V[i,b]·x^b. A matrix Lie algebra acts by
-- linear fields v(x) = A·x (n = m) or affine ones v(x) = A·x + b
-- (homogeneous (m+1)×(m+1) generators); `vector_fields(m, p)` is the
-- candidate space of all fields of degree ≤ p, with their exact bracket.
--
-- @module liesym.fields

local core = require "liesym.core"
local lie = require "liesym.lie"
local options = require "liesym.options"

local fields = {}

--- The degree-1 coefficient matrix (m×(m+1): [b | A]) of generator X of a
-- matrix algebra acting on R^m, linearly (X is m×m) or affinely
-- (X = [[A, b], [0, 0]]); nil and a message when it does not act.
function fields.affine_coefficients(X, m)
  local n = X:rows()
  if n == m then return core.hcat{core.zeros(m, 1), X} end
  if n == m + 1 then
    local last = X:row(m + 1)
    -- rounding (e.g. from LieAlgebra:intersect) is not a non-affine row
    if last:norm("max") > 1e-12 * X:norm("max") then
      return nil, ("an algebra of %dx%d matrices acts on R^%d only by affine "
                   .. "(homogeneous) generators, whose last row is zero"):format(n, n, m)
    end
    return core.hcat{X:sub(1, m, m + 1, m + 1), X:sub(1, m, 1, m)}
  end
  return nil, ("an algebra of %dx%d matrices does not act on R^%d (n = m or m + 1 expected)")
              :format(n, n, m)
end

local FieldAlgebra = {}
FieldAlgebra.__index = FieldAlgebra
fields.FieldAlgebra = FieldAlgebra

function fields.is_field_algebra(x) return getmetatable(x) == FieldAlgebra end

--- All polynomial vector fields of degree ≤ p on R^m: the basis x^b·e_i
-- (monomials b in graded order, components i inner), dimension m·C(m+p,p).
function fields.vector_fields(m, p)
  if math.type(m) ~= "integer" or m < 1 then
    error("bad argument #1 to 'vector_fields' (positive integer expected)", 2)
  end
  if math.type(p) ~= "integer" or p < 0 then
    error("bad argument #2 to 'vector_fields' (non-negative integer expected)", 2)
  end
  local kp = core.poly_count(m, p)
  -- generator (b, i) = x^b e_i is coefficient entry (i, b): column-major,
  -- the identity's columns are the generators' coefficient matrices
  return setmetatable({m = m, p = p, q = m * kp, stack = core.eye(m * kp)}, FieldAlgebra)
end

--- The span of given fields of degree ≤ p on R^m: V a list of m×C(m+p,p)
-- coefficient matrices (no closure under the bracket is assumed: the
-- span is a candidate space, as `vector_fields` is).
function fields.span(m, p, V)
  local cols = {}
  for i, Vi in ipairs(V) do cols[i] = Vi:reshape(Vi:rows() * Vi:cols(), 1) end
  local stack = #cols > 0 and core.hcat(cols) or core.zeros(m * core.poly_count(m, p), 0)
  return setmetatable({m = m, p = p, q = #V, stack = stack}, FieldAlgebra)
end

function FieldAlgebra:dim() return self.q end
function FieldAlgebra:vars() return self.m end
function FieldAlgebra:degree() return self.p end
--- Generator i as its coefficient matrix (a copy).
function FieldAlgebra:generator(i)
  if math.type(i) ~= "integer" or i < 1 or i > self.q then
    options.argerr(1, "generator", "index in 1..%d expected, got %s", self.q, tostring(i))
  end
  return self.stack:col(i):reshape(self.m, self.stack:rows() // self.m)
end

--- The field sum_i c_i X_i as its coefficient matrix (c: q coefficients).
function FieldAlgebra:combine(c)
  return (self.stack * c):reshape(self.m, self.stack:rows() // self.m)
end

--- The bracket [X, Y] = DY·X − DX·Y of two fields given by coefficient
-- matrices of degree ≤ p, as a coefficient matrix of degree ≤ 2p − 1.
function FieldAlgebra:bracket(X, Y)
  local m, p = self.m, self.p
  local dout = math.max(2 * p - 1, 0)
  local EX = core.poly_field_matrix(m, p, p, X, dout)
  local EY = core.poly_field_matrix(m, p, p, Y, dout)
  return (EX * Y:T() - EY * X:T()):T()
end

function FieldAlgebra:__tostring()
  return ("FieldAlgebra: polynomial vector fields of degree <= %d on R^%d (dim %d)")
    :format(self.p, self.m, self.q)
end

--- How the C operator takes a candidate: {algebra = LieAlgebra} or
-- {stack = the coefficient matrices as columns, degree = p}; nil and a
-- message when it does not act on R^m.
function fields.spec(candidate, m)
  if fields.is_field_algebra(candidate) then
    if candidate.m ~= m then
      return nil, ("vector fields on R^%d cannot act on R^%d"):format(candidate.m, m)
    end
    return {stack = candidate.stack, degree = candidate.p}
  end
  if not lie.is_algebra(candidate) then
    return nil, ("LieAlgebra or vector_fields expected, got %s"):format(options.typename(candidate))
  end
  local n = candidate:size()
  if n ~= m and n ~= m + 1 then
    return nil, ("an algebra of %dx%d matrices does not act on R^%d (n = m or m + 1 expected)")
                :format(n, n, m)
  end
  return {algebra = candidate}
end

--- The list of fields {degree = p, V = coefficients} of a candidate:
-- a LieAlgebra acting on R^m, or a FieldAlgebra; nil and a message when
-- the candidate does not act on R^m.
function fields.of(candidate, m)
  local out = {}
  if fields.is_field_algebra(candidate) then
    if candidate.m ~= m then
      return nil, ("vector fields on R^%d cannot act on R^%d"):format(candidate.m, m)
    end
    for i = 1, candidate.q do out[i] = {degree = candidate.p, V = candidate:generator(i)} end
    return out
  end
  if not lie.is_algebra(candidate) then
    return nil, ("LieAlgebra or vector_fields expected, got %s"):format(options.typename(candidate))
  end
  for i, X in ipairs(candidate:generators()) do
    local V, err = fields.affine_coefficients(X, m)
    if not V then return nil, err end
    out[i] = {degree = 1, V = V, X = X}
  end
  return out
end

--- A field as text, one polynomial per component: "(x2, -x1)". Terms
-- below rtol times the largest coefficient are left out.
-- @tparam int m variables
-- @tparam int p degree of the coefficient matrix V (m×C(m+p,p))
-- @tparam Matrix V
-- @tparam[opt] number rtol
function fields.format(m, p, V, rtol)
  local b = core.basis_poly(m, p)
  local parts = {}
  local big = V:norm("max")
  local cut = (rtol or 1e-9) * big
  local W = V:chop(cut)
  for o = 1, m do parts[o] = require("liesym.basis").format(b, W:row(o), 0) end
  return "(" .. table.concat(parts, ", ") .. ")"
end

return fields
