-- The Matrix userdata: construction, access, printing, arithmetic, products,
-- norms and reductions, each checked against plain Lua computations.
local ls = require "liesym"

-- {==== plain-Lua references ====

-- entries as a table of rows, read with get(i, j) (independent of totable)
local function rows_of (A)
  local t = {}
  for i = 1, A:rows() do
    t[i] = {}
    for j = 1, A:cols() do t[i][j] = A:get(i, j) end
  end
  return t
end

-- largest |A(i,j) - B(i,j)|, after checking the shapes agree
local function maxdiff (A, B)
  assert.are.same({A:shape()}, {B:shape()})
  local d = 0
  for i = 1, A:rows() do
    for j = 1, A:cols() do d = math.max(d, math.abs(A:get(i, j) - B:get(i, j))) end
  end
  return d
end

local function lua_matmul (A, B)
  local m, k, n = A:rows(), A:cols(), B:cols()
  local C = {}
  for i = 1, m do
    C[i] = {}
    for j = 1, n do
      local s = 0
      for p = 1, k do s = s + A:get(i, p) * B:get(p, j) end
      C[i][j] = s
    end
  end
  return C
end

-- the tokens of a line with the position just after each one
local function tokens (line)
  local out = {}
  for tok, stop in line:gmatch("(%S+)()") do out[#out + 1] = {tok, stop} end
  return out
end

local function lines (s)
  local out = {}
  for l in (s .. "\n"):gmatch("(.-)\n") do out[#out + 1] = l end
  return out
end
-- }====

describe("matrix", function()
  local rng

  before_each(function()
    rng = ls.rng(20240601)
  end)

  describe("constructors", function()
    it("matrix{{...}} takes a table of rows", function()
      local A = ls.matrix{{1, 2, 3}, {4, 5, 6}}
      assert.are.equal(2, A:rows())
      assert.are.equal(3, A:cols())
      assert.are.same({{1, 2, 3}, {4, 5, 6}}, rows_of(A))
      assert.is_true(ls.ismatrix(A))
      assert.is_false(ls.ismatrix({{1}}))
    end)

    it("matrix{} and matrix{{}} are empty", function()
      assert.are.same({0, 0}, {ls.matrix{}:shape()})
      assert.are.same({1, 0}, {ls.matrix{{}}:shape()})
    end)

    it("matrix(r, c[, fill]) fills", function()
      local A = ls.matrix(3, 2, 7.5)
      assert.are.same({{7.5, 7.5}, {7.5, 7.5}, {7.5, 7.5}}, rows_of(A))
      assert.are.same({{0, 0}}, rows_of(ls.matrix(1, 2)))
      assert.are.same({0, 4}, {ls.matrix(0, 4):shape()})
    end)

    it("matrix(A) is an independent copy", function()
      local A = ls.matrix{{1, 2}, {3, 4}}
      local B = ls.matrix(A)
      assert.is_true(A == B)
      B:set(1, 1, 100)
      assert.are.equal(1, A:get(1, 1))
      assert.are.equal(100, B:get(1, 1))
    end)

    it("zeros, ones", function()
      assert.are.same({{0, 0, 0}, {0, 0, 0}}, rows_of(ls.zeros(2, 3)))
      assert.are.same({{1}, {1}, {1}}, rows_of(ls.ones(3, 1)))
      assert.are.same({0, 0}, {ls.ones(0, 0):shape()})
    end)

    it("eye(n) and eye(n, m)", function()
      for _, s in ipairs{{3, 3}, {2, 4}, {4, 2}, {1, 1}, {0, 0}} do
        local I = s[1] == s[2] and ls.eye(s[1]) or ls.eye(s[1], s[2])
        assert.are.same(s, {I:shape()})
        for i = 1, s[1] do
          for j = 1, s[2] do assert.are.equal(i == j and 1 or 0, I:get(i, j)) end
        end
      end
    end)

    it("vector makes a column", function()
      local v = ls.vector{3, -1, 2.5}
      assert.are.same({3, 1}, {v:shape()})
      assert.are.same({{3}, {-1}, {2.5}}, rows_of(v))
      assert.are.same({0, 1}, {ls.vector{}:shape()})
    end)

    it("diag of a table or a vector is a diagonal matrix", function()
      local want = {{1, 0, 0}, {0, -2, 0}, {0, 0, 3}}
      assert.are.same(want, rows_of(ls.diag{1, -2, 3}))
      assert.are.same(want, rows_of(ls.diag(ls.vector{1, -2, 3})))
      assert.are.same(want, rows_of(ls.diag(ls.matrix{{1, -2, 3}})))
      assert.are.same({{5}}, rows_of(ls.diag(ls.matrix{{5}})))
    end)

    it("diag of a non-vector matrix is its diagonal as a column", function()
      local A = ls.matrix{{1, 2, 3}, {4, 5, 6}}
      assert.are.same({{1}, {5}}, rows_of(ls.diag(A)))
      assert.are.same({{1}, {5}}, rows_of(ls.diag(A:T())))
      local B = ls.randn(4, 4, rng)
      local d = ls.diag(B)
      for i = 1, 4 do assert.are.equal(B:get(i, i), d:get(i)) end
      -- diag(diag(v)) round-trips
      assert.is_true(ls.diag(ls.diag{4, 5, 6}) == ls.vector{4, 5, 6})
    end)

    it("linspace has exact end points and even steps", function()
      local v = ls.linspace(0, 1, 11)
      assert.are.same({11, 1}, {v:shape()})
      for i = 1, 11 do
        assert.is_true(math.abs(v:get(i) - (i - 1) / 10) <= 1e-15)
      end
      for _, ab in ipairs{{0.1, 0.7}, {-3.3, 1e-3}, {1 / 3, 2 / 3}, {5, -5}} do
        local w = ls.linspace(ab[1], ab[2], 7)
        assert.are.equal(ab[1], w:get(1))
        assert.are.equal(ab[2], w:get(7))
        local h = (ab[2] - ab[1]) / 6
        for i = 2, 6 do
          assert.is_true(math.abs(w:get(i) - w:get(i - 1) - h) <= 1e-14)
        end
      end
      assert.are.same({{2}}, rows_of(ls.linspace(2, 9, 1)))
      assert.are.same({0, 1}, {ls.linspace(2, 9, 0):shape()})
    end)

    it("hcat and vcat", function()
      local A = ls.matrix{{1, 2}, {3, 4}}
      local B = ls.matrix{{5}, {6}}
      local C = ls.matrix{{7, 8}}
      assert.are.same({{1, 2, 5}, {3, 4, 6}}, rows_of(ls.hcat{A, B}))
      assert.are.same({{1, 2}, {3, 4}, {7, 8}}, rows_of(ls.vcat{A, C}))
      assert.are.same({{5, 1, 2, 5}, {6, 3, 4, 6}}, rows_of(ls.hcat{B, A, B}))
      assert.are.same({{1, 2}, {3, 4}}, rows_of(ls.hcat{A}))
      -- empty pieces are allowed
      assert.are.same({{1, 2}, {3, 4}}, rows_of(ls.hcat{ls.zeros(2, 0), A}))
      assert.are.same({{7, 8}}, rows_of(ls.vcat{ls.zeros(0, 2), C}))
      assert.are.same({0, 0}, {ls.hcat{}:shape()})
      assert.are.same({0, 0}, {ls.vcat{}:shape()})
      -- a random block split reassembles
      local R = ls.randn(5, 7, rng)
      assert.is_true(ls.vcat{ls.hcat{R:sub(1, 2, 1, 3), R:sub(1, 2, 4, 7)},
                             ls.hcat{R:sub(3, 5, 1, 3), R:sub(3, 5, 4, 7)}} == R)
    end)
  end)

  describe("access", function()
    local A  -- 3x4 with A(i,j) = 10 i + j

    before_each(function()
      A = ls.matrix{{11, 12, 13, 14}, {21, 22, 23, 24}, {31, 32, 33, 34}}
    end)

    it("rows, cols, shape", function()
      assert.are.equal(3, A:rows())
      assert.are.equal(4, A:cols())
      local r, c = A:shape()
      assert.are.equal(3, r)
      assert.are.equal(4, c)
      assert.are.equal("integer", math.type(r))
    end)

    it("get(i, j) and get(k) in column-major order", function()
      for i = 1, 3 do
        for j = 1, 4 do assert.are.equal(10 * i + j, A:get(i, j)) end
      end
      for k = 1, 12 do
        local i, j = (k - 1) % 3 + 1, (k - 1) // 3 + 1
        assert.are.equal(10 * i + j, A:get(k))
      end
    end)

    it("set(i, j, v) and set(k, v) write in place and return the matrix", function()
      assert.are.equal(A, A:set(2, 3, -1))
      assert.are.equal(-1, A:get(2, 3))
      assert.are.equal(A, A:set(5, 99))   -- k = 5 is (2, 2)
      assert.are.equal(99, A:get(2, 2))
      A:set(12, 7):set(1, 1, 8)
      assert.are.equal(7, A:get(3, 4))
      assert.are.equal(8, A:get(1, 1))
      assert.are.equal(13, A:get(1, 3))
    end)

    it("row and col copy one row or column", function()
      assert.are.same({{21, 22, 23, 24}}, rows_of(A:row(2)))
      assert.are.same({{13}, {23}, {33}}, rows_of(A:col(3)))
      local c = A:col(1)
      c:set(1, 0)
      assert.are.equal(11, A:get(1, 1))
    end)

    it("sub(i1, i2, j1, j2) is inclusive", function()
      assert.are.same({{22, 23}, {32, 33}}, rows_of(A:sub(2, 3, 2, 3)))
      assert.are.same({{14}}, rows_of(A:sub(1, 1, 4, 4)))
      assert.is_true(A:sub(1, 3, 1, 4) == A)
      assert.are.same({0, 4}, {A:sub(2, 1, 1, 4):shape()})
      assert.are.same({3, 0}, {A:sub(1, 3, 5, 4):shape()})
      assert.are.same({0, 4}, {A:sub(4, 3, 1, 4):shape()})
      assert.are.same({0, 0}, {A:sub(4, 3, 5, 4):shape()})
      -- brute force over all blocks of a random matrix
      local R = ls.randn(4, 5, rng)
      for i1 = 1, 4 do
        for i2 = i1, 4 do
          local S = R:sub(i1, i2, 2, 4)
          for i = i1, i2 do
            for j = 2, 4 do assert.are.equal(R:get(i, j), S:get(i - i1 + 1, j - 1)) end
          end
        end
      end
    end)

    it("copy is independent", function()
      local B = A:copy()
      assert.is_true(B == A)
      B:set(1, 1, 0)
      assert.are.equal(11, A:get(1, 1))
      assert.is_false(B == A)
    end)

    it("reshape keeps column-major order", function()
      local B = A:reshape(4, 3)
      assert.are.same({4, 3}, {B:shape()})
      for k = 1, 12 do assert.are.equal(A:get(k), B:get(k)) end
      assert.are.same({{11, 31, 22, 13, 33, 24}, {21, 12, 32, 23, 14, 34}},
                      rows_of(A:reshape(2, 6)))
      assert.is_true(A:reshape(12, 1):reshape(3, 4) == A)
      assert.are.same({0, 5}, {ls.zeros(5, 0):reshape(0, 5):shape()})
      B:set(1, 0)
      assert.are.equal(11, A:get(1))
    end)

    it("totable gives rows", function()
      assert.are.same({{11, 12, 13, 14}, {21, 22, 23, 24}, {31, 32, 33, 34}},
                      A:totable())
      assert.are.same({}, ls.zeros(0, 3):totable())
      assert.are.same({{}, {}}, ls.zeros(2, 0):totable())
      local R = ls.randn(3, 2, rng)
      assert.are.same(rows_of(R), R:totable())
      assert.is_true(ls.matrix(R:totable()) == R)
    end)
  end)

  describe("tostring", function()
    it("starts with the shape", function()
      assert.are.equal("Matrix 2x3", lines(tostring(ls.zeros(2, 3)))[1])
      assert.are.equal("Matrix 0x0", tostring(ls.zeros(0, 0)))
      assert.are.equal("Matrix 0x4", lines(tostring(ls.zeros(0, 4)))[1])
    end)

    it("right-aligns the entries of each column", function()
      local A = ls.matrix{{1, -2.5, 0}, {1e10, 0, 3}, {-7, 123456, 0.125}}
      local ls_ = lines(tostring(A))
      assert.are.equal(4, #ls_)
      local want = {{"1", "-2.5", "0"}, {"1e+10", "0", "3"},
                    {"-7", "123456", "0.125"}}
      local ends
      for i = 1, 3 do
        local t = tokens(ls_[i + 1])
        assert.are.equal(3, #t)
        for j = 1, 3 do assert.are.equal(want[i][j], t[j][1]) end
        if i == 1 then ends = {t[1][2], t[2][2], t[3][2]}
        else
          for j = 1, 3 do assert.are.equal(ends[j], t[j][2]) end
        end
      end
      assert.are.equal(#ls_[2], #ls_[3])
      assert.are.equal(#ls_[2], #ls_[4])
    end)

    it("prints -0 as 0 and shows 6 significant digits", function()
      local t = tokens(lines(tostring(ls.matrix{{-0.0, math.pi}}))[2])
      assert.are.equal("0", t[1][1])
      assert.are.equal("3.14159", t[2][1])
    end)

    it("shows matrices up to 10x10 in full", function()
      local A = ls.matrix(10, 10):map(function (_, i, j) return 100 * i + j end)
      local ls_ = lines(tostring(A))
      assert.are.equal(11, #ls_)
      for i = 1, 10 do
        local t = tokens(ls_[i + 1])
        assert.are.equal(10, #t)
        for j = 1, 10 do assert.are.equal(tostring(100 * i + j), t[j][1]) end
      end
    end)

    it("elides the middle of a 20x20 with ... and :", function()
      local A = ls.matrix(20, 20):map(function (_, i, j) return 100 * i + j end)
      local ls_ = lines(tostring(A))
      assert.are.equal("Matrix 20x20", ls_[1])
      assert.are.equal(8, #ls_)  -- header, 3 rows, the ellipsis row, 3 rows
      local shown_rows = {1, 2, 3, false, 18, 19, 20}
      local shown_cols = {1, 2, 3, false, 18, 19, 20}
      local ends
      for r = 1, 7 do
        local t = tokens(ls_[r + 1])
        assert.are.equal(7, #t)
        for c = 1, 7 do
          local i, j = shown_rows[r], shown_cols[c]
          local want = not i and ":" or not j and "..." or tostring(100 * i + j)
          assert.are.equal(want, t[c][1])
        end
        local e = {}
        for c = 1, 7 do e[c] = t[c][2] end
        if ends then assert.are.same(ends, e) else ends = e end
      end
      -- nothing from the elided middle shows
      assert.is_nil(tostring(A):find("1010", 1, true))
      assert.is_nil(tostring(A):find("404", 1, true))
    end)

    it("elides only the long dimension", function()
      local ls_ = lines(tostring(ls.zeros(2, 30)))
      assert.are.equal(3, #ls_)
      local t = tokens(ls_[2])
      assert.are.equal(7, #t)
      assert.are.equal("...", t[4][1])
      ls_ = lines(tostring(ls.zeros(30, 2)))
      assert.are.equal(8, #ls_)
      assert.are.same({":", ":"}, {tokens(ls_[5])[1][1], tokens(ls_[5])[2][1]})
    end)
  end)

  describe("arithmetic", function()
    local A, B

    before_each(function()
      A = ls.randn(3, 4, rng)
      B = ls.randn(3, 4, rng)
    end)

    local function check_entrywise (C, f)
      assert.are.same({A:shape()}, {C:shape()})
      for i = 1, 3 do
        for j = 1, 4 do assert.are.equal(f(A:get(i, j), B:get(i, j)), C:get(i, j)) end
      end
    end

    it("+ and - of matrices are entrywise", function()
      check_entrywise(A + B, function (a, b) return a + b end)
      check_entrywise(A - B, function (a, b) return a - b end)
      check_entrywise(-A, function (a) return -a end)
    end)

    it("+ and - with a number on either side", function()
      check_entrywise(A + 2.5, function (a) return a + 2.5 end)
      check_entrywise(2.5 + A, function (a) return 2.5 + a end)
      check_entrywise(A - 1.25, function (a) return a - 1.25 end)
      check_entrywise(1.25 - A, function (a) return 1.25 - a end)
    end)

    it("* and / by a number", function()
      check_entrywise(A * 3, function (a) return a * 3 end)
      check_entrywise(-0.5 * A, function (a) return -0.5 * a end)
      check_entrywise(A / 3, function (a) return a / 3 end)
      check_entrywise(A / 7, function (a) return a / 7 end)
      -- a tiny divisor must not overflow through its reciprocal
      local t = ls.matrix{{1e-300, 3}} / 1e-310
      assert.are.equal(1e-300 / 1e-310, t:get(1))
      assert.are.equal(math.huge, t:get(2))
      assert.are.equal(5 / 3, (ls.matrix{{5}} / 3):get(1))
    end)

    it("matrix products agree with a Lua triple loop", function()
      for _, s in ipairs{{3, 4, 5}, {1, 6, 1}, {6, 1, 6}, {30, 40, 20}, {17, 3, 90}} do
        local P = ls.randn(s[1], s[2], rng)
        local Q = ls.randn(s[2], s[3], rng)
        local C = P * Q
        assert.are.same({s[1], s[3]}, {C:shape()})
        local want = lua_matmul(P, Q)
        for i = 1, s[1] do
          for j = 1, s[3] do
            assert.is_true(math.abs(C:get(i, j) - want[i][j]) <= 1e-12 * s[2])
          end
        end
      end
    end)

    it("products with empty inner dimension are zero", function()
      local C = ls.ones(3, 0) * ls.ones(0, 2)
      assert.are.same({{0, 0}, {0, 0}, {0, 0}}, rows_of(C))
      local D = ls.ones(80, 0) * ls.ones(0, 90)  -- BLAS path size
      assert.are.equal(0, D:norm("max"))
      assert.are.same({0, 5}, {(ls.ones(0, 4) * ls.ones(4, 5)):shape()})
    end)

    it("== compares shape and entries", function()
      assert.is_true(A == A:copy())
      assert.is_false(A == B)
      assert.is_false(ls.zeros(2, 3) == ls.zeros(3, 2))
      assert.is_true(ls.zeros(0, 3) == ls.zeros(0, 3))
      assert.is_false(ls.zeros(0, 3) == ls.zeros(3, 0))
      assert.is_false(ls.matrix{{0 / 0}} == ls.matrix{{0 / 0}})
      assert.is_true(ls.matrix{{-0.0}} == ls.matrix{{0}})
    end)
  end)

  describe("products and reductions", function()
    it("T transposes", function()
      local A = ls.randn(3, 5, rng)
      local At = A:T()
      assert.are.same({5, 3}, {At:shape()})
      for i = 1, 3 do
        for j = 1, 5 do assert.are.equal(A:get(i, j), At:get(j, i)) end
      end
      assert.is_true(At:T() == A)
      assert.are.same({4, 0}, {ls.zeros(0, 4):T():shape()})
    end)

    it("hadamard multiplies entrywise", function()
      local A, B = ls.randn(4, 3, rng), ls.randn(4, 3, rng)
      local H = A:hadamard(B)
      for k = 1, 12 do assert.are.equal(A:get(k) * B:get(k), H:get(k)) end
      assert.is_true(ls.hadamard(A, B) == H)
    end)

    it("kron follows the definition entry by entry", function()
      local A, B = ls.randn(2, 3, rng), ls.randn(4, 2, rng)
      local K = A:kron(B)
      assert.are.same({8, 6}, {K:shape()})
      for i = 1, 2 do
        for j = 1, 3 do
          for p = 1, 4 do
            for q = 1, 2 do
              assert.are.equal(A:get(i, j) * B:get(p, q),
                               K:get((i - 1) * 4 + p, (j - 1) * 2 + q))
            end
          end
        end
      end
      assert.are.same({{3, 6}, {-3, -6}}, rows_of(ls.matrix{{3}}:kron(ls.matrix{{1, 2}, {-1, -2}})))
      assert.are.same({0, 6}, {ls.zeros(0, 2):kron(ls.ones(3, 3)):shape()})
    end)

    it("kron satisfies the mixed-product identity", function()
      local A, B = ls.randn(2, 3, rng), ls.randn(3, 2, rng)
      local C, D = ls.randn(3, 2, rng), ls.randn(2, 4, rng)
      local lhs = A:kron(B) * C:kron(D)
      local rhs = (A * C):kron(B * D)
      assert.are.same({6, 8}, {lhs:shape()})
      assert.is_true(maxdiff(lhs, rhs) <= 1e-13 * (1 + rhs:norm("max")))
      -- and (A kron B)^T = A^T kron B^T exactly
      assert.is_true(A:kron(B):T() == A:T():kron(B:T()))
    end)

    it("dot is the Frobenius inner product", function()
      local A, B = ls.randn(3, 4, rng), ls.randn(3, 4, rng)
      local s = 0
      for k = 1, 12 do s = s + A:get(k) * B:get(k) end
      assert.is_true(math.abs(A:dot(B) - s) <= 1e-14 * 12)
      assert.are.equal(32, ls.vector{1, 2, 3}:dot(ls.vector{4, 5, 6}))
      assert.are.equal(0, ls.zeros(0, 2):dot(ls.zeros(0, 2)))
    end)

    describe("norm", function()
      local A

      before_each(function()
        A = ls.randn(5, 3, rng)
      end)

      -- singular values from eigh(A^T A), independent of the SVD routine
      local function svals_by_eigh (M)
        local w = (M:T() * M):eigh()
        local s = {}
        for i = 1, w:rows() do s[i] = math.sqrt(math.max(w:get(i), 0)) end
        return s
      end

      it("'fro' is the default and the root of the sum of squares", function()
        local ss = 0
        for k = 1, 15 do ss = ss + A:get(k)^2 end
        assert.is_true(math.abs(A:norm() - math.sqrt(ss)) <= 1e-14 * math.sqrt(ss))
        assert.are.equal(A:norm(), A:norm("fro"))
        assert.are.equal(5, ls.vector{3, 4}:norm())
        -- safe from overflow and underflow (scaled by the largest entry)
        assert.is_true(math.abs(ls.vector{3e200, 4e200}:norm() / 5e200 - 1) < 1e-15)
        assert.is_true(math.abs(ls.vector{3e-200, 4e-200}:norm() / 5e-200 - 1) < 1e-15)
      end)

      it("'nuc' is the sum of singular values", function()
        local sv, s = A:svdvals(), svals_by_eigh(A)
        local total, total2 = 0, 0
        for i = 1, 3 do total, total2 = total + sv:get(i), total2 + s[i] end
        assert.is_true(math.abs(A:norm("nuc") - total) <= 1e-14 * total)
        assert.is_true(math.abs(A:norm("nuc") - total2) <= 1e-12 * total)
        assert.are.equal(6, ls.diag{1, -2, 3}:norm("nuc"))
      end)

      it("2 is the largest singular value", function()
        local s = svals_by_eigh(A)
        assert.are.equal(A:svdvals():get(1), A:norm(2))
        assert.is_true(math.abs(A:norm(2) - s[3]) <= 1e-12 * s[3])
        assert.is_true(math.abs(ls.diag{1, -7, 3}:norm(2) - 7) <= 1e-15 * 7)
        assert.is_true(math.abs(ls.vector{3, 4}:norm(2) - 5) <= 1e-15 * 5)
      end)

      it("1 is the largest column sum of absolute values", function()
        local best = 0
        for j = 1, 3 do
          local s = 0
          for i = 1, 5 do s = s + math.abs(A:get(i, j)) end
          best = math.max(best, s)
        end
        assert.is_true(math.abs(A:norm(1) - best) <= 1e-15 * best * 5)
        assert.are.equal(7, ls.matrix{{1, -4}, {-2, 3}}:norm(1))
      end)

      it("'inf' is the largest row sum of absolute values", function()
        local best = 0
        for i = 1, 5 do
          local s = 0
          for j = 1, 3 do s = s + math.abs(A:get(i, j)) end
          best = math.max(best, s)
        end
        assert.is_true(math.abs(A:norm("inf") - best) <= 1e-15 * best * 3)
        assert.are.equal(5, ls.matrix{{1, -4}, {-2, 3}}:norm("inf"))
      end)

      it("'max' is the largest absolute entry", function()
        local best = 0
        for k = 1, 15 do best = math.max(best, math.abs(A:get(k))) end
        assert.are.equal(best, A:norm("max"))
        assert.are.equal(4, ls.matrix{{1, -4}, {-2, 3}}:norm("max"))
      end)

      it("norms of empty matrices are 0", function()
        for _, kind in ipairs{"fro", "nuc", 2, 1, "inf", "max"} do
          assert.are.equal(0, ls.zeros(0, 3):norm(kind))
          assert.are.equal(0, ls.zeros(3, 0):norm(kind))
        end
      end)

      it("norms propagate NaN and Inf where they read entries", function()
        local N = ls.matrix{{1, 0 / 0}, {2, 3}}
        local H = ls.matrix{{1, -math.huge}, {2, 3}}
        for _, kind in ipairs{"fro", 1, "inf", "max"} do
          local v = N:norm(kind)
          assert.is_true(v ~= v, "norm " .. tostring(kind))
          assert.are.equal(math.huge, H:norm(kind))
        end
        local v = ls.matrix{{math.huge, 0 / 0}}:norm()
        assert.is_true(v ~= v)
      end)
    end)

    it("trace sums the diagonal", function()
      local A = ls.randn(6, 6, rng)
      local t = 0
      for i = 1, 6 do t = t + A:get(i, i) end
      assert.are.equal(t, A:trace())
      assert.are.equal(0, ls.zeros(0, 0):trace())
      assert.are.equal(4, ls.eye(4):trace())
    end)

    it("sum adds every entry", function()
      local A = ls.randn(4, 7, rng)
      local s = 0
      for k = 1, 28 do s = s + A:get(k) end
      assert.is_true(math.abs(A:sum() - s) <= 1e-14 * 28)
      assert.are.equal(21, ls.matrix{{1, 2, 3}, {4, 5, 6}}:sum())
      assert.are.equal(0, ls.zeros(0, 5):sum())
    end)

    it("max and min return the value, row and column", function()
      local A = ls.randn(5, 6, rng)
      local bv, bi, bj, sv, si, sj = -math.huge, 0, 0, math.huge, 0, 0
      for i = 1, 5 do
        for j = 1, 6 do
          local v = A:get(i, j)
          if v > bv then bv, bi, bj = v, i, j end
          if v < sv then sv, si, sj = v, i, j end
        end
      end
      assert.are.same({bv, bi, bj}, {A:max()})
      assert.are.same({sv, si, sj}, {A:min()})
      assert.are.same({9, 2, 3}, {ls.matrix{{1, 2, 3}, {4, 5, 9}}:max()})
      assert.are.same({-1, 1, 2}, {ls.matrix{{1, -1, 3}, {4, 5, 9}}:min()})
      local v = ls.matrix{{1, 0 / 0}, {7, 3}}:max()
      assert.is_true(v ~= v)  -- NaN propagates
    end)

    it("abs takes absolute values", function()
      local A = ls.randn(3, 3, rng)
      local B = A:abs()
      for k = 1, 9 do assert.are.equal(math.abs(A:get(k)), B:get(k)) end
      assert.are.equal(math.huge, 1 / ls.matrix{{-0.0}}:abs():get(1))
    end)

    it("map(f) calls f(value, i, j) once per entry", function()
      local A = ls.randn(3, 2, rng)
      local seen = {}
      local B = A:map(function (v, i, j)
        assert.are.equal("integer", math.type(i))
        assert.are.equal(A:get(i, j), v)
        seen[#seen + 1] = {i, j}
        return v * v + i - j
      end)
      assert.are.equal(6, #seen)
      -- column-major visiting order
      assert.are.same({{1, 1}, {2, 1}, {3, 1}, {1, 2}, {2, 2}, {3, 2}}, seen)
      for i = 1, 3 do
        for j = 1, 2 do
          assert.are.equal(A:get(i, j)^2 + i - j, B:get(i, j))
        end
      end
      assert.are.same({0, 2}, {ls.zeros(0, 2):map(function () return 1 end):shape()})
    end)
  end)

  describe("clock", function()
    it("is monotonic and advances", function()
      local prev = ls.clock()
      assert.are.equal("number", type(prev))
      for _ = 1, 1000 do
        local t = ls.clock()
        assert.is_true(t >= prev)
        prev = t
      end
      local t0 = ls.clock()
      repeat until ls.clock() > t0
      assert.is_true(ls.clock() - t0 < 5)
    end)
  end)
end)
