-- Helpers shared by several specs (busted runs only files named *_spec).
local ls = require "liesym"
local assert = require "luassert"

local support = {}

-- N points uniform in [−a, a]^m (a = 1 by default), from their own generator
function support.uniform_points(N, m, seed, a)
  a = a or 1
  return ls.rand(N, m, ls.rng(seed)):map(function(v) return a * (2 * v - 1) end)
end

-- the error message of f(...), which must fail; never a Lua runtime error
function support.error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "call was expected to fail")
  err = tostring(err)
  assert.is_nil(err:find("attempt to", 1, true), "not a clean error: " .. err)
  return err
end

-- f(...) must fail with an error string matching the Lua pattern, and
-- never with a Lua runtime error
function support.expect_error(pattern, f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "expected an error matching " .. pattern)
  assert.are.equal("string", type(err))
  assert.is_truthy(err:find(pattern), ("%q does not match %q"):format(err, pattern))
  assert.is_nil(err:find("attempt to", 1, true), err)
end

-- A net's loss gradient against central differences: the gradient by the
-- training step's own formula (one full-batch SGD step of lr 1 on a copy,
-- `probe`, moves θ by −grad), the mean squared error differenced at every
-- `stride`-th parameter; returns max |fd − grad| / max |fd|. The net's
-- parameters are restored.
function support.loss_gradient_error(net, probe, X, Y, stride)
  local function mse(A, B) return ((A - B):norm() ^ 2) / (A:rows() * A:cols()) end
  local theta = net:parameters()
  probe:set_parameters(theta)
  ls.nn.train(probe, X, Y, {epochs = 1, batch = X:rows(), lr = 1, optimizer = "sgd"})
  local grad = theta - probe:parameters()
  local h, worst, big = 1e-6, 0, 0
  for j = 1, net:nparams(), stride do
    local e = ls.zeros(net:nparams(), 1)
    e:set(j, 1, h)
    net:set_parameters(theta + e)
    local fp = mse(net:forward(X), Y)
    net:set_parameters(theta - e)
    local fm = mse(net:forward(X), Y)
    local fd = (fp - fm) / (2 * h)
    worst = math.max(worst, math.abs(fd - grad:get(j, 1)))
    big = math.max(big, math.abs(fd))
  end
  net:set_parameters(theta)
  assert.is_true(big > 0, "a gradient to compare")
  return worst / big
end

-- one busted case per {pattern, f, args...} of the list (inside a
-- describe; `it` is the spec's, busted's environment is the spec file's)
function support.error_cases(it, cases)
  for i, c in ipairs(cases) do
    it(("case %d: %s"):format(i, c[1]), function()
      support.expect_error(c[1], c[2], table.unpack(c, 3, 9))
    end)
  end
end

-- |value| <= tol, with the label and both numbers in the failure
function support.assert_small(value, tol, label)
  assert.is_true(value <= tol, ("%s: %g > %g"):format(label or "value", value, tol))
end

-- the two subspaces are equal (one projects onto the other's basis)
function support.assert_same_subspace(S1, S2, label)
  assert.are.equal(S1:dim(), S2:dim(), label .. ": dimensions")
  if S1:dim() == 0 then return end
  local Q = S1:basis()
  support.assert_small((S2:project(Q) - Q):norm(), 1e-8, label .. ": subspaces")
end

return support
