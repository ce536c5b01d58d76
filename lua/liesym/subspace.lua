--- Subspaces: the results of `enforce`, and readable bases of spans.
--
-- A `Subspace` is a C userdata (src/lua/lsubspace.c) with one interface
-- (`dim`, `ambient_dim`, `kind`, `basis`, `project`, `sample`, `spectrum`,
-- `tostring`) over four shapes:
--
-- * dense: an orthonormal basis Q, projection Q(Qᵀv);
-- * orbits: orbit sums of a signed-permutation action, exact, one label
--   per coordinate (so T(3) of S(100), a 10⁶-dimensional space, needs no
--   dense basis);
-- * direct sum: one subspace per summand, stacked (block diagonal);
-- * hom between direct sums: one subspace per pair of distinct summand
--   types, shared by every block W_ji of that pair, so that a space of
--   dimension 84,000 in 2,016,400 needs only a few small bases.
--
-- Lua fields may be set on a subspace (`S.model = op`).
--
-- @module liesym.subspace

local core = require "liesym.core"
local options = require "liesym.options"

local subspace = {}

--- Whether a value is a Subspace.
subspace.is_subspace = core.is_subspace

--- A dense subspace from an orthonormal basis Q (copied) and the table
-- describing the decision behind it, returned by `spectrum`.
-- @tparam Matrix Q
-- @tparam[opt] table info
-- @treturn Subspace
subspace.dense = core.subspace_dense

--- A readable basis of the column span of Q (N×r, rank r), or of a
-- Subspace's span: the columns of Q·P⁻¹, where P holds the first r rows
-- of Q, taken in `order` (default 1..N), that are independent; each
-- column is 1 at its own pivot row and 0 at the others (reduced
-- row-echelon form, transposed). A row is a pivot only when it adds
-- independence above `rtol` (default 1e-2) times the largest singular
-- value of Q, so that rounding or noise is never one.
-- @tparam Matrix|Subspace Q
-- @tparam[opt] {int,...} order the rows to try as pivots, in turn
-- @tparam[opt] table opts {rtol = number, pivots = true (also return the
-- pivot rows)}
-- @treturn Matrix the new basis
-- @treturn[opt] {int,...} the pivot rows, with `pivots = true`
function subspace.echelon(Q, order, opts)
  if subspace.is_subspace(Q) then Q = Q:basis() end
  if not core.ismatrix(Q) then
    options.argerr(1, "echelon", "matrix or subspace expected, got %s", options.typename(Q))
  end
  if order ~= nil and type(order) ~= "table" then
    options.argerr(2, "echelon", "a list of row indices expected, got %s", options.typename(order))
  end
  opts = options.check(opts, 3, "echelon", {"rtol", "pivots"})
  local rtol = options.number(opts, "rtol", "echelon", 1e-2, 0, 1)
  local want = options.boolean(opts, "pivots", "echelon", false)
  local N, r = Q:rows(), Q:cols()
  if order == nil then
    order = {}
    for i = 1, N do order[i] = i end
  end
  local rows, pivots = {}, {}
  local floor = rtol * (r > 0 and Q:norm(2) or 0)
  for _, i in ipairs(order) do
    if #pivots == r then break end
    if math.type(i) ~= "integer" or i < 1 or i > N then
      options.argerr(2, "echelon", "row index in 1..%d expected, got %s", N, tostring(i))
    end
    rows[#rows + 1] = Q:row(i)
    local s = core.vcat(rows):svdvals()
    if s:get(#rows) > floor then
      pivots[#pivots + 1] = i
    else
      rows[#rows] = nil
    end
  end
  if #pivots < r then
    options.raise("echelon: the %d columns have rank %d on the rows given", r, #pivots)
  end
  local E = (r == 0) and Q:copy() or Q * core.vcat(rows):inv()
  if want then return E, pivots end
  return E
end

return subspace
