-- Discover the symmetries of a data set: ls.discover_manifold.
--
-- Step 1 finds the polynomial equations (degree <= d) the points satisfy;
-- step 2 keeps the candidate generators whose vector fields are tangent to
-- that set at every point.  Printed: the equations (reduced row-echelon
-- form) and the generators found (the same form).
--   run from the checkout, after `make`:
--   LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' \
--     lua5.4 examples/discover_manifold.lua
local ls = require "liesym"

-- "[[0, -1], [1, 0]]", entries rounded, -0 and rounding noise shown as 0
local function mat_string(M)
  local rows = {}
  for i = 1, M:rows() do
    local r = {}
    for j = 1, M:cols() do
      local v = M:get(i, j)
      r[j] = math.abs(v) < 1e-9 and "0" or ("%.4g"):format(v)
    end
    rows[i] = "[" .. table.concat(r, ", ") .. "]"
  end
  return "[" .. table.concat(rows, ", ") .. "]"
end

local function points(N, f)
  local rows = {}
  for i = 1, N do rows[i] = f() end
  return ls.matrix(rows)
end

local function report(title, X, candidate, name, opts)
  local h, eq = ls.discover_manifold(X, candidate, opts)
  print(("%s (%d points):"):format(title, X:rows()))
  local B = ls.basis.poly(X:cols(), opts and opts.degree or 2)
  local E = ls.echelon(eq.coefficients, ls.basis.descending(B))
  for i = 1, E:cols() do print(("  equation  %s = 0"):format(ls.basis.format(B, E:col(i)))) end
  print(("  symmetries in %s: dim %d (gap %.2g)"):format(name, h:dim(), h:spectrum().gap))
  for i, A in ipairs(h:generators{echelon = true}) do print(("    A%d = %s"):format(i, mat_string(A))) end
  return h
end

local rng = ls.rng(3)
local function angle() return 2 * math.pi * rng:uniform() end

report("unit circle", points(30, function()
  local t = angle()
  return {math.cos(t), math.sin(t)}
end), ls.lie.gl(2), "gl(2)")

report("ellipse x1^2/4 + x2^2 = 1", points(30, function()
  local t = angle()
  return {2 * math.cos(t), math.sin(t)}
end), ls.lie.gl(2), "gl(2)")

report("unit sphere", points(60, function()
  local v = {rng:normal(), rng:normal(), rng:normal()}
  local r = math.sqrt(v[1] ^ 2 + v[2] ^ 2 + v[3] ^ 2)
  return {v[1] / r, v[2] / r, v[3] / r}
end), ls.lie.gl(3), "gl(3)")

-- a line through 0: every linear map that keeps its direction preserves
-- it, so 3 of gl(2)'s 4 dimensions (its equations: degree 1 is enough)
report("line x2 = 2 x1", points(20, function()
  local t = 2 * rng:uniform() - 1
  return {t, 2 * t}
end), ls.lie.gl(2), "gl(2)", {degree = 1})

-- noisy data: with the default thresholds (rtol = 1e-8) the noise hides
-- the equation; raise rtol (equations) and rtol_symmetry (tangency) to
-- the noise level
local noisy = points(100, function()
  local t = angle()
  return {math.cos(t) + 1e-3 * rng:normal(), math.sin(t) + 1e-3 * rng:normal()}
end)
local ok, err = pcall(ls.discover_manifold, noisy, ls.lie.gl(2))
print("noisy circle (noise 1e-3), default rtol: " .. (ok and "found" or tostring(err):gsub("^.-:%d+: ", "")))
report("noisy circle, rtol = rtol_symmetry = 1e-2", noisy, ls.lie.gl(2), "gl(2)",
       {rtol = 1e-2, rtol_symmetry = 1e-2})
