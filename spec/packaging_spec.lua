-- Packaging: the rockspec installs a working module, the embedded C host
-- runs, and the rockspec names every C source.  These tests spawn other
-- programs (luarocks, make, the host), so they are tagged #external and
-- left out of the memory checks.

-- the repo root: this file is <root>/spec/packaging_spec.lua
local function repo_root ()
  local src = debug.getinfo(1, "S").source:gsub("^@", "")
  local dir = src:match("^(.*)/spec/[^/]*$") or "."
  if dir:sub(1, 1) ~= "/" then
    local pwd = assert(io.popen("pwd")):read("l")
    dir = (dir == ".") and pwd or (pwd .. "/" .. dir)
  end
  return dir
end

local ROOT = repo_root()
local LUA = "lua5.4"

local function quote (s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- run a shell command; return its output (stdout and stderr) and whether it
-- exited with status 0
local function run (cmd)
  local p = assert(io.popen("(" .. cmd .. ") 2>&1"))
  local out = p:read("a")
  local ok = p:close()
  return out, ok == true
end

local function mktemp ()
  local out, ok = run("mktemp -d")
  assert(ok, out)
  return (out:gsub("%s+$", ""))
end

local function rmtree (dir)
  -- only ever a folder made by mktemp above (tmp.XXXXXXXXXX)
  if dir and dir:match("/tmp%.[%w]+$") then
    os.execute("rm -rf " .. quote(dir))
  end
end

-- the first number after pattern (a Lua pattern ending where it starts)
local function number_after (text, pattern)
  local s = text:match(pattern .. "%s*([-+%d%.eE]+)")
  return s and tonumber(s)
end

-- make without the settings of a make that may be running these specs
local MAKE = "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make"


describe("packaging", function()
  it("#external luarocks make installs a module that works from anywhere",
     function()
    local build, tree, elsewhere = mktemp(), mktemp(), mktemp()
    finally(function()
      rmtree(build); rmtree(tree); rmtree(elsewhere)
    end)
    -- build from a copy so that luarocks leaves no objects in the checkout
    local out, ok = run(("cp -R %s %s %s %s %s"):format(
      quote(ROOT .. "/liesym-scm-1.rockspec"), quote(ROOT .. "/src"),
      quote(ROOT .. "/include"), quote(ROOT .. "/lua"), quote(build)))
    assert(ok, out)
    out, ok = run(("cd %s && luarocks --lua-version=5.4 make --tree=%s "
                   .. "liesym-scm-1.rockspec"):format(quote(build),
                                                      quote(tree)))
    assert(ok, "luarocks make failed:\n" .. out)

    local lpath = run(("luarocks --lua-version=5.4 --tree=%s path --lr-path")
                      :format(quote(tree))):gsub("%s+$", "")
    local cpath = run(("luarocks --lua-version=5.4 --tree=%s path --lr-cpath")
                      :format(quote(tree))):gsub("%s+$", "")
    local code = [[
local ls = require "liesym"
print("core", package.searchpath("liesym.core", package.cpath))
print("lua", package.searchpath("liesym", package.path))
local A = ls.matrix{{2, 1, 0}, {1, 3, 1}, {0, 1, 4}}
print(string.format("det %.15g", A:det()))
]]
    out, ok = run(("cd %s && LUA_PATH=%s LUA_CPATH=%s %s -e %s"):format(
      quote(elsewhere), quote(lpath), quote(cpath), LUA, quote(code)))
    assert(ok, out)
    -- both halves come from the tree, not from the checkout
    assert.are.equal(tree .. "/lib/lua/5.4/liesym/core.so",
                     out:match("core%s+(%S+)"))
    assert.are.equal(tree .. "/share/lua/5.4/liesym/init.lua",
                     out:match("lua%s+(%S+)"))
    -- det = 2 (3*4 - 1*1) - 1 (1*4 - 0) = 18
    assert.is_near(18, number_after(out, "det"), 1e-12)
    -- the C API's header is installed with the rock
    local rockdir = run(("luarocks --lua-version=5.4 --tree=%s show --rock-dir liesym")
                        :format(quote(tree))):gsub("%s+$", "")
    local h = io.open(rockdir .. "/include/liesym.h")
    assert.is_truthy(h, "no include/liesym.h in " .. rockdir)
    assert.is_truthy(h:read("a"):find("ls_fixed_space", 1, true))
    h:close()
  end)

  it("#external the embedded C host uses the C API, then Lua on its result", function()
    local out, ok = run(("%s -s -C %s embed-example"):format(MAKE,
                                                             quote(ROOT)))
    assert(ok, "make embed-example failed:\n" .. out)
    -- part 1, C alone: one SO(3)-equivariant map V x V -> V, the cross
    -- product, with |s| = 1/sqrt(6) for the unit basis vector
    assert.is_truthy(out:find("C: SO(3)-equivariant maps V x V -> V: dim 1", 1, true))
    assert.is_near(1 / math.sqrt(6), number_after(out, "with |s| ="), 1e-12)
    assert.is_true(number_after(out, "off by") < 1e-12)
    -- part 2, Lua on the Matrix the host passed in
    assert.is_true(number_after(out, "equivariant to") < 1e-12)
    assert.is_true(number_after(out, "|P w %- w| =") < 1e-12)
    -- R = expm of the generator of rotations about z, angle 0.5
    assert.is_near(1, number_after(out, "det%(R%) ="), 1e-12)
    assert.is_near(math.cos(0.5), number_after(out, "R%[1%]%[1%] ="), 1e-12)
    assert.is_true(number_after(out, "||R^T R %- I|| =") < 1e-12)
    -- {{3, 0}, {4, 5}}: s1^2 + s2^2 = 50 and s1 s2 = |det| = 15, so
    -- s1 = 3 sqrt(5), s2 = sqrt(5)
    local s1, s2 = out:match("singular values%s+(%S+)%s+(%S+)")
    assert.is_near(3 * math.sqrt(5), tonumber(s1), 1e-11)
    assert.is_near(math.sqrt(5), tonumber(s2), 1e-11)
    assert.is_true(number_after(out, "||U diag%(s%) V^T %- A|| =") < 1e-12)
  end)

  it("the README's C API snippet is the code the host compiles", function()
    local f = assert(io.open(ROOT .. "/README.md"))
    local readme = f:read("a")
    f:close()
    local section = assert(readme:match("\n## The C API\n(.-)\n## "))
    local snippet = assert(section:match("```c\n(.-)```"))
    f = assert(io.open(ROOT .. "/examples/embed/host.c"))
    local host = f:read("a")
    f:close()
    assert.is_truthy(host:find(snippet, 1, true), "README snippet not in host.c")
  end)

  it("#external the embedded host needs no files: it runs from any folder", function()
    local out, ok = run(("%s -s -C %s/examples/embed host"):format(MAKE, quote(ROOT)))
    assert(ok, "make host failed:\n" .. out)
    local elsewhere = mktemp()
    finally(function() rmtree(elsewhere) end)
    local code = "local ls = require 'liesym'; "
                 .. "print('invariants', ls.enforce(ls.action.T(4, 0, ls.group.S(5))):dim(), W:cols())"
    out, ok = run(("cd %s && env -u LUA_PATH -u LUA_CPATH %s %s"):format(
      quote(elsewhere), quote(ROOT .. "/examples/embed/host"), quote(code)))
    assert(ok, out)
    assert.are.equal(15, number_after(out, "invariants"))   -- B(4)
  end)

  it("#external the rockspec lists every src/**/*.c", function()
    local out, ok = run(("%s -s -C %s rockspec-check"):format(MAKE,
                                                              quote(ROOT)))
    assert(ok, "make rockspec-check failed:\n" .. out)
    assert.are.equal("", out)
  end)

  it("#external the rockspec check notices a missing source", function()
    local dir = mktemp()
    finally(function() rmtree(dir) end)
    local f = assert(io.open(ROOT .. "/liesym-scm-1.rockspec"))
    local text = f:read("a")
    f:close()
    local first = assert(text:match('"(src/[^"]+%.c)"'))
    local without, n = text:gsub('%s*"' .. first:gsub("%p", "%%%0")
                                 .. '",?', "", 1)
    assert.are.equal(1, n)
    f = assert(io.open(dir .. "/liesym.rockspec", "w"))
    f:write(without)
    f:close()
    local out, ok = run(("bash %s %s"):format(
      quote(ROOT .. "/tools/check-rockspec.sh"),
      quote(dir .. "/liesym.rockspec")))
    assert.is_false(ok)
    assert.truthy(out:find(first .. " is not in the sources", 1, true))
  end)
end)
