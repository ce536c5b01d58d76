--- Equation discovery: sparse fits ẋ = W·φ(x) to trajectories (SINDy),
-- with symmetry enforced.
--
-- `ls.sindy.derivative` differentiates sampled trajectories (finite
-- differences, Savitzky–Golay, spectral); `ls.sindy.fit` fits the field
-- by sequentially thresholded least squares (STLSQ, the optimizer of
-- Brunton, Proctor & Kutz 2016 and PySINDy's default), in C: the library
-- Θ = φ(X) and the derivatives are reduced once by a QR factorisation of
-- [Θ Ẋ], so every thresholding round costs O(k³), not O(N k²).
--
-- **Enforce.** `symmetry = g` (a LieAlgebra acting on the state by linear
-- or affine fields, or a Group with its discrete generators) and
-- `discrete = {g1, ...}` restrict the fit to the equivariant fields
-- ([v_ξ, f] = 0, f(g x) = g f(x)): W = Σ c_i E_i over a basis E of that
-- subspace in reduced echelon form (`ls.echelon`), each E_i equal to 1 at
-- its own pivot coefficient of W and 0 at the others. Sparsity is imposed
-- on c: thresholding c_i zeroes the pivot coefficient and every
-- coefficient the symmetry ties to it, so the fitted W satisfies the
-- constraint exactly whatever the threshold.
--
-- @module liesym.sindy

local core = require "liesym.core"
local options = require "liesym.options"
local basis_mod = require "liesym.basis"
local lie = require "liesym.lie"
local lieder = require "liesym.lieder"
local subspace = require "liesym.subspace"
local fields = require "liesym.fields"

local sindy = {}

local argerr, opterr, typename = options.argerr, options.opterr, options.typename

local Model = {}
Model.__index = Model
Model.__name = "liesym.SindyModel"
sindy.Model = Model

--- Whether a value is a fitted model.
function sindy.is_model(v) return getmetatable(v) == Model end

-- {======================================================
-- Derivatives
-- ======================================================

local deriv_keys = {"method", "order", "window", "degree"}

-- Ẋ of one trajectory; fname names the public function in errors
local function derivative(X, t, opts, fname, arg)
  if not core.ismatrix(X) then argerr(1, fname, "a trajectory (matrix) expected, got %s", typename(X)) end
  opts = options.check(opts, arg, fname, deriv_keys)
  local method = options.enum(opts, "method", fname, "central", {"central", "savgol", "spectral"})
  if t == nil then argerr(2, fname, "times expected: a step or a vector of times") end
  if method == "central" then
    local order = options.integer(opts, "order", fname, 2, 2, 16)
    if order % 2 ~= 0 then opterr("order", fname, "an even order expected, got %d", order) end
    for _, k in ipairs{"window", "degree"} do
      if rawget(opts, k) ~= nil then opterr(k, fname, "only for method = \"savgol\"") end
    end
    return core.sindy_derivative(X, t, "fd", order)
  elseif method == "savgol" then
    local window = options.integer(opts, "window", fname, 9, 3, 1 << 20)
    if window % 2 ~= 1 then opterr("window", fname, "an odd window expected, got %d", window) end
    local degree = options.integer(opts, "degree", fname, math.min(3, window - 1), 1, window - 1)
    if rawget(opts, "order") ~= nil then opterr("order", fname, "only for method = \"central\"") end
    return core.sindy_derivative(X, t, "savgol", window, degree)
  end
  for _, k in ipairs{"order", "window", "degree"} do
    if rawget(opts, k) ~= nil then opterr(k, fname, "not an option of method = \"spectral\"") end
  end
  return core.sindy_derivative(X, t, "spectral", 0)
end

--- The time derivative of a sampled trajectory, column by column.
-- @tparam Matrix X the trajectory, one row per time (N×m)
-- @tparam number|Matrix t the time step, or a vector of N increasing times
-- @tparam[opt] table opts `method = "central"` (default: finite
-- differences of `order` 2 (default), 4, ... on order + 1 points, centred,
-- one-sided at the ends, exact on polynomials of that degree), `"savgol"`
-- (Savitzky–Golay: the derivative of the least-squares polynomial of
-- `degree` (default 3) on `window` points (odd, default 9) around each
-- time, shifted inside at the ends) or `"spectral"` (periodic samples on
-- a uniform grid, the sample at the period's end left out; by FFTW)
-- @treturn Matrix Ẋ (N×m)
function sindy.derivative(X, t, opts)
  return derivative(X, t, opts, "sindy.derivative", 3)
end

-- }======================================================

-- {======================================================
-- Fitting
-- ======================================================

local fit_keys = {"t", "derivative", "basis", "threshold", "ridge", "optimizer", "max_iter",
                  "unbias", "symmetry", "discrete", "weak"}

-- the trajectories of data as a list of matrices with m columns
local function trajectories(data)
  local list = core.ismatrix(data) and {data} or data
  if type(list) ~= "table" or #list == 0 then
    argerr(1, "sindy.fit", "a trajectory (matrix) or a list of them expected, got %s", typename(data))
  end
  local m
  for i, X in ipairs(list) do
    if not core.ismatrix(X) then
      argerr(1, "sindy.fit", "trajectory %d: a matrix expected, got %s", i, typename(X))
    end
    m = m or X:cols()
    if X:cols() ~= m then
      argerr(1, "sindy.fit", "trajectory %d has %d columns, the first %d", i, X:cols(), m)
    end
  end
  return list, m
end

-- one entry per trajectory of an option that is a value or a list of them
local function per_trajectory(v, n, key, is_one)
  if is_one(v) then
    if n > 1 and type(v) ~= "number" then
      opterr(key, "sindy.fit", "one per trajectory expected (a list of %d)", n)
    end
    local out = {}
    for i = 1, n do out[i] = v end
    return out
  end
  if type(v) ~= "table" or #v ~= n then
    opterr(key, "sindy.fit", "a value or a list of %d (one per trajectory) expected", n)
  end
  for i = 1, n do
    if not is_one(v[i]) then opterr(key, "sindy.fit", "entry %d is not valid", i) end
  end
  return v
end

-- Ẋ for every trajectory, stacked
local function derivatives(list, opts)
  local given, t = rawget(opts, "derivative"), rawget(opts, "t")
  local n, out = #list, {}
  if core.ismatrix(given) or (type(given) == "table" and core.ismatrix(given[1])) then
    local D = per_trajectory(given, n, "derivative", core.ismatrix)
    if t ~= nil then opterr("t", "sindy.fit", "not used when the derivatives are given") end
    for i = 1, n do
      if D[i]:rows() ~= list[i]:rows() or D[i]:cols() ~= list[i]:cols() then
        opterr("derivative", "sindy.fit", "trajectory %d is %dx%d, its derivative %dx%d", i,
               list[i]:rows(), list[i]:cols(), D[i]:rows(), D[i]:cols())
      end
      out[i] = D[i]
    end
    return core.vcat(out), "given"
  end
  if given ~= nil and type(given) ~= "table" then
    opterr("derivative", "sindy.fit", "a matrix, a list of matrices or a method table expected, got %s",
           typename(given))
  end
  if t == nil then opterr("t", "sindy.fit", "a time step or times are needed to differentiate") end
  local T = per_trajectory(t, n, "t", function(v) return type(v) == "number" or core.ismatrix(v) end)
  for i = 1, n do out[i] = derivative(list[i], T[i], given, "sindy.fit", 2) end
  return core.vcat(out), (given and rawget(given, "method")) or "central"
end

-- the weak form's regression: for every trajectory, the integrals of
-- phi_k Θ(x) and -phi_k' x against K test functions of w samples, stacked
local function weak_system(list, opts, b)
  local spec = rawget(opts, "weak")
  if spec == true then spec = {} end
  if type(spec) ~= "table" then
    opterr("weak", "sindy.fit", "true or a table {test_functions, width, degree} expected, got %s",
           typename(spec))
  end
  options.check(spec, 2, "sindy.fit", {"test_functions", "width", "degree"})
  if rawget(opts, "derivative") ~= nil then
    opterr("derivative", "sindy.fit", "the weak form differentiates nothing (give t only)")
  end
  local t = rawget(opts, "t")
  if t == nil then opterr("t", "sindy.fit", "a time step or times are needed for the weak form") end
  local n = #list
  local T = per_trajectory(t, n, "t", function(v) return type(v) == "number" or core.ismatrix(v) end)
  local p = options.integer(spec, "degree", "sindy.fit", 4, 1, 64)
  local G, rhs = {}, {}
  for i = 1, n do
    local N = list[i]:rows()
    local w = options.integer(spec, "width", "sindy.fit", math.max(11, N // 8), 3, N)
    local K = options.integer(spec, "test_functions", "sindy.fit", math.min(100, N - w + 1), 1, N)
    -- the test functions have unit integrals, so these are local averages
    -- of Θ and Ẋ; sqrt(N/K) gives the rows the weight of the N samples
    -- they stand for, so that ridge and threshold mean what they mean in
    -- the strong form
    local scale = math.sqrt(N / K)
    G[i] = scale * core.sindy_weak(b:eval(list[i]), T[i], K, w, p, false)
    rhs[i] = -scale * core.sindy_weak(list[i], T[i], K, w, p, true)
  end
  return core.vcat(G), core.vcat(rhs)
end

-- the symmetry's algebra and discrete generators from opts
local function symmetry_of(opts, m)
  local sym, disc = rawget(opts, "symmetry"), options.list(opts, "discrete", "sindy.fit")
  local algebra, list = nil, {}
  if sym ~= nil then
    if lie.is_algebra(sym) then algebra = sym
    elseif core.group.is_group(sym) then
      algebra = sym.algebra
      for _, g in ipairs(sym.discrete or {}) do list[#list + 1] = g end
    else
      opterr("symmetry", "sindy.fit", "a LieAlgebra or a Group expected, got %s", typename(sym))
    end
  end
  for _, g in ipairs(disc or {}) do list[#list + 1] = g end
  if algebra == nil and #list == 0 then return nil end
  return algebra or lie.zero(m), list
end

-- STLSQ on the coordinates c of W = E c, E (m k × r) an echelon basis of
-- the equivariant fields: |Θ Wᵀ − Ẋ| = |R11 Wᵀ − R12| + const, and
-- vec(W R11ᵀ) = (R11 ⊗ I_m) vec(W)
local function fit_enforced(b, R11, R12, m, algebra, list, o)
  local op = lieder.model(b, algebra, {output_action = "tangent"})
  local S = op:enforce{discrete = list}
  local r = S:dim()
  if r == 0 then return core.zeros(m, b:size()), S, {iterations = 0, converged = true} end
  -- the echelon basis' rounding (1e-16 where the symmetry says 0) would
  -- put every coefficient in the support
  local E = subspace.echelon(S:basis())
  E = E:chop(1e-13 * E:abs():max())
  local D = core.kron_apply({R11, core.eye(m)}, E)
  local y = R12:T():reshape(R12:rows() * m, 1)
  local c, info = core.sindy_stlsq(D, y, o.threshold, o.ridge, o.maxit, o.unbias)
  return (E * c):reshape(m, b:size()), S, info
end

--- Fit a field ẋ = W·φ(x) to trajectories.
-- @tparam Matrix|{Matrix,...} data a trajectory (N×m, one row per time) or a
-- list of them
-- @tparam table opts `t` (a step or a vector of times; a list of them, one
-- per trajectory), or `derivative` (Ẋ given: a matrix or a list, or a
-- method table for `ls.sindy.derivative`, with `t`); `basis` (default
-- `ls.basis.poly(m, 2)`); `threshold` (default 0.1: coefficients smaller
-- in magnitude are zero), `ridge` (default 0.05, the ridge weight of each
-- round, as PySINDy's alpha), `max_iter` (thresholding rounds, default
-- 20), `unbias` (default true: the final support refitted by plain least
-- squares), `optimizer = "stlsq"`; `symmetry` (a LieAlgebra on R^m or a
-- Group) and `discrete = {g1, ...}` (m×m matrices): enforced exactly;
-- `weak = true` or `{test_functions = K, width = w, degree = p}`: the weak
-- form (Messenger & Bortz 2021) — the regression of the integrals of
-- φ_k·Θ(x) on those of −φ_k'·x against K polynomial bumps φ_k of w samples
-- each (defaults: w = max(11, N/8), K = min(100, N − w + 1), p = 4), so
-- that noisy data need no derivative (`t` is then required, `derivative`
-- not allowed). The bumps have unit integrals and the rows the weight
-- √(N/K), so that `ridge` and `threshold` mean what they do in the strong
-- form
-- @treturn Model
function sindy.fit(data, opts)
  local list, m = trajectories(data)
  opts = options.check(opts, 2, "sindy.fit", fit_keys)
  local b = rawget(opts, "basis") or basis_mod.poly(m, 2)
  if not basis_mod.is_basis(b) then opterr("basis", "sindy.fit", "a Basis expected, got %s", typename(b)) end
  if b:vars() ~= m then
    opterr("basis", "sindy.fit", "the basis has %d variables, the data %d", b:vars(), m)
  end
  options.enum(opts, "optimizer", "sindy.fit", "stlsq", {"stlsq"})
  local o = {
    threshold = options.number(opts, "threshold", "sindy.fit", 0.1, 0, math.huge),
    ridge = options.number(opts, "ridge", "sindy.fit", 0.05, 0, math.huge),
    maxit = options.integer(opts, "max_iter", "sindy.fit", 20, 1, 1 << 20),
    unbias = options.boolean(opts, "unbias", "sindy.fit", true),
  }
  local Theta, dX, dmethod
  if rawget(opts, "weak") then
    Theta, dX = weak_system(list, opts, b)
    dmethod = "weak"
  else
    dX, dmethod = derivatives(list, opts)
    Theta = b:eval(core.vcat(list))
  end
  local R11, R12 = core.sindy_reduce(Theta, dX)
  local algebra, disc = symmetry_of(opts, m)
  local W, S, info
  if algebra then
    W, S, info = fit_enforced(b, R11, R12, m, algebra, disc, o)
  else
    local C
    C, info = core.sindy_stlsq(R11, R12, o.threshold, o.ridge, o.maxit, o.unbias)
    W = C:T()
  end
  local residual = (Theta * W:T() - dX):norm()
  return setmetatable({W = W, B = b, m = m, symmetric = S, derivative_method = dmethod,
                       info = {iterations = info.iterations, converged = info.converged,
                               residual = residual}}, Model)
end

-- }======================================================

-- {======================================================
-- The model
-- ======================================================

--- The coefficients W (m×k): ẋ_i = Σ_j W[i, j] φ_j(x).
function Model:coefficients() return self.W:copy() end

--- The basis φ.
function Model:basis() return self.B end

--- The fitted field at the points X (N×m): Φ(X)·Wᵀ.
function Model:predict(X)
  if not core.ismatrix(X) or X:cols() ~= self.m then
    argerr(1, "predict", "points: a matrix with %d columns expected", self.m)
  end
  return basis_mod.predict(self.B, self.W, X)
end

--- The trajectory from x0 through the times t (`ls.ode.solve` on the
-- model, evaluated in C on a built-in basis).
function Model:simulate(x0, t, opts)
  return require("liesym.ode").solve(self, x0, t, opts)
end

--- R² of the predicted derivatives: 1 − |Ẋ − f(X)|² / |Ẋ − mean(Ẋ)|²,
-- Ẋ from X and t by `ls.sindy.derivative` (opts its options), summed
-- over the components.
function Model:score(X, t, opts)
  local dX = derivative(X, t, opts, "score", 3)
  local pred = self:predict(X)
  local mean = core.ones(dX:rows(), 1) * (core.ones(1, dX:rows()) * dX) / dX:rows()
  local ss = (dX - mean):norm() ^ 2
  return 1 - (dX - pred):norm() ^ 2 / ss
end

-- the right side for ls.ode.solve: the basis and W when the basis is
-- built in (evaluated in C), else nothing
function Model:rhs_spec()
  if core.isbasis(self.B) then return self.B, self.W end
  return nil
end

function Model:rhs_function()
  local B, W = self.B, self.W
  return function(_, x) return W * B:eval(x:T()):T() end
end

--- The equations as text, one per component: `x1' = -0.1 x1 - x2`,
-- coefficients with `precision` significant digits (default 3), zeros
-- left out.
-- @tparam[opt] table opts {precision = p}
-- @treturn {string,...}
function Model:equations(opts)
  opts = options.check(opts, 1, "equations", {"precision"})
  local p = options.integer(opts, "precision", "equations", 3, 1, 17)
  local names, rows = self.B:names(), self.W:totable()
  local fmt, out = "%." .. p .. "g", {}
  for i = 1, self.m do
    local s = ""
    for j, v in ipairs(rows[i]) do
      if v ~= 0 then
        local num = fmt:format(math.abs(v))
        local term = names[j] == "1" and num or (num == "1" and names[j] or num .. " " .. names[j])
        if s == "" then s = (v < 0 and "-" or "") .. term
        else s = s .. (v < 0 and " - " or " + ") .. term end
      end
    end
    out[i] = ("x%d' = %s"):format(i, s == "" and "0" or s)
  end
  return out
end

function Model:__tostring()
  return table.concat(self:equations(), "\n")
end

-- }======================================================

--- The conserved quantities of a fitted polynomial field in a polynomial
-- basis: the functions H = Σ c_j ψ_j with ∇H·f = 0, the nullspace of the
-- Lie derivative of H along the single field f (exact polynomial
-- arithmetic), with the rank decision behind it. Constants are always
-- among them.
-- @tparam Model model fitted on a polynomial basis
-- @tparam Basis basis a polynomial basis on R^m for H
-- @tparam[opt] table opts the rank options of `enforce` (`rtol`, `min_gap`, ...)
-- @treturn Subspace the coefficient vectors c (`basis()`, `spectrum()`;
-- `ls.echelon` gives a readable basis, `ls.basis.format` the text)
function sindy.conserved(model, b, opts)
  if not sindy.is_model(model) then
    argerr(1, "sindy.conserved", "a fitted model expected, got %s", typename(model))
  end
  local p = basis_mod.poly_degree(model.B)
  if not p then argerr(1, "sindy.conserved", "the model's basis must be a built-in polynomial basis") end
  if not basis_mod.is_basis(b) or not basis_mod.poly_degree(b) then
    argerr(2, "sindy.conserved", "a polynomial basis expected, got %s", typename(b))
  end
  if b:vars() ~= model.m then
    argerr(2, "sindy.conserved", "the basis has %d variables, the field %d", b:vars(), model.m)
  end
  local F = fields.span(model.m, p, {model.W})
  return lieder.build(b, F, nil, "sindy.conserved"):enforce(opts)
end

return sindy
