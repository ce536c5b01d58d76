-- The robustness battery of promote at scale: random small problems
-- (spec/promote_battery.lua: bases poly(m, d) with m <= 4, d <= 4 and
-- Fourier; candidates t, so, se, gl, aff, scaling and vector fields;
-- invariant and tangent outputs; targets with the full, a partial and no
-- symmetry; noise 0 to 1e-1; exact and penalized with gamma over eight
-- decades; a quarter without acceleration), each solve checked against
-- its optimality conditions. Prints the count of failures, each failure,
-- and the counts per candidate and mode.
--   usage: lua5.4 bench/promote_battery.lua [count (3000)] [seed (1)]
--          (make bench-promote-battery)
local ls = require "liesym"
local battery = require "spec.promote_battery"

local count = tonumber(arg[1]) or 3000
local seed = tonumber(arg[2]) or 1
local t0 = ls.clock()
local fails, iters, closed, newton, fallback = 0, 0, 0, 0, 0
local per = {}
for i = 1, count do
  local ok, msg, info = battery.run(seed, i)
  local key = msg:match("^(%a+)%(") .. ", " .. (msg:find("exact mode", 1, true) and "exact" or "penalized")
  per[key] = per[key] or {0, 0}
  per[key][1] = per[key][1] + 1
  if not ok then
    fails = fails + 1
    per[key][2] = per[key][2] + 1
    print(("FAIL %d: %s"):format(i, msg))
  end
  if info then
    iters = iters + info.iterations
    if info.closed_form then closed = closed + 1 end
    if info.method == "newton" then newton = newton + 1
    elseif (info.newton_steps or 0) > 0 then fallback = fallback + 1 end
  end
end
local keys = {}
for key in pairs(per) do keys[#keys + 1] = key end
table.sort(keys)
print(("%-26s %8s %8s"):format("candidate, mode", "solves", "failed"))
for _, key in ipairs(keys) do print(("%-26s %8d %8d"):format(key, per[key][1], per[key][2])) end
print(("%d solves (seed %d), %d failed; %d in closed form; %d finished by the Newton method, "
       .. "%d by ADMM after Newton stalled; %d iterations in all; %.1f s")
      :format(count, seed, fails, closed, newton, fallback, iters, ls.clock() - t0))
