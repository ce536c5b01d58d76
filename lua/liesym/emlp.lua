--- Equivariant multilayer perceptrons (EMLP; Finzi, Welling & Wilson
-- 2021) on liesym's actions: every linear layer in the equivariant
-- subspace of hom(R_(l−1), R_l ⊕ gates), its bias in R_l's invariants,
-- and gated nonlinearities that commute with the action.
--
-- A layer's representations are direct sums; the maps between two
-- summands of the same types share one basis (`ls.enforce(hom(A, B))`,
-- computed once per pair of types), so the weights are stored as one
-- coefficient vector per pair of copies, the dense W_l assembled in C
-- (src/core/nn.c) after every optimiser step.
--
-- The nonlinearity: a scalar summand passes swish, z·σ(z); a summand the
-- group permutes (the algebra acting by zero, the discrete generators by
-- permutation matrices: sets under S(n)) passes swish entrywise, which
-- commutes with permutations; every other summand is multiplied by
-- σ(s) of its own gate s, an invariant scalar the layer computes beside
-- it. Both commute with the action, so the whole net is equivariant to
-- rounding.
--
-- @module liesym.emlp

local core = require "liesym.core"
local action = require "liesym.action"
local options = require "liesym.options"

local M = {}
local typename, opterr = options.typename, options.opterr

-- whether V's action is orthogonal (V* ≅ V): every generator
-- antisymmetric, every discrete generator orthogonal
local function orthogonal_action(V)
  local G = V.G
  for i = 1, G.algebra:dim() do
    local A = V:drho(i)
    if (A + A:T()):norm() > 1e-12 * math.max(1, A:norm()) then return false end
  end
  for j = 1, #G.discrete do
    local P = V:rho(j)
    if (P:T() * P - core.eye(P:rows())):norm() > 1e-12 then return false end
  end
  return true
end

--- EMLP's heuristic for hidden layers: `ch` channels spread over tensor
-- ranks 0, 1, 2, … (copies of V^⊗r; for a group whose action is not
-- orthogonal, of T(k, r − k) split binomially), as many channels of each
-- rank as fit, so that the dimension is `ch`.
-- @tparam int ch the dimension
-- @tparam Group G
-- @treturn Action
function M.uniform_rep(ch, G)
  if math.type(ch) ~= "integer" or ch < 1 or ch > 1 << 20 then
    options.argerr(1, "uniform_rep", "a positive integer number of channels expected, got %s",
                   tostring(ch))
  end
  if not core.group.is_group(G) then
    options.argerr(2, "uniform_rep", "group expected, got %s", typename(G))
  end
  local d = G:size()
  local function max_rank(c)   -- the largest r with (r + 1) d^r <= c
    local r = 0
    while r < 8 and (r + 2) * d ^ (r + 1) <= c do r = r + 1 end   -- (d = 1: rank 8 at most)
    return r
  end
  local counts = {}
  local left = ch
  while left > 0 do
    local r = max_rank(left)
    for k = 0, r do counts[k] = (counts[k] or 0) + math.tointeger(d ^ (r - k)) end
    left = left - (r + 1) * math.tointeger(d ^ r)
  end
  local V = action.V(G)
  local ortho = orthogonal_action(V)
  local R
  local function add(part, k)
    local S = k == 1 and part or k * part
    R = R and (R + S) or S
  end
  for r = 0, #counts do
    local n = counts[r]
    if n and n > 0 then
      if r == 0 then add(action.trivial(G), n)
      elseif ortho then add(V ^ r, n)
      else   -- n tensors of rank r into T(k, r − k), in binomial proportion
        local binom, total = {}, 0
        for k = 0, r do
          binom[k] = (k == 0) and 1 or binom[k - 1] * (r - k + 1) // k
          total = total + binom[k]
        end
        local given = 0
        for k = 0, r do
          local m = (k == r) and (n - given) or (n * binom[k] // total)
          given = given + m
          if m > 0 then add(action.T(k, r - k, G), m) end
        end
      end
    end
  end
  return R
end

-- the summands of R grouped by type: {types = {key → {action, dim,
-- offsets}}, order = keys in first-seen order, kinds}
local function group_summands(R)
  local types, order, list = {}, {}, R:summands()
  for _, s in ipairs(list) do
    local t = types[s.key]
    if not t then
      t = {action = s.action, dim = s.dim, offsets = {}, kind = s.kind}
      types[s.key] = t
      order[#order + 1] = s.key
    end
    t.offsets[#t.offsets + 1] = s.offset
  end
  return types, order, list
end

-- a layer's output: R plus one gate per summand that neither is scalar
-- nor is permuted; returns the output types (the gates as a type of
-- their own), the gate index of every channel (0-based, nil when every
-- channel gates itself) and the widths
local function gated_output(R, G, gates)
  local types, order, list = group_summands(R)
  local w = R:dim()
  if not gates then return types, order, nil, w, w end
  local gate, ng = {}, 0
  for _, s in ipairs(list) do
    if s.kind == "other" then
      for c = 0, s.dim - 1 do gate[s.offset + c + 1] = w + ng end
      ng = ng + 1
    else
      for c = 0, s.dim - 1 do gate[s.offset + c + 1] = s.offset + c end
    end
  end
  if ng == 0 then return types, order, nil, w, w end
  local S = action.trivial(G)
  local offs = {}
  for k = 0, ng - 1 do offs[k + 1] = w + k end
  local key = "gates"
  types[key] = {action = S, dim = 1, offsets = offs, kind = "scalar"}
  order[#order + 1] = key
  return types, order, gate, w, w + ng
end

-- the blocks of one layer from R_in's types to the output's: a basis per
-- pair of types (cached across layers), and the bias's invariants
local function layer_blocks(tin, oin, tout, oout, cache)
  local blocks = {}
  local function basis(key, make)
    local Q = cache[key]
    if Q == nil then
      local S = make()
      Q = S:dim() > 0 and S:basis() or false
      cache[key] = Q
    end
    return Q or nil
  end
  for _, kb in ipairs(oout) do
    local B = tout[kb]
    for _, ka in ipairs(oin) do
      local A = tin[ka]
      local Q = basis(ka .. "\0" .. kb, function() return core.enforce_action(action.hom(A.action, B.action)) end)
      if Q then
        blocks[#blocks + 1] = {din = A.dim, dout = B.dim, ni = #A.offsets, no = #B.offsets,
                               Q = Q, in_off = A.offsets, out_off = B.offsets}
      end
    end
    local Qb = basis("\0" .. kb, function() return core.enforce_action(B.action) end)
    if Qb then
      blocks[#blocks + 1] = {din = 0, dout = B.dim, no = #B.offsets, Q = Qb, out_off = B.offsets}
    end
  end
  return blocks
end

-- EMLP's bilinear terms as products of whole summands: pairs (a, b) of
-- R's summands, not both scalar, whose tensor product x_a ⊗ x_b the next
-- layer reads beside x (an action R ⊗-summand, so any choice keeps the
-- net equivariant). Chosen round-robin over the pairs of summand types,
-- one pair of copies per type pair per round (copies taken diagonal
-- first), while the products fit in `budget` coordinates. Returns the
-- augmented action and the pairs (0-based offsets and sizes).
local function product_pairs(R, budget)
  local list = R:summands()
  local bytype, order = {}, {}
  for _, s in ipairs(list) do
    local t = bytype[s.key]
    if not t then t = {kind = s.kind, copies = {}}; bytype[s.key] = t; order[#order + 1] = s.key end
    t.copies[#t.copies + 1] = s
  end
  local queues = {}   -- one per type pair: its copy pairs, diagonal first
  for i = 1, #order do
    for j = i, #order do
      local A, B = bytype[order[i]], bytype[order[j]]
      if not (A.kind == "scalar" and B.kind == "scalar") then
        local q = {}
        local na, nb = #A.copies, #B.copies
        for sum = 2, na + nb do
          for a = math.max(1, sum - nb), math.min(na, sum - 1) do
            local b = sum - a
            if i ~= j or a <= b then q[#q + 1] = {A.copies[a], B.copies[b]} end
            if #q >= budget then break end
          end
          if #q >= budget then break end
        end
        queues[#queues + 1] = {pairs = q, next = 1}
      end
    end
  end
  local chosen, used, progress = {}, 0, true
  while progress do
    progress = false
    for _, qu in ipairs(queues) do
      local pr = qu.pairs[qu.next]
      if pr and used + pr[1].dim * pr[2].dim <= budget then
        chosen[#chosen + 1] = pr
        used = used + pr[1].dim * pr[2].dim
        qu.next = qu.next + 1
        progress = true
      end
    end
  end
  if #chosen == 0 then return R, nil end
  local aug, pairs = R, {}
  for _, pr in ipairs(chosen) do
    aug = aug + pr[1].action * pr[2].action
    for _, v in ipairs({pr[1].offset, pr[1].dim, pr[2].offset, pr[2].dim}) do
      pairs[#pairs + 1] = math.tointeger(v)
    end
  end
  return aug, pairs
end

local emlp_keys = {"input", "output", "hidden", "group", "seed", "channels", "layers", "enforce",
                   "bilinear", "residual"}

--- An equivariant MLP.
-- @tparam table opts `input` = R_in, `output` = R_out (Actions of the
-- group), `group` = G, `hidden` = a list of Actions or channel counts
-- (a count becomes `uniform_rep(count, G)`; default: `layers` (3) times
-- `channels` (384)), `seed` (0), `enforce` (default true: false keeps the
-- gated architecture with free weights, a starting point of promote),
-- `residual` (default false: true adds to every equivariant layer a free
-- part, zero at the start — Residual Pathway Priors' architecture, whose
-- residuals promote's penalty then keeps to the symmetry the data allow),
-- `bilinear` (default true: each layer also reads 0.1·x_a ⊗ x_b for
-- pairs of its input's summands, at most max(dim R_in, dim R_out) such
-- coordinates — EMLP's bilinear layer in this form; without products an
-- O(n)-invariant net of vectors is constant, every map from a vector to a
-- scalar being zero).
-- Weights start as EMLP's: a random orthogonal matrix projected onto the
-- layer's equivariant subspace; biases uniform in [0, 1/√width) projected.
-- @treturn Net with fields input, output, hidden (the Actions), group,
-- kind ("emlp", "residual" or "gated"), layer_actions ({input, output} per layer: the
-- actions on its input with the products and on its pre-activations with
-- the gates, which promote's penalty reads)
function M.emlp(opts)
  local fname = "emlp"
  if type(opts) ~= "table" then options.argerr(1, fname, "table expected, got %s", typename(opts)) end
  options.check(opts, 1, fname, emlp_keys)
  local G = rawget(opts, "group")
  if not core.group.is_group(G) then opterr("group", fname, "a Group expected, got %s", typename(G)) end
  local reps = {}
  for _, key in ipairs({"input", "output"}) do
    local R = rawget(opts, key)
    if not action.is_action(R) then opterr(key, fname, "an Action expected, got %s", typename(R)) end
    if not R.G:same(G) then opterr(key, fname, "an action of the group given as 'group'") end
    if R:dim() > 1 << 24 then opterr(key, fname, "at most 2^24 coordinates") end
    reps[key] = R
  end
  local channels = options.integer(opts, "channels", fname, 384, 1, 1 << 20)
  local nlayers = options.integer(opts, "layers", fname, 3, 0, 1023)
  local hidden = options.list(opts, "hidden", fname)
  if hidden and (rawget(opts, "channels") ~= nil or rawget(opts, "layers") ~= nil) then
    opterr("hidden", fname, "give either hidden or channels/layers")
  end
  if not hidden then
    hidden = {}
    for l = 1, nlayers do hidden[l] = channels end
  end
  if #hidden > 1023 then opterr("hidden", fname, "at most 1023 hidden layers") end
  local R_hidden = {}
  for l, h in ipairs(hidden) do
    if math.type(h) == "integer" and h >= 1 and h <= 1 << 20 then
      R_hidden[l] = M.uniform_rep(h, G)
    elseif action.is_action(h) and h.G:same(G) then
      R_hidden[l] = h
    else
      opterr("hidden", fname, "entry %d: an Action of the group or a channel count expected, got %s",
             l, typename(h))
    end
  end
  local enforce = options.boolean(opts, "enforce", fname, true)
  local bilinear = options.boolean(opts, "bilinear", fname, true)
  local residual = options.boolean(opts, "residual", fname, false)
  if residual and not enforce then
    opterr("residual", fname, "a residual needs enforce = true (its equivariant part)")
  end
  local seed = options.integer(opts, "seed", fname, 0, 0)
  local chain = {reps.input}
  for l = 1, #R_hidden do chain[#chain + 1] = R_hidden[l] end
  chain[#chain + 1] = reps.output
  local layers, cache, acts = {}, {}, {}
  for l = 2, #chain do
    local last = l == #chain
    local tout, oout, gate, w, z = gated_output(chain[l], G, not last)
    local layer = {width = w, zwidth = z}
    local Rin = chain[l - 1]
    if bilinear then
      local aug, pairs = product_pairs(Rin, math.max(Rin:dim(), chain[l]:dim()))
      Rin, layer.pairs = aug, pairs
    end
    local tin, oin = group_summands(Rin)
    local Rz = chain[l]
    if z > w then Rz = Rz + (z - w) * action.trivial(G) end   -- the gates, last
    acts[l - 1] = {input = Rin, output = Rz}
    if gate then
      for i = 1, #gate do gate[i] = math.tointeger(gate[i]) end
      layer.gate = gate
    end
    if enforce then
      layer.residual = residual
      layer.blocks = layer_blocks(tin, oin, tout, oout, cache)
      local maps = 0
      for _, blk in ipairs(layer.blocks) do if blk.din > 0 then maps = maps + 1 end end
      if maps == 0 then
        options.raise("emlp: layer %d has no equivariant map from %s to %s (the net would ignore its input)",
                      l - 1, tostring(chain[l - 1]), tostring(chain[l]))
      end
    end
    layers[#layers + 1] = layer
  end
  local net = core.nn_layers(reps.input:dim(), layers, "swish", "orthogonal", seed)
  net.input, net.output, net.group = reps.input, reps.output, G
  net.hidden = R_hidden
  net.layer_actions = acts   -- each layer's input (with products) and pre-activations (with gates)
  net.kind = residual and "residual" or enforce and "emlp" or "gated"
  return net
end

return M
