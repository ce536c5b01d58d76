-- The recovery experiment of Otto, Zolman, Kutz & Brunton (arXiv 2311.00212;
-- ../shared/reference/README.md), function class `ortho`: F(x) = φ(Uᵀx),
-- U m×r orthonormal, φ a random polynomial of degree d in r variables
-- (coefficients uniform in [0,1), constant included), library poly(m, d);
-- or `quad`: F(x) = φ(‖x − c_1‖², …, ‖x − c_r‖²), centers uniform in
-- [−1,1]^m, library poly(m, 2d);
-- regulariser on its own N_s uniform points (t(m): C(m+d−1, d−1) + 1;
-- se(m): C(m+d, d) + 1), success at relative l∞ error < 5e-3, binary search
-- over nested training sets between 1 and n_lib + 1.
--
--   usage: lua5.4 bench/recovery.lua [--alg t|se] [--class ortho|quad]
--                                    [--d 2] [--m 5,10] [--r 1,2,3]
--                                    [--seeds 0-9] [--jobs N] [--out file.csv]
--                                    [--tol 1e-5] [--max-iter 2500] [--verbose]
--                                    [--method auto|admm|newton] [--newton-after 100]
--                                    [--grid reference.csv]
-- --grid takes the (d, m, r) cells of a results file (the reference grid)
-- instead of --d/--m/--r. The wall time goes to stderr at the end.
-- Writes CSV with the authors' columns: m,r,d,seed,n_recover,n_lib,dt,tot_iters.
local ls = require "liesym"
local problem = require "bench.recovery_problem"

local THRESH = 5e-3
local MAX_SEARCH = 15
-- the authors capped SCS at 2500 iterations per solve; a solve that has
-- not converged by then is judged on its last iterate, as theirs was.
-- SCS stops at relative residuals 1e-4 by default; we stop at 1e-5.
local MAX_ITER, TOL = 2500, 1e-5

local function parse_list(s)
  local out = {}
  for part in s:gmatch("[^,]+") do
    local a, b = part:match("^(%d+)%-(%d+)$")
    if a then
      for v = tonumber(a), tonumber(b) do out[#out + 1] = v end
    else
      out[#out + 1] = tonumber(part)
    end
  end
  return out
end

local opts = {alg = "t", class = "ortho", d = {2}, m = {5}, r = {1, 2, 3},
              seeds = parse_list("0-9"), jobs = 1, out = nil}
local i = 1
while i <= #arg do
  local k, v = arg[i], arg[i + 1]
  if k == "--alg" then opts.alg = v
  elseif k == "--class" then opts.class = v
  elseif k == "--d" then opts.d = parse_list(v)
  elseif k == "--m" then opts.m = parse_list(v)
  elseif k == "--r" then opts.r = parse_list(v)
  elseif k == "--seeds" then opts.seeds = parse_list(v)
  elseif k == "--jobs" then opts.jobs = tonumber(v)
  elseif k == "--out" then opts.out = v
  elseif k == "--tol" then TOL = tonumber(v)
  elseif k == "--max-iter" then MAX_ITER = tonumber(v)
  elseif k == "--alpha" then opts.alpha = tonumber(v)
  elseif k == "--method" then opts.method = v
  elseif k == "--newton-after" then opts.newton_after = tonumber(v)
  elseif k == "--worker" then opts.worker = true; i = i - 1
  elseif k == "--verbose" then opts.verbose = true; i = i - 1
  elseif k == "--grid" then opts.grid = v
  else error("unknown option " .. tostring(k)) end
  if opts.class ~= "ortho" and opts.class ~= "quad" then error("--class: ortho or quad") end
  i = i + 2
end

-- one instance: returns n_recover, n_lib, seconds, iterations
local function instance(alg, m, r, d, seed)
  local P = problem(alg, opts.class, m, r, d, seed)
  local op, pool, Ypool, Wtrue, k = P.op, P.pool, P.Y, P.Wtrue, P.k
  local t0, iters = ls.clock(), 0
  local function success(N)
    local W, info = ls.promote(op, pool:sub(1, N, 1, m), Ypool:sub(1, N, 1, 1),
                               {mode = "exact", tol = TOL, max_iter = MAX_ITER,
                                alpha = opts.alpha, method = opts.method,
                                newton_after = opts.newton_after})
    iters = iters + info.iterations
    local err = (W - Wtrue):abs():max() / Wtrue:abs():max()
    if opts.verbose then  -- one line per solve, on stderr
      io.stderr:write(("m=%d r=%d d=%d seed=%d N=%d: %d iterations%s, %.2f s, error %.3g\n")
                      :format(m, r, d, seed, N, info.iterations, info.converged and "" or " (cap)",
                              info.time, err))
    end
    return err < THRESH
  end
  local low, high, best = 1, k + 1, k + 1
  for _ = 1, MAX_SEARCH do
    local N = (low + high) // 2
    if high - low <= 1 or N == high or N == low then break end
    if success(N) then high = N; best = N else low = N end
  end
  return best, k, ls.clock() - t0, iters
end

local cells = {}
if opts.grid then  -- the distinct (d, m, r) of a CSV with the authors' columns
  local seen, list = {}, {}
  local f = assert(io.open(opts.grid))
  f:read("l")
  for line in f:lines() do
    local m, r, d = line:match("^(%d+),(%d+),(%d+),")
    local key = m and (d .. ":" .. m .. ":" .. r)
    if key and not seen[key] then
      seen[key] = true
      list[#list + 1] = {tonumber(m), tonumber(r), tonumber(d)}
    end
  end
  f:close()
  table.sort(list, function(a, b)
    if a[3] ~= b[3] then return a[3] < b[3] end
    if a[1] ~= b[1] then return a[1] < b[1] end
    return a[2] < b[2]
  end)
  for _, c in ipairs(list) do
    for _, s in ipairs(opts.seeds) do cells[#cells + 1] = {c[1], c[2], c[3], s} end
  end
else
  for _, d in ipairs(opts.d) do
    for _, m in ipairs(opts.m) do
      for _, r in ipairs(opts.r) do
        for _, s in ipairs(opts.seeds) do cells[#cells + 1] = {m, r, d, s} end
      end
    end
  end
end
local wall0 = os.time()

local function run(list, out)
  for _, c in ipairs(list) do
    local n, k, dt, it = instance(opts.alg, c[1], c[2], c[3], c[4])
    out:write(("%d,%d,%d,%d,%d,%d,%.6f,%d\n"):format(c[1], c[2], c[3], c[4], n, k, dt, it))
    out:flush()
  end
end

local out = opts.out and assert(io.open(opts.out, "w")) or io.stdout
if not opts.worker then out:write("m,r,d,seed,n_recover,n_lib,dt,tot_iters\n") end
if opts.jobs <= 1 then
  run(cells, out)
else
  -- round-robin the cells over worker processes; each prints CSV rows
  local procs = {}
  for j = 1, opts.jobs do
    local mine = {}
    for idx = j, #cells, opts.jobs do mine[#mine + 1] = cells[idx] end
    local seeds = {}
    for _, c in ipairs(mine) do
      seeds[#seeds + 1] = ("--m %d --r %d --d %d --seeds %d"):format(c[1], c[2], c[3], c[4])
    end
    local script = {}
    for _, s in ipairs(seeds) do
      script[#script + 1] = ("OPENBLAS_NUM_THREADS=1 lua5.4 bench/recovery.lua --worker --alg %s"
                             .. " --class %s %s --tol %g --max-iter %d%s")
                            :format(opts.alg, opts.class, s, TOL, MAX_ITER,
                                    (opts.alpha and (" --alpha %g"):format(opts.alpha) or "")
                                    .. (opts.method and (" --method " .. opts.method) or "")
                                    .. (opts.newton_after and (" --newton-after %d"):format(opts.newton_after) or ""))
    end
    if #script > 0 then procs[#procs + 1] = io.popen(table.concat(script, "; "), "r") end
  end
  for _, p in ipairs(procs) do
    for line in p:lines() do out:write(line, "\n") end
    p:close()
  end
end
if out ~= io.stdout then out:close() end
if not opts.worker then
  io.stderr:write(("recovery: %d instances in %d s wall\n"):format(#cells, os.time() - wall0))
end
