-- Promote on nets: the layers' Lie-derivative operator against the
-- commutators written out densely; zero on an emlp's weights (copied into
-- the same architecture with free weights, which then computes the same
-- function); the projection onto a symmetry is the orthogonal projector
-- (idempotent, its change orthogonal to what it keeps); a residual net
-- starts as the emlp it extends; trained with promote on a target with
-- one symmetry (|x|² + x₃/2: the rotations about z only) it keeps that
-- one, exactly after the snap, where the same net trained without the
-- penalty keeps none.
local ls = require "liesym"
local support = require "spec.support"

local G = ls.group.SO(3)
local V, S = ls.action.V(G), ls.action.trivial(G)

-- column i of the layers' operator, written out: W dρ_in − dρ_out W and
-- −dρ_out b of every layer, stacked
local function commutators(net, i)
  local parts = {}
  for l, L in ipairs(net:weights()) do
    local A, D = net.layer_actions[l].input:drho(i), net.layer_actions[l].output:drho(i)
    local C = L.W * A - D * L.W
    parts[#parts + 1] = C:reshape(C:rows() * C:cols(), 1)
    parts[#parts + 1] = D * L.b * -1
  end
  return ls.vcat(parts)
end

-- the operator's columns at the net's parameters against the commutators
local function check_operator(net, tol)
  local B = ls.nn.lie_operator(net, G.algebra):apply(net:parameters())
  for i = 1, 3 do
    local want = commutators(net, i)
    support.assert_small((B:col(i) - want):norm() / want:norm(), tol, "generator " .. i)
  end
end

-- a net's dense weights as its parameter vector (W_1, b_1, W_2, ...)
local function flat(weights)
  local cols = {}
  for _, L in ipairs(weights) do
    cols[#cols + 1] = L.W:reshape(L.W:rows() * L.W:cols(), 1)
    cols[#cols + 1] = L.b
  end
  return ls.vcat(cols)
end

describe("ls.nn.lie_operator", function()
  local function gated(enforce, seed)
    return ls.nn.emlp{input = S + V, output = V, group = G, hidden = {2 * S + V + V * V}, seed = seed,
                      enforce = enforce}
  end

  it("is the layers' commutators W dρ_in − dρ_out W and −dρ_out b, stacked", function()
    local net = gated(false, 1)
    net:set_parameters(ls.randn(net:nparams(), 1, ls.rng(2)))
    check_operator(net, 1e-14)
  end)

  it("vanishes on an emlp's weights, which the free architecture reproduces", function()
    local eq, free = gated(true, 3), gated(false, 3)
    local theta = flat(eq:weights())
    free:set_parameters(theta)
    local X = ls.randn(9, 4, ls.rng(4))
    support.assert_small((free:forward(X) - eq:forward(X)):norm() / eq:forward(X):norm(), 1e-14,
                         "same function")
    local op = ls.nn.lie_operator(free, G.algebra)
    support.assert_small(op:apply(theta):norm() / theta:norm(), 1e-14, "equivariant layers")
    -- and not on random weights
    assert.is_true(op:apply(ls.randn(free:nparams(), 1, ls.rng(5))):norm() > 1)
  end)

  it("projects onto a symmetry orthogonally", function()
    local net = gated(false, 6)
    local op = ls.nn.lie_operator(net, G.algebra)
    local N = ls.matrix{{0}, {0}, {1}}   -- the third generator
    local t1, t2 = ls.randn(net:nparams(), 1, ls.rng(7)), ls.randn(net:nparams(), 1, ls.rng(8))
    local P1, r1 = op:project_null(t1, N)
    local P2 = op:project_null(t2, N)
    support.assert_small(r1, 1e-12, "residual reported")
    support.assert_small((op:apply(P1) * N):norm() / (op:apply(t1) * N):norm(), 1e-12, "B(P t) N = 0")
    support.assert_small((op:project_null(P1, N) - P1):norm() / P1:norm(), 1e-12, "idempotent")
    -- t − P t is orthogonal to the null space, which P t2 lies in
    support.assert_small(math.abs(ls.dot(t1 - P1, P2)) / ((t1 - P1):norm() * P2:norm()), 1e-10,
                         "orthogonal")
  end)
end)

describe("promote in ls.nn.train", function()
  local function target(X) return X:hadamard(X) * ls.ones(3, 1) + X:sub(1, X:rows(), 3, 3) * 0.5 end

  it("starts a residual net as its emlp, with the same gradients as finite differences", function()
    local spec = {input = V, output = S, group = G, hidden = {S + V + V * V}, seed = 5}
    local eq = ls.nn.emlp(spec)
    spec.residual = true
    local res = ls.nn.emlp(spec)
    local X = ls.randn(6, 3, ls.rng(1))
    assert.are.equal(0, (res:forward(X) - eq:forward(X)):norm())
    assert.is_true(res:nparams() > eq:nparams())
    -- the operator sees the residual only: on the dense weights, the commutators
    res:set_parameters(ls.randn(res:nparams(), 1, ls.rng(2)))
    check_operator(res, 1e-13)
    -- the loss gradient through blocks and residuals
    local Y = ls.randn(6, 1, ls.rng(3))
    support.assert_small(support.loss_gradient_error(res, ls.nn.emlp(spec), X, Y, 7), 1e-6,
                         "residual gradient")
  end)

  it("keeps the symmetry the data have, and the plain net none", function()
    local X = ls.randn(200, 3, ls.rng(1))
    local Y = target(X)
    local Xt = ls.randn(300, 3, ls.rng(2))
    local function trained(gamma)
      local net = ls.nn.emlp{input = V, output = S, group = G, hidden = {24}, seed = 1, residual = true}
      local o = {epochs = 300, batch = 50, lr = 3e-3}
      if gamma then o.promote = {candidate = G.algebra, gamma = gamma, rtol = 0.02} end
      return net, ls.nn.train(net, X, Y, o)
    end
    local net, h = trained(0.1)
    local sub = h.promote.subalgebra
    assert.are.equal(1, sub:dim())
    -- the rotations about z: the kept combination is e_z
    support.assert_small(1 - math.abs(sub.N:get(3, 1)), 1e-3, "about z")
    assert.is_true(h.promote.snapped)
    support.assert_small(h.promote.residual, 1e-12, "snap's residual")
    local after = ls.discover(net, G.algebra, {points = Xt, input = net.input, output = net.output})
    assert.are.equal(1, after:dim())
    local sv = after:spectrum().values
    support.assert_small(sv[3] / sv[1], 1e-12, "exactly symmetric after the snap")
    -- the same net without the penalty, and a plain MLP: no symmetry at the
    -- same threshold
    local plain = trained(nil)
    assert.are.equal(0, ls.discover(plain, G.algebra, {points = X, input = plain.input,
                                                       output = plain.output, rtol = 0.02}):dim())
    local mlp = ls.nn.mlp{inputs = 3, outputs = 1, hidden = {32, 32}, seed = 1}
    ls.nn.train(mlp, X, Y, {epochs = 300, batch = 50, lr = 3e-3})
    assert.are.equal(0, ls.discover(mlp, G.algebra, {points = X, input = V, output = S,
                                                     rtol = 0.02}):dim())
  end)
end)
