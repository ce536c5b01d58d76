-- Bad arguments to ls.field, ls.lieder.kernel and ls.lieder.grid_operator,
-- and to the C functions behind them: each must raise a clean Lua error
-- naming what went wrong (never a crash: this spec also runs under
-- AddressSanitizer and valgrind).
local ls = require "liesym"
local core = require "liesym.core"
local support = require "spec.support"

local NaN = 0 / 0
local g = ls.field.grid{n = 8}
local g2 = ls.field.grid{n = {4, 4}}
local closed = ls.field.grid{n = 8, periodic = false}
local t1 = ls.lie.t(1)
local op = ls.lieder.grid_operator(g, t1)
local kop = ls.lieder.kernel(ls.basis.poly(2, 2), t1)

local cases = {
  -- field.grid
  {"table expected", ls.field.grid, 8},
  {"bad option 'n'", ls.field.grid, {n = "8"}},
  {"bad option 'n'", ls.field.grid, {n = {8, 0}}},
  {"bad option 'n'", ls.field.grid, {n = {2^20, 2^20}}},
  {"bad option 'box'", ls.field.grid, {n = 8, box = "unit"}},
  {"bad option 'box'", ls.field.grid, {n = 8, box = {{0, NaN}}}},
  {"bad option 'box'", ls.field.grid, {n = 8, box = {{0, math.huge}}}},
  {"bad option 'box'", ls.field.grid, {n = {8, 8}, box = {{0, 1}}}},
  {"bad option 'order'", ls.field.grid, {n = 8, periodic = false, order = 8}},
  {"bad option 'order'", ls.field.grid, {n = 8, periodic = false, order = 0}},
  {"bad option 'nyquist'", ls.field.grid, {n = 8, nyquist = 0}},
  {"bad option 'periodic'", ls.field.grid, {n = 8, periodic = "yes"}},
  -- the Grid's methods, on bad selves too
  {"calling 'points' on bad self", g.points, {}},
  {"calling 'weights' on bad self", g.weights, nil},
  {"calling 'size' on bad self", g.size, 3},
  {"calling 'sample' on bad self", g.sample, {}, math.sin},
  {"calling 'derivative' on bad self", g.derivative, "g", 1},
  {"calling 'shift' on bad self", g.shift, {}, 1, 1},
  {"calling 'integrate' on bad self", g.integrate, {}, ls.ones(8, 1)},
  {"axis in 1..1 expected", g.derivative, g, 0},
  {"axis in 1..2 expected", g2.shift, g2, 3, 1},
  {"integer number of cells", g.shift, g, 1, 0.5},
  {"not periodic", closed.shift, closed, 1, 1},
  {"function expected", g.sample, g, "sin"},
  {"number of components", g.sample, g, math.sin, 0},
  {"returned nil at point 1", g.sample, g, function() end},
  {"returned string at point 1", g.sample, g, function() return "x" end},
  {"2 numbers expected", g.sample, g, function() return 1 end, 2},
  {"200 numbers expected", g.sample, g, function() return 0 end, 200},   -- results past the C stack
  {"a matrix of 8 rows", g.integrate, g, ls.ones(3, 1)},
  {"function failed", g.sample, g, function() error("function failed") end},
  -- field.generators, convolution, translations
  {"grid expected", ls.field.generators, {}, t1},
  {"R%^1", ls.field.generators, g, ls.lie.so(3)},
  {"bad option 'action'", ls.field.generators, g, t1, {action = ls.action.V(ls.group.SO(3))}},
  {"bad option 'fiber'", ls.field.generators, g, t1, {fiber = 1}},
  {"grid expected", ls.field.convolution, 1, ls.ones(8, 1)},
  {"a field of 8 values", ls.field.convolution, g, ls.ones(3, 1)},
  {"not periodic", ls.field.convolution, closed, ls.ones(8, 1)},
  {"grid expected", ls.field.translations, "g"},
  -- lieder.kernel
  {"basis expected", ls.lieder.kernel, {}, t1},
  {"even number of variables", ls.lieder.kernel, ls.basis.poly(1, 2), t1},
  {"does not act on R%^1", ls.lieder.kernel, ls.basis.poly(2, 2), ls.lie.so(3)},
  {"bad option 'density'", ls.lieder.kernel, ls.basis.poly(2, 2), t1, {density = "yes"}},
  {"bad option 'output_action'", ls.lieder.kernel, ls.basis.poly(2, 2), t1, {output_action = 3}},
  {"bad option 'points'", ls.lieder.kernel, ls.basis.poly(2, 2), t1, {points = ls.ones(3, 3)}},
  {"bad option 'outputs'", ls.lieder.kernel, ls.basis.poly(2, 2), t1, {outputs = 2}},
  {"bad option 'discrete'", ls.enforce, kop, {discrete = {ls.eye(1)}}},
  {"bad option 'block'", ls.enforce, kop, {block = "x"}},
  {"shape mismatch in 'discover'", ls.discover, kop, ls.ones(2, 2)},
  -- lieder.grid_operator, and the tasks on it
  {"grid expected", ls.lieder.grid_operator, ls.basis.poly(1, 1), t1},
  {"bad option 'input_action'", ls.lieder.grid_operator, g, t1, {input_action = {}}},
  {"bad option 'test_fields'", ls.lieder.grid_operator, g, t1, {test_fields = ls.ones(8, 0)}},
  {"bad option 'test_fields'", ls.lieder.grid_operator, g, t1, {test_fields = ls.matrix{{NaN}} * ls.ones(1, 8)}},
  {"bad option 'discrete'", ls.lieder.grid_operator, g, t1, {discrete = {"shift"}}},
  {"bad option 'discrete'", ls.lieder.grid_operator, g, t1, {discrete = {{input = ls.eye(8)}}}},
  {"not invertible", ls.lieder.grid_operator, g, t1, {discrete = {ls.zeros(8, 8)}}},
  {"bad option 'method'", ls.enforce, op, {method = "fft"}},
  {"bad option 'discrete'", ls.enforce, op, {discrete = {ls.eye(8)}}},
  {"no rank decision", ls.enforce, op, {tol = 1e-3}},
  {"shape mismatch in 'discover'", ls.discover, op, ls.ones(3, 3)},
  {"parameters have NaN", ls.discover, op, ls.ones(8, 8) * NaN},
  {"input fields: a matrix with 8 columns", ls.promote, op, ls.ones(2, 3), ls.ones(2, 8), {mode = "exact"}},
  {"targets: a 2x8 matrix", ls.promote, op, ls.ones(2, 8), ls.ones(3, 8), {mode = "exact"}},
  {"NaN or Inf", ls.promote, op, ls.ones(2, 8) * NaN, ls.ones(2, 8), {mode = "exact"}},
  {"bad option 'mode'", ls.promote, op, ls.ones(2, 8), ls.ones(2, 8), {mode = "fourier"}},
  {"input fields: a matrix with 8 columns", ls.fit, op, ls.ones(2, 3), ls.ones(2, 8)},
  -- the C functions behind them, on malformed specs
  {"invalid grid", core.field_points, {dim = 3, n1 = 2}},
  {"invalid grid", core.field_weights, {dim = 1, n1 = 0, lo1 = 0, hi1 = 1, periodic = true}},
  {"invalid grid", core.field_derivative, {dim = 1, n1 = 4, lo1 = 1, hi1 = 0, periodic = true}, 1},
  {"axis in 1..1", core.field_derivative, g.spec, 2},
  {"'fields' must be a list", core.field_generators, g.spec, {c = 1}},
  {"'c' must be a positive integer", core.field_generators, g.spec, {algebra = t1}},
  {"fiber%[1%] must be a 1x1 matrix", core.field_generators, g.spec, {algebra = t1, c = 1, fiber = {ls.eye(2)}}},
  {"'c_in' must be a positive integer", core.lieop_grid, g.spec, {algebra = t1, c_in = 0, c_out = 1}},
  {"'test' must be a matrix of 8 rows", core.lieop_grid, g.spec,
   {algebra = t1, c_in = 1, c_out = 1, test = ls.ones(3, 1)}},
  {"discrete%[1%] must be a table", core.lieop_grid, g.spec, {algebra = t1, c_in = 1, c_out = 1, discrete = {1}}},
  {"a discrete map on output fields must be a 8x8 matrix", core.lieop_grid, g.spec,
   {algebra = t1, c_in = 1, c_out = 1, discrete = {{pout = ls.eye(3), pin_inv_t = ls.eye(8)}}}},
  {"side 0, 1 or 2", core.lieop_grid, g.spec, {algebra = t1, c_in = 1, c_out = 1}, "x", 5},
  {"too many", core.lieop_grid, ls.field.grid{n = {1024, 1024}}.spec, {algebra = ls.lie.t(2), c_in = 1, c_out = 1}},
  {"more than the orbit solver", core.field_convolutions, ls.field.grid{n = {256, 256}}.spec},
  {"a periodic 1%-D grid", core.field_convolution_fit, g2.spec, ls.ones(2, 16), ls.ones(2, 16)},
  {"must be M x 8", core.field_convolution_fit, g.spec, ls.ones(2, 7), ls.ones(2, 8)},
  {"function expected", core.field_sample, ls.ones(2, 1), 1, 1},
  {"a field of 8 values", core.field_convolution, g.spec, ls.ones(2, 1)},
  {"not periodic", core.field_convolution, closed.spec, ls.ones(8, 1)},
  {"'scale' must be a 3x2 matrix", core.lieop_model, {class = "poly", order = 1, m = 2, n = 1,
   algebra = ls.lie.gl(2) and ls.lie.t(2), scale = ls.ones(2, 2), scale_degree = 1}},
  {"takes no 'scale'", core.lieop_model, {class = "fourier", order = 1, m = 1, n = 1,
   algebra = t1, scale = ls.ones(1, 1), scale_degree = 0}},
}

describe("bad arguments to ls.field and the operators on fields", function()
  support.error_cases(it, cases)

  it("a proxy grid or a Lua function that collects changes nothing", function()
    local calls = 0
    local u = g:sample(function(x)
      calls = calls + 1
      collectgarbage()
      return math.sin(x)
    end)
    assert.are.equal(8, calls)
    assert.is_true((u - g:sample(math.sin)):norm() == 0)
    local fake = setmetatable({spec = g.spec, N = 8, n = {8}}, getmetatable(g))
    assert.are.equal(8, fake:size())   -- a table with the Grid metatable is a grid
  end)
end)
