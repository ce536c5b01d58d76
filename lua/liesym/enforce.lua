--- Enforce: the vectors fixed by an action (for `hom(A, B)`: the
-- equivariant linear maps A → B), and checks of equivariance.
--
-- A fixed vector v satisfies dρ(e_i)·v = 0 for every algebra generator and
-- ρ(h_j)·v = v for every discrete generator. The action tree goes to the C
-- solver whole: signed-permutation actions are solved exactly by orbits,
-- tensor products by their factors (the weight-space reduction, the SVD
-- of the stacked constraint, a Gram eigen-solve, or a matrix-free
-- iteration), direct sums once per distinct summand (or pair of summands
-- for hom), kept block-structured.
--
-- @module liesym.enforce

local core = require "liesym.core"
local subspace = require "liesym.subspace"
local options = require "liesym.options"

local M = {}

--- The subspace of vectors fixed by the action R (see `enforce_action` in
-- the C module: method choice, tolerances and the rank decision live in
-- src/core/fixed.c and fixed_block.c).
-- @tparam Action R
-- @tparam[opt] table opts {method, tol, rtol, rank, min_gap, block, maxit}
-- @treturn Subspace
M.enforce_action = core.enforce_action

local function max_rel_error(W, Rin, Rout, g)
  local lhs = Rout:apply(g, W)                   -- ρ_out(g)·W
  local rhs = Rin:apply_transpose(g, W:T()):T()  -- W·ρ_in(g)
  local nw = W:norm()
  return nw > 0 and (lhs - rhs):norm() / nw or 0
end

--- Largest relative error ‖ρ_out(g)·W − W·ρ_in(g)‖ / ‖W‖ over sampled g;
-- for a net, `check_equivariance(net, G, {input, output, points,
-- samples})`, the error of its function (liesym.nn).
-- W may be a matrix (dim R_out × dim R_in), a vector vec(W), or a Subspace
-- of hom(R_in, R_out) (every basis vector is checked).
-- @tparam Matrix|Subspace W the map(s) to check
-- @tparam Action Rin the action on the input space
-- @tparam Action Rout the action on the output space
-- @tparam Group G the group to sample
-- @tparam[opt] table opts {samples = k (default 5), rng = rng}
-- @treturn number the largest relative error
function M.check_equivariance(W, Rin, Rout, G, opts)
  local nn = require "liesym.nn"
  if nn.is_net(W) then return nn.check_equivariance(W, Rin, Rout) end
  opts = options.check(opts, 5, "check_equivariance", {"samples", "rng"})
  local samples = options.integer(opts, "samples", "check_equivariance", 5, 1, 1e6)
  local rng = rawget(opts, "rng") or core.rng(1)
  if options.typename(rng) ~= "rng" then
    options.opterr("rng", "check_equivariance", "an Rng expected, got %s", options.typename(rng))
  end
  for i = 1, 2 do   -- not ipairs: a nil Rin would end the loop unchecked
    local R = Rout
    if i == 1 then R = Rin end
    if not core.action.is_action(R) then
      options.argerr(i + 1, "check_equivariance", "action expected, got %s", options.typename(R))
    end
  end
  if not core.group.is_group(G) then
    options.argerr(4, "check_equivariance", "group expected, got %s", options.typename(G))
  end
  local din, dout = Rin:dim(), Rout:dim()
  local maps = {}
  if subspace.is_subspace(W) then
    local Q = W:basis()
    for j = 1, Q:cols() do maps[j] = Q:col(j):reshape(dout, din) end
  elseif core.ismatrix(W) then
    if W:rows() * W:cols() ~= din * dout then
      options.raise("shape mismatch in 'check_equivariance': %dx%d map for a %d -> %d action",
                    W:rows(), W:cols(), din, dout)
    end
    maps[1] = W:reshape(dout, din)
  else
    options.argerr(1, "check_equivariance", "matrix or subspace expected, got %s",
                   options.typename(W))
  end
  local worst = 0
  for _ = 1, samples do
    local g = G:sample(rng)
    for _, Wm in ipairs(maps) do
      local e = max_rel_error(Wm, Rin, Rout, g)
      if e > worst then worst = e end
    end
  end
  return worst
end

return M
