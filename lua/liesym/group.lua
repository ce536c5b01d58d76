--- Groups: a Lie algebra (possibly zero) and a finite list of discrete
-- generators, all as matrices of the defining representation.
--
-- A group element drawn by `Group:sample` remembers how it was made
-- (algebra coefficients and a word in the discrete generators), so that any
-- representation — even a custom one given only by its generators — can
-- evaluate ρ(g) = exp(Σ c_i dρ(e_i)) · ρ(h_w1) ··· ρ(h_wL).
--
-- @module liesym.group

local core = require "liesym.core"
local lie = require "liesym.lie"

local group = {}

local Group = {}
Group.__index = Group
group.Group = Group

local function is_group(x) return getmetatable(x) == Group end
group.is_group = is_group

--- A group from an algebra and discrete generators.
-- @tparam table spec {algebra = g (or nil), discrete = {h1, ...}, n = size, name = ...}
function group.from(spec)
  if type(spec) ~= "table" then
    error(("bad argument #1 to 'from' (table expected, got %s)"):format(type(spec)), 2)
  end
  local g = spec.algebra
  if g ~= nil and not lie.is_algebra(g) then
    error("bad argument #1 to 'from' (field 'algebra' must be a LieAlgebra)", 2)
  end
  local n = g and g:size() or spec.n
  local discrete = {}
  for i, h in ipairs(spec.discrete or {}) do
    if not core.ismatrix(h) then
      error(("bad argument #1 to 'from' (discrete generator %d: matrix expected, got %s)")
            :format(i, type(h)), 2)
    end
    n = n or h:rows()
    if h:rows() ~= n or h:cols() ~= n then
      error(("bad argument #1 to 'from' (discrete generator %d is %dx%d, %dx%d expected)")
            :format(i, h:rows(), h:cols(), n, n), 2)
    end
    if h:det() == 0 then
      error(("bad argument #1 to 'from' (discrete generator %d is singular)"):format(i), 2)
    end
    discrete[i] = h:copy()
  end
  if not n then
    error("bad argument #1 to 'from' (an algebra, a discrete generator or n is needed)", 2)
  end
  return setmetatable({algebra = g or lie.zero(n), discrete = discrete, n = n,
                       name = spec.name}, Group)
end

--- Size of the defining matrices.
function Group:size() return self.n end

--- A random element: exp of an algebra element with coefficients uniform in
-- [−scale, scale] (default 1), times a random word of up to 4 discrete
-- generators. Returns a table {matrix = g, coeffs = {...}, word = {...}}.
function Group:sample(rng, opts)
  rng = rng or core.rng(0)
  local scale = opts and opts.scale or 1
  local coeffs = {}
  for i = 1, self.algebra:dim() do coeffs[i] = rng:uniform(-scale, scale) end
  local word = {}
  if #self.discrete > 0 then
    for i = 1, rng:integer(0, 4) do word[i] = rng:integer(1, #self.discrete) end
  end
  local g = self.algebra:exp(coeffs)
  for _, j in ipairs(word) do g = g * self.discrete[j] end
  return {matrix = g, coeffs = coeffs, word = word}
end

--- Whether two groups have the same defining matrices (algebra basis and
-- discrete generators, in order): groups built twice the same way match.
function Group:same(other)
  if self == other then return true end
  if not is_group(other) or self.n ~= other.n or #self.discrete ~= #other.discrete
     or self.algebra:dim() ~= other.algebra:dim() then
    return false
  end
  if self.algebra:dim() > 0 and self.algebra.basis ~= other.algebra.basis then return false end
  for j, h in ipairs(self.discrete) do
    if h ~= other.discrete[j] then return false end
  end
  return true
end

function Group:__tostring()
  return ("Group %s: %dx%d matrices, algebra of dim %d, %d discrete generators")
    :format(self.name or "(user)", self.n, self.n, self.algebra:dim(), #self.discrete)
end

local function make(g, discrete, name, n)
  return setmetatable({algebra = g or lie.zero(n), discrete = discrete or {},
                       n = g and g:size() or n, name = name}, Group)
end

local function reflection(n, k)  -- diag(1, .., −1 at k, .., 1)
  local R = core.eye(n)
  R:set(k, k, -1)
  return R
end

local function permutation(p)  -- the matrix with P e_j = e_p(j)
  local n = #p
  local P = core.zeros(n, n)
  for j = 1, n do P:set(p[j], j, 1) end
  return P
end

--- SO(n), connected.
function group.SO(n) return make(lie.so(n), {}, ("SO(%d)"):format(n)) end
--- O(n): SO(n) and a reflection.
function group.O(n) return make(lie.so(n), {reflection(n, n)}, ("O(%d)"):format(n)) end
--- SL(n).
function group.SL(n) return make(lie.sl(n), {}, ("SL(%d)"):format(n)) end
--- GL(n): both components (a reflection joins the identity component).
function group.GL(n) return make(lie.gl(n), {reflection(n, n)}, ("GL(%d)"):format(n)) end
--- Sp(n), 2n×2n, connected.
function group.Sp(n) return make(lie.sp(n), {}, ("Sp(%d)"):format(n)) end
--- SO⁺(1,3): the proper orthochronous Lorentz group (time first).
function group.SO13() return make(lie.so(1, 3), {}, "SO+(1,3)") end
--- O(1,3): with parity diag(1,−1,−1,−1) and time reversal diag(−1,1,1,1).
function group.O13()
  local P = core.diag{1, -1, -1, -1}
  local T = core.diag{-1, 1, 1, 1}
  return make(lie.so(1, 3), {P, T}, "O(1,3)")
end

--- S(n): permutation matrices, generated by a transposition and an n-cycle.
function group.S(n)
  local swap, cycle = {}, {}
  for i = 1, n do swap[i] = i; cycle[i] = i % n + 1 end
  if n >= 2 then swap[1], swap[2] = 2, 1 end
  return make(nil, {permutation(swap), permutation(cycle)}, ("S(%d)"):format(n), n)
end

--- Z(n): the cyclic shift of R^n.
function group.Z(n)
  local cycle = {}
  for i = 1, n do cycle[i] = i % n + 1 end
  return make(nil, {permutation(cycle)}, ("Z(%d)"):format(n), n)
end

--- D(k): the dihedral group of order 2k acting on R².
function group.D(k)
  local t = 2 * math.pi / k
  local R = core.matrix{{math.cos(t), -math.sin(t)}, {math.sin(t), math.cos(t)}}
  return make(nil, {R, reflection(2, 2)}, ("D(%d)"):format(k), 2)
end

--- T(n): translations, homogeneous (n+1)×(n+1).
function group.T(n) return make(lie.t(n), {}, ("T(%d)"):format(n)) end
--- SE(n): rotations and translations, homogeneous.
function group.SE(n) return make(lie.se(n), {}, ("SE(%d)"):format(n)) end
--- E(n): SE(n) and a reflection, homogeneous.
function group.E(n)
  return make(lie.se(n), {reflection(n + 1, n)}, ("E(%d)"):format(n))
end
--- Scaling(n): positive multiples of the identity.
function group.Scaling(n) return make(lie.scaling(n), {}, ("Scaling(%d)"):format(n)) end

return group
