-- A fuzz harness: random and hostile arguments to every public function
-- and method of liesym, deterministic from a seed. Each call runs under
-- pcall: an error is the expected answer to bad input, a crash (under the
-- AddressSanitizer build: `make check-fuzz`) or a hang is a finding.
--
--   usage: lua5.4 tools/fuzz.lua [calls (20000)] [seed (1)] [--verbose]
--
-- Hostile values: NaN, ±Inf, huge and negative integers, empty and
-- degenerate matrices, strings that look like numbers, proxy tables whose
-- __index and __len run the collector, option tables with unknown keys,
-- and callbacks that error, collect garbage, re-enter liesym, or return
-- nonsense.
local ls = require "liesym"

local calls = tonumber(arg[1]) or 20000
local seed = tonumber(arg[2]) or 1
local verbose = arg[3] == "--verbose"
local rng = ls.rng(seed)

local function pick(list) return list[math.floor(ls.rand(1, 1, rng):get(1, 1) * #list) + 1] end
local function chance(p) return ls.rand(1, 1, rng):get(1, 1) < p end

local NaN, Inf = 0 / 0, math.huge

-- values a callback or a field may hold; some of them make the callback
-- misbehave in one of the ways a user's code can
local callbacks
local function matrix_pool()
  return {
    ls.zeros(0, 0), ls.zeros(2, 0), ls.zeros(0, 3), ls.ones(1, 1), ls.eye(2), ls.eye(3),
    ls.matrix{{1, 2}, {3, 4}}, ls.matrix{{NaN, 1}, {1, 1}}, ls.matrix{{Inf, 0}, {0, 1}},
    ls.matrix{{1e308, 1e308}, {1e308, 1e308}}, ls.matrix{{1e-308, 0}, {0, 1e-308}},
    ls.randn(5, 3, rng), ls.randn(3, 5, rng), ls.randn(4, 4, rng), ls.ones(6, 1), ls.ones(1, 6),
    ls.linspace(0, 1, 7), ls.randn(20, 2, rng), ls.randn(20, 3, rng),
  }
end

local function hostile_table()
  return setmetatable({}, {
    __len = function() collectgarbage(); return 2 end,
    __index = function() collectgarbage(); return ls.matrix(4, 4) end,
  })
end

local function value_pool()
  local mats = matrix_pool()
  local v = {
    0, 1, 2, 3, -1, -2, 0.5, 1e-300, 1e300, NaN, Inf, -Inf, math.maxinteger, math.mininteger,
    2 ^ 31, 2 ^ 31 - 1, 2 ^ 53, 1 << 40, "3", "x", "", true, false, {}, {1, 2, 3}, {{1, 2}, {3, 4}},
    {ls.eye(2), ls.eye(2)}, {ls.eye(2), "x"}, hostile_table(), ls.rng(3),
    ls.basis.poly(2, 2), ls.basis.poly(3, 1), ls.basis.fourier(1, 2),
    ls.lie.so(2), ls.lie.so(3), ls.lie.gl(2), ls.lie.se(2), ls.lie.t(2), ls.lie.zero(2),
    ls.group.SO(2), ls.group.S(3), ls.group.O(2),
    ls.lie.vector_fields(2, 1), ls.lie.t(1),
    ls.field.grid{n = 8}, ls.field.grid{n = {4, 3}}, ls.field.grid{n = 6, periodic = false},
    ls.lieder.grid_operator(ls.field.grid{n = 6}, ls.lie.t(1)),
    ls.lieder.kernel(ls.basis.poly(2, 2), ls.lie.t(1)),
    ls.basis.poly(4, 1),
    ls.nn.mlp{inputs = 2, outputs = 1, hidden = {3}},
    ls.action.V(ls.group.SO(2)), ls.action.trivial(ls.group.SO(2)),
    ls.nn.emlp{input = ls.action.V(ls.group.SO(2)), output = ls.action.trivial(ls.group.SO(2)),
               group = ls.group.SO(2), hidden = {4}},
    ls.nn.lie_operator(ls.nn.emlp{input = ls.action.V(ls.group.SO(2)),
                                  output = ls.action.V(ls.group.SO(2)), group = ls.group.SO(2),
                                  hidden = {4}, residual = true}, ls.group.SO(2).algebra),
  }
  for _, m in ipairs(mats) do v[#v + 1] = m end
  for _, f in ipairs(callbacks) do v[#v + 1] = f end
  return v
end

callbacks = {
  function() error("callback error") end,
  function() collectgarbage(); collectgarbage() end,
  function() return true end,
  function() return 0 / 0 end,
  function() return {1, "x"} end,
  function(_, x) return x end,
  function() return ls.zeros(0, 0) end,
  function() return ls.enforce(ls.action.V(ls.group.SO(2))) end,   -- re-enters liesym
}

local pool = value_pool()
local opt_keys = {"tol", "max_iter", "method", "rank", "rtol", "min_gap", "progress", "every",
                  "gamma", "lambda", "mode", "points", "weights", "output_action", "discrete",
                  "threshold", "ridge", "t", "derivative", "basis", "weak", "symmetry",
                  "rtol_symmetry", "degree", "order", "window", "max_time", "hmax", "h0",
                  "echelon", "n", "box", "periodic", "nyquist", "action", "density",
                  "input_action", "test_fields", "input", "output", "group", "hidden",
                  "channels", "layers", "enforce", "residual", "bilinear", "candidate", "promote",
                  "keep_best", "validation", "epochs", "bogus_key"}

local function random_value(depth)
  if depth < 2 and chance(0.15) then   -- an options table
    local t = {}
    for _ = 1, math.floor(ls.rand(1, 1, rng):get(1, 1) * 4) do t[pick(opt_keys)] = random_value(depth + 1) end
    return t
  end
  if chance(0.05) then return nil end
  return pick(pool)
end

-- the public functions: ls.*, ls.<module>.*, and the methods of every
-- userdata type and Lua object in the pool
local targets = {}
local function add(name, f) if type(f) == "function" then targets[#targets + 1] = {name, f} end end
for k, f in pairs(ls) do add("ls." .. k, f) end
for _, mod in ipairs{"lie", "group", "action", "basis", "lieder", "ode", "sindy", "field", "nn"} do
  for k, f in pairs(ls[mod]) do add(("ls.%s.%s"):format(mod, k), f) end
end
local seen_mt = {}
for _, v in ipairs(pool) do
  local mt = getmetatable(v)
  local index = type(mt) == "table" and rawget(mt, "__index")
  if type(index) == "table" and not seen_mt[index] then
    seen_mt[index] = true
    local tname = type(mt.__name) == "string" and mt.__name or "object"
    for k, f in pairs(index) do
      if type(f) == "function" then
        targets[#targets + 1] = {tname .. ":" .. k, f, v}
      end
    end
  end
end
table.sort(targets, function(a, b) return a[1] < b[1] end)

-- calls that only fill memory or time by design (a large request the
-- library accepts), skipped so that the harness stays bounded
local skip = {["ls.clock"] = true, ["ls.memory_limit"] = true,   -- raising the limit is the user's call
              ["Net:save"] = true}   -- it writes files named by the random strings

-- an error must be liesym's own, naming the function: never a Lua
-- runtime error ("attempt to index a nil value") from a liesym module
local t0, errors, ok_calls, unchecked = ls.clock(), 0, 0, {}
for i = 1, calls do
  local target = pick(targets)
  if not skip[target[1]] then
    local args, n = {}, math.floor(ls.rand(1, 1, rng):get(1, 1) * 5)
    if target[3] ~= nil then args[1] = target[3] end
    for j = #args + 1, #args + n do args[j] = random_value(0) end
    if verbose then
      local shown = {}
      for j = 1, #args do
        local a = args[j]
        shown[j] = ls.ismatrix(a) and ("%dx%d"):format(a:shape()) or
                   (type(a) == "table" and "{" .. (function()
                     local ks = {}
                     for k, v in pairs(a) do
                       ks[#ks + 1] = tostring(k) .. "=" .. (ls.ismatrix(v) and ("%dx%d"):format(v:shape())
                                                           or tostring(v))
                     end
                     return table.concat(ks, ",")
                   end)() .. "}" or tostring(a))
      end
      io.stderr:write(("%d %s(%s)\n"):format(i, target[1], table.concat(shown, ", ")))
    end
    local ok, err = pcall(target[2], table.unpack(args, 1, #args + 1))
    if ok then ok_calls = ok_calls + 1 else errors = errors + 1 end
    if not ok and type(err) == "string" and err:find("attempt to", 1, true)
       and err:find("liesym/", 1, true) then
      unchecked[#unchecked + 1] = ("%s: %s"):format(target[1], err)
    end
  end
  if i % 500 == 0 then collectgarbage() end
end
print(("fuzz: %d calls (seed %d) over %d functions and methods, %d errors raised, %d returned, "
       .. "%.1f s, no crash"):format(calls, seed, #targets, errors, ok_calls, ls.clock() - t0))
if #unchecked > 0 then
  io.stderr:write(("fuzz: %d errors were Lua's own, not liesym's:\n"):format(#unchecked))
  for i = 1, math.min(#unchecked, 10) do io.stderr:write("  ", unchecked[i], "\n") end
  os.exit(1)
end
