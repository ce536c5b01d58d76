-- Promote symmetry while discovering equations: the damped oscillator
-- from noisy trajectories, fitted over the candidate gl(2) without being
-- told its symmetry. The nuclear-norm penalty (γ by cross-validation)
-- decides which linear changes of variables commute with the field, and
-- STLSQ fits the coefficients with that symmetry enforced. Then the same
-- data with a conserved quantity and divergence constraints, and SR3.
--   run from the checkout, after `make`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/sindy_promote.lua
local ls = require "liesym"

local function damped(_, x)
  return {-0.1 * x:get(1, 1) - x:get(2, 1), x:get(1, 1) - 0.1 * x:get(2, 1)}
end
local rng = ls.rng(4)
local list = {}
for i = 1, 10 do
  local X = ls.ode.solve(damped, {math.cos(i), math.sin(i)}, {0, 10, 201})
  list[i] = X + 0.01 * ls.randn(201, 2, rng)
end
local opts = {t = 0.05, threshold = 0.05, derivative = {method = "savgol", window = 9}}

local plain = ls.sindy.fit(list, opts)
print("plain STLSQ:   " .. table.concat(plain:equations(), ", "))

opts.promote = {candidate = ls.lie.gl(2)}
local promoted = ls.sindy.fit(list, opts)
local h, info = promoted.promoted.symmetry, promoted.promoted.info
print(("promote over gl(2): gamma %.3g (%s)"):format(info.gamma, info.gamma_from))
print(("  symmetries found: dim %d, gap %.3g"):format(h:dim(), h:spectrum().gap))
for i, A in ipairs(h:generators{echelon = true}) do
  print(("  A%d = [[%.3f, %.3f], [%.3f, %.3f]]"):format(i, A:get(1, 1), A:get(1, 2), A:get(2, 1), A:get(2, 2)))
end
print("  fitted with them: " .. table.concat(promoted:equations(), ", "))
opts.promote = nil

-- the undamped oscillator conserves x1^2 + x2^2: imposed exactly, the
-- fit has no damping left; divergence free: the same here
local H = ls.vector{0, 0, 0, 1, 0, 1}   -- poly(2, 2): 1, x1, x2, x1^2, x1 x2, x2^2
opts.conserve = H
print("conserve x1^2 + x2^2: " .. table.concat(ls.sindy.fit(list, opts):equations(), ", "))
opts.conserve, opts.divergence_free = nil, true
print("divergence free:      " .. table.concat(ls.sindy.fit(list, opts):equations(), ", "))
opts.divergence_free = nil

-- SR3 instead of STLSQ
opts.optimizer = "sr3"
print("SR3:           " .. table.concat(ls.sindy.fit(list, opts):equations(), ", "))
