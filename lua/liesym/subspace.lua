--- Subspaces: the results of `enforce`.
--
-- Three shapes share one interface (`dim`, `basis`, `project`, `sample`,
-- `spectrum`, `tostring`):
--
-- * dense: an orthonormal basis Q, projection Q(Qᵀv);
-- * direct sum: one subspace per summand, stacked (block diagonal);
-- * hom between direct sums: one subspace per pair of distinct summand
--   types, shared by every block W_ji of that pair, so that a space of
--   dimension 84,000 in 2,016,400 needs only a few small bases.
--
-- @module liesym.subspace

local core = require "liesym.core"

local subspace = {}

local Subspace = {}
Subspace.__index = Subspace
subspace.Subspace = Subspace

function subspace.is_subspace(x) return getmetatable(x) == Subspace end

-- dense bases above this many entries are refused by basis()
local MAX_DENSE_ENTRIES = 1e8

--- A dense subspace from an orthonormal basis and the constraint spectrum.
function subspace.dense(Q, info)
  return setmetatable({kind = "dense", Q = Q, N = Q:rows(), info = info}, Subspace)
end

--- The direct sum of subspaces of consecutive coordinate blocks.
function subspace.sum(parts)
  local N, blocks = 0, {}
  for i, S in ipairs(parts) do
    blocks[i] = {offset = N, S = S}
    N = N + S.N
  end
  return setmetatable({kind = "sum", blocks = blocks, N = N}, Subspace)
end

--- The subspace of hom(A, B) for A = ⊕A_i, B = ⊕B_j: W_ji ∈ S_(type i, type j).
-- rows/cols: lists of {offset = o, size = d, type = t}; pair[tj][ti] a subspace.
function subspace.hom(rows, cols, pair, nrows, ncols)
  return setmetatable({kind = "hom", rows = rows, cols = cols, pair = pair,
                       nrows = nrows, ncols = ncols, N = nrows * ncols}, Subspace)
end

--- Dimension.
function Subspace:dim()
  if self.kind == "dense" then return self.Q:cols() end
  local n = 0
  if self.kind == "sum" then
    for _, b in ipairs(self.blocks) do n = n + b.S:dim() end
  else
    for _, r in ipairs(self.rows) do
      for _, c in ipairs(self.cols) do n = n + self.pair[r.type][c.type]:dim() end
    end
  end
  return n
end

--- Dimension of the ambient space.
function Subspace:ambient_dim() return self.N end

local function check_vector(self, v, fname)
  if not core.ismatrix(v) then
    error(("bad argument #1 to '%s' (matrix expected, got %s)"):format(fname, type(v)), 3)
  end
  if v:rows() ~= self.N then
    error(("shape mismatch in '%s': subspace of R^%d, got %dx%d")
          :format(fname, self.N, v:rows(), v:cols()), 3)
  end
end

--- Orthogonal projection of the columns of v (N×k) onto the subspace.
function Subspace:project(v)
  if self.kind == "hom" and core.ismatrix(v) and v:rows() == self.nrows
     and v:cols() == self.ncols and self.ncols ~= 1 then
    return self:project(v:reshape(self.N, 1)):reshape(self.nrows, self.ncols)
  end
  check_vector(self, v, "project")
  if self.kind == "dense" then
    if self.Q:cols() == 0 then return core.zeros(v:rows(), v:cols()) end
    return self.Q * (self.Q:T() * v)
  end
  local k = v:cols()
  local out = core.zeros(self.N, k)
  if self.kind == "sum" then
    for _, b in ipairs(self.blocks) do
      local part = v:sub(b.offset + 1, b.offset + b.S.N, 1, k)
      out:set_block(b.offset + 1, 1, b.S:project(part))
    end
    return out
  end
  for j = 1, k do
    local W = v:col(j):reshape(self.nrows, self.ncols)
    local P = core.zeros(self.nrows, self.ncols)
    for _, r in ipairs(self.rows) do
      for _, c in ipairs(self.cols) do
        local block = W:sub(r.offset + 1, r.offset + r.size, c.offset + 1, c.offset + c.size)
        local S = self.pair[r.type][c.type]
        local pb = S:project(block:reshape(r.size * c.size, 1))
        P:set_block(r.offset + 1, c.offset + 1, pb:reshape(r.size, c.size))
      end
    end
    out:set_block(1, j, P:reshape(self.N, 1))
  end
  return out
end

--- A random element: standard normal coordinates in an orthonormal basis.
function Subspace:sample(rng)
  rng = rng or core.rng(0)
  if self.kind == "dense" then
    return self.Q * core.randn(self.Q:cols(), 1, rng)
  end
  if self.kind == "sum" then
    local out = core.zeros(self.N, 1)
    for _, b in ipairs(self.blocks) do out:set_block(b.offset + 1, 1, b.S:sample(rng)) end
    return out
  end
  local W = core.zeros(self.nrows, self.ncols)
  for _, r in ipairs(self.rows) do
    for _, c in ipairs(self.cols) do
      local s = self.pair[r.type][c.type]:sample(rng)
      W:set_block(r.offset + 1, c.offset + 1, s:reshape(r.size, c.size))
    end
  end
  return W:reshape(self.N, 1)
end

--- An orthonormal basis as the columns of a dense N×dim matrix (refused when
-- it would hold more than 1e8 entries: use project and sample instead).
function Subspace:basis()
  if self.kind == "dense" then return self.Q:copy() end
  local d = self:dim()
  if self.N * d > MAX_DENSE_ENTRIES then
    error(("basis: a dense %dx%d basis is too large; use project and sample")
          :format(self.N, d), 2)
  end
  local out, col = core.zeros(self.N, d), 1
  if self.kind == "sum" then
    for _, b in ipairs(self.blocks) do
      local Q = b.S:basis()
      if Q:cols() > 0 then out:set_block(b.offset + 1, col, Q) end
      col = col + Q:cols()
    end
    return out
  end
  for _, c in ipairs(self.cols) do
    for _, r in ipairs(self.rows) do
      local Q = self.pair[r.type][c.type]:basis()
      for t = 1, Q:cols() do
        local W = core.zeros(self.nrows, self.ncols)
        W:set_block(r.offset + 1, c.offset + 1, Q:col(t):reshape(r.size, c.size))
        out:set_block(1, col, W:reshape(self.N, 1))
        col = col + 1
      end
    end
  end
  return out
end

--- The constraint's spectrum near the cut: {values, tol, gap, rank} of the
-- dense solve, or for structured subspaces a list of the parts' spectra
-- with the smallest gap at the top level.
function Subspace:spectrum()
  if self.kind == "dense" then return self.info end
  local parts, gap = {}, math.huge
  local function add(S)
    local s = S:spectrum()
    parts[#parts + 1] = s
    if s.gap and s.gap < gap then gap = s.gap end
  end
  if self.kind == "sum" then
    for _, b in ipairs(self.blocks) do add(b.S) end
  else
    for _, row in pairs(self.pair) do for _, S in pairs(row) do add(S) end end
  end
  return {parts = parts, gap = gap}
end

function Subspace:__tostring()
  local s = self:spectrum()
  return ("Subspace: dim %d in R^%d (%s), gap %.3g")
    :format(self:dim(), self.N, self.kind, s.gap or math.huge)
end

--- A readable basis of the column span of Q (N×r, rank r): the columns of
-- Q·P⁻¹, where P holds the first r rows of Q, taken in `order` (default
-- 1..N), that are independent; each column is 1 at its own pivot row and 0
-- at the others (reduced row-echelon form, transposed). A row is a pivot
-- only when it adds independence above `rtol` (default 1e-2) times the
-- largest singular value of Q, so that rounding or noise is never one.
-- @tparam Matrix Q
-- @tparam[opt] {int,...} order the rows to try as pivots, in turn
-- @tparam[opt] number rtol
-- @treturn Matrix the new basis
-- @treturn {int,...} the pivot rows
function subspace.echelon(Q, order, rtol)
  if not core.ismatrix(Q) then
    error(("bad argument #1 to 'echelon' (matrix expected, got %s)"):format(type(Q)), 2)
  end
  local N, r = Q:rows(), Q:cols()
  if order == nil then
    order = {}
    for i = 1, N do order[i] = i end
  end
  local rows, pivots = {}, {}
  local floor = (rtol or 1e-2) * (r > 0 and Q:norm(2) or 0)
  for _, i in ipairs(order) do
    if #pivots == r then break end
    if math.type(i) ~= "integer" or i < 1 or i > N then
      error(("bad argument #2 to 'echelon' (row index in 1..%d expected, got %s)")
            :format(N, tostring(i)), 2)
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
    error(("echelon: the %d columns have rank %d on the rows given"):format(r, #pivots), 2)
  end
  if r == 0 then return Q:copy(), pivots end
  return Q * core.vcat(rows):inv(), pivots
end

return subspace
