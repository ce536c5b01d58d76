-- SINDy's speed against the numpy baseline (bench/sindy_numpy.py, the
-- algorithms PySINDy uses), on the same data in the same run: Lorenz-96
-- (m = 10, F = 8) sampled 10^5 times at dt = 0.01, the cubic library
-- poly(10, 3) (286 terms), second-order central differences, STLSQ with
-- PySINDy's defaults (threshold 0.1, ridge 0.05); then the fitted model
-- simulated over 10^4 output times (DOPRI5 in C against scipy's RK45
-- calling the model in Python), both at rtol 1e-8, atol 1e-10.
--   usage: OPENBLAS_NUM_THREADS=2 lua5.4 bench/sindy_speed.lua [N (100000)]
local ls = require "liesym"

local N = tonumber(arg[1]) or 100000
local m, F, dt = 10, 8, 0.01
local degree, threshold, ridge = 3, 0.1, 0.05
local t_end, nt, rtol, atol = 10, 10001, 1e-8, 1e-10

local function lorenz96(_, x)
  local v = x:totable()
  local out = {}
  for i = 1, m do
    local function at(j) return v[(j - 1) % m + 1][1] end
    out[i] = (at(i + 1) - at(i - 2)) * at(i - 1) - at(i) + F
  end
  return out
end

-- the data: past a transient of 10 time units
local x0 = {}
for i = 1, m do x0[i] = F + (i == 1 and 0.01 or 0) end
local warm = ls.ode.solve(lorenz96, x0, {0, 10, 2})
local X = ls.ode.solve(lorenz96, warm:row(2), {0, dt * (N - 1), N}, {rtol = 1e-10, atol = 1e-10})

local B = ls.basis.poly(m, degree)
local t0 = ls.clock()
B:eval(X)
local t_lib = ls.clock() - t0
t0 = ls.clock()
local dX = ls.sindy.derivative(X, dt)
local t_der = ls.clock() - t0
t0 = ls.clock()
local model = ls.sindy.fit(X, {derivative = dX, basis = B, threshold = threshold, ridge = ridge})
local t_fit = ls.clock() - t0

local W = model:coefficients()
local start = X:row(N)
t0 = ls.clock()
local sim = model:simulate(start, {0, t_end, nt}, {rtol = rtol, atol = atol})
local t_sim = ls.clock() - t0

-- the same data, W and start for numpy
local file = os.tmpname()
local f = assert(io.open(file, "w"))
f:write(("%d %d %d %.17g %.17g %.17g %.17g %d %.17g %.17g\n")
        :format(N, m, degree, dt, threshold, ridge, t_end, nt, rtol, atol))
local function write_rows(M)
  for _, row in ipairs(M:totable()) do
    for j, v in ipairs(row) do row[j] = ("%.17g"):format(v) end
    f:write(table.concat(row, " "), "\n")
  end
end
write_rows(X)
write_rows(W)
write_rows(start)
f:close()
local py = {}
local p = assert(io.popen("/usr/bin/python3 bench/sindy_numpy.py " .. file))
for line in p:lines() do
  local k, v = line:match("^(%S+) (%S+)$")
  if k then py[k] = tonumber(v) end
end
p:close()
-- numpy's trajectory against ours
local simpy = {}
for line in io.lines(file .. ".sim") do
  local row = {}
  for v in line:gmatch("%S+") do row[#row + 1] = tonumber(v) end
  simpy[#simpy + 1] = row
end
os.remove(file)
os.remove(file .. ".sim")
local S = ls.matrix(simpy)

print(("SINDy on Lorenz-96: %d samples, m = %d, poly(%d, %d) = %d terms (OPENBLAS_NUM_THREADS=%s)")
      :format(N, m, m, degree, B:size(), os.getenv("OPENBLAS_NUM_THREADS") or "default"))
print(("%-34s %10s %10s %8s"):format("", "liesym", "numpy", "ratio"))
local function row(label, ours, theirs)
  print(("%-34s %9.3fs %9.3fs %7.1fx"):format(label, ours, theirs, theirs / ours))
end
row("library evaluation", t_lib, py.library)
row("derivative (central, order 2)", t_der, py.derivative)
row("STLSQ fit (ours: with the library)", t_fit, py.fit)
row("total", t_der + t_fit, py.total)
row(("simulate, %d output times"):format(nt), t_sim, py.simulate)
print(("fitted W: nonzeros %d (Lorenz-96: %d), largest difference to numpy's %.1e")
      :format((W:abs():map(function(v) return v > 0 and 1 or 0 end)):sum(), 4 * m, py.coef_diff))
print(("trajectories: largest difference %.1e over %d time units (chaotic: it grows with t)")
      :format((sim - S):abs():max(), t_end))
