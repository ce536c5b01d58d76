-- The two systems of Yang et al. (NeurIPS 2024, "symmetry-informed
-- governing equation discovery"), 50 seeds each: the success rate (the
-- support of W exactly the true one) and the RMSE of the coefficients,
-- for plain STLSQ, STLSQ with the symmetry enforced, and both in the weak
-- form (default test functions), and promote over gl(2), not told the
-- symmetry (γ by cross-validation, then STLSQ with the symmetry found).
--
--   damped oscillator x' = -0.1 x - y, y' = x - 0.1 y: 50 initial
--     conditions at radius U[0.5, 2], dt = 0.2 over 20 time units,
--     Gaussian noise of 20% of each variable's standard deviation;
--     symmetry so(2)
--   growth x1' = 0.1 x2^2 - 0.3 x1, x2' = x2: 100 initial conditions in
--     U[0.2, 1]^2, dt = 0.02 over 2 time units, 5% multiplicative noise;
--     symmetry the scaling (x1, x2) -> (l^2 x1, l x2), generator diag(2, 1)
--
-- Both with the library poly(2, 2) and Savitzky-Golay derivatives.
--   usage: lua5.4 bench/sindy_yang.lua [seeds (50)] [threshold (0.05)]
local ls = require "liesym"

local seeds = tonumber(arg[1]) or 50
local threshold = tonumber(arg[2]) or 0.05
local B = ls.basis.poly(2, 2)   -- 1, x1, x2, x1^2, x1 x2, x2^2

local systems = {
  {
    name = "damped oscillator",
    f = function(_, x) return {-0.1 * x:get(1, 1) - x:get(2, 1), x:get(1, 1) - 0.1 * x:get(2, 1)} end,
    truth = ls.matrix{{0, -0.1, -1, 0, 0, 0}, {0, 1, -0.1, 0, 0, 0}},
    n = 50, dt = 0.2, T = 20,
    x0 = function(rng)
      local r = 0.5 + 1.5 * ls.rand(1, 1, rng):get(1, 1)
      local a = 2 * math.pi * ls.rand(1, 1, rng):get(1, 1)
      return {r * math.cos(a), r * math.sin(a)}
    end,
    noise = function(X, rng)   -- 20% of each column's standard deviation
      local N = X:rows()
      local mean = ls.ones(1, N) * X / N
      local sd = ((ls.ones(1, N) * (X - ls.ones(N, 1) * mean):hadamard(X - ls.ones(N, 1) * mean)) / (N - 1))
                 :map(math.sqrt)
      return X + ls.randn(N, 2, rng) * ls.diag{0.2 * sd:get(1, 1), 0.2 * sd:get(1, 2)}
    end,
    symmetry = ls.lie.so(2),
    derivative = {method = "savgol", window = 7, degree = 3},
  },
  {
    name = "growth",
    f = function(_, x) return {0.1 * x:get(2, 1) ^ 2 - 0.3 * x:get(1, 1), x:get(2, 1)} end,
    truth = ls.matrix{{0, -0.3, 0, 0, 0, 0.1}, {0, 0, 1, 0, 0, 0}},
    n = 100, dt = 0.02, T = 2,
    x0 = function(rng)
      local u = ls.rand(2, 1, rng)
      return {0.2 + 0.8 * u:get(1, 1), 0.2 + 0.8 * u:get(2, 1)}
    end,
    noise = function(X, rng)   -- multiplicative, 5%
      return X:hadamard(1 + 0.05 * ls.randn(X:rows(), X:cols(), rng))
    end,
    symmetry = ls.lie.from{ls.diag{2, 1}},
    derivative = {method = "savgol", window = 9, degree = 3},
  },
}

local function support_of(W)
  return W:abs():map(function(v) return v > 0 and 1 or 0 end)
end

for _, s in ipairs(systems) do
  local stats = {plain = {0, 0}, enforce = {0, 0}, weak = {0, 0}, ["weak+enforce"] = {0, 0},
                 promote = {0, 0}, ["weak+promote"] = {0, 0}}
  local found, found_weak = {}, {}
  local t0 = ls.clock()
  local steps = math.floor(s.T / s.dt + 0.5) + 1
  for seed = 1, seeds do
    local rng = ls.rng(seed)
    local trajs = {}
    for i = 1, s.n do
      local X = ls.ode.solve(s.f, s.x0(rng), {0, s.T, steps})
      trajs[i] = s.noise(X, rng)
    end
    local fits = {
      plain = ls.sindy.fit(trajs, {t = s.dt, basis = B, threshold = threshold,
                                   derivative = s.derivative}),
      enforce = ls.sindy.fit(trajs, {t = s.dt, basis = B, threshold = threshold,
                                     derivative = s.derivative, symmetry = s.symmetry}),
      weak = ls.sindy.fit(trajs, {t = s.dt, basis = B, threshold = threshold, weak = true}),
      promote = ls.sindy.fit(trajs, {t = s.dt, basis = B, threshold = threshold,
                                     derivative = s.derivative, promote = {candidate = ls.lie.gl(2)}}),
      ["weak+promote"] = ls.sindy.fit(trajs, {t = s.dt, basis = B, threshold = threshold, weak = true,
                                              promote = {candidate = ls.lie.gl(2)}}),
      ["weak+enforce"] = ls.sindy.fit(trajs, {t = s.dt, basis = B, threshold = threshold, weak = true,
                                              symmetry = s.symmetry}),
    }
    local d = fits.promote.promoted.symmetry:dim()
    found[d] = (found[d] or 0) + 1
    d = fits["weak+promote"].promoted.symmetry:dim()
    found_weak[d] = (found_weak[d] or 0) + 1
    for name, model in pairs(fits) do
      local W = model:coefficients()
      if support_of(W) == support_of(s.truth) then stats[name][1] = stats[name][1] + 1 end
      local rmse = math.sqrt(((W - s.truth):norm() ^ 2) / (W:rows() * W:cols()))
      stats[name][2] = stats[name][2] + rmse / seeds
    end
  end
  print(("%s (%d seeds, threshold %g, %.1f s):"):format(s.name, seeds, threshold, ls.clock() - t0))
  for _, name in ipairs{"plain", "enforce", "weak", "weak+enforce", "promote", "weak+promote"} do
    print(("  %-12s success %2d/%d   mean RMSE %.4f"):format(name, stats[name][1], seeds, stats[name][2]))
  end
  for label, counts in pairs{["strong form"] = found, ["weak form"] = found_weak} do
    local dims = {}
    for d, c in pairs(counts) do dims[#dims + 1] = ("dim %d: %d"):format(d, c) end
    table.sort(dims)
    print(("  promote over gl(2), %s, the symmetry found: %s"):format(label, table.concat(dims, ", ")))
  end
end
