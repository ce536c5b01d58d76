-- Bad arguments to the C functions behind actions, enforce and the
-- Lie-derivative operator: each must raise a clean Lua error (never crash;
-- this spec also runs under AddressSanitizer and valgrind).
local ls = require "liesym"
local core = require "liesym.core"

local NaN = 0 / 0
local A22 = ls.matrix{{1, 2}, {3, 4}}
local A23 = ls.matrix{{1, 2, 3}, {4, 5, 6}}
local P22 = core.basis_poly(2, 2)

local function expect_error(pattern, f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "expected an error matching " .. pattern)
  assert.are.equal("string", type(err))
  assert.is_truthy(err:find(pattern), ("%q does not match %q"):format(err, pattern))
end

local factor = {dim = 2, drho = {A22}, rho = {}}

local cases = {
  {"table expected", ls.kron_apply, nil, A22},
  {"at least one matrix", ls.kron_apply, {}, A22},
  {"matrix expected at entry 2", ls.kron_apply, {A22, "x"}, A22},
  {"matrix expected", ls.kron_apply, {A22}, nil},
  {"shape mismatch in 'kron_apply'", ls.kron_apply, {A22, A22}, A22},
  {"square expected", ls.kronsum_apply, {A23}, A22},
  {"shape mismatch in 'kronsum_apply'", ls.kronsum_apply, {A22}, ls.ones(3, 1)},
  {"table expected", core.fixed_space, 3},
  {"at least one factor", core.fixed_space, {}},
  {"factor 1 must be a table", core.fixed_space, {1}},
  {"field 'dim' must be an integer", core.fixed_space, {{drho = {}, rho = {}}}},
  {"dim < 1", core.fixed_space, {{dim = 0, drho = {}, rho = {}}}},
  {"must be a list of matrices", core.fixed_space, {{dim = 2, rho = {}}}},
  {"must be a 2x2 matrix", core.fixed_space, {{dim = 2, drho = {A23}, rho = {}}}},
  {"must be a 2x2 matrix", core.fixed_space, {{dim = 2, drho = {"x"}, rho = {}}}},
  {"factor 2 has 0 algebra", core.fixed_space, {factor, {dim = 2, drho = {}, rho = {}}}},
  {"too large", core.fixed_space, {{dim = 100000, drho = {}, rho = {}},
                                 {dim = 100000, drho = {}, rho = {}}}},
  {"option 'tol'", core.fixed_space, {factor}, {tol = -1}},
  {"bad option 'method'", core.fixed_space, {factor}, {method = "qr"}},
  {"option 'block'", core.fixed_space, {factor}, {method = "iterative", block = 0}},
  {"NaN or Inf", core.fixed_space, {{dim = 2, drho = {ls.matrix{{NaN, 0}, {0, 0}}}, rho = {}}},
   {method = "svd"}},
  {"NaN or Inf", core.fixed_space, {{dim = 2, drho = {ls.matrix{{NaN, 0}, {0, 0}}}, rho = {}}},
   {method = "gram"}},
  {"does not fit", A22.set_block, A22, 2, 2, A22},
  {"does not fit", A22.set_block, A22, 0, 1, A22},
  {"matrix expected", A22.set_block, A22, 1, 1, "x"},
  {"number of variables must be an integer in 1..256", core.basis_poly, 0, 2},
  {"number of variables must be an integer in 1..256", core.basis_poly, 300, 1},
  {"degree must be an integer in 0..64", core.basis_poly, 2, -1},
  {"too large", core.basis_poly, 200, 30},
  {"frequency must be an integer in 0..1000", core.basis_fourier, 2, -1},
  {"too large", core.basis_fourier, 20, 5},
  {"basis expected", P22.eval, A22, A22},
  {"shape mismatch in 'eval'", P22.eval, P22, A23},
  {"NaN or Inf", P22.eval, P22, ls.matrix{{NaN, 1}}},
  {"shape mismatch in 'jacobian'", P22.jacobian, P22, ls.ones(2, 3)},
  {"shape mismatch in 'poly_field_matrix'", core.poly_field_matrix, 2, 2, 1, A22, 2},
  {"output degree", core.poly_field_matrix, 2, 2, 1, ls.zeros(2, 3), 1},
  {"too large", core.poly_field_matrix, 40, 10, 1, ls.zeros(40, 41), 10},
  {"shape mismatch in 'poly_field_apply'", core.poly_field_apply, 2, 2, 1, ls.zeros(2, 3), 2,
   ls.ones(1, 5)},
  {"shape mismatch in 'poly_mul_matrix'", core.poly_mul_matrix, 2, 1, 1, ls.ones(2, 1), 2},
  {"output degree", core.poly_mul_matrix, 2, 1, 1, ls.ones(3, 1), 1},
  {"shape mismatch in 'poly_substitution'", core.poly_substitution, 2, 2, A23},
  {"NaN or Inf", core.poly_substitution, 2, 2, ls.matrix{{NaN, 0}, {0, 1}}},
  {"degree must be in 0..64", core.poly_box_gram, 2, 100},
}

describe("clean errors from the structured kernels", function()
  for i, case in ipairs(cases) do
    it(("case %d: %s"):format(i, case[1]), function()
      expect_error(case[1], table.unpack(case, 2, #case))
    end)
  end
end)
