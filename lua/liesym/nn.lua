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
local lie = require "liesym.lie"
local lieder = require "liesym.lieder"
local options = require "liesym.options"

local emlp = require "liesym.emlp"

local nn = {}
local typename, argerr, opterr = options.typename, options.argerr, options.opterr

nn.emlp = emlp.emlp
nn.uniform_rep = emlp.uniform_rep

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
                    "validation", "progress", "verbose", "max_time", "promote", "keep_best"}
local promote_keys = {"candidate", "gamma", "input", "output", "hidden", "snap", "dual_rate", "every",
                      "rtol", "tol", "rank", "min_gap"}

--- The Lie-derivative operator of a net's layers over a candidate algebra
-- (the paper's stacked per-layer operator): column i of B(θ) holds, for
-- every layer, W_l·dρ_(l−1)(ξᵢ) − dρ_l(ξᵢ)·W_l and −dρ_l(ξᵢ)·b_l, so
-- that its null space is the symmetry every layer shares. A LieOp
-- (apply, adjoint, symmetries, project_null, …) on the net's parameters.
-- @tparam Net net a net without equivariant (structured) layers
-- @tparam LieAlgebra candidate
-- @tparam[opt] table opts for a gated net from `emlp{enforce = false}`
-- nothing (its own actions, of its group's algebra = the candidate); for
-- an MLP `input`, `output` and `hidden` = {R_1, …} (Actions of the
-- candidate's algebra on the layers' widths)
-- @treturn LieOp
function nn.lie_operator(net, candidate, opts)
  local fname = "lie_operator"
  if not nn.is_net(net) then argerr(1, fname, "net expected, got %s", typename(net)) end
  if not lie.is_algebra(candidate) then argerr(2, fname, "LieAlgebra expected, got %s", typename(candidate)) end
  local q = candidate:dim()
  opts = options.check(opts, 3, fname, promote_keys)
  if net.kind == "emlp" then
    options.raise("%s: an emlp is equivariant by construction (promote a net from emlp{enforce = false})",
                  fname)
  end
  local pairs_of = {}
  local widths = net:layout()
  if net.layer_actions and rawget(opts, "hidden") == nil then
    if net.group.algebra:dim() ~= q then
      argerr(2, fname, "the net's actions are of a %d-dimensional algebra, the candidate %d",
             net.group.algebra:dim(), q)
    end
    pairs_of = net.layer_actions
  else
    local hidden = options.list(opts, "hidden", fname)
    if not hidden or #hidden ~= #widths - 2 then
      opterr("hidden", fname, "a list of %d Actions (one per hidden layer) expected", #widths - 2)
    end
    local chain = {rawget(opts, "input")}
    for l = 1, #hidden do chain[l + 1] = hidden[l] end
    chain[#chain + 1] = rawget(opts, "output")
    for l, R in ipairs(chain) do
      local key = (l == 1 and "input") or (l == #chain and "output") or "hidden"
      if not action.is_action(R) then opterr(key, fname, "an Action expected, got %s", typename(R)) end
      if R.G.algebra:dim() ~= q then
        opterr(key, fname, "an action of a %d-dimensional algebra expected (the candidate's)", q)
      end
      if R:dim() ~= widths[l] then
        opterr(key, fname, "layer %d has width %d, the action %d", l - 1, widths[l], R:dim())
      end
    end
    for l = 1, #chain - 1 do pairs_of[l] = {input = chain[l], output = chain[l + 1]} end
  end
  local din, dout = {}, {}
  for l, pr in ipairs(pairs_of) do
    for i = 1, q do
      din[(l - 1) * q + i] = pr.input:drho(i)
      dout[(l - 1) * q + i] = pr.output:drho(i)
    end
  end
  local op = core.nn_lieop(net, din, dout)
  -- as a model class: θ (the net's parameters) is a 1 × nparams "W", so
  -- that ls.discover(op, θ) gives the layers' common symmetry
  op.algebra, op.n, op.k, op.q = candidate, 1, net:nparams(), q
  return op
end

-- After promote: the symmetry the trained function shows and, unless
-- `snap = false`, the least change of θ that makes every layer exactly
-- equivariant under it (a relaxed fit). The symmetry is `discover`'s on
-- the net at (up to 512 of) the training inputs, with the promote
-- options' rank rule (`rtol`, `tol`, `rank`, `min_gap`): the layers'
-- operator B(θ) is also reported, but its spectrum mixes every layer's
-- residue, while the function's shows what the data broke.
-- @tparam Net net
-- @tparam LieOp op the layers' operator (`nn.lie_operator`)
-- @tparam LieAlgebra candidate
-- @tparam table opts the promote options
-- @tparam Matrix X the training inputs
-- @treturn table {layers (B(θ)'s spectrum), subalgebra, snapped, change
-- (|Δθ|/|θ|), residual (the projection's relative residual), steps}
local function snap(net, op, candidate, opts, X)
  local theta = net:parameters()
  local _, layers = op:symmetries(theta, {}, "train", 1e-9)
  local rin, rout = rawget(opts, "input") or net.input, rawget(opts, "output") or net.output
  local n = math.min(X:rows(), 512)
  local dopts = {points = X:sub(1, n, 1, X:cols()), input = rin, output = rout}
  for _, k in ipairs(options.rank_keys) do dopts[k] = rawget(opts, k) end
  local sub = nn.discover(net, candidate, dopts)
  local out = {layers = layers, subalgebra = sub, snapped = false}
  if sub:dim() > 0 and options.boolean(opts, "snap", "train", true) then
    local t2, resid, steps = op:project_null(theta, sub.N, 1e-13, 2000)
    net:set_parameters(t2)
    out.snapped, out.residual, out.steps = true, resid, steps
    out.change = (t2 - theta):norm() / math.max(theta:norm(), 1e-300)
  end
  return out
end

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
-- the epoch that passes it), `keep_best` (with `validation`: end with the
-- parameters of the epoch of least validation loss; history.best_epoch),
-- `promote` = {candidate = g, gamma = γ, dual_rate (1), every (1: steps
-- between the dual's moves), snap (true),
-- input, output, hidden (for an MLP), rank options}: γ·‖B(θ)‖_* of the
-- layers' Lie derivatives (`nn.lie_operator`) added to the loss, by a
-- primal-dual splitting in C (each step a dual move of Λ by
-- `dual_rate`/(lr ‖L‖²)·B(θ), projected onto the ball ‖Λ‖₂ ≤ γ, and B^*Λ
-- in the gradient; src/core/nn_train.c); then the snap above (history.promote;
-- history.penalty the epochs' ‖B(θ)‖_*).
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
  local best
  if options.boolean(opts, "keep_best", "train", false) then
    if not c.Xv then opterr("keep_best", "train", "needs validation = {Xv, Yv}") end
    best = {loss = math.huge}
    local user = progress
    progress = function(e, tr, val)
      if val < best.loss then best.loss, best.epoch, best.theta = val, e, net:parameters() end
      if user then return user(e, tr, val) end
    end
  end
  c.progress = progress
  local pr = rawget(opts, "promote")
  local op
  if pr ~= nil then
    if type(pr) ~= "table" then opterr("promote", "train", "a table {candidate, gamma, ...} expected") end
    options.check(pr, 4, "train", promote_keys)
    c.gamma = options.number(pr, "gamma", "train", nil, 0, 1e300)
    if not c.gamma then opterr("promote", "train", "gamma, the penalty's weight, is required") end
    op = nn.lie_operator(net, rawget(pr, "candidate"), pr)
    c.penalty = op
    -- the dual step: primal-dual splittings converge for dual × primal
    -- step × |L|² below 1; the primal step is the learning rate
    local rate = options.number(pr, "dual_rate", "train", 1, 1e-12, 1e6)
    c.dual_step = rate / (c.lr * math.max(lieder.norm(op), 1e-150) ^ 2)
    -- the dual moves every step by default; on wide nets its apply and
    -- adjoint cost more than a minibatch's pass, and every = k trades
    -- accuracy for time
    c.penalty_every = options.integer(pr, "every", "train", 1, 1, 1 << 30)
  end
  local t0 = core.clock()
  local h = core.nn_train(net, X, Y, c)
  if best and best.theta then
    net:set_parameters(best.theta)
    h.best_epoch, h.best_validation = best.epoch, best.loss
  end
  if op then h.promote = snap(net, op, rawget(pr, "candidate"), pr, X) end
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
-- @treturn number the size of its terms, max_i |DF·v_ξᵢ| + |dρ_out(ξᵢ)F|
-- (same norm): the scale against which B's columns are small
function nn.lie_derivative(net, candidate, opts)
  if not nn.is_net(net) then argerr(1, "lie_derivative", "net expected, got %s", typename(net)) end
  opts = options.check(opts, 3, "lie_derivative", {"points", "input", "output", "rtol", "tol", "rank", "min_gap"})
  local widths = net:layout()
  local nin, nout = widths[1], widths[#widths]
  local X = options.matrix(opts, "points", "lie_derivative", nil, nin)
  if not X or X:rows() < 1 then opterr("points", "lie_derivative", "a matrix of points (N×%d) expected", nin) end
  if not (lie.is_algebra(candidate) or fields.is_field_algebra(candidate)) then
    argerr(2, "lie_derivative", "LieAlgebra or vector_fields expected, got %s", typename(candidate))
  end
  local q = candidate:dim()
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
  local cols, terms = {}, 0
  for i = 1, q do
    local V   -- the field at the points, one row each
    if rin then V = X * rin:drho(i):T()
    else
      local f = list[i]
      V = core.basis_poly(nin, f.degree):eval(X) * f.V:T()
    end
    local JV, F = net:jvp(X, V)
    local FD = rout and F * rout:drho(i):T()
    local L = FD and (JV - FD) or JV
    cols[i] = L:reshape(N * nout, 1) * (1 / math.sqrt(N))
    terms = math.max(terms, (JV:norm() + (FD and FD:norm() or 0)) / math.sqrt(N))
  end
  return core.hcat(cols), terms
end

--- The symmetries of a trained net inside a candidate algebra: the null
-- directions of its Lie derivative at the points (`nn.lie_derivative`),
-- by the one rank decision (data mode: values below 1e-7 of the largest
-- are rounding; else a decisive gap of 10³; values below 1e-9 of the
-- terms' size, DF·v_ξ and dρ_out(ξ)F, are zero: an equivariant net's
-- Lie derivative is rounding, not a spectrum to split — rounding of the
-- hidden layers, which can exceed 1e-12 of a small output; the spectrum
-- and gap are in the result).
-- @treturn Subalgebra
function nn.discover(net, candidate, opts)
  opts = options.check(opts, 3, "discover", {"points", "input", "output", "rtol", "tol", "rank", "min_gap"})
  local B, terms = nn.lie_derivative(net, candidate, opts)
  local cols = {}
  for i = 1, B:cols() do cols[i] = B:col(i) end
  local op = core.lieop_explicit(cols, "discover")
  local N, spec = op:symmetries(core.ones(1, 1), options.pick(opts, options.rank_keys), "discover", 1e-7,
                                1e-9 * terms)
  return lieder.subalgebra(candidate, N, spec)
end

--- The largest relative equivariance error of a net over sampled group
-- elements: max_g |F(ρ_in(g)x) − ρ_out(g)F(x)| / |F(x)| over the points
-- (Frobenius norms over all points at once).
-- @tparam Net net
-- @tparam Group G
-- @tparam table opts {input = R_in, output = R_out (default: the trivial
-- action, invariance; for an emlp checked against its own group, both
-- default to the net's), points = X (default 64 standard normal points),
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
  if rin == nil and rout == nil and net.group ~= nil and G:same(net.group) then
    rin, rout = net.input, net.output   -- an emlp's own actions
  end
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

-- (n, rng) or {n = , rng = , k = }
local function dataset_args(opts, fname, rng_arg)
  if math.type(opts) == "integer" then opts = {n = opts, rng = rng_arg}
  elseif type(opts) ~= "table" then argerr(1, fname, "a sample count or a table expected, got %s", typename(opts))
  elseif rng_arg ~= nil then argerr(2, fname, "no second argument with an options table") end
  options.check(opts, 1, fname, {"n", "rng", "k"})
  local n = options.integer(opts, "n", fname, nil, 1, 1 << 26)
  if not n then opterr("n", fname, "the number of samples is required") end
  local rng = rawget(opts, "rng") or core.rng(0)
  if typename(rng) ~= "rng" then opterr("rng", fname, "an Rng expected, got %s", typename(rng)) end
  return n, rng, opts
end

-- the row norms of the columns c1..c2 of X
local function row_norms(X, c1, c2)
  local S = X:sub(1, X:rows(), c1, c2)
  return (S:hadamard(S) * core.ones(c2 - c1 + 1, 1)):map(math.sqrt)
end

--- EMLP's O5Synthetic: x = (x1, x2), two vectors of R^5 drawn from N(0, I),
-- y = sin|x1| − |x2|³/2 + x1·x2 / (|x1| |x2|), invariant under O(5) acting
-- on both vectors. `o5_synthetic` is the same function.
-- @tparam int|table n samples, or {n = samples, rng}
-- @tparam[opt] Rng rng (default: seeded with 0)
-- @treturn Matrix X (n×10)
-- @treturn Matrix Y (n×1)
function nn.datasets.o5synthetic(n_or_opts, rng_arg)
  local n, rng = dataset_args(n_or_opts, "o5synthetic", rng_arg)
  local X = core.randn(n, 10, rng)
  local r1, r2 = row_norms(X, 1, 5), row_norms(X, 6, 10)
  local dot = X:sub(1, n, 1, 5):hadamard(X:sub(1, n, 6, 10)) * core.ones(5, 1)
  local Y = r1:map(math.sin) - r2:hadamard(r2):hadamard(r2) * 0.5
            + dot:hadamard(r1:hadamard(r2):map(function(v) return 1 / v end))
  return X, Y
end

-- the inertia data set under the name fname (the two public functions)
local function inertia_data(fname, n_or_opts, rng_arg)
  local n, rng, opts = dataset_args(n_or_opts, fname, rng_arg)
  local k = options.integer(opts, "k", fname, 5, 1, 1000)
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

--- EMLP's Inertia: k = 5 masses m_i = softplus(z_i), z_i ~ N(0, 1), and
-- positions r_i ∈ R³ ~ N(0, I); x = (m_1..m_k, r_1, …, r_k) (n×4k), y the
-- inertia matrix Σ m_i (|r_i|² I − r_i r_iᵀ), flattened (n×9, column-major
-- 3×3): equivariant under O(3), rotations acting on each r_i and on y by
-- R Y Rᵀ.
-- @tparam int|table n samples, or {n, k = 5, rng}
-- @tparam[opt] Rng rng
-- @treturn Matrix X, Matrix Y
function nn.datasets.inertia(n_or_opts, rng_arg) return inertia_data("inertia", n_or_opts, rng_arg) end

--- RPP's modified inertia task (Finzi et al. 2021): the inertia matrix I
-- of `inertia` plus 0.3·(I e_z) e_zᵀ, equivariant only under the
-- rotations and reflections that fix e_z (O(2) about the z axis).
-- @tparam int|table n samples, or {n, k = 5, rng}
-- @tparam[opt] Rng rng
-- @treturn Matrix X (n×4k), Matrix Y (n×9, column-major 3×3)
function nn.datasets.modified_inertia(n_or_opts, rng_arg)
  local X, Y = inertia_data("modified_inertia", n_or_opts, rng_arg)
  local n = Y:rows()
  local Z = Y:sub(1, n, 7, 9) * 1.3   -- column 3 of I, (I e_z) e_zᵀ added
  return X, core.hcat{Y:sub(1, n, 1, 6), Z}
end

nn.datasets.o5_synthetic = nn.datasets.o5synthetic

-- }======================================================

return nn
