-- Symmetries of data sets (ls.discover_manifold): the polynomial equations
-- the points satisfy, and the candidate fields tangent to their level set,
-- against the known symmetry algebras of circles, ellipses, spheres, lines
-- and planes.
local ls = require "liesym"
local support = require "spec.support"

local lie = ls.lie
local discover_manifold = ls.discover_manifold

-- {======================================================
-- Helpers
-- ======================================================

local function assert_small(x, tol, label)
  assert.is_true(x <= tol, ("%s: %g > %g"):format(label, x, tol))
end

-- N points on the circle of radius 1, each coordinate perturbed by noise·N(0, 1)
local function circle(N, seed, noise)
  local rng = ls.rng(seed)
  local X = ls.zeros(N, 2)
  for p = 1, N do
    local t = rng:uniform(0, 2 * math.pi)
    X:set(p, 1, math.cos(t) + (noise or 0) * rng:normal())
    X:set(p, 2, math.sin(t) + (noise or 0) * rng:normal())
  end
  return X
end

local function sphere(N, seed)
  local X = ls.randn(N, 3, ls.rng(seed))
  for p = 1, N do
    local r = X:row(p):norm()
    for j = 1, 3 do X:set(p, j, X:get(p, j) / r) end
  end
  return X
end

-- the single equation as {name = coefficient}, scaled so that `unit` has coefficient 1
local function equation(eq, unit)
  assert.are.equal(1, eq.coefficients:cols())
  local t, scale = {}, nil
  for i, n in ipairs(eq.names) do
    t[n] = eq.coefficients:get(i, 1)
    if n == unit then scale = t[n] end
  end
  for n, v in pairs(t) do t[n] = v / scale end
  return t
end

local function assert_equation(eq, unit, ref, label)
  local t = equation(eq, unit)
  for n, v in pairs(t) do
    assert_small(math.abs(v - (ref[n] or 0)), 1e-10, label .. ": coefficient of " .. n)
  end
end

-- ‖A/‖A‖ ∓ B/‖B‖‖ with the better sign: 0 when A ∝ B
local function off_direction(A, B)
  local a, b = A * (1 / A:norm()), B * (1 / B:norm())
  return math.min((a - b):norm(), (a + b):norm())
end

-- the largest tangency error v(x)·n(x) of the generators (homogeneous or
-- linear) at the points, for the normal field n
local function tangency(h, X, normal)
  local m, worst = X:cols(), 0
  for _, G in ipairs(h:generators()) do
    local A = G:sub(1, m, 1, m)
    local b = (G:rows() > m) and G:sub(1, m, m + 1, m + 1) or ls.zeros(m, 1)
    for p = 1, X:rows() do
      local x = X:row(p):T()
      local v = A * x + b
      worst = math.max(worst, math.abs(v:dot(normal(x))) / G:norm())
    end
  end
  return worst
end

local function radial(x) return x end

local error_of = support.error_of

-- }======================================================

describe("discover_manifold: curves in the plane", function()
  it("the unit circle in aff(2): the rotations, and the equation x^2 + y^2 - 1", function()
    local X = circle(40, 201)
    local h, eq = discover_manifold(X, lie.aff(2), {degree = 2})
    assert.are.equal(1, h:dim())
    assert.are.same({"1", "x1", "x2", "x1^2", "x1*x2", "x2^2"}, eq.names)
    assert_equation(eq, "x1^2", {["1"] = -1, ["x1^2"] = 1, ["x2^2"] = 1}, "circle")
    local rot = ls.matrix{{0, -1, 0}, {1, 0, 0}, {0, 0, 0}}
    assert_small(off_direction(h:generators()[1], rot), 1e-10, "rotation generator")
    assert_small(tangency(h, X, radial), 1e-10, "tangency")
    assert.is_true(h:spectrum().gap > 1e8, "gap " .. h:spectrum().gap)
  end)

  it("the ellipse x^2/4 + y^2 = 1 in gl(2): D J D^-1 with D = diag(2, 1)", function()
    local X = circle(40, 202) * ls.diag{2, 1}
    local h, eq = discover_manifold(X, lie.gl(2))
    assert.are.equal(1, h:dim())
    assert_equation(eq, "x2^2", {["1"] = -1, ["x1^2"] = 0.25, ["x2^2"] = 1}, "ellipse")
    local D = ls.diag{2, 1}
    local ref = D * ls.matrix{{0, -1}, {1, 0}} * D:inv()
    assert_small(off_direction(h:generators()[1], ref), 1e-10, "D J D^-1")
    -- not a rotation: the circle's generator is far from it
    assert.is_true(off_direction(h:generators()[1], ls.matrix{{0, -1}, {1, 0}}) > 0.1)
    local normal = function(x) return ls.vector{x:get(1) / 4, x:get(2)} end
    assert_small(tangency(h, X, normal), 1e-10, "tangency")
  end)

  it("the line y = 2x, degree 1: 4 fields in aff(2), 3 in gl(2)", function()
    local rng = ls.rng(203)
    local X = ls.zeros(30, 2)
    for p = 1, 30 do
      local t = rng:uniform(-1, 1)
      X:set(p, 1, t)
      X:set(p, 2, 2 * t)
    end
    local normal = function() return ls.vector{-2, 1} end
    local h, eq = discover_manifold(X, lie.aff(2), {degree = 1})
    assert.are.equal(4, h:dim())
    assert_equation(eq, "x2", {x1 = -2, x2 = 1}, "line")
    assert_small(tangency(h, X, normal), 1e-10, "aff(2) tangency")
    local hg = discover_manifold(X, lie.gl(2), {degree = 1})
    assert.are.equal(3, hg:dim())
    assert_small(tangency(hg, X, normal), 1e-10, "gl(2) tangency")
    -- the line's fields form a subalgebra
    assert_small(h:algebra():closure_residual(), 1e-10, "closure")
  end)
end)

describe("discover_manifold: surfaces in R^3", function()
  it("the sphere: so(3) in aff(3) and in gl(3)", function()
    local X = sphere(60, 211)
    for _, case in ipairs{{"aff(3)", lie.aff(3)}, {"gl(3)", lie.gl(3)}} do
      local h, eq = discover_manifold(X, case[2])
      assert.are.equal(3, h:dim(), case[1])
      assert_equation(eq, "x1^2", {["1"] = -1, ["x1^2"] = 1, ["x2^2"] = 1, ["x3^2"] = 1},
                      case[1])
      for i, G in ipairs(h:generators()) do
        local A = G:sub(1, 3, 1, 3)
        assert_small((A + A:T()):norm() / G:norm(), 1e-10, case[1] .. " antisymmetric " .. i)
        if G:rows() > 3 then
          assert_small(G:sub(1, 3, 4, 4):norm() / G:norm(), 1e-10, case[1] .. " no translation " .. i)
        end
      end
      assert_small(tangency(h, X, radial), 1e-10, case[1] .. " tangency")
      assert_small(h:algebra():closure_residual(), 1e-10, case[1] .. " closure")
    end
  end)

  it("the plane x1 = 0, degree 1: 9 fields in aff(3)", function()
    local X = ls.randn(30, 3, ls.rng(212))
    for p = 1, 30 do X:set(p, 1, 0) end
    local h, eq = discover_manifold(X, lie.aff(3), {degree = 1})
    assert.are.equal(9, h:dim())
    assert_equation(eq, "x1", {x1 = 1}, "plane")
    -- the tangent fields have v_1 = A_12 x2 + A_13 x3 + b_1 = 0
    for i, G in ipairs(h:generators()) do
      local first = math.abs(G:get(1, 2)) + math.abs(G:get(1, 3)) + math.abs(G:get(1, 4))
      assert_small(first / G:norm(), 1e-10, "generator " .. i)
    end
  end)
end)

describe("discover_manifold: noise", function()
  local o = {degree = 2, rtol = 1e-4, rtol_symmetry = 1e-4}

  it("a circle with noise 1e-6 still gives the rotation with looser tolerances", function()
    local clean, noisy = circle(40, 221), circle(40, 222, 1e-6)
    local h0, e0 = discover_manifold(clean, lie.aff(2), o)
    local hn, en = discover_manifold(noisy, lie.aff(2), o)
    assert.are.equal(1, h0:dim())
    assert.are.equal(1, hn:dim())
    assert.are.equal(1, en.coefficients:cols())
    -- the equation's gap shows the noise: about 1/noise against about 1/eps
    assert.is_true(e0.spectrum.gap > 1e8, "clean equation gap " .. e0.spectrum.gap)
    assert.is_true(en.spectrum.gap > 1e2, "noisy equation gap " .. en.spectrum.gap)
    assert.is_true(en.spectrum.gap < 1e8, "noisy equation gap " .. en.spectrum.gap)
    local t = equation(en, "x1^2")
    assert_small(math.abs(t["1"] + 1) + math.abs(t["x2^2"] - 1), 1e-4, "noisy equation")
    -- in se(2) the fitted conic is only nearly a circle: the rotation is
    -- found with a finite gap, where the clean circle's is about 1/eps
    local hs0 = discover_manifold(clean, lie.se(2), o)
    local hsn = discover_manifold(noisy, lie.se(2), o)
    assert.are.equal(1, hs0:dim())
    assert.are.equal(1, hsn:dim())
    assert.is_true(hs0:spectrum().gap > 1e8, "clean symmetry gap " .. hs0:spectrum().gap)
    assert.is_true(hsn:spectrum().gap > 1e2, "noisy symmetry gap " .. hsn:spectrum().gap)
    assert.is_true(hsn:spectrum().gap < 1e10, "noisy symmetry gap " .. hsn:spectrum().gap)
    -- the defaults find the decisive gap of noisy data themselves
    local hd, ed = discover_manifold(noisy, lie.se(2))
    assert.are.equal(1, ed.coefficients:cols())
    assert.are.equal(1, hd:dim())
    assert.is_true(ed.spectrum.gap >= 1e3 and ed.spectrum.clear)
  end)
end)

describe("discover_manifold: errors", function()
  it("generic points satisfy no equation of degree 1", function()
    local X = ls.randn(30, 3, ls.rng(231))
    local err = error_of(discover_manifold, X, lie.aff(3), {degree = 1})
    assert.matches("no polynomial equation", err)
    assert.matches("discover_manifold", err)
  end)

  it("bad arguments", function()
    local X = circle(10, 232)
    assert.matches("bad argument #1 to 'discover_manifold'", error_of(discover_manifold, "X", lie.gl(2)))
    assert.matches("bad argument #2 to 'discover_manifold'", error_of(discover_manifold, X, "gl(2)"))
    assert.matches("bad argument #2 to 'discover_manifold'", error_of(discover_manifold, X, lie.gl(3)))
    assert.matches("bad option 'degree' to 'discover_manifold'",
                   error_of(discover_manifold, X, lie.gl(2), {degree = 0}))
    assert.matches("bad option 'rtol_symmetry' to 'discover_manifold'",
                   error_of(discover_manifold, X, lie.gl(2), {rtol_symmetry = "x"}))
    assert.matches("bad option 'degre' to 'discover_manifold' %(unknown key%)",
                   error_of(discover_manifold, X, lie.gl(2), {degre = 2}))
    assert.matches("bad argument #3 to 'discover_manifold'",
                   error_of(discover_manifold, X, lie.gl(2), "opts"))
  end)
end)

describe("discover_manifold: the default rule on noisy and on generic data", function()
  it("a circle off the origin with noise 1e-4: its equation and its rotation, no tuning", function()
    local rng = ls.rng(41)
    local t = ls.rand(300, 1, rng) * (2 * math.pi)
    local X = ls.hcat{t:map(math.cos) + 0.5, t:map(math.sin) - 0.3} + 1e-4 * ls.randn(300, 2, rng)
    local h, eq = discover_manifold(X, lie.aff(2))
    assert.are.equal(1, eq.coefficients:cols())
    assert.is_true(eq.spectrum.gap >= 1e3 and eq.spectrum.clear)
    assert.are.equal(1, h:dim())
    -- the rotation about (0.5, -0.3): A = [[0, 1], [-1, 0]] up to scale, b = -A c
    local G = h:generators()[1]
    local A = G:sub(1, 2, 1, 2)
    A = A / A:get(1, 2)
    local b = G:sub(1, 2, 3, 3) / G:get(1, 2)
    assert_small((A - ls.matrix{{0, 1}, {-1, 0}}):norm("max"), 1e-2, "rotation")
    assert_small((b + A * ls.vector{0.5, -0.3}):norm("max"), 1e-2, "about the centre")
  end)

  it("a random point cloud satisfies no equation, and the error reports the largest gap", function()
    local X = ls.randn(200, 2, ls.rng(42))
    local err = error_of(discover_manifold, X, lie.aff(2))
    assert.matches("no polynomial equation of degree 2", err)
    assert.matches("the largest gap, [%d.e+]+ at rank %d+, is not decisive", err)
  end)
end)
