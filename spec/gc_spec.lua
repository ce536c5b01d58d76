-- Matrix entries live inside the userdata, so Lua's collector sees their
-- full size: thousands of large temporaries must not pile up.
local ls = require "liesym"

local N = 200                              -- 200x200: 312.5 KiB each
local ENTRY_KB = N * N * 8 / 1024
local ROUNDS = 3000                        -- ~915 MiB allocated in all

describe("gc", function()
  -- lua5.4 runs the collector in generational mode, and Lua 5.4.4's
  -- generational pacing stops collecting after a large spike of live
  -- memory (any earlier spec's, even of strings) until the heap climbs
  -- back to that spike.  These checks are about what liesym shows the
  -- collector, not about what ran before: so the spike is collected and
  -- the mode re-entered, which sets the pacing from the heap as it is now
  setup(function()
    collectgarbage()
    collectgarbage()
    local mode = collectgarbage("incremental")
    collectgarbage()
    collectgarbage(mode)
    collectgarbage()
  end)

  it("counts a matrix's entries in collectgarbage('count')", function()
    collectgarbage()
    collectgarbage("stop")
    local before = collectgarbage("count")
    local M = ls.zeros(N, N)
    local after = collectgarbage("count")
    collectgarbage("restart")
    assert.is_true(after - before >= ENTRY_KB,
                   ("grew by %.1f KiB"):format(after - before))
    assert.is_true(after - before < ENTRY_KB + 4)
    assert.are.equal(N, M:rows())
  end)

  it("keeps the peak bounded over thousands of large temporaries", function()
    -- two full cycles: userdata with finalizers (subspaces, algebras) and
    -- what they reference are freed by the second
    collectgarbage()
    collectgarbage()
    local start = collectgarbage("count")
    local peak, checksum = start, 0
    do
      local A = ls.ones(N, N)
      for i = 1, ROUNDS do
        local T = A + i          -- a fresh 200x200 temporary, then dropped
        checksum = checksum + T:get(i % (N * N) + 1)
        peak = math.max(peak, collectgarbage("count"))
      end
    end
    -- every temporary was really built: sum of (1 + i)
    assert.are.equal(ROUNDS + ROUNDS * (ROUNDS + 1) / 2, checksum)
    local bound_kb = 200 * 1024
    assert.is_true(peak - start < bound_kb,
                   ("peak %.1f MiB above the start"):format((peak - start) / 1024))
    -- the bound is meaningful: the temporaries together are far above it
    assert.is_true(ROUNDS * ENTRY_KB > 4 * bound_kb)
    collectgarbage()
    collectgarbage()
    local final = collectgarbage("count")
    assert.is_true(final - start < ENTRY_KB / 2,
                   ("%.1f KiB left after a full collect"):format(final - start))
  end)

  it("collects results of decompositions and products too", function()
    local B = ls.randn(40, 40, ls.rng(1))
    local made = 0  -- KiB of entries in the matrices built below
    local function note (...)
      for i = 1, select("#", ...) do
        local M = select(i, ...)
        made = made + M:rows() * M:cols() * 8 / 1024
      end
      return ...
    end
    collectgarbage()   -- twice: see above
    collectgarbage()
    local start = collectgarbage("count")
    local peak = start
    for _ = 1, 40 do
      local U, s, V = note(B:svd())
      local C = note(U * ls.diag(s) * V:T())
      local Q, R = note(C:qr())
      note((Q * R):expm():kron(ls.ones(5, 5)))
      peak = math.max(peak, collectgarbage("count"))
    end
    -- far less than what was built stays alive at any time
    assert.is_true(made > 10000)
    assert.is_true(peak - start < made / 4,
                   ("peak %.0f KiB of %.0f KiB built"):format(peak - start, made))
    collectgarbage()
    collectgarbage()
    assert.is_true(collectgarbage("count") - start < 64)
  end)
end)
