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

local basis = {}

--- All monomials of total degree ≤ d in m variables, graded order.
-- @treturn Basis
function basis.poly(m, d) return core.basis_poly(m, d) end

--- Real trigonometric products up to frequency K on the torus.
-- @treturn Basis
function basis.fourier(m, K) return core.basis_fourier(m, K) end

local Custom = {}
Custom.__index = Custom

--- A basis from Lua callbacks: `{m = m, size = k, eval = f, jacobian = g
-- [, names = {...}]}` with f(X) → N×k and g(X) → (N·k)×m matrices.
-- Only sampled Lie-derivative operators can use it.
function basis.custom(spec)
  if type(spec) ~= "table" then
    error(("bad argument #1 to 'custom' (table expected, got %s)"):format(type(spec)), 2)
  end
  for _, f in ipairs{"m", "size"} do
    if math.type(spec[f]) ~= "integer" or spec[f] < 1 then
      error(("bad argument #1 to 'custom' (field '%s' must be a positive integer)"):format(f), 2)
    end
  end
  for _, f in ipairs{"eval", "jacobian"} do
    if type(spec[f]) ~= "function" then
      error(("bad argument #1 to 'custom' (field '%s' must be a function)"):format(f), 2)
    end
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
    error(("bad argument #1 to '%s' (matrix with %d columns expected)"):format(fname, self.m), 3)
  end
end

function Custom:eval(X)
  check_points(self, X, "eval")
  local out = self.f(X)
  if not core.ismatrix(out) or out:rows() ~= X:rows() or out:cols() ~= self.k then
    error(("custom basis: eval returned %s, a %dx%d matrix expected")
          :format(core.ismatrix(out) and ("%dx%d"):format(out:shape()) or type(out),
                  X:rows(), self.k), 2)
  end
  return out
end

function Custom:jacobian(X)
  check_points(self, X, "jacobian")
  local out = self.g(X)
  if not core.ismatrix(out) or out:rows() ~= X:rows() * self.k or out:cols() ~= self.m then
    error(("custom basis: jacobian returned %s, a %dx%d matrix expected")
          :format(core.ismatrix(out) and ("%dx%d"):format(out:shape()) or type(out),
                  X:rows() * self.k, self.m), 2)
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
  if getmetatable(b) == Custom then return nil end
  local order, kind = b:order()
  return kind == "poly" and order or nil
end

--- F(X) = Φ(X)·Wᵀ: the model's values at the points X (N×n).
function basis.predict(b, W, X)
  if not basis.is_basis(b) then
    error(("bad argument #1 to 'predict' (basis expected, got %s)"):format(type(b)), 2)
  end
  if not core.ismatrix(W) or W:cols() ~= b:size() then
    error(("bad argument #2 to 'predict' (matrix with %d columns expected, one per basis function)")
          :format(b:size()), 2)
  end
  return b:eval(X) * W:T()
end

return basis
