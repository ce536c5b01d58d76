-- ls.nn: multilayer perceptrons. Checks: the gradient of the loss and the
-- Jacobian against central finite differences for every activation; the
-- Jacobian-vector product against the Jacobian; a training run that
-- fits a smooth function, identical for a seed and different for
-- another; save and load exact to the last bit; progress and max_time
-- stop the loop; the symmetries of a net trained on |x|^2 inside gl(3)
-- are so(3), with the spectrum's gap.
local ls = require "liesym"
local support = require "spec.support"

local function mse(A, B) return ((A - B):norm() ^ 2) / (A:rows() * A:cols()) end

describe("ls.nn.mlp", function()
  it("has the loss gradient and Jacobian of finite differences, for every activation", function()
    for _, act in ipairs{"swish", "relu", "tanh", "sigmoid"} do
      local net = ls.nn.mlp{inputs = 3, outputs = 2, hidden = {7, 5}, activation = act, seed = 3}
      assert.are.equal(3 * 7 + 7 + 7 * 5 + 5 + 5 * 2 + 2, net:nparams())
      local X, Y = ls.randn(6, 3, ls.rng(1)), ls.randn(6, 2, ls.rng(2))
      local probe = ls.nn.mlp{inputs = 3, outputs = 2, hidden = {7, 5}, activation = act, seed = 3}
      local gerr = support.loss_gradient_error(net, probe, X, Y, 7)
      -- relu's kink: finite differences across it are off; the points are generic
      support.assert_small(gerr, act == "relu" and 1e-5 or 1e-7, act .. " gradient")
      local J = net:jacobian(X)
      local h, err = 1e-6, 0
      for i = 1, 3 do
        local E = ls.zeros(6, 3)
        for p = 1, 6 do E:set(p, i, h) end
        local D = (net:forward(X + E) - net:forward(X - E)) * (1 / (2 * h))
        for p = 1, 6 do
          for o = 1, 2 do err = math.max(err, math.abs(D:get(p, o) - J:get((p - 1) * 2 + o, i))) end
        end
      end
      support.assert_small(err, 1e-7, act .. " Jacobian")
      -- jvp: row p is J_p v_p
      local V = ls.randn(6, 3, ls.rng(5))
      local JV, F = net:jvp(X, V)
      support.assert_small((F - net:forward(X)):norm(), 0, "jvp's values")
      for p = 1, 6 do
        local Jp = J:sub(2 * p - 1, 2 * p, 1, 3)
        support.assert_small((Jp * V:row(p):T() - JV:row(p):T()):norm(), 1e-12, "jvp")
      end
    end
  end)

  -- #heavy: minutes of training under valgrind (the ASan run keeps it)
  it("trains deterministically for a seed, and saves and loads to the last bit #heavy", function()
    local X = ls.randn(200, 2, ls.rng(7))
    local Y = ls.hcat{X:col(1):map(math.sin) + X:col(2):hadamard(X:col(2)) * 0.5}
    local function run(seed)
      local net = ls.nn.mlp{inputs = 2, outputs = 1, hidden = {32, 32}, seed = 1}
      local h = ls.nn.train(net, X, Y, {epochs = 150, lr = 3e-3, seed = seed, validation = {X, Y}})
      return net, h
    end
    local a, ha = run(1)
    local b = run(1)
    local c = run(2)
    assert.are.equal(0, (a:parameters() - b:parameters()):norm())
    assert.is_true((a:parameters() - c:parameters()):norm() > 0)
    assert.are.equal(150, ha.epochs)
    assert.are.equal("epochs", ha.reason)
    assert.is_true(ha.train:get(150, 1) < 0.05 * ha.train:get(1, 1))
    support.assert_small(math.abs(ha.validation:get(150, 1) - mse(a:forward(X), Y)), 1e-12, "validation")
    local path = os.tmpname()
    a:save(path)
    local l = ls.nn.load(path)
    os.remove(path)
    assert.are.equal(0, (l:parameters() - a:parameters()):norm())
    assert.are.same({a:layout()}, {l:layout()})
    -- cosine schedule and SGD run too
    local net = ls.nn.mlp{inputs = 2, outputs = 1, hidden = {8}, seed = 2}
    local h = ls.nn.train(net, X, Y, {epochs = 20, schedule = "cosine", optimizer = "sgd", lr = 1e-2})
    assert.is_true(h.train:get(20, 1) < h.train:get(1, 1))
  end)

  it("stops when progress returns true or max_time passes", function()
    local X, Y = ls.randn(64, 2, ls.rng(1)), ls.randn(64, 1, ls.rng(2))
    local net = ls.nn.mlp{inputs = 2, outputs = 1, hidden = {8}}
    local seen = 0
    local h = ls.nn.train(net, X, Y, {epochs = 100, progress = function(e) seen = e; return e == 5 end})
    assert.are.equal(5, h.epochs)
    assert.are.equal(5, seen)
    assert.are.equal("progress", h.reason)
    local big = ls.nn.mlp{inputs = 2, outputs = 1, hidden = {32, 32}}
    local t0 = ls.clock()
    local hb = ls.nn.train(big, ls.randn(256, 2, ls.rng(3)), ls.randn(256, 1, ls.rng(4)),
                           {epochs = 10000000, max_time = 0.3})
    assert.are.equal("max_time", hb.reason)
    assert.is_true(ls.clock() - t0 < 10)
    local ok, err = pcall(ls.nn.train, net, X, Y, {progress = function() error("from progress") end})
    assert.is_false(ok)
    assert.truthy(tostring(err):find("from progress", 1, true))
  end)

  it("discovers so(3) inside gl(3) in a net trained on |x|^2 #heavy", function()
    local net = ls.nn.mlp{inputs = 3, outputs = 1, hidden = {32, 32}, seed = 2}
    local X = ls.randn(1000, 3, ls.rng(4))
    local Y = X:hadamard(X) * ls.ones(3, 1)
    ls.nn.train(net, X, Y, {epochs = 300, batch = 64, lr = 3e-3})
    local s = ls.discover(net, ls.lie.gl(3), {points = X:sub(1, 200, 1, 3), rtol = 0.05})
    assert.are.equal(3, s:dim())
    local v = s:spectrum().values
    assert.is_true(v[6] / v[7] > 20, "a gap between the six broken and three kept")
    -- the kept generators are antisymmetric: so(3)
    for _, G in ipairs(s:generators()) do
      support.assert_small((G + G:T()):norm() / G:norm(), 0.05, "antisymmetric")
    end
  end)

  it("saves and loads to the last bit", function()
    local net = ls.nn.mlp{inputs = 2, outputs = 3, hidden = {5, 4}, activation = "tanh", seed = 9}
    local path = os.tmpname()
    net:save(path)
    local l = ls.nn.load(path)
    os.remove(path)
    assert.are.equal(0, (l:parameters() - net:parameters()):norm())
    assert.are.same({net:layout()}, {l:layout()})
  end)

  it("measures equivariance: a random net is far from O(5)-invariant, a trivial action is exact", function()
    local G = ls.group.O(5)
    local V = ls.action.V(G)
    local net = ls.nn.mlp{inputs = 10, outputs = 1, hidden = {16}, seed = 4}
    assert.is_true(ls.check_equivariance(net, G, {input = V + V}) > 0.1)
    local one = ls.nn.mlp{inputs = 1, outputs = 1, hidden = {4}}
    assert.are.equal(0, ls.check_equivariance(one, G, {input = ls.action.trivial(G)}))
    -- the error is F(rho(g) x) - F(x) itself: rebuild it for one element
    local g = G:sample(ls.rng(1))
    local X = ls.randn(64, 10, ls.rng(2))
    local R = (V + V):rho_of(g)
    local e = (net:forward(X * R:T()) - net:forward(X)):norm() / net:forward(X):norm()
    local worst = ls.check_equivariance(net, G, {input = V + V, points = X, samples = 1, rng = ls.rng(1)})
    support.assert_small(math.abs(worst - e), 1e-12, "one sample")
    support.expect_error("an action on R^10 expected", ls.check_equivariance, net, G, {input = V})
    -- the matrix form checks its actions too, a nil one included (the fuzz harness's finding)
    support.expect_error("bad argument #2 to 'check_equivariance' %(action expected, got nil%)",
                         ls.check_equivariance, ls.eye(2), nil, V, G)
  end)

  it("refuses bad arguments", function()
    local net = ls.nn.mlp{inputs = 2, outputs = 1, hidden = {4}}
    for _, c in ipairs{
      {"table expected", ls.nn.mlp, 3},
      {"bad option 'inputs'", ls.nn.mlp, {outputs = 1}},
      {"bad option 'hidden'", ls.nn.mlp, {inputs = 1, outputs = 1, hidden = {0}}},
      {"bad option 'activation'", ls.nn.mlp, {inputs = 1, outputs = 1, activation = "gelu"}},
      {"bad option 'layers'", ls.nn.mlp, {inputs = 1, outputs = 1, layers = 2}},
      {"inputs: a matrix with 2 columns", net.forward, net, ls.ones(3, 3)},
      {"NaN or Inf", net.forward, net, ls.ones(3, 2) * (0 / 0)},
      {"a matrix of 17 entries", net.set_parameters, net, ls.ones(3, 1)},
      {"net expected", ls.nn.train, {}, ls.ones(3, 2), ls.ones(3, 1)},
      {"targets", ls.nn.train, net, ls.ones(3, 2), ls.ones(4, 1)},
      {"bad option 'lr'", ls.nn.train, net, ls.ones(3, 2), ls.ones(3, 1), {lr = 0}},
      {"bad option 'validation'", ls.nn.train, net, ls.ones(3, 2), ls.ones(3, 1), {validation = 1}},
      {"bad option 'epoch'", ls.nn.train, net, ls.ones(3, 2), ls.ones(3, 1), {epoch = 1}},
      {"cannot open", ls.nn.load, "/nonexistent/net.txt"},
      {"bad option 'points'", ls.discover, net, ls.lie.gl(2), {}},
      {"bad option 'input'", ls.discover, net, ls.lie.gl(2), {points = ls.ones(3, 2), input = 1}},
      {"net expected as self", net.jacobian, {}, ls.ones(1, 2)},
    } do
      support.expect_error(c[1], c[2], table.unpack(c, 3))
    end
    local path = os.tmpname()
    local f = io.open(path, "w"); f:write("liesym-mlp 1\nswish\n3 2 4 1\n0.5\n"); f:close()
    support.expect_error("fewer than 17 finite parameters", ls.nn.load, path)
    os.remove(path)
  end)
end)

describe("ls.nn.datasets", function()
  -- a random orthogonal matrix from the QR factorisation of a Gaussian one
  local function orthogonal(n, seed)
    local Q = ls.qr(ls.randn(n, n, ls.rng(seed)))
    return Q
  end

  it("o5_synthetic is invariant under O(5) acting on both vectors", function()
    local X, Y = ls.nn.datasets.o5_synthetic{n = 50, rng = ls.rng(1)}
    assert.are.same({50, 10}, {X:shape()})
    local Q = orthogonal(5, 2)
    support.assert_small((Q:T() * Q - ls.eye(5)):norm(), 1e-12, "orthogonal")
    local QX = ls.hcat{X:sub(1, 50, 1, 5) * Q:T(), X:sub(1, 50, 6, 10) * Q:T()}
    -- the formula, evaluated here independently on the rotated points
    for i = 1, 50 do
      local a, b = QX:sub(i, i, 1, 5), QX:sub(i, i, 6, 10)
      local na, nb = a:norm(), b:norm()
      local y = math.sin(na) - nb ^ 3 / 2 + ls.dot(a:T(), b:T()) / (na * nb)
      support.assert_small(math.abs(y - Y:get(i, 1)), 1e-12, "sample " .. i)
    end
  end)

  it("inertia is the inertia matrix, equivariant under rotations", function()
    local X, Y = ls.nn.datasets.inertia{n = 20, rng = ls.rng(3)}
    assert.are.same({20, 20}, {X:shape()})
    assert.are.same({20, 9}, {Y:shape()})
    local R = orthogonal(3, 4)
    for i = 1, 20 do
      local I3 = ls.zeros(3, 3)
      local IR = ls.zeros(3, 3)
      for j = 1, 5 do
        local m = X:get(i, j)
        assert.is_true(m > 0)
        local r = X:sub(i, i, 5 + 3 * j - 2, 5 + 3 * j):T()
        local rr = R * r
        I3 = I3 + (ls.eye(3) * (r:norm() ^ 2) - r * r:T()) * m
        IR = IR + (ls.eye(3) * (rr:norm() ^ 2) - rr * rr:T()) * m
      end
      support.assert_small((Y:row(i):reshape(3, 3) - I3):norm(), 1e-12, "closed form")
      support.assert_small((IR - R * I3 * R:T()):norm(), 1e-12, "equivariant")
    end
  end)
end)
