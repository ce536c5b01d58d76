-- Training throughput of a multilayer perceptron (3 hidden layers of
-- width 384, swish, MSE, Adam; float64): samples per second of forward +
-- backward + Adam, liesym's loop in C beside the same network in numpy
-- (bench/nn_numpy.py), in the same run, at batch 32 and 500.
--   usage: OPENBLAS_NUM_THREADS=2 lua5.4 bench/nn_speed.lua [seconds per case (3)]
local ls = require "liesym"

local seconds = tonumber(arg[1]) or 3
local n_in, width, n_out, layers = 10, 384, 1, 3
print(("MLP %d -> %d x %d -> %d (swish, float64, Adam), OPENBLAS_NUM_THREADS=%s"):format(
  n_in, layers, width, n_out, os.getenv("OPENBLAS_NUM_THREADS") or "default"))
local ours = {}
for _, B in ipairs{32, 500} do
  local net = ls.nn.mlp{inputs = n_in, outputs = n_out, hidden = {width, width, width}}
  local X, Y = ls.randn(20 * B, n_in, ls.rng(1)), ls.randn(20 * B, n_out, ls.rng(2))
  local epochs, t0 = 0, ls.clock()
  repeat   -- whole epochs of 20 minibatches, in C
    ls.nn.train(net, X, Y, {epochs = 1, batch = B, seed = epochs})
    epochs = epochs + 1
  until ls.clock() - t0 > seconds
  ours[B] = epochs * 20 * B / (ls.clock() - t0)
end
local py = {}
local p = assert(io.popen(("/usr/bin/python3 bench/nn_numpy.py %d %d %d %d %g 32 500"):format(
  n_in, width, n_out, layers, seconds)))
for line in p:lines() do
  local B, r = line:match("^(%d+) (%S+)$")
  if B then py[tonumber(B)] = tonumber(r) end
end
p:close()
print(("%8s %16s %16s %8s"):format("batch", "liesym samples/s", "numpy samples/s", "ratio"))
for _, B in ipairs{32, 500} do
  print(("%8d %16.0f %16.0f %7.2fx"):format(B, ours[B], py[B] or 0 / 0, ours[B] / (py[B] or 0 / 0)))
end
