-- The matrix exponential against closed forms (Rodrigues, diagonal,
-- nilpotent, Jordan block) and the group property exp(A) exp(-A) = I, over
-- norms that exercise every Pade degree and the scaling and squaring.
local ls = require "liesym"

local function maxdiff (A, B)
  assert.are.same({A:shape()}, {B:shape()})
  return (A - B):norm("max")
end

-- the cross-product matrix of (x, y, z)
local function hat (x, y, z)
  return ls.matrix{{0, -z, y}, {z, 0, -x}, {-y, x, 0}}
end

describe("expm", function()
  local rng

  before_each(function()
    rng = ls.rng(314)
  end)

  it("is both a module function and a method", function()
    local A = ls.randn(4, 4, rng)
    assert.is_true(ls.expm(A) == A:expm())
    assert.are.same({4, 4}, {A:expm():shape()})
  end)

  describe("of a skew 3x3 matrix is a rotation", function()
    -- theta from below theta_3 up to a norm that needs squaring
    for _, theta in ipairs{1e-3, 0.1, 0.5, 1.3, 2.5, 3.1, 7, 40} do
      it("theta = " .. theta .. " matches Rodrigues' formula", function()
        local x, y, z = rng:normal(), rng:normal(), rng:normal()
        local r = math.sqrt(x * x + y * y + z * z)
        local K = hat(x / r, y / r, z / r)
        local R = (K * theta):expm()
        local rodrigues = ls.eye(3) + K * math.sin(theta)
                          + (K * K) * (1 - math.cos(theta))
        assert.is_true(maxdiff(R, rodrigues) <= 1e-13 * math.max(1, theta / 4))
        assert.is_true(maxdiff(R:T() * R, ls.eye(3)) <= 1e-13)
        assert.is_true(math.abs(R:det() - 1) <= 1e-13)
        -- the axis is fixed
        local axis = ls.vector{x, y, z}
        assert.is_true((R * axis - axis):norm() <= 1e-13 * r)
      end)
    end
  end)

  it("of a diagonal matrix is diag(exp(d_i))", function()
    for _, d in ipairs{{1e-4, -2e-4, 3e-4}, {-2, 0, 0.5, 3}, {-30, 10, 25}, {0}} do
      local E = ls.diag(d):expm()
      for i = 1, #d do
        for j = 1, #d do
          if i == j then
            local want = math.exp(d[i])
            assert.is_true(math.abs(E:get(i, i) - want) <= 1e-13 * want,
                           ("exp(%g)"):format(d[i]))
          else
            assert.are.equal(0, E:get(i, j))
          end
        end
      end
    end
  end)

  it("of a nilpotent matrix is the finite series", function()
    for _, scale in ipairs{1e-3, 0.1, 1, 3} do
      local N = ls.matrix{{0, 1, -2, 0.5}, {0, 0, 3, 1}, {0, 0, 0, -1},
                          {0, 0, 0, 0}} * scale
      local N2 = N * N
      local N3 = N2 * N
      assert.are.equal(0, (N3 * N):norm("max"))
      local series = ls.eye(4) + N + N2 / 2 + N3 / 6
      local E = N:expm()
      assert.is_true(maxdiff(E, series) <= 1e-14 * series:norm("max"),
                     ("scale %g: %g"):format(scale, maxdiff(E, series)))
    end
  end)

  it("of [[a, b], [0, a]] is e^a [[1, b], [0, 1]]", function()
    for _, ab in ipairs{{0.7, 2}, {-3, 40}, {0, 1e-3}, {1e-3, 1e-3}, {2, -15}} do
      local a, b = ab[1], ab[2]
      local E = ls.matrix{{a, b}, {0, a}}:expm()
      local ea = math.exp(a)
      local want = ls.matrix{{ea, ea * b}, {0, ea}}
      assert.is_true(maxdiff(E, want) <= 1e-13 * want:norm("max"),
                     ("a = %g, b = %g: %g"):format(a, b, maxdiff(E, want)))
    end
  end)

  it("of a small matrix matches the Taylor series", function()
    for _, norm in ipairs{1e-3, 1e-2} do
      local A = ls.randn(5, 5, rng)
      A = A * (norm / A:norm(1))
      local A2 = A * A
      local A3 = A2 * A
      local taylor = ls.eye(5) + A + A2 / 2 + A3 / 6 + (A3 * A) / 24
                     + (A3 * A2) / 120
      assert.is_true(maxdiff(A:expm(), taylor) <= 2e-16 * 8)
    end
  end)

  it("exp(A) exp(-A) = I over every Pade degree and with squaring", function()
    -- 1-norms below theta_3, theta_5, theta_7, theta_9, theta_13, and above
    for _, norm in ipairs{1e-3, 0.2, 0.9, 2, 5, 12} do
      local A = ls.randn(6, 6, rng)
      A = A * (norm / A:norm(1))
      local P = A:expm() * (-A):expm()
      -- the product is only as accurate as exp(A) and exp(-A) are large
      local tol = 1e-14 * math.exp(norm / 2)
      assert.is_true(maxdiff(P, ls.eye(6)) <= tol,
                     ("norm %g: %g"):format(norm, maxdiff(P, ls.eye(6))))
    end
  end)

  it("exp(A) exp(-A) = I for large matrices of bounded growth", function()
    -- skew plus a small symmetric part: ||exp(tA)|| stays moderate, so the
    -- identity stays sharp even at norm 50 and beyond (6 to 8 squarings)
    for _, norm in ipairs{10, 50, 200} do
      local B = ls.randn(8, 8, rng)
      local C = ls.randn(8, 8, rng)
      local A = (B - B:T()) * (norm / (B - B:T()):norm(1)) + (C + C:T()) * 0.05
      local P = A:expm() * (-A):expm()
      assert.is_true(maxdiff(P, ls.eye(8)) <= 1e-11,
                     ("norm %g: %g"):format(norm, maxdiff(P, ls.eye(8))))
    end
  end)

  it("of S diag(d) S^-1 is S diag(exp(d)) S^-1, also at large norms", function()
    for _, d in ipairs{{-1, 0, 1, 2}, {-20, -5, 1, 4}, {30, -30, 1, 2},
                       {-60, 5, 10, 12}} do
      local S = ls.eye(4) + ls.randn(4, 4, rng) * 0.2
      local Si = S:inv()
      local ed = {}
      for i = 1, 4 do ed[i] = math.exp(d[i]) end
      local want = S * ls.diag(ed) * Si
      local E = (S * ls.diag(d) * Si):expm()
      assert.is_true(maxdiff(E, want) <= 1e-12 * want:norm("max"),
                     ("d[1] = %g: %g"):format(d[1], maxdiff(E, want)))
    end
  end)

  it("exp(2A) = exp(A)^2 and exp(A^T) = exp(A)^T", function()
    local A = ls.randn(5, 5, rng)
    local E = A:expm()
    local E2 = (A * 2):expm()
    assert.is_true(maxdiff(E * E, E2) <= 1e-12 * E2:norm("max"))
    assert.is_true(maxdiff(A:T():expm(), E:T()) <= 1e-13 * E:norm("max"))
  end)

  it("det exp(A) = exp(trace A)", function()
    local A = ls.randn(5, 5, rng)
    local want = math.exp(A:trace())
    assert.is_true(math.abs(A:expm():det() - want) <= 1e-12 * want)
  end)

  it("of the zero matrix is the identity", function()
    assert.is_true(ls.zeros(3, 3):expm() == ls.eye(3))
    assert.are.same({0, 0}, {ls.zeros(0, 0):expm():shape()})
  end)

  it("refuses norms it cannot scale into range instead of returning a wrong matrix", function()
    -- [[-x, x], [0, 0]] has exp [[e^-x, 1 - e^-x], [0, 1]]: 51 squarings at
    -- x = 1e16 gave 0.78 for the 1 in the corner
    local ok, err = pcall(ls.expm, ls.matrix{{-1e16, 1e16}, {0, 0}})
    assert.is_false(ok)
    assert.truthy(tostring(err):find("expm: the result overflows, or is too large", 1, true))
    -- a finite matrix whose norm overflows (the sum of its column)
    ok, err = pcall(ls.expm, ls.matrix{{1e308, 1e308}, {1e308, 1e308}})
    assert.is_false(ok)
    assert.truthy(tostring(err):find("expm:", 1, true))
    -- and at x = 1e9, within range, the closed form to the documented accuracy
    local E = ls.expm(ls.matrix{{-1e9, 1e9}, {0, 0}})
    assert.is_true(math.abs(E:get(1, 2) - 1) < 2.4e-7 and math.abs(E:get(2, 2) - 1) < 2.4e-7)
  end)
end)
