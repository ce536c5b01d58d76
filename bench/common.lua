-- What the benchmarks share: result lines for bench/table.lua and the
-- process's peak memory.
local common = {}

--- Print "<case>\t<value>" (seconds, or MB for mem_* cases) at once.
function common.emit(case, value)
  io.write(("%s\t%.9g\n"):format(case, value))
  io.stdout:flush()
end

--- The process's peak resident memory so far, in MB (Linux VmHWM).
function common.peak_mb()
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^VmHWM:%s+(%d+)")
    if kb then return tonumber(kb) / 1024 end
  end
end

return common
