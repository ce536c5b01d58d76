-- Helpers shared by several specs (busted runs only files named *_spec).
local ls = require "liesym"
local assert = require "luassert"

local support = {}

-- N points uniform in [−a, a]^m (a = 1 by default), from their own generator
function support.uniform_points(N, m, seed, a)
  a = a or 1
  return ls.rand(N, m, ls.rng(seed)):map(function(v) return a * (2 * v - 1) end)
end

-- the error message of f(...), which must fail; never a Lua runtime error
function support.error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "call was expected to fail")
  err = tostring(err)
  assert.is_nil(err:find("attempt to", 1, true), "not a clean error: " .. err)
  return err
end

return support
