-- One run of EMLP's data-efficiency experiment (Finzi, Welling & Wilson
-- 2021, emlp/experiments/data_efficiency.py and train_basic.py): a model
-- trained on n samples of O5Synthetic or Inertia, its test MSE on 5000
-- others. Their set-up: Adam at 3e-3 (constant), batch min(500, n),
-- min(900000 / n, 1000) epochs, hidden layers 3 × 384 (the MLP swish;
-- EMLP uniform_rep(384) with gates and bilinear terms); O5Synthetic's
-- inputs scaled by each vector's RMS norm and its targets standardised
-- (equivariant statistics of the training set), Inertia's left as they
-- are. As EMLP's split, 1000 validation samples: the net of the epoch of
-- least validation MSE is tested (`keep_best`).
--
--   usage: lua5.4 bench/nn_data_efficiency.lua DATASET MODEL N SEED [EPOCH_SCALE]
--   DATASET: o5 | inertia; MODEL: mlp | emlp
-- Prints one CSV row: dataset,model,n,seed,test_mse,epochs,seconds,best_epoch
local ls = require "liesym"

local dataset, model = arg[1], arg[2]
local n, seed = tonumber(arg[3]), tonumber(arg[4])
local scale = tonumber(arg[5] or 1)
assert(dataset == "o5" or dataset == "inertia", "dataset: o5 or inertia")
assert(model == "mlp" or model == "emlp", "model: mlp or emlp")
local NTEST = 5000

local gen = dataset == "o5" and ls.nn.datasets.o5synthetic or ls.nn.datasets.inertia
local X, Y = gen(n, ls.rng(1000 * seed + 1))
local Xt, Yt = gen(NTEST, ls.rng(1000 * seed + 2))
local Xv, Yv = gen(1000, ls.rng(1000 * seed + 3))

-- the equivariant standardisation of O5Synthetic: x1, x2 each divided by
-- its RMS norm over the training set; y to zero mean, unit deviation
local xs, ymu, ysd = nil, 0, 1
if dataset == "o5" then
  xs = {}
  for v = 0, 1 do
    local B = X:sub(1, n, 5 * v + 1, 5 * v + 5)
    xs[v + 1] = math.sqrt(B:hadamard(B):sum() / n)
  end
  ymu = Y:sum() / n
  local D = Y - ymu
  ysd = n > 1 and math.sqrt(D:hadamard(D):sum() / (n - 1)) or 1
  if ysd ~= ysd or ysd <= 0 then ysd = 1 end   -- NaN or zero
end
local function inputs(A)
  if not xs then return A end
  local N = A:rows()
  return ls.hcat{A:sub(1, N, 1, 5) * (1 / xs[1]), A:sub(1, N, 6, 10) * (1 / xs[2])}
end

local nin, nout = X:cols(), Y:cols()
local net
if model == "mlp" then
  net = ls.nn.mlp{inputs = nin, outputs = nout, hidden = {384, 384, 384}, seed = seed}
else
  local G = ls.group.O(dataset == "o5" and 5 or 3)
  local V, S = ls.action.V(G), ls.action.trivial(G)
  local Rin = dataset == "o5" and 2 * V or 5 * S + 5 * V
  local Rout = dataset == "o5" and S or V * V
  net = ls.nn.emlp{input = Rin, output = Rout, group = G, channels = 384, layers = 3, seed = seed}
end
local epochs = math.max(1, math.floor(math.min(900000 // n, 1000) * scale))
local t0 = ls.clock()
local h = ls.nn.train(net, inputs(X), (Y - ymu) * (1 / ysd),
                     {epochs = epochs, batch = math.min(500, n), lr = 3e-3, seed = seed,
                      validation = {inputs(Xv), (Yv - ymu) * (1 / ysd)}, keep_best = true})
local dt = ls.clock() - t0
local P = net:forward(inputs(Xt)) * ysd + ymu
local E = P - Yt
local mse = E:hadamard(E):sum() / (NTEST * nout)
print(("%s,%s,%d,%d,%.6g,%d,%.1f,%d"):format(dataset, model, n, seed, mse, epochs, dt, h.best_epoch))
