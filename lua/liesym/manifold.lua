--- Symmetries of data sets: the candidate fields tangent to the set the
-- data lie on.
--
-- Step 1 fits the polynomial equations Φ_c(x) = 0 that the data satisfy:
-- the nullspace of the sample matrix of a degree-d monomial basis (columns
-- scaled to unit norm so that the gap rule sees the data, not the
-- monomials' sizes). Step 2 asks each candidate field to be tangent to
-- that level set at every data point: DΦ_c(x_p)·v_ξ(x_p) = 0. That is the
-- Lie-derivative operator of the model x ↦ (Φ_1(x), …, Φ_e(x)) with
-- invariant outputs, sampled at the data: discover on it gives the
-- algebra. Both decisions are the one rank rule (rank.h): data with noise
-- show their gap without tuning.
--
-- @module liesym.manifold

local core = require "liesym.core"
local fields = require "liesym.fields"
local lieder = require "liesym.lieder"
local options = require "liesym.options"

local manifold = {}

local keys = {"degree", "rtol", "tol", "rank", "min_gap", "rtol_symmetry", "tol_symmetry",
              "rank_symmetry"}

--- The symmetry algebra of the data X (one point per row) inside a
-- candidate algebra acting on R^m.
-- @tparam Matrix X the data
-- @param candidate a LieAlgebra (linear or affine) or vector_fields(m, p)
-- @tparam[opt] table opts {degree = d (default 2); rtol, tol, rank,
-- min_gap: the equations' rank decision (default: the largest gap at
-- rounding level, else a decisive one); rtol_symmetry, tol_symmetry,
-- rank_symmetry: the same for the tangency step}
-- @treturn Subalgebra the tangent fields
-- @treturn table {coefficients = k×e matrix (one equation per column, in
-- the basis poly(m, d)), names = the monomials, spectrum = the decision}
function manifold.discover_manifold(X, candidate, opts)
  if not core.ismatrix(X) or X:rows() < 1 then
    options.argerr(1, "discover_manifold", "matrix of points expected, got %s",
                   options.typename(X))
  end
  opts = options.check(opts, 3, "discover_manifold", keys)
  local m, N = X:cols(), X:rows()
  local ok, err = fields.spec(candidate, m)
  if not ok then options.argerr(2, "discover_manifold", "%s", err) end
  local d = options.integer(opts, "degree", "discover_manifold", 2, 1, 64)
  local B = core.basis_poly(m, d)
  local k = B:size()
  local Phi = B:eval(X)
  -- scale the columns: the equations' coefficients are found in this scale
  local norms = core.ones(1, N) * Phi:hadamard(Phi)
  local scale = norms:map(function(c) return c > 0 and 1 / math.sqrt(c) or 1 end)
  local Ds = core.diag(scale)
  local rank_opts = options.pick(opts, options.rank_keys)
  local Cs, spectrum = core.nullspace_data(Phi * Ds, rank_opts, "discover_manifold", 1e-8)
  local C = Ds * Cs                                  -- back to monomial coefficients
  if C:cols() > 0 then C = C:orth() end
  local equations = {coefficients = C, names = B:names(), spectrum = spectrum}
  if C:cols() == 0 then
    local v, best, at = spectrum.values, 0, 0
    for r = 1, #v - 1 do
      if v[r + 1] > 0 and v[r] / v[r + 1] > best then best, at = v[r] / v[r + 1], r end
    end
    options.raise("discover_manifold: the data satisfy no polynomial equation of degree %d "
                  .. "(singular values from %.3g down to %.3g; the largest gap, %.3g at rank %d, "
                  .. "is not decisive: raise the degree, or give rtol, tol or rank)", d,
                  v[1] or 0, v[#v] or 0, best, at)
  end
  -- tangency: the model x -> C^T phi(x) (e invariant outputs) at the data
  local op = lieder.build(B, candidate, {points = X, outputs = C:cols(), weights = core.ones(N, 1)},
                          "discover_manifold")
  local fname = "discover_manifold"
  local sym_opts = {rtol = options.number(opts, "rtol_symmetry", fname, nil, 0, 1),
                    tol = options.number(opts, "tol_symmetry", fname, nil, 0, math.huge),
                    rank = options.integer(opts, "rank_symmetry", fname, nil, 0)}
  local theta = C:T():reshape(C:cols() * k, 1)
  local Nx, sspec = op:symmetries(theta, sym_opts, "discover_manifold", 1e-8)
  return lieder.subalgebra(candidate, Nx, sspec), equations
end

return manifold
