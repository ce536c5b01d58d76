-- The Lie-derivative operator of basis models F(x) = W·φ(x): enforce
-- (invariant polynomials, equivariant vector fields), discover (symmetry
-- algebras of given models), closed forms of the operator's spectrum, fit,
-- and polynomial vector fields. Results are checked against group actions
-- applied to sampled points, closed forms and known dimensions.
local ls = require "liesym"
local support = require "spec.support"

local lie, group, lieder = ls.lie, ls.group, ls.lieder
local poly = ls.basis.poly

local TOL = 1e-10

-- {======================================================
-- Helpers
-- ======================================================

local function vec(X) return X:reshape(X:rows() * X:cols(), 1) end

local uniform_points = support.uniform_points

local error_of = support.error_of

-- the coefficient vector (k×1) of Σ coef·monomial in a basis, by names
local function coeffs(B, terms)
  local index = {}
  for i, n in ipairs(B:names()) do index[n] = i end
  local c = ls.zeros(B:size(), 1)
  for name, v in pairs(terms) do
    assert.is_not_nil(index[name], "no monomial " .. name)
    c:set(index[name], v)
  end
  return c
end

-- n×k parameters whose row o has the coefficients terms[o]
local function params(B, terms)
  local rows = {}
  for o, t in ipairs(terms) do rows[o] = coeffs(B, t):T() end
  return ls.vcat(rows)
end

-- x -> A x + b for a homogeneous (m+1)×(m+1) g, or x -> g x for an m×m one
local function act(g, X)
  local m = X:cols()
  if g:rows() == m then return X * g:T() end
  local A, b = g:sub(1, m, 1, m), g:sub(1, m, m + 1, m + 1)
  return X * A:T() + ls.ones(X:rows(), 1) * b:T()
end

local function assert_small(x, tol, label)
  assert.is_true(x <= tol, ("%s: %g > %g"):format(label, x, tol))
end

-- every basis vector W of S: the operator's matrix vanishes at W and the
-- model is invariant (or, with `tangent`, equivariant: f(gx) = g f(x))
-- under elements sampled from G
local function check_symmetric(S, op, G, seed, tangent)
  local Q = S:basis()
  local rng = ls.rng(seed)
  local X = uniform_points(20, op.m, seed)
  local gs = {}
  for i = 1, 3 do gs[i] = G:sample(rng).matrix end
  for c = 1, Q:cols() do
    local W = Q:col(c):reshape(op.n, op.k)
    assert_small(op:matrix(W):norm(), TOL, "operator at basis vector " .. c)
    local F = ls.predict(op.basis, W, X)
    for _, g in ipairs(gs) do
      local lhs = ls.predict(op.basis, W, act(g, X))
      local rhs = tangent and F * g:T() or F
      assert_small((lhs - rhs):norm("max"), TOL, "symmetry of basis vector " .. c)
    end
  end
end

-- v lies in S: projecting leaves it unchanged
local function assert_inside(S, v, label)
  assert_small((S:project(v) - v):norm() / v:norm(), 1e-12, label .. " inside")
end

-- the two subspaces are equal
local function assert_same_subspace(S1, S2, label)
  assert.are.equal(S1:dim(), S2:dim(), label .. ": dimensions")
  if S1:dim() == 0 then return end
  local Q = S1:basis()
  assert_small((S2:project(Q) - Q):norm(), 1e-8, label .. ": subspaces")
end

local function enforced(B, g, opts)
  local op = lieder.model(B, g, opts)
  return ls.enforce(op), op
end

-- F(x) = |x|^2 x on R^3 in poly(3,3)
local function cubic_radial_field(B)
  local terms = {}
  for o = 1, 3 do
    local t = {}
    for j = 1, 3 do
      local e = {0, 0, 0}
      e[o] = e[o] + 1
      e[j] = e[j] + 2
      local parts = {}
      for v = 1, 3 do
        if e[v] == 1 then parts[#parts + 1] = "x" .. v
        elseif e[v] > 1 then parts[#parts + 1] = ("x%d^%d"):format(v, e[v]) end
      end
      t[table.concat(parts, "*")] = 1
    end
    terms[o] = t
  end
  return params(B, terms)
end

-- the Lorenz system dx = σ(y − x), dy = x(ρ − z) − y, dz = xy − βz in poly(3,2)
local function lorenz(B)
  local s, r, b = 10, 28, 8 / 3
  return params(B, {{x1 = -s, x2 = s},
                    {x1 = r, x2 = -1, ["x1*x3"] = -1},
                    {["x1*x2"] = 1, x3 = -b}})
end

local J2 = ls.matrix{{0, -1}, {1, 0}}

-- }======================================================

describe("enforce: invariant polynomials (exact mode)", function()
  it("SO(2) on R^2, degree <= 4: span{1, r^2, r^4}", function()
    local B = poly(2, 4)
    local S, op = enforced(B, lie.so(2))
    assert.are.equal(3, S:dim())
    assert_inside(S, coeffs(B, {["1"] = 1}), "1")
    assert_inside(S, coeffs(B, {["x1^2"] = 1, ["x2^2"] = 1}), "r^2")
    assert_inside(S, coeffs(B, {["x1^4"] = 1, ["x1^2*x2^2"] = 2, ["x2^4"] = 1}), "r^4")
    -- and a non-invariant polynomial is not
    local x1sq = coeffs(B, {["x1^2"] = 1})
    assert.is_true((S:project(x1sq) - x1sq):norm() > 0.1)
    check_symmetric(S, op, group.SO(2), 101)
  end)

  it("SO(3) on R^3, degree <= 4: 3, also from two generators", function()
    local B = poly(3, 4)
    local S, op = enforced(B, lie.so(3))
    assert.are.equal(3, S:dim())
    assert_inside(S, coeffs(B, {x1 = 0, ["x1^2"] = 1, ["x2^2"] = 1, ["x3^2"] = 1}), "r^2")
    check_symmetric(S, op, group.SO(3), 102)
    local g = lie.so(3)
    local S2, op2 = enforced(B, lie.from{g:generator(1), g:generator(2)})
    assert.are.equal(3, S2:dim())
    assert_same_subspace(S, S2, "two generators")
    check_symmetric(S2, op2, group.SO(3), 103)
  end)

  it("T(3), degree <= 3, and SE(3), degree <= 4: the constants", function()
    local S, op = enforced(poly(3, 3), lie.t(3))
    assert.are.equal(1, S:dim())
    check_symmetric(S, op, group.T(3), 104)
    local S2, op2 = enforced(poly(3, 4), lie.se(3))
    assert.are.equal(1, S2:dim())
    assert_inside(S2, coeffs(poly(3, 4), {["1"] = 1}), "constant")
    check_symmetric(S2, op2, group.SE(3), 105)
  end)
end)

describe("enforce: equivariant vector fields", function()
  it("so(2) on R^2, degree <= 3: x, Jx, |x|^2 x, |x|^2 Jx", function()
    local B = poly(2, 3)
    local S, op = enforced(B, lie.so(2), {output_action = "tangent"})
    assert.are.equal(4, S:dim())
    assert.are.equal(2, op.n)
    local fields = {
      {{x1 = 1}, {x2 = 1}},                                             -- x
      {{x2 = -1}, {x1 = 1}},                                            -- Jx
      {{["x1^3"] = 1, ["x1*x2^2"] = 1}, {["x1^2*x2"] = 1, ["x2^3"] = 1}}, -- |x|^2 x
      {{["x1^2*x2"] = -1, ["x2^3"] = -1}, {["x1^3"] = 1, ["x1*x2^2"] = 1}}} -- |x|^2 Jx
    for i, f in ipairs(fields) do assert_inside(S, vec(params(B, f)), "field " .. i) end
    check_symmetric(S, op, group.SO(2), 111, true)
  end)

  it("se(2): no equivariant fields of degree <= 3", function()
    local S = enforced(poly(2, 3), lie.se(2), {output_action = "tangent"})
    assert.are.equal(0, S:dim())
  end)

  it("so(3) on R^3, degree <= 3: x and |x|^2 x", function()
    local B = poly(3, 3)
    local S, op = enforced(B, lie.so(3), {output_action = "tangent"})
    assert.are.equal(2, S:dim())
    assert_inside(S, vec(params(B, {{x1 = 1}, {x2 = 1}, {x3 = 1}})), "x")
    assert_inside(S, vec(cubic_radial_field(B)), "|x|^2 x")
    check_symmetric(S, op, group.SO(3), 112, true)
  end)

  it("an output Action of the same algebra agrees with tangent", function()
    local G = group.SO(2)
    for d, dim in pairs{[2] = 2, [3] = 4} do
      local S = enforced(poly(2, d), G.algebra, {output_action = ls.action.V(G)})
      local St = enforced(poly(2, d), G.algebra, {output_action = "tangent"})
      assert.are.equal(dim, S:dim())
      assert_same_subspace(S, St, "degree " .. d)
    end
  end)
end)

describe("discover", function()
  it("f = Jx in gl(2): span{I, J}", function()
    local B = poly(2, 1)
    local op = lieder.model(B, lie.gl(2), {output_action = "tangent"})
    local h = ls.discover(op, params(B, {{x2 = -1}, {x1 = 1}}))
    assert.are.equal(2, h:dim())
    for i, X in ipairs(h:generators()) do
      assert_small((X * J2 - J2 * X):norm() / X:norm(), 1e-12, "commutes " .. i)
    end
    local a = h:algebra()
    assert_small(a:closure_residual(), 1e-12, "closure")
    assert.is_true(a:contains(ls.eye(2)))
    assert.is_true(a:contains(J2))
  end)

  it("f = diag(1,2) x in gl(2): the diagonal matrices", function()
    local B = poly(2, 1)
    local op = lieder.model(B, lie.gl(2), {output_action = "tangent"})
    local h = op:discover(params(B, {{x1 = 1}, {x2 = 2}}))
    assert.are.equal(2, h:dim())
    for i, X in ipairs(h:generators()) do
      assert_small(math.abs(X:get(1, 2)) + math.abs(X:get(2, 1)), 1e-12, "diagonal " .. i)
    end
    assert.is_true(h:algebra():contains(ls.diag{1, 0}))
    assert.is_true(h:algebra():contains(ls.diag{0, 1}))
  end)

  it("the Lorenz system: no continuous symmetry in gl(3), its discrete one enforced", function()
    local B = poly(3, 2)
    assert.are.same({"1", "x1", "x2", "x3", "x1^2", "x1*x2", "x1*x3", "x2^2", "x2*x3", "x3^2"},
                    B:names())
    local W = lorenz(B)
    local h = lieder.model(B, lie.gl(3), {output_action = "tangent"}):discover(W)
    assert.are.equal(0, h:dim())
    local s = h:spectrum().values
    assert.is_true(s[#s] / s[1] > 1e-3, "smallest singular value well above 0")
    -- (x, y, z) -> (−x, −y, z) is a symmetry: W is in the enforced subspace
    local op = lieder.model(B, lie.zero(3), {output_action = "tangent"})
    local S = ls.enforce(op, {discrete = {ls.diag{-1, -1, 1}}})
    assert.is_true(S:dim() > 0 and S:dim() < 30)
    local w = vec(W)
    assert_small((S:project(w) - w):norm(), 1e-12, "Lorenz W inside")
    local generic = ls.randn(30, 1, ls.rng(121))
    assert.is_true((S:project(generic) - generic):norm() > 0.1, "generic W outside")
    -- the discrete symmetry checked on points: f(Rx) = R f(x)
    local R = ls.diag{-1, -1, 1}
    local X = uniform_points(10, 3, 122)
    local err = (ls.predict(B, W, X * R) - ls.predict(B, W, X) * R):norm("max")
    assert_small(err, 1e-12, "f(Rx) = R f(x)")
  end)

  it("f = |x|^2 x in gl(3): so(3)", function()
    local B = poly(3, 3)
    local op = lieder.model(B, lie.gl(3), {output_action = "tangent"})
    local h = op:discover(cubic_radial_field(B))
    assert.are.equal(3, h:dim())
    for i, X in ipairs(h:generators()) do
      assert_small((X + X:T()):norm() / X:norm(), 1e-12, "antisymmetric " .. i)
    end
  end)
end)

describe("closed forms of the operator (box measure, orthonormal se(2))", function()
  local g = lie.se(2):orthonormal()
  local B = poly(2, 2)
  local op = lieder.model(B, g)

  local function values(M)
    local s = M:svdvals()
    local t = {}
    for i = 1, s:rows() do t[i] = s:get(i) end
    return t
  end

  it("F = x1^2 + x2^2: nuclear norm 4/sqrt(3), values {2/sqrt(3), 2/sqrt(3), 0}", function()
    local M = op:matrix(params(B, {{["x1^2"] = 1, ["x2^2"] = 1}}))
    assert_small(math.abs(M:norm("nuc") - 4 / math.sqrt(3)), 1e-12, "nuclear norm")
    local s = values(M)
    assert_small(math.abs(s[1] - 2 / math.sqrt(3)), 1e-12, "s1")
    assert_small(math.abs(s[2] - 2 / math.sqrt(3)), 1e-12, "s2")
    assert_small(s[3], 1e-12, "s3")
  end)

  it("F = x1: nuclear norm 1 + 1/sqrt(6), values {1, 1/sqrt(6), 0}", function()
    local M = op:matrix(params(B, {{x1 = 1}}))
    assert_small(math.abs(M:norm("nuc") - (1 + 1 / math.sqrt(6))), 1e-12, "nuclear norm")
    local s = values(M)
    assert_small(math.abs(s[1] - 1), 1e-12, "s1")
    assert_small(math.abs(s[2] - 1 / math.sqrt(6)), 1e-12, "s2")
    assert_small(s[3], 1e-12, "s3")
  end)
end)

describe("rank of the discover matrix for ridge functions F(x) = phi(U^T x)", function()
  local m = 4

  -- W (1×k) of F(x) = φ(Uᵀx) for a random degree-d φ in r variables, by least squares
  local function ridge_function(r, d, rng)
    local U = ls.randn(m, r, rng):qr()
    local Br, B = poly(r, d), poly(m, d)
    local c = ls.randn(Br:size(), 1, rng)
    local X = ls.randn(2 * B:size(), m, rng)
    local Y = Br:eval(X * U) * c
    local W = B:eval(X):lstsq(Y):T()
    assert_small((B:eval(X) * W:T() - Y):norm() / Y:norm(), 1e-12, "exact expansion")
    return W, B
  end

  for _, rd in ipairs{{1, 2}, {2, 2}, {3, 2}, {2, 3}} do
    local r, d = rd[1], rd[2]
    it(("m = 4, r = %d, degree %d: rank r(2m-r+1)/2 over se(m), r over t(m)"):format(r, d), function()
      local W, B = ridge_function(r, d, ls.rng(130 + 10 * r + d))
      local h = lieder.model(B, lie.se(m)):discover(W)
      assert.are.equal(r * (2 * m - r + 1) // 2, h:spectrum().rank)
      assert.are.equal(lie.se(m):dim() - h:spectrum().rank, h:dim())
      local op_t = lieder.model(B, lie.t(m))
      assert.are.equal(r, op_t:discover(W):spectrum().rank)
      assert.are.equal(r, op_t:matrix(W):rank(1e-9 * op_t:matrix(W):norm(2)))
    end)
  end
end)

describe("exact and sampled modes agree", function()
  local function pair(B, g, opts, X)
    local sampled = {}
    for key, v in pairs(opts) do sampled[key] = v end
    sampled.points = X
    return lieder.model(B, g, opts), lieder.model(B, g, sampled)
  end

  it("on enforce", function()
    local cases = {
      {"so(2) invariants", poly(2, 4), lie.so(2), {}, 3},
      {"so(3) invariants", poly(3, 4), lie.so(3), {}, 3},
      {"so(2) tangent", poly(2, 3), lie.so(2), {output_action = "tangent"}, 4},
      {"se(2) tangent", poly(2, 3), lie.se(2), {output_action = "tangent"}, 0},
      {"t(3) invariants", poly(3, 3), lie.t(3), {}, 1},
    }
    for i, case in ipairs(cases) do
      local B = case[2]
      local X = uniform_points(60, B:vars(), 140 + i)
      local ope, ops = pair(B, case[3], case[4], X)
      local Se, Ss = ls.enforce(ope), ls.enforce(ops)
      assert.are.equal(case[5], Se:dim(), case[1] .. " exact")
      assert.are.equal(ops.mode, "sampled")
      assert_same_subspace(Se, Ss, case[1])
    end
  end)

  it("on discover", function()
    local B2, B3 = poly(2, 1), poly(3, 3)
    local cases = {
      {"Jx in gl(2)", B2, lie.gl(2), params(B2, {{x2 = -1}, {x1 = 1}}), 2},
      {"diag(1,2)x in gl(2)", B2, lie.gl(2), params(B2, {{x1 = 1}, {x2 = 2}}), 2},
      {"|x|^2 x in gl(3)", B3, lie.gl(3), cubic_radial_field(B3), 3},
      {"Lorenz in gl(3)", poly(3, 2), lie.gl(3), lorenz(poly(3, 2)), 0},
    }
    for i, case in ipairs(cases) do
      local B = case[2]
      local X = uniform_points(60, B:vars(), 150 + i)
      local ope, ops = pair(B, case[3], {output_action = "tangent"}, X)
      local he, hs = ope:discover(case[4]), ops:discover(case[4])
      assert.are.equal(case[5], he:dim(), case[1] .. " exact")
      assert.are.equal(case[5], hs:dim(), case[1] .. " sampled")
      if he:dim() > 0 then
        local Ne, Ns = he:coefficients(), hs:coefficients()
        assert_small((Ns * (Ns:T() * Ne) - Ne):norm(), 1e-8, case[1] .. ": same algebra")
      end
    end
  end)
end)

describe("spurious symmetry from degenerate samples", function()
  it("points on the x1-axis see a rotation symmetry that generic points do not", function()
    local B = poly(2, 2)
    local W = params(B, {{["x1^2"] = 1, ["x2^2"] = 3}})
    local axis = ls.zeros(30, 2)
    local rng = ls.rng(161)
    for p = 1, 30 do axis:set(p, 1, rng:uniform(-1, 1)) end
    local generic = uniform_points(30, 2, 162)
    local on_axis = lieder.model(B, lie.so(2), {points = axis})
    local spread = lieder.model(B, lie.so(2), {points = generic})
    assert.are.equal(1, on_axis:discover(W):dim())
    assert.are.equal(0, spread:discover(W):dim())
    -- the spectrum tells: B = 0 exactly on the axis, clearly not 0 elsewhere
    assert.are.equal(0, on_axis:matrix(W):norm("max"))
    assert.are.equal(0, on_axis:discover(W):spectrum().values[1])
    local s = spread:discover(W):spectrum().values
    -- L F = 4 x1 x2 for the unit rotation: its RMS over the points is about 4/3
    assert.are.equal(1, #s)
    assert.is_true(s[1] > 0.5, "singular value " .. s[1])
    -- and the exact mode agrees with the generic points
    assert.are.equal(0, lieder.model(B, lie.so(2)):discover(W):dim())
  end)
end)

describe("fit", function()
  local B = poly(2, 4)
  local function target(X)
    local Y = ls.zeros(X:rows(), 1)
    for p = 1, X:rows() do
      local r2 = X:get(p, 1) ^ 2 + X:get(p, 2) ^ 2
      Y:set(p, 1 + 2 * r2 - r2 * r2)
    end
    return Y
  end
  local Xtrain, Xtest = uniform_points(4, 2, 171), uniform_points(100, 2, 172)
  local Ytrain, Ytest = target(Xtrain), target(Xtest)

  local function test_error(W)
    return (ls.predict(B, W, Xtest) - Ytest):norm("max")
  end

  it("with SO(2) enforced, 4 samples recover 1 + 2r^2 - r^4", function()
    local op = lieder.model(B, lie.so(2))
    local S = ls.enforce(op)
    local W = ls.fit(S, Xtrain, Ytrain)
    assert.are.same({1, B:size()}, {W:shape()})
    assert_small(test_error(W), 1e-10, "symmetric fit")
    -- an operator is enforced first: the same fit
    assert_small((ls.fit(op, Xtrain, Ytrain) - W):norm(), 1e-12, "fit(op)")
  end)

  it("without symmetry the same 4 samples are not enough", function()
    local S = ls.enforce(lieder.model(B, lie.zero(2)))
    assert.are.equal(B:size(), S:dim())
    local W = ls.fit(S, Xtrain, Ytrain)
    assert_small((ls.predict(B, W, Xtrain) - Ytrain):norm("max"), 1e-10, "interpolates")
    assert.is_true(test_error(W) > 1e-2, "unconstrained test error " .. test_error(W))
  end)

  it("the ridge option: small lambda changes little, large lambda shrinks", function()
    local S = ls.enforce(lieder.model(B, lie.so(2)))
    local W = ls.fit(S, Xtrain, Ytrain)
    local Wsmall = ls.fit(S, Xtrain, Ytrain, {ridge = 1e-12})
    local Wlarge = ls.fit(S, Xtrain, Ytrain, {ridge = 10})
    assert_small((Wsmall - W):norm() / W:norm(), 1e-6, "small ridge")
    assert.is_true(Wlarge:norm() < 0.9 * W:norm(), "large ridge shrinks")
    assert_inside(S, vec(Wlarge), "ridge fit")
  end)
end)

describe("polynomial vector fields", function()
  local function binomial(n, k)
    local c = 1
    for i = 1, k do c = c * (n - k + i) // i end
    return c
  end

  it("vector_fields(m, p) has dimension m C(m+p, p)", function()
    for _, mp in ipairs{{1, 0}, {2, 1}, {2, 3}, {3, 2}, {4, 1}} do
      local m, p = mp[1], mp[2]
      local F = lie.vector_fields(m, p)
      assert.are.equal(m * binomial(m + p, p), F:dim())
      assert.are.equal(m, F:vars())
      assert.are.equal(p, F:degree())
    end
  end)

  it("the bracket of Ax and Bx is (BA - AB)x", function()
    -- [X, Y] = DY·X − DX·Y = B A x − A B x
    local F = lie.vector_fields(3, 1)
    local rng = ls.rng(181)
    local A, Bm = ls.randn(3, 3, rng), ls.randn(3, 3, rng)
    local z = ls.zeros(3, 1)
    local br = F:bracket(ls.hcat{z, A}, ls.hcat{z, Bm})
    assert.are.same({3, 4}, {br:shape()})
    assert_small((br - ls.hcat{z, Bm * A - A * Bm}):norm("max"), 1e-14, "bracket")
    -- constant fields b, c and a linear one: [b, Ax] = A b, a constant field
    local b = ls.randn(3, 1, rng)
    local cb = F:bracket(ls.hcat{b, ls.zeros(3, 3)}, ls.hcat{z, A})
    assert_small((cb - ls.hcat{A * b, ls.zeros(3, 3)}):norm("max"), 1e-14, "[b, Ax]")
  end)

  it("the symmetries of x1^2 + x2^2 among affine fields: the rotation", function()
    local B = poly(2, 2)
    local W = params(B, {{["x1^2"] = 1, ["x2^2"] = 1}})
    local op = lieder.model(B, lie.vector_fields(2, 1))
    local h = op:discover(W)
    assert.are.equal(1, h:dim())
    local V = h:generators()[1]                     -- 2×3: columns 1, x1, x2
    local ref = ls.hcat{ls.zeros(2, 1), J2}
    local s = V:dot(ref) / ref:dot(ref)
    assert_small((V - s * ref):norm() / V:norm(), 1e-12, "proportional to Jx")
  end)
end)

describe("more enforce and discover cases", function()
  it("discrete symmetries: O(2)-equivariant fields, D(4)-invariant polynomials", function()
    local G = group.SO(2)
    local F = ls.diag{1, -1}
    local X = uniform_points(40, 2, 201)
    for _, oa in ipairs{"tangent", ls.action.V(G)} do
      -- x and |x|^2 x; the reflection rules out Jx and |x|^2 Jx
      local S, op = enforced(poly(2, 3), G.algebra, {output_action = oa})
      local So = ls.enforce(op, {discrete = {F}})
      local Ss = ls.enforce(lieder.model(poly(2, 3), G.algebra, {output_action = oa, points = X}),
                            {discrete = {F}})
      assert.are.equal(4, S:dim())
      assert.are.equal(2, So:dim())
      assert_same_subspace(So, Ss, "O(2) sampled")
      assert_inside(So, vec(params(poly(2, 3), {{x1 = 1}, {x2 = 1}})), "x")
      local Q = So:basis()
      local Y = uniform_points(10, 2, 202)
      for c = 1, 2 do
        local W = Q:col(c):reshape(2, poly(2, 3):size())
        local err = (ls.predict(op.basis, W, Y * F) - ls.predict(op.basis, W, Y) * F):norm("max")
        assert_small(err, TOL, "reflection")
      end
    end
    -- degree <= 4 invariants of the square's symmetries: 1, r^2, x^4 + y^4, x^2 y^2
    local B = poly(2, 4)
    local D4 = group.D(4)
    local S = ls.enforce(lieder.model(B, lie.zero(2)), {discrete = D4.discrete})
    local Ss = ls.enforce(lieder.model(B, lie.zero(2), {points = X}), {discrete = D4.discrete})
    assert.are.equal(4, S:dim())
    assert_same_subspace(S, Ss, "D(4) sampled")
    assert_inside(S, coeffs(B, {["x1^4"] = 1, ["x2^4"] = 1}), "x^4 + y^4")
    assert_inside(S, coeffs(B, {["x1^2*x2^2"] = 1}), "x^2 y^2")
  end)

  it("constant vector fields (degree 0 candidates)", function()
    local C = lie.vector_fields(2, 0)
    assert.are.equal(2, C:dim())
    local B1, B2 = poly(2, 1), poly(2, 2)
    local X = uniform_points(20, 2, 211)
    for _, pts in ipairs{false, true} do
      local o = {output_action = "tangent", points = pts and X or nil}
      local op = lieder.model(B1, C, o)
      -- [c, Jx] = Jc: no constant field commutes with the rotation field
      assert.are.equal(0, op:discover(params(B1, {{x2 = -1}, {x1 = 1}})):dim())
      -- constant fields commute with each other
      assert.are.equal(2, op:discover(params(B1, {{["1"] = 1}, {}})):dim())
      -- F = x2 is invariant along e1 only
      local h = lieder.model(B2, C, {points = pts and X or nil}):discover(params(B2, {{x2 = 1}}))
      assert.are.equal(1, h:dim())
      local V = h:generators()[1]
      assert_small(math.abs(V:get(2, 1)) / V:norm(), 1e-12, "along e1")
    end
    -- the translation-equivariant fields of degree <= 2 are the constants
    local S = ls.enforce(lieder.model(B2, C, {output_action = "tangent"}))
    assert.are.equal(2, S:dim())
  end)

  it("an affine algebra from intersect (rounding in its last row) acts like se(3)", function()
    local g = lie.se(3):intersect(lie.aff(3))
    assert.are.equal(6, g:dim())
    local S = enforced(poly(3, 2), g)
    assert.are.equal(1, S:dim())
    assert_same_subspace(S, enforced(poly(3, 2), lie.se(3)), "se(3)")
  end)

  it("fit with a tangent output: f(x) = x + |x|^2 Jx from 6 samples", function()
    local B = poly(2, 3)
    local op = lieder.model(B, lie.so(2), {output_action = "tangent"})
    local function field(X)
      local Y = ls.zeros(X:rows(), 2)
      for p = 1, X:rows() do
        local x, y = X:get(p, 1), X:get(p, 2)
        local r2 = x * x + y * y
        Y:set(p, 1, x - r2 * y)
        Y:set(p, 2, y + r2 * x)
      end
      return Y
    end
    local X = uniform_points(6, 2, 221)
    local W = ls.fit(op, X, field(X))
    assert.are.same({2, B:size()}, {W:shape()})
    local Xt = uniform_points(50, 2, 222)
    assert_small((ls.predict(B, W, Xt) - field(Xt)):norm("max"), 1e-10, "test error")
  end)

  it("weights, custom and Fourier bases in the sampled mode", function()
    local X = uniform_points(30, 2, 231)
    local W = params(poly(2, 2), {{["x1^2"] = 1, ["x2^2"] = 1}})
    local w = ls.rand(30, 1, ls.rng(232))
    local h = lieder.model(poly(2, 2), lie.se(2), {points = X, weights = w}):discover(W)
    assert.are.equal(1, h:dim())
    -- weights scale the rows: with a basis seen only through its values
    -- (custom), B(W) = diag(sqrt w) · (values at the points) exactly; a
    -- polynomial basis reduces the same rows to coefficients by a QR
    -- factorisation, which keeps B(W)^T B(W)
    local P2 = poly(2, 2)
    local as_values = ls.basis.custom{m = 2, size = 6, eval = function(Y) return P2:eval(Y) end,
                                      jacobian = function(Y) return P2:jacobian(Y) end}
    local B1 = lieder.model(as_values, lie.se(2), {points = X, weights = ls.ones(30, 1)}):matrix(W)
    local Bw = lieder.model(as_values, lie.se(2), {points = X, weights = w * 4}):matrix(W)
    assert_small((Bw - ls.diag(w:map(math.sqrt) * 2) * B1):norm("max"), 1e-12, "weights")
    local Bp = lieder.model(P2, lie.se(2), {points = X, weights = w * 4}):matrix(W)
    assert_small((Bp:T() * Bp - Bw:T() * Bw):norm("max"), 1e-12 * (Bw:T() * Bw):norm("max"),
                 "the polynomial route keeps the Gram matrix")
    local P = poly(2, 4)
    local custom = ls.basis.custom{m = 2, size = P:size(), eval = function(Y) return P:eval(Y) end,
                                   jacobian = function(Y) return P:jacobian(Y) end}
    assert_same_subspace(ls.enforce(lieder.model(custom, lie.so(2), {points = X})),
                         ls.enforce(lieder.model(P, lie.so(2))), "custom basis")
    -- functions on the torus invariant under x1-translations: 1, cos x2, sin x2
    local shift = lie.from{ls.matrix{{0, 0, 1}, {0, 0, 0}, {0, 0, 0}}}
    local S = ls.enforce(lieder.model(ls.basis.fourier(2, 1), shift, {points = X}))
    assert.are.equal(3, S:dim())
    local names = ls.basis.fourier(2, 1):names()
    local Q = S:basis()
    for i, n in ipairs(names) do
      local weight = Q:row(i):norm()
      if n:find("x1", 1, true) then assert_small(weight, 1e-12, n) end
    end
  end)
end)

describe("operator errors", function()
  local B = poly(2, 2)

  it("model: bad basis, algebra, output action, points", function()
    assert.matches("bad argument #1 to 'model'", error_of(lieder.model, 42, lie.so(2)))
    assert.matches("bad argument #2 to 'model'", error_of(lieder.model, B, "so(2)"))
    assert.matches("bad argument #2 to 'model'", error_of(lieder.model, B, lie.so(4)))
    assert.matches("bad argument #2 to 'model'",
                   error_of(lieder.model, B, lie.vector_fields(3, 1)))
    assert.matches("bad option 'output_action' to 'model'",
                   error_of(lieder.model, B, lie.so(2), {output_action = "cotangent"}))
    assert.matches("bad option 'output_action' to 'model'",
                   error_of(lieder.model, B, lie.so(2),
                            {output_action = ls.action.V(group.SO(3))}))
    assert.matches("bad option 'points' to 'model'",
                   error_of(lieder.model, B, lie.so(2), {points = ls.zeros(5, 3)}))
    assert.matches("bad option 'outputs' to 'model'",
                   error_of(lieder.model, B, lie.so(2), {output_action = "tangent", outputs = 3}))
    assert.matches("bad option 'ouput_action' to 'model' %(unknown key%)",
                   error_of(lieder.model, B, lie.so(2), {ouput_action = "tangent"}))
    assert.matches("bad option 'weights' to 'model'",
                   error_of(lieder.model, B, lie.so(2), {weights = ls.ones(3, 1)}))
    assert.matches("bad argument #3 to 'model'", error_of(lieder.model, B, lie.so(2), 7))
    local custom = ls.basis.custom{m = 2, size = 6, eval = function(X) return B:eval(X) end,
                                   jacobian = function(X) return B:jacobian(X) end}
    assert.matches("sampled mode", error_of(lieder.model, custom, lie.so(2)))
  end)

  it("matrix, discover, enforce, fit: wrong shapes", function()
    local op = lieder.model(B, lie.so(2))
    assert.matches("'matrix'", error_of(op.matrix, op, ls.zeros(2, 6)))
    assert.matches("'matrix'", error_of(op.matrix, op, "W"))
    assert.matches("shape mismatch in 'discover'", error_of(ls.discover, op, ls.zeros(1, 5)))
    assert.matches("bad option 'rtl' to 'discover' %(unknown key%)",
                   error_of(ls.discover, op, ls.zeros(1, 6), {rtl = 1e-3}))
    assert.matches("bad option 'discrete' to 'enforce' %(a list expected",
                   error_of(ls.enforce, op, {discrete = ls.diag{-1, 1}}))
    assert.matches("'discover'", error_of(ls.discover, "op", ls.zeros(1, 6)))
    assert.matches("'enforce'", error_of(ls.enforce, {}))
    assert.matches("'enforce'", error_of(ls.enforce, op, {discrete = {ls.eye(3)}}))
    local X = uniform_points(5, 2, 191)
    assert.matches("bad argument #2 to 'fit'", error_of(ls.fit, op, ls.zeros(5, 3), ls.zeros(5, 1)))
    assert.matches("bad argument #3 to 'fit'", error_of(ls.fit, op, X, ls.zeros(4, 1)))
    assert.matches("bad argument #3 to 'fit'", error_of(ls.fit, op, X, ls.zeros(5, 2)))
    assert.matches("bad argument #1 to 'fit'", error_of(ls.fit, "S", X, ls.zeros(5, 1)))
  end)
end)

describe("discover: the default rule on approximate symmetries", function()
  -- a least-squares fit of x^2 + y^2 - z^2 from 50 samples with noise 1e-3
  local rng = ls.rng(7)
  local B = poly(3, 2)
  local X = ls.rand(50, 3, rng) * 2 - 1
  local Y = X:hadamard(X) * ls.vector{1, 1, -1} + 1e-3 * ls.randn(50, 1, rng)
  local W = B:eval(X):lstsq(Y):T()
  local op = lieder.model(B, lie.gl(3))

  it("keeps the exact symmetry at the defaults and so(2,1) with rtol", function()
    local h = ls.discover(op, W)
    assert.are.equal(1, h:dim())
    local v = h:spectrum().values
    assert.are.equal(9, #v)
    -- the approximate so(2,1) sits at the noise level, 2e-4 of the largest
    assert.is_true(v[7] / v[1] < 1e-3 and v[6] / v[7] > 1e3)
    local h3 = ls.discover(op, W, {rtol = 1e-3})
    assert.are.equal(3, h3:dim())
    assert.is_true(math.abs(h3:spectrum().gap - v[6] / v[7]) <= 1e-12 * h3:spectrum().gap)
    assert.is_true(lie.so(2, 1):contains(h3, 1e-2))
    assert.is_false(lie.so(3):contains(h3, 1e-2))
    -- the same cut by an absolute threshold or by the rank
    assert.are.equal(3, ls.discover(op, W, {tol = 1e-2}):dim())
    assert.are.equal(3, ls.discover(op, W, {rank = 6}):dim())
  end)

  it("finds only the exact symmetries of generic polynomials", function()
    -- a quadratic x^T Q x + b^T x keeps exactly one linear field: A = Q^-1 S
    -- with S antisymmetric and S Q^-1 b = 0, the rotation in so(Q) about
    -- Q^-1 b; a generic cubic keeps none
    local h = ls.discover(op, ls.randn(1, B:size(), ls.rng(8)))
    assert.are.equal(1, h:dim())
    assert.is_true(h:spectrum().clear)
    local B3 = poly(3, 3)
    local h3 = ls.discover(lieder.model(B3, lie.gl(3)), ls.randn(1, B3:size(), ls.rng(9)))
    assert.are.equal(0, h3:dim())
    local v = h3:spectrum().values
    assert.is_true(v[#v] / v[1] > 1e-3, "no value near the noise or rounding level")
  end)
end)
