-- Reading the recovery experiment's CSV files (the authors' columns
-- m,r,d,seed,n_recover,n_lib,dt,tot_iters): cells, their grid, medians.
-- Shared by bench/recovery.lua, recovery_cells.lua, recovery_summary.lua
-- and plot_recovery.lua.
local csv = {}

--- The cells of a results file, keyed "d,m,r": {d, m, r, lib, n = the
-- n_recover of each seed, dt and it summed}; {} for the path "none".
function csv.read(path)
  local cells = {}
  if path == "none" then return cells end   -- a grid without a reference
  local f = assert(io.open(path))
  f:read("l")  -- header
  for line in f:lines() do
    local m, r, d, _, n, lib, dt, it = line:match(
      "^(%d+),(%d+),(%d+),(%d+),(%d+),(%d+),([^,]+),(%d+)")
    if m then
      local key = ("%s,%s,%s"):format(d, m, r)
      local c = cells[key] or {d = tonumber(d), m = tonumber(m), r = tonumber(r),
                               n = {}, dt = 0, it = 0, lib = tonumber(lib)}
      c.n[#c.n + 1] = tonumber(n)
      c.dt = c.dt + tonumber(dt)
      c.it = c.it + tonumber(it)
      cells[key] = c
    end
  end
  f:close()
  return cells
end

--- The distinct (d, m, r) of a results file, sorted: a list of {d, m, r}.
function csv.grid(path)
  local list = {}
  for _, c in pairs(csv.read(path)) do list[#list + 1] = {c.d, c.m, c.r} end
  table.sort(list, function(x, y)
    if x[1] ~= y[1] then return x[1] < y[1] end
    if x[2] ~= y[2] then return x[2] < y[2] end
    return x[3] < y[3]
  end)
  return list
end

--- The median of a list, and its smallest and largest entries.
function csv.median(t)
  local s = {}
  for i, v in ipairs(t) do s[i] = v end
  table.sort(s)
  local n = #s
  local med = n % 2 == 1 and s[(n + 1) // 2] or (s[n // 2] + s[n // 2 + 1]) / 2
  return med, s[1], s[n]
end

return csv
