-- Bad arguments to the C entry points behind ls.lie, ls.group, ls.action,
-- ls.enforce and the Subspace methods: each call must raise a clean Lua
-- error (a string, never a crash and never "attempt to ...") that says what
-- went wrong and names the public function ('so', 'from', 'enforce', ... in
-- quotes, or "name: ..." at the front).  This spec also runs under
-- AddressSanitizer, so the hostile inputs at the end (tables whose
-- metamethods collect garbage, lists edited by finalizers while C reads
-- them) probe for reads of freed memory.  Known bugs are listed, pending,
-- at the end.
local ls = require "liesym"
local core = require "liesym.core"
local support = require "spec.support"

local lie, group, action = ls.lie, ls.group, ls.action
local NaN, Inf = 0 / 0, math.huge
local MAXINT = math.maxinteger

local A22 = ls.matrix{{1, 2}, {3, 4}}
local A23 = ls.matrix{{1, 2, 3}, {4, 5, 6}}
local SING = ls.matrix{{1, 2}, {2, 4}}
local E00 = ls.zeros(0, 0)
local RNG = ls.rng(1)
local function nans (r, c) return ls.matrix(r, c, NaN) end
local function infs (r, c) return ls.matrix(r, c, Inf) end

local so3 = lie.so(3)
local D3 = so3:generators()          -- the three generators of so(3), 3x3
local SC = so3:structure_constants()
local SO3, O3, S3 = group.SO(3), group.O(3), group.S(3)
local V3, W3 = action.V(SO3), action.V(O3)   -- W3: O(3), one reflection
local V10 = action.V(group.SO(10))
local H = action.hom(V3, V3)                  -- 9-dimensional, one invariant
local ELT = SO3:sample(ls.rng(2))             -- {matrix, coeffs, word}
local SUB = ls.enforce(H)                     -- dense, dim 1 in R^9
local SUB_HOM = ls.enforce(action.hom(V3 + action.trivial(SO3), V3 + action.trivial(SO3)))
local FACTOR = {dim = 2, drho = {ls.matrix{{0, 1}, {-1, 0}}}, rho = {}}

-- a table that looks like a list of n copies of value through __index and
-- __len, collecting garbage on every read; the C code reads lists with raw
-- access, so it must see an empty table
local function gc_proxy (value, n)
  return setmetatable({}, {
    __index = function () collectgarbage() return value end,
    __len = function () collectgarbage() return n end,
  })
end

-- the error of f(), which must fail with a string that is not a Lua
-- runtime error
local function error_of (f)
  return support.error_of(function ()
    local ok, err = pcall(f)
    if ok then return end
    if type(err) ~= "string" then
      error(("non-string error object: %s"):format(tostring(err)), 0)
    end
    error(err, 0)
  end)
end

-- whether err names fname: 'fname' or 'x.fname' in quotes, or "fname:" at
-- the front of the message (after the "file:line: " position)
local function names (err, fname)
  local plain = fname:gsub("%p", "%%%0")
  return err:find("'" .. fname .. "'", 1, true) ~= nil
      or err:find("%." .. plain .. "'") ~= nil
      or err:find("^" .. plain .. ":") ~= nil
      or err:find("^[^\n]-:%d+: " .. plain .. ":") ~= nil
end

local function check (case)
  local pattern, fname, f = case[1], case[2], case[3]
  local err = error_of(f)
  assert.is_truthy(err:find(pattern), ("%q does not match %q"):format(err, pattern))
  assert.is_true(names(err, fname), ("%q does not name %q"):format(err, fname))
end

local function run (title, cases)
  describe(title, function()
    for i, case in ipairs(cases) do
      it(("%d: %s: %s"):format(i, case[2], case[1]), function() check(case) end)
    end
  end)
end

local RANGE = "an integer in %d+%.%.%d+ expected, got "


-- {pattern, function name, function that must fail}
local lie_constructors = {
  {RANGE .. "0", "gl", function () return lie.gl(0) end},
  {RANGE .. "%-1", "sl", function () return lie.sl(-1) end},
  {"integer expected, got a non%-integer number", "sp", function () return lie.sp(2.5) end},
  {"integer expected, got string", "t", function () return lie.t("3") end},
  {"integer expected, got no value", "se", function () return lie.se() end},
  {RANGE .. "1000000", "aff", function () return lie.aff(10^6) end},
  {RANGE .. "9223372036854775807", "scaling", function () return lie.scaling(MAXINT) end},
  {RANGE .. "9007199254740992", "zero", function () return lie.zero(2^53) end},
  {"integer expected, got a non%-integer number", "gl", function () return lie.gl(NaN) end},
  {"integer expected, got a non%-integer number", "sl", function () return lie.sl(Inf) end},
  {"integer expected, got boolean", "aff", function () return lie.aff(true) end},
  -- within the size range, but q * n^2 is over the limit: refused up front
  {"n = 46340: the request is too large", "gl", function () return lie.gl(46340) end},
  {"too large", "sl", function () return lie.sl(20000) end},
  {"too large", "sp", function () return lie.sp(46340) end},
  {"too large", "t", function () return lie.t(46340) end},
  {"too large", "se", function () return lie.se(46340) end},
  {"too large", "aff", function () return lie.aff(46340) end},

  {"p %+ q >= 1 expected", "so", function () return lie.so(0) end},
  {"p %+ q >= 1 expected", "so", function () return lie.so(0, 0) end},
  {"bad argument #1 to 'so' %(" .. RANGE .. "%-1", "so", function () return lie.so(-1) end},
  {"bad argument #2 to 'so' %(" .. RANGE .. "%-1", "so", function () return lie.so(1, -1) end},
  {"integer expected, got a non%-integer number", "so", function () return lie.so(2.5) end},
  {"bad argument #2 to 'so' %(integer expected, got string", "so",
   function () return lie.so(3, "1") end},
  {"integer expected, got no value", "so", function () return lie.so() end},
  {RANGE .. "1000000", "so", function () return lie.so(10^6) end},
  {RANGE .. "9223372036854775807", "so", function () return lie.so(MAXINT) end},
  {"p = 20000, q = 0: the request is too large", "so", function () return lie.so(20000) end},
  {"too large", "so", function () return lie.so(30000, 30000) end},

  {"table of matrices expected, got no value", "from", function () return lie.from() end},
  {"table of matrices expected, got number", "from", function () return lie.from(3) end},
  {"table of matrices expected, got string", "from", function () return lie.from("x") end},
  {"table of matrices expected, got %S+", "from", function () return lie.from(A22) end},
  {"table of matrices expected, got %S+", "from", function () return lie.from(RNG) end},
  {"matrix expected at entry 1, got number", "from", function () return lie.from{1} end},
  {"matrix expected at entry 1, got %S+", "from", function () return lie.from{RNG} end},
  {"matrix expected at entry 2, got nil", "from", function () return lie.from{A22, nil, A22} end},
  {"matrix expected at entry 1, got table", "from",
   function () return lie.from{{{1, 0}, {0, 1}}} end},
  {"generator 1 is 2x3, square expected", "from", function () return lie.from{A23} end},
  {"generator 2 is 3x3, 2x2 expected", "from",
   function () return lie.from{A22, ls.ones(3, 3)} end},
  {"generator 1 is 2x2, 3x3 expected", "from", function () return lie.from({A22}, 3) end},
  {"linearly dependent: rank 1 of 2", "from", function () return lie.from{A22, A22} end},
  {"linearly dependent: rank 1 of 2", "from", function () return lie.from{A22, 2 * A22} end},
  {"linearly dependent: rank 0 of 1", "from", function () return lie.from{ls.zeros(2, 2)} end},
  {"generator 1 is 0x0", "from", function () return lie.from{E00} end},
  {"an integer in 1%.%.46340 expected, got 0", "from", function () return lie.from({E00}, 0) end},
  {"matrix size expected for an empty basis", "from", function () return lie.from{} end},
  {"bad argument #2 to 'from' %(" .. RANGE .. "%-1", "from",
   function () return lie.from({}, -1) end},
  {"integer expected, got a non%-integer number", "from", function () return lie.from({}, 2.5) end},
  {RANGE .. "1000000", "from", function () return lie.from({}, 10^6) end},
  {"string expected, got table", "from", function () return lie.from({A22}, 2, {}) end},
  {"NaN or Inf", "from", function () return lie.from{ls.matrix{{NaN, 0}, {0, 0}}} end},
  {"NaN or Inf", "from", function () return lie.from{A22, ls.matrix{{0, Inf}, {0, 0}}} end},
}

local algebra_methods = {
  -- a wrong self
  {"LieAlgebra expected as self, got number", "dim", function () return so3.dim(42) end},
  {"LieAlgebra expected as self, got no value", "dim", function () return so3.dim() end},
  {"LieAlgebra expected as self, got %S+", "size", function () return so3.size(SO3) end},
  {"LieAlgebra expected as self, got string", "generators", function () return so3.generators("x") end},
  {"LieAlgebra expected as self, got %S+", "killing", function () return so3.killing(A22) end},
  {"LieAlgebra expected as self, got table", "orthonormal", function () return so3.orthonormal({}) end},
  {"LieAlgebra expected as self, got number", "closure_residual",
   function () return so3.closure_residual(1) end},
  {"LieAlgebra expected as self, got %S+", "structure_constants",
   function () return so3.structure_constants(V3) end},
  {"LieAlgebra expected as self, got number", "exp", function () return so3.exp(1, {0, 0, 0}) end},
  {"LieAlgebra expected as self, got number", "tostring",
   function () return getmetatable(so3).__tostring(1) end},
  {"LieAlgebra expected as self, got number", "index",
   function () return getmetatable(so3).__index(1, "dim") end},
  {"LieAlgebra expected as self, got %S+", "index",
   function () return getmetatable(so3).__index(SO3, "name") end},

  {"index 0 out of range 1%.%.3", "generator", function () return so3:generator(0) end},
  {"index 4 out of range 1%.%.3", "generator", function () return so3:generator(4) end},
  {"index in 1%.%.3 expected, got 1%.5", "generator", function () return so3:generator(1.5) end},
  {"index in 1%.%.3 expected, got no value", "generator", function () return so3:generator() end},
  {"index in 1%.%.3 expected, got table", "generator", function () return so3:generator({}) end},
  {"index 9223372036854775807 out of range", "generator", function () return so3:generator(MAXINT) end},
  {"index %-9223372036854775808 out of range", "generator",
   function () return so3:generator(math.mininteger) end},
  {"out of range 1%.%.3", "generator", function () return so3:generator(2^53) end},
  {"index in 1%.%.3 expected, got %-?nan", "generator", function () return so3:generator(NaN) end},

  {"matrix expected, got no value", "bracket", function () return so3:bracket() end},
  {"#1 to 'bracket' %(3x3 matrix expected, got 2x2", "bracket",
   function () return so3:bracket(A22, A22) end},
  {"#2 to 'bracket' %(3x3 matrix expected, got 2x2", "bracket",
   function () return so3:bracket(D3[1], A22) end},
  {"#2 to 'bracket' %(matrix expected, got string", "bracket",
   function () return so3:bracket(D3[1], "x") end},
  {"#1 to 'bracket' %(matrix expected, got %S+", "bracket",
   function () return so3:bracket(RNG, D3[1]) end},
  {"3x3 matrix expected, got 0x0", "bracket", function () return so3:bracket(E00, E00) end},

  {"matrix expected, got no value", "coords", function () return so3:coords() end},
  {"3x3 matrix expected, got 2x2", "coords", function () return so3:coords(A22) end},
  {"matrix expected, got %S+", "coords", function () return so3:coords(RNG) end},
  {"NaN or Inf", "coords", function () return so3:coords(nans(3, 3)) end},
  {"NaN or Inf", "coords", function () return so3:coords(infs(3, 3)) end},

  {"3x3 matrix expected, got 2x2", "contains", function () return so3:contains(A22) end},
  {"matrix expected, got table", "contains", function () return so3:contains({}) end},
  {"#2 to 'contains' %(non%-negative number expected", "contains",
   function () return so3:contains(D3[1], -1) end},
  {"non%-negative number expected", "contains", function () return so3:contains(D3[1], NaN) end},
  {"non%-negative number expected", "contains", function () return so3:contains(D3[1], "1") end},
  {"NaN or Inf", "contains", function () return so3:contains(nans(3, 3)) end},

  {"3 coefficients expected", "exp", function () return so3:exp() end},
  {"3 coefficients expected", "exp", function () return so3:exp({1, 2}) end},
  {"3 coefficients expected", "exp", function () return so3:exp({1, "x", 3}) end},
  {"3 coefficients expected", "exp", function () return so3:exp({1, nil, 3}) end},
  {"3 coefficients expected", "exp", function () return so3:exp(3) end},
  {"3 coefficients expected", "exp", function () return so3:exp(RNG) end},
  {"3 coefficients expected", "exp", function () return so3:exp(ls.ones(3, 3)) end},
  {"3 coefficients expected", "exp", function () return so3:exp(ls.ones(2, 1)) end},
  {"3 coefficients expected", "exp", function () return so3:exp(E00) end},
  {"NaN or Inf coefficients", "exp", function () return so3:exp({1, 2, NaN}) end},
  {"NaN or Inf coefficients", "exp", function () return so3:exp({Inf, 0, 0}) end},
  {"NaN or Inf coefficients", "exp", function () return so3:exp(nans(3, 1)) end},
  {"3 coefficients expected", "combine", function () return so3:combine({1, 2}) end},
  {"3 coefficients expected", "combine", function () return so3:combine(RNG) end},
  {"3 coefficients expected", "combine", function () return so3:combine("123") end},
  {"NaN or Inf coefficients", "combine", function () return so3:combine({1, 2, NaN}) end},
  {"NaN or Inf coefficients", "combine", function () return so3:combine({-Inf, 2, 3}) end},

  {"LieAlgebra expected, got no value", "intersect", function () return so3:intersect() end},
  {"LieAlgebra expected, got %S+", "intersect", function () return so3:intersect(SO3) end},
  {"LieAlgebra expected, got %S+", "intersect", function () return so3:intersect(A22) end},
  {"algebra of 3x3 matrices expected, got 4x4", "intersect",
   function () return so3:intersect(lie.so(4)) end},

  {"matrix or list of indices expected, got no value", "subalgebra",
   function () return so3:subalgebra() end},
  {"matrix or list of indices expected, got %S+", "subalgebra",
   function () return so3:subalgebra(RNG) end},
  {"generator index in 1%.%.3 expected at entry 1", "subalgebra", function () return so3:subalgebra{0} end},
  {"generator index in 1%.%.3 expected at entry 2", "subalgebra", function () return so3:subalgebra{1, 4} end},
  {"generator index in 1%.%.3 expected at entry 1", "subalgebra", function () return so3:subalgebra{1.5} end},
  {"generator index in 1%.%.3 expected at entry 1", "subalgebra",
   function () return so3:subalgebra{MAXINT} end},
  {"generator index in 1%.%.3 expected at entry 1", "subalgebra", function () return so3:subalgebra{{}} end},
  {"linearly dependent", "subalgebra", function () return so3:subalgebra{1, 1} end},
  {"3 x r coefficients expected, got 2x1", "subalgebra", function () return so3:subalgebra(ls.ones(2, 1)) end},
  {"linearly dependent", "subalgebra", function () return so3:subalgebra(ls.ones(3, 2)) end},
  {"linearly dependent", "subalgebra", function () return so3:subalgebra(ls.zeros(3, 1)) end},
  {"linearly dependent", "subalgebra", function () return lie.zero(3):subalgebra(ls.zeros(0, 3)) end},
  {"NaN or Inf coefficients", "subalgebra", function () return so3:subalgebra(nans(3, 1)) end},
  {"string expected, got table", "subalgebra", function () return so3:subalgebra({1}, {}) end},
}

local structure_constants = {
  {"#2 to 'get' %(" .. RANGE .. "0", "get", function () return SC:get(0, 2, 3) end},
  {"#4 to 'get' %(" .. RANGE .. "4", "get", function () return SC:get(1, 2, 4) end},
  {"#4 to 'get' %(integer expected, got no value", "get", function () return SC:get(1, 2) end},
  {"integer expected, got a non%-integer number", "get", function () return SC:get(1.5, 2, 3) end},
  {"StructureConstants expected as self, got number", "get", function () return SC.get(1, 1, 2, 3) end},
  {"StructureConstants expected as self, got LieAlgebra", "get", function () return SC.get(so3, 1, 2, 3) end},
  {"StructureConstants expected as self, got string", "nnz", function () return SC.nnz("x") end},
  {"StructureConstants expected as self, got %S*StructureRow", "entries",
   function () return SC.entries(SC[1]) end},
}

local group_constructors = {}
do
  local sized = {SO = 46340, O = 46340, SL = 46340, GL = 46340, Sp = 23170, S = 46340,
                 Z = 46340, D = 1073741824, T = 46339, SE = 46339, E = 46339, Scaling = 46340}
  local names_ = {"SO", "O", "SL", "GL", "Sp", "S", "Z", "D", "T", "SE", "E", "Scaling"}
  for _, name in ipairs(names_) do
    local hi = tostring(sized[name])
    local range = "an integer in 1%.%." .. hi .. " expected, got "
    local G = group[name]
    local add = function (pattern, f) group_constructors[#group_constructors + 1] = {pattern, name, f} end
    add(range .. "0", function () return G(0) end)
    add(range .. "%-1", function () return G(-1) end)
    add("integer expected, got a non%-integer number", function () return G(2.5) end)
    add("integer expected, got string", function () return G("3") end)
    add("integer expected, got no value", function () return G() end)
    add(range .. "2147483648", function () return G(2^31) end)
    add(range .. "9223372036854775807", function () return G(MAXINT) end)
  end
  local more = {
    {"n = 46340: the request is too large", "SO", function () return group.SO(46340) end},
    {"too large", "O", function () return group.O(30000) end},
    {"too large", "SL", function () return group.SL(23170) end},
    {"too large", "GL", function () return group.GL(46340) end},
    {"too large", "Sp", function () return group.Sp(23170) end},
    {"too large", "S", function () return group.S(46340) end},
    {"too large", "Z", function () return group.Z(30000) end},
    {"too large", "SE", function () return group.SE(46339) end},
    {"too large", "E", function () return group.E(30000) end},

    {"table expected, got no value", "from", function () return group.from() end},
    {"table expected, got number", "from", function () return group.from(3) end},
    {"table expected, got %S+", "from", function () return group.from(so3) end},
    {"an algebra, a discrete generator or n is needed", "from", function () return group.from{} end},
    {"bad option 'foo' to 'from' %(unknown key", "from", function () return group.from{foo = 1} end},
    {"bad option 'Algebra' to 'from' %(unknown key", "from",
     function () return group.from{Algebra = so3} end},
    {"option keys must be strings, got number", "from", function () return group.from{1} end},
    {"field 'algebra' must be a LieAlgebra", "from", function () return group.from{algebra = 3} end},
    {"field 'algebra' must be a LieAlgebra", "from", function () return group.from{algebra = SO3} end},
    {"field 'algebra' must be a LieAlgebra", "from", function () return group.from{algebra = D3} end},
    {"field 'n' is 3 but the algebra has 2x2 matrices", "from",
     function () return group.from{algebra = lie.so(2), n = 3} end},
    {"field 'n' must be a positive integer", "from", function () return group.from{n = 0} end},
    {"field 'n' must be a positive integer", "from", function () return group.from{n = -1} end},
    {"field 'n' must be a positive integer", "from", function () return group.from{n = 2.5} end},
    {"field 'n' must be a positive integer", "from", function () return group.from{n = 2^31} end},
    {"field 'n' must be a positive integer", "from", function () return group.from{n = MAXINT} end},
    {"field 'n' must be a positive integer", "from", function () return group.from{n = {}} end},
    {"field 'name' must be a string", "from", function () return group.from{n = 2, name = {}} end},
    {"field 'discrete' must be a list", "from", function () return group.from{discrete = 3} end},
    {"field 'discrete' must be a list", "from", function () return group.from{discrete = A22} end},
    {"an algebra, a discrete generator or n is needed", "from",
     function () return group.from{discrete = {}} end},
    {"discrete generator 1 is singular", "from", function () return group.from{discrete = {SING}} end},
    {"discrete generator 2 is singular", "from",
     function () return group.from{discrete = {A22, ls.zeros(2, 2)}} end},
    {"discrete generator 1 is 2x3, 2x2 expected", "from", function () return group.from{discrete = {A23}} end},
    {"discrete generator 2 is 3x3, 2x2 expected", "from",
     function () return group.from{discrete = {A22, ls.eye(3)}} end},
    {"discrete generator 1 is 2x2, 3x3 expected", "from",
     function () return group.from{discrete = {A22}, n = 3} end},
    {"discrete generator 1 is 3x3, 2x2 expected", "from",
     function () return group.from{algebra = lie.so(2), discrete = {ls.eye(3)}} end},
    {"discrete generator 1: matrix expected, got string", "from",
     function () return group.from{discrete = {"x"}} end},
    {"discrete generator 1: matrix expected, got %S+", "from",
     function () return group.from{discrete = {RNG}} end},
    {"discrete generator 2: matrix expected, got nil", "from",
     function () return group.from{discrete = {A22, nil, A22}} end},
    {"discrete generator 1 has NaN or Inf entries", "from",
     function () return group.from{discrete = {ls.matrix{{NaN, 0}, {0, 1}}}} end},
    {"discrete generator 1 has NaN or Inf entries", "from",
     function () return group.from{discrete = {ls.matrix{{Inf, 0}, {0, 1}}}} end},
  }
  for _, case in ipairs(more) do group_constructors[#group_constructors + 1] = case end
end

local group_methods = {
  {"group expected as self, got number", "size", function () return SO3.size(1) end},
  {"group expected as self, got %S+", "size", function () return SO3.size(so3) end},
  {"group expected as self, got no value", "sample", function () return SO3.sample() end},
  {"group expected as self, got %S+", "sample", function () return SO3.sample(V3) end},
  {"group expected as self, got number", "same", function () return SO3.same(1, SO3) end},
  {"group expected as self, got number", "index", function () return getmetatable(SO3).__index(1, "n") end},
  {"group expected as self, got %S+", "tostring",
   function () return getmetatable(SO3).__tostring(so3) end},
  {"rng expected, got string", "sample", function () return SO3:sample("x") end},
  {"rng expected, got matrix", "sample", function () return SO3:sample(A22) end},
  {"rng expected, got table", "sample", function () return SO3:sample({}) end},
  {"rng expected, got number", "sample", function () return SO3:sample(1) end},
  {"options table expected, got number", "sample", function () return SO3:sample(RNG, 3) end},
  {"options table expected, got string", "sample", function () return SO3:sample(nil, "scale") end},
  {"bad option 'foo' to 'sample' %(unknown key", "sample", function () return SO3:sample(RNG, {foo = 1}) end},
  {"bad option 'rng' to 'sample' %(unknown key", "sample", function () return SO3:sample(nil, {rng = RNG}) end},
  {"option keys must be strings, got number", "sample", function () return SO3:sample(RNG, {2}) end},
  {"bad option 'scale' to 'sample' %(number expected, got string", "sample",
   function () return SO3:sample(RNG, {scale = "x"}) end},
  {"bad option 'scale' to 'sample' %(number expected, got boolean", "sample",
   function () return SO3:sample(RNG, {scale = true}) end},
  {"a number in %[0.0, 1000000.0%] expected, got %-1", "sample",
   function () return SO3:sample(RNG, {scale = -1}) end},
  {"a number in %[0.0, 1000000.0%] expected, got %-?nan", "sample",
   function () return SO3:sample(RNG, {scale = NaN}) end},
  {"a number in %[0.0, 1000000.0%] expected, got inf", "sample",
   function () return SO3:sample(RNG, {scale = Inf}) end},
  {"a number in %[0.0, 1000000.0%] expected, got 10000000", "sample",
   function () return SO3:sample(RNG, {scale = 1e7}) end},
  {"bad option 'scale' to 'sample' %(the element overflows", "sample",
   function () return group.GL(3):sample(RNG, {scale = 1e6}) end},
  {"the element overflows", "sample", function () return group.SO13():sample(RNG, {scale = 1e6}) end},
}

local action_constructors = {
  {"group expected, got no value", "V", function () return action.V() end},
  {"group expected, got number", "V", function () return action.V(3) end},
  {"group expected, got %S+", "V", function () return action.V(so3) end},
  {"group expected, got %S+", "V", function () return action.V(V3) end},
  {"group expected, got no value", "trivial", function () return action.trivial() end},
  {"bad argument #2 to 'trivial' %(an integer in 1%.%.16384 expected, got 0", "trivial",
   function () return action.trivial(SO3, 0) end},
  {"an integer in 1%.%.16384 expected, got %-1", "trivial", function () return action.trivial(SO3, -1) end},
  {"integer expected, got a non%-integer number", "trivial", function () return action.trivial(SO3, 2.5) end},
  {"integer expected, got string", "trivial", function () return action.trivial(SO3, "2") end},
  {"expected, got 2147483648", "trivial", function () return action.trivial(SO3, 2^31) end},
  {"expected, got 9223372036854775807", "trivial", function () return action.trivial(SO3, MAXINT) end},

  {"group expected, got no value", "custom", function () return action.custom() end},
  {"group expected, got table", "custom", function () return action.custom({}, D3, {}) end},
  {"bad argument #2 to 'custom' %(3 algebra generators expected, got 0", "custom",
   function () return action.custom(SO3) end},
  {"3 algebra generators expected, got 0", "custom", function () return action.custom(SO3, {}, {}) end},
  {"3 algebra generators expected, got 2", "custom",
   function () return action.custom(SO3, {D3[1], D3[2]}, {}) end},
  {"3 algebra generators expected, got 4", "custom",
   function () return action.custom(SO3, {D3[1], D3[2], D3[3], D3[1]}, {}) end},
  {"#2 to 'custom' %(list of matrices expected", "custom", function () return action.custom(SO3, 3, {}) end},
  {"#2 to 'custom' %(list of matrices expected", "custom", function () return action.custom(SO3, A22, {}) end},
  {"#3 to 'custom' %(list of matrices expected", "custom", function () return action.custom(SO3, D3, 3) end},
  {"#3 to 'custom' %(0 discrete generators expected, got 1", "custom",
   function () return action.custom(SO3, D3, {ls.eye(3)}) end},
  {"#3 to 'custom' %(1 discrete generators expected, got 0", "custom",
   function () return action.custom(O3, D3, {}) end},
  {"2 discrete generators expected, got 0", "custom", function () return action.custom(S3) end},
  {"dρ 3: matrix expected, got string", "custom",
   function () return action.custom(SO3, {D3[1], D3[2], "x"}, {}) end},
  {"dρ 3: matrix expected, got %S+", "custom",
   function () return action.custom(SO3, {D3[1], D3[2], RNG}, {}) end},
  {"dρ 3 is 2x2, 3x3 expected", "custom", function () return action.custom(SO3, {D3[1], D3[2], A22}, {}) end},
  {"dρ 1 is 2x3, 2x2 expected", "custom", function () return action.custom(SO3, {A23, A23, A23}, {}) end},
  {"ρ 1 is 2x2, 3x3 expected", "custom", function () return action.custom(O3, D3, {ls.eye(2)}) end},
  {"ρ 1: matrix expected, got number", "custom", function () return action.custom(O3, D3, {1}) end},
  {"0x0 generators", "custom", function () return action.custom(SO3, {E00, E00, E00}, {}) end},
  {"0x0 generators", "custom", function () return action.custom(S3, {}, {E00, E00}) end},
  {"no generator gives the dimension", "custom", function () return action.custom(group.from{n = 2}, {}, {}) end},
  {"custom: NaN or Inf in the input", "custom",
   function () return action.custom(SO3, {nans(3, 3), D3[2], D3[3]}, {}) end},
  {"custom: NaN or Inf in the input", "custom", function () return action.custom(O3, D3, {infs(3, 3)}) end},

  {"#1 to 'hom' %(action expected, got no value", "hom", function () return action.hom() end},
  {"#2 to 'hom' %(action expected, got no value", "hom", function () return action.hom(V3) end},
  {"#2 to 'hom' %(action expected, got number", "hom", function () return action.hom(V3, 3) end},
  {"#1 to 'hom' %(action expected, got %S+", "hom", function () return action.hom(SO3, V3) end},
  {"mismatched groups in 'hom': SO%(3%) and O%(3%)", "hom", function () return action.hom(V3, W3) end},
  {"mismatched groups in 'hom': SO%(3%) and SO%(4%)", "hom",
   function () return action.hom(V3, action.V(group.SO(4))) end},

  {"#1 to 'T' %(integer expected, got no value", "T", function () return action.T() end},
  {"#2 to 'T' %(integer expected, got no value", "T", function () return action.T(1) end},
  {"#3 to 'T' %(group expected, got no value", "T", function () return action.T(1, 1) end},
  {"#3 to 'T' %(group expected, got number", "T", function () return action.T(1, 1, 3) end},
  {"#1 to 'T' %(integer expected, got %S+", "T", function () return action.T(SO3, 1, 1) end},
  {"#1 to 'T' %(an integer in 0%.%.1048576 expected, got %-1", "T", function () return action.T(-1, 0, SO3) end},
  {"#2 to 'T' %(an integer in 0%.%.1048576 expected, got %-1", "T", function () return action.T(0, -1, SO3) end},
  {"integer expected, got a non%-integer number", "T", function () return action.T(1.5, 0, SO3) end},
  {"expected, got 2097152", "T", function () return action.T(2^21, 0, SO3) end},
  {"expected, got 9223372036854775807", "T", function () return action.T(MAXINT, 0, SO3) end},
  {"T: the action's dimension would be too large", "T", function () return action.T(100, 0, SO3) end},
  {"T: the action's dimension would be too large", "T", function () return action.T(2^20, 0, SO3) end},
  {"T: the action's dimension would be too large", "T", function () return action.T(20, 20, SO3) end},

  {"#1 to 'sym' %(action expected, got no value", "sym", function () return action.sym() end},
  {"#1 to 'sym' %(action expected, got number", "sym", function () return action.sym(3, 2) end},
  {"#2 to 'sym' %(integer expected, got no value", "sym", function () return action.sym(V3) end},
  {"an integer in 1%.%.64 expected, got 0", "sym", function () return action.sym(V3, 0) end},
  {"an integer in 1%.%.64 expected, got %-1", "sym", function () return action.sym(V3, -1) end},
  {"an integer in 1%.%.64 expected, got 65", "sym", function () return action.sym(V3, 65) end},
  {"integer expected, got a non%-integer number", "sym", function () return action.sym(V3, 1.5) end},
  {"sym: Sym%^20 of a 10%-dimensional action is too large", "sym", function () return action.sym(V10, 20) end},
  {"sym: Sym%^64 of a 3%-dimensional action is too large", "sym", function () return action.sym(V3, 64) end},
  {"sym: Sym%^2 of a 10000%-dimensional action is too large", "sym",
   function () return action.sym(V10 ^ 4, 2) end},

  {"action expected, got no value", "materialize", function () return action.materialize() end},
  {"action expected, got number", "materialize", function () return action.materialize(3) end},
  {"materialize: a 10000%-dimensional action is too large", "materialize",
   function () return action.materialize(V10 ^ 4) end},
  {"materialize: a 531441%-dimensional action is too large", "materialize",
   function () return action.materialize(action.T(12, 0, S3)) end},
}

local action_operators = {
  {"mismatched groups in '%+': SO%(3%) and O%(3%)", "+", function () return V3 + W3 end},
  {"mismatched groups in '%*': SO%(3%) and O%(3%)", "*", function () return V3 * W3 end},
  {"mismatched groups in '%+'", "+", function () return (V3 * V3) + action.trivial(O3) end},
  {"#2 to '%+' %(action expected, got number", "+", function () return V3 + 1 end},
  {"#1 to '%+' %(action expected, got number", "+", function () return 1 + V3 end},
  {"#2 to '%+' %(action expected, got string", "+", function () return V3 + "x" end},
  {"#2 to '%+' %(action expected, got %S+", "+", function () return V3 + A22 end},
  {"#2 to '%+' %(action expected, got %S+", "+", function () return V3 + SO3 end},
  {"#2 to '%*' %(action expected, got %S+", "*", function () return V3 * A22 end},
  {"#2 to '%*' %(action expected, got table", "*", function () return V3 * {} end},
  {"#1 to '%*' %(action expected, got string", "*", function () return "2" * V3 end},
  {"#1 to '%*' %(action expected, got %S+", "*", function () return getmetatable(V3).__mul(SO3, SO3) end},
  {"bad multiplicity in '%*' %(positive integer expected, got 0", "*", function () return 0 * V3 end},
  {"bad multiplicity in '%*' %(positive integer expected, got %-1", "*", function () return -1 * V3 end},
  {"bad multiplicity in '%*' %(positive integer expected, got 1%.5", "*", function () return 1.5 * V3 end},
  {"bad multiplicity in '%*' %(positive integer expected, got 2%.5", "*", function () return V3 * 2.5 end},
  {"bad multiplicity in '%*'", "*", function () return NaN * V3 end},
  {"bad multiplicity in '%*'", "*", function () return V3 * Inf end},
  {"bad multiplicity in '%*' %(positive integer expected, got 2147483648", "*", function () return 2^31 * V3 end},
  {"bad multiplicity in '%*' %(positive integer expected, got 9223372036854775807", "*",
   function () return MAXINT * V3 end},
  {"%*: the action's dimension would be too large", "*", function () return 2^24 * V3 end},
  {"%*: the action's dimension would be too large", "*", function () return 2^24 * (2^24 * V3) end},
  {"%*: the action's dimension would be too large", "*",
   function () local R = 2^20 * V10 return R * R end},
  {"bad exponent in '%^' %(non%-negative integer expected, got %-1", "^", function () return V3 ^ -1 end},
  {"bad exponent in '%^' %(non%-negative integer expected, got 1%.5", "^", function () return V3 ^ 1.5 end},
  {"bad exponent in '%^'", "^", function () return V3 ^ NaN end},
  {"bad exponent in '%^'", "^", function () return V3 ^ V3 end},
  {"bad exponent in '%^' %(non%-negative integer expected, got 2147483648", "^", function () return V10 ^ 2^31 end},
  {"bad exponent in '%^'", "^", function () return V10 ^ MAXINT end},
  {"#1 to '%^' %(action expected, got number", "^", function () return 2 ^ V3 end},
  {"%^: the action's dimension would be too large", "^", function () return V10 ^ 100 end},
  {"%^: the action's dimension would be too large", "^", function () return V10 ^ 2^20 end},
}

local action_methods = {
  {"action expected as self, got number", "dim", function () return V3.dim(1) end},
  {"action expected as self, got %S+", "dim", function () return V3.dim(SO3) end},
  {"action expected as self, got no value", "group", function () return V3.group() end},
  {"action expected as self, got number", "dual", function () return V3.dual(1) end},
  {"action expected as self, got %S+", "factors", function () return V3.factors(SUB) end},
  {"action expected as self, got %S+", "rho_of", function () return V3.rho_of(A22, A22) end},
  {"action expected as self, got number", "index", function () return getmetatable(V3).__index(1, "dim") end},
  {"action expected as self, got number", "tostring", function () return getmetatable(V3).__tostring(1) end},

  {"#1 to 'drho' %(index in 1%.%.3 expected", "drho", function () return V3:drho() end},
  {"index 0 out of range 1%.%.3", "drho", function () return V3:drho(0) end},
  {"index 4 out of range 1%.%.3", "drho", function () return V3:drho(4) end},
  {"index in 1%.%.3 expected, got 1%.5", "drho", function () return V3:drho(1.5) end},
  {"index 9223372036854775807 out of range 1%.%.3", "drho", function () return V3:drho(MAXINT) end},
  {"index %-9223372036854775808 out of range 1%.%.3", "drho",
   function () return V3:drho(math.mininteger) end},
  {"index in 1%.%.3 expected, got table", "drho", function () return V3:drho({}) end},
  {"drho: a dense 100000x100000 matrix is too large", "drho", function () return (V10 ^ 5):drho(1) end},
  {"index 1 out of range 1%.%.0", "rho", function () return V3:rho(1) end},
  {"index 0 out of range 1%.%.1", "rho", function () return W3:rho(0) end},
  {"index 2 out of range 1%.%.1", "rho", function () return W3:rho(2) end},
  {"rho: a dense 100000x100000 matrix is too large", "rho",
   function () return (action.V(group.O(10)) ^ 5):rho(1) end},

  {"group element expected: a matrix or a sample from G:sample%(%), got nil", "rho_of",
   function () return V3:rho_of() end},
  {"group element expected.*got number", "rho_of", function () return V3:rho_of(3) end},
  {"group element expected.*got %S+", "rho_of", function () return V3:rho_of(RNG) end},
  {"group element expected.*got table", "rho_of", function () return V3:rho_of({}) end},
  {"group element expected.*got table", "rho_of", function () return V3:rho_of({coeffs = {1, 2, 3}}) end},
  {"group element expected.*got table", "rho_of", function () return V3:rho_of({word = {}}) end},
  {"group element expected.*got table", "rho_of", function () return V3:rho_of({coeffs = 3, word = {}}) end},
  {"group element expected.*got table", "rho_of", function () return V3:rho_of({coeffs = {1, 2, 3}, word = 3}) end},
  {"a 3x3 group element expected, got 2x2", "rho_of", function () return V3:rho_of(A22) end},
  {"a 3x3 group element expected, got 0x0", "rho_of", function () return V3:rho_of(E00) end},
  {"an element of this group expected %(3 coefficients%)", "rho_of",
   function () return V3:rho_of({coeffs = {1, 2}, word = {}}) end},
  {"an element of this group expected %(3 coefficients%)", "rho_of",
   function () return V3:rho_of({coeffs = {1, 2, 3, 4}, word = {}}) end},
  {"an element of this group expected %(3 coefficients%)", "rho_of",
   function () return V3:rho_of({coeffs = ls.ones(2, 1), word = {}}) end},
  {"an element of this group expected %(3 coefficients%)", "rho_of",   -- an element of SO(4)
   function () return V3:rho_of(group.SO(4):sample(RNG)) end},
  {"coefficient 3 is not a number", "rho_of", function () return V3:rho_of({coeffs = {1, 2, "x"}, word = {}}) end},
  {"rho_of: NaN or Inf in the input", "rho_of", function () return V3:rho_of({coeffs = {1, 2, NaN}, word = {}}) end},
  {"rho_of: NaN or Inf in the input", "rho_of", function () return V3:rho_of({coeffs = {Inf, 2, 3}, word = {}}) end},
  {"rho_of: NaN or Inf in the input", "rho_of", function () return V3:rho_of(nans(3, 3)) end},
  -- an element of O(3) with its reflection, given to an action of SO(3)
  {"word entry 1 is not a discrete generator of this group", "rho_of",
   function () return V3:rho_of({coeffs = {0, 0, 0}, word = {1}}) end},
  {"word entry 2 is not a discrete generator of this group", "rho_of",
   function () return W3:rho_of({coeffs = {0, 0, 0}, word = {1, 2}}) end},
  {"word entry 1 is not a discrete generator", "rho_of",
   function () return W3:rho_of({coeffs = {0, 0, 0}, word = {0}}) end},
  {"word entry 1 is not a discrete generator", "rho_of",
   function () return W3:rho_of({coeffs = {0, 0, 0}, word = {1.5}}) end},
  {"word entry 1 is not a discrete generator", "rho_of",
   function () return W3:rho_of({coeffs = {0, 0, 0}, word = {MAXINT}}) end},
  {"rho_of: this representation has no formula in terms of the defining matrix", "rho_of",
   function () return action.custom(SO3, D3):rho_of(ELT.matrix) end},
  {"rho_of: the element is not invertible in this representation", "rho_of",
   function () return V3:dual():rho_of(ls.zeros(3, 3)) end},
  {"rho_of: a dense 100000x100000 matrix is too large", "rho_of",
   function () return (V10 ^ 5):rho_of(ls.eye(10)) end},

  {"#1 to 'apply' %(group element expected.*got nil", "apply", function () return V3:apply() end},
  {"#1 to 'apply' %(group element expected.*got %S+", "apply",
   function () return V3:apply(RNG, ls.ones(3, 1)) end},
  {"#2 to 'apply' %(matrix expected, got nil", "apply", function () return V3:apply(ELT) end},
  {"#2 to 'apply' %(matrix expected, got number", "apply", function () return V3:apply(ELT, 3) end},
  {"#2 to 'apply' %(matrix expected, got %S+", "apply", function () return V3:apply(ELT, RNG) end},
  {"#2 to 'apply' %(matrix expected, got table", "apply", function () return V3:apply(ELT, {{1}, {2}, {3}}) end},
  {"shape mismatch in 'apply': a 3%-dimensional action, got 2x2", "apply",
   function () return V3:apply(ELT, A22) end},
  {"shape mismatch in 'apply': a 9%-dimensional action, got 8x1", "apply",
   function () return (V3 ^ 2):apply(ELT, ls.ones(8, 1)) end},
  {"shape mismatch in 'apply': a 9%-dimensional action, got 3x3", "apply",
   function () return H:apply(ELT.matrix, ls.ones(3, 3)) end},
  {"shape mismatch in 'apply': a 3%-dimensional action, got 0x0", "apply",
   function () return V3:apply(ELT, E00) end},
  {"apply: NaN or Inf in the input", "apply", function () return V3:apply(nans(3, 3), ls.ones(3, 1)) end},
  {"shape mismatch in 'apply_transpose': a 3%-dimensional action, got 2x2", "apply_transpose",
   function () return V3:apply_transpose(ELT, A22) end},
  {"#1 to 'apply_transpose' %(word entry 1 is not a discrete generator", "apply_transpose",
   function () return V3:apply_transpose({coeffs = {0, 0, 0}, word = {1}}, ls.ones(3, 1)) end},
  {"#1 to 'apply_transpose' %(a 3x3 group element expected, got 2x2", "apply_transpose",
   function () return V3:apply_transpose(A22, ls.ones(3, 1)) end},
  {"factors: the request is too large", "factors",
   function () return ((V10 ^ 4 + V10) * V10):factors() end},
}

local H_ORBITS = "the method does not apply to this action"
local enforce_cases = {
  {"#1 to 'enforce' %(action or operator expected, got nil", "enforce", function () return ls.enforce() end},
  {"action or operator expected, got number", "enforce", function () return ls.enforce(3) end},
  {"action or operator expected, got %S+", "enforce", function () return ls.enforce(SO3) end},
  {"action or operator expected, got %S+", "enforce", function () return ls.enforce(SUB) end},
  {"#1 to 'enforce' %(action expected, got %S+", "enforce",
   function () return require("liesym.enforce").enforce_action(SO3) end},
  {"#2 to 'enforce' %(options table expected, got number", "enforce", function () return ls.enforce(H, 3) end},
  {"options table expected, got string", "enforce", function () return ls.enforce(H, "svd") end},
  {"options table expected, got %S+", "enforce", function () return ls.enforce(H, A22) end},
  {"bad option 'foo' to 'enforce' %(unknown key", "enforce", function () return ls.enforce(H, {foo = 1}) end},
  {"bad option 'Method' to 'enforce' %(unknown key", "enforce",
   function () return ls.enforce(H, {Method = "svd"}) end},
  {"option keys must be strings, got number", "enforce", function () return ls.enforce(H, {1}) end},
  {"option keys must be strings, got boolean", "enforce", function () return ls.enforce(H, {[true] = 1}) end},
  {"bad option 'method' to 'enforce' %(one of \"auto\", \"svd\", \"gram\", \"iterative\", \"orbits\", "
   .. "\"weights\" expected, got qr", "enforce", function () return ls.enforce(H, {method = "qr"}) end},
  {"bad option 'method'.*expected, got", "enforce", function () return ls.enforce(H, {method = 1}) end},
  {"bad option 'method'.*expected, got", "enforce", function () return ls.enforce(H, {method = true}) end},
  {"bad option 'method'.*expected, got SVD", "enforce", function () return ls.enforce(H, {method = "SVD"}) end},
  {"enforce: " .. H_ORBITS, "enforce", function () return ls.enforce(action.T(2, 0, SO3), {method = "orbits"}) end},
  {"enforce: " .. H_ORBITS, "enforce", function () return ls.enforce(H, {method = "orbits"}) end},
  {"enforce: " .. H_ORBITS, "enforce", function () return ls.enforce(H, {rank = 8, method = "iterative"}) end},
  {"bad option 'tol' to 'enforce' %(a number in %[0.0, inf%] expected, got %-1", "enforce",
   function () return ls.enforce(H, {tol = -1}) end},
  {"bad option 'tol'", "enforce", function () return ls.enforce(H, {tol = NaN}) end},
  {"bad option 'tol' to 'enforce' %(a finite non%-negative number expected", "enforce",
   function () return ls.enforce(H, {tol = Inf}) end},
  {"bad option 'tol' to 'enforce' %(number expected, got string", "enforce",
   function () return ls.enforce(H, {tol = "1"}) end},
  {"bad option 'rtol' to 'enforce' %(a number in %[0.0, 1.0%] expected, got %-0.1", "enforce",
   function () return ls.enforce(H, {rtol = -0.1}) end},
  {"bad option 'rtol'.*got 1.5", "enforce", function () return ls.enforce(H, {rtol = 1.5}) end},
  {"bad option 'rtol'", "enforce", function () return ls.enforce(H, {rtol = NaN}) end},
  {"bad option 'rtol'.*got inf", "enforce", function () return ls.enforce(H, {rtol = Inf}) end},
  {"bad option 'rank' to 'enforce' %(an integer in 0%.%.%d+ expected, got %-1", "enforce",
   function () return ls.enforce(H, {rank = -1}) end},
  {"bad option 'rank' to 'enforce' %(integer expected, got number", "enforce",
   function () return ls.enforce(H, {rank = 1.5}) end},
  {"bad option 'rank'.*integer expected, got string", "enforce", function () return ls.enforce(H, {rank = "x"}) end},
  {"bad option 'rank'.*integer expected, got number", "enforce", function () return ls.enforce(H, {rank = NaN}) end},
  {"bad option 'min_gap' to 'enforce' %(a number in %[1.0, inf%] expected, got 0.5", "enforce",
   function () return ls.enforce(H, {min_gap = 0.5}) end},
  {"bad option 'min_gap'", "enforce", function () return ls.enforce(H, {min_gap = NaN}) end},
  {"bad option 'min_gap'.*number expected, got table", "enforce", function () return ls.enforce(H, {min_gap = {}}) end},
  {"bad option 'block' to 'enforce' %(an integer in 1%.%.1048576 expected, got 0", "enforce",
   function () return ls.enforce(H, {block = 0}) end},
  {"bad option 'block'.*got 2097152", "enforce", function () return ls.enforce(H, {block = 2^21}) end},
  {"bad option 'block'.*integer expected", "enforce", function () return ls.enforce(H, {block = 1.5}) end},
  {"bad option 'maxit' to 'enforce' %(an integer in 1%.%.1073741824 expected, got 0", "enforce",
   function () return ls.enforce(H, {maxit = 0}) end},
  {"bad option 'maxit'.*got %-5", "enforce", function () return ls.enforce(H, {maxit = -5}) end},
  {"bad option 'maxit'.*got 2147483648", "enforce", function () return ls.enforce(H, {maxit = 2^31}) end},
  {"enforce: the iterative solver did not converge; raise 'maxit'", "enforce",
   function () return ls.enforce(action.T(4, 0, SO3), {maxit = 1, method = "iterative"}) end},
  {"enforce: the rank decision is not clear: gap .* give tol, rtol or rank", "enforce",
   function () return ls.enforce(H, {min_gap = Inf}) end},
  {"enforce: the representation is too large for the solver", "enforce",
   function () return ls.enforce(V10 ^ 8) end},
  {"enforce: the representation is too large for the solver", "enforce",
   function () return ls.enforce(action.T(9, 0, group.S(10))) end},
}

local subspace_cases = {
  {"Subspace expected as self, got number", "dim", function () return SUB.dim(1) end},
  {"Subspace expected as self, got %S+", "dim", function () return SUB.dim(V3) end},
  {"Subspace expected as self, got string", "ambient_dim", function () return SUB.ambient_dim("x") end},
  {"Subspace expected as self, got table", "kind", function () return SUB.kind({}) end},
  {"Subspace expected as self, got number", "basis", function () return SUB.basis(1) end},
  {"Subspace expected as self, got %S+", "project", function () return SUB.project(A22, A22) end},
  {"Subspace expected as self, got number", "sample", function () return SUB.sample(1) end},
  {"Subspace expected as self, got no value", "spectrum", function () return SUB.spectrum() end},
  {"Subspace expected as self, got number", "index", function () return getmetatable(SUB).__index(1, "dim") end},
  {"Subspace expected as self, got number", "newindex",
   function () return getmetatable(SUB).__newindex(1, "x", 1) end},
  {"Subspace expected as self, got %S+", "tostring",
   function () return getmetatable(SUB).__tostring(so3) end},
  {"#1 to 'project' %(matrix expected, got no value", "project", function () return SUB:project() end},
  {"#1 to 'project' %(matrix expected, got number", "project", function () return SUB:project(3) end},
  {"#1 to 'project' %(matrix expected, got %S+", "project", function () return SUB:project(RNG) end},
  {"#1 to 'project' %(matrix expected, got table", "project", function () return SUB:project({{1}}) end},
  {"shape mismatch in 'project': subspace of R%^9, got 2x2", "project", function () return SUB:project(A22) end},
  {"shape mismatch in 'project': subspace of R%^9, got 3x3", "project",
   function () return SUB:project(ls.ones(3, 3)) end},
  {"shape mismatch in 'project': subspace of R%^9, got 1x9", "project",
   function () return SUB:project(ls.ones(1, 9)) end},
  {"shape mismatch in 'project': subspace of R%^9, got 0x0", "project", function () return SUB:project(E00) end},
  {"shape mismatch in 'project': subspace of R%^27, got 26x1", "project",
   function () return ls.enforce(action.T(3, 0, S3)):project(ls.ones(26, 1)) end},
  {"shape mismatch in 'project': subspace of R%^4, got 5x1", "project",
   function () return ls.enforce(V3 + action.trivial(SO3)):project(ls.ones(5, 1)) end},
  {"shape mismatch in 'project': subspace of R%^16, got 4x3", "project",
   function () return SUB_HOM:project(ls.ones(4, 3)) end},
  {"shape mismatch in 'project': subspace of R%^16, got 2x8", "project",
   function () return SUB_HOM:project(ls.ones(2, 8)) end},
  {"#1 to 'sample' %(rng expected, got string", "sample", function () return SUB:sample("x") end},
  {"#1 to 'sample' %(rng expected, got matrix", "sample", function () return SUB:sample(A22) end},
  {"#1 to 'sample' %(rng expected, got table", "sample", function () return SUB:sample({}) end},
  {"#1 to 'sample' %(rng expected, got Subspace", "sample", function () return SUB:sample(SUB) end},
}

local fixed_space_cases = {
  {"#1 to 'fixed_space' %(table expected, got nil", "fixed_space", function () return core.fixed_space() end},
  {"table expected, got number", "fixed_space", function () return core.fixed_space(3) end},
  {"table expected, got %S+", "fixed_space", function () return core.fixed_space(A22) end},
  {"list of at least one factor expected", "fixed_space", function () return core.fixed_space({}) end},
  {"fixed_space: factor 1 must be a table", "fixed_space", function () return core.fixed_space({1}) end},
  {"fixed_space: factor 2 must be a table", "fixed_space", function () return core.fixed_space({FACTOR, A22}) end},
  {"factor 1: field 'dim' must be an integer, got nil", "fixed_space", function () return core.fixed_space({{}}) end},
  {"factor 1: field 'dim' must be an integer, got number", "fixed_space",
   function () return core.fixed_space({{dim = 2.5, drho = {}, rho = {}}}) end},
  {"factor 1: field 'dim' must be an integer, got number", "fixed_space",
   function () return core.fixed_space({{dim = NaN, drho = {}, rho = {}}}) end},
  {"factor 1 has dim < 1 or too large", "fixed_space",
   function () return core.fixed_space({{dim = 0, drho = {}, rho = {}}}) end},
  {"factor 1 has dim < 1 or too large", "fixed_space",
   function () return core.fixed_space({{dim = -1, drho = {}, rho = {}}}) end},
  {"factor 1 has dim < 1 or too large", "fixed_space",
   function () return core.fixed_space({{dim = MAXINT, drho = {}, rho = {}}}) end},
  {"factor 1 has dim < 1 or too large", "fixed_space",
   function () return core.fixed_space({{dim = 2^53, drho = {}, rho = {}}}) end},
  {"factor 1: field 'drho' must be a list of matrices", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = 3, rho = {}}}) end},
  {"factor 1: field 'rho' must be a list of matrices", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = {}}}) end},
  {"factor 1: drho%[1%] must be a 2x2 matrix", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = {A23}, rho = {}}}) end},
  {"factor 1: drho%[1%] must be a 2x2 matrix", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = {RNG}, rho = {}}}) end},
  {"factor 1: rho%[2%] must be a 2x2 matrix", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = {}, rho = {A22, E00}}}) end},
  {"factor 2 has 0 algebra generators, factor 1 has 1", "fixed_space",
   function () return core.fixed_space({FACTOR, {dim = 2, drho = {}, rho = {}}}) end},
  {"factor 2 has 1 discrete generators, factor 1 has 0", "fixed_space",
   function () return core.fixed_space({FACTOR, {dim = 2, drho = {A22}, rho = {A22}}}) end},
  {"fixed_space: NaN or Inf in the input", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = {nans(2, 2)}, rho = {}}}) end},
  {"fixed_space: NaN or Inf in the input", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = {}, rho = {infs(2, 2)}}}, {method = "weights"}) end},
  {"fixed_space: NaN or Inf in the input", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = {}, rho = {nans(2, 2)}}}, {method = "orbits"}) end},
  {"fixed_space: NaN or Inf in the input", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = {nans(2, 2)}, rho = {}}}, {method = "iterative"}) end},
  {"representation of dimension .* is too large", "fixed_space",
   function () return core.fixed_space({{dim = 10000, drho = {}, rho = {}}, {dim = 10000, drho = {}, rho = {}}}) end},
  {"#2 to 'fixed_space' %(options table expected, got number", "fixed_space",
   function () return core.fixed_space({FACTOR}, 3) end},
  {"bad option 'foo' to 'fixed_space' %(unknown key", "fixed_space",
   function () return core.fixed_space({FACTOR}, {foo = 1}) end},
  {"bad option 'method' to 'fixed_space'", "fixed_space",
   function () return core.fixed_space({FACTOR}, {method = "qr"}) end},
  {"fixed_space: " .. H_ORBITS, "fixed_space",
   function () return core.fixed_space({FACTOR}, {method = "orbits"}) end},
  -- the third argument names the public function in option errors
  {"bad option 'foo' to 'myname' %(unknown key", "myname",
   function () return core.fixed_space({FACTOR}, {foo = 1}, "myname") end},
  {"bad option 'tol' to 'myname'", "myname", function () return core.fixed_space({FACTOR}, {tol = -1}, "myname") end},
  {"string expected, got table", "fixed_space", function () return core.fixed_space({FACTOR}, nil, {}) end},

  {"#1 to 'subspace_dense' %(matrix expected, got no value", "subspace_dense",
   function () return core.subspace_dense() end},
  {"#1 to 'subspace_dense' %(matrix expected, got number", "subspace_dense",
   function () return core.subspace_dense(3) end},
  {"#1 to 'subspace_dense' %(matrix expected, got %S+", "subspace_dense",
   function () return core.subspace_dense(RNG) end},
  {"#1 to 'subspace_dense' %(matrix expected, got table", "subspace_dense",
   function () return core.subspace_dense({{1}}) end},
  {"#2 to 'subspace_dense' %(table expected, got number", "subspace_dense",
   function () return core.subspace_dense(ls.eye(2), 3) end},
  {"#2 to 'subspace_dense' %(table expected, got string", "subspace_dense",
   function () return core.subspace_dense(ls.eye(2), "x") end},
  {"more columns than rows", "subspace_dense", function () return core.subspace_dense(ls.ones(2, 3)) end},
  {"columns must be orthonormal", "subspace_dense",
   function () return core.subspace_dense(ls.matrix{{1, 2}, {3, 4}}) end},
  {"NaN or Inf", "subspace_dense", function () return core.subspace_dense(nans(2, 1)) end},
}

-- hostile tables: proxies that collect garbage in __index and __len look
-- empty to the raw reads of the C code
local hostile_cases = {
  {"matrix size expected for an empty basis", "from", function () return lie.from(gc_proxy(ls.eye(2), 3)) end},
  {"matrix expected at entry 1, got table", "from", function () return lie.from{gc_proxy(ls.eye(2), 2)} end},
  {"an algebra, a discrete generator or n is needed", "from",
   function () return group.from{discrete = gc_proxy(ls.eye(2), 2)} end},
  {"an algebra, a discrete generator or n is needed", "from",
   function () return group.from(gc_proxy(so3, 1)) end},
  {"3 algebra generators expected, got 0", "custom",
   function () return action.custom(SO3, gc_proxy(D3[1], 3), {}) end},
  {"1 discrete generators expected, got 0", "custom",
   function () return action.custom(O3, D3, gc_proxy(ls.eye(3), 1)) end},
  {"3 coefficients expected", "exp", function () return so3:exp(gc_proxy(0.5, 3)) end},
  {"3 coefficients expected", "combine", function () return so3:combine(gc_proxy(0.5, 3)) end},
  {"an element of this group expected %(3 coefficients%)", "rho_of",
   function () return W3:rho_of({coeffs = gc_proxy(1, 3), word = {}}) end},
  {"group element expected", "rho_of", function () return W3:rho_of(gc_proxy({0, 0, 0}, 0)) end},
  {"list of at least one factor expected", "fixed_space", function () return core.fixed_space(gc_proxy(FACTOR, 2)) end},
  {"factor 1: field 'dim' must be an integer, got nil", "fixed_space",
   function () return core.fixed_space({gc_proxy(2, 1)}) end},
  {"factor 2 has 1 algebra generators, factor 1 has 0", "fixed_space",
   function () return core.fixed_space({{dim = 2, drho = gc_proxy(A22, 1), rho = {}}, FACTOR}) end},
}

run("ls.lie constructors", lie_constructors)
run("LieAlgebra methods", algebra_methods)
run("structure constants", structure_constants)
run("ls.group constructors", group_constructors)
run("Group methods", group_methods)
run("ls.action constructors", action_constructors)
run("Action operators", action_operators)
run("Action methods", action_methods)
run("enforce", enforce_cases)
run("Subspace methods", subspace_cases)
run("fixed_space and subspace_dense", fixed_space_cases)
run("tables with collecting metamethods", hostile_cases)


describe("hostile tables that are valid", function()
  it("look empty to the C code", function()
    assert.are.equal(0, lie.from(gc_proxy(ls.eye(2), 3), 2):dim())
    assert.are.equal(0, so3:subalgebra(gc_proxy(1, 2)):dim())
    assert.are.equal(2, group.from{discrete = gc_proxy(A22, 2), n = 2}:size())
    assert.are.equal(1, ls.enforce(H, gc_proxy("qr", 1)):dim())
    assert.is_table(SO3:sample(RNG, gc_proxy(1e9, 1)))
    -- the word reads as empty: the element is exp of the coefficients alone
    local c = {coeffs = {0.1, 0.2, 0.3}}
    local a = W3:rho_of({coeffs = c.coeffs, word = gc_proxy(1, 5)})
    local b = W3:rho_of({coeffs = c.coeffs, word = {}})
    assert.are.same(b:totable(), a:totable())
    local Q = core.fixed_space({{dim = 2, drho = gc_proxy(A22, 1), rho = {}}})
    assert.are.same({2, 2}, {Q:shape()})
  end)

  -- finalizers that edit the lists run during the allocations of the C
  -- readers; each call must succeed or fail cleanly
  local function edited_by_finalizers (name, fname, build, call)
    it(name .. " survives lists edited by finalizers", function()
      for _ = 1, 30 do
        local t = build()
        for _ = 1, 30 do
          setmetatable({}, {__gc = function ()
            for k in pairs(t) do t[k] = nil end
            t[1], t[2] = ls.zeros(5, 5), "x"
          end})
        end
        local ok, err = pcall(call, t)
        if not ok then
          assert.are.equal("string", type(err))
          assert.is_nil(err:find("attempt to", 1, true), err)
          assert.is_true(names(err, fname), err)
        end
        collectgarbage()
      end
    end)
  end
  edited_by_finalizers("lie.from", "from", function () return {ls.eye(2), A22} end,
                       function (t) return lie.from(t) end)
  edited_by_finalizers("group.from", "from", function () return {A22, ls.eye(2)} end,
                       function (t) return group.from{discrete = t} end)
  edited_by_finalizers("action.custom", "custom", function () return {D3[1], D3[2], D3[3]} end,
                       function (t) return action.custom(SO3, t, {}) end)
  edited_by_finalizers("subalgebra", "subalgebra", function () return {1, 2} end,
                       function (t) return so3:subalgebra(t) end)
  edited_by_finalizers("fixed_space", "fixed_space",
                       function () return {ls.matrix{{0, 1}, {-1, 0}}} end,
                       function (t) return core.fixed_space({{dim = 2, drho = t, rho = {}}, FACTOR}) end)
end)


describe("valid edge cases do not raise", function()
  local valid = {
    {"so(1) and so(0, 1) have dimension 0", function ()
      assert.are.equal(0, lie.so(1):dim())
      assert.are.equal(0, lie.so(0, 1):dim())
    end},
    {"so(1, 3)", function () return lie.so(1, 3) end},
    {"from{} with n = 2", function ()
      assert.are.equal(0, lie.from({}, 2):dim())
    end},
    {"from with a name", function () assert.are.equal("x", lie.from({A22}, nil, "x").name) end},
    {"zero(1) and scaling of the largest size", function ()
      return lie.zero(1), lie.scaling(46340), lie.zero(46340)
    end},
    {"generator(3.0)", function () return so3:generator(3.0) end},
    {"exp of a row of coefficients", function () return so3:exp(ls.ones(1, 3)) end},
    {"exp and combine of the zero algebra", function ()
      local z = lie.zero(3)
      assert.are.same(ls.eye(3):totable(), z:exp({}):totable())
      return z:combine({}), z:exp(ls.zeros(0, 1))
    end},
    {"coords and contains of zero", function ()
      local c, r = so3:coords(ls.zeros(3, 3))
      assert.are.equal(0, r)
      assert.is_true((so3:contains(ls.zeros(3, 3))))
      return c
    end},
    {"contains with an infinite tolerance", function ()
      assert.is_true((so3:contains(ls.eye(3), Inf)))
    end},
    {"bracket with NaN entries (plain arithmetic)", function () return so3:bracket(D3[1], nans(3, 3)) end},
    {"intersect with the zero algebra and with gl(3)", function ()
      assert.are.equal(0, so3:intersect(lie.zero(3)):dim())
      assert.are.equal(3, so3:intersect(lie.gl(3)):dim())
    end},
    {"empty subalgebras", function ()
      assert.are.equal(0, so3:subalgebra({}):dim())
      assert.are.equal(0, so3:subalgebra(ls.zeros(3, 0)):dim())
    end},
    {"the zero algebra", function ()
      local g = lie.from({}, 1)
      local Z = ls.zeros(1, 1)
      return g:killing(), g:orthonormal(), g:exp({}), g:coords(Z), g:bracket(Z, Z),
             g:closure_residual(), g:structure_constants():nnz(), tostring(g)
    end},
    {"structure constants read like a nested table", function ()
      assert.are.equal(3, #SC)
      assert.are.equal(1, SC[1][2][3])
      assert.is_nil(SC[0])
      assert.is_nil(SC[4])
      assert.is_nil(SC[1.5])
      assert.is_nil(SC.x)
      assert.is_nil(SC[1][4])
      assert.is_nil(SC[1][2][4])
      assert.are.equal(3, SC:nnz())
      assert.are.equal(4, select("#", SC:entries()))
      return tostring(SC)
    end},
    {"unknown fields of algebras, groups and actions are nil", function ()
      assert.is_nil(so3.foo)
      assert.is_nil(so3[1])
      assert.is_nil(SO3.foo)
      assert.is_nil(V3.foo)
      assert.are.equal("so(3)", so3.name)
    end},
    {"group.from with n only, and a numeric name", function ()
      assert.are.equal(2, group.from{n = 2}.n)
      assert.are.equal("5", group.from{n = 2, name = 5}.name)
    end},
    {"D(10^6), SO13() with an extra argument, O13()", function ()
      return group.D(10^6), group.SO13(5), group.O13()
    end},
    {"sample with scale 0, 1e6, and a nil generator", function ()
      return SO3:sample(RNG, {scale = 0}), group.T(3):sample(RNG, {scale = 1e6}),
             SO3:sample(nil, {scale = 2}), SO3:sample(RNG, {})
    end},
    {"same with a non-group", function ()
      assert.is_false(SO3:same(3))
      assert.is_false(SO3:same())
      assert.is_true(SO3:same(group.SO(3)))
    end},
    {"trivial of the largest size (nothing dense is formed)", function ()
      return action.trivial(SO3, 16384)
    end},
    {"T(0, 0), V^0, a big tensor power that is never formed", function ()
      assert.are.equal(1, action.T(0, 0, SO3):dim())
      assert.are.equal(1, (V3 ^ 0):dim())
      return V10 ^ 12
    end},
    {"Sym^64 of one-dimensional actions", function ()
      return action.sym(action.trivial(SO3), 64), action.sym(action.V(group.SO(1)), 64)
    end},
    {"an element of SO(3) acting through O(3)", function () return W3:rho_of(ELT) end},
    {"apply to zero columns", function () return V3:apply(ELT, ls.zeros(3, 0)) end},
    {"apply_transpose to NaN data (plain arithmetic)", function ()
      return V3:apply_transpose(ELT, nans(3, 1))
    end},
    {"hom applied to vec(W) and to W", function ()
      return H:apply(ELT.matrix, ls.ones(9, 1)), SUB_HOM:project(ls.ones(4, 4))
    end},
    {"factors of a power, a sum, a hom of sums", function ()
      assert.are.equal(2, #(V3 ^ 2):factors())
      assert.are.equal(1, #(V3 + V3):factors())
      assert.are.equal(2, #action.hom(V3 + V3, V3):factors())
    end},
    {"enforce with forced ranks and extreme tolerances", function ()
      assert.are.equal(0, ls.enforce(H, {rank = 100}):dim())
      assert.are.equal(0, ls.enforce(H, {rank = MAXINT}):dim())
      assert.are.equal(9, ls.enforce(H, {rank = 0}):dim())
      assert.are.equal(0, ls.enforce(H, {tol = 0}):dim())
      assert.are.equal(9, ls.enforce(H, {tol = 1e300}):dim())
      assert.are.equal(9, ls.enforce(H, {rtol = 1}):dim())
      assert.are.equal(1, ls.enforce(H, {min_gap = 1}):dim())
    end},
    {"enforce with every method where it applies", function ()
      for _, m in ipairs{"auto", "svd", "gram", "iterative", "weights"} do
        assert.are.equal(1, ls.enforce(H, {method = m}):dim(), m)
      end
      assert.are.equal(2, ls.enforce(action.V(S3) ^ 2, {method = "orbits"}):dim())
      assert.are.equal(1, ls.enforce(H, {method = "iterative", maxit = 1, block = 2^20}):dim())
    end},
    {"enforce on a group with nothing to fix", function ()
      assert.are.equal(2, ls.enforce(action.V(group.from{n = 2})):dim())
      assert.are.equal(1, ls.enforce(action.T(2, 0, group.Z(1))):dim())
    end},
    {"subspace edge cases", function ()
      assert.are.equal(0, SUB:project(ls.ones(9, 0)):cols())
      local E = core.subspace_dense(E00)
      assert.are.equal(0, E:dim())
      assert.are.equal(0, E:sample():rows())
      local Z = core.subspace_dense(ls.zeros(3, 0))
      assert.are.same({{0}, {0}, {0}}, Z:sample():totable())
      assert.is_table(core.subspace_dense(ls.eye(2), {}):spectrum())
      return tostring(E), SUB:sample(), SUB:spectrum()
    end},
    {"Lua fields on a subspace", function ()
      local T = ls.enforce(H)
      T.model = "x"
      T[1] = 2
      assert.are.equal("x", T.model)
      assert.are.equal(2, T[1])
      assert.are.equal(1, T:dim())
    end},
    {"fixed_space without generators", function ()
      local Q = core.fixed_space({{dim = 2, drho = {}, rho = {}}})
      assert.are.same(ls.eye(2):totable(), Q:totable())
      return core.fixed_space({FACTOR}, {rank = 8})
    end},
  }
  for _, case in ipairs(valid) do
    it(case[1], function()
      local ok, err = pcall(case[2])
      assert.is_true(ok, tostring(err))
    end)
  end
end)


-- Found by this battery, fixed in the C code: each used to crash, hang,
-- allocate gigabytes or return garbage.
describe("found by this battery", function()
  it("structure constants outlive their algebra's box", function()
    local g = lie.so(3)
    local c = g:structure_constants()
    local row = c[1]
    getmetatable(g).__gc(g)
    collectgarbage()
    assert.are.equal(3, #c)
    assert.are.equal(1, c[1][2][3])        -- [L_x, L_y] = L_z
    assert.are.equal(1, row[2][3])
    assert.are.equal(1, c:get(1, 2, 3))
    assert.are.equal(3, c:nnz())
    assert.matches("nonzeros", tostring(c))
  end)

  it("StructureConstants and StructureRow metamethods check their self", function()
    local c = so3:structure_constants()
    local mt, rmt = getmetatable(c), getmetatable(c[1])
    for _, f in ipairs{
      function () return mt.__len(1) end,
      function () return mt.__index(1, 1) end,
      function () return mt.__index(io.stdout, 1) end,
      function () return mt.__tostring(so3) end,
      function () return rmt.__index(1, 1) end,
      function () return rmt.__len(1) end,
      function () return rmt.__index(c, 1) end,
    } do
      local err = error_of(f)
      assert.matches("expected as self", err)
    end
  end)

  it("0x0 groups and Sym^k of 0-dimensional actions are refused", function()
    assert.matches("'from'", error_of(function () return group.from{discrete = {E00}} end))
    assert.matches("'from'", error_of(function () return lie.from({}, 0) end))
  end)

  it("sym(V(SO(10)) ^ 2, 2) fails fast with 'too large'", function()
    assert.matches("sym: .*too large", error_of(function () return action.sym(V10 ^ 2, 2) end))
  end)

  it("exp and rho_of of coefficients that overflow raise", function()
    assert.matches("'exp'.*overflows", error_of(function () return so3:exp{1e300, 0, 0} end))
    assert.matches("'exp'.*overflows", error_of(function () return so3:exp{1e300, 1e300, 0} end))
    -- a rotation by 1e17 rad: 57 squarings, none of whose digits would be right
    assert.matches("'exp'.*correct", error_of(function () return so3:exp{1e17, 1e17, 0} end))
    assert.matches("rho_of:", error_of(function ()
      return V3:rho_of{coeffs = {1e300, 0, 0}, word = {}}
    end))
  end)

  it("exp and combine take exactly q coefficients", function()
    assert.matches("3 coefficients expected", error_of(function () return so3:exp{1, 2, 3, 4} end))
    assert.matches("3 coefficients expected", error_of(function () return so3:combine{1, 2, 3, 4} end))
  end)

  it("invertibility is judged by the condition number, not the determinant", function()
    local G = group.from{discrete = {0.01 * ls.eye(200)}}   -- det 1e-400 underflows
    assert.are.equal(200, G:size())
    assert.matches("singular", error_of(function ()
      return group.from{discrete = {ls.matrix{{1, 1}, {1, 1 + 1e-17}}}}
    end))
    assert.matches("custom: .*singular", error_of(function ()
      return action.custom(O3, D3, {ls.matrix{{1, 2, 3}, {2, 4, 6}, {0, 0, 1}}})
    end))
  end)

  it("dense exports of gigabytes fail fast, naming the function", function()
    assert.matches("drho: .*too large", error_of(function ()
      return (action.trivial(SO3, 10000) + action.trivial(SO3, 10000)):drho(1)
    end))
    assert.matches("sample: .*too large", error_of(function ()
      return group.Scaling(30000):sample()
    end))
  end)

  it("operators a type lacks are clean errors", function()
    local g = lie.so(3)
    for _, f in ipairs{
      function () return -V3 end, function () return V3 - V3 end,
      function () return #V3 end, function () return V3 .. V3 end,
      function () return V3 < V3 end, function () return V3() end,
      function () g.name = "x" end, function () SO3.n = 4 end, function () V3.G = 1 end,
      function () return g + g end, function () return SO3 * SO3 end,
    } do
      assert.matches("bad operands to", error_of(f))
    end
  end)
end)
