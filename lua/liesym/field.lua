--- Fields sampled on grids, and a Lie algebra's vector fields as
-- derivative operators on them.
--
-- A `Grid` is a 1-D or 2-D box sampled on a tensor grid, periodic on
-- every axis or on none. Points are numbered with axis 1 fastest, so a
-- scalar field on an n1×n2 grid is the column-major n1×n2 array of its
-- values and a vector field with c components is the N×c matrix of its
-- values (one point per row, as points are elsewhere in liesym). Many
-- fields at once — the inputs of an operator regression — are one field
-- per row: M×(c·N).
--
-- Periodic axes of length L have the points lo + iL/n (the period's end
-- left out) and are differentiated spectrally (FFTW); closed axes have
-- lo + iL/(n − 1) and are differentiated by finite differences of order
-- `order` (Fornberg's weights, one-sided at the ends). Quadrature is the
-- trapezoid rule (spectrally accurate on periodic axes).
--
-- On an even periodic axis the Nyquist mode (−1)^i has no derivative:
-- the plain spectral derivative sends it to 0, as it sends the
-- constants, and the operators commuting with it are the circulants plus
-- n + 2 − n = 2 maps mixing those two modes. By default (`nyquist =
-- "mode"`) the Nyquist mode gets the real eigenvalue πn/L instead: the
-- derivative of a field without a Nyquist component is unchanged, and the
-- commutant is exactly that of the one-cell shift, the circulants.
-- `nyquist = "zero"` keeps the plain derivative.
--
-- @module liesym.field

local core = require "liesym.core"
local lie = require "liesym.lie"
local action = require "liesym.action"
local fields = require "liesym.fields"
local options = require "liesym.options"

local field = {}
local typename, argerr, opterr = options.typename, options.argerr, options.opterr

local Grid = {}
Grid.__index = Grid
Grid.__name = "Grid"
field.Grid = Grid

--- Whether x is a Grid.
function field.is_grid(x) return getmetatable(x) == Grid end

local grid_keys = {"n", "box", "periodic", "order", "nyquist"}

--- A grid on a box.
-- @tparam table opts `n` = points per axis (an integer for 1-D, or a list
-- of one or two); `box` = {{lo, hi}, ...} per axis (or {lo, hi} in 1-D;
-- default [0, 2π] periodic, [−1, 1] closed); `periodic` (default true);
-- `order` = the finite-difference order on closed axes (even, default
-- 6 or the largest the points allow); `nyquist` = "mode" (default) or
-- "zero" (see the module's text).
-- @treturn Grid
function field.grid(opts)
  if type(opts) ~= "table" then argerr(1, "grid", "table expected, got %s", typename(opts)) end
  options.check(opts, 1, "grid", grid_keys)
  local n = rawget(opts, "n")
  if math.type(n) == "integer" then n = {n} end
  if type(n) ~= "table" or (#n ~= 1 and #n ~= 2) then
    opterr("n", "grid", "an integer or a list of 1 or 2 integers expected, got %s", typename(n))
  end
  local periodic = options.boolean(opts, "periodic", "grid", true)
  local dim = #n
  local spec = {dim = dim, periodic = periodic,
                nyquist = options.enum(opts, "nyquist", "grid", "mode", {"mode", "zero"})}
  local total = 1
  for a = 1, dim do
    local na = n[a]
    if math.type(na) ~= "integer" or na < (periodic and 1 or 2) then
      opterr("n", "grid", "axis %d: an integer >= %d expected, got %s", a, periodic and 1 or 2,
             tostring(na))
    end
    total = total * na
    spec["n" .. a] = na
  end
  if total > 2^31 - 1 then opterr("n", "grid", "%.0f points: at most 2^31 - 1", total) end
  local box = rawget(opts, "box")
  if box ~= nil and type(box) ~= "table" then
    opterr("box", "grid", "a list of {lo, hi} per axis expected, got %s", typename(box))
  end
  if box and dim == 1 and type(box[1]) == "number" then box = {box} end
  if box and #box ~= dim then
    opterr("box", "grid", "one {lo, hi} per axis expected: %d axes, %d given", dim, #box)
  end
  for a = 1, dim do
    local b = box and box[a] or (periodic and {0, 2 * math.pi} or {-1, 1})
    local lo, hi = type(b) == "table" and b[1], type(b) == "table" and b[2]
    if type(lo) ~= "number" or type(hi) ~= "number" or hi ~= hi or lo ~= lo or hi <= lo
       or hi - lo == math.huge then
      opterr("box", "grid", "axis %d: {lo, hi} with finite lo < hi expected", a)
    end
    spec["lo" .. a], spec["hi" .. a] = lo, hi
  end
  local smallest = math.min(n[1], n[2] or n[1])
  local order = 0
  if not periodic then
    local most = (smallest - 1) - (smallest - 1) % 2
    if most < 2 then opterr("n", "grid", "finite differences need at least 3 points per axis") end
    order = options.integer(opts, "order", "grid", math.min(6, most), 2, most)
    if order % 2 ~= 0 then opterr("order", "grid", "an even order expected, got %d", order) end
  elseif rawget(opts, "order") ~= nil then
    opterr("order", "grid", "a periodic grid is differentiated spectrally (no order)")
  end
  spec.order = order
  return setmetatable({spec = spec, n = {table.unpack(n)}, N = total}, Grid)
end

-- a method's self, checked
local function self_of(g, fname)
  if getmetatable(g) ~= Grid then
    options.raise("calling '%s' on bad self (grid expected, got %s)", fname, typename(g))
  end
  return g
end

--- The number of axes.
function Grid:dim() return self_of(self, "dim").spec.dim end
--- The number of points N.
function Grid:size() return self_of(self, "size").N end
--- The points per axis.
function Grid:shape() return table.unpack(self_of(self, "shape").n) end
--- Whether the axes are periodic.
function Grid:periodic() return self_of(self, "periodic").spec.periodic end

--- The points (N×dim, axis 1 fastest).
function Grid:points() return core.field_points(self_of(self, "points").spec) end

--- The quadrature weights (N×1): ∫u ≈ Σ w_i u_i.
function Grid:weights() return core.field_weights(self_of(self, "weights").spec) end

--- A Lua function sampled at the points: f(x) in 1-D, f(x, y) in 2-D,
-- returning c numbers (the field's components).
-- @tparam function f
-- @tparam[opt] int c components (default 1)
-- @treturn Matrix N×c
function Grid:sample(f, c)
  self_of(self, "sample")
  if type(f) ~= "function" then argerr(1, "sample", "function expected, got %s", typename(f)) end
  if c ~= nil and (math.type(c) ~= "integer" or c < 1 or c > 4096) then
    argerr(2, "sample", "a number of components in 1..4096 expected, got %s", tostring(c))
  end
  return core.field_sample(self:points(), f, c or 1)
end

--- ∫u over the box for each column of u (N×c): wᵀu (1×c).
function Grid:integrate(u)
  self_of(self, "integrate")
  if not core.ismatrix(u) or u:rows() ~= self.N then
    argerr(1, "integrate", "a matrix of %d rows expected, got %s", self.N, typename(u))
  end
  return self:weights():T() * u
end

--- The derivative along one axis on that axis's points (n_a×n_a).
function Grid:derivative(axis)
  self_of(self, "derivative")
  if math.type(axis) ~= "integer" or axis < 1 or axis > self.spec.dim then
    argerr(1, "derivative", "axis in 1..%d expected, got %s", self.spec.dim, tostring(axis))
  end
  return core.field_derivative(self.spec, axis)
end

--- The permutation matrix (N×N) that shifts fields by `cells` along an
-- axis of a periodic grid: (P u)(x) = u(x − cells·h e_axis).
function Grid:shift(axis, cells)
  self_of(self, "shift")
  if not self.spec.periodic then options.raise("shift: the grid is not periodic") end
  if math.type(axis) ~= "integer" or axis < 1 or axis > self.spec.dim then
    argerr(1, "shift", "axis in 1..%d expected, got %s", self.spec.dim, tostring(axis))
  end
  if math.type(cells) ~= "integer" then
    argerr(2, "shift", "an integer number of cells expected, got %s", tostring(cells))
  end
  if self.N > 16384 then options.raise("shift: a dense %d x %d permutation is too large", self.N, self.N) end
  return core.field_shift(self.spec, axis, cells)
end

function Grid:__tostring()
  local s = self_of(self, "tostring").spec
  local axes = {}
  for a = 1, s.dim do
    axes[a] = ("%d points on [%.4g, %.4g]"):format(s["n" .. a], s["lo" .. a], s["hi" .. a])
  end
  return ("Grid (%s): %s%s"):format(s.periodic and "periodic, spectral" or
    ("closed, finite differences of order %d"):format(s.order), table.concat(axes, " x "),
    (s.periodic and s.nyquist == "zero") and ", Nyquist mode zeroed" or "")
end

--- The C description of a candidate's fields on the grid's R^dim, and
-- the fiber matrices of an action on the field values (nil: scalar
-- fields); names fname in errors.
function field.field_spec(grid, algebra, act, key, fname)
  fname = type(fname) == "string" and fname or "field_spec"
  if not field.is_grid(grid) then argerr(1, fname, "grid expected, got %s", typename(grid)) end
  if algebra == nil then argerr(2, fname, "LieAlgebra or vector_fields expected, got nil") end
  key = type(key) == "string" and key or "action"
  local spec, err = fields.spec(algebra, grid.spec.dim)
  if not spec then argerr(2, fname, "%s", err) end
  local q = algebra:dim()
  local c, fiber = 1, nil
  if act ~= nil then
    if not action.is_action(act) then
      opterr(key, fname, "an Action expected, got %s", typename(act))
    end
    if act.G.algebra:dim() ~= q then
      opterr(key, fname, "the action has %d algebra generators, the algebra %d",
             act.G.algebra:dim(), q)
    end
    c, fiber = act:dim(), {}
    for i = 1, q do fiber[i] = act:drho(i) end
  end
  return spec, c, fiber, q
end

--- The algebra's vector fields as derivative operators on sampled fields:
-- for generator ξ, D_ξ u = Du·v_ξ − dρ(ξ)u (the fiber term with
-- `action`), one matrix per generator, (c·N)×(c·N), a field stacked as
-- its components' values.
-- @tparam Grid grid
-- @tparam LieAlgebra|FieldAlgebra algebra acting on R^dim
-- @tparam[opt] table opts {action = an Action of the algebra on the field
-- values (its dimension c)}
-- @treturn {Matrix,...}
function field.generators(grid, algebra, opts)
  if not field.is_grid(grid) then argerr(1, "generators", "grid expected, got %s", typename(grid)) end
  opts = options.check(opts, 3, "generators", {"action"})
  local spec, c, fiber = field.field_spec(grid, algebra, rawget(opts, "action"), "action", "generators")
  if (c * grid.N) ^ 2 * 8 > core.memory_limit() then
    options.raise("generators: %d dense %dx%d matrices exceed the memory limit", algebra:dim(),
                  c * grid.N, c * grid.N)
  end
  spec.c, spec.fiber = c, fiber
  return core.field_generators(grid.spec, spec)
end

--- The convolution by a field c on a periodic grid, as the N×N matrix
-- K[p, r] = c[p − r] (the difference per axis, modulo the grid): (Ku)(x) =
-- Σ_y c(x − y) u(y), a translation-equivariant operator (the quadrature
-- weight is c's to carry).
-- @tparam Grid grid periodic
-- @tparam Matrix c N values (the kernel at the differences x_p − x_1)
-- @treturn Matrix K
function field.convolution(grid, c)
  if not field.is_grid(grid) then argerr(1, "convolution", "grid expected, got %s", typename(grid)) end
  if not grid.spec.periodic then options.raise("convolution: the grid is not periodic") end
  if not core.ismatrix(c) or c:rows() * c:cols() ~= grid.N then
    argerr(2, "convolution", "a field of %d values expected, got %s", grid.N, typename(c))
  end
  if grid.N > 16384 then
    options.raise("convolution: a dense %d x %d matrix is too large", grid.N, grid.N)
  end
  return core.field_convolution(grid.spec, c)
end

--- The translations of the grid's axes, as an algebra on R^dim.
function field.translations(grid)
  if not field.is_grid(grid) then argerr(1, "translations", "grid expected, got %s", typename(grid)) end
  return lie.t(grid.spec.dim)
end

return field
