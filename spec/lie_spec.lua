-- Lie algebras (ls.lie) and groups (ls.group) against closed forms.
local ls = require "liesym"

local lie, group = ls.lie, ls.group

local function unit(n, i, j)
  local E = ls.zeros(n, n)
  E:set(i, j, 1)
  return E
end

local function vec(X) return X:reshape(X:rows() * X:cols(), 1) end

-- J = [[0, I], [−I, 0]] of size 2n
local function symplectic_form(n)
  local J = ls.zeros(2 * n, 2 * n)
  for i = 1, n do
    J:set(i, n + i, 1)
    J:set(n + i, i, -1)
  end
  return J
end

-- diag(1 (p times), −1 (q times))
local function eta(p, q)
  local d = {}
  for i = 1, p + q do d[i] = (i <= p) and 1 or -1 end
  return ls.diag(d)
end

local function levi_civita(i, j, k)
  if i == j or j == k or i == k then return 0 end
  -- sign of the permutation (i, j, k) of (1, 2, 3)
  local inversions = 0
  if i > j then inversions = inversions + 1 end
  if i > k then inversions = inversions + 1 end
  if j > k then inversions = inversions + 1 end
  return (inversions % 2 == 0) and 1 or -1
end

-- every built-in algebra for n = 2..4, as {name, algebra}
local function builtins()
  local out = {}
  for n = 2, 4 do
    out[#out + 1] = {("gl(%d)"):format(n), lie.gl(n)}
    out[#out + 1] = {("sl(%d)"):format(n), lie.sl(n)}
    out[#out + 1] = {("so(%d)"):format(n), lie.so(n)}
    out[#out + 1] = {("sp(%d)"):format(n), lie.sp(n)}
    out[#out + 1] = {("t(%d)"):format(n), lie.t(n)}
    out[#out + 1] = {("se(%d)"):format(n), lie.se(n)}
    out[#out + 1] = {("aff(%d)"):format(n), lie.aff(n)}
    out[#out + 1] = {("scaling(%d)"):format(n), lie.scaling(n)}
  end
  out[#out + 1] = {"so(1,3)", lie.so(1, 3)}
  out[#out + 1] = {"so(2,1)", lie.so(2, 1)}
  out[#out + 1] = {"so(2,2)", lie.so(2, 2)}
  return out
end

-- the coefficients as a plain table of q uniform numbers in [−1, 1]
local function random_coeffs(q, rng)
  local c = {}
  for i = 1, q do c[i] = rng:uniform(-1, 1) end
  return c
end

local function combination(g, c)
  local X = ls.zeros(g:size(), g:size())
  for i = 1, g:dim() do X = X + c[i] * g:generator(i) end
  return X
end

describe("ls.lie", function()
  describe("dimensions and sizes", function()
    it("match the closed forms for n = 1..5", function()
      for n = 1, 5 do
        assert.are.equal(n * n, lie.gl(n):dim())
        assert.are.equal(n, lie.gl(n):size())
        assert.are.equal(n * n - 1, lie.sl(n):dim())
        assert.are.equal(n, lie.sl(n):size())
        assert.are.equal(n * (n - 1) // 2, lie.so(n):dim())
        assert.are.equal(n, lie.so(n):size())
        assert.are.equal(n * (2 * n + 1), lie.sp(n):dim())
        assert.are.equal(2 * n, lie.sp(n):size())
        assert.are.equal(n, lie.t(n):dim())
        assert.are.equal(n + 1, lie.t(n):size())
        assert.are.equal(n * (n + 1) // 2, lie.se(n):dim())
        assert.are.equal(n + 1, lie.se(n):size())
        assert.are.equal(n * (n + 1), lie.aff(n):dim())
        assert.are.equal(n + 1, lie.aff(n):size())
        assert.are.equal(1, lie.scaling(n):dim())
        assert.are.equal(n, lie.scaling(n):size())
      end
    end)

    it("gives so(1,3) dimension 6 on 4x4 matrices", function()
      assert.are.equal(6, lie.so(1, 3):dim())
      assert.are.equal(4, lie.so(1, 3):size())
      assert.are.equal(6, lie.so(4, 0):dim())
    end)

    it("has a zero algebra of dimension 0", function()
      local z = lie.zero(3)
      assert.are.equal(0, z:dim())
      assert.are.equal(3, z:size())
      assert.are.equal(0, z:closure_residual())
    end)
  end)

  describe("closure", function()
    it("holds to 1e-14 for every built-in algebra", function()
      for _, entry in ipairs(builtins()) do
        local r = entry[2]:closure_residual()
        assert.is_true(r <= 1e-14, ("%s: closure residual %g"):format(entry[1], r))
      end
    end)

    it("fails by order 1 for a span that is not closed", function()
      local g = lie.from{unit(2, 1, 2), unit(2, 2, 1)}
      local r = g:closure_residual()
      -- [E12, E21] = E11 − E22, orthogonal to the span: residual sqrt(2)
      assert.is_true(r > 0.5, ("residual %g"):format(r))
      assert.is_near(math.sqrt(2), r, 1e-12)
      assert.is_false((g:contains(g:bracket(unit(2, 1, 2), unit(2, 2, 1)))))
    end)
  end)

  describe("structure constants", function()
    it("of so(3) are the Levi-Civita symbol", function()
      local c = lie.so(3):structure_constants()
      for i = 1, 3 do for j = 1, 3 do for k = 1, 3 do
        assert.is_near(levi_civita(i, j, k), c[i][j][k], 1e-14)
      end end end
    end)

    it("are antisymmetric for a random built-in algebra", function()
      local rng = ls.rng(7)
      local all = builtins()
      for _ = 1, 3 do
        local entry = all[rng:integer(1, #all)]
        local g = entry[2]
        local c = g:structure_constants()
        local q = g:dim()
        for i = 1, q do for j = 1, q do for k = 1, q do
          assert.is_near(-c[j][i][k], c[i][j][k], 1e-12)
        end end end
      end
    end)

    it("reproduce the brackets of sp(2)", function()
      local g = lie.sp(2)
      local c = g:structure_constants()
      local q = g:dim()
      for i = 1, q do for j = 1, q do
        local B = g:bracket(g:generator(i), g:generator(j))
        local S = ls.zeros(g:size(), g:size())
        for k = 1, q do S = S + c[i][j][k] * g:generator(k) end
        assert.is_true((B - S):norm() <= 1e-13)
      end end
    end)

    it("satisfy the Jacobi identity for sl(3)", function()
      local c = lie.sl(3):structure_constants()
      local q = #c
      assert.are.equal(8, q)
      local worst = 0
      for i = 1, q do for j = 1, q do for k = 1, q do for l = 1, q do
        local s = 0
        for m = 1, q do
          s = s + c[i][j][m] * c[m][k][l] + c[j][k][m] * c[m][i][l]
                + c[k][i][m] * c[m][j][l]
        end
        if math.abs(s) > worst then worst = math.abs(s) end
      end end end end
      assert.is_true(worst <= 1e-12, ("Jacobi defect %g"):format(worst))
    end)
  end)

  describe("Killing form", function()
    it("of so(3) is -2 I", function()
      local K = lie.so(3):killing()
      assert.is_true((K + 2 * ls.eye(3)):norm() <= 1e-13)
    end)

    it("of sl(2) is non-degenerate with signature (2, 1)", function()
      local K = lie.sl(2):killing()
      local w = K:eigh()
      local pos, neg = 0, 0
      for i = 1, 3 do
        local v = w:get(i)
        assert.is_true(math.abs(v) > 1, ("eigenvalue %g"):format(v))
        if v > 0 then pos = pos + 1 else neg = neg + 1 end
      end
      assert.are.equal(2, pos)
      assert.are.equal(1, neg)
    end)

    it("of sl(2) equals 2n tr(XY) = 4 tr(XY)", function()
      local g = lie.sl(2)
      local K = g:killing()
      for i = 1, 3 do for j = 1, 3 do
        local expected = 4 * (g:generator(i) * g:generator(j)):trace()
        assert.is_near(expected, K:get(i, j), 1e-13)
      end end
    end)
  end)

  describe("defining equations", function()
    it("so(p, q): X^T eta + eta X = 0", function()
      for _, pq in ipairs{{3, 0}, {4, 0}, {1, 3}, {2, 1}, {2, 2}, {3, 1}} do
        local p, q = pq[1], pq[2]
        local g = lie.so(p, q)
        local H = eta(p, q)
        assert.are.equal((p + q) * (p + q - 1) // 2, g:dim())
        for _, X in ipairs(g:generators()) do
          assert.is_true((X:T() * H + H * X):norm() <= 1e-15)
          assert.is_true(X:norm() > 0)
        end
      end
    end)

    it("sp(n): X^T J + J X = 0", function()
      for n = 1, 3 do
        local J = symplectic_form(n)
        for _, X in ipairs(lie.sp(n):generators()) do
          assert.is_true((X:T() * J + J * X):norm() <= 1e-15)
        end
      end
    end)

    it("sl(n): traceless", function()
      for n = 2, 4 do
        for _, X in ipairs(lie.sl(n):generators()) do
          assert.are.equal(0, X:trace())
        end
      end
    end)
  end)

  describe("exp", function()
    it("of so(3) is a rotation", function()
      local g = lie.so(3)
      local rng = ls.rng(11)
      for _ = 1, 5 do
        local c = random_coeffs(3, rng)
        local M = g:exp(c)
        assert.is_true((M:T() * M - ls.eye(3)):norm() <= 1e-13)
        assert.is_near(1, M:det(), 1e-13)
      end
    end)

    it("accepts coefficients as a Matrix", function()
      local g = lie.so(3)
      local M1 = g:exp{0.1, -0.2, 0.3}
      local M2 = g:exp(ls.vector{0.1, -0.2, 0.3})
      assert.is_true((M1 - M2):norm() <= 1e-15)
    end)

    it("of sp(2) is symplectic", function()
      local g = lie.sp(2)
      local J = symplectic_form(2)
      local rng = ls.rng(12)
      for _ = 1, 3 do
        local c = random_coeffs(g:dim(), rng)
        for i = 1, #c do c[i] = 0.5 * c[i] end
        local M = g:exp(c)
        assert.is_true((M:T() * J * M - J):norm() <= 1e-12)
      end
    end)

    it("refuses a short coefficient list", function()
      assert.has_error(function() lie.so(3):exp{1, 2} end)
    end)
  end)

  describe("coords and contains", function()
    it("recover random coefficients", function()
      local rng = ls.rng(13)
      for _, g in ipairs{lie.so(3), lie.sl(3), lie.sp(2), lie.se(3), lie.aff(2)} do
        local c = random_coeffs(g:dim(), rng)
        local X = combination(g, c)
        local got, res = g:coords(X)
        assert.is_true(res <= 1e-14, ("residual %g"):format(res))
        for i = 1, g:dim() do assert.is_near(c[i], got:get(i), 1e-13) end
        assert.is_true((g:contains(X)))
      end
    end)

    it("report the relative distance of X off the span", function()
      local g = lie.so(3)
      local rng = ls.rng(14)
      local c = random_coeffs(3, rng)
      local A = combination(g, c)
      local S = ls.randn(3, 3, rng)
      S = S + S:T()  -- symmetric: Frobenius-orthogonal to so(3)
      local X = A + S
      local got, res = g:coords(X)
      assert.is_near(S:norm() / X:norm(), res, 1e-13)
      for i = 1, 3 do assert.is_near(c[i], got:get(i), 1e-13) end
      local inside, r2 = g:contains(X)
      assert.is_false(inside)
      assert.is_near(res, r2, 1e-15)
      assert.is_true((g:contains(X, 1)))  -- a loose tolerance accepts it
    end)

    it("handle the zero matrix and the zero algebra", function()
      local _, res = lie.so(3):coords(ls.zeros(3, 3))
      assert.are.equal(0, res)
      local c, r = lie.zero(2):coords(ls.eye(2))
      assert.are.equal(0, c:rows())
      assert.are.equal(1, r)
    end)

    it("check the size of the element", function()
      assert.has_error(function() lie.so(3):coords(ls.eye(2)) end)
      assert.has_error(function() lie.so(3):contains("x") end)
    end)
  end)

  describe("orthonormal", function()
    it("gives Frobenius-orthonormal generators of the same span", function()
      for _, g in ipairs{lie.sl(3), lie.sp(2), lie.se(3), lie.so(1, 3), lie.aff(2)} do
        local h = g:orthonormal()
        assert.are.equal(g:dim(), h:dim())
        assert.are.equal(g:size(), h:size())
        local cols = {}
        for i, X in ipairs(h:generators()) do cols[i] = vec(X) end
        local B = ls.hcat(cols)
        assert.is_true((B:T() * B - ls.eye(h:dim())):norm() <= 1e-13)
        for _, X in ipairs(g:generators()) do
          local inside, res = h:contains(X)
          assert.is_true(inside, ("residual %g"):format(res))
        end
        assert.is_true(h:closure_residual() <= 1e-13)
      end
    end)
  end)

  describe("intersect", function()
    it("so(3) with sl(3) is so(3)", function()
      local h = lie.so(3):intersect(lie.sl(3))
      assert.are.equal(3, h:dim())
      for _, X in ipairs(lie.so(3):generators()) do
        assert.is_true((h:contains(X)))
      end
    end)

    it("so(3) with the scaling algebra is 0", function()
      assert.are.equal(0, lie.so(3):intersect(lie.scaling(3)):dim())
      local diagonal = lie.from{unit(3, 1, 1), unit(3, 2, 2), unit(3, 3, 3)}
      assert.are.equal(0, lie.so(3):intersect(diagonal):dim())
    end)

    it("gl(2) with so(2) is so(2)", function()
      local h = lie.gl(2):intersect(lie.so(2))
      assert.are.equal(1, h:dim())
      assert.is_true((h:contains(lie.so(2):generator(1))))
    end)

    it("refuses algebras of other sizes", function()
      assert.has_error(function() lie.so(3):intersect(lie.so(2)) end)
      assert.has_error(function() lie.so(3):intersect("x") end)
    end)
  end)

  describe("from", function()
    it("builds an algebra from independent generators", function()
      local g = lie.from({unit(2, 1, 2), unit(2, 2, 1), unit(2, 1, 1) - unit(2, 2, 2)},
                         nil, "mine")
      assert.are.equal(3, g:dim())
      assert.is_true(g:closure_residual() <= 1e-15)
      assert.are.equal(0, lie.from({}, 3):dim())
    end)

    it("copies its generators", function()
      local X = unit(2, 1, 2)
      local g = lie.from{X}
      X:set(1, 1, 5)
      assert.are.equal(0, g:generator(1):get(1, 1))
    end)

    it("refuses a linearly dependent basis", function()
      assert.has_error(function()
        lie.from{unit(2, 1, 2), unit(2, 2, 1), unit(2, 1, 2) + unit(2, 2, 1)}
      end)
      local ok, err = pcall(lie.from, {unit(2, 1, 2), 2 * unit(2, 1, 2)})
      assert.is_false(ok)
      assert.matches("linearly dependent", err, 1, true)
    end)

    it("refuses a non-square generator", function()
      local ok, err = pcall(lie.from, {ls.zeros(2, 3)})
      assert.is_false(ok)
      assert.matches("square", err, 1, true)
    end)

    it("refuses generators of mixed sizes", function()
      local ok, err = pcall(lie.from, {unit(2, 1, 2), unit(3, 1, 2)})
      assert.is_false(ok)
      assert.matches("3x3", err, 1, true)
    end)

    it("refuses entries that are not matrices", function()
      local ok, err = pcall(lie.from, {unit(2, 1, 2), "E21"})
      assert.is_false(ok)
      assert.matches("matrix expected", err, 1, true)
      assert.has_error(function() lie.from(42) end)
      assert.has_error(function() lie.from{} end)  -- no size for an empty basis
    end)

    it("checks generator indices", function()
      assert.has_error(function() lie.so(3):generator(4) end)
    end)
  end)
end)

describe("ls.group", function()
  local function orthogonality(M)
    return (M:T() * M - ls.eye(M:rows())):norm()
  end

  it("O(3) samples are orthogonal with det +-1, both signs occurring", function()
    local G = group.O(3)
    local rng = ls.rng(21)
    local seen = {}
    for _ = 1, 20 do
      local M = G:sample(rng).matrix
      assert.is_true(orthogonality(M) <= 1e-13)
      local d = M:det()
      assert.is_near(1, math.abs(d), 1e-13)
      seen[d > 0 and 1 or -1] = true
    end
    assert.is_true(seen[1] and seen[-1])
  end)

  it("SO(3) samples are rotations", function()
    local G = group.SO(3)
    local rng = ls.rng(22)
    for _ = 1, 10 do
      local M = G:sample(rng).matrix
      assert.is_true(orthogonality(M) <= 1e-13)
      assert.is_near(1, M:det(), 1e-13)
    end
  end)

  it("S(n) samples are permutation matrices", function()
    local rng = ls.rng(23)
    for n = 2, 5 do
      local G = group.S(n)
      for _ = 1, 10 do
        local M = G:sample(rng).matrix
        for i = 1, n do
          local rs, cs = 0, 0
          for j = 1, n do
            local a = M:get(i, j)
            assert.is_true(a == 0 or a == 1)
            rs = rs + a
            cs = cs + M:get(j, i)
          end
          assert.are.equal(1, rs)
          assert.are.equal(1, cs)
        end
      end
    end
  end)

  it("SO+(1,3) samples preserve the Minkowski metric", function()
    local G = group.SO13()
    local H = ls.diag{1, -1, -1, -1}
    local rng = ls.rng(24)
    for _ = 1, 10 do
      local M = G:sample(rng).matrix
      assert.is_true((M:T() * H * M - H):norm() <= 1e-11 * M:norm() ^ 2)
      assert.is_near(1, M:det(), 1e-10)
      assert.is_true(M:get(1, 1) >= 1 - 1e-12)  -- orthochronous
    end
  end)

  it("O(1,3) samples preserve the Minkowski metric", function()
    local G = group.O13()
    local H = ls.diag{1, -1, -1, -1}
    local rng = ls.rng(25)
    for _ = 1, 10 do
      local M = G:sample(rng).matrix
      assert.is_true((M:T() * H * M - H):norm() <= 1e-11 * M:norm() ^ 2)
    end
  end)

  it("Sp(2) samples are symplectic", function()
    local G = group.Sp(2)
    local J = symplectic_form(2)
    local rng = ls.rng(26)
    for _ = 1, 5 do
      local M = G:sample(rng, {scale = 0.5}).matrix
      assert.is_true((M:T() * J * M - J):norm() <= 1e-12 * M:norm() ^ 2)
    end
  end)

  it("D(4): the rotation generator has order 4, the reflection order 2", function()
    local G = group.D(4)
    local V = ls.action.V(G)
    local R, F = V:rho(1), V:rho(2)
    assert.is_true((R * R * R * R - ls.eye(2)):norm() <= 1e-14)
    assert.is_true((R * R - ls.eye(2)):norm() > 1)
    assert.is_true((F * F - ls.eye(2)):norm() == 0)
    -- F R F = R^-1
    assert.is_true((F * R * F - R:T()):norm() <= 1e-15)
  end)

  it("has the documented sizes", function()
    assert.are.equal(3, group.SO(3):size())
    assert.are.equal(4, group.SE(3):size())
    assert.are.equal(4, group.E(3):size())
    assert.are.equal(3, group.T(2):size())
    assert.are.equal(6, group.Sp(3):size())
    assert.are.equal(4, group.SO13():size())
    assert.are.equal(2, group.D(5):size())
    assert.are.equal(5, group.Z(5):size())
  end)

  it("samples carry their recipe", function()
    local G = group.O(3)
    local g = G:sample(ls.rng(27))
    assert.are.equal(3, #g.coeffs)
    local M = G.algebra:exp(g.coeffs)
    for _, j in ipairs(g.word) do M = M * ls.action.V(G):rho(j) end
    assert.is_true((M - g.matrix):norm() <= 1e-14)
  end)

  it("same() compares groups built the same way", function()
    assert.is_true(group.SO(3):same(group.SO(3)))
    assert.is_false(group.SO(3):same(group.O(3)))
    assert.is_false(group.S(3):same(group.Z(3)))
  end)

  it("from() validates its specification", function()
    local G = group.from{algebra = lie.so(2), discrete = {ls.diag{1, -1}}, name = "O2"}
    assert.are.equal(2, G:size())
    assert.has_error(function() group.from{discrete = {ls.zeros(2, 2)}} end)
    assert.has_error(function() group.from{algebra = lie.so(2), discrete = {ls.eye(3)}} end)
    assert.has_error(function() group.from{} end)
    assert.has_error(function() group.from(1) end)
  end)
end)
