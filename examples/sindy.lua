-- Equation discovery with symmetry (SINDy): recover Lorenz from a noisy
-- trajectory, enforce its Z2, discover the symmetries of a fitted damped
-- oscillator, and find what a fitted oscillator conserves.
--   run from the checkout, after `make`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/sindy.lua
local ls = require "liesym"

-- Lorenz (sigma = 10, rho = 28, beta = 8/3): 10 time units at dt = 0.002,
-- Gaussian noise of standard deviation 0.01 on every sample
local function lorenz(_, x)
  local a, b, c = x:get(1, 1), x:get(2, 1), x:get(3, 1)
  return {10 * (b - a), a * (28 - c) - b, a * b - 8 / 3 * c}
end
local dt = 0.002
local X = ls.ode.solve(lorenz, {-8, 7, 27}, {0, 10, 5001})
local noisy = X + 0.01 * ls.randn(X:rows(), 3, ls.rng(1))
local smooth = {method = "savgol", window = 21, degree = 3}
local model = ls.sindy.fit(noisy, {t = dt, derivative = smooth, threshold = 0.5})
print("Lorenz from a noisy trajectory (noise 0.01, Savitzky-Golay derivatives):")
for _, eq in ipairs(model:equations{precision = 4}) do print("  " .. eq) end
print(("  R^2 of the derivatives: %.5f"):format(model:score(noisy, dt, smooth)))

-- its Z2 (x, y, z) -> (-x, -y, z) enforced: exact in the fitted field
local g = ls.diag{-1, -1, 1}
local z2 = ls.sindy.fit(noisy, {t = dt, derivative = smooth, threshold = 0.5, discrete = {g}})
local P = ls.rand(200, 3, ls.rng(2)) * 40 - 20
print(("  with the Z2 enforced: |f(g x) - g f(x)| = %.1e over 200 points"):format(
  (z2:predict(P * g) - z2:predict(P) * g):abs():max()))

-- a damped oscillator from 5 trajectories: its symmetries in gl(2)
local function damped(_, x)
  return {-0.1 * x:get(1, 1) - x:get(2, 1), x:get(1, 1) - 0.1 * x:get(2, 1)}
end
local trajectories = {}
for i = 1, 5 do
  trajectories[i] = ls.ode.solve(damped, {math.cos(i), math.sin(i)}, {0, 10, 501})
end
local osc = ls.sindy.fit(trajectories, {t = 0.02, derivative = {order = 4}, threshold = 0.05})
print("damped oscillator:")
for _, eq in ipairs(osc:equations()) do print("  " .. eq) end
local h = ls.discover(osc, ls.lie.gl(2), {rtol = 1e-6})
print(("  symmetries in gl(2): dim %d (the scalings and rotations, span{I, J})"):format(h:dim()))
-- fitted with so(2) enforced instead, from the same data
local rot = ls.sindy.fit(trajectories, {t = 0.02, derivative = {order = 4}, threshold = 0.05,
                                        symmetry = ls.lie.so(2)})
print("  with so(2) enforced: " .. table.concat(rot:equations(), ", "))

-- what the undamped oscillator conserves, among polynomials of degree <= 4
local undamped = ls.sindy.fit(ls.ode.solve(function(_, x) return {x:get(2, 1), -x:get(1, 1)} end,
                                           {1, 0.5}, {0, 10, 1001}),
                              {t = 0.01, derivative = {order = 6}})
local H = ls.basis.poly(2, 4)
local S = ls.sindy.conserved(undamped, H)
print(("undamped oscillator: %d conserved quantities of degree <= 4 (gap %.1e):")
      :format(S:dim(), S:spectrum().gap))
for _, f in ipairs{ls.basis.format(H, ls.echelon(S, ls.basis.descending(H)), 1e-6)} do
  print("  " .. f)
end
-- and the fitted field simulated in C, against the truth cos(t), -sin(t)
local sim = undamped:simulate({1, 0}, {0, 10, 11})
print(("  simulated to t = 10: error %.1e against (cos t, -sin t)"):format(
  math.max(math.abs(sim:get(11, 1) - math.cos(10)), math.abs(sim:get(11, 2) + math.sin(10)))))
