-- ls.enforce on linear representations with exact answers: counts of
-- invariant tensors and equivariant maps from classical invariant theory.
local ls = require "liesym"

local group, action = ls.group, ls.action
local V, T, hom = action.V, action.T, action.hom

local TOL = 1e-10

-- the largest equivariance error of every basis vector of S in hom(Rin, Rout)
local function check(S, Rin, Rout, G, seed)
  return ls.check_equivariance(S, Rin, Rout, G, {samples = 3, rng = ls.rng(seed)})
end

-- S is the space of fixed vectors of R: dimension d and each basis vector
-- equivariant as a map from the trivial representation
local function expect_fixed(R, G, d, seed, label)
  local S = ls.enforce(R)
  assert.are.equal(d, S:dim(), label)
  if d > 0 then
    local e = check(S, action.trivial(G), R, G, seed)
    assert.is_true(e <= TOL, ("%s: equivariance error %g"):format(label, e))
  end
  return S
end

local function expect_hom(A, B, G, d, seed, label)
  local S = ls.enforce(hom(A, B))
  assert.are.equal(d, S:dim(), label)
  if d > 0 then
    local e = check(S, A, B, G, seed)
    assert.is_true(e <= TOL, ("%s: equivariance error %g"):format(label, e))
  end
  return S
end

local function orthonormality(Q)
  return (Q:T() * Q - ls.eye(Q:cols())):norm()
end

-- J = [[0, I], [−I, 0]] of size 2n
local function symplectic_form(n)
  local J = ls.zeros(2 * n, 2 * n)
  for i = 1, n do
    J:set(i, n + i, 1)
    J:set(n + i, i, -1)
  end
  return J
end

-- ‖A − (⟨A,B⟩/⟨B,B⟩) B‖ / ‖A‖: 0 when A is a multiple of B
local function off_proportional(A, B)
  local a, b = A:reshape(A:rows() * A:cols(), 1), B:reshape(B:rows() * B:cols(), 1)
  local s = a:dot(b) / b:dot(b)
  return (a - s * b):norm() / a:norm()
end

describe("enforce: finite groups", function()
  it("Z(6): hom(V, V) has dimension 6 (circulants)", function()
    local G = group.Z(6)
    local S = expect_hom(V(G), V(G), G, 6, 1, "Z6")
    -- every element is circulant: W(i+1, j+1) = W(i, j)
    local W = S:sample(ls.rng(2)):reshape(6, 6)
    for i = 1, 6 do for j = 1, 6 do
      assert.is_near(W:get(i, j), W:get(i % 6 + 1, j % 6 + 1), 1e-12)
    end end
  end)

  it("S(6): hom(V^2, V^2) has dimension 15", function()
    local G = group.S(6)
    expect_hom(V(G) ^ 2, V(G) ^ 2, G, 15, 3, "S6 V2->V2")
  end)

  it("S(6): hom(V + V^2, V) has dimension 7", function()
    local G = group.S(6)
    local S = expect_hom(V(G) + V(G) ^ 2, V(G), G, 7, 4, "S6 V+V2->V")
    assert.are.equal(6 * 42, S:ambient_dim())
  end)

  -- #heavy: a 3125-dimensional dense Gram solve; too slow under valgrind
  -- (make check-valgrind skips it, the AddressSanitizer run keeps it)
  it("S(5): T(5, 0) has 52 fixed vectors #heavy", function()
    local G = group.S(5)
    local R = T(5, 0, G)
    local S = ls.enforce(R)
    assert.are.equal(52, S:dim())
    local Q = S:basis()
    assert.are.equal(3125, Q:rows())
    assert.is_true(orthonormality(Q) <= 1e-10)
    local rng = ls.rng(5)
    for _ = 1, 3 do
      local g = G:sample(rng)
      local e = (R:apply(g, Q) - Q):norm() / Q:norm()
      assert.is_true(e <= TOL, ("fixed-vector error %g"):format(e))
    end
  end)
end)

describe("enforce: compact groups", function()
  it("SO(3): T(k, 0) for k = 0..6", function()
    local G = group.SO(3)
    local expected = {[0] = 1, 0, 1, 1, 3, 6, 15}
    for k = 0, 6 do
      expect_fixed(T(k, 0, G), G, expected[k], 10 + k, ("SO3 T(%d)"):format(k))
    end
  end)

  it("SO(3): hom(V^2, V) is the cross product", function()
    local G = group.SO(3)
    local S = expect_hom(V(G) ^ 2, V(G), G, 1, 20, "SO3 cross")
    local W = S:basis():reshape(3, 9)
    local rng = ls.rng(21)
    for _ = 1, 3 do
      local a, b = ls.randn(3, 1, rng), ls.randn(3, 1, rng)
      local cross = ls.vector{a:get(2) * b:get(3) - a:get(3) * b:get(2),
                              a:get(3) * b:get(1) - a:get(1) * b:get(3),
                              a:get(1) * b:get(2) - a:get(2) * b:get(1)}
      local y = W * a:kron(b)
      assert.is_true(off_proportional(y, cross) <= 1e-12)
      -- the same scale for every a, b: y = s (a x b) with |s| = 1/sqrt(6)
      assert.is_near(1 / math.sqrt(6), y:norm() / cross:norm(), 1e-12)
    end
  end)

  it("O(3): T(k) for k = 0..6", function()
    local G = group.O(3)
    local expected = {[0] = 1, 0, 1, 0, 3, 0, 15}
    for k = 0, 6 do
      expect_fixed(T(k, 0, G), G, expected[k], 30 + k, ("O3 T(%d)"):format(k))
    end
  end)

  it("SO(2): T(k) for k = 0..6", function()
    local G = group.SO(2)
    local expected = {[0] = 1, 0, 2, 0, 6, 0, 20}
    for k = 0, 6 do
      expect_fixed(T(k, 0, G), G, expected[k], 40 + k, ("SO2 T(%d)"):format(k))
    end
  end)

  it("O(2): T(k) for k = 0..6", function()
    local G = group.O(2)
    local expected = {[0] = 1, 0, 1, 0, 3, 0, 10}
    for k = 0, 6 do
      expect_fixed(T(k, 0, G), G, expected[k], 50 + k, ("O2 T(%d)"):format(k))
    end
  end)

  it("O(3): mixed T(1, 1) is the identity", function()
    local G = group.O(3)
    local S = expect_fixed(T(1, 1, G), G, 1, 60, "O3 T(1,1)")
    assert.is_true(off_proportional(S:basis():reshape(3, 3), ls.eye(3)) <= 1e-12)
  end)
end)

describe("enforce: non-compact groups", function()
  it("SO+(1,3): T(2, 2) has dimension 4", function()
    local G = group.SO13()
    expect_fixed(T(2, 2, G), G, 4, 70, "SO13 T(2,2)")
  end)

  it("O(1,3): T(2, 2) has dimension 3", function()
    local G = group.O13()
    expect_fixed(T(2, 2, G), G, 3, 71, "O13 T(2,2)")
  end)

  it("Sp(n): the invariant bilinear form is J", function()
    for n = 1, 3 do
      local G = group.Sp(n)
      local W = V(G)
      local S = expect_hom(W ^ 2, action.trivial(G), G, 1, 80 + n, ("Sp(%d)"):format(n))
      local B = S:basis():reshape(2 * n, 2 * n)
      assert.is_true(off_proportional(B, symplectic_form(n)) <= 1e-12)
      -- the same through fixed vectors of V* ⊗ V*
      local F = expect_fixed(W:dual() ^ 2, G, 1, 90 + n, ("Sp(%d) dual"):format(n))
      assert.is_true(off_proportional(F:basis():reshape(2 * n, 2 * n),
                                      symplectic_form(n)) <= 1e-12)
    end
  end)

  it("GL(n): V x V* holds the identity, V x V nothing", function()
    for n = 2, 3 do
      local G = group.GL(n)
      local W = V(G)
      local S = expect_fixed(W * W:dual(), G, 1, 100 + n, ("GL(%d) VV*"):format(n))
      assert.is_true(off_proportional(S:basis():reshape(n, n), ls.eye(n)) <= 1e-12)
      expect_fixed(W * W, G, 0, 110 + n, ("GL(%d) VV"):format(n))
      expect_hom(W, W, G, 1, 120 + n, ("GL(%d) hom"):format(n))
    end
  end)
end)

describe("enforce: solvers", function()
  local cases = {
    {"SO(3) T(4)", function() return T(4, 0, group.SO(3)) end, 3},
    {"O(2) T(4)", function() return T(4, 0, group.O(2)) end, 3},
  }
  for _, case in ipairs(cases) do
    it("SVD, Gram and iterative solvers agree on " .. case[1], function()
      local R = case[2]()
      local A = ls.enforce(R, {method = "svd"})
      local QA = A:basis()
      assert.are.equal(case[3], A:dim())
      assert.are.equal("svd", A:spectrum().method)
      assert.is_true(orthonormality(QA) <= 1e-12)
      for _, method in ipairs{"gram", "iterative"} do
        local B = ls.enforce(R, {method = method, block = 2})
        assert.are.equal(case[3], B:dim())
        assert.are.equal(method, B:spectrum().method)
        local QB = B:basis()
        assert.is_true(orthonormality(QB) <= 1e-10)
        assert.is_true((QA * QA:T() - QB * QB:T()):norm() <= 1e-9)
      end
    end)
  end

  it("reports a spectrum with a large gap for exact problems", function()
    for _, R in ipairs{T(4, 0, group.SO(3)), T(4, 0, group.O(2)),
                       hom(V(group.S(4)) ^ 2, V(group.S(4)))} do
      for _, method in ipairs{"svd", "gram", "iterative"} do
        local S = ls.enforce(R, {method = method})
        local s = S:spectrum()
        assert.are.equal("table", type(s.values))
        assert.is_true(#s.values >= 1)
        assert.are.equal("number", type(s.tol))
        assert.is_true(s.tol > 0)
        assert.are.equal(R:dim() - S:dim(), s.rank)
        -- the gap is measured against the method's accuracy floor: eps-level
        -- for the SVD, sqrt(eps)-level for the Gram-based methods
        local want = (method == "svd") and 1e10 or 1e4
        assert.is_true(s.gap > want, ("%s %s: gap %g"):format(tostring(R), method, s.gap))
        assert.is_true(s.clear)
        for i = 2, #s.values do assert.is_true(s.values[i] <= s.values[i - 1]) end
      end
    end
  end)

  it("takes an explicit tolerance", function()
    local R = T(2, 0, group.SO(3))
    assert.are.equal(1, ls.enforce(R, {tol = 1e-8}):dim())
    assert.are.equal(9, ls.enforce(R, {tol = 1e3}):dim())  -- everything passes
    assert.has_error(function() ls.enforce(R, {tol = -1}) end)
    assert.has_error(function() ls.enforce(R, {method = "qr"}) end)
  end)
end)

describe("enforce: structured sums", function()
  local G = group.S(4)
  local V0, W = action.trivial(G), V(G)
  local types = {{V0, 3}, {W, 2}, {W ^ 2, 1}}
  local R = 3 * V0 + 2 * W + W ^ 2

  it("has the dimension sum_ab m_a m_b d_ab", function()
    local expected = 0
    for _, a in ipairs(types) do
      for _, b in ipairs(types) do
        expected = expected + a[2] * b[2] * ls.enforce(hom(a[1], b[1])):dim()
      end
    end
    assert.are.equal(27, R:dim())
    local S = ls.enforce(hom(R, R))
    assert.are.equal(expected, S:dim())
    assert.are.equal(27 * 27, S:ambient_dim())
    -- 9·1 + 6·1 + 3·2 + 6·1 + 4·2 + 2·5 + 3·2 + 2·5 + 1·15 = 76
    assert.are.equal(76, expected)
  end)

  it("agrees with the dense solve of the materialised action", function()
    local S = ls.enforce(hom(R, R))
    local M = action.materialize(R)
    assert.are.equal(27, M:dim())
    local D = ls.enforce(hom(M, M))
    assert.are.equal(D:dim(), S:dim())
    local Q = D:basis()
    local rng = ls.rng(200)
    local v = ls.randn(27 * 27, 2, rng)
    local diff = (S:project(v) - Q * (Q:T() * v)):norm()
    assert.is_true(diff <= 1e-10 * v:norm(), ("projector difference %g"):format(diff))
    -- a 27x27 matrix is projected as a matrix
    local Wm = v:col(1):reshape(27, 27)
    assert.is_true((S:project(Wm):reshape(729, 1) - S:project(v:col(1))):norm() <= 1e-14)
  end)

  it("samples equivariant maps and has an orthonormal basis", function()
    local S = ls.enforce(hom(R, R))
    local s = S:sample(ls.rng(201))
    assert.are.equal(729, s:rows())
    assert.is_true(s:norm() > 0)
    assert.is_true((S:project(s) - s):norm() <= 1e-12 * s:norm())
    assert.is_true(ls.check_equivariance(s, R, R, G, {samples = 3, rng = ls.rng(202)}) <= TOL)
    local Q = S:basis()
    assert.are.equal(76, Q:cols())
    assert.is_true(orthonormality(Q) <= 1e-12)
    assert.is_true(check(S, R, R, G, 203) <= TOL)
  end)

  it("solves a direct sum blockwise", function()
    local H = group.SO(3)
    local U = T(2, 0, H) + V(H) + T(4, 0, H)
    local S = ls.enforce(U)
    assert.are.equal(1 + 0 + 3, S:dim())
    assert.are.equal(9 + 3 + 81, S:ambient_dim())
    local Q = S:basis()
    assert.is_true(orthonormality(Q) <= 1e-12)
    assert.is_true(check(S, action.trivial(H), U, H, 204) <= TOL)
    assert.is_true(S:spectrum().gap > 1e6)
  end)
end)

describe("actions", function()
  it("sym(V, 2) of SO(3) has dimension 6 and one invariant", function()
    local G = group.SO(3)
    local S2 = action.sym(V(G), 2)
    assert.are.equal(6, S2:dim())
    local S = expect_hom(S2, action.trivial(G), G, 1, 300, "Sym2 -> V0")
    assert.are.equal(6, S:ambient_dim())
    assert.are.equal(10, action.sym(V(G), 3):dim())
    expect_fixed(action.sym(V(G), 3), G, 0, 301, "Sym3")
    expect_fixed(action.sym(V(G), 4), G, 1, 302, "Sym4")
  end)

  it("dual of dual gives back the representation", function()
    local G = group.O(3)
    local W = V(G)
    local DD = W:dual():dual()
    for i = 1, 3 do assert.is_true((DD:drho(i) - W:drho(i)):norm() <= 1e-15) end
    assert.is_true((DD:rho(1) - W:rho(1)):norm() <= 1e-15)
    local g = G:sample(ls.rng(310))
    assert.is_true((DD:rho_of(g) - W:rho_of(g)):norm() <= 1e-13)
  end)

  it("tensor products agree with explicit Kronecker products", function()
    local G = group.O(3)
    local W = V(G)
    local R = W * W:dual()
    for i = 1, 3 do
      local A, B = W:drho(i), W:dual():drho(i)
      local expected = A:kron(ls.eye(3)) + ls.eye(3):kron(B)
      assert.is_true((R:drho(i) - expected):norm() <= 1e-14)
    end
    local h = W:rho(1)
    assert.is_true((R:rho(1) - h:kron(h:inv():T())):norm() <= 1e-14)
    local rng = ls.rng(320)
    for _ = 1, 3 do
      local g = G:sample(rng)
      local M = g.matrix
      local expected = M:kron(M:inv():T())
      assert.is_true((R:rho_of(g) - expected):norm() <= 1e-12)
      assert.is_true((R:rho_of(M) - expected):norm() <= 1e-12)
      local X = ls.randn(9, 2, rng)
      assert.is_true((R:apply(g, X) - expected * X):norm() <= 1e-12)
      assert.is_true((R:apply_transpose(g, X) - expected:T() * X):norm() <= 1e-12)
    end
    -- three factors
    local R3 = W ^ 3
    local g = G:sample(rng)
    local M = g.matrix
    assert.is_true((R3:rho_of(g) - M:kron(M):kron(M)):norm() <= 1e-12)
    local A = W:drho(2)
    local I = ls.eye(3)
    local expected = A:kron(I):kron(I) + I:kron(A):kron(I) + I:kron(I):kron(A)
    assert.is_true((R3:drho(2) - expected):norm() <= 1e-14)
  end)

  it("direct sums are block diagonal", function()
    local G = group.O(2)
    local W = V(G)
    local R = W + W ^ 2
    assert.are.equal(6, R:dim())
    local g = G:sample(ls.rng(330))
    local M = g.matrix
    local rho = R:rho_of(g)
    assert.is_true((rho:sub(1, 2, 1, 2) - M):norm() <= 1e-13)
    assert.is_true((rho:sub(3, 6, 3, 6) - M:kron(M)):norm() <= 1e-13)
    assert.are.equal(0, rho:sub(1, 2, 3, 6):norm())
    assert.are.equal(0, rho:sub(3, 6, 1, 2):norm())
  end)

  it("custom SO(2) from its rotation generator reproduces V", function()
    local G = group.SO(2)
    local C = action.custom(G, {ls.matrix{{0, -1}, {1, 0}}}, {})
    local W = V(G)
    assert.is_true((C:drho(1) - W:drho(1)):norm() == 0)
    local rng = ls.rng(340)
    local g = G:sample(rng)
    assert.is_true((C:rho_of(g) - W:rho_of(g)):norm() <= 1e-14)
    assert.has_error(function() C:rho_of(g.matrix) end)  -- no defining formula
    for k = 1, 4 do
      local A, B = ls.enforce(C ^ k), ls.enforce(W ^ k)
      assert.are.equal(B:dim(), A:dim())
      if A:dim() > 0 then
        local QA, QB = A:basis(), B:basis()
        assert.is_true((QA * QA:T() - QB * QB:T()):norm() <= 1e-10)
      end
    end
    expect_hom(C, C, G, 2, 341, "custom hom")
  end)

  it("the dual of hom(A, B) between sums is rho^-T, and maps out of it are equivariant", function()
    local G = group.SO(3)
    local A = V(G) + action.trivial(G)
    local H = hom(A, V(G))  -- a structured hom: A is a sum
    assert.are.equal(12, H:dim())
    local D = H:dual()
    assert.are.equal(12, D:dim())
    local rng = ls.rng(360)
    for _ = 1, 2 do
      local g = G:sample(rng)
      assert.is_true((D:rho_of(g) - H:rho_of(g):inv():T()):norm() <= 1e-12)
    end
    for i = 1, 3 do
      assert.is_true((D:drho(i) + H:drho(i):T()):norm() <= 1e-14)
    end
    -- invariant functionals on hom(V + V0, V): the trace of the V block
    local S = expect_hom(H, action.trivial(G), G, 1, 361, "hom(hom(A, B), V0)")
    local W = S:basis():reshape(3, 4)  -- as a 3x4 map A -> V
    local Ip = ls.zeros(3, 4)
    for i = 1, 3 do Ip:set(i, i, 1) end
    assert.is_true(off_proportional(W, Ip) <= 1e-12)
  end)

  it("hom(A, B) acts on vec(W) column-major", function()
    local G = group.SO(3)
    local A, B = V(G), V(G) ^ 2
    local H = hom(A, B)
    assert.are.equal(27, H:dim())
    local rng = ls.rng(350)
    local g = G:sample(rng)
    local Wm = ls.randn(9, 3, rng)
    local lhs = H:apply(g, Wm:reshape(27, 1)):reshape(9, 3)
    local rhs = B:rho_of(g) * Wm * A:rho_of(g):inv()
    assert.is_true((lhs - rhs):norm() <= 1e-12)
  end)
end)

describe("errors", function()
  it("mixing groups raises 'mismatched groups'", function()
    local ok, err = pcall(function() return V(group.SO(3)) + V(group.O(3)) end)
    assert.is_false(ok)
    assert.matches("mismatched groups", err, 1, true)
    ok, err = pcall(function() return V(group.SO(3)) * V(group.O(3)) end)
    assert.is_false(ok)
    assert.matches("mismatched groups", err, 1, true)
    ok, err = pcall(hom, V(group.SO(3)), V(group.SO(2)))
    assert.is_false(ok)
    assert.matches("mismatched groups", err, 1, true)
    -- groups built twice the same way match
    assert.are.equal(6, (V(group.SO(3)) + V(group.SO(3))):dim())
  end)

  it("custom checks the number and size of its matrices", function()
    local G = group.SO(3)
    local L = G.algebra:generators()
    assert.has_error(function() action.custom(G, {L[1], L[2]}, {}) end)
    assert.has_error(function() action.custom(G, L, {ls.eye(3)}) end)
    assert.has_error(function() action.custom(G, {L[1], L[2], ls.eye(2)}, {}) end)
    assert.has_error(function() action.custom(G, {L[1], L[2], ls.zeros(3, 2)}, {}) end)
    assert.has_error(function() action.custom(G, {L[1], L[2], "x"}, {}) end)
    assert.has_error(function() action.custom(group.S(3), {}, {ls.eye(3)}) end)
    assert.has_error(function() action.custom(group.Z(3), {}, {}) end)
    local ok, err = pcall(action.custom, G, {L[1]}, {})
    assert.is_false(ok)
    assert.matches("3 algebra generators expected, got 1", err, 1, true)
  end)

  it("enforce of a non-action names 'enforce'", function()
    for _, bad in ipairs{42, "V", {}, ls.eye(3), group.SO(3)} do
      local ok, err = pcall(ls.enforce, bad)
      assert.is_false(ok)
      assert.matches("'enforce'", err, 1, true)
    end
  end)

  it("check_equivariance checks shapes", function()
    local G = group.SO(3)
    assert.has_error(function()
      ls.check_equivariance(ls.zeros(2, 2), V(G), V(G), G)
    end)
    assert.has_error(function()
      ls.check_equivariance("W", V(G), V(G), G)
    end)
  end)

  it("operators check their operands", function()
    local W = V(group.SO(3))
    assert.has_error(function() return W ^ -1 end)
    assert.has_error(function() return 0 * W end)
    assert.has_error(function() return action.sym(W, 0) end)
    assert.has_error(function() return W:drho(4) end)
    assert.has_error(function() return W:rho_of("g") end)
    assert.has_error(function() return V(42) end)
  end)
end)
