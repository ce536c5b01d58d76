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

-- the total degree of a monomial named like "x1^2*x3" (B:names())
local function degree(name)
  if name == "1" then return 0 end
  local d = 0
  for factor in name:gmatch("[^*]+") do d = d + (tonumber(factor:match("%^(%d+)$")) or 1) end
  return d
end

-- monomial indices, highest degree first
local function descending(names)
  local idx = {}
  for j = 1, #names do idx[j] = j end
  table.sort(idx, function(a, b)
    local da, db = degree(names[a]), degree(names[b])
    if da ~= db then return da > db end
    return a < b
  end)
  return idx
end

-- the basis vectors (columns of Q) in reduced row-echelon form, pivots
-- taken in `order` (an entry below 1% of the largest left is no pivot:
-- noise); each returned vector is a Lua list
local function rref(Q, order)
  local rows, big = {}, 0
  for i = 1, Q:cols() do
    rows[i] = {}
    for j = 1, Q:rows() do
      rows[i][j] = Q:get(j, i)
      big = math.max(big, math.abs(rows[i][j]))
    end
  end
  local r = 1
  for _, c in ipairs(order) do
    if r > #rows then break end
    local p = r
    for i = r + 1, #rows do
      if math.abs(rows[i][c]) > math.abs(rows[p][c]) then p = i end
    end
    if math.abs(rows[p][c]) > 1e-2 * big then
      rows[r], rows[p] = rows[p], rows[r]
      local pivot = rows[r][c]
      for j = 1, #rows[r] do rows[r][j] = rows[r][j] / pivot end
      for i = 1, #rows do
        local f = rows[i][c]
        if i ~= r and f ~= 0 then
          for j = 1, #rows[i] do rows[i][j] = rows[i][j] - f * rows[r][j] end
        end
      end
      r = r + 1
      big = 0
      for i = r, #rows do
        for j = 1, #rows[i] do big = math.max(big, math.abs(rows[i][j])) end
      end
    end
  end
  return rows
end

-- "x1^2 + x2^2 - 1" from coefficients c[j] of the monomials names[j]
local function poly_string(c, names)
  local s = ""
  for _, j in ipairs(descending(names)) do
    local v = c[j]
    if math.abs(v) > 1e-9 then
      local coef = ("%.4g"):format(math.abs(v))
      local term = (names[j] == "1") and coef
                   or (coef == "1" and names[j] or coef .. "*" .. names[j])
      if s == "" then s = (v < 0 and "-" or "") .. term
      else s = s .. (v < 0 and " - " or " + ") .. term end
    end
  end
  return s == "" and "0" or s
end

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

-- the generators found, as a basis in reduced row-echelon form (entries
-- row by row as pivots), so that they read cleanly
local function readable(h)
  local gens = h:generators()
  if #gens == 0 then return {} end
  local n = gens[1]:rows()
  local cols, order = {}, {}
  for i, G in ipairs(gens) do cols[i] = G:T():reshape(n * n, 1) end
  for j = 1, n * n do order[j] = j end
  local out = {}
  for i, v in ipairs(rref(ls.hcat(cols), order)) do
    local M = ls.zeros(n, n)
    for a = 1, n do for b = 1, n do M:set(a, b, v[(a - 1) * n + b]) end end
    out[i] = M
  end
  return out
end

-- N points, one per row, from a function of the generator
local function points(N, f)
  local rows = {}
  for i = 1, N do rows[i] = f() end
  return ls.matrix(rows)
end

local function report(title, X, candidate, name, opts)
  local h, eq = ls.discover_manifold(X, candidate, opts)
  print(("%s (%d points):"):format(title, X:rows()))
  local rows = rref(eq.coefficients, descending(eq.names))
  for _, c in ipairs(rows) do print(("  equation  %s = 0"):format(poly_string(c, eq.names))) end
  print(("  symmetries in %s: dim %d (gap %.2g)"):format(name, h:dim(), h:spectrum().gap))
  for i, A in ipairs(readable(h)) do print(("    A%d = %s"):format(i, mat_string(A))) end
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
