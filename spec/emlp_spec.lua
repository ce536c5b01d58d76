-- ls.nn.emlp: equivariant MLPs. Checks: EMLP's channel allocation against
-- its closed form; the loss gradient (through gates, products and block
-- coefficients) and the Jacobian against central finite differences;
-- equivariance to rounding for SO(3), O(3), O(5), SO(2) on mixed tensor
-- representations and for S(n) on sets, before and after training, where
-- the same architecture with free weights is not equivariant; save and
-- load exact; the algebra discovered in a trained emlp is its group's, and
-- in a plain MLP trained on O5Synthetic so(5) inside gl(5).
local ls = require "liesym"
local support = require "spec.support"

-- the summand dimensions of R, counted
local function census(R)
  local c = {}
  for _, s in ipairs(R:summands()) do c[s.dim] = (c[s.dim] or 0) + 1 end
  return c
end

describe("ls.nn.uniform_rep", function()
  it("allocates channels as EMLP's closed form", function()
    -- ch = 384, d = 5: the largest r with (r+1) 5^r <= ch is 2 (75), five
    -- times (375), then 9 rank-0 channels: 5(25, 5, 1) + (9, 0, 0)
    local c = census(ls.nn.uniform_rep(384, ls.group.O(5)))
    assert.are.same({[1] = 134, [5] = 25, [25] = 5}, c)
    -- d = 3: r = 3 (108) three times (324), r = 2 (27) twice (378), r = 1 (6)
    -- once: 3(27, 9, 3, 1) + 2(9, 3, 1) + (3, 1) = (102, 34, 11, 3)
    c = census(ls.nn.uniform_rep(384, ls.group.O(3)))
    assert.are.same({[1] = 102, [3] = 34, [9] = 11, [27] = 3}, c)
    assert.are.equal(384, ls.nn.uniform_rep(384, ls.group.O(3)):dim())
  end)
end)

describe("ls.nn.emlp", function()
  local G3 = ls.group.SO(3)
  local V3, S3 = ls.action.V(G3), ls.action.trivial(G3)

  -- the gradient by one SGD step of lr 1, against central differences
  local function check_gradient(make, X, Y, what)
    local net = make()
    local h = 1e-6
    support.assert_small(support.loss_gradient_error(net, make(), X, Y, math.max(1, net:nparams() // 60)),
                         1e-6, what .. " gradient")
    -- the Jacobian and jvp against differences of forward
    local J = net:jacobian(X)
    local nin, nout = X:cols(), Y:cols()
    local err, scale = 0, 0
    for i = 1, nin do
      local E = ls.zeros(X:rows(), nin)
      for p = 1, X:rows() do E:set(p, i, h) end
      local D = (net:forward(X + E) - net:forward(X - E)) * (1 / (2 * h))
      for p = 1, X:rows() do
        for o = 1, nout do
          err = math.max(err, math.abs(D:get(p, o) - J:get((p - 1) * nout + o, i)))
          scale = math.max(scale, math.abs(D:get(p, o)))
        end
      end
    end
    support.assert_small(err / scale, 1e-6, what .. " Jacobian")
    local Vd = ls.randn(X:rows(), nin, ls.rng(7))
    local JV = net:jvp(X, Vd)
    for p = 1, X:rows() do
      local Jp = J:sub((p - 1) * nout + 1, p * nout, 1, nin)
      support.assert_small((Jp * Vd:row(p):T() - JV:row(p):T()):norm(), 1e-10, what .. " jvp")
    end
  end

  it("has the gradient and Jacobian of finite differences (gates, products, blocks)", function()
    local X = ls.randn(5, 2 + 3 + 9, ls.rng(1))
    local Y = ls.randn(5, 3, ls.rng(2))
    local hidden = {2 * S3 + 2 * V3 + V3 * V3}
    for _, enforce in ipairs{true, false} do
      check_gradient(function()
        return ls.nn.emlp{input = 2 * S3 + V3 + V3 * V3, output = V3, group = G3, hidden = hidden,
                          seed = 4, enforce = enforce}
      end, X, Y, enforce and "emlp" or "gated")
    end
  end)

  -- equivariance error before and after a short training on random targets
  local function trained_error(net, G, nin, nout)
    local before = ls.check_equivariance(net, G, {samples = 4})
    local X, Y = ls.randn(64, nin, ls.rng(3)), ls.randn(64, nout, ls.rng(4))
    ls.nn.train(net, X, Y, {epochs = 15, batch = 16, lr = 3e-3})
    return before, ls.check_equivariance(net, G, {samples = 4})
  end

  it("is equivariant to rounding for SO(3), O(3), O(5), SO(2) and S(n), before and after training",
     function()
    local cases = {}
    for _, G in ipairs{ls.group.SO(3), ls.group.O(3)} do
      local V, S = ls.action.V(G), ls.action.trivial(G)
      cases[#cases + 1] = {G, 2 * S + V + V * V, V * V, {3 * S + 2 * V + V * V, 2 * S + 2 * V}}
    end
    local G5 = ls.group.O(5)
    local V5 = ls.action.V(G5)
    cases[#cases + 1] = {G5, 2 * V5, ls.action.trivial(G5), {40}}
    local G2 = ls.group.SO(2)
    local V2 = ls.action.V(G2)
    cases[#cases + 1] = {G2, V2 + V2 * V2, V2, {24, 24}}
    local GS = ls.group.S(5)
    local P, T = ls.action.V(GS), ls.action.trivial(GS)
    cases[#cases + 1] = {GS, P, T, {3 * P + 2 * T}}       -- a set to an invariant
    cases[#cases + 1] = {GS, P + T, P, {2 * P + P * P}}   -- a set to a set
    for i, c in ipairs(cases) do
      local G, Rin, Rout, hidden = c[1], c[2], c[3], c[4]
      local net = ls.nn.emlp{input = Rin, output = Rout, group = G, hidden = hidden, seed = i}
      local before, after = trained_error(net, G, Rin:dim(), Rout:dim())
      support.assert_small(before, 1e-12, "case " .. i .. " before training")
      support.assert_small(after, 1e-12, "case " .. i .. " after training")
      -- the same architecture with free weights is not equivariant
      local free = ls.nn.emlp{input = Rin, output = Rout, group = G, hidden = hidden, seed = i,
                              enforce = false}
      local _, e = trained_error(free, G, Rin:dim(), Rout:dim())
      assert.is_true(e > 1e-3, "case " .. i .. ": free weights give " .. e)
      assert.is_true(net:nparams() < free:nparams())
    end
  end)

  it("saves and loads exactly", function()
    local net = ls.nn.emlp{input = S3 + 2 * V3, output = V3 * V3, group = G3, hidden = {16}, seed = 2}
    local path = os.tmpname()
    net:save(path)
    local l = ls.nn.load(path)
    os.remove(path)
    local X = ls.randn(7, 7, ls.rng(1))
    assert.are.equal(0, (l:forward(X) - net:forward(X)):norm())
    assert.are.equal(0, (l:parameters() - net:parameters()):norm())
    assert.are.equal(net:nparams(), l:nparams())
  end)

  it("keeps its group's algebra among the symmetries discover finds", function()
    local G = ls.group.O(3)
    local V, S = ls.action.V(G), ls.action.trivial(G)
    local net = ls.nn.emlp{input = S + 2 * V, output = V * V, group = G, hidden = {20}, seed = 3}
    local X = ls.randn(40, 7, ls.rng(5))
    ls.nn.train(net, X, ls.randn(40, 9, ls.rng(6)), {epochs = 10, batch = 10, lr = 3e-3})
    local sub = ls.discover(net, G.algebra, {points = X, input = net.input, output = net.output})
    assert.are.equal(3, sub:dim())
    -- the same architecture with free weights, trained alike: no symmetry
    local free = ls.nn.emlp{input = S + 2 * V, output = V * V, group = G, hidden = {20}, seed = 3,
                            enforce = false}
    ls.nn.train(free, X, ls.randn(40, 9, ls.rng(6)), {epochs = 10, batch = 10, lr = 3e-3})
    assert.are.equal(0, ls.discover(free, G.algebra, {points = X, input = free.input,
                                                      output = free.output}):dim())
  end)

  -- #heavy: a trained MLP (seconds; minutes under valgrind)
  it("a plain MLP trained on O5Synthetic learns so(5) inside gl(5) #heavy", function()
    local X, Y = ls.nn.datasets.o5synthetic(2000, ls.rng(1))
    local net = ls.nn.mlp{inputs = 10, outputs = 1, hidden = {128, 128}, seed = 1}
    ls.nn.train(net, X, Y, {epochs = 200, batch = 64, lr = 3e-3, schedule = "cosine"})
    local GL = ls.group.GL(5)
    local V = ls.action.V(GL)
    local Xt = ls.nn.datasets.o5synthetic(300, ls.rng(2))
    local sub = ls.discover(net, GL.algebra, {points = Xt, input = 2 * V, rtol = 0.05})
    assert.are.equal(10, sub:dim())
    local v = sub:spectrum().values
    assert.is_true(v[15] / v[16] > 10, "the gap at the cut: " .. v[15] / v[16])
    -- what it kept is so(5): antisymmetric to the net's accuracy
    for i, A in ipairs(sub:generators()) do
      assert.is_true((A + A:T()):norm() < 0.05 * A:norm(), "generator " .. i)
    end
  end)

  it("rejects bad input with the option's name", function()
    local G = ls.group.O(3)
    local V = ls.action.V(G)
    for _, c in ipairs{
      {"table expected", ls.nn.emlp, 3},
      {"bad option 'group'", ls.nn.emlp, {input = V, output = V}},
      {"bad option 'input'", ls.nn.emlp, {input = 3, output = V, group = G}},
      {"bad option 'output'", ls.nn.emlp, {input = V, output = V3, group = G}},
      {"bad option 'hidden'", ls.nn.emlp, {input = V, output = V, group = G, hidden = {0}}},
      {"bad option 'hidden'", ls.nn.emlp, {input = V, output = V, group = G, hidden = {V3}}},
      {"bad option 'hidden'", ls.nn.emlp, {input = V, output = V, group = G, hidden = {8}, layers = 2}},
      {"bad option 'channel'", ls.nn.emlp, {input = V, output = V, group = G, channel = 8}},
      {"bad option 'enforce'", ls.nn.emlp, {input = V, output = V, group = G, enforce = 1}},
      {"no equivariant map", ls.nn.emlp, {input = V, output = V * V, group = G, hidden = {},
                                          bilinear = false}},
      {"uniform_rep", ls.nn.uniform_rep, 0, G},
      {"group expected", ls.nn.uniform_rep, 8, V},
    } do support.expect_error(c[1], c[2], table.unpack(c, 3)) end
  end)
end)
