--- liesym: Lie-group symmetry for machine-learning models.
--
-- The module is a table of functions. Dense matrices (`Matrix`), the random
-- generator (`Rng`) and the numerical kernels are in the C part, `liesym.core`;
-- this file gathers them and the pure-Lua layers: `ls.lie` (Lie algebras),
-- `ls.group` (groups), `ls.action` (representations), `ls.enforce`.
--
--     local ls = require "liesym"
--     local G = ls.group.SO(3)
--     local V = ls.action.V(G)
--     print(ls.enforce(ls.action.hom(V * V, V)):dim())   --> 1 (the cross product)
--
-- @module liesym

local core = require "liesym.core"
local lie = require "liesym.lie"
local group = require "liesym.group"
local action = require "liesym.action"
local enforce = require "liesym.enforce"

local ls = {}
for name, value in pairs(core) do ls[name] = value end

ls.lie = lie
ls.group = group
ls.action = action

--- The symmetric subspace of an action: `enforce(R[, opts])` returns the
-- Subspace of vectors fixed by R (for `ls.action.hom(A, B)` the equivariant
-- maps A → B, vectorised column-major).
-- @tparam Action R
-- @tparam[opt] table opts {tol = number, method = "svd"|"gram"}
-- @treturn Subspace
function ls.enforce(R, opts)
  if action.is_action(R) then return enforce.enforce_action(R, opts) end
  error(("bad argument #1 to 'enforce' (action expected, got %s)"):format(type(R)), 2)
end

ls.check_equivariance = enforce.check_equivariance

return ls
