--- Neural networks: multilayer perceptrons in float64 with the whole
-- training loop in C (src/core/nn.c), and their symmetries discovered
-- from the Lie derivative of the trained function.
--
-- A `Net` is a C userdata: `forward(X)` (N×n_in → N×n_out, one sample per
-- row), `jvp(X, V)` (row p: DF(x_p)·v_p, and F(X)), `jacobian(X)`
-- ((N·n_out)×n_in, rows p·n_out+1 … of point p), `parameters()` /
-- `set_parameters(θ)` (θ = W_1, b_1, W_2, b_2, … column-major), `nparams`,
-- `layout` (widths, activation), `save(path)`, `tostring`.
--
-- The Lie derivative of the net's function along ξ at a point is
--
--     (L_ξ F)(x) = DF(x)·v_ξ(x) − dρ_out(ξ)·F(x),
--
-- computed for every sample at once by a Jacobian-vector product; its
-- null directions over a candidate algebra are the symmetries the net
-- learned (`ls.discover(net, candidate, {points = X, ...})`).
--
-- @module liesym.nn

local core = require "liesym.core"
local action = require "liesym.action"
local fields = require "liesym.fields"
local lieder = require "liesym.lieder"
local options = require "liesym.options"

local nn = {}
local typename, argerr, opterr = options.typename, options.argerr, options.opterr

--- Whether x is a Net.
nn.is_net = core.is_net

local activations = {"swish", "relu", "tanh", "sigmoid"}

--- A multilayer perceptron with Glorot-uniform weights and zero biases.
-- @tparam table opts `inputs`, `outputs` (integers), `hidden` (a list of
-- widths, default {64, 64}), `activation` ("swish" (default), "relu",
-- "tanh", "sigmoid"; the output layer is linear), `seed` (default 0).
-- @treturn Net
function nn.mlp(opts)
  if type(opts) ~= "table" then argerr(1, "mlp", "table expected, got %s", typename(opts)) end
  options.check(opts, 1, "mlp", {"inputs", "outputs", "hidden", "activation", "seed"})
  local nin = options.integer(opts, "inputs", "mlp", nil, 1, 1 << 24)
  local nout = options.integer(opts, "outputs", "mlp", nil, 1, 1 << 24)
  if not nin then opterr("inputs", "mlp", "the number of inputs is required") end
  if not nout then opterr("outputs", "mlp", "the number of outputs is required") end
  local hidden = options.list(opts, "hidden", "mlp") or {64, 64}
  if #hidden > 1023 then opterr("hidden", "mlp", "at most 1023 hidden layers") end
  local widths = {nin}
  for i, h in ipairs(hidden) do
    if math.type(h) ~= "integer" or h < 1 or h > 1 << 24 then
      opterr("hidden", "mlp", "entry %d: a positive integer width expected, got %s", i, tostring(h))
    end
    widths[#widths + 1] = h
  end
  widths[#widths + 1] = nout
  local nparams = 0
  for l = 2, #widths do nparams = nparams + widths[l] * (widths[l - 1] + 1) end
  if nparams * 8 * 6 > core.memory_limit() then
    options.raise("mlp: %d parameters (and the optimiser's state) exceed ls.memory_limit()", nparams)
  end
  local act = options.enum(opts, "activation", "mlp", "swish", activations)
  local seed = options.integer(opts, "seed", "mlp", 0, 0)
  return core.nn_mlp(widths, act, seed)
end

--- A net saved by `net:save(path)`.
function nn.load(path)
  if type(path) ~= "string" then argerr(1, "load", "a path expected, got %s", typename(path)) end
  return core.nn_load(path)
end

local train_keys = {"epochs", "batch", "lr", "optimizer", "schedule", "weight_decay", "seed",
                    "validation", "progress", "verbose", "max_time"}

--- Train a net on (X, Y) by minibatch Adam (or SGD), the whole loop in C.
-- Deterministic for a given seed: the minibatch order comes from liesym's
-- generator, the same on every machine.
-- @tparam Net net
-- @tparam Matrix X inputs (N×n_in)
-- @tparam Matrix Y targets (N×n_out)
-- @tparam[opt] table opts `epochs` (100), `batch` (32), `lr` (1e-3),
-- `schedule` = "constant" (default) or "cosine", `optimizer` = "adam"
-- (default) or "sgd", `weight_decay` (decoupled, default 0), `seed` (0),
-- `validation = {Xv, Yv}`, `progress` = function(epoch, train, val)
-- called once per epoch (return true to stop), `verbose` (print each
-- epoch's losses to stderr), `max_time` (seconds: the loop stops after
-- the epoch that passes it).
-- @treturn table history {train = the epochs' mean minibatch losses
-- (MSE), validation (MSE per epoch, with `validation`), epochs, reason
-- ("epochs", "progress" or "max_time"), time}
function nn.train(net, X, Y, opts)
  if not nn.is_net(net) then argerr(1, "train", "net expected, got %s", typename(net)) end
  opts = options.check(opts, 4, "train", train_keys)
  local c = {
    epochs = options.integer(opts, "epochs", "train", 100, 0, 1 << 30),
    batch = options.integer(opts, "batch", "train", 32, 1, 1 << 30),
    lr = options.number(opts, "lr", "train", 1e-3, 0, 1e300),
    optimizer = options.enum(opts, "optimizer", "train", "adam", {"adam", "sgd"}),
    schedule = options.enum(opts, "schedule", "train", "constant", {"constant", "cosine"}),
    weight_decay = options.number(opts, "weight_decay", "train", 0, 0, 1e300),
    seed = options.integer(opts, "seed", "train", 0, 0),
    max_time = options.number(opts, "max_time", "train", nil, 0, math.huge),
  }
  if c.lr <= 0 then opterr("lr", "train", "a positive learning rate expected") end
  if c.max_time and c.max_time <= 0 then opterr("max_time", "train", "a positive number of seconds expected") end
  local v = rawget(opts, "validation")
  if v ~= nil then
    if type(v) ~= "table" or not core.ismatrix(rawget(v, 1)) or not core.ismatrix(rawget(v, 2)) then
      opterr("validation", "train", "{Xv, Yv} (two matrices) expected")
    end
    c.Xv, c.Yv = rawget(v, 1), rawget(v, 2)
  end
  local progress = options.func(opts, "progress", "train")
  if options.boolean(opts, "verbose", "train", false) then
    local user = progress
    progress = function(e, tr, val)
      io.stderr:write(("epoch %6d  train %.6g%s\n"):format(e, tr, val and ("  validation %.6g"):format(val) or ""))
      if user then return user(e, tr, val) end
    end
  end
  c.progress = progress
  local t0 = core.clock()
  local h = core.nn_train(net, X, Y, c)
  h.time = core.clock() - t0
  return h
end

-- an input or output action: of the candidate's q generators, on R^n
local function check_action(r, key, n, q)
  if r == nil then return end
  if not action.is_action(r) then opterr(key, "lie_derivative", "an Action expected, got %s", typename(r)) end
  if r.G.algebra:dim() ~= q then
    opterr(key, "lie_derivative", "the action has %d algebra generators, the candidate %d",
           r.G.algebra:dim(), q)
  end
  if r:dim() ~= n then opterr(key, "lie_derivative", "an action on R^%d expected, got R^%d", n, r:dim()) end
end

--- The Lie derivative of a net's function over a candidate algebra at
-- the points: B (N·n_out × q), column i the values of DF·v_ξᵢ − dρ_out(ξᵢ)F
-- at every point, in the points' mean-square norm.
-- @tparam Net net
-- @tparam LieAlgebra|FieldAlgebra candidate
-- @tparam table opts {points = X, input = an Action of the candidate's
-- algebra on R^n_in (default: the candidate's own fields on R^n_in),
-- output = an Action on R^n_out (default: invariance)}
-- @treturn Matrix B
function nn.lie_derivative(net, candidate, opts)
  if not nn.is_net(net) then argerr(1, "lie_derivative", "net expected, got %s", typename(net)) end
  opts = options.check(opts, 3, "lie_derivative", {"points", "input", "output", "rtol", "tol", "rank", "min_gap"})
  local widths = net:layout()
  local nin, nout = widths[1], widths[#widths]
  local X = options.matrix(opts, "points", "lie_derivative", nil, nin)
  if not X or X:rows() < 1 then opterr("points", "lie_derivative", "a matrix of points (N×%d) expected", nin) end
  local q = candidate and candidate.dim and candidate:dim()
  if not q then argerr(2, "lie_derivative", "LieAlgebra or vector_fields expected, got %s", typename(candidate)) end
  local rin, rout = rawget(opts, "input"), rawget(opts, "output")
  check_action(rin, "input", nin, q)
  check_action(rout, "output", nout, q)
  local list
  if not rin then
    local err
    list, err = fields.of(candidate, nin)
    if not list then argerr(2, "lie_derivative", "%s", err) end
  end
  local N = X:rows()
  local cols = {}
  for i = 1, q do
    local V   -- the field at the points, one row each
    if rin then V = X * rin:drho(i):T()
    else
      local f = list[i]
      V = core.basis_poly(nin, f.degree):eval(X) * f.V:T()
    end
    local JV, F = net:jvp(X, V)
    local L = rout and (JV - F * rout:drho(i):T()) or JV
    cols[i] = L:reshape(N * nout, 1) * (1 / math.sqrt(N))
  end
  return core.hcat(cols)
end

--- The symmetries of a trained net inside a candidate algebra: the null
-- directions of its Lie derivative at the points (`nn.lie_derivative`),
-- by the one rank decision (data mode: values below 1e-7 of the largest
-- are rounding; else a decisive gap of 10³; the spectrum and gap are in
-- the result).
-- @treturn Subalgebra
function nn.discover(net, candidate, opts)
  opts = options.check(opts, 3, "discover", {"points", "input", "output", "rtol", "tol", "rank", "min_gap"})
  local B = nn.lie_derivative(net, candidate, opts)
  local cols = {}
  for i = 1, B:cols() do cols[i] = B:col(i) end
  local op = core.lieop_explicit(cols, "discover")
  local N, spec = op:symmetries(core.ones(1, 1), options.pick(opts, options.rank_keys), "discover", 1e-7)
  return lieder.subalgebra(candidate, N, spec)
end

--- The largest relative equivariance error of a net over sampled group
-- elements: max_g |F(ρ_in(g)x) − ρ_out(g)F(x)| / |F(x)| over the points
-- (Frobenius norms over all points at once).
-- @tparam Net net
-- @tparam Group G
-- @tparam table opts {input = R_in, output = R_out (default: the trivial
-- action, invariance), points = X (default 64 standard normal points),
-- samples = k (default 5), rng}
-- @treturn number
function nn.check_equivariance(net, G, opts)
  local fname = "check_equivariance"
  if not nn.is_net(net) then argerr(1, fname, "net expected, got %s", typename(net)) end
  if not core.group.is_group(G) then argerr(2, fname, "group expected, got %s", typename(G)) end
  opts = options.check(opts, 3, fname, {"input", "output", "points", "samples", "rng"})
  local widths = net:layout()
  local nin, nout = widths[1], widths[#widths]
  local rin, rout = rawget(opts, "input"), rawget(opts, "output")
  if not action.is_action(rin) then opterr("input", fname, "an Action of the group on R^%d expected", nin) end
  if rin:dim() ~= nin then opterr("input", fname, "an action on R^%d expected, got R^%d", nin, rin:dim()) end
  if rout ~= nil and (not action.is_action(rout) or rout:dim() ~= nout) then
    opterr("output", fname, "an Action on R^%d expected", nout)
  end
  local rng = rawget(opts, "rng") or core.rng(1)
  if typename(rng) ~= "rng" then opterr("rng", fname, "an Rng expected, got %s", typename(rng)) end
  local X = options.matrix(opts, "points", fname, nil, nin) or core.randn(64, nin, core.rng(2))
  local samples = options.integer(opts, "samples", fname, 5, 1, 1e6)
  local F = net:forward(X)
  local scale = F:norm()
  local worst = 0
  for _ = 1, samples do
    local g = G:sample(rng)
    local lhs = net:forward(X * rin:rho_of(g):T())
    local rhs = rout and F * rout:rho_of(g):T() or F
    local e = (lhs - rhs):norm() / (scale > 0 and scale or 1)
    if e > worst then worst = e end
  end
  return worst
end

-- {======================================================
-- Data sets (generated from a seed, as EMLP defines them)
-- ======================================================

nn.datasets = {}

local function dataset_args(opts, fname)
  if type(opts) ~= "table" then argerr(1, fname, "table expected, got %s", typename(opts)) end
  options.check(opts, 1, fname, {"n", "rng", "k"})
  local n = options.integer(opts, "n", fname, nil, 1, 1 << 26)
  if not n then opterr("n", fname, "the number of samples is required") end
  local rng = rawget(opts, "rng") or core.rng(0)
  if typename(rng) ~= "rng" then opterr("rng", fname, "an Rng expected, got %s", typename(rng)) end
  return n, rng
end

-- the row norms of the columns c1..c2 of X
local function row_norms(X, c1, c2)
  local S = X:sub(1, X:rows(), c1, c2)
  return (S:hadamard(S) * core.ones(c2 - c1 + 1, 1)):map(math.sqrt)
end

--- EMLP's O5Synthetic: x = (x1, x2), two vectors of R^5 drawn from N(0, I),
-- y = sin|x1| − |x2|³/2 + x1·x2 / (|x1| |x2|), invariant under O(5) acting
-- on both vectors.
-- @tparam table opts {n = samples, rng = Rng (default: seeded with 0)}
-- @treturn Matrix X (n×10)
-- @treturn Matrix Y (n×1)
function nn.datasets.o5_synthetic(opts)
  local n, rng = dataset_args(opts, "o5_synthetic")
  local X = core.randn(n, 10, rng)
  local r1, r2 = row_norms(X, 1, 5), row_norms(X, 6, 10)
  local dot = X:sub(1, n, 1, 5):hadamard(X:sub(1, n, 6, 10)) * core.ones(5, 1)
  local Y = r1:map(math.sin) - r2:hadamard(r2):hadamard(r2) * 0.5
            + dot:hadamard(r1:hadamard(r2):map(function(v) return 1 / v end))
  return X, Y
end

--- EMLP's Inertia: k = 5 masses m_i = softplus(z_i), z_i ~ N(0, 1), and
-- positions r_i ∈ R³ ~ N(0, I); x = (m_1..m_k, r_1, …, r_k) (n×4k), y the
-- inertia matrix Σ m_i (|r_i|² I − r_i r_iᵀ), flattened (n×9, column-major
-- 3×3): equivariant under O(3), rotations acting on each r_i and on y by
-- R Y Rᵀ.
-- @tparam table opts {n, k = 5, rng}
-- @treturn Matrix X, Matrix Y
function nn.datasets.inertia(opts)
  local n, rng = dataset_args(opts, "inertia")
  local k = options.integer(opts, "k", "inertia", 5, 1, 1000)
  local X = core.randn(n, 4 * k, rng)
  local masses = X:sub(1, n, 1, k):map(function(z) return z > 30 and z or math.log(1 + math.exp(z)) end)
  local cols = {masses}
  for i = 1, k do cols[i + 1] = X:sub(1, n, k + 3 * i - 2, k + 3 * i) end
  X = core.hcat(cols)
  local Y = core.zeros(n, 9)
  for i = 1, k do
    local m = masses:col(i)
    local r = X:sub(1, n, k + 3 * i - 2, k + 3 * i)
    local r2 = r:hadamard(r) * core.ones(3, 1)
    for a = 1, 3 do
      for b = 1, 3 do
        local term = r:col(a):hadamard(r:col(b)) * -1
        if a == b then term = term + r2 end
        Y = Y + core.hcat{term:hadamard(m)} * core.matrix{(function()
          local row = {}
          for c = 1, 9 do row[c] = (c == (b - 1) * 3 + a) and 1 or 0 end
          return row
        end)()}
      end
    end
  end
  return X, Y
end

-- }======================================================

return nn
