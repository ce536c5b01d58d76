--- Enforce: the vectors fixed by an action (for `hom(A, B)`: the
-- equivariant linear maps A → B), and checks of equivariance.
--
-- A fixed vector v satisfies dρ(e_i)·v = 0 for every algebra generator and
-- ρ(h_j)·v = v for every discrete generator. Tensor products go to the C
-- solver as their factors (Kronecker structure applied matrix-free; SVD of
-- the stacked constraint up to dimension 300, a Gram eigen-solve above);
-- direct sums are solved once per distinct summand (or pair of summands
-- for hom) and kept block-structured.
--
-- @module liesym.enforce

local core = require "liesym.core"
local action = require "liesym.action"
local subspace = require "liesym.subspace"

local M = {}

local function solve_dense(R, opts, cache)
  local key = R:key()
  if cache[key] then return cache[key] end
  local factors = {}
  for i, f in ipairs(R:factors()) do
    factors[i] = {dim = f.d, drho = f.drho_list, rho = f.rho_list}
  end
  local Q, info = core.fixed_space(factors, opts)
  local S = subspace.dense(Q, info)
  cache[key] = S
  return S
end

-- the summands of A as {offset, size, type} with a type per distinct key
local function layout(A, types)
  local parts = (A.kind == "sum") and A.parts or {A}
  local out, off = {}, 0
  for i, p in ipairs(parts) do
    local k = p:key()
    if not types[k] then types[k] = p end
    out[i] = {offset = off, size = p:dim(), type = k}
    off = off + p:dim()
  end
  return out, off
end

local function solve(R, opts, cache)
  if R.kind == "sum" then
    local parts = {}
    for i, p in ipairs(R.parts) do parts[i] = solve(p, opts, cache) end
    return subspace.sum(parts)
  end
  if R.kind == "hom" then
    local from_types, to_types = {}, {}
    local cols, ncols = layout(R.from, from_types)
    local rows, nrows = layout(R.to, to_types)
    local pair = {}
    for tk, B in pairs(to_types) do
      pair[tk] = {}
      for fk, A in pairs(from_types) do
        pair[tk][fk] = solve(action.hom(A, B), opts, cache)
      end
    end
    return subspace.hom(rows, cols, pair, nrows, ncols)
  end
  return solve_dense(R, opts, cache)
end

--- The subspace of vectors fixed by the action R.
-- @tparam Action R
-- @tparam[opt] table opts {tol = threshold on the constraint's singular
-- values (default relative to the largest and the size), method = "svd"|"gram"}
-- @treturn Subspace
function M.enforce_action(R, opts)
  return solve(R, opts or {}, {})
end

local function max_rel_error(W, Rin, Rout, g)
  local lhs = Rout:apply(g, W)                   -- ρ_out(g)·W
  local rhs = Rin:apply_transpose(g, W:T()):T()  -- W·ρ_in(g)
  local nw = W:norm()
  return nw > 0 and (lhs - rhs):norm() / nw or 0
end

--- Largest relative error ‖ρ_out(g)·W − W·ρ_in(g)‖ / ‖W‖ over sampled g.
-- W may be a matrix (dim R_out × dim R_in), a vector vec(W), or a Subspace
-- of hom(R_in, R_out) (every basis vector is checked).
-- @tparam Matrix|Subspace W the map(s) to check
-- @tparam Action Rin the action on the input space
-- @tparam Action Rout the action on the output space
-- @tparam Group G the group to sample
-- @tparam[opt] table opts {samples = k (default 5), rng = rng}
-- @treturn number the largest relative error
function M.check_equivariance(W, Rin, Rout, G, opts)
  opts = opts or {}
  local rng = opts.rng or core.rng(1)
  local samples = opts.samples or 5
  local din, dout = Rin:dim(), Rout:dim()
  local maps = {}
  if subspace.is_subspace(W) then
    local Q = W:basis()
    for j = 1, Q:cols() do maps[j] = Q:col(j):reshape(dout, din) end
  elseif core.ismatrix(W) then
    if W:rows() * W:cols() ~= din * dout then
      error(("shape mismatch in 'check_equivariance': %dx%d map for a %d -> %d action")
            :format(W:rows(), W:cols(), din, dout), 2)
    end
    maps[1] = W:reshape(dout, din)
  else
    error(("bad argument #1 to 'check_equivariance' (matrix or subspace expected, got %s)")
          :format(type(W)), 2)
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
