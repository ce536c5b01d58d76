-- Compare recovery results with the reference: per (d, m, r), our median
-- n_recover and total time beside the authors' (../shared/reference).
--   usage: lua5.4 bench/recovery_summary.lua ours.csv [reference.csv | none]
local ours_path = assert(arg[1], "usage: recovery_summary.lua ours.csv [reference.csv]")
local ref_path = arg[2] or "../shared/reference/recovery_ortho_t_n.csv"

local csv = require "bench.recovery_csv"
local read, median = csv.read, csv.median

local ours, ref = read(ours_path), read(ref_path)
local keys = {}
for k in pairs(ours) do keys[#keys + 1] = k end
table.sort(keys, function(a, b)
  local x, y = ours[a], ours[b]
  if x.d ~= y.d then return x.d < y.d end
  if x.m ~= y.m then return x.m < y.m end
  return x.r < y.r
end)
print(("%2s %3s %2s %5s | %8s %8s %7s | %9s %9s"):format("d", "m", "r", "n_lib",
      "ours", "theirs", "ratio", "ours (s)", "theirs (s)"))
local cells, within, total_ours, total_theirs = 0, 0, 0, 0
for _, k in ipairs(keys) do
  local o, t = ours[k], ref[k]
  local mo = median(o.n)
  local mt = t and median(t.n)
  local ratio = mt and mo / mt
  if ratio then
    cells = cells + 1
    if ratio <= 1.15 then within = within + 1 end
    total_theirs = total_theirs + t.dt
  end
  total_ours = total_ours + o.dt
  print(("%2d %3d %2d %5d | %8.1f %8s %7s | %9.2f %9s"):format(o.d, o.m, o.r, o.lib, mo,
        mt and ("%.1f"):format(mt) or "-", ratio and ("%.3f"):format(ratio) or "-",
        o.dt, t and ("%.1f"):format(t.dt) or "-"))
end
print(("cells with a reference: %d; our median at most 15%% above theirs in %d (%.0f%%)")
      :format(cells, within, cells > 0 and 100 * within / cells or 0))
print(("solver time over these cells: ours %.1f s, theirs %.1f s"):format(total_ours, total_theirs))
