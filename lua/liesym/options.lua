--- Checked arguments and options for the Lua layer: every public function
-- refuses an unknown option key and a value of the wrong type with an
-- error that names the function and the key, raised at the user's line
-- (`core._raise` skips the frames of liesym's own modules).
--
-- @module liesym.options

local core = require "liesym.core"

local options = {}

--- Raise a formatted error at the user's line.
function options.raise(fmt, ...)
  core._raise(select("#", ...) > 0 and fmt:format(...) or fmt)
end
local raise = options.raise

--- The type of a value as errors show it (userdata by their type name).
function options.typename(v)
  local mt = getmetatable(v)
  if type(mt) == "table" and type(rawget(mt, "__name")) == "string" then
    return rawget(mt, "__name")
  end
  return type(v)
end
local typename = options.typename

--- opts must be nil or a table whose keys are all in `known`; returns
-- opts or an empty table.
-- @tparam any opts
-- @tparam int arg the argument's position, for the message
-- @tparam string fname the public function
-- @tparam {string,...} known
function options.check(opts, arg, fname, known)
  core._checkkeys(opts, arg, fname, known)
  return opts or {}
end

--- "bad argument #arg to 'fname' (msg)".
function options.argerr(arg, fname, fmt, ...)
  raise("bad argument #%d to '%s' (%s)", arg, fname, fmt:format(...))
end

--- "bad option 'key' to 'fname' (msg)".
function options.opterr(key, fname, fmt, ...)
  raise("bad option '%s' to '%s' (%s)", key, fname, fmt:format(...))
end
local opterr = options.opterr

--- A number option in [lo, hi] (default def when absent).
function options.number(opts, key, fname, def, lo, hi)
  local v = rawget(opts, key)
  if v == nil then return def end
  if type(v) ~= "number" or v ~= v or (lo and v < lo) or (hi and v > hi) then
    opterr(key, fname, "a number in [%s, %s] expected, got %s", tostring(lo or "-inf"),
           tostring(hi or "inf"), type(v) == "number" and tostring(v) or typename(v))
  end
  return v
end

--- An integer option in [lo, hi].
function options.integer(opts, key, fname, def, lo, hi)
  local v = rawget(opts, key)
  if v == nil then return def end
  if math.type(v) ~= "integer" and not (type(v) == "number" and v == math.floor(v)
                                          and v > -2^53 and v < 2^53) then
    opterr(key, fname, "an integer expected, got %s", type(v) == "number" and tostring(v)
           or typename(v))
  end
  v = math.tointeger(v)
  if (lo and v < lo) or (hi and v > hi) then
    opterr(key, fname, "an integer in [%s, %s] expected, got %d", tostring(lo or "-inf"),
           tostring(hi or "inf"), v)
  end
  return v
end

--- A boolean option.
function options.boolean(opts, key, fname, def)
  local v = rawget(opts, key)
  if v == nil then return def end
  if type(v) ~= "boolean" then opterr(key, fname, "boolean expected, got %s", typename(v)) end
  return v
end

--- A function option.
function options.func(opts, key, fname)
  local v = rawget(opts, key)
  if v ~= nil and type(v) ~= "function" then
    opterr(key, fname, "function expected, got %s", typename(v))
  end
  return v
end

--- One of the strings in `names`.
function options.enum(opts, key, fname, def, names)
  local v = rawget(opts, key)
  if v == nil then return def end
  for _, n in ipairs(names) do if v == n then return v end end
  opterr(key, fname, "one of \"%s\" expected, got %s", table.concat(names, "\", \""),
         type(v) == "string" and ("\"" .. v .. "\"") or typename(v))
end

--- A matrix option (rows and cols checked when given).
function options.matrix(opts, key, fname, rows, cols)
  local v = rawget(opts, key)
  if v == nil then return nil end
  if not core.ismatrix(v) then opterr(key, fname, "matrix expected, got %s", typename(v)) end
  if (rows and v:rows() ~= rows) or (cols and v:cols() ~= cols) then
    opterr(key, fname, "a %sx%s matrix expected, got %dx%d", tostring(rows or "N"),
           tostring(cols or "N"), v:rows(), v:cols())
  end
  return v
end

--- A list option (a table with entries 1..n and nothing else).
function options.list(opts, key, fname)
  local v = rawget(opts, key)
  if v == nil then return nil end
  if type(v) ~= "table" or getmetatable(v) ~= nil then
    opterr(key, fname, "a list expected, got %s", typename(v))
  end
  local n = #v
  for k in pairs(v) do
    if math.type(k) ~= "integer" or k < 1 or k > n then
      opterr(key, fname, "a list expected (key %s)", tostring(k))
    end
  end
  return v
end

--- The rank options shared by every decision: tol, rtol, rank, min_gap.
options.rank_keys = {"tol", "rtol", "rank", "min_gap"}

--- The nullspace solver's options (an operator's enforce): the method,
-- the rank decision, and the iterative method's block, maxit, max_time.
options.nullspace_keys = {"method", "tol", "rtol", "rank", "min_gap", "block", "maxit", "max_time"}

--- A copy of the entries of opts whose keys are in `keys`.
function options.pick(opts, keys)
  local out = {}
  for _, k in ipairs(keys) do out[k] = rawget(opts, k) end
  return out
end

--- The union of key lists.
function options.keys(...)
  local out = {}
  for _, list in ipairs{...} do
    for _, k in ipairs(list) do out[#out + 1] = k end
  end
  return out
end

return options
