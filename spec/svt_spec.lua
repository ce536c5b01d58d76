-- Singular-value thresholding (src/core/svt.c), both routes (the SVD for
-- small matrices, the Gram eigenproblem for large ones), against
-- U max(S − t, 0) Vᵀ computed here from a full SVD.
local ls = require "liesym"
local core = require "liesym.core"

local function reference(X, t)
  local U, s, V = X:svd()
  local k = s:rows()
  local D, nuc, rank = ls.zeros(k, k), 0, 0
  for i = 1, k do
    local v = math.max(s:get(i) - t, 0)
    D:set(i, i, v)
    nuc = nuc + v
    if v > 0 then rank = rank + 1 end
  end
  return U * D * V:T(), nuc, rank, s:get(1)
end

describe("svt", function()
  local rng = ls.rng(17)
  local shapes = {{20, 10}, {10, 20}, {120, 70}, {70, 120}, {64, 64}}
  for _, sh in ipairs(shapes) do
    it(("matches U max(S − t, 0) Vᵀ for %dx%d"):format(sh[1], sh[2]), function()
      local X = ls.randn(sh[1], sh[2], rng)
      local smax = X:norm(2)
      for _, t in ipairs{0, 0.3 * smax, 0.9 * smax, 1e-7 * smax, 2 * smax} do
        local Z, nuc, rank = core.svt(X, t)
        local Zr, nr, rr = reference(X, t)
        assert.is_true((Z - Zr):norm() <= 1e-11 * smax, ("t = %g"):format(t))
        assert.is_true(math.abs(nuc - nr) <= 1e-11 * smax * math.min(sh[1], sh[2]))
        assert.are.equal(rr, rank)
      end
    end)
  end

  it("recovers the low-rank part of a noisy low-rank matrix", function()
    local L = ls.randn(150, 5, rng) * ls.randn(5, 90, rng)
    local X = L + ls.randn(150, 90, rng) * 1e-3
    local Z, _, rank = core.svt(X, 0.1)
    assert.are.equal(5, rank)
    assert.is_true((Z - L):norm() <= 1e-2 * L:norm())
  end)

  it("rejects a bad threshold and NaN", function()
    local X = ls.ones(3, 3)
    for _, case in ipairs{
      {"threshold", function() return core.svt(X, -1) end},
      {"threshold", function() return core.svt(X, 1 / 0) end},
      {"NaN or Inf", function() return core.svt(X:map(function() return 0 / 0 end), 1) end},
    } do
      local ok, err = pcall(case[2])
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find(case[1]), tostring(err))
    end
  end)
end)
