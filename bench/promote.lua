-- Benchmark of ls.promote (exact mode) against a generic SDP solver on the
-- same problems: cvxopt (bench/promote_cvxopt.py), for small sizes. Prints
-- a table: problem, our time and nuclear norm, cvxopt's, and the relative
-- difference of the two optima and of the two solutions.
--   usage: lua5.4 bench/promote.lua      (make bench-promote)
local ls = require "liesym"
local core = require "liesym.core"

local PYTHON = os.getenv("PYTHON") or "/usr/bin/python3"

-- a recovery problem of the paper's kind: F = c1 + c2 t + c3 t², t = uᵀx
local function problem(alg, m, N, seed)
  local rng = ls.rng(seed)
  local B = ls.basis.poly(m, 2)
  local u = ls.randn(m, 1, rng)
  u = u / u:norm()
  local c = {rng:uniform(), rng:uniform(), rng:uniform()}
  local g = (alg == "t") and ls.lie.t(m) or ls.lie.se(m)
  local Ns = core.poly_count(m, (alg == "t") and 1 or 2) + 1
  local Xs = ls.rand(Ns, m, rng) * 2 - 1
  local op = ls.lieder.model(B, g:orthonormal(), {points = Xs, weights = ls.ones(Ns, 1)})
  local X = ls.rand(N, m, rng) * 2 - 1
  local Y = (X * u):map(function(t) return c[1] + c[2] * t + c[3] * t * t end)
  return op, X, Y, B
end

local function write_problem(path, op, X, Y, B)
  local k = B:size()
  local cols, p = {}, nil
  for j = 1, k do
    local E = ls.zeros(1, k)
    E:set(j, 1)
    local Bj = op:matrix(E)
    p = Bj:rows()
    cols[j] = Bj:reshape(Bj:rows() * Bj:cols(), 1)
  end
  local M = ls.hcat(cols)
  local Phi = B:eval(X)
  local f = assert(io.open(path, "w"))
  f:write(("%d %d %d %d\n"):format(p, M:rows() // p, k, X:rows()))
  for _, A in ipairs{M, Phi, Y} do
    for i = 1, A:rows() do
      local row = {}
      for j = 1, A:cols() do row[j] = ("%.17g"):format(A:get(i, j)) end
      f:write(table.concat(row, " "), "\n")
    end
  end
  f:close()
end

local cases = {{"t", 5, 12}, {"t", 8, 25}, {"t", 10, 40}, {"t", 15, 70}, {"t", 20, 110},
               {"se", 4, 10}, {"se", 6, 20}, {"se", 8, 30}}
print(("%-12s %5s | %10s %12s | %10s %12s | %9s %9s")
      :format("problem", "k", "liesym (s)", "||B||_*", "cvxopt (s)", "||B||_*", "d(obj)", "d(theta)"))
for _, case in ipairs(cases) do
  local op, X, Y, B = problem(case[1], case[2], case[3], 42)
  local W, info
  local best = math.huge
  for _ = 1, 3 do
    local t0 = ls.clock()
    W, info = ls.promote(op, X, Y, {mode = "exact", tol = 1e-9, max_iter = 50000})
    best = math.min(best, ls.clock() - t0)
  end
  local ours = op:matrix(W):norm("nuc")
  local path = os.tmpname()
  write_problem(path, op, X, Y, B)
  local pipe = io.popen(PYTHON .. " bench/promote_cvxopt.py " .. path)
  local out = pipe:read("a")
  pipe:close()
  os.remove(path)
  local fields = {}
  for v in out:gmatch("%S+") do fields[#fields + 1] = tonumber(v) end
  local theirs_t, theirs_obj = fields[1], fields[2]
  local dtheta = 0
  for j = 1, B:size() do
    dtheta = math.max(dtheta, math.abs(W:get(1, j) - (fields[2 + j] or 0 / 0)))
  end
  print(("%-12s %5d | %10.4f %12.8f | %10.4f %12.8f | %9.1e %9.1e")
        :format(("%s(%d), N=%d"):format(case[1], case[2], case[3]), B:size(), best, ours,
                theirs_t or 0 / 0, theirs_obj or 0 / 0,
                theirs_obj and math.abs(ours - theirs_obj) / theirs_obj or 0 / 0,
                dtheta / W:abs():max()))
  assert(info.converged, "liesym did not converge")
end
