-- The README's REPL snippets, run as the lua5.4 REPL would run them and
-- compared with the outputs printed there, so that the README cannot
-- drift from the code. Every ```lua block holding "> " prompts is a
-- snippet; all of them share one session, in order. A command is the
-- text after "> " (continued by ">> " lines); the lines up to the next
-- prompt are its expected output. Outputs are compared token by token:
-- words exactly, numbers to 5e-3 relative (the README prints three or
-- more significant digits), and numbers below 1e-10 in magnitude, which
-- are rounding, only for being small.
local README = "README.md"

local function read_snippets()
  local f = assert(io.open(README, "r"))
  local text = f:read("a")
  f:close()
  local snippets, lineno = {}, 0
  local block
  for line in (text .. "\n"):gmatch("(.-)\n") do
    lineno = lineno + 1
    if block == nil and line:match("^```lua%s*$") then
      block = {start = lineno, commands = {}}
    elseif block ~= nil and line:match("^```%s*$") then
      if #block.commands > 0 then snippets[#snippets + 1] = block end
      block = nil
    elseif block ~= nil then
      local cmd = line:match("^> (.*)$") or (line == ">" and "")
      local more = line:match("^>> (.*)$")
      if cmd then
        block.commands[#block.commands + 1] = {code = cmd, line = lineno, expected = {}}
      elseif more and #block.commands > 0 then
        local c = block.commands[#block.commands]
        c.code = c.code .. "\n" .. more
      elseif #block.commands > 0 then
        local c = block.commands[#block.commands]
        c.expected[#c.expected + 1] = line
      end
    end
  end
  return snippets
end

-- run one command as lua.c does: as an expression whose values are
-- printed, else as a statement; an error prints its message
local function run(env, code)
  local out = {}
  env.print = function(...)
    local parts = {}
    for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
    out[#out + 1] = table.concat(parts, "\t")
  end
  local chunk = load("return " .. code, "=stdin", "t", env)
  local as_expression = chunk ~= nil
  if not chunk then
    local err
    chunk, err = load(code, "=stdin", "t", env)
    if not chunk then return {err} end
  end
  -- in a coroutine, so that no frame of this file sits below the
  -- command's (an error message names the line it would name in lua.c)
  local results = table.pack(coroutine.resume(coroutine.create(chunk)))
  if not results[1] then
    out[#out + 1] = tostring(results[2])
  elseif as_expression and results.n > 1 then
    env.print(table.unpack(results, 2, results.n))
  end
  return table.concat(out, "\n")
end

local function tokens(s)
  local t = {}
  for w in s:gmatch("%S+") do t[#t + 1] = w end
  return t
end

-- nil when the outputs agree, else where they differ
local function compare(got, expected)
  local a, b = tokens(got), tokens(expected)
  for i = 1, math.max(#a, #b) do
    local x, y = a[i], b[i]
    if x == nil or y == nil then
      return ("token %d: got %s, README has %s"):format(i, tostring(x), tostring(y))
    end
    local nx, ny = tonumber(x), tonumber(y)
    if nx and ny then
      local small = math.abs(nx) < 1e-10 and math.abs(ny) < 1e-10
      local close = math.abs(nx - ny) <= 5e-3 * math.max(math.abs(nx), math.abs(ny))
      if not (small or close or nx == ny) then
        return ("token %d: got %s, README has %s"):format(i, x, y)
      end
    elseif x ~= y then
      return ("token %d: got %q, README has %q"):format(i, x, y)
    end
  end
  return nil
end

describe("the README's REPL snippets", function()
  local snippets = read_snippets()
  local env = setmetatable({}, {__index = _G})

  it("are there to check", function()
    assert.is_true(#snippets >= 10, "README snippets found: " .. #snippets)
  end)

  for _, block in ipairs(snippets) do
    it(("print what README.md shows (the block at line %d)"):format(block.start), function()
      for _, c in ipairs(block.commands) do
        local got = run(env, c.code)
        local expected = table.concat(c.expected, "\n")
        local diff = compare(got, expected)
        assert.is_nil(diff, ("README.md:%d: %s\n  command: %s\n  output:\n%s"):format(
          c.line, tostring(diff), c.code, got))
      end
    end)
  end
end)
