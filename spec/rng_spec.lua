-- The seedable generator: pinned streams, an independent pure-Lua
-- xoshiro256** / splitmix64 reference, moments and the random matrices.
local ls = require "liesym"

-- {==== reference implementation (Blackman & Vigna), Lua 5.4 integers ====
-- Lua integers are 64-bit two's complement with wrap-around arithmetic and
-- logical shifts, which is exactly uint64_t arithmetic bit for bit.

local function rotl (x, k)
  return (x << k) | (x >> (64 - k))
end

-- splitmix64: returns the next output and the advanced state
local function splitmix64 (x)
  x = x + 0x9e3779b97f4a7c15
  local z = x
  z = (z ~ (z >> 30)) * 0xbf58476d1ce4e5b9
  z = (z ~ (z >> 27)) * 0x94d049bb133111eb
  return z ~ (z >> 31), x
end

local function xoshiro (seed)
  local s, x = {}, seed
  for i = 1, 4 do s[i], x = splitmix64(x) end
  return function ()
    local result = rotl(s[2] * 5, 7) * 9
    local t = s[2] << 17
    s[3] = s[3] ~ s[1]
    s[4] = s[4] ~ s[2]
    s[2] = s[2] ~ s[3]
    s[1] = s[1] ~ s[4]
    s[3] = s[3] ~ t
    s[4] = rotl(s[4], 45)
    return result
  end
end

local function ref_uniform (next64)
  return (next64() >> 11) * 2.0^-53
end

-- x mod span for x read as an unsigned 64-bit integer
local function umod (x, span)
  return (((x >> 1) % span) * 2 + (x & 1)) % span
end

-- Marsaglia's polar method, as documented in rng.h
local function ref_normals (next64, count)
  local out = {}
  while #out < count do
    local u, v, q
    repeat
      u = 2.0 * ref_uniform(next64) - 1.0
      v = 2.0 * ref_uniform(next64) - 1.0
      q = u * u + v * v
    until q < 1.0 and q ~= 0.0
    local f = math.sqrt(-2.0 * math.log(q) / q)
    out[#out + 1] = u * f
    out[#out + 1] = v * f
  end
  return out
end
-- }====

describe("rng", function()
  describe("pinned streams", function()
    it("rng(42):uniform() has a fixed first value", function()
      assert.are.equal(0.083862971059882163, ls.rng(42):uniform())
    end)

    it("seed 0 gives a fixed uniform stream", function()
      local want = {0.60126299941790484, 0.74777409254723981,
                    0.10301998939503632, 0.4165890778296456,
                    0.73299677905699012}
      local g = ls.rng(0)
      for i = 1, #want do assert.are.equal(want[i], g:uniform()) end
    end)

    it("the default seed is 0", function()
      local a, b = ls.rng(), ls.rng(0)
      for _ = 1, 10 do assert.are.equal(b:uniform(), a:uniform()) end
    end)

    it("seed 42 gives a fixed uniform stream", function()
      local want = {0.083862971059882163, 0.37898025066266861,
                    0.68004341102813937, 0.92469294532538759,
                    0.99180391428210279}
      local g = ls.rng(42)
      for i = 1, #want do assert.are.equal(want[i], g:uniform()) end
    end)

    it("seeds 0 and 42 give fixed normal streams", function()
      local want = {
        [0] = {0.5981026483626094, 1.4634599192204392, -0.89505255323799138,
               -0.1880627660388742, -2.4156066857120821},
        [42] = {-0.72621913824478568, -0.21119691823195985,
                0.22162270150359331, 0.52277168775601457,
                0.46417731016247366},
      }
      for seed, vals in pairs(want) do
        local g = ls.rng(seed)
        for i = 1, #vals do assert.are.equal(vals[i], g:normal()) end
      end
    end)
  end)

  describe("is xoshiro256** seeded by splitmix64", function()
    it("the reference splitmix64 matches the published first output", function()
      -- splitmix64.c (Vigna) from state 0: first output 0xe220a8397b1dcdaf
      assert.are.equal(0xe220a8397b1dcdaf, (splitmix64(0)))
    end)

    for _, seed in ipairs{0, 1, 42, -1, 0x123456789abcdef, math.mininteger} do
      it("the first 20 uniforms for seed " .. seed .. " match exactly", function()
        local g, ref = ls.rng(seed), xoshiro(seed)
        for _ = 1, 20 do assert.are.equal(ref_uniform(ref), g:uniform()) end
      end)
    end

    it("uniform(a, b) is a + (b - a) * u on the same stream", function()
      local g, ref = ls.rng(9), xoshiro(9)
      for _ = 1, 20 do
        assert.are.equal(-3 + 5 * ref_uniform(ref), g:uniform(-3, 2))
      end
    end)

    it("integer(lo, hi) is lo + x mod span on the raw stream", function()
      local g, ref = ls.rng(5), xoshiro(5)
      for _ = 1, 20 do
        assert.are.equal(-10 + umod(ref(), 21), g:integer(-10, 10))
      end
    end)

    it("integer over the full 64-bit range returns the raw outputs", function()
      local g, ref = ls.rng(3), xoshiro(3)
      for _ = 1, 10 do
        assert.are.equal(ref(), g:integer(math.mininteger, math.maxinteger))
      end
    end)

    it("normal() is the polar method on the uniform stream", function()
      local g = ls.rng(11)
      local want = ref_normals(xoshiro(11), 40)
      for i = 1, 40 do assert.are.equal(want[i], g:normal()) end
    end)

    it("normal(mu, sigma) scales the standard deviate", function()
      local g, h = ls.rng(12), ls.rng(12)
      for _ = 1, 10 do
        assert.are.equal(3 + 0.5 * h:normal(), g:normal(3, 0.5))
      end
    end)
  end)

  describe("streams", function()
    it("equal seeds give equal streams", function()
      local a, b = ls.rng(2024), ls.rng(2024)
      for _ = 1, 100 do assert.are.equal(a:uniform(), b:uniform()) end
      for _ = 1, 100 do assert.are.equal(a:normal(), b:normal()) end
    end)

    it("different seeds give different streams", function()
      for _, pair in ipairs{{0, 1}, {1, 2}, {42, 43}, {0, -1}} do
        local a, b = ls.rng(pair[1]), ls.rng(pair[2])
        local same = 0
        for _ = 1, 50 do
          if a:uniform() == b:uniform() then same = same + 1 end
        end
        assert.are.equal(0, same)
      end
    end)

    it("generators are independent of each other", function()
      local a, b = ls.rng(8), ls.rng(8)
      local first = a:uniform()
      for _ = 1, 5 do ls.rng(8):uniform() end  -- other generators advance
      assert.are.equal(first, b:uniform())
    end)

    it("tostring names the algorithm", function()
      assert.matches("^Rng %(xoshiro256%*%*%)", tostring(ls.rng(1)))
    end)
  end)

  describe("moments", function()
    local N = 100000

    local function moments (draw)
      local s, ss = 0.0, 0.0
      local xs = {}
      for i = 1, N do
        local x = draw()
        xs[i] = x
        s = s + x
      end
      local mean = s / N
      for i = 1, N do ss = ss + (xs[i] - mean)^2 end
      return mean, ss / (N - 1)
    end

    it("uniforms have mean 1/2 and variance 1/12 within 4 standard errors", function()
      local g = ls.rng(1234)
      local mean, var = moments(function () return g:uniform() end)
      -- sd of the mean sqrt(1/12/N); of the variance sqrt((mu4 - s^4)/N)
      assert.is_true(math.abs(mean - 0.5) < 4 * math.sqrt(1 / 12 / N))
      assert.is_true(math.abs(var - 1 / 12)
                     < 4 * math.sqrt((1 / 80 - 1 / 144) / N))
    end)

    it("normals have mean 0 and variance 1 within 4 standard errors", function()
      local g = ls.rng(4321)
      local mean, var = moments(function () return g:normal() end)
      assert.is_true(math.abs(mean) < 4 * math.sqrt(1 / N))
      assert.is_true(math.abs(var - 1) < 4 * math.sqrt(2 / N))
    end)

    it("normals are symmetric: about half are negative", function()
      local g, neg, n = ls.rng(77), 0, 20000
      for _ = 1, n do if g:normal() < 0 then neg = neg + 1 end end
      assert.is_true(math.abs(neg - n / 2) < 4 * math.sqrt(n / 4))
    end)
  end)

  describe("ranges", function()
    it("uniform() lies in [0, 1)", function()
      local g = ls.rng(3)
      for _ = 1, 10000 do
        local u = g:uniform()
        assert.is_true(u >= 0 and u < 1)
      end
    end)

    it("uniform(a, b) lies in [a, b) and spreads over it", function()
      local g = ls.rng(4)
      local lo, hi = math.huge, -math.huge
      for _ = 1, 10000 do
        local u = g:uniform(-2.5, 7)
        assert.is_true(u >= -2.5 and u < 7)
        lo, hi = math.min(lo, u), math.max(hi, u)
      end
      assert.is_true(lo < -2.4 and hi > 6.9)
      assert.are.equal(3, g:uniform(3, 3))
    end)

    it("integer(lo, hi) stays in range and hits every value", function()
      local g = ls.rng(6)
      for _, r in ipairs{{1, 6}, {-3, 2}, {0, 1}, {10, 10}, {-1000, -990}} do
        local lo, hi = r[1], r[2]
        local hits = {}
        for _ = 1, 200 * (hi - lo + 1) do
          local k = g:integer(lo, hi)
          assert.are.equal("integer", math.type(k))
          assert.is_true(k >= lo and k <= hi)
          hits[k] = (hits[k] or 0) + 1
        end
        for k = lo, hi do assert.is_true((hits[k] or 0) > 0) end
      end
    end)

    it("integer(1, 6) is roughly uniform", function()
      local g, n, counts = ls.rng(66), 12000, {0, 0, 0, 0, 0, 0}
      for _ = 1, n do
        local k = g:integer(1, 6)
        counts[k] = counts[k] + 1
      end
      local p = 1 / 6
      for k = 1, 6 do
        assert.is_true(math.abs(counts[k] - n * p) < 4 * math.sqrt(n * p * (1 - p)))
      end
    end)
  end)

  describe("rand and randn", function()
    it("use the given generator: equal seeds give equal matrices", function()
      local A = ls.rand(4, 3, ls.rng(10))
      local B = ls.rand(4, 3, ls.rng(10))
      assert.is_true(A == B)
      local C = ls.randn(5, 2, ls.rng(10))
      local D = ls.randn(5, 2, ls.rng(10))
      assert.is_true(C == D)
      assert.is_false(ls.rand(4, 3, ls.rng(11)) == A)
    end)

    it("rand fills column-major from the generator's uniform stream", function()
      local A, g = ls.rand(3, 4, ls.rng(21)), ls.rng(21)
      assert.are.same({3, 4}, {A:shape()})
      for k = 1, 12 do assert.are.equal(g:uniform(), A:get(k)) end
    end)

    it("randn fills column-major from the generator's normal stream", function()
      local A, g = ls.randn(5, 3, ls.rng(22)), ls.rng(22)
      for k = 1, 15 do assert.are.equal(g:normal(), A:get(k)) end
    end)

    it("advance the generator they are given", function()
      local g = ls.rng(23)
      local A, B = ls.rand(2, 2, g), ls.rand(2, 2, g)
      assert.is_false(A == B)
      local h = ls.rng(23)
      for _ = 1, 4 do h:uniform() end
      assert.are.equal(h:uniform(), B:get(1))
    end)

    it("without a generator use the module's default one", function()
      local A, B = ls.rand(3, 3), ls.rand(3, 3)
      assert.is_false(A == B)
      for k = 1, 9 do assert.is_true(A:get(k) >= 0 and A:get(k) < 1) end
      assert.are.same({2, 5}, {ls.randn(2, 5):shape()})
    end)

    it("accept empty shapes", function()
      assert.are.same({0, 3}, {ls.rand(0, 3, ls.rng(1)):shape()})
      assert.are.same({4, 0}, {ls.randn(4, 0, ls.rng(1)):shape()})
    end)
  end)

  it("refuses an interval whose width overflows", function()
    local ok, err = pcall(function() return ls.rng(1):uniform(-1e308, 1e308) end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("the interval's width overflows", 1, true), err)
  end)
end)
