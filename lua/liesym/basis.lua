--- Function bases φ = (φ_1..φ_k) on R^m, for models F(x) = W·φ(x).
--
-- `poly(m, d)` and `fourier(m, K)` are evaluated in C; `custom{...}` wraps
-- Lua callbacks with the same interface (`size`, `vars`, `names`, `eval`,
-- `jacobian`), checked on every call. Points are matrices with one point
-- per row; `eval(X)` is N×k; `jacobian(X)` is (N·k)×m, rows (p−1)·k+1..p·k
-- holding the k×m Jacobian at point p.
--
-- @module liesym.basis

local core = require "liesym.core"
local options = require "liesym.options"

local basis = {}

--- All monomials of total degree ≤ d in m variables, graded order.
-- @treturn Basis
function basis.poly(m, d) return core.basis_poly(m, d) end

--- Real trigonometric products up to frequency K on the torus.
-- @treturn Basis
function basis.fourier(m, K) return core.basis_fourier(m, K) end

local Custom = {}
Custom.__index = Custom
basis.Custom = Custom

--- A basis from Lua callbacks: `{m = m, size = k, eval = f, jacobian = g
-- [, names = {...}]}` with f(X) → N×k and g(X) → (N·k)×m matrices.
-- Only sampled Lie-derivative operators can use it.
function basis.custom(spec)
  if type(spec) ~= "table" then
    options.argerr(1, "custom", "table expected, got %s", options.typename(spec))
  end
  options.check(spec, 1, "custom", {"m", "size", "eval", "jacobian", "names"})
  for _, f in ipairs{"m", "size"} do
    if math.type(spec[f]) ~= "integer" or spec[f] < 1 then
      options.opterr(f, "custom", "a positive integer expected, got %s", tostring(spec[f]))
    end
  end
  for _, f in ipairs{"eval", "jacobian"} do
    if type(spec[f]) ~= "function" then
      options.opterr(f, "custom", "a function expected, got %s", options.typename(spec[f]))
    end
  end
  if spec.names ~= nil and (type(spec.names) ~= "table" or #spec.names ~= spec.size) then
    options.opterr("names", "custom", "a list of %d names expected", spec.size)
  end
  return setmetatable({m = spec.m, k = spec.size, f = spec.eval, g = spec.jacobian,
                       given_names = spec.names}, Custom)
end

function Custom:size() return self.k end
function Custom:vars() return self.m end
function Custom.order() return nil, "custom" end

function Custom:names()
  if self.given_names then return self.given_names end
  local out = {}
  for i = 1, self.k do out[i] = "phi" .. i end
  return out
end

local function check_points(self, X, fname)
  if not core.ismatrix(X) or X:cols() ~= self.m then
    options.argerr(1, fname, "matrix with %d columns expected", self.m)
  end
end

function Custom:eval(X)
  check_points(self, X, "eval")
  local out = self.f(X)
  if not core.ismatrix(out) or out:rows() ~= X:rows() or out:cols() ~= self.k then
    options.raise("custom basis: eval returned %s, a %dx%d matrix expected",
                  core.ismatrix(out) and ("%dx%d"):format(out:shape()) or options.typename(out),
                  X:rows(), self.k)
  end
  return out
end

function Custom:jacobian(X)
  check_points(self, X, "jacobian")
  local out = self.g(X)
  if not core.ismatrix(out) or out:rows() ~= X:rows() * self.k or out:cols() ~= self.m then
    options.raise("custom basis: jacobian returned %s, a %dx%d matrix expected",
                  core.ismatrix(out) and ("%dx%d"):format(out:shape()) or options.typename(out),
                  X:rows() * self.k, self.m)
  end
  return out
end

function Custom:__tostring()
  return ("Basis custom(m = %d): %d functions"):format(self.m, self.k)
end

--- Whether x is a basis (built-in or custom).
function basis.is_basis(x)
  return getmetatable(x) == Custom or core.isbasis(x)
end

--- The polynomial degree of a built-in polynomial basis, or nil.
function basis.poly_degree(b)
  if not basis.is_basis(b) then
    options.argerr(1, "poly_degree", "basis expected, got %s", options.typename(b))
  end
  if getmetatable(b) == Custom then return nil end
  local order, kind = b:order()
  return kind == "poly" and order or nil
end

-- total degrees of the functions of a polynomial basis, nil otherwise
local function degrees(b)
  if not basis.poly_degree(b) then return nil end
  local E = b:exponents()
  local out = {}
  for i = 1, E:rows() do out[i] = E:row(i):sum() end
  return out
end

-- the text of one function, coefficients coef[1..k]
local function format_one(b, coef, rtol)
  local k, names = b:size(), b:names()
  for j = 1, k do
    if coef[j] ~= coef[j] or math.abs(coef[j]) == math.huge then
      options.argerr(2, "format", "coefficient %d is %s", j, tostring(coef[j]))
    end
  end
  local big = 0
  for j = 1, k do big = math.max(big, math.abs(coef[j])) end
  local idx, deg = {}, degrees(b)
  for j = 1, k do idx[j] = j end
  if deg then
    table.sort(idx, function(a, z)
      if deg[a] ~= deg[z] then return deg[a] > deg[z] end
      return a < z
    end)
  end
  local s = ""
  for _, j in ipairs(idx) do
    local v = coef[j]
    if math.abs(v) > rtol * big then
      local num = ("%.4g"):format(math.abs(v))
      local term = (names[j] == "1") and num or (num == "1" and names[j] or num .. "*" .. names[j])
      if s == "" then s = (v < 0 and "-" or "") .. term
      else s = s .. (v < 0 and " - " or " + ") .. term end
    end
  end
  return s == "" and "0" or s
end

--- The function Σ c_j φ_j as text, e.g. "x1^2 + x2^2 - 1": terms of a
-- polynomial basis from the highest degree down, coefficients with 4
-- significant digits, terms below `rtol` (default 1e-9) times the largest
-- coefficient left out. A k×r matrix c gives the r functions of its
-- columns (one string each, as r results), so that a basis from
-- `ls.echelon` formats as it is.
-- @tparam Basis b
-- @tparam Matrix|{number,...} c the k coefficients (or k×r)
-- @tparam[opt] number|table rtol a number, or {rtol = number}
-- @treturn string ...
function basis.format(b, c, rtol)
  if not basis.is_basis(b) then
    options.argerr(1, "format", "basis expected, got %s", options.typename(b))
  end
  if type(rtol) == "table" then
    local o = options.check(rtol, 3, "format", {"rtol"})
    rtol = options.number(o, "rtol", "format", 1e-9, 0, 1)
  elseif rtol ~= nil and type(rtol) ~= "number" then
    options.argerr(3, "format", "number or options table expected, got %s", options.typename(rtol))
  end
  rtol = rtol or 1e-9
  local k = b:size()
  if core.ismatrix(c) and c:rows() == k and c:cols() > 1 then
    local out = {}
    for i = 1, c:cols() do
      local coef = {}
      for j = 1, k do coef[j] = c:get(j, i) end
      out[i] = format_one(b, coef, rtol)
    end
    return table.unpack(out)
  end
  local coef = {}
  if core.ismatrix(c) then
    if c:rows() * c:cols() ~= k then
      options.argerr(2, "format", "%d coefficients expected, got a %dx%d matrix", k, c:shape())
    end
    for j = 1, k do coef[j] = c:get(j) end
  elseif type(c) == "table" then
    for j = 1, k do
      if type(c[j]) ~= "number" then
        options.argerr(2, "format", "%d coefficients expected", k)
      end
      coef[j] = c[j]
    end
    if #c ~= k then options.argerr(2, "format", "%d coefficients expected, got %d", k, #c) end
  else
    options.argerr(2, "format", "matrix or list of %d coefficients expected, got %s", k,
                   options.typename(c))
  end
  return format_one(b, coef, rtol)
end

--- The indices of a polynomial basis from the highest total degree down
-- (graded order within a degree): a pivot order for `ls.echelon` that
-- expresses a space by its leading terms.
function basis.descending(b)
  local deg = degrees(b)
  if not deg then
    options.argerr(1, "descending", "polynomial basis expected, got %s", tostring(b))
  end
  local idx = {}
  for j = 1, #deg do idx[j] = j end
  table.sort(idx, function(a, z)
    if deg[a] ~= deg[z] then return deg[a] > deg[z] end
    return a < z
  end)
  return idx
end

--- F(X) = Φ(X)·Wᵀ: the model's values at the points X (N×n).
function basis.predict(b, W, X)
  if not basis.is_basis(b) then
    options.argerr(1, "predict", "basis expected, got %s", options.typename(b))
  end
  if not core.ismatrix(W) or W:cols() ~= b:size() then
    options.argerr(2, "predict", "matrix with %d columns expected, one per basis function",
                   b:size())
  end
  if not core.ismatrix(X) or X:cols() ~= b:vars() then
    options.argerr(3, "predict", "points: a matrix with %d columns expected, got %s", b:vars(),
                   core.ismatrix(X) and ("a %dx%d matrix"):format(X:shape()) or options.typename(X))
  end
  return b:eval(X) * W:T()
end

return basis
