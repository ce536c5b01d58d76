--- liesym: Lie-group symmetry for machine-learning models.
--
-- The module is a table of functions: the public API only. Dense
-- matrices (`Matrix`) and the random generator (`Rng`) come from the C
-- part, `liesym.core`, whose numerical kernels stay there; this file
-- gathers them and the Lua layers: `ls.lie` (Lie algebras), `ls.group`
-- (groups), `ls.action` (representations), `ls.basis` (function bases),
-- `ls.lieder` (the Lie-derivative operator), `ls.enforce`, `ls.discover`,
-- `ls.promote`, `ls.fit`, `ls.discover_manifold`, `ls.ode` (integrators),
-- `ls.sindy` (equation discovery) and `ls.field` (grids and fields; their
-- operators are `ls.lieder.kernel` and `ls.lieder.grid_operator`).
--
--     local ls = require "liesym"
--     local G = ls.group.SO(3)
--     local V = ls.action.V(G)
--     print(ls.enforce(ls.action.hom(V * V, V)):dim())   --> 1 (the cross product)
--
-- @module liesym

local core = require "liesym.core"
local lie = require "liesym.lie"
local group = require "liesym.group"
local action = require "liesym.action"
local enforce = require "liesym.enforce"
local basis = require "liesym.basis"
local fields = require "liesym.fields"
local lieder = require "liesym.lieder"
local manifold = require "liesym.manifold"
local promote = require "liesym.promote"
local options = require "liesym.options"
local subspace = require "liesym.subspace"
local ode = require "liesym.ode"
local sindy = require "liesym.sindy"
local field = require "liesym.field"
local kernel = require "liesym.kernel"
local grid_operator = require "liesym.grid_operator"
local nn = require "liesym.nn"

local ls = {}

-- the Matrix and Rng functions, the module's version and clock: the rest
-- of liesym.core (kernels with 0-based indices, the solvers' entry
-- points, the model classes' builders) is internal
local public = {
  "matrix", "zeros", "ones", "eye", "vector", "diag", "linspace", "hcat", "vcat",
  "rand", "randn", "rng", "ismatrix", "T", "abs", "chop", "chol", "col", "cols", "copy",
  "det", "dot", "eig", "eigh", "expm", "get", "hadamard", "inv", "kron", "lstsq", "map",
  "max", "min", "norm", "null", "orth", "pinv", "qr", "rank", "reshape", "row", "rows",
  "set", "shape", "solve", "sub", "sum", "svd", "svdvals", "totable", "trace",
  "kron_apply", "kronsum_apply", "clock", "version", "memory_limit",
}
for _, name in ipairs(public) do ls[name] = core[name] end

ls.lie = lie
ls.group = group
ls.action = action
ls.basis = basis
ls.lieder = lieder
ls.ode = ode
ls.sindy = sindy
ls.field = field
ls.nn = nn
lie.vector_fields = fields.vector_fields

--- The symmetric subspace of an action: `enforce(R[, opts])` returns the
-- Subspace of vectors fixed by R (for `ls.action.hom(A, B)` the equivariant
-- maps A → B, vectorised column-major).
-- @tparam Action R
-- @tparam[opt] table opts {method = "auto"|"svd"|"gram"|"iterative"|"orbits"|
-- "weights", tol, rtol, rank, min_gap, block, maxit}
-- @treturn Subspace
function ls.enforce(R, opts)
  if action.is_action(R) then return enforce.enforce_action(R, opts) end
  if lieder.is_op(R) then return R:enforce(opts) end
  options.argerr(1, "enforce", "action or operator expected, got %s", options.typename(R))
end

--- The symmetry algebra of a model inside a candidate algebra:
-- `discover(op, W[, opts])` is `op:discover(W, opts)` (the model F_W of a
-- Lie-derivative operator); `discover(model, candidate[, opts])` for a
-- field fitted by `ls.sindy.fit` is the same on the operator of its basis
-- with the tangent output ([v_ξ, f] = 0: the candidate's fields whose
-- flows commute with f).
-- @treturn Subalgebra
function ls.discover(op, W, opts)
  if nn.is_net(op) then return nn.discover(op, W, opts) end
  if sindy.is_model(op) then
    local model, candidate = op, W
    local tangent = lieder.build(model:basis(), candidate, {output_action = "tangent"}, "discover")
    return tangent:discover(model:coefficients(), opts)
  end
  if not lieder.is_op(op) then
    options.argerr(1, "discover", "operator or fitted model expected, got %s", options.typename(op))
  end
  return op:discover(W, opts)
end

--- Least squares with the symmetry enforced: `fit(subspace_or_op, X, Y,
-- {ridge = λ})` → W.
ls.fit = lieder.fit

--- F(X) = Φ(X)·Wᵀ for a basis, parameters W (n×k) and points X (N×m).
ls.predict = basis.predict

--- Symmetries of a data set: `discover_manifold(X, candidate, {degree = d})`
-- → Subalgebra, equations.
ls.discover_manifold = manifold.discover_manifold

--- Fit while promoting symmetry: `promote(op, X, Y, {mode = "exact" |
-- "penalized", gamma = γ, ...})` → W, info (see liesym.promote).
ls.promote = promote.promote
ls.promote_path = promote.promote_path

--- The l1 baseline: `l1_fit(basis, X, Y[, opts])` → W, info.
ls.l1_fit = promote.l1_fit

ls.check_equivariance = enforce.check_equivariance

--- A readable basis of a column span: `echelon(Q[, order])` → Q·P⁻¹ with
-- P the first independent rows of Q in `order` (see liesym.subspace).
ls.echelon = subspace.echelon

-- Errors raised in C name the user's line, past the frames of these
-- modules (when the debug library is there to find their chunk names).
if debug and debug.getinfo then
  local sources, seen = {}, {}
  for _, mod in ipairs{ls, lie, group, action, enforce, basis, fields, lieder,
                       manifold, promote, subspace, options, ode, sindy, field,
                       field.Grid, {kernel, grid_operator}, nn,
                       lieder.Op, lieder.Subalgebra, basis.Custom, sindy.Model} do
    for _, f in pairs(mod) do
      local info = type(f) == "function" and debug.getinfo(f, "S")
      if info and info.what == "Lua" and not seen[info.source] then
        seen[info.source] = true
        sources[#sources + 1] = info.source
      end
    end
  end
  core._mark_internal(sources)
end

return ls
