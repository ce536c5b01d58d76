-- Merge the CSV shards of a grid run (one per binary search, each with the
-- authors' header) into one file, sorted by d, m, r, seed.
--   usage: lua5.4 bench/recovery_merge.lua out.csv shard1.csv shard2.csv ...
local out_path = assert(arg[1], "usage: recovery_merge.lua out.csv shards...")
local header, rows = nil, {}
for i = 2, #arg do
  local f = assert(io.open(arg[i]))
  local h = f:read("l")
  header = header or h
  assert(h == header, arg[i] .. ": a different header")
  for line in f:lines() do
    if line ~= "" then rows[#rows + 1] = line end
  end
  f:close()
end
assert(header, "no shards")
local function key(line)
  local m, r, d, s = line:match("^(%d+),(%d+),(%d+),(%d+),")
  return {tonumber(d), tonumber(m), tonumber(r), tonumber(s)}
end
table.sort(rows, function(a, b)
  local x, y = key(a), key(b)
  for i = 1, 4 do if x[i] ~= y[i] then return x[i] < y[i] end end
  return false
end)
local f = assert(io.open(out_path, "w"))
f:write(header, "\n", table.concat(rows, "\n"), #rows > 0 and "\n" or "")
f:close()
io.stderr:write(("merged %d rows from %d shards into %s\n"):format(#rows, #arg - 1, out_path))
