-- Structure constants and Killing forms of the built-in algebras against
-- their closed forms, computed here symbolically from matrix units
-- ([E_ij, E_kl] = δ_jk E_il − δ_li E_kj), independently of the C code.
local ls = require "liesym"

local lie = ls.lie

-- a sparse matrix as {[i .. "," .. j] = value} over matrix units
local function unit(i, j, v) return {[i .. "," .. j] = v or 1} end
local function add(a, b, s)
  local out = {}
  for k, v in pairs(a) do out[k] = v end
  for k, v in pairs(b) do out[k] = (out[k] or 0) + (s or 1) * v end
  return out
end
local function split(key)
  local i, j = key:match("^(%d+),(%d+)$")
  return tonumber(i), tonumber(j)
end
local function product(a, b)
  local out = {}
  for ka, va in pairs(a) do
    local i, j = split(ka)
    for kb, vb in pairs(b) do
      local k, l = split(kb)
      if j == k then out[i .. "," .. l] = (out[i .. "," .. l] or 0) + va * vb end
    end
  end
  return out
end
local function bracket(a, b) return add(product(a, b), product(b, a), -1) end
local function get(a, i, j) return a[i .. "," .. j] or 0 end

-- the built-in bases, written out again from their documented definitions,
-- each with a decoder from a bracket to coordinates
local bases = {}

function bases.gl(n)
  local gens = {}
  for i = 1, n do for j = 1, n do gens[#gens + 1] = unit(i, j) end end
  local function coords(X)
    local c = {}
    for i = 1, n do for j = 1, n do c[#c + 1] = get(X, i, j) end end
    return c
  end
  return gens, coords
end

function bases.sl(n)
  local gens = {}
  for i = 1, n do for j = 1, n do
    if i ~= j then gens[#gens + 1] = unit(i, j) end
  end end
  for i = 1, n - 1 do gens[#gens + 1] = add(unit(i, i), unit(i + 1, i + 1), -1) end
  local function coords(X)
    local c = {}
    for i = 1, n do for j = 1, n do
      if i ~= j then c[#c + 1] = get(X, i, j) end
    end end
    -- sum_x d_x E_xx with sum d_x = 0 is sum_k (d_1 + .. + d_k) H_k
    local acc = 0
    for k = 1, n - 1 do
      acc = acc + get(X, k, k)
      c[#c + 1] = acc
    end
    return c
  end
  return gens, coords
end

local function so_gens(n)
  local gens = {}
  if n == 3 then   -- L_x, L_y, L_z
    gens = {add(unit(3, 2), unit(2, 3), -1), add(unit(1, 3), unit(3, 1), -1),
            add(unit(2, 1), unit(1, 2), -1)}
    return gens, {{3, 2}, {1, 3}, {2, 1}}
  end
  local where = {}
  for i = 1, n do for j = i + 1, n do
    gens[#gens + 1] = add(unit(j, i), unit(i, j), -1)
    where[#where + 1] = {j, i}
  end end
  return gens, where
end

function bases.so(n)
  local gens, where = so_gens(n)
  local function coords(X)   -- an antisymmetric X: the coefficient of E_ji
    local c = {}
    for k, w in ipairs(where) do c[k] = get(X, w[1], w[2]) end
    return c
  end
  return gens, coords
end

function bases.se(n)
  local gens, where = so_gens(n)
  local q0 = #gens
  for i = 1, n do gens[#gens + 1] = unit(i, n + 1) end
  local function coords(X)
    local c = {}
    for k, w in ipairs(where) do c[k] = get(X, w[1], w[2]) end
    for i = 1, n do c[q0 + i] = get(X, i, n + 1) end
    return c
  end
  return gens, coords
end

-- the full table c[i][j][k] of a written-out basis
local function expected(gens, coords)
  local q, c = #gens, {}
  for i = 1, q do
    c[i] = {}
    for j = 1, q do c[i][j] = coords(bracket(gens[i], gens[j])) end
  end
  return c
end

describe("structure constants against closed forms", function()
  for _, case in ipairs{{"gl", {2, 3, 4}}, {"sl", {2, 3, 4}}, {"so", {3, 4, 5, 6}},
                        {"se", {2, 3, 4}}} do
    local name, sizes = case[1], case[2]
    it(name .. "(n): every c_ijk, and the number of nonzeros", function()
      for _, n in ipairs(sizes) do
        local g = lie[name](n)
        local want = expected(bases[name](n))
        local c = g:structure_constants()
        local q = g:dim()
        assert.are.equal(#want, q)
        assert.are.equal(q, #c)
        local nnz = 0
        for i = 1, q do for j = 1, q do
          local row = c[i][j]
          for k = 1, q do
            local w = want[i][j][k]
            if w ~= 0 and i < j then nnz = nnz + 1 end
            assert.is_true(math.abs(row[k] - w) <= 1e-13,
                           ("%s(%d): c[%d][%d][%d] = %g, expected %g"):format(name, n, i, j, k, row[k], w))
            assert.are.equal(row[k], c:get(i, j, k))
          end
        end end
        assert.are.equal(nnz, c:nnz(), name .. "(" .. n .. ") nonzeros")
        assert.is_true(g:closure_residual() <= 1e-15)
      end
    end)
  end

  it("stay sparse for se(30): a few nonzeros per bracket, not q^3", function()
    local g = lie.se(30)
    local q = g:dim()
    local c = g:structure_constants()
    -- [J_ab, J_cd] is one J when they share an index, [J_ab, T_c] one T
    local n = 30
    local rot_pairs_sharing = (n * (n - 1) // 2) * 2 * (n - 2) // 2
    local rot_trans = (n * (n - 1) // 2) * 2
    assert.are.equal(rot_pairs_sharing + rot_trans, c:nnz())
    assert.is_true(c:nnz() < q * q)
    local i, j, k, v = c:entries()
    assert.are.equal(c:nnz(), #i)
    for t = 1, #i, 97 do   -- the entries are those of the table
      assert.is_true(i[t] < j[t])
      assert.are.equal(v[t], c[i[t]][j[t]][k[t]])
      assert.are.equal(-v[t], c:get(j[t], i[t], k[t]))
    end
  end)
end)

describe("Killing forms against closed forms", function()
  local function trace_form(g)
    local q = g:dim()
    local K = ls.zeros(q, q)
    for i = 1, q do for j = 1, q do
      K:set(i, j, (g:generator(i) * g:generator(j)):trace())
    end end
    return K
  end

  it("so(n) has K = (n - 2) tr(XY)", function()
    for n = 3, 8 do
      local g = lie.so(n)
      local err = (g:killing() - (n - 2) * trace_form(g)):norm("max")
      assert.is_true(err <= 1e-12, ("so(%d): %g"):format(n, err))
    end
  end)

  it("sl(n) has K = 2n tr(XY)", function()
    for n = 2, 6 do
      local g = lie.sl(n)
      local err = (g:killing() - 2 * n * trace_form(g)):norm("max")
      assert.is_true(err <= 1e-12, ("sl(%d): %g"):format(n, err))
    end
  end)

  it("gl(n) has K = 2n tr(XY) - 2 tr(X) tr(Y)", function()
    for n = 1, 5 do
      local g = lie.gl(n)
      local q = g:dim()
      local T = ls.zeros(q, q)
      for i = 1, q do for j = 1, q do
        T:set(i, j, g:generator(i):trace() * g:generator(j):trace())
      end end
      local err = (g:killing() - (2 * n * trace_form(g) - 2 * T)):norm("max")
      assert.is_true(err <= 1e-12, ("gl(%d): %g"):format(n, err))
    end
  end)

  it("the translations of se(n) are in the radical: their rows vanish", function()
    local g = lie.se(5)
    local K = g:killing()
    local so = lie.so(5)
    local q0 = so:dim()
    assert.is_true(K:sub(q0 + 1, g:dim(), 1, g:dim()):norm("max") == 0)
    -- on the rotations it is that of so(5)... plus nothing from translations:
    -- ad of a rotation on the translations is the defining action, trace 3 tr(XY)
    local err = (K:sub(1, q0, 1, q0) - (3 + 1) * trace_form(so)):norm("max")
    assert.is_true(err <= 1e-12, ("%g"):format(err))
  end)
end)

describe("algebra operations", function()
  it("orthonormal keeps sparse orthogonal bases sparse and scales them", function()
    local g = lie.se(6):orthonormal()
    local c = g:structure_constants()
    assert.is_true(c:nnz() <= lie.se(6):structure_constants():nnz())
    local B = ls.hcat((function()
      local t = {}
      for i, X in ipairs(g:generators()) do t[i] = X:reshape(49, 1) end
      return t
    end)())
    assert.is_true((B:T() * B - ls.eye(g:dim())):norm("max") <= 1e-14)
  end)

  it("subalgebra from generator indices and from coefficients", function()
    local g = lie.se(3)
    local h = g:subalgebra{1, 2, 3}            -- the rotations
    assert.are.equal(3, h:dim())
    assert.is_true(h:closure_residual() <= 1e-15)
    local C = ls.zeros(6, 1)
    C:set(4, 1, 1); C:set(5, 1, 1)
    local t = g:subalgebra(C)
    assert.are.equal(1, t:dim())
    assert.is_true((t:generator(1) - (g:generator(4) + g:generator(5))):norm() == 0)
    assert.has_error(function() g:subalgebra{1, 1} end)
  end)

  it("intersect reports the principal-angle decision", function()
    local h, info = lie.so(4):intersect(lie.sl(4))
    assert.are.equal(6, h:dim())
    assert.is_true(info.gap > 1e10 and info.clear)
    local z, info2 = lie.so(3):intersect(lie.scaling(3))
    assert.are.equal(0, z:dim())
    assert.are.equal(3, info2.rank)   -- no direction of so(3) lies in it
  end)

  it("coordinates and closure are scale-invariant", function()
    -- [E12, E21] = E11 - E22 lies off span{E12, E21} by sqrt(2) at any scale
    for _, s in ipairs{1e-150, 1e-100, 1, 1e100, 1e150} do
      local g = lie.from{ls.matrix{{0, s}, {0, 0}}, ls.matrix{{0, 0}, {s, 0}}}
      assert.is_near(math.sqrt(2), g:closure_residual(), 1e-14)
      local c, res = g:coords(ls.matrix{{0, 3 * s}, {-2 * s, 0}})
      assert.is_near(3, c:get(1), 1e-14)
      assert.is_near(-2, c:get(2), 1e-14)
      assert.is_true(res <= 1e-15)
    end
  end)

  it("printing is cheap and never checks closure on its own", function()
    assert.matches("closed", tostring(lie.se(40)))
    local g = lie.from{ls.matrix{{0, 1}, {0, 0}}, ls.matrix{{0, 0}, {1, 0}}}
    assert.matches("closure not checked", tostring(g))
    g:closure_residual()
    assert.matches("closure residual 1.4e%+00", tostring(g))
  end)
end)
