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

local fields = {}

--- The degree-1 coefficient matrix (m×(m+1): [b | A]) of generator X of a
-- matrix algebra acting on R^m, linearly (X is m×m) or affinely
-- (X = [[A, b], [0, 0]]).
function fields.affine_coefficients(X, m)
  local n = X:rows()
  if n == m then return core.hcat{core.zeros(m, 1), X} end
  if n == m + 1 then
    local last = X:row(m + 1)
    -- rounding (e.g. from LieAlgebra:intersect) is not a non-affine row
    if last:norm("max") > 1e-12 * X:norm("max") then
      error(("an algebra of %dx%d matrices acts on R^%d only by affine "
             .. "(homogeneous) generators, whose last row is zero"):format(n, n, m), 3)
    end
    return core.hcat{X:sub(1, m, m + 1, m + 1), X:sub(1, m, 1, m)}
  end
  error(("an algebra of %dx%d matrices does not act on R^%d (n = m or m + 1 expected)")
        :format(n, n, m), 3)
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
  local gens = {}
  for b = 1, kp do
    for i = 1, m do
      local V = core.zeros(m, kp)
      V:set(i, b, 1)
      gens[#gens + 1] = V
    end
  end
  return setmetatable({m = m, p = p, gens = gens}, FieldAlgebra)
end

function FieldAlgebra:dim() return #self.gens end
function FieldAlgebra:vars() return self.m end
function FieldAlgebra:degree() return self.p end
--- Generator i as its coefficient matrix (a copy).
function FieldAlgebra:generator(i)
  local V = self.gens[i]
  if not V then
    error(("bad argument #1 to 'generator' (index in 1..%d expected)"):format(#self.gens), 2)
  end
  return V:copy()
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
    :format(self.p, self.m, #self.gens)
end

--- The list of fields {degree = p, V = coefficients} of a candidate:
-- a LieAlgebra acting on R^m, or a FieldAlgebra.
function fields.of(candidate, m)
  local out = {}
  if fields.is_field_algebra(candidate) then
    if candidate.m ~= m then
      error(("vector fields on R^%d cannot act on R^%d"):format(candidate.m, m), 3)
    end
    for i, V in ipairs(candidate.gens) do out[i] = {degree = candidate.p, V = V} end
    return out
  end
  if not lie.is_algebra(candidate) then
    error(("LieAlgebra or vector_fields expected, got %s"):format(type(candidate)), 3)
  end
  for i, X in ipairs(candidate:generators()) do
    out[i] = {degree = 1, V = fields.affine_coefficients(X, m), X = X}
  end
  return out
end

--- Values v(x_p) (N×m) of a field at the points X.
function fields.eval(f, X)
  return core.basis_poly(X:cols(), f.degree):eval(X) * f.V:T()
end

--- Jacobians Dv(x_p) of a field: a list of N matrices m×m.
function fields.jacobians(f, X)
  local m = X:cols()
  local N = X:rows()
  local B = core.basis_poly(m, f.degree)
  local k = B:size()
  local J = B:jacobian(X)
  local out = {}
  for p = 1, N do out[p] = f.V * J:sub((p - 1) * k + 1, p * k, 1, m) end
  return out
end

return fields
