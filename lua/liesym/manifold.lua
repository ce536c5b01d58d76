--- Symmetries of data sets: the candidate fields tangent to the set the
-- data lie on.
--
-- Step 1 fits the polynomial equations Φ_c(x) = 0 that the data satisfy:
-- the nullspace of the sample matrix of a degree-d monomial basis (columns
-- scaled to unit norm so that the gap rule sees the data, not the
-- monomials' sizes). Step 2 asks each candidate field to be tangent to
-- that level set at every data point: DΦ_c(x_p)·v_ξ(x_p) = 0, a linear
-- condition on ξ whose nullspace is the symmetry algebra.
--
-- @module liesym.manifold

local core = require "liesym.core"
local fields = require "liesym.fields"
local lieder = require "liesym.lieder"

local manifold = {}

--- The symmetry algebra of the data X (one point per row) inside a
-- candidate algebra acting on R^m.
-- @tparam Matrix X the data
-- @param candidate a LieAlgebra (linear or affine) or vector_fields(m, p)
-- @tparam[opt] table opts {degree = d (default 2), rtol = bound for the
-- equations' rank rule (default 1e-8; raise it for noisy data),
-- rtol_symmetry = the same for the tangency step (default 1e-8)}
-- @treturn Subalgebra the tangent fields
-- @treturn table {coefficients = k×e matrix (one equation per column, in
-- the basis poly(m, d)), names = the monomials, spectrum = {values, tol, gap, rank}}
function manifold.discover_manifold(X, candidate, opts)
  if not core.ismatrix(X) or X:rows() < 1 then
    error(("bad argument #1 to 'discover_manifold' (matrix of points expected, got %s)")
          :format(type(X)), 2)
  end
  opts = opts or {}
  local m, N = X:cols(), X:rows()
  local ok, fl = pcall(fields.of, candidate, m)
  if not ok then
    error("bad argument #2 to 'discover_manifold' (" .. tostring(fl):gsub("^.-:%d+: ", "") .. ")", 2)
  end
  local d = opts.degree or 2
  if math.type(d) ~= "integer" or d < 1 then
    error("bad argument #3 to 'discover_manifold' (degree must be a positive integer)", 2)
  end
  local B = core.basis_poly(m, d)
  local k = B:size()
  local Phi = B:eval(X)
  -- scale the columns: the equations' coefficients are found in this scale
  local scale = core.zeros(k, 1)
  for j = 1, k do
    local c = Phi:col(j):norm()
    scale:set(j, c > 0 and 1 / c or 1)
  end
  local Ps = Phi * core.diag(scale)
  local vals = lieder.values_of(Ps:svdvals())
  local r, gap, bound = lieder.gap_rank(vals, N, k, opts.rtol or 1e-8)
  local Cs = Ps:null(lieder.cut_threshold(vals, r, N, k))
  local C = core.diag(scale) * Cs                 -- back to monomial coefficients
  if C:cols() > 0 then C = C:orth() end
  local equations = {coefficients = C, names = B:names(),
                     spectrum = {values = vals, tol = bound, gap = gap, rank = r}}
  if C:cols() == 0 then
    error("discover_manifold: the data satisfy no polynomial equation of degree "
          .. d .. " (raise the degree, or rtol for noisy data)", 2)
  end
  -- tangency: rows (point p, equation c), one column per candidate field
  local J = B:jacobian(X)
  local cols = {}
  for i, f in ipairs(fl) do
    local G = core.jacobian_apply(J, fields.eval(f, X), k)  -- N×k: Dφ(x_p)·v(x_p)
    local T = G * C                                           -- N×e
    cols[i] = T:reshape(T:rows() * T:cols(), 1)
  end
  local Bt = core.hcat(cols)
  local h = lieder.subalgebra_of(Bt, candidate, fl, {rtol = opts.rtol_symmetry or 1e-8})
  return h, equations
end

return manifold
