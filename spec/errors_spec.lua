-- Bad arguments to every public function and Matrix method: each call must
-- raise a Lua error (never crash) whose message says what went wrong.
local ls = require "liesym"

local NaN, Inf = 0 / 0, math.huge

local A22 = ls.matrix{{1, 2}, {3, 4}}
local A23 = ls.matrix{{1, 2, 3}, {4, 5, 6}}
local E00 = ls.zeros(0, 0)
local SING = ls.matrix{{1, 2}, {2, 4}}
local ASYM = ls.matrix{{1, 2}, {0, 1}}
local NANM = ls.matrix{{1, NaN}, {NaN, 1}}
local INFM = ls.matrix{{1, Inf}, {Inf, 1}}
local RNG = ls.rng(1)
local NIL = {}  -- stands for an explicit nil argument in the case tables

-- {pattern, function name, arguments...}: ls[name](arguments) must fail with
-- a message matching pattern
local cases = {
  -- constructors
  {"table of rows, matrix or size expected", "matrix"},
  {"table of rows, matrix or size expected", "matrix", true},
  {"table of rows, matrix or size expected", "matrix", "2"},
  {"row 2 has 1 entries, row 1 has 2", "matrix", {{1, 2}, {3}}},
  {"number expected at row 1, column 2, got string", "matrix", {{1, "x"}}},
  {"number expected at row 1, column 1, got boolean", "matrix", {{true}}},
  {"row 1 is not a table", "matrix", {1, 2}},
  {"non%-negative", "matrix", -1, 2},
  {"non%-negative", "matrix", 2, -3},
  {"number has no integer representation", "matrix", 2.5, 2},
  {"too large", "matrix", 1e9, 1e9},
  {"too large", "matrix", 1e10, 1},
  {"number expected, got no value", "matrix", 2},
  {"number expected, got string", "matrix", 2, 2, "x"},
  {"number expected, got no value", "zeros"},
  {"non%-negative", "zeros", -1, 2},
  {"number has no integer representation", "zeros", 2, 2.5},
  {"too large", "zeros", 1e9, 1e9},
  {"number expected, got string", "zeros", "a", 1},
  {"non%-negative", "ones", 3, -1},
  {"too large", "ones", 1e9, 1e9},
  {"number expected, got table", "ones", {}, 1},
  {"non%-negative", "eye", -1},
  {"non%-negative", "eye", 2, -3},
  {"too large", "eye", 1e9},
  {"number has no integer representation", "eye", 0.5},
  {"number expected, got no value", "eye"},
  {"table expected, got no value", "vector"},
  {"table expected, got matrix", "vector", A22},
  {"number expected at entry 2, got string", "vector", {1, "x"}},
  {"table or matrix expected, got no value", "diag"},
  {"table or matrix expected, got string", "diag", "x"},
  {"number expected at entry 2, got table", "diag", {1, {}}},
  {"non%-negative", "linspace", 0, 1, -1},
  {"number has no integer representation", "linspace", 0, 1, 2.5},
  {"finite number expected", "linspace", NaN, 1, 3},
  {"finite number expected", "linspace", 0, Inf, 3},
  {"number expected, got string", "linspace", "a", 1, 2},
  {"number expected, got no value", "linspace", 0, 1},
  {"too large", "linspace", 0, 1, 1e10},
  {"table expected, got no value", "hcat"},
  {"table expected, got matrix", "hcat", A22},
  {"matrix expected at entry 2, got string", "hcat", {A22, "x"}},
  {"shape mismatch in 'hcat'", "hcat", {A22, A23:T()}},
  {"hcat: result too large", "hcat", {ls.zeros(0, 2^30), ls.zeros(0, 2^30)}},
  {"vcat: result too large", "vcat", {ls.zeros(2^30, 0), ls.zeros(2^30, 0)}},
  {"table expected, got nil", "vcat", NIL},
  {"matrix expected at entry 1, got number", "vcat", {1}},
  {"shape mismatch in 'vcat'", "vcat", {A22, A23}},
  {"non%-negative", "rand", -1, 2},
  {"number has no integer representation", "rand", 2.5, 1},
  {"too large", "rand", 1e9, 1e9},
  {"rng expected, got string", "rand", 2, 2, "rng"},
  {"rng expected, got matrix", "rand", 2, 2, A22},
  {"non%-negative", "randn", 2, -2},
  {"too large", "randn", 1e9, 1e9},
  {"rng expected, got table", "randn", 2, 2, {}},
  {"number expected, got string", "rng", "x"},
  {"number has no integer representation", "rng", 2.5},
  {"matrix expected, got no value", "expm"},
  {"matrix expected, got table", "expm", {{1}}},
  {"square matrix expected, got 2x3", "expm", A23},
  {"expm: matrix has NaN or Inf entries", "expm", NANM},
  {"expm: matrix has NaN or Inf entries", "expm", INFM},

  -- access
  {"matrix expected, got no value", "rows"},
  {"matrix expected, got string", "cols", "x"},
  {"matrix expected, got table", "shape", {}},
  {"row index 0 out of range 1..2", "get", A22, 0, 1},
  {"row index 3 out of range 1..2", "get", A22, 3, 1},
  {"column index 3 out of range 1..2", "get", A23:T(), 1, 3},
  {"index 5 out of range 1..4", "get", A22, 5},
  {"index 0 out of range 1..4", "get", A22, 0},
  {"index %-1 out of range 1..0", "get", E00, -1},
  {"number has no integer representation", "get", A22, 1.5, 1},
  {"number expected, got string", "get", A22, "a"},
  {"number expected, got no value", "get", A22},
  {"matrix expected, got number", "get", 1, 1},
  {"row index 3 out of range 1..2", "set", ls.zeros(2, 2), 3, 1, 0},
  {"index 5 out of range 1..4", "set", ls.zeros(2, 2), 5, 1},
  {"number expected, got string", "set", ls.zeros(2, 2), 1, 1, "x"},
  {"number expected, got nil", "set", ls.zeros(2, 2), 1, 1, NIL},
  {"number expected, got no value", "set", ls.zeros(2, 2), 1},
  {"row index 0 out of range 1..2", "row", A22, 0},
  {"row index 3 out of range 1..2", "row", A22, 3},
  {"column index 4 out of range 1..3", "col", A23, 4},
  {"number expected, got string", "col", A23, "x"},
  {"row range 0..1 out of range", "sub", A22, 0, 1, 1, 1},
  {"row range 1..3 out of range", "sub", A22, 1, 3, 1, 1},
  {"row range 2..0 out of range", "sub", A22, 2, 0, 1, 1},
  {"column range 1..4 out of range", "sub", A23, 1, 1, 1, 4},
  {"number expected, got no value", "sub", A22, 1, 1, 1},
  {"matrix expected, got nil", "copy", NIL},
  {"cannot reshape 2x2 into 3x3", "reshape", A22, 3, 3},
  {"cannot reshape 2x2 into 1000000000x1000000000", "reshape", A22, 1e9, 1e9},
  {"non%-negative", "reshape", A22, -1, -4},
  {"number has no integer representation", "reshape", A22, 2.5, 2},
  {"matrix expected, got string", "totable", "x"},
  {"matrix expected, got boolean", "T", true},

  -- products and reductions
  {"shape mismatch in 'hadamard': 2x2 and 2x3", "hadamard", A22, A23},
  {"matrix expected, got number", "hadamard", A22, 2},
  {"matrix expected, got nil", "kron", A22, NIL},
  {"kron: result .* too large", "kron", ls.zeros(0, 100000), ls.zeros(0, 100000)},
  {"shape mismatch in 'dot'", "dot", A22, A23},
  {"matrix expected, got no value", "dot", A22},
  {"norm kind must be", "norm", A22, 3},
  {"norm kind must be", "norm", A22, Inf},
  {"invalid option 'foo'", "norm", A22, "foo"},
  {"string expected, got table", "norm", A22, {}},
  {"string expected, got boolean", "norm", A22, true},
  {"matrix expected, got nil", "norm", NIL},
  {"square matrix expected, got 2x3", "trace", A23},
  {"matrix expected, got no value", "trace"},
  {"matrix expected, got string", "sum", "x"},
  {"max: empty matrix", "max", E00},
  {"min: empty matrix", "min", ls.zeros(0, 3)},
  {"matrix expected, got nil", "max", NIL},
  {"matrix expected, got boolean", "abs", true},
  {"function expected, got no value", "map", A22},
  {"function expected, got table", "map", A22, {}},
  {"map: function returned string for entry %(1,1%), number expected", "map",
   A22, function () return "x" end},
  {"map: function returned nil for entry %(2,1%)", "map", A22,
   function (v) if v < 3 then return v end end},
  {"boom", "map", A22, function () error("boom") end},

  -- decompositions and solvers
  {"matrix expected, got no value", "svd"},
  {"svd: matrix has NaN or Inf entries", "svd", NANM},
  {"svd: matrix has NaN or Inf entries", "svd", INFM},
  {"svdvals: matrix has NaN or Inf entries", "svdvals", ls.matrix{{NaN, 1, 2}}},
  {"matrix expected, got string", "svdvals", "x"},
  {"norm: matrix has NaN or Inf entries", "norm", NANM, 2},
  {"norm: matrix has NaN or Inf entries", "norm", INFM, "nuc"},
  {"square matrix expected, got 2x3", "eigh", A23},
  {"eigh: matrix is not symmetric", "eigh", ASYM},
  {"eigh: matrix is not symmetric", "eigh", ASYM:T() * 1e200},
  {"eigh: matrix is not symmetric", "eigh", ASYM:T() * 1e-170},
  {"eigh: matrix has NaN or Inf entries", "eigh", NANM},
  {"eigh: matrix has NaN or Inf entries", "eigh", ls.matrix{{Inf, 0}, {0, 1}}},
  {"square matrix expected, got 2x3", "eig", A23},
  {"eig: matrix has NaN or Inf entries", "eig", NANM},
  {"matrix expected, got table", "eig", {}},
  {"qr: matrix has NaN or Inf entries", "qr", INFM},
  {"qr: matrix has NaN or Inf entries", "qr", NANM, {pivot = true}},
  {"table, boolean or nil expected, got string", "qr", A22, "yes"},
  {"matrix expected, got nil", "qr", NIL},
  {"chol: matrix is not positive definite %(leading minor 2%)", "chol", SING},
  {"chol: matrix is not symmetric", "chol", ASYM},
  {"chol: matrix is not symmetric", "chol", ASYM * 1e300},
  {"square matrix expected, got 2x3", "chol", A23},
  {"chol: matrix has NaN or Inf entries", "chol", NANM},
  {"solve: matrix is 2x3, square expected", "solve", A23, ls.ones(2, 1)},
  {"shape mismatch in 'solve'", "solve", A22, ls.ones(3, 1)},
  {"solve: matrix is singular", "solve", SING, ls.ones(2, 1)},
  {"matrix expected, got nil", "solve", A22, NIL},
  {"matrix expected, got number", "solve", A22, 1},
  {"solve: matrix has NaN or Inf entries", "solve", NANM, ls.ones(2, 1)},
  {"solve: matrix has NaN or Inf entries", "solve", A22, ls.matrix{{1}, {NaN}}},
  {"shape mismatch in 'lstsq'", "lstsq", A23, ls.ones(3, 1)},
  {"rcond must be in %[0, 1%)", "lstsq", A22, A22, -1},
  {"rcond must be in %[0, 1%)", "lstsq", A22, A22, NaN},
  {"number expected, got string", "lstsq", A22, A22, "x"},
  {"lstsq: matrix has NaN or Inf entries", "lstsq", NANM, A22},
  {"lstsq: matrix has NaN or Inf entries", "lstsq", A22, INFM},
  {"matrix expected, got no value", "lstsq", A22},
  {"inv: matrix is singular", "inv", SING},
  {"inv: matrix is singular", "inv", ls.zeros(3, 3)},
  {"square matrix expected, got 2x3", "inv", A23},
  {"inv: matrix has NaN or Inf entries", "inv", INFM},
  {"square matrix expected, got 3x2", "det", A23:T()},
  {"det: matrix has NaN or Inf entries", "det", NANM},
  {"matrix expected, got string", "det", "x"},
  {"tolerance must be a finite non%-negative number", "pinv", A22, -1},
  {"tolerance must be a finite non%-negative number", "pinv", A22, Inf},
  {"number, table or nil expected, got string", "pinv", A22, "x"},
  {"bad option 'tol' to 'pinv' %(number expected, got string%)", "pinv", A22, {tol = "a"}},
  {"pinv: matrix has NaN or Inf entries", "pinv", NANM},
  {"bad option 'rtol' to 'rank' %(a number in %[0%.0, 1%.0%] expected, got %-1%.0%)", "rank", A22, {rtol = -1}},
  {"tolerance must be a finite non%-negative number", "rank", A22, NaN},
  {"number, table or nil expected, got boolean", "rank", A22, true},
  {"rank: matrix has NaN or Inf entries", "rank", INFM},
  {"tolerance must be a finite non%-negative number", "null", A22, -1},
  {"bad option 'tol' to 'null'", "null", A22, {tol = NaN}},
  {"null: matrix has NaN or Inf entries", "null", NANM},
  {"null: matrix has NaN or Inf entries", "null", ls.matrix{{1, 2, Inf}}},
  {"matrix expected, got nil", "null", NIL},
  {"tolerance must be a finite non%-negative number", "orth", A22, Inf},
  {"bad option 'rtol' to 'orth' %(number expected, got string%)", "orth", A22, {rtol = "x"}},
  {"bad option 'rtol_typo' to 'null' %(unknown key%)", "null", A22, {rtol_typo = 1}},
  {"bad option 'rank' to 'null'", "null", A22, {rank = 1.5}},
  {"orth: matrix has NaN or Inf entries", "orth", NANM},
}

-- arithmetic operators: {pattern, function that applies the operator}
local operators = {
  {"shape mismatch in '%+': 2x2 and 2x3", function () return A22 + A23 end},
  {"shape mismatch in '%-': 2x2 and 2x3", function () return A22 - A23 end},
  {"bad operands to '%+'", function () return A22 + "1" end},
  {"bad operands to '%+'", function () return {} + A22 end},
  {"bad operands to '%-'", function () return true - A22 end},
  {"shape mismatch in '%*': 2x3 times 2x2", function () return A23 * A22 end},
  {"bad operands to '%*'", function () return A22 * "2" end},
  {"bad operands to '%*'", function () return {} * A22 end},
  {"bad operands to '/'", function () return 1 / A22 end},
  {"bad operands to '/'", function () return A22 / A22 end},
  {"bad operands to '/'", function () return A22 / "2" end},
  {"matrix expected, got number", function () return ls.T(3) end},
}

-- methods on an Rng: {pattern, method name, arguments after the generator}
local rng_cases = {
  {"finite number expected", "uniform", NaN},
  {"upper bound >= lower bound expected", "uniform", 2, 1},
  {"upper bound >= lower bound expected", "uniform", 0, Inf},
  {"number expected, got string", "uniform", "a"},
  {"finite number expected", "normal", Inf},
  {"standard deviation expected", "normal", 0, -1},
  {"standard deviation expected", "normal", 0, NaN},
  {"upper bound must be >= lower bound", "integer", 5, 1},
  {"number has no integer representation", "integer", 1.5, 2},
  {"number expected, got no value", "integer", 1},
}

-- the arguments of a case from index 3 on, with NIL turned into nil
local function case_args (case)
  local args = {n = #case - 2}
  for i = 1, args.n do
    if case[i + 2] ~= NIL then args[i] = case[i + 2] end
  end
  return args
end

local function describe_args (args)
  local t = {}
  for i = 1, args.n do
    local v = args[i]
    t[i] = ls.ismatrix(v) and ("%dx%d"):format(v:shape())
           or type(v) == "string" and ("%q"):format(v)
           or type(v) == "number" and tostring(v) or type(v)
  end
  return table.concat(t, ", ")
end

local function expect_error (pattern, f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "no error raised")
  assert.are.equal("string", type(err))
  assert.matches(pattern, err)
  return err
end

describe("errors", function()
  describe("bad arguments", function()
    for _, case in ipairs(cases) do
      local pattern, name = case[1], case[2]
      local args = case_args(case)
      it(("%s(%s)"):format(name, describe_args(args)), function()
        local f = ls[name]
        assert.are.equal("function", type(f))
        local err = expect_error(pattern, f, table.unpack(args, 1, args.n))
        -- argument errors name the function they come from
        if err:find("^bad argument") then
          assert.is_truthy(err:find("'" .. name .. "'", 1, true)
                           or err:find("." .. name .. "'", 1, true), err)
        end
      end)
    end

    it("the same errors come from method calls", function()
      expect_error("out of range", function () return A22:get(9) end)
      expect_error("square matrix expected", function () return A23:det() end)
      expect_error("NaN or Inf", function () return NANM:svd() end)
      expect_error("singular", function () return SING:solve(ls.ones(2, 1)) end)
    end)

    it("the matrix stays usable after an error", function()
      local M = ls.matrix{{1, 2}, {3, 4}}
      assert.is_false(pcall(M.set, M, 3, 3, 1))
      assert.is_false(pcall(M.solve, M, ls.ones(5, 1)))
      assert.are.same({{1, 2}, {3, 4}}, M:totable())
      assert.is_true(math.abs(M:det() + 2) <= 1e-15)
    end)
  end)

  describe("operators", function()
    for i, case in ipairs(operators) do
      it("case " .. i .. ": " .. case[1], function()
        expect_error(case[1], case[2])
      end)
    end
  end)

  describe("rng methods", function()
    for _, case in ipairs(rng_cases) do
      local args = case_args(case)
      it(("%s(%s)"):format(case[2], describe_args(args)), function()
        expect_error(case[1], RNG[case[2]], RNG, table.unpack(args, 1, args.n))
      end)
    end

    it("reject something that is not a generator", function()
      for _, name in ipairs{"uniform", "normal", "integer"} do
        expect_error("rng expected, got string", RNG[name], "x", 1, 2)
        expect_error("rng expected, got matrix", RNG[name], A22, 1, 2)
      end
    end)
  end)

  describe("tables that change while being read", function()
    -- a proxy whose entries differ on every read
    local function fickle (first, later)
      local reads = 0
      return setmetatable({}, {
        __len = function () return 2 end,
        __index = function ()
          reads = reads + 1
          if reads <= 2 then return first end
          return later
        end,
      })
    end

    it("hcat and vcat raise instead of crashing", function()
      for _, name in ipairs{"hcat", "vcat"} do
        expect_error("changed", ls[name], fickle(A22, "x"))
        expect_error("changed", ls[name], fickle(A22, ls.zeros(9, 9)))
        expect_error("changed", ls[name], fickle(A22, ls.zeros(0, 0)))
      end
    end)
  end)

  describe("valid edge cases do not raise", function()
    local valid = {
      {"svd of 0x0", function () return E00:svd() end},
      {"svd of 0x3", function () return ls.zeros(0, 3):svd() end},
      {"hcat of nothing", function () return ls.hcat{} end},
      {"vcat of nothing", function () return ls.vcat{} end},
      {"hcat with an empty piece", function () return ls.hcat{ls.zeros(2, 0), A22} end},
      {"matrix{}", function () return ls.matrix{} end},
      {"an empty sub", function () return A22:sub(3, 2, 3, 2) end},
      {"eye(0)", function () return ls.eye(0) end},
      {"linspace(0, 1, 0)", function () return ls.linspace(0, 1, 0) end},
      {"reshape 0x3 into 3x0", function () return ls.zeros(0, 3):reshape(3, 0) end},
      {"kron with an empty factor", function () return A22:kron(ls.zeros(0, 5)) end},
      {"expm of 0x0", function () return E00:expm() end},
      {"det of 0x0", function () return E00:det() end},
      {"max of a NaN matrix", function () return NANM:max() end},
      {"norms of NaN matrices", function () return NANM:norm(), NANM:norm("max") end},
      {"full-range integer", function ()
        return RNG:integer(math.mininteger, math.maxinteger)
      end},
      {"uniform(a, a)", function () return RNG:uniform(2, 2) end},
      {"normal with sigma 0", function () return RNG:normal(1, 0) end},
      {"rng with a negative seed", function () return ls.rng(-5) end},
      {"pinv with {}", function () return A22:pinv{} end},
      {"matrix with a numeric-string fill", function () return ls.matrix(2, 2, "3") end},
      {"tostring of 0x5", function () return tostring(ls.zeros(0, 5)) end},
      {"tostring of NaN and Inf", function () return tostring(INFM) .. tostring(NANM) end},
    }
    for _, case in ipairs(valid) do
      it(case[1], function()
        local ok, err = pcall(case[2])
        assert.is_true(ok, tostring(err))
      end)
    end
  end)
end)
