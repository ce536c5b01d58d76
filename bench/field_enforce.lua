-- Enforce on periodic grids: the translation-equivariant operators
-- (the convolutions, dimension N in R^(N^2)) through liesym's orbit
-- subspace, against scipy.linalg.null_space of the dense commutator
-- constraint (D_1 (x) I - I (x) D_1^T; ...) on the same spectral
-- generators (bench/field_enforce_scipy.py), in the same run. Each of our
-- sizes runs in a fresh process, so its peak resident memory is its own.
--   usage: OPENBLAS_NUM_THREADS=2 lua5.4 bench/field_enforce.lua [scipy budget s (120)]
local ls = require "liesym"

-- one size in this process: time and peak memory
if arg[1] == "one" then
  local n1, n2 = tonumber(arg[2]), tonumber(arg[3])
  local g = ls.field.grid{n = n2 > 1 and {n1, n2} or {n1}}
  local t0 = ls.clock()
  local op = ls.lieder.grid_operator(g, ls.lie.t(g:dim()))
  local S = ls.enforce(op)
  local t = ls.clock() - t0
  local hwm   -- the peak so far: building and enforcing
  for line in io.lines("/proc/self/status") do
    hwm = hwm or tonumber(line:match("^VmHWM:%s+(%d+)"))
  end
  -- the subspace is usable: a sample is equivariant
  local K = S:sample(ls.rng(1))
  local err = op:apply(K):norm() / K:norm()
  print(("%d %d %.6f %d %d %.3g"):format(n1, n2, t, hwm, S:dim(), err))
  os.exit(0)
end

local budget = tonumber(arg[1]) or 120
local here = arg[0]
local lua = arg[-1] or "lua5.4"
local sizes = {{16, 1}, {64, 1}, {256, 1}, {8, 8}, {16, 16}, {32, 32}, {64, 64}}
print(("Enforce, translations on periodic grids (OPENBLAS_NUM_THREADS=%s)")
      :format(os.getenv("OPENBLAS_NUM_THREADS") or "default"))
print(("%-10s %8s %12s %12s %10s %12s %10s"):format("grid", "N", "N^2", "liesym", "peak MB",
      "dim", "|L K|/|K|"))
for _, s in ipairs(sizes) do
  local p = assert(io.popen(("%s %s one %d %d"):format(lua, here, s[1], s[2])))
  local out = p:read("a")
  p:close()
  local n1, n2, t, hwm, dim, err = out:match("(%d+) (%d+) (%S+) (%d+) (%d+) (%S+)")
  local N = tonumber(n1) * tonumber(n2)
  print(("%-10s %8d %12d %11.3fs %10.0f %12s %10s"):format(
    s[2] > 1 and (n1 .. "x" .. n2) or n1, N, N * N, tonumber(t), tonumber(hwm) / 1024, dim, err))
end

print(("\nscipy.linalg.null_space of the dense constraint, sizes until one takes over %d s:")
      :format(budget // 8))
local p = assert(io.popen(("/usr/bin/python3 bench/field_enforce_scipy.py %d"):format(budget)))
for line in p:lines() do print(line) end
p:close()
