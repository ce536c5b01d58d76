-- Benchmark of ls.enforce and the Lie-algebra kernels (the C-userdata
-- issue). Prints "<case>\t<seconds>" lines for bench/table.lua; the
-- baseline is bench/enforce_numpy.py (scipy.linalg.null_space on the dense
-- stacked constraint, numpy for the structure constants). Cases named
-- mem_* hold a peak resident memory in MB (Linux VmHWM), not seconds:
-- the memory cases run in a process of their own, so that nothing before
-- them sets the peak.
--   usage: lua5.4 bench/enforce.lua [repeats]
--          lua5.4 bench/enforce.lua --alone CASE   (one case, with its peak)
local ls = require "liesym"
local common = require "bench.common"
local emit, peak_mb = common.emit, common.peak_mb

local A, G = ls.action, ls.group

local function check(S, want, what)
  if S:dim() ~= want then
    error(("%s: dimension %d, expected %d"):format(what, S:dim(), want))
  end
end

-- the cases: name -> function returning the result to check, and its
-- expected dimension (nil: no subspace)
local cases = {
  {"se20_structure_killing", function()
     local g = ls.lie.se(20)
     g:structure_constants()
     return g:killing()
   end},
  {"s30_T2_900", function() return ls.enforce(A.T(2, 0, G.S(30))) end, 2},
  {"s100_T2_10000", function() return ls.enforce(A.T(2, 0, G.S(100))) end, 2},
  {"s1000_hom_1000000", function()
     local V = A.V(G.S(1000))
     return ls.enforce(A.hom(V, V))
   end, 2},
  {"s100_T3_1000000", function() return ls.enforce(A.T(3, 0, G.S(100))) end, 5},
  {"so3_T7_2187", function() return ls.enforce(A.T(7, 0, G.SO(3))) end, 36},
  {"so3_T8_6561", function() return ls.enforce(A.T(8, 0, G.SO(3))) end, 91},
  {"so24_T2_576", function() return ls.enforce(A.T(2, 0, G.SO(24))) end, 1},
  {"s6_sum_2016400", function()
     local S6 = G.S(6)
     local V, V0 = A.V(S6), A.trivial(S6)
     local R = 100 * V0 + 100 * V + 20 * V ^ 2
     return ls.enforce(A.hom(R, R))
   end, 84000},
}

local function run(case, repeats)
  local best, result = math.huge, nil
  for _ = 1, repeats do
    collectgarbage()
    local t0 = ls.clock()
    result = case[2]()
    best = math.min(best, ls.clock() - t0)
  end
  if case[3] then check(result, case[3], case[1]) end
  return best, result
end

if arg[1] == "--alone" then
  for _, case in ipairs(cases) do
    if case[1] == arg[2] then
      local t = run(case, 1)
      emit(case[1], t)
      emit("mem_" .. case[1] .. "_MB", peak_mb())
      os.exit(0)
    end
  end
  error("no case " .. tostring(arg[2]))
end

local repeats = tonumber(arg[1]) or 1
for _, case in ipairs(cases) do
  local t, S = run(case, repeats)
  emit(case[1], t)
  if case[1] == "s6_sum_2016400" then
    local tp = math.huge
    for _ = 1, repeats do
      local t0 = ls.clock()
      S:project(S:sample(ls.rng(1)))
      tp = math.min(tp, ls.clock() - t0)
    end
    emit("s6_sample_project", tp)
  end
end
-- memory, each in a fresh process
local self = arg[0]
for _, name in ipairs{"s100_T3_1000000", "so3_T8_6561"} do
  local p = assert(io.popen(("%q %q --alone %s"):format(arg[-1] or "lua5.4", self, name)))
  for line in p:lines() do
    if line:match("^mem_") then io.write(line, "\n") end
  end
  p:close()
end
