--- Actions of a group on a vector space: linear representations.
--
-- An `Action` is a tree: leaves are explicit representations (`V`,
-- `trivial`, `custom`, and duals or symmetric powers made explicit), inner
-- nodes are tensor products and direct sums. Tensor products are never
-- expanded into big Kronecker matrices for solving: `liesym.enforce` hands
-- the factors to the C solver, and sums keep their block structure.
--
-- Kronecker order: in R1 ⊗ R2 the index of R2 varies fastest, so
-- `hom(A, B)` = A* ⊗ B acts on vec(W) of a dim(B)×dim(A) matrix W stored
-- column-major.
--
-- @module liesym.action

local core = require "liesym.core"
local group = require "liesym.group"

local action = {}

local Action = {}
Action.__index = Action
action.Action = Action

local function is_action(x) return getmetatable(x) == Action end
action.is_action = is_action

local next_id = 0
local function base(G, dim, drho, rho, defining, name)
  next_id = next_id + 1
  return setmetatable({kind = "base", G = G, d = dim, drho_list = drho,
                       rho_list = rho, defining = defining, id = next_id,
                       name = name}, Action)
end

local function check_group(G, arg, fname)
  if not group.is_group(G) then
    error(("bad argument #%d to '%s' (group expected, got %s)")
          :format(arg, fname, type(G)), 3)
  end
end

local function check_action(R, arg, fname)
  if not is_action(R) then
    error(("bad argument #%d to '%s' (action expected, got %s)")
          :format(arg, fname, type(R)), 3)
  end
end

local function same_group(a, b, fname)
  if not a.G:same(b.G) then
    error(("mismatched groups in '%s': %s and %s")
          :format(fname, a.G.name or "(user)", b.G.name or "(user)"), 3)
  end
end

--- The defining representation of G (its own matrices).
function action.V(G)
  check_group(G, 1, "V")
  return base(G, G.n, G.algebra:generators(), G.discrete,
              function(g) return g end, "V")
end

--- The trivial representation on R^k (default k = 1).
function action.trivial(G, k)
  check_group(G, 1, "trivial")
  k = k or 1
  local drho, rho = {}, {}
  for i = 1, G.algebra:dim() do drho[i] = core.zeros(k, k) end
  for j = 1, #G.discrete do rho[j] = core.eye(k) end
  return base(G, k, drho, rho, function() return core.eye(k) end,
              k == 1 and "V0" or ("trivial(%d)"):format(k))
end

--- A representation given by its generators: one matrix dρ(e_i) for each
-- algebra generator and one ρ(h_j) for each discrete generator of G.
-- The homomorphism property is the caller's responsibility.
function action.custom(G, drho, rho)
  check_group(G, 1, "custom")
  drho, rho = drho or {}, rho or {}
  if #drho ~= G.algebra:dim() then
    error(("bad argument #2 to 'custom' (%d algebra generators expected, got %d)")
          :format(G.algebra:dim(), #drho), 2)
  end
  if #rho ~= #G.discrete then
    error(("bad argument #3 to 'custom' (%d discrete generators expected, got %d)")
          :format(#G.discrete, #rho), 2)
  end
  local d
  local function check(list, arg, what)
    for i, M in ipairs(list) do
      if not core.ismatrix(M) then
        error(("bad argument #%d to 'custom' (%s %d: matrix expected, got %s)")
              :format(arg, what, i, type(M)), 3)
      end
      d = d or M:rows()
      if M:rows() ~= d or M:cols() ~= d then
        error(("bad argument #%d to 'custom' (%s %d is %dx%d, %dx%d expected)")
              :format(arg, what, i, M:rows(), M:cols(), d, d), 3)
      end
    end
  end
  check(drho, 2, "dρ")
  check(rho, 3, "ρ")
  if not d then error("bad argument #2 to 'custom' (no generator gives the dimension)", 2) end
  return base(G, d, drho, rho, nil, "custom")
end

--- Dimension of the space acted on.
function Action:dim()
  if self.kind == "base" then return self.d end
  local n = (self.kind == "sum") and 0 or 1
  for _, p in ipairs(self.parts) do
    if self.kind == "sum" then n = n + p:dim() else n = n * p:dim() end
  end
  return n
end

-- a tensor product or direct sum of parts, nested ones of the same kind
-- spliced in; a single part stands for itself
local function combine(kind, G, parts)
  local flat = {}
  for _, p in ipairs(parts) do
    if p.kind == kind then
      for _, f in ipairs(p.parts) do flat[#flat + 1] = f end
    else
      flat[#flat + 1] = p
    end
  end
  if #flat == 1 then return flat[1] end
  return setmetatable({kind = kind, G = G, parts = flat}, Action)
end

local function tensor_of(G, parts) return combine("tensor", G, parts) end
local function sum_of(G, parts) return combine("sum", G, parts) end

local function copies(R, k, fname)
  if math.type(k) ~= "integer" or k < 1 then
    error(("bad multiplicity in '%s' (positive integer expected, got %s)")
          :format(fname, tostring(k)), 3)
  end
  local parts = {}
  for i = 1, k do parts[i] = R end
  return sum_of(R.G, parts)
end

function Action.__add(a, b)
  check_action(a, 1, "+")
  check_action(b, 2, "+")
  same_group(a, b, "+")
  return sum_of(a.G, {a, b})
end

function Action.__mul(a, b)
  if type(a) == "number" then check_action(b, 2, "*"); return copies(b, a, "*") end
  if type(b) == "number" then check_action(a, 1, "*"); return copies(a, b, "*") end
  check_action(a, 1, "*")
  check_action(b, 2, "*")
  same_group(a, b, "*")
  return tensor_of(a.G, {a, b})
end

function Action.__pow(a, k)
  check_action(a, 1, "^")
  if math.type(k) ~= "integer" or k < 0 then
    error(("bad exponent in '^' (non-negative integer expected, got %s)"):format(tostring(k)), 2)
  end
  if k == 0 then return action.trivial(a.G) end
  local parts = {}
  for i = 1, k do parts[i] = a end
  return tensor_of(a.G, parts)
end

-- a leaf with explicit matrices, for any action (dense: small sizes only)
local function materialize(R)
  if R.kind == "base" then return R end
  if R.materialized then return R.materialized end
  local G, n = R.G, R:dim()
  local drho, rho = {}, {}
  for i = 1, G.algebra:dim() do drho[i] = R:drho(i) end
  for j = 1, #G.discrete do rho[j] = R:rho(j) end
  R.materialized = base(G, n, drho, rho, function(g) return R:rho_of(g) end, tostring(R))
  return R.materialized
end
action.materialize = materialize

local function dual_base(R)
  local drho, rho = {}, {}
  for i, M in ipairs(R.drho_list) do drho[i] = -M:T() end
  for j, M in ipairs(R.rho_list) do rho[j] = M:inv():T() end
  local def = R.defining and function(g) return R.defining(g):inv():T() end
  return base(R.G, R.d, drho, rho, def, (R.name or "R") .. "*")
end

--- The dual (contragredient) representation: dρ* = −dρᵀ, ρ* = ρ⁻ᵀ.
function Action:dual()
  if self.kind == "base" then
    self.dual_cache = self.dual_cache or dual_base(self)
    return self.dual_cache
  end
  local parts = {}
  for i, p in ipairs(self.parts) do parts[i] = p:dual() end
  if self.kind == "sum" then return sum_of(self.G, parts) end
  if self.kind == "tensor" then return tensor_of(self.G, parts) end
  -- hom(A, B) = A* ⊗ B, so its dual is A ⊗ B* in the same index order
  -- (hom(B, A) = B* ⊗ A would permute the coordinates)
  return tensor_of(self.G, {self.from, self.to:dual()})
end

--- Linear maps from R1 to R2: R1* ⊗ R2 acting on vec(W), W of size dim R2 × dim R1.
function action.hom(R1, R2)
  check_action(R1, 1, "hom")
  check_action(R2, 2, "hom")
  same_group(R1, R2, "hom")
  local t = tensor_of(R1.G, {R1:dual(), R2})
  if R1.kind == "sum" or R2.kind == "sum" then
    return setmetatable({kind = "hom", G = R1.G, from = R1, to = R2,
                         parts = t.parts or {t}, tensor = t}, Action)
  end
  return t
end

--- V^p ⊗ (V*)^q of the defining representation of G.
function action.T(p, q, G)
  check_group(G, 3, "T")
  local V = action.V(G)
  local parts = {}
  for _ = 1, p do parts[#parts + 1] = V end
  for _ = 1, q do parts[#parts + 1] = V:dual() end
  if #parts == 0 then return action.trivial(G) end
  return tensor_of(G, parts)
end

-- orthonormal basis of the symmetric tensors in (R^d)^{⊗k}, d^k × C(d+k−1, k)
local function symmetric_basis(d, k)
  local cols = {}
  local idx = {}
  for i = 1, k do idx[i] = 1 end
  local N = d ^ k
  local function orbit_column(ms)  -- normalised sum over distinct permutations
    local v = core.zeros(math.tointeger(N), 1)
    local count = 0
    local function permute(prefix, remaining)
      if #prefix == k then
        local pos = 0
        for i = 1, k do pos = pos * d + (prefix[i] - 1) end
        if v:get(pos + 1) == 0 then v:set(pos + 1, 1); count = count + 1 end
        return
      end
      for i = 1, #remaining do
        local rest = {}
        for j = 1, #remaining do if j ~= i then rest[#rest + 1] = remaining[j] end end
        prefix[#prefix + 1] = remaining[i]
        permute(prefix, rest)
        prefix[#prefix] = nil
      end
    end
    permute({}, ms)
    return v / math.sqrt(count)
  end
  while true do
    local ms = {}
    for i = 1, k do ms[i] = idx[i] end
    cols[#cols + 1] = orbit_column(ms)
    local i = k
    while i >= 1 and idx[i] == d do i = i - 1 end
    if i < 1 then break end
    idx[i] = idx[i] + 1
    for j = i + 1, k do idx[j] = idx[i] end
  end
  return core.hcat(cols)
end

--- The symmetric power Sym^k(R), made explicit (small sizes).
function action.sym(R, k)
  check_action(R, 1, "sym")
  if math.type(k) ~= "integer" or k < 1 then
    error(("bad argument #2 to 'sym' (positive integer expected, got %s)"):format(tostring(k)), 2)
  end
  local leaf = materialize(R)
  local P = symmetric_basis(leaf.d, k)
  local Pt = P:T()
  local power = leaf ^ k
  local drho, rho = {}, {}
  for i = 1, R.G.algebra:dim() do drho[i] = Pt * power:drho(i) * P end
  for j = 1, #R.G.discrete do rho[j] = Pt * power:rho(j) * P end
  local def = function(g) return Pt * power:rho_of(g) * P end
  return base(R.G, P:cols(), drho, rho, def, ("Sym^%d"):format(k))
end

-- the base factors of a tensor-like action (sums inside are made explicit)
function Action:factors()
  if self.kind == "base" then return {self} end
  if self.kind == "sum" then return {materialize(self)} end
  local out = {}
  for i, p in ipairs(self.parts) do out[i] = materialize(p) end
  return out
end

local function check_index(i, n, fname)
  if math.type(i) ~= "integer" or i < 1 or i > n then
    error(("bad argument #1 to '%s' (index in 1..%d expected, got %s)")
          :format(fname, n, tostring(i)), 3)
  end
end

local function blockdiag(mats)
  local n = 0
  for _, M in ipairs(mats) do n = n + M:rows() end
  local out, off = core.zeros(n, n), 1
  for _, M in ipairs(mats) do out:set_block(off, off, M); off = off + M:rows() end
  return out
end

--- dρ(e_i) as a dense matrix.
function Action:drho(i)
  check_index(i, self.G.algebra:dim(), "drho")
  if self.kind == "base" then return self.drho_list[i]:copy() end
  if self.kind == "sum" then
    local mats = {}
    for k, p in ipairs(self.parts) do mats[k] = p:drho(i) end
    return blockdiag(mats)
  end
  local terms = {}
  for k, f in ipairs(self:factors()) do terms[k] = f.drho_list[i] end
  return core.kronsum_apply(terms, core.eye(self:dim()))
end

--- ρ(h_j) of discrete generator j as a dense matrix.
function Action:rho(j)
  check_index(j, #self.G.discrete, "rho")
  if self.kind == "base" then return self.rho_list[j]:copy() end
  if self.kind == "sum" then
    local mats = {}
    for k, p in ipairs(self.parts) do mats[k] = p:rho(j) end
    return blockdiag(mats)
  end
  local fs = {}
  for k, f in ipairs(self:factors()) do fs[k] = f.rho_list[j] end
  return core.kron_apply(fs, core.eye(self:dim()))
end

-- ρ(g) of a leaf: from the sample's recipe, or the defining map of a matrix
local function leaf_rho(R, g)
  if core.ismatrix(g) then
    if not R.defining then
      error("rho_of: this representation has no formula in terms of the defining "
            .. "matrix; pass an element from G:sample()", 3)
    end
    return R.defining(g)
  end
  local X = core.zeros(R.d, R.d)
  for i, c in ipairs(g.coeffs) do X = X + c * R.drho_list[i] end
  local out = core.expm(X)
  for _, j in ipairs(g.word) do out = out * R.rho_list[j] end
  return out
end

local function check_element(g)
  if not (core.ismatrix(g) or (type(g) == "table" and g.coeffs and g.word)) then
    error(("bad argument #1 to 'rho_of' (group element expected: a matrix or "
           .. "a sample from G:sample(), got %s)"):format(type(g)), 3)
  end
end

--- ρ(g) as a dense matrix, for g a defining-representation matrix or an
-- element from `G:sample`.
function Action:rho_of(g)
  check_element(g)
  if self.kind == "base" then return leaf_rho(self, g) end
  if self.kind == "sum" then
    local mats = {}
    for k, p in ipairs(self.parts) do mats[k] = p:rho_of(g) end
    return blockdiag(mats)
  end
  return self:apply(g, core.eye(self:dim()))
end

--- ρ(g)·X without forming ρ(g) for tensor products.
function Action:apply(g, X)
  check_element(g)
  if self.kind == "base" or self.kind == "sum" then return self:rho_of(g) * X end
  local fs = {}
  for k, f in ipairs(self:factors()) do fs[k] = leaf_rho(f, g) end
  return core.kron_apply(fs, X)
end

--- ρ(g)ᵀ·X without forming ρ(g).
function Action:apply_transpose(g, X)
  check_element(g)
  if self.kind == "base" or self.kind == "sum" then return self:rho_of(g):T() * X end
  local fs = {}
  for k, f in ipairs(self:factors()) do fs[k] = leaf_rho(f, g):T() end
  return core.kron_apply(fs, X)
end

-- a string that is equal for actions built the same way from the same leaves
function Action:key()
  if self.kind == "base" then return "b" .. self.id end
  local ks = {}
  for i, p in ipairs(self.parts) do ks[i] = p:key() end
  if self.kind == "hom" then return "H(" .. self.from:key() .. "," .. self.to:key() .. ")" end
  return (self.kind == "sum" and "S(" or "T(") .. table.concat(ks, ",") .. ")"
end

function Action:__tostring()
  if self.kind == "base" then
    return ("%s[%d]"):format(self.name or "R", self.d)
  end
  if self.kind == "hom" then
    return ("hom(%s, %s)"):format(tostring(self.from), tostring(self.to))
  end
  local ks = {}
  for i, p in ipairs(self.parts) do ks[i] = tostring(p) end
  if #ks > 8 then ks = {ks[1], ks[2], "...", ks[#ks]} end
  return "(" .. table.concat(ks, self.kind == "sum" and " + " or " x ") .. ")"
end

return action
