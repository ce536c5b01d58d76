-- Bad arguments to ls.ode and ls.sindy, and to the C functions behind
-- them: each must raise a clean Lua error naming what went wrong (never a
-- crash: this spec also runs under AddressSanitizer and valgrind).
local ls = require "liesym"
local core = require "liesym.core"
local support = require "spec.support"

local NaN = 0 / 0
local X = ls.linspace(0, 1, 20) * ls.ones(1, 2)
local T = ls.linspace(0, 1, 20)

local expect_error = support.expect_error

local function osc(_, x) return {x:get(2, 1), -x:get(1, 1)} end

local cases = {
  -- ode.solve
  {"x0: a vector or a list of numbers expected", ls.ode.solve, osc, "x", {0, 1, 2}},
  {"x0: a vector expected, got a 2x2 matrix", ls.ode.solve, osc, ls.ones(2, 2), {0, 1, 2}},
  {"x0: entry 2 is not a number", ls.ode.solve, osc, {1, "a"}, {0, 1, 2}},
  {"times: a vector or a list of numbers expected", ls.ode.solve, osc, {1, 0}, "t"},
  {"{t0, t1, n}", ls.ode.solve, osc, {1, 0}, {0, 1, 0}},
  {"strictly increasing or decreasing", ls.ode.solve, osc, {1, 0}, ls.vector{0, 0}},
  {"times must be finite", ls.ode.solve, osc, {1, 0}, ls.vector{0, NaN}},
  {"bad option 'rtol'", ls.ode.solve, osc, {1, 0}, {0, 1, 2}, {rtol = 0}},
  {"bad option 'max_steps'", ls.ode.solve, osc, {1, 0}, {0, 1, 2}, {max_steps = 0}},
  {"bad option 'hmax'", ls.ode.solve, osc, {1, 0}, {0, 1, 2}, {hmax = NaN}},
  {"bad argument #4", ls.ode.solve, osc, {1, 0}, {0, 1, 2}, 3},
  {"fitted model expected", core.ode_solve, {}, ls.vector{1}, ls.vector{0, 1}},
  {"built%-in Basis", core.ode_solve, nil, ls.vector{1}, ls.vector{0, 1}, {}, "b", X},
  {"matrix expected", core.ode_solve, nil, ls.vector{1, 2}, ls.vector{0, 1}, {},
   ls.basis.poly(2, 1), "W"},
  {"the model is a field on R%^2", core.ode_solve, nil, ls.vector{1, 2, 3}, ls.vector{0, 1}, {},
   ls.basis.poly(2, 1), ls.zeros(2, 3)},
  -- sindy.derivative
  {"a trajectory %(matrix%) expected", ls.sindy.derivative, "X", 0.1},
  {"times expected", ls.sindy.derivative, X},
  {"a positive time step expected", ls.sindy.derivative, X, -1},
  {"a positive time step expected", ls.sindy.derivative, X, NaN},
  {"a time step or a vector of 20 times", ls.sindy.derivative, X, ls.vector{0, 1}},
  {"strictly increasing", ls.sindy.derivative, X, T:map(function(v) return -v end)},
  {"NaN or Inf", ls.sindy.derivative, ls.matrix{{1}, {NaN}, {2}}, 0.1},
  {"an even order expected", ls.sindy.derivative, X, 0.1, {order = 3}},
  {"bad option 'order'", ls.sindy.derivative, X, 0.1, {order = 40}},
  {"needs more than 4 samples", ls.sindy.derivative, ls.ones(3, 1), 0.1, {order = 4}},
  {"an odd window expected", ls.sindy.derivative, X, 0.1, {method = "savgol", window = 8}},
  {"bad option 'degree'", ls.sindy.derivative, X, 0.1, {method = "savgol", window = 5, degree = 5}},
  {"a window of 9 needs as many samples", ls.sindy.derivative, ls.ones(5, 1), 0.1,
   {method = "savgol"}},
  {"only for method = \"savgol\"", ls.sindy.derivative, X, 0.1, {window = 5}},
  {"only for method = \"central\"", ls.sindy.derivative, X, 0.1, {method = "savgol", order = 2}},
  {"needs a time step", ls.sindy.derivative, X, T, {method = "spectral"}},
  {"not an option of method = \"spectral\"", ls.sindy.derivative, X, 0.1,
   {method = "spectral", order = 2}},
  {"bad option 'method'", ls.sindy.derivative, X, 0.1, {method = "magic"}},
  {"bad option 'tol'", ls.sindy.derivative, X, 0.1, {tol = 1}},
  -- sindy.fit
  {"a trajectory %(matrix%) or a list of them expected", ls.sindy.fit, "X", {t = 0.1}},
  {"trajectory 2: a matrix expected", ls.sindy.fit, {X, 3}, {t = 0.1}},
  {"trajectory 2 has 1 columns, the first 2", ls.sindy.fit, {X, ls.ones(20, 1)}, {t = 0.1}},
  {"bad option 't'", ls.sindy.fit, X, {}},
  {"bad option 't'", ls.sindy.fit, {X, X}, {t = {0.1}}},
  {"bad option 't'", ls.sindy.fit, {X, X}, {t = T}},
  {"bad option 'basis'", ls.sindy.fit, X, {t = 0.1, basis = ls.basis.poly(3, 2)}},
  {"bad option 'basis'", ls.sindy.fit, X, {t = 0.1, basis = "poly"}},
  {"bad option 'threshold'", ls.sindy.fit, X, {t = 0.1, threshold = -1}},
  {"bad option 'ridge'", ls.sindy.fit, X, {t = 0.1, ridge = NaN}},
  {"bad option 'max_iter'", ls.sindy.fit, X, {t = 0.1, max_iter = 0}},
  {"bad option 'optimizer'", ls.sindy.fit, X, {t = 0.1, optimizer = "lasso"}},
  {"bad option 'derivative'", ls.sindy.fit, X, {derivative = ls.ones(3, 2)}},
  {"bad option 'derivative'", ls.sindy.fit, X, {derivative = 3, t = 0.1}},
  {"bad option 't'", ls.sindy.fit, X, {derivative = X, t = 0.1}},
  {"bad option 'symmetry'", ls.sindy.fit, X, {t = 0.1, symmetry = 3}},
  {"bad option 'discrete'", ls.sindy.fit, X, {t = 0.1, discrete = {ls.eye(3)}}},
  {"bad option 'smooth'", ls.sindy.fit, X, {t = 0.1, smooth = true}},
  {"bad option 'order'", ls.sindy.fit, X, {t = 0.1, derivative = {order = 5}}},
  {"bad option 'weak'", ls.sindy.fit, X, {t = 0.1, weak = 3}},
  {"bad option 'derivative'", ls.sindy.fit, X, {t = 0.1, weak = true, derivative = X}},
  {"bad option 't'", ls.sindy.fit, X, {weak = true}},
  {"bad option 'width'", ls.sindy.fit, X, {t = 0.1, weak = {width = 30}}},
  {"bad option 'degree'", ls.sindy.fit, X, {t = 0.1, weak = {degree = 0}}},
  {"bad option 'sigma'", ls.sindy.fit, X, {t = 0.1, weak = {sigma = 1}}},
  {"bad option 'weak'", ls.sindy.fit, X, {t = 0.1, weak = {width = 11, test_functions = 15}}},
  {"bad option 'promote'", ls.sindy.fit, X, {t = 0.1, promote = 3}},
  {"bad option 'candidate'", ls.sindy.fit, X, {t = 0.1, promote = {}}},
  {"bad option 'gamma'", ls.sindy.fit, X, {t = 0.1, promote = {candidate = ls.lie.gl(2), gamma = -1}}},
  {"bad option 'lambda'", ls.sindy.fit, X, {t = 0.1, promote = {candidate = ls.lie.gl(2), lambda = 1}}},
  {"bad option 'rank'", ls.sindy.fit, X, {t = 0.1, promote = {candidate = ls.lie.gl(2), rank = 1}}},
  {"bad option 'promote'", ls.sindy.fit, X, {t = 0.1, symmetry = ls.lie.so(2),
                                              promote = {candidate = ls.lie.gl(2)}}},
  {"LieAlgebra or vector_fields expected", ls.sindy.fit, X, {t = 0.1, promote = {candidate = 3}}},
  {"bad option 'conserve'", ls.sindy.fit, X, {t = 0.1, conserve = ls.ones(5, 1)}},
  {"bad option 'conserve'", ls.sindy.fit, X, {t = 0.1, conserve = "H"}},
  {"bad option 'conserve'", ls.sindy.fit, X, {t = 0.1, conserve = {}}},
  {"bad option 'divergence_free'", ls.sindy.fit, X, {t = 0.1, divergence_free = 1}},
  {"bad option 'divergence_free'", ls.sindy.fit, X, {t = 0.1, divergence_free = true,
                                                      basis = ls.basis.fourier(2, 1)}},
  {"bad option 'nu'", ls.sindy.fit, X, {t = 0.1, optimizer = "sr3", nu = 0}},
  {"bad option 'tol'", ls.sindy.fit, X, {t = 0.1, optimizer = "sr3", tol = 0}},
  {"bad option 'thresholder'", ls.sindy.fit, X, {t = 0.1, optimizer = "sr3", thresholder = "l2"}},
  {"bad option 'ridge'", ls.sindy.fit, X, {t = 0.1, optimizer = "sr3", ridge = 0.1}},
  {"bad option 'nu'", ls.sindy.fit, X, {t = 0.1, nu = 1}},
  -- proxy lists (their __index never ends an ipairs) are refused
  {"a trajectory %(matrix%) or a list of them expected", ls.sindy.fit,
   setmetatable({}, {__len = function() return 2 end, __index = function() return X end}), {t = 0.1}},
  {"x0: a vector or a list of numbers expected", ls.ode.solve, osc,
   setmetatable({}, {__len = function() return 1e9 end, __index = function() return 1 end}), {0, 1, 2}},
  -- the kernels
  {"a relaxation nu > 0 expected", core.sindy_sr3, ls.ones(3, 2), ls.ones(3, 1), 0.1, 0, false, 10, 1e-5, true},
  {"a tolerance > 0 expected", core.sindy_sr3, ls.ones(3, 2), ls.ones(3, 1), 0.1, 1, false, 10, 0, true},
  {"NaN or Inf", core.sindy_sr3, ls.matrix{{NaN}}, ls.ones(1, 1), 0.1, 1, false, 10, 1e-5, true},
  {"bad option 'weak'", core.sindy_weak, X, 0.1, 5, 40, 4, false},
  {"the library has 3 rows, the derivatives 20", core.sindy_reduce, ls.ones(3, 2), X},
  {"the library is empty", core.sindy_reduce, ls.zeros(20, 0), X},
  {"NaN or Inf", core.sindy_stlsq, ls.matrix{{NaN}}, ls.ones(1, 1), 0.1, 0, 10, true},
  {"the library has 3 rows, the derivatives 20", core.sindy_stlsq, ls.ones(3, 2), X, 0.1, 0, 10, true},
  {"a threshold >= 0 expected", core.sindy_stlsq, ls.ones(3, 2), ls.ones(3, 1), -1, 0, 10, true},
  {"a ridge weight >= 0 expected", core.sindy_stlsq, ls.ones(3, 2), ls.ones(3, 1), 0.1, NaN, 10, true},
  {"at least one round expected", core.sindy_stlsq, ls.ones(3, 2), ls.ones(3, 1), 0.1, 0, 0, true},
}

describe("bad arguments to ls.ode and ls.sindy", function()
  support.error_cases(it, cases)

  it("the model's methods check their arguments", function()
    local model = ls.sindy.fit(X, {t = T})
    expect_error("points: a matrix with 2 columns expected", model.predict, model, ls.ones(3, 3))
    expect_error("bad option 'precision'", model.equations, model, {precision = 0})
    expect_error("bad option 'digits'", model.equations, model, {digits = 2})
    expect_error("x0: a vector expected", model.simulate, model, ls.ones(2, 2), {0, 1, 2})
    expect_error("the model is a field on R%^2", model.simulate, model, {1, 2, 3}, {0, 1, 2})
    expect_error("a fitted model expected", ls.sindy.conserved, {}, ls.basis.poly(2, 2))
    expect_error("LieAlgebra or vector_fields expected", ls.discover, model, 3)
    expect_error("acts on R%^2 only by affine", ls.discover, model, ls.lie.gl(3))
    expect_error("operator or fitted model expected", ls.discover, {}, ls.lie.gl(2))
    expect_error("a polynomial basis expected", ls.sindy.conserved, model, ls.basis.fourier(2, 1))
    expect_error("the basis has 3 variables, the field 2", ls.sindy.conserved, model, ls.basis.poly(3, 2))
    expect_error("bad option 'gap'", ls.sindy.conserved, model, ls.basis.poly(2, 2), {gap = 3})
  end)
end)
