-- The examples stay true: every examples/*.lua runs in a fresh lua5.4
-- process against this checkout (lua/ and build/), exits with status 0,
-- and prints the numbers it is known for.  These tests spawn processes, so
-- they are tagged #external and left out of the memory checks.

-- the repo root: this file is <root>/spec/examples_spec.lua
local function repo_root ()
  local src = debug.getinfo(1, "S").source:gsub("^@", "")
  local dir = src:match("^(.*)/spec/[^/]*$") or "."
  if dir:sub(1, 1) ~= "/" then
    local pwd = os.getenv("PWD") or assert(io.popen("pwd")):read("l")
    dir = (dir == ".") and pwd or (pwd .. "/" .. dir)
  end
  return dir
end

local ROOT = repo_root()

local function quote (s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- run examples/<name>: its output (stdout and stderr) and whether it exited 0
local function run_example (name)
  local env = ("LUA_PATH=%s LUA_CPATH=%s"):format(
    quote(ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;;"),
    quote(ROOT .. "/build/?.so;;"))
  local p = assert(io.popen(("cd %s && %s lua5.4 %s 2>&1")
                            :format(quote(ROOT), env, quote("examples/" .. name))))
  local out = p:read("a")
  return out, p:close() == true
end

-- the examples/*.lua files (examples/embed/ is a C host: make embed-example)
local function example_files ()
  local p = assert(io.popen("ls " .. quote(ROOT .. "/examples")))
  local names = {}
  for line in p:lines() do
    if line:match("%.lua$") then names[#names + 1] = line end
  end
  p:close()
  table.sort(names)
  return names
end

-- each line of `lines` must occur in the output, literally
local function expect_lines (out, lines)
  for _, line in ipairs(lines) do
    assert(out:find(line, 1, true), ("missing %q in the output:\n%s"):format(line, out))
  end
end

local function number_after (text, prefix)
  local s = text:match(prefix:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0") .. "%s*([-+%d%.eE]+)")
  return s and tonumber(s)
end

-- what each example must print, beyond exiting with status 0
local CHECKS = {
  ["fields.lua"] = function (out)
    expect_lines(out, {
      "translation-equivariant operators on a 32x32 periodic grid: dim 1024 of 1048576 (convolutions)",
      "symmetries of the promoted fit: dim 1 (translations)",
      "Laplacian: 3 symmetries in se(2)",
      "advection d/dx + 0.5 d/dy: 2 symmetries in se(2)",
    })
    local lsq, promoted = out:match("least squares error ([%d.e+-]+), promoted error ([%d.e+-]+)")
    assert(tonumber(lsq) > 0.5 and tonumber(promoted) < 1e-6, out)
  end,
  ["kernels.lua"] = function (out)
    expect_lines(out, {
      "translation-equivariant kernels of degree <= 2 on R x R: dim 3 of 6",
      "  k2 = x1 - x2", "  k3 = x1^2 - 2*x1*x2 + x2^2",
      "rotation-equivariant kernels of degree <= 2 on R^2 x R^2: dim 5 of 15",
      "  k3 = x1*x3 + x2*x4", "  k4 = x1*x4 - x2*x3",
      "dilation-equivariant polynomial kernels of degree <= 3: 0 with the density term, 1 without",
      "rotation-equivariant 2x2 kernels of degree <= 2 on R^2 x R^2: dim 16",
    })
  end,
  ["promote_path.lua"] = function (out)
    expect_lines(out, {"promote path: 20 gammas from", "(1se rule, relaxed fits)",
                       "rank of B(W) 2, symmetries kept: 1"})
    assert(number_after(out, "distance of the kept generator to the rotation about z:") < 1e-2)
  end,
  ["quickstart.lua"] = function (out)
    expect_lines(out, {
      "SO(3)-equivariant bilinear maps R^3 x R^3 -> R^3 (the cross product):",
      "rotation-invariant tensors of order 4: 3",
      "rotation-invariant tensors of order 6: 15",
      "Lorentz-invariant maps of rank-2 tensors (T(2,2) of SO+(1,3)): 4",
      "rotation-invariant tensors of order 8: 91 (method weights, 1107 unknowns of 6561",
      "S(10)-invariant 4-tensors: 15 (orbits, gap inf); S(1000)-equivariant maps V -> V: 2",
      "dim 84000 inside 2016400",
      "50 points on the unit sphere: 1 equation(s) of degree <= 2, symmetries in gl(3): dim 3",
      "all in so(3): true",
      "symmetries of x1^2 + x2^2 - x3^2 in gl(3): dim 3, all in so(2, 1): true",
      "SO(3)-invariant models: dim 3 of 35",
      "symmetries kept: 6 of se(4)'s 10",
    })
    local fixes = out:match("fixes u.x: max |u^T A|, |u.b| = ([%d.e+-]+)")
    assert.is_true(tonumber(fixes) < 1e-6, out)
    local lsq, promoted = out:match("least squares ([%d.e+-]+), symmetry promoted ([%d.e+-]+)")
    assert.is_true(tonumber(lsq) > 1e-2 and tonumber(promoted) < 1e-5, out)
    local free, sym = out:match("unconstrained ([%d.]+), rotation invariance enforced ([%d.]+)")
    assert(free and sym, out)
    assert(tonumber(sym) < 0.05 and tonumber(sym) < tonumber(free) / 3, out)
    -- without gamma: the cross-validated path keeps exactly the rotations about z
    expect_lines(out, {"promote without gamma: cross-validation: 5 folds, 1se rule",
                       "rank of B(W) 2: symmetries kept 1 of so(3)'s 3"})
  end,

  ["invariant_polynomials.lua"] = function (out)
    expect_lines(out, {
      "SO(2)-invariant polynomials on R^2 of degree <= 4: dim 3 of 15 polynomials",
      "  p1 = 1",
      "  p2 = x1^2 + x2^2",
      "  p3 = x1^4 + 2*x1^2*x2^2 + x2^4",
      "SO(3)-invariant polynomials on R^3 of degree <= 4: dim 3 of 35 polynomials",
      "  p2 = x1^2 + x2^2 + x3^2",
      "sampled mode (60 points): dim 3",
      "D4-invariant polynomials (symmetries of the square) of degree <= 4: dim 4 of 15 polynomials",
      "x1^2*x2^2",
      "x1^4 + x2^4",
    })
    assert(number_after(out, "|P_sampled Q_exact - Q_exact| =") < 1e-10, out)
  end,

  ["equivariant_vector_fields.lua"] = function (out)
    expect_lines(out, {
      "SO(2)-equivariant vector fields on R^2 of degree <= 3: dim 4 of 20 fields",
      "f1 = (-x2, x1)",
      "f2 = (x1, x2)",
      "O(2)-equivariant vector fields on R^2 of degree <= 3: dim 2 of 20 fields",
      "SO(3)-equivariant vector fields on R^3 of degree <= 3: dim 2 of 60 fields",
      "f1 = (x1, x2, x3)",
    })
    assert(number_after(out, "|F(R x) - R F(x)| =") < 1e-12, out)
  end,

  ["discover_dynamics.lua"] = function (out)
    expect_lines(out, {
      "harmonic oscillator x1' = x2, x2' = -x1: 2 symmetries in gl(2)",
      "A2 = [[0, 1], [-1, 0]]",
      "x' = diag(1, 2) x: 2 symmetries in gl(2)",
      "Lorenz: 0 symmetries in gl(3)",
      "Z2 (x, y, z) -> (-x, -y, z): 14 of 30 quadratic fields commute with it; Lorenz off that subspace by 0\n",
      "Z2 (x, y, z) -> (x, y, -z): 17 of 30 quadratic fields",
      "x' = |x|^2 x: 3 symmetries in gl(3)",
    })
    local off = out:match("%(x, y, %-z%): 17 of 30 quadratic fields commute with it; "
                          .. "Lorenz off that subspace by ([%d.e+-]+)")
    assert(tonumber(off) > 1e-3, out)
  end,

  ["discover_manifold.lua"] = function (out)
    expect_lines(out, {
      "unit circle (30 points):\n  equation  x1^2 + x2^2 - 1 = 0\n  symmetries in gl(2): dim 1",
      "A1 = [[0, 1], [-1, 0]]",
      "equation  x1^2 + 4*x2^2 - 4 = 0\n  symmetries in gl(2): dim 1",
      "A1 = [[0, 1], [-0.25, 0]]",
      "equation  x1^2 + x2^2 + x3^2 - 1 = 0\n  symmetries in gl(3): dim 3",
      "equation  x1 - 0.5*x2 = 0\n  symmetries in gl(2): dim 3",
      "noisy circle (noise 1e-3), default rtol: discover_manifold: the data satisfy no polynomial equation",
      "noisy circle, rtol = rtol_symmetry = 1e-2 (100 points):",
    })
    assert(out:match("rtol_symmetry = 1e%-2 %(100 points%):\n[^\n]*\n  symmetries in gl%(2%): dim 1"), out)
  end,

  ["sindy.lua"] = function (out)
    expect_lines(out, {
      "damped oscillator:\n  x1' = -0.1 x1 - x2\n  x2' = x1 - 0.1 x2",
      "symmetries in gl(2): dim 2",
      "with so(2) enforced: x1' = -0.1 x1 - x2, x2' = x1 - 0.1 x2",
      "undamped oscillator: 3 conserved quantities of degree <= 4",
      "  x1^4 + 2*x1^2*x2^2 + x2^4\n  x1^2 + x2^2\n  1",
    })
    -- Lorenz: the support exact, the coefficients near the truth
    local a, b = out:match("x1' = %-(%S+) x1 %+ (%S+) x2\n")
    assert(a and math.abs(tonumber(a) - 10) < 0.05 and math.abs(tonumber(b) - 10) < 0.05, out)
    assert(out:match("x2' = [%d.]+ x1 %- [%d.]+ x2 %- [%d. ]*x1%*x3\n"), out)
    assert(out:match("x3' = %-[%d.]+ x3 %+ [%d. ]*x1%*x2\n"), out)
    assert(number_after(out, "R^2 of the derivatives:") > 0.999, out)
    assert(number_after(out, "with the Z2 enforced: |f(g x) - g f(x)| =") < 1e-10, out)
    assert(number_after(out, "simulated to t = 10: error") < 1e-6, out)
  end,

  ["sindy_promote.lua"] = function (out)
    expect_lines(out, {"plain STLSQ:   x1' = -0.101 x1 - 0.999 x2, x2' = 0.999 x1 - 0.101 x2",
                       "symmetries found: dim 2",
                       "A1 = [[1.000, 0.000], [-0.000, 1.000]]",
                       "conserve x1^2 + x2^2: x1' = -0.999 x2, x2' = 0.999 x1",
                       "divergence free:      x1' = -0.999 x2, x2' = 0.999 x1"})
    -- the second generator is near the rotation J
    local a, b = out:match("A2 = %[%[([-%d.]+), 1.000%], %[([-%d.]+),")
    assert(a and math.abs(tonumber(a)) < 0.05 and math.abs(tonumber(b) + 1) < 0.05, out)
    assert(number_after(out, "symmetries found: dim 2, gap") > 1e3, out)
    assert(out:find("SR3:           x1' = %-0%.1%d* x1 %- 0%.99%d* x2"), out)
  end,

  ["nets.lua"] = function (out)
    assert(out:find("Net: equivariant MLP 20 ", 1, true), out)
    local b4, af = out:match("equivariance error ([%d.e+-]+) before, ([%d.e+-]+) after")
    assert(b4 and tonumber(b4) < 1e-12 and tonumber(af) < 1e-12, out)
    local dim, z = out:match("keeps dim (%d+), along %([-%d.]+, [-%d.]+, ([-%d.]+)%)")
    assert(dim == "1" and math.abs(tonumber(z)) > 0.99, out)
    local d2, ratio = out:match("after the snap: discover keeps dim (%d+), its smallest value ([%d.e+-]+)")
    assert(d2 == "1" and tonumber(ratio) < 1e-12, out)
  end,

  ["fit_with_symmetry.lua"] = function (out)
    expect_lines(out, {
      "model: polynomials of degree <= 4 on R^3, 35 coefficients; SO(3)-invariant: 3",
    })
    local rows = 0
    for n, free, sym in out:gmatch("\n%s*(%d+) |%s*([%d.]+) |%s*([%d.]+)") do
      rows = rows + 1
      free, sym = tonumber(free), tonumber(sym)
      assert(sym < 0.05, out)
      if tonumber(n) < 35 then  -- fewer samples than coefficients
        assert(sym < free / 5, out)
      else
        assert(sym < free, out)
      end
    end
    assert(rows == 3, out)
  end,
}

describe("examples", function()
  local files = example_files()

  it("#external are all checked here", function()
    assert.is_true(#files >= 6)
    for _, name in ipairs(files) do
      assert(CHECKS[name], "examples/" .. name .. " has no entry in spec/examples_spec.lua")
    end
  end)

  for _, name in ipairs(files) do
    it("#external examples/" .. name .. " runs and prints what it shows", function()
      local out, ok = run_example(name)
      assert(ok, "examples/" .. name .. " failed:\n" .. out)
      if CHECKS[name] then CHECKS[name](out) end
    end)
  end
end)
