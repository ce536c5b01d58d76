-- Readable bases and polynomial text: ls.echelon, ls.basis.format,
-- ls.basis.descending and Subalgebra:generators{echelon = true}.
local ls = require "liesym"

local function projector(Q) local O = Q:orth() return O * O:T() end

describe("echelon", function()
  it("keeps the span and is the identity on the pivot rows", function()
    local rng = ls.rng(3)
    local Q = ls.randn(7, 3, rng)
    local E, piv = ls.echelon(Q, {5, 2, 7, 1}, {pivots = true})
    assert.are.same({5, 2, 7}, piv)
    assert.is_true((projector(E) - projector(Q)):norm() <= 1e-12)
    for a, i in ipairs(piv) do
      for b = 1, 3 do
        assert.is_true(math.abs(E:get(i, b) - (a == b and 1 or 0)) <= 1e-12)
      end
    end
  end)

  it("skips rows that add only noise", function()
    -- row 1 is rounding noise; the pivots must be rows 2 and 3
    local Q = ls.matrix{{1e-17, -2e-17}, {1, 0}, {0, 1}, {2, 3}}
    local E, piv = ls.echelon(Q, nil, {pivots = true})
    assert.are.same({2, 3}, piv)
    assert.is_true(math.abs(E:get(4, 1) - 2) <= 1e-14 and math.abs(E:get(4, 2) - 3) <= 1e-14)
  end)

  it("rejects bad input", function()
    assert.has_error(function() ls.echelon("x") end)
    assert.has_error(function() ls.echelon(ls.eye(3), {4}) end)
    local ok, err = pcall(ls.echelon, ls.eye(3), {1, 2})
    assert.is_false(ok)
    assert.is_truthy(tostring(err):find("rank 2"))
  end)
end)

describe("polynomials as text", function()
  local B = ls.basis.poly(2, 2)   -- 1, x1, x2, x1^2, x1*x2, x2^2

  it("orders terms from the highest degree and signs them", function()
    assert.are.equal("x1^2 + x2^2 - 1", ls.basis.format(B, {-1, 0, 0, 1, 0, 1}))
    assert.are.equal("-2.5*x1*x2 + x1 - 3", ls.basis.format(B, ls.vector{-3, 1, 0, 0, -2.5, 0}))
    assert.are.equal("0", ls.basis.format(B, {0, 0, 0, 0, 0, 0}))
    -- terms below rtol times the largest are left out
    assert.are.equal("x2^2", ls.basis.format(B, {1e-12, 0, 0, 0, 0, 1}))
  end)

  it("lists the indices from the highest degree down", function()
    assert.are.same({4, 5, 6, 2, 3, 1}, ls.basis.descending(B))
  end)

  it("rejects bad input", function()
    assert.has_error(function() ls.basis.format(B, {1, 2}) end)
    assert.has_error(function() ls.basis.format(nil, {1}) end)
    assert.has_error(function() ls.basis.descending(ls.basis.fourier(1, 1)) end)
  end)
end)

describe("readable generators", function()
  it("span the same algebra, each 1 where the others are 0", function()
    local P = ls.basis.poly(3, 2)
    local W = ls.zeros(1, P:size())
    W:set(1, 5, 1); W:set(1, 8, 1); W:set(1, 10, 1)   -- |x|^2
    local h = ls.discover(ls.lieder.model(P, ls.lie.gl(3)), W)
    local plain, nice = h:generators(), h:generators{echelon = true}
    assert.are.equal(3, #nice)
    local g1, g2 = ls.lie.from(plain), ls.lie.from(nice)
    assert.are.equal(3, g1:intersect(g2):dim())
    -- the standard so(3) basis up to sign: entries 0 or +-1
    for _, G in ipairs(nice) do
      assert.is_true((G + G:T()):norm() <= 1e-10)
      assert.is_true(math.abs(G:abs():max() - 1) <= 1e-10)
    end
  end)
end)

describe("results chain the Lua way", function()
  it("echelon takes a Subspace, and format takes echelon's result as it is", function()
    local B = ls.basis.poly(2, 4)
    local S = ls.enforce(ls.lieder.model(B, ls.lie.so(2)))
    local E = ls.echelon(S, ls.basis.descending(B))
    assert.are.same({15, 3}, {E:shape()})
    -- one string per column, whatever echelon returns besides
    local p = {ls.basis.format(B, ls.echelon(S, ls.basis.descending(B)))}
    assert.are.same({"x1^4 + 2*x1^2*x2^2 + x2^4", "x1^2 + x2^2", "1"}, p)
    local _, piv = ls.echelon(S, ls.basis.descending(B), {pivots = true})
    assert.are.equal(3, #piv)
    assert.has_error(function() ls.basis.format(B, E:col(1), {1, 2}) end)
    assert.has_error(function() ls.echelon(S, nil, {rtl = 1}) end)
  end)

  it("contains takes a LieAlgebra and a Subalgebra", function()
    local B = ls.basis.poly(3, 2)
    local W = ls.zeros(1, B:size())
    for j, n in ipairs(B:names()) do
      if n == "x1^2" or n == "x2^2" or n == "x3^2" then W:set(1, j, 1) end
    end
    local h = ls.discover(ls.lieder.model(B, ls.lie.gl(3)), W)
    assert.are.equal(3, h:dim())
    assert.is_true(ls.lie.so(3):contains(h))
    assert.is_true(ls.lie.gl(3):contains(ls.lie.so(3)))
    assert.is_false(ls.lie.so(3):contains(ls.lie.sl(3)))
  end)

  it("a vector-field subalgebra prints its generators as fields", function()
    local B = ls.basis.poly(2, 2)
    local h = ls.discover(ls.lieder.model(B, ls.lie.vector_fields(2, 1)),
                          ls.matrix{{0, 0, 0, 1, 0, 1}})
    assert.are.equal(1, h:dim())
    assert.matches("generator 1: %(%-x2, x1%)", tostring(h))
  end)
end)
