-- The medians over seeds of bench/results/nn_data_efficiency.csv, a row
-- per (dataset, model), a column per n_train, beside EMLP's published
-- test MSE (Finzi et al. 2021, at 1000 samples: O5Synthetic MLP 0.0881,
-- EMLP 0.0163; Inertia MLP 3.24, EMLP 0.06).
--   usage: lua5.4 bench/nn_data_efficiency_summary.lua results.csv
local path = arg[1] or "bench/results/nn_data_efficiency.csv"
local runs, sizes, seen = {}, {}, {}
local f = assert(io.open(path))
f:read("l")
for line in f:lines() do
  local d, m, n, _, mse, _, sec = line:match("^([^,]+),([^,]+),(%d+),(%d+),([^,]+),(%d+),([^,]+)")
  if d then
    local key = d .. "," .. m
    runs[key] = runs[key] or {}
    runs[key][tonumber(n)] = runs[key][tonumber(n)] or {mse = {}, sec = 0}
    local cell = runs[key][tonumber(n)]
    cell.mse[#cell.mse + 1] = tonumber(mse)
    cell.sec = cell.sec + tonumber(sec)
    if not seen[tonumber(n)] then seen[tonumber(n)] = true; sizes[#sizes + 1] = tonumber(n) end
  end
end
f:close()
table.sort(sizes)
local published = {["o5,mlp"] = 0.0881, ["o5,emlp"] = 0.0163, ["inertia,mlp"] = 3.24, ["inertia,emlp"] = 0.06}
local function median(t)
  table.sort(t)
  local k = #t
  return k % 2 == 1 and t[(k + 1) // 2] or (t[k // 2] + t[k // 2 + 1]) / 2
end
local head = {"dataset", "model"}
for _, n in ipairs(sizes) do head[#head + 1] = "n=" .. n end
head[#head + 1] = "EMLP paper (n=1000)"
head[#head + 1] = "train s (all seeds)"
print(table.concat(head, " | "))
local keys = {}
for k in pairs(runs) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do
  local row, total = {k:match("^([^,]+)"), k:match(",(.+)$")}, 0
  for _, n in ipairs(sizes) do
    local cell = runs[k][n]
    row[#row + 1] = cell and ("%.4g (%d)"):format(median(cell.mse), #cell.mse) or "-"
    total = total + (cell and cell.sec or 0)
  end
  row[#row + 1] = published[k] and tostring(published[k]) or "-"
  row[#row + 1] = ("%.0f"):format(total)
  print(table.concat(row, " | "))
end
