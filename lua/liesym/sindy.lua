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
                  "unbias", "symmetry", "discrete", "weak", "promote", "conserve", "divergence_free",
                  "nu", "thresholder", "tol"}

-- the trajectories of data as a list of matrices with m columns
local function trajectories(data)
  local list = core.ismatrix(data) and {data} or data
  -- a plain list: a proxy's __len and __index could make the loop endless
  if type(list) ~= "table" or getmetatable(list) ~= nil or #list == 0 then
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
  if type(v) ~= "table" or getmetatable(v) ~= nil or #v ~= n then
    opterr(key, "sindy.fit", "a value or a list of %d (one per trajectory) expected", n)
  end
  for i = 1, n do
    if not is_one(v[i]) then opterr(key, "sindy.fit", "entry %d is not valid", i) end
  end
  return v
end

-- opts.t as one time step or vector of times per trajectory; why: what
-- needs them, for the message
local function times_of(opts, n, why)
  local t = rawget(opts, "t")
  if t == nil then opterr("t", "sindy.fit", "a time step or times are needed %s", why) end
  return per_trajectory(t, n, "t", function(v) return type(v) == "number" or core.ismatrix(v) end)
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
  local T = times_of(opts, n, "to differentiate")
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
  local n = #list
  local T = times_of(opts, n, "for the weak form")
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

-- promote: the penalized fit ½|Θ Wᵀ − Ẋ|² + λ|W|₁ + γ|B(W)|_* over the
-- candidate (γ from the path's cross-validation when not given), then the
-- symmetry its B(W) shows, as an algebra to enforce (nil when none)
local function promoted_symmetry(spec, b, Theta, dX, m)
  if type(spec) ~= "table" then
    opterr("promote", "sindy.fit", "a table {candidate = g[, gamma = γ, lambda = λ]} expected, got %s",
           typename(spec))
  end
  options.check(spec, 2, "sindy.fit", {"candidate", "gamma", "lambda", "tol", "max_iter", "max_time"})
  local cand = rawget(spec, "candidate")
  if cand == nil then opterr("candidate", "sindy.fit", "promote needs a candidate algebra") end
  local op = lieder.build(b, cand, {output_action = "tangent"}, "sindy.fit")
  local gamma = options.number(spec, "gamma", "sindy.fit", nil, 0, math.huge)
  local lambda = options.number(spec, "lambda", "sindy.fit", nil, 0, math.huge)
  if gamma == 0 or gamma == math.huge then opterr("gamma", "sindy.fit", "a positive number expected") end
  if lambda and not gamma then opterr("lambda", "sindy.fit", "an l1 weight needs a gamma (the path has none)") end
  -- the solver's own options, checked here so that errors name sindy.fit
  options.number(spec, "tol", "sindy.fit", nil, 0, 1)
  options.integer(spec, "max_iter", "sindy.fit", nil, 1, 1e9)
  local max_time = options.number(spec, "max_time", "sindy.fit", nil, 0, math.huge)
  if max_time and max_time <= 0 then opterr("max_time", "sindy.fit", "a positive number of seconds expected") end
  -- the rows of Θ (or of the weak form's integrals) are the observations
  local W, info = require("liesym.promote").promote_design(op, Theta, dX,
    options.pick(spec, {"tol", "max_iter", "max_time"}), "penalized", gamma, lambda, "auto")
  local h = op:discover(W)
  local algebra
  if h:dim() > 0 then
    algebra = lie.is_algebra(cand) and h:algebra() or fields.span(m, cand:degree(), h:generators())
  end
  return algebra, {W = W, info = info, symmetry = h}
end

-- the polynomial degree of a coefficient vector's space P_d on R^m
local function degree_of(h, m, key)
  local n = core.ismatrix(h) and (h:cols() == 1 or h:rows() == 1) and h:rows() * h:cols()
  for d = 0, 64 do
    local c = core.poly_count(m, d)
    if c == n then return d end
    if not n or c > n then break end
  end
  opterr(key, "sindy.fit", "coefficients of a polynomial in %d variables (a vector of C(%d+d, d) "
         .. "entries) expected, got %s", m, m, core.ismatrix(h) and ("a %dx%d matrix"):format(h:shape())
         or typename(h))
end

-- the subspaces of W (vec, column-major) that the options constrain it to,
-- as orthonormal bases: the equivariant fields, the fields that conserve
-- each H (∇H·f = 0: the fields among all of degree p along which H has
-- no Lie derivative), the divergence-free ones
local function constraint_bases(opts, b, m, algebra, disc)
  local bases = {}
  if algebra then
    local S = lieder.build(b, algebra, {output_action = "tangent"}, "sindy.fit"):enforce{discrete = disc}
    bases[#bases + 1] = S:basis()
  end
  local H, div = rawget(opts, "conserve"), options.boolean(opts, "divergence_free", "sindy.fit", false)
  if H ~= nil or div then
    local p = basis_mod.poly_degree(b)
    if not p then
      opterr(H ~= nil and "conserve" or "divergence_free", "sindy.fit",
             "needs the built-in polynomial basis")
    end
    if H ~= nil then
      local list = core.ismatrix(H) and {H} or H
      if type(list) ~= "table" or getmetatable(list) ~= nil or #list == 0 then
        degree_of(H, m, "conserve")
      end
      for _, h in ipairs(list) do
        local dH = degree_of(h, m, "conserve")
        local opH = lieder.build(core.basis_poly(m, dH), fields.vector_fields(m, p), nil, "sindy.fit")
        local N = opH:discover(h:reshape(h:rows() * h:cols(), 1)):coefficients()
        bases[#bases + 1] = N:cols() > 0 and N:orth() or N
      end
    end
    if div then bases[#bases + 1] = core.poly_divergence(m, p):null() end
  end
  return bases
end

-- the intersection of the spans of orthonormal bases Q_1, Q_2, ...: within
-- span(Q_1), the coordinates a with (I − Q_i Q_iᵀ) Q_1 a = 0. The singular
-- values of (I − Q_i Q_iᵀ) Q_1 are the sines of the angles between the
-- spans: a direction is shared when its sine is rounding (the
-- constraints are exact), and one between rounding and 1e-6 is no clear
-- decision
local SHARED, APART = 1e-9, 1e-6
local function intersect(bases)
  local Q = bases[1]
  for i = 2, #bases do
    if Q:cols() == 0 then break end
    local P = bases[i]
    local _, sines, V = (Q - P * (P:T() * Q)):svd()
    local keep = {}
    for j = 1, sines:rows() do
      local v = sines:get(j, 1)
      if v <= SHARED then keep[#keep + 1] = V:col(j)
      elseif v < APART then
        options.raise("sindy.fit: the constraints meet at an angle whose sine is %.1e: "
                      .. "neither clearly shared nor clearly apart", v)
      end
    end
    Q = #keep > 0 and (Q * core.hcat(keep)):orth() or core.zeros(Q:rows(), 0)
  end
  return Q
end

-- the sparse regression of B on A: STLSQ or SR3
local function regress(A, B, o)
  if o.sr3 then return core.sindy_sr3(A, B, o.threshold, o.nu, o.l1, o.maxit, o.tol, o.unbias) end
  return core.sindy_stlsq(A, B, o.threshold, o.ridge, o.maxit, o.unbias)
end

-- STLSQ on the coordinates c of W = E c, E (m k × r) an echelon basis of
-- the constrained fields Q: |Θ Wᵀ − Ẋ| = |R11 Wᵀ − R12| + const, and
-- vec(W R11ᵀ) = (R11 ⊗ I_m) vec(W)
local function fit_constrained(b, R11, R12, m, Q, o)
  if Q:cols() == 0 then return core.zeros(m, b:size()), {iterations = 0, converged = true} end
  -- the echelon basis' rounding (1e-16 where the symmetry says 0) would
  -- put every coefficient in the support
  local E = subspace.echelon(Q)
  E = E:chop(1e-13 * E:abs():max())
  local D = core.kron_apply({R11, core.eye(m)}, E)
  local y = R12:T():reshape(R12:rows() * m, 1)
  local c, info = regress(D, y, o)
  return (E * c):reshape(m, b:size()), info
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
-- squares), `optimizer = "stlsq"` (default) or `"sr3"` (sparse relaxed
-- regularized regression, PySINDy's SR3: `threshold` the cut of its
-- `thresholder` "l0" (hard, default) or "l1" (soft), relaxation `nu`
-- (default 1), `tol` (default 1e-5) on the change of the sparse iterate,
-- `max_iter` 30 by default); `symmetry` (a LieAlgebra on R^m or a
-- Group) and `discrete = {g1, ...}` (m×m matrices): enforced exactly;
-- `conserve = h` (the coefficients of H in poly(m, d), or a list of
-- them: ∇H·f = 0 imposed exactly) and `divergence_free = true`
-- (Σ ∂f_i/∂x_i = 0), both with the built-in polynomial basis, and combined
-- with a symmetry by intersecting the subspaces, thresholded in the same
-- echelon basis;
-- `weak = true` or `{test_functions = K, width = w, degree = p}`: the weak
-- form; `promote = {candidate = g, gamma = γ, lambda = λ, tol, max_iter,
-- max_time}` (the last three: the solver's, as for `ls.promote`): promote
-- symmetry over a candidate (gl(m), aff(m), `ls.lie.vector_fields(m, p)`)
-- that is not told the answer — the penalized fit
-- ½‖ΘWᵀ − Ẋ‖² + λ‖W‖₁ + γ‖B(W)‖_* (`ls.promote`; γ by the path's
-- cross-validation when not given) chooses the symmetry, the rank of B(W)
-- decided with its gap; STLSQ then fits the coefficients with that
-- symmetry enforced (a relaxed fit, as the relaxed lasso refits the
-- lasso's support); `model.promoted` keeps the penalized W, its `info` and
-- the Subalgebra found (Messenger & Bortz 2021) — the regression of the integrals of
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
  local optimizer = options.enum(opts, "optimizer", "sindy.fit", "stlsq", {"stlsq", "sr3"})
  local sr3 = optimizer == "sr3"
  local o = {
    sr3 = sr3,
    threshold = options.number(opts, "threshold", "sindy.fit", 0.1, 0, math.huge),
    ridge = options.number(opts, "ridge", "sindy.fit", 0.05, 0, math.huge),
    maxit = options.integer(opts, "max_iter", "sindy.fit", sr3 and 30 or 20, 1, 1 << 20),
    unbias = options.boolean(opts, "unbias", "sindy.fit", true),
    nu = options.number(opts, "nu", "sindy.fit", 1, 0, math.huge),
    l1 = options.enum(opts, "thresholder", "sindy.fit", "l0", {"l0", "l1"}) == "l1",
    tol = options.number(opts, "tol", "sindy.fit", 1e-5, 0, 1),
  }
  for _, k in ipairs(sr3 and {"ridge"} or {"nu", "thresholder", "tol"}) do
    if rawget(opts, k) ~= nil then
      opterr(k, "sindy.fit", "not an option of optimizer = \"%s\"", optimizer)
    end
  end
  if o.nu <= 0 then opterr("nu", "sindy.fit", "a positive number expected") end
  if o.tol <= 0 then opterr("tol", "sindy.fit", "a positive number expected") end
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
  local promoted
  if rawget(opts, "promote") ~= nil then
    if algebra then opterr("promote", "sindy.fit", "a symmetry is enforced already") end
    algebra, promoted = promoted_symmetry(opts.promote, b, Theta, dX, m)
    disc = {}
  end
  local W, info
  local bases = constraint_bases(opts, b, m, algebra, disc)
  local Q = #bases > 0 and intersect(bases) or nil
  if Q then
    W, info = fit_constrained(b, R11, R12, m, Q, o)
  else
    local C
    C, info = regress(R11, R12, o)
    W = C:T()
  end
  local residual = (Theta * W:T() - dX):norm()
  return setmetatable({W = W, B = b, m = m, constraints = Q, derivative_method = dmethod,
                       promoted = promoted,
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
-- @tparam Basis b a polynomial basis on R^m for H
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
