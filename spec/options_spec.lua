-- Every public function that takes options refuses an unknown key and a
-- value of the wrong type, with an error that names the function and the
-- key and points at the caller's line (this file); the operator's own
-- methods (the kernels behind the public functions) refuse bad input
-- cleanly too.
local ls = require "liesym"
local core = require "liesym.core"
local support = require "spec.support"

local poly, lie = ls.basis.poly, ls.lie
local B = poly(2, 2)
local op = ls.lieder.model(B, lie.so(2))
local opt = ls.lieder.model(B, lie.so(2), {output_action = "tangent"})
local X = ls.rand(8, 2, ls.rng(1)) * 2 - 1
local Y = ls.ones(8, 1)
local W = ls.randn(1, 6, ls.rng(2))
local G = ls.group.SO(2)
local V = ls.action.V(G)
local S = ls.enforce(op)
local h = ls.discover(op, W)
local circle = ls.hcat{ls.linspace(0, 6, 30):map(math.cos), ls.linspace(0, 6, 30):map(math.sin)}

-- promote in the exact mode with the options o
local function exact_promote(o)
  local t = {mode = "exact"}
  for k, v in pairs(o) do t[k] = v end
  local r = ls.promote(op, X, Y, t)
  return r
end

-- {function name, call with opts, a wrong-type option {key, value}}; the
-- calls are not tail calls, so that this file's line is the caller's
local cases = {
  {"model", function(o) local r = ls.lieder.model(B, lie.so(2), o); return r end, {"outputs", 1.5}},
  {"model", function(o) local r = ls.lieder.model(B, lie.so(2), o); return r end, {"points", "X"}},
  {"model", function(o) local r = ls.lieder.model(B, lie.so(2), o); return r end, {"measure", "gauss"}},
  {"enforce", function(o) local r = ls.enforce(op, o); return r end, {"method", "fast"}},
  {"enforce", function(o) local r = ls.enforce(op, o); return r end, {"tol", "small"}},
  {"enforce", function(o) local r = ls.enforce(op, o); return r end, {"discrete", 3}},
  {"enforce", function(o) local r = ls.enforce(ls.action.hom(V, V), o); return r end, {"rank", -1}},
  {"discover", function(o) local r = ls.discover(op, W, o); return r end, {"rtol", "1e-3"}},
  {"discover", function(o) local r = ls.discover(op, W, o); return r end, {"rank", 0.5}},
  {"fit", function(o) local r = ls.fit(op, X, Y, o); return r end, {"ridge", -1}},
  {"promote", function(o)
    local t = {gamma = 1}
    for k, v in pairs(o) do t[k] = v end
    local r = ls.promote(op, X, Y, t)
    return r
  end, {"max_iter", "many"}},
  {"promote", exact_promote, {"method", "fast"}},
  {"promote", exact_promote, {"newton_after", -1}},
  {"promote", exact_promote, {"warm_dual", ls.zeros(2, 2)}},
  {"promote_path", function(o)
    local t = {n_gamma = 3, folds = 0}
    for k, v in pairs(o) do t[k] = v end
    local r = ls.promote_path(op, X, Y, t)
    return r
  end, {"select", "best"}},
  {"promote_path", function(o)
    local t = {folds = 0}
    for k, v in pairs(o) do t[k] = v end
    local r = ls.promote_path(op, X, Y, t)
    return r
  end, {"gammas", {1, 2}}},
  {"promote_path", function(o) local r = ls.promote_path(op, X, Y, o); return r end, {"folds", 1}},
  {"l1_fit", function(o) local r = ls.l1_fit(B, X, Y, o); return r end, {"tol", -1}},
  {"discover_manifold", function(o) local r = ls.discover_manifold(circle, lie.gl(2), o); return r end,
   {"degree", "two"}},
  {"check_equivariance", function(o)
    local r = ls.check_equivariance(ls.eye(2), V, V, G, o)
    return r
  end, {"rng", 42}},
  {"generators", function(o) local r = h:generators(o); return r end, {"echelon", 1}},
  {"echelon", function(o) local r = ls.echelon(S, nil, o); return r end, {"pivots", "yes"}},
  {"format", function(o) local r = ls.basis.format(B, W, o); return r end, {"rtol", "x"}},
  {"null", function(o) local r = ls.eye(2):null(o); return r end, {"rtol", "x"}},
  {"intersect", function(o) local r = lie.so(3):intersect(lie.sl(3), o); return r end,
   {"rank", "two"}},
  {"rank", function(o) local r = ls.eye(2):rank(o); return r end, {"rank", "x"}},
  {"custom", function(o)
    local t = {m = 1, size = 1, eval = function(P) return P end,
               jacobian = function(P) return ls.ones(P:rows(), 1) end}
    for k, v in pairs(o) do t[k] = v end
    local r = ls.basis.custom(t)
    return r
  end, {"names", 3}},
}

describe("options", function()
  for i, c in ipairs(cases) do
    local fname, call, bad = c[1], c[2], c[3]
    it(("%d: %s refuses an unknown key and a wrong %s"):format(i, fname, bad[1]), function()
      local err = support.error_of(call, {zzz_unknown = 1})
      assert.matches(("bad option 'zzz_unknown' to '%s' %%(unknown key%%)"):format(fname), err)
      assert.matches("^spec/options_spec.lua:%d+:", err)
      err = support.error_of(call, {[bad[1]] = bad[2]})
      assert.matches(("bad option '%s' to '%s'"):format(bad[1], fname), err)
      assert.matches("^spec/options_spec.lua:%d+:", err)
    end)
  end

  it("a non-table options argument is a bad argument", function()
    assert.matches("bad argument #3 to 'model'", support.error_of(ls.lieder.model, B, lie.so(2), 1))
    assert.matches("bad argument #1 to 'enforce'", support.error_of(op.enforce, op, "svd"))
    assert.matches("bad argument #4 to 'promote'", support.error_of(ls.promote, op, X, Y, true))
    assert.matches("bad argument #3 to 'discover_manifold'",
                   support.error_of(ls.discover_manifold, circle, lie.gl(2), 2))
  end)
end)

describe("the operator's methods on bad input", function()
  local p, q, s = op:shape()
  local kernel_cases = {
    {"parameters expected", function() return op:apply(ls.ones(p + 1, 1)) end},
    {"matrix expected", function() return op:apply("theta") end},
    {"NaN or Inf", function() return op:apply(ls.ones(p, 1) * (0 / 0)) end},
    {"adjoint", function() return op:adjoint(ls.ones(s, q + 1)) end},
    {"operator expected", function() return op.apply(42, ls.ones(p, 1)) end},
    {"bad option 'rtoll' to 'discover'", function() return op:symmetries(ls.ones(p, 1), {rtoll = 1}) end},
    {"the method does not apply", function() return op:nullspace({method = "orbits"}) end},
    {"bad option 'tol' to 'enforce'", function() return op:nullspace({tol = -1}) end},
    {"shape mismatch in 'matrix'", function() return opt:matrix(ls.ones(1, 6)) end},
    {"'fields' must be a list", function() return core.lieop_model({class = "poly", order = 2, m = 2, n = 1}) end},
    {"'order' must be a non%-negative integer", function()
      return core.lieop_model({class = "poly", m = 2, n = 1, fields = {}})
    end},
    {"fields%[1%]%.V must be", function()
      return core.lieop_model({class = "poly", order = 2, m = 2, n = 1, fields = {{degree = 1, V = ls.ones(2, 2)}}})
    end},
    {"drho", function()
      return core.lieop_model({class = "poly", order = 2, m = 2, n = 2, output = "action",
                               algebra = lie.so(2), drho = {ls.ones(3, 3)}})
    end},
    {"'phi' expected", function()
      return core.lieop_model({class = "samples", m = 2, n = 1, algebra = lie.so(2), points = X})
    end},
    {"'jacobian' must be", function()
      return core.lieop_model({class = "samples", m = 2, n = 1, algebra = lie.so(2), points = X,
                               phi = ls.ones(8, 3), jacobian = ls.ones(8, 2)})
    end},
    {"discrete%[1%]%.g must be", function()
      return core.lieop_model({class = "poly", order = 2, m = 2, n = 1, algebra = lie.so(2),
                               discrete = {{g = ls.ones(3, 3), rho_inv = ls.eye(1)}}})
    end},
    {"'weights' must have one entry per point", function()
      return core.lieop_model({class = "poly", order = 2, m = 2, n = 1, algebra = lie.so(2),
                               points = X, weights = ls.ones(3, 1)})
    end},
    {"do not map this basis's span", function()
      return core.lieop_model({class = "fourier", order = 1, m = 2, n = 1, algebra = lie.so(2)})
    end},
    {"'op' must be a LieOp", function() return core.nuclear_admm({phi = ls.ones(2, 6), y = ls.ones(2, 1)}) end},
    {"y must be", function() return core.nuclear_admm({op = op, phi = ls.ones(2, 6), y = ls.ones(3, 1)}) end},
    {"'gammas' must decrease", function()
      return core.nuclear_admm({op = op, phi = ls.ones(2, 6), y = ls.ones(2, 1), gammas = ls.matrix{{1}, {2}}})
    end},
    {"'gammas' must be finite", function()
      return core.nuclear_admm({op = op, phi = ls.ones(2, 6), y = ls.ones(2, 1), gammas = ls.matrix{{-1}}})
    end},
    {"combinations of the 1 generators", function() return op:gram(ls.ones(2, 1)) end},
    {"y must be", function() return core.nuclear_gamma_max({op = op, phi = ls.ones(2, 6), y = ls.ones(3, 1)}) end},
    {"not a row of a 3x2 matrix", function() return ls.ones(3, 2):select_rows{1, 4} end},
    {"not a row", function() return ls.ones(3, 2):select_rows{1.5} end},
    {"row indices must be integers", function() return ls.ones(3, 2):select_rows{"a"} end},
    {"list of row indices expected", function() return ls.ones(3, 2):select_rows(3) end},
    {"bad argument #1 to 'permutation'", function() return ls.rng(1):permutation(-1) end},
  }
  for i, c in ipairs(kernel_cases) do
    it(("%d: %s"):format(i, c[1]), function()
      assert.matches(c[1], support.error_of(c[2]))
    end)
  end
end)
