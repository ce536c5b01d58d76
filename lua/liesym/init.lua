--- liesym: Lie-group symmetry for machine-learning models.
--
-- The module is a table of functions. Dense matrices (`Matrix`), the random
-- generator (`Rng`) and the numerical kernels are in the C part, `liesym.core`;
-- this file gathers them and adds the pure-Lua workflows.
--
--     local ls = require "liesym"
--     local A = ls.matrix{{1, 2}, {3, 4}}
--     print(A:svd())
--
-- @module liesym

local core = require "liesym.core"

local ls = {}
for name, value in pairs(core) do ls[name] = value end

return ls
