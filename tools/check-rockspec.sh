#!/usr/bin/env bash
# Check that liesym-scm-1.rockspec builds what `make` builds: every
# src/**/*.c is a source of liesym.core, every listed source exists, and
# every lua/liesym/**/*.lua is installed as a module.  Prints what is wrong
# and exits 1; silent with status 0 when the rockspec is complete.
#   usage: bash tools/check-rockspec.sh [rockspec]   (run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
rockspec=${1:-liesym-scm-1.rockspec}
LUA=${LUA:-lua5.4}

ROCKSPEC="$rockspec" "$LUA" -e '
local rockspec = os.getenv("ROCKSPEC")
local spec = {}
local chunk, err = loadfile(rockspec, "t", spec)
if not chunk then io.stderr:write(err, "\n"); os.exit(1) end
chunk()
local modules = spec.build and spec.build.modules or {}
local core = modules["liesym.core"]
local sources, installed = {}, {}
for _, s in ipairs(type(core) == "table" and core.sources or {}) do
  sources[s] = true
end
for name, m in pairs(modules) do
  if type(m) == "string" then installed[m] = name end
end

local problems = 0
local function problem (fmt, ...)
  problems = problems + 1
  io.stderr:write(rockspec, ": ", string.format(fmt, ...), "\n")
end

local present = {}
local find = io.popen("{ find src -name \"*.c\" -printf \"c %p\\n\"; " ..
  "find lua/liesym -name \"*.lua\" -printf \"lua %p\\n\"; } | sort")
for line in find:lines() do
  local kind, path = line:match("^(%S+) (.+)$")
  present[path] = true
  if kind == "c" and not sources[path] then
    problem("%s is not in the sources of liesym.core", path)
  elseif kind == "lua" and not installed[path] then
    problem("%s is not installed as a module", path)
  end
end
for path in pairs(sources) do
  if not present[path] then problem("source %s does not exist", path) end
end
for path, name in pairs(installed) do
  if not present[path] then
    problem("module %s: %s does not exist", name, path)
  end
end
if not find:close() then problem("could not list the source files") end
os.exit(problems == 0 and 0 or 1)
'
