--- Initial-value problems x' = f(t, x): `ls.ode.solve`.
--
-- The integrators run in C (src/core/ode.c): the adaptive Dormand–Prince
-- 5(4) pair with its 4th-order dense output (the default), and classical
-- fixed-step RK4. The right side is a Lua function, or a model fitted by
-- `ls.sindy.fit`, which on a built-in basis is evaluated in C with no Lua
-- per step.
--
--     local X = ls.ode.solve(function(t, x) return {x:get(2, 1), -x:get(1, 1)} end,
--                            {1, 0}, {0, 10, 101})
--
-- @module liesym.ode

local core = require "liesym.core"
local options = require "liesym.options"

local ode = {}

local argerr, typename = options.argerr, options.typename

-- a list of numbers or a vector as a column Matrix
local function column(v, arg, what)
  if core.ismatrix(v) then
    if v:rows() ~= 1 and v:cols() ~= 1 then
      argerr(arg, "ode.solve", "%s: a vector expected, got a %dx%d matrix", what, v:shape())
    end
    return v:reshape(v:rows() * v:cols(), 1)
  end
  if type(v) == "table" and getmetatable(v) == nil and #v > 0 then
    for i = 1, #v do
      if type(v[i]) ~= "number" then argerr(arg, "ode.solve", "%s: entry %d is not a number", what, i) end
    end
    return core.vector(v)
  end
  argerr(arg, "ode.solve", "%s: a vector or a list of numbers expected, got %s", what, typename(v))
end

--- The output times from `{t0, t1, n}` (n equally spaced times) or a
-- vector of times.
local function times(t)
  if type(t) == "table" and getmetatable(t) == nil and #t == 3 and math.type(t[3]) == "integer" then
    if type(t[1]) ~= "number" or type(t[2]) ~= "number" or t[3] < 1 then
      argerr(3, "ode.solve", "{t0, t1, n} with numbers t0 ~= t1 and n >= 1 expected")
    end
    return core.linspace(t[1], t[2], t[3])
  end
  return column(t, 3, "times")
end

--- Solve x' = f(t, x), x(t[1]) = x0.
-- @tparam function|Model f `f(t, x)` (x an m×1 Matrix) returning a Matrix
-- or a list of m numbers, or a fitted model (`ls.sindy.fit`)
-- @tparam Matrix|{number,...} x0 the initial state
-- @tparam Matrix|table t the output times: a vector (strictly increasing
-- or decreasing), or `{t0, t1, n}`
-- @tparam[opt] table opts `method = "dopri5"` (default) or `"rk4"`; `rtol`,
-- `atol` (DOPRI5's local error per step, default 1e-8 and 1e-10), `h0`
-- (its first step, default chosen from f), `hmax` (the largest step; for
-- RK4 the step, default one per output interval), `max_steps` (default
-- 10⁷), `max_time` (seconds of wall clock: an error past it, naming the
-- time reached)
-- @treturn Matrix the trajectory, one row per time (nt×m)
-- @treturn table info: `steps`, `rejected`, `evaluations`, `method`
function ode.solve(f, x0, t, opts)
  local x = column(x0, 2, "x0")
  local tt = times(t)
  if type(f) == "table" and type(f.rhs_spec) == "function" then
    local b, W = f:rhs_spec()
    if b then return core.ode_solve(nil, x, tt, opts, b, W) end
    local rhs = f:rhs_function()
    return core.ode_solve(rhs, x, tt, opts)
  end
  return core.ode_solve(f, x, tt, opts)
end

return ode
