-- Decompositions and solvers, each checked through the identities that
-- define it (reconstruction, orthogonality, triangularity, Penrose ...).
local ls = require "liesym"

local eps = 2.0^-52

-- largest |entry| of A - B, after checking the shapes agree
local function maxdiff (A, B)
  assert.are.same({A:shape()}, {B:shape()})
  return (A - B):norm("max")
end

-- ||A - B||_F <= tol * scale
local function close (A, B, tol, scale)
  assert.are.same({A:shape()}, {B:shape()})
  local err = (A - B):norm()
  assert.is_true(err <= tol * (scale or 1),
                 string.format("error %.3g > %.3g", err, tol * (scale or 1)))
end

-- Q^T Q = I entrywise to tol
local function orthonormal (Q, tol)
  local k = Q:cols()
  assert.is_true(maxdiff(Q:T() * Q, ls.eye(k)) <= tol)
end

-- m x n of rank r: a product of thin random factors
local function lowrank (m, n, r, rng)
  return ls.randn(m, r, rng) * ls.randn(r, n, rng)
end

-- A with the columns of a permutation table p (1-based)
local function permute_cols (A, p)
  local cols = {}
  for j = 1, #p do cols[j] = A:col(p[j]) end
  return ls.hcat(cols)
end

describe("linalg", function()
  local rng

  before_each(function()
    rng = ls.rng(7)
  end)

  describe("svd", function()
    local cases = {
      {"tall", function (g) return ls.randn(30, 12, g) end, 12},
      {"wide", function (g) return ls.randn(12, 30, g) end, 12},
      {"square", function (g) return ls.randn(20, 20, g) end, 20},
      {"row", function (g) return ls.randn(1, 7, g) end, 1},
      {"column", function (g) return ls.randn(7, 1, g) end, 1},
      {"rank-deficient tall", function (g) return lowrank(25, 10, 4, g) end, 4},
      {"rank-deficient wide", function (g) return lowrank(8, 40, 3, g) end, 3},
      {"rank-deficient square", function (g) return lowrank(15, 15, 7, g) end, 7},
      {"zero", function () return ls.zeros(4, 3) end, 0},
      {"very tall", function (g) return ls.randn(120, 6, g) end, 6},
      {"very wide", function (g) return lowrank(6, 120, 5, g) end, 5},
    }

    for _, case in ipairs(cases) do
      it("factors a " .. case[1] .. " matrix", function()
        local A = case[2](rng)
        local m, n = A:shape()
        local k = math.min(m, n)
        local U, s, V = A:svd()
        assert.are.same({m, k}, {U:shape()})
        assert.are.same({k, 1}, {s:shape()})
        assert.are.same({n, k}, {V:shape()})
        close(U * ls.diag(s) * V:T(), A, 1e-13, A:norm())
        orthonormal(U, 1e-13)
        orthonormal(V, 1e-13)
        for i = 1, k do
          assert.is_true(s:get(i) >= 0)
          if i > 1 then assert.is_true(s:get(i) <= s:get(i - 1)) end
        end
        -- exactly the constructed rank is above rounding level
        local r = 0
        for i = 1, k do
          if s:get(i) > 1e-12 * s:get(1) then r = r + 1 end
        end
        assert.are.equal(case[3], r)
        -- the singular values alone agree
        local sv = A:svdvals()
        assert.are.same({k, 1}, {sv:shape()})
        assert.is_true(maxdiff(sv, s) <= 1e-13 * math.max(s:get(1), 1))
      end)
    end

    it("finds known singular values", function()
      -- orthogonal factors from QR, then prescribed singular values
      local Q1 = ls.randn(6, 4, rng):qr()
      local Q2 = ls.randn(4, 4, rng):qr()
      local A = Q1 * ls.diag{9, 4, 1, 0.25} * Q2:T()
      local s = A:svdvals()
      local want = {9, 4, 1, 0.25}
      for i = 1, 4 do assert.is_true(math.abs(s:get(i) - want[i]) <= 1e-13 * 9) end
    end)

    it("is the eigen-decomposition of A^T A", function()
      local A = ls.randn(9, 5, rng)
      local w = (A:T() * A):eigh()
      local s = A:svdvals()
      for i = 1, 5 do
        assert.is_true(math.abs(s:get(i)^2 - w:get(6 - i)) <= 1e-12 * s:get(1)^2)
      end
    end)
  end)

  describe("eigh", function()
    it("A V = V diag(w), w ascending, V orthonormal", function()
      for _, n in ipairs{1, 2, 5, 30} do
        local B = ls.randn(n, n, rng)
        local A = B + B:T()
        local w, V = A:eigh()
        assert.are.same({n, 1}, {w:shape()})
        assert.are.same({n, n}, {V:shape()})
        close(A * V, V * ls.diag(w), 1e-13, A:norm())
        orthonormal(V, 1e-13)
        for i = 2, n do assert.is_true(w:get(i) >= w:get(i - 1)) end
        -- trace is the sum of eigenvalues
        assert.is_true(math.abs(w:sum() - A:trace()) <= 1e-13 * n * A:norm())
      end
    end)

    it("works at any scale", function()
      local B = ls.randn(4, 4, rng)
      local A = B + B:T()
      local w = A:eigh()
      for _, scale in ipairs{1e200, 1e-170} do
        local ws, V = (A * scale):eigh()
        for i = 1, 4 do
          assert.is_true(math.abs(ws:get(i) / scale - w:get(i)) <= 1e-13 * A:norm())
        end
        orthonormal(V, 1e-13)
        local L = ((B * B:T() + ls.eye(4)) * scale):chol()
        close(L * L:T() / scale, B * B:T() + ls.eye(4), 1e-13, B:norm()^2)
      end
    end)

    it("finds known eigenvalues", function()
      local Q = ls.randn(4, 4, rng):qr()
      local A = Q * ls.diag{3, -1, 2, 0.5} * Q:T()
      A = (A + A:T()) / 2
      local w = A:eigh()
      local want = {-1, 0.5, 2, 3}
      for i = 1, 4 do assert.is_true(math.abs(w:get(i) - want[i]) <= 1e-14 * 30) end
    end)
  end)

  describe("eig", function()
    -- check A v = lambda v for every eigenpair, with LAPACK's real packing of
    -- complex pairs: columns j, j+1 hold the real and imaginary parts
    local function check_eigenpairs (A, wr, wi, V, tol)
      local n = A:rows()
      local AV = A * V
      local j = 1
      while j <= n do
        local a, b = wr:get(j), wi:get(j)
        if b == 0 then
          local x = V:col(j)
          assert.is_true((AV:col(j) - x * a):norm() <= tol * x:norm())
          j = j + 1
        else
          assert.is_true(j < n)
          -- the conjugate eigenvalue follows
          assert.are.equal(a, wr:get(j + 1))
          assert.are.equal(-b, wi:get(j + 1))
          local x, y = V:col(j), V:col(j + 1)
          -- A (x + iy) = (a + ib)(x + iy):  A x = a x - b y,  A y = b x + a y
          local size = math.sqrt(x:norm()^2 + y:norm()^2)
          assert.is_true((AV:col(j) - (x * a - y * b)):norm() <= tol * size)
          assert.is_true((AV:col(j + 1) - (x * b + y * a)):norm() <= tol * size)
          j = j + 2
        end
      end
    end

    local function sorted (w)
      local t = {}
      for i = 1, w:rows() do t[i] = w:get(i) end
      table.sort(t)
      return t
    end

    it("finds the real eigenvalues of S diag(1,2,3) S^-1", function()
      local S = ls.eye(3) + ls.randn(3, 3, rng) * 0.3
      local A = S * ls.diag{1, 2, 3} * S:inv()
      local wr, wi, V = A:eig()
      assert.are.same({3, 1}, {wr:shape()})
      assert.are.same({3, 3}, {V:shape()})
      local t = sorted(wr)
      for i = 1, 3 do assert.is_true(math.abs(t[i] - i) <= 1e-12) end
      for i = 1, 3 do assert.are.equal(0, wi:get(i)) end
      check_eigenpairs(A, wr, wi, V, 1e-12)
    end)

    it("finds the complex pair cos t +- i sin t of a rotation", function()
      local t = 0.7
      local c, s = math.cos(t), math.sin(t)
      local R = ls.matrix{{c, -s, 0}, {s, c, 0}, {0, 0, 2}}
      local wr, wi, V = R:eig()
      local found_pair, found_real = false, false
      for j = 1, 3 do
        if wi:get(j) ~= 0 then
          found_pair = true
          assert.is_true(math.abs(wr:get(j) - c) <= 1e-14)
          assert.is_true(math.abs(math.abs(wi:get(j)) - s) <= 1e-14)
        else
          found_real = true
          assert.is_true(math.abs(wr:get(j) - 2) <= 1e-14)
        end
      end
      assert.is_true(found_pair and found_real)
      check_eigenpairs(R, wr, wi, V, 1e-13)
      -- a similarity transform keeps the spectrum
      local S = ls.eye(3) + ls.randn(3, 3, rng) * 0.2
      local A = S * R * S:inv()
      local wr2, wi2, V2 = A:eig()
      check_eigenpairs(A, wr2, wi2, V2, 1e-12)
      local ims = sorted(wi2)
      assert.is_true(math.abs(ims[1] + s) <= 1e-12)
      assert.is_true(math.abs(ims[2]) == 0)
      assert.is_true(math.abs(ims[3] - s) <= 1e-12)
    end)

    it("every eigenpair of a random matrix checks out", function()
      local A = ls.randn(12, 12, rng)
      local wr, wi, V = A:eig()
      check_eigenpairs(A, wr, wi, V, 1e-12 * A:norm())
      -- sum of eigenvalues = trace; imaginary parts cancel
      assert.is_true(math.abs(wr:sum() - A:trace()) <= 1e-12 * A:norm())
      assert.is_true(math.abs(wi:sum()) <= 1e-12 * A:norm())
    end)
  end)

  describe("qr", function()
    for _, s in ipairs{{9, 4}, {4, 9}, {6, 6}, {1, 5}, {5, 1}} do
      local m, n = s[1], s[2]
      it(("factors a %dx%d matrix"):format(m, n), function()
        local A = ls.randn(m, n, rng)
        local k = math.min(m, n)
        local Q, R = A:qr()
        assert.are.same({m, k}, {Q:shape()})
        assert.are.same({k, n}, {R:shape()})
        close(Q * R, A, 1e-13, A:norm())
        orthonormal(Q, 1e-13)
        for i = 1, k do
          for j = 1, math.min(i - 1, n) do assert.are.equal(0, R:get(i, j)) end
        end
      end)
    end

    it("pivoted: A[:,p] = Q R with |diag R| non-increasing", function()
      for _, A in ipairs{ls.randn(8, 6, rng), ls.randn(5, 9, rng),
                         lowrank(10, 7, 3, rng)} do
        local m, n = A:shape()
        local Q, R, p = A:qr{pivot = true}
        assert.are.equal(n, #p)
        local seen = {}
        for j = 1, n do
          assert.are.equal("integer", math.type(p[j]))
          assert.is_true(p[j] >= 1 and p[j] <= n and not seen[p[j]])
          seen[p[j]] = true
        end
        local AP = permute_cols(A, p)
        close(Q * R, AP, 1e-13, A:norm())
        orthonormal(Q, 1e-13)
        for i = 2, math.min(m, n) do
          assert.is_true(math.abs(R:get(i, i)) <= math.abs(R:get(i - 1, i - 1)))
          for j = 1, i - 1 do assert.are.equal(0, R:get(i, j)) end
        end
      end
    end)

    it("pivoted: the column of largest norm comes first", function()
      local A = ls.matrix{{1, 10, 0}, {0, 0, 3}, {0, 0, 4}}
      local _, R, p = A:qr(true)
      assert.are.equal(2, p[1])
      assert.is_true(math.abs(math.abs(R:get(1, 1)) - 10) <= 1e-14)
    end)

    it("pivoting can be off explicitly", function()
      local A = ls.randn(4, 3, rng)
      local Q, R, p = A:qr{pivot = false}
      assert.is_nil(p)
      close(Q * R, A, 1e-13, A:norm())
    end)
  end)

  describe("chol", function()
    it("L L^T = A with L lower triangular", function()
      for _, n in ipairs{1, 3, 10, 40} do
        local B = ls.randn(n, n, rng)
        local A = B * B:T() + ls.eye(n) * n
        local L = A:chol()
        close(L * L:T(), A, 1e-13, A:norm())
        for i = 1, n do
          assert.is_true(L:get(i, i) > 0)
          for j = i + 1, n do assert.are.equal(0, L:get(i, j)) end
        end
      end
    end)

    it("matches a hand computation", function()
      local L = ls.matrix{{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}}:chol()
      assert.is_true(maxdiff(L, ls.matrix{{2, 0, 0}, {6, 1, 0}, {-8, 5, 3}}) <= 1e-14)
    end)

    it("rejects a matrix that is not positive definite", function()
      for _, A in ipairs{ls.matrix{{1, 2}, {2, 1}}, ls.matrix{{-1}},
                         ls.zeros(3, 3), ls.diag{1, 0, 2}} do
        local ok, err = pcall(A.chol, A)
        assert.is_false(ok)
        assert.matches("chol: matrix is not positive definite", err)
      end
    end)
  end)

  describe("solve", function()
    it("A X = B", function()
      for _, s in ipairs{{1, 1}, {6, 1}, {6, 4}, {50, 3}} do
        local n, k = s[1], s[2]
        local A = ls.randn(n, n, rng) + ls.eye(n) * (2 * n)
        local X0 = ls.randn(n, k, rng)
        local B = A * X0
        local X = A:solve(B)
        close(A * X, B, 1e-12, B:norm())
        close(X, X0, 1e-12, X0:norm())
      end
    end)

    it("a general random system has a small backward error", function()
      local A, B = ls.randn(30, 30, rng), ls.randn(30, 2, rng)
      local X = ls.solve(A, B)
      close(A * X, B, 1e-12, A:norm() * X:norm())
    end)

    it("raises an error mentioning 'singular' for a singular matrix", function()
      for _, A in ipairs{ls.matrix{{1, 2}, {2, 4}}, ls.zeros(3, 3),
                         ls.matrix{{1, 0, 0}, {0, 0, 0}, {0, 0, 1}}} do
        local ok, err = pcall(A.solve, A, ls.ones(A:rows(), 1))
        assert.is_false(ok)
        assert.matches("singular", err)
        -- the message reports the zero pivot, not garbage
        assert.matches("^solve: matrix is singular %(U%(%d+,%d+%) is zero%)$", err)
        local i, j = err:match("U%((%d+),(%d+)%)")
        assert.are.equal(i, j)
        assert.is_true(tonumber(i) >= 1 and tonumber(i) <= A:rows())
      end
    end)
  end)

  describe("lstsq", function()
    it("overdetermined full rank: the normal equations hold", function()
      local A, B = ls.randn(20, 5, rng), ls.randn(20, 2, rng)
      local X, rank = A:lstsq(B)
      assert.are.same({5, 2}, {X:shape()})
      assert.are.equal(5, rank)
      local AtA, AtB = A:T() * A, A:T() * B
      close(AtA * X, AtB, 1e-12, AtA:norm() * X:norm())
      -- and agree with solving the normal equations directly
      close(X, AtA:solve(AtB), 1e-12, X:norm())
    end)

    it("a consistent square system gives the exact solution", function()
      local A = ls.randn(6, 6, rng) + ls.eye(6) * 10
      local X0 = ls.randn(6, 1, rng)
      local X, rank = A:lstsq(A * X0)
      assert.are.equal(6, rank)
      close(X, X0, 1e-12, X0:norm())
    end)

    it("rank-deficient: the minimum-norm solution and the rank", function()
      for _, s in ipairs{{10, 6, 3}, {5, 9, 2}, {8, 8, 5}} do
        local A = lowrank(s[1], s[2], s[3], rng)
        local B = ls.randn(s[1], 2, rng)
        local X, rank = A:lstsq(B)
        assert.are.equal(s[3], rank)
        close(X, A:pinv() * B, 1e-10, X:norm())
        -- minimum norm: X has no component in the nullspace of A
        local N = A:null()
        assert.is_true((N:T() * X):norm() <= 1e-10 * X:norm())
      end
    end)

    it("rcond decides the rank", function()
      local A = ls.diag{1, 1e-3, 1e-9}
      local _, r1 = A:lstsq(ls.ones(3, 1))
      local X2, r2 = A:lstsq(ls.ones(3, 1), 1e-6)
      assert.are.equal(3, r1)
      assert.are.equal(2, r2)
      assert.is_true(math.abs(X2:get(2) - 1e3) <= 1e-9)
      assert.are.equal(0, X2:get(3))
    end)
  end)

  describe("inv", function()
    it("A inv(A) = I", function()
      for _, n in ipairs{1, 2, 7, 40} do
        local A = ls.randn(n, n, rng) + ls.eye(n) * n
        local X = A:inv()
        assert.is_true(maxdiff(A * X, ls.eye(n)) <= 1e-12)
        assert.is_true(maxdiff(X * A, ls.eye(n)) <= 1e-12)
      end
    end)

    it("matches the 2x2 formula", function()
      local X = ls.matrix{{4, 7}, {2, 6}}:inv()
      assert.is_true(maxdiff(X, ls.matrix{{6, -7}, {-2, 4}} / 10) <= 1e-15)
    end)

    it("refuses a singular matrix", function()
      local ok, err = pcall(ls.inv, ls.matrix{{1, 2}, {2, 4}})
      assert.is_false(ok)
      assert.matches("^inv: matrix is singular %(U%(2,2%) is zero%)$", err)
    end)
  end)

  describe("det", function()
    it("matches a hand-computed 3x3", function()
      local A = ls.matrix{{2, -3, 1}, {2, 0, -1}, {1, 4, 5}}
      assert.is_true(math.abs(A:det() - 49) <= 1e-13)
      assert.is_true(math.abs(A:T():det() - 49) <= 1e-13)
      assert.are.equal(-1, ls.matrix{{0, 1}, {1, 0}}:det())
      assert.are.equal(24, ls.diag{1, 2, 3, 4}:det())
      assert.are.equal(1, ls.zeros(0, 0):det())
    end)

    it("is the product of the eigenvalues", function()
      local B = ls.randn(6, 6, rng)
      local A = B + B:T()
      local w = A:eigh()
      local p = 1
      for i = 1, 6 do p = p * w:get(i) end
      assert.is_true(math.abs(A:det() - p) <= 1e-12 * math.abs(p))
    end)

    it("det(AB) = det(A) det(B)", function()
      local A, B = ls.randn(5, 5, rng), ls.randn(5, 5, rng)
      local want = A:det() * B:det()
      assert.is_true(math.abs((A * B):det() - want) <= 1e-12 * math.abs(want))
    end)

    it("of a singular matrix is 0", function()
      assert.are.equal(0, ls.matrix{{1, 2}, {2, 4}}:det())
      assert.are.equal(0, ls.zeros(4, 4):det())
      assert.are.equal(0, ls.matrix{{1, 2, 3}, {4, 5, 6}, {0, 0, 0}}:det())
    end)
  end)

  describe("pinv", function()
    it("satisfies the four Penrose conditions", function()
      for _, A in ipairs{ls.randn(7, 4, rng), ls.randn(3, 8, rng),
                         lowrank(9, 6, 2, rng), lowrank(4, 10, 3, rng),
                         lowrank(6, 6, 4, rng)} do
        local X = A:pinv()
        assert.are.same({A:cols(), A:rows()}, {X:shape()})
        local a, x = A:norm(), X:norm()
        close(A * X * A, A, 1e-12, a)
        close(X * A * X, X, 1e-12, x)
        local AX, XA = A * X, X * A
        close(AX:T(), AX, 1e-12, AX:norm())
        close(XA:T(), XA, 1e-12, XA:norm())
      end
    end)

    it("is the inverse of an invertible matrix", function()
      local A = ls.randn(5, 5, rng) + ls.eye(5) * 5
      close(A:pinv(), A:inv(), 1e-12, A:inv():norm())
    end)

    it("of a diagonal matrix inverts the entries above the tolerance", function()
      local X = ls.diag{2, 0, -4}:pinv()
      assert.is_true(maxdiff(X, ls.diag{0.5, 0, -0.25}) <= 1e-15)
      local Y = ls.diag{1, 1e-3}:pinv(1e-2)
      assert.is_true(maxdiff(Y, ls.diag{1, 0}) <= 1e-15)
    end)
  end)

  describe("rank", function()
    it("counts the constructed rank", function()
      for _, s in ipairs{{8, 5, 5}, {8, 5, 2}, {5, 8, 3}, {10, 10, 7}, {6, 6, 1}} do
        assert.are.equal(s[3], lowrank(s[1], s[2], s[3], rng):rank())
      end
      assert.are.equal(0, ls.zeros(3, 4):rank())
      assert.are.equal(5, ls.eye(5):rank())
      assert.are.equal(0, ls.zeros(0, 3):rank())
    end)

    it("takes a tolerance", function()
      local A = ls.diag{10, 1, 1e-3, 1e-6}
      assert.are.equal(4, A:rank())
      assert.are.equal(2, A:rank(1e-2))
      assert.are.equal(3, A:rank{rtol = 1e-5})
      assert.are.equal(1, A:rank{tol = 5})
    end)
  end)

  describe("null", function()
    -- LAPACK takes other paths when one side is much longer than the other
    for _, s in ipairs{{10, 6, 3}, {4, 9, 2}, {7, 7, 5}, {3, 8, 3}, {9, 4, 4},
                       {60, 5, 2}, {5, 60, 3}, {80, 30, 30}} do
      local m, n, r = s[1], s[2], s[3]
      it(("of a %dx%d matrix of rank %d"):format(m, n, r), function()
        local A = lowrank(m, n, r, rng)
        local N, info = A:null()
        assert.are.same({n, n - r}, {N:shape()})
        if n > r then
          orthonormal(N, 1e-13)
          assert.is_true((A * N):norm() <= 1e-12 * A:norm())
        end
        local k = math.min(m, n)
        local sv = A:svdvals()
        assert.are.equal(k, #info.values)
        for i = 1, k do
          assert.is_true(math.abs(info.values[i] - sv:get(i)) <= 1e-13 * sv:get(1))
        end
        assert.are.equal(math.max(m, n) * eps * info.values[1], info.tol)
        assert.are.equal(r, info.rank)
        -- one gap everywhere: the smallest kept value over the larger of the
        -- largest dropped one and the rounding floor
        assert.are.equal(math.max(m, n) * eps * info.values[1], info.floor)
        local dropped = math.max(r < k and info.values[r + 1] or 0, info.floor)
        assert.are.equal(info.values[r] / dropped, info.gap)
        assert.is_true(info.gap > 1e8)
        assert.is_true(info.clear)
        -- N spans the whole nullspace: [orth(A^T), N] is square orthogonal
        local full = ls.hcat{A:T():orth(), N}
        assert.are.same({n, n}, {full:shape()})
        orthonormal(full, 1e-12)
      end)
    end

    it("takes a number tolerance or {rtol = x}", function()
      local A = ls.diag{10, 1, 1e-3, 1e-6}
      local N, info = A:null(1e-2)
      assert.are.same({4, 2}, {N:shape()})
      assert.are.equal(1e-2, info.tol)
      assert.are.equal(2, info.rank)
      assert.are.equal(1 / 1e-3, info.gap)
      -- the basis is e3, e4 up to sign
      assert.is_true(math.abs(math.abs(N:get(3, 1)) + math.abs(N:get(3, 2)) - 1) <= 1e-15)
      assert.is_true(N:sub(1, 2, 1, 2):norm() <= 1e-15)
      local N2, info2 = A:null{rtol = 1e-5}
      assert.are.equal(1e-5 * 10, info2.tol)
      assert.are.same({4, 1}, {N2:shape()})
      local N3, info3 = A:null{tol = 5}
      assert.are.equal(5, info3.tol)
      assert.are.same({4, 3}, {N3:shape()})
      -- the default keeps everything here
      local N4, info4 = A:null()
      assert.are.same({4, 0}, {N4:shape()})
      assert.are.equal(4, info4.rank)
    end)

    it("reports an infinite gap when nothing is kept, and takes a forced rank", function()
      local N, info = ls.diag{1e-3, 1e-4}:null(1)
      assert.are.same({2, 2}, {N:shape()})
      assert.are.equal(0, info.rank)
      assert.are.equal(math.huge, info.gap)
      local N2, info2 = ls.diag{10, 1, 1e-3}:null{rank = 1}
      assert.are.same({3, 2}, {N2:shape()})
      assert.are.equal(10, info2.gap)
      assert.are.equal(math.sqrt(10), info2.tol)   -- strictly between kept and dropped
      assert.is_false(info2.clear)
    end)

    it("of a zero matrix is everything", function()
      local N, info = ls.zeros(3, 5):null()
      assert.are.same({5, 5}, {N:shape()})
      orthonormal(N, 1e-15)
      assert.are.equal(0, info.rank)
    end)
  end)

  describe("orth", function()
    for _, s in ipairs{{10, 6, 3}, {4, 9, 2}, {7, 7, 7}, {8, 3, 3}} do
      local m, n, r = s[1], s[2], s[3]
      it(("spans the range of a %dx%d matrix of rank %d"):format(m, n, r), function()
        local A = lowrank(m, n, r, rng)
        local Q = A:orth()
        assert.are.same({m, r}, {Q:shape()})
        orthonormal(Q, 1e-13)
        close(Q * (Q:T() * A), A, 1e-12, A:norm())
        -- and nothing more: Q lies in the range of A
        close(A * (A:pinv() * Q), Q, 1e-10, Q:norm())
      end)
    end

    it("takes a tolerance", function()
      local A = ls.diag{10, 1, 1e-3}
      assert.are.same({3, 2}, {A:orth(1e-2):shape()})
      assert.are.same({3, 1}, {A:orth{rtol = 0.5}:shape()})
    end)
  end)

  describe("empty matrices", function()
    local shapes = {{0, 3}, {3, 0}, {0, 0}}

    for _, s in ipairs(shapes) do
      local m, n = s[1], s[2]
      it(("%dx%d: svd, svdvals, qr, rank, pinv, null, orth, lstsq, norms"):format(m, n), function()
        local A = ls.zeros(m, n)
        local k = math.min(m, n)
        local U, sv, V = A:svd()
        assert.are.same({m, k}, {U:shape()})
        assert.are.same({k, 1}, {sv:shape()})
        assert.are.same({n, k}, {V:shape()})
        assert.are.same({k, 1}, {A:svdvals():shape()})
        local Q, R = A:qr()
        assert.are.same({m, k}, {Q:shape()})
        assert.are.same({k, n}, {R:shape()})
        local _, _, p = A:qr{pivot = true}
        assert.are.equal(n, #p)
        for j = 1, n do assert.are.equal(j, p[j]) end
        assert.are.equal(0, A:rank())
        assert.are.same({n, m}, {A:pinv():shape()})
        local N, info = A:null()
        assert.are.same({n, n}, {N:shape()})
        assert.is_true(maxdiff(N, ls.eye(n)) == 0)
        assert.are.equal(0, #info.values)
        assert.are.equal(0, info.rank)
        assert.are.same({m, 0}, {A:orth():shape()})
        local X, rank = A:lstsq(ls.zeros(m, 2))
        assert.are.same({n, 2}, {X:shape()})
        assert.are.equal(0, X:norm())
        assert.are.equal(0, rank)
        assert.are.equal(0, A:norm(2))
        assert.are.equal(0, A:norm("nuc"))
      end)
    end

    it("0x0: eigh, eig, chol, solve, inv, det, expm", function()
      local E = ls.zeros(0, 0)
      local w, V = E:eigh()
      assert.are.same({0, 1}, {w:shape()})
      assert.are.same({0, 0}, {V:shape()})
      local wr, wi, VR = E:eig()
      assert.are.same({{0, 1}, {0, 1}, {0, 0}},
                      {{wr:shape()}, {wi:shape()}, {VR:shape()}})
      assert.are.same({0, 0}, {E:chol():shape()})
      assert.are.same({0, 3}, {E:solve(ls.zeros(0, 3)):shape()})
      assert.are.same({0, 0}, {E:inv():shape()})
      assert.are.equal(1, E:det())
      assert.are.same({0, 0}, {E:expm():shape()})
    end)

    it("solve with no right-hand sides", function()
      local A = ls.randn(3, 3, rng)
      assert.are.same({3, 0}, {A:solve(ls.zeros(3, 0)):shape()})
      local X, rank = A:lstsq(ls.zeros(3, 0))
      assert.are.same({3, 0}, {X:shape()})
      assert.is_number(rank)
    end)
  end)

  it("lstsq refuses rcond >= 1, which LAPACK would silently replace by eps", function()
    local ok, err = pcall(function() return ls.ones(3, 2):lstsq(ls.ones(3, 1), 1) end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("rcond must be in [0, 1)", 1, true), err)
  end)
end)
