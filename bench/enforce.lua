-- Benchmark of ls.enforce (issue: Lie algebras, groups, actions; enforce).
-- Prints "<case>\t<seconds>" lines for bench/table.lua; the baseline is
-- bench/enforce_numpy.py (scipy.linalg.null_space on the dense stacked
-- constraint). Cases named mem_* hold the process's peak resident memory in
-- MB after that case (Linux VmHWM), not seconds.
--   usage: lua5.4 bench/enforce.lua [repeats]
local ls = require "liesym"

local repeats = tonumber(arg[1]) or 1
local A, G = ls.action, ls.group

local function peak_mb()
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^VmHWM:%s+(%d+)")
    if kb then return tonumber(kb) / 1024 end
  end
end

local function best(f)
  local t = math.huge
  local result
  for _ = 1, repeats do
    local t0 = ls.clock()
    result = f()
    t = math.min(t, ls.clock() - t0)
  end
  return t, result
end

local function emit(case, value)
  io.write(("%s\t%.9g\n"):format(case, value))
  io.stdout:flush()
end

local function check(S, want, what)
  if S:dim() ~= want then
    error(("%s: dimension %d, expected %d"):format(what, S:dim(), want))
  end
end

local SO3 = G.SO(3)
local t7, S7 = best(function() return ls.enforce(A.T(7, 0, SO3)) end)
check(S7, 36, "SO(3) T(7)")
emit("so3_T7_2187", t7)

local S6 = G.S(6)
local V, V0 = A.V(S6), A.trivial(S6)
local R = 100 * V0 + 100 * V + 20 * V ^ 2
local ts, Ss = best(function() return ls.enforce(A.hom(R, R)) end)
check(Ss, 84000, "S(6) 100V0+100V+20V2")
emit("s6_sum_2016400", ts)
local tp = best(function() return Ss:project(Ss:sample(ls.rng(1))) end)
emit("s6_sample_project", tp)

-- T(8) last: its 6561x6561 Gram matrix sets the memory peak
local t8, S8 = best(function() return ls.enforce(A.T(8, 0, SO3)) end)
check(S8, 91, "SO(3) T(8)")
emit("so3_T8_6561", t8)
emit("mem_peak_MB", peak_mb())
