--- Actions of a group on a vector space: linear representations.
--
-- An `Action` is a C userdata holding a tree (src/core/action.c): leaves
-- are explicit representations (`V`, `trivial`, `custom`, duals and
-- symmetric powers of leaves, and materialised copies of structured
-- nodes), inner nodes are direct sums (`R1 + R2`, `k * R`), tensor
-- products (`R1 * R2`, `R ^ k`) and homs between sums. Tensor products are
-- never expanded into big Kronecker matrices for solving: `liesym.enforce`
-- hands the factors to the C solver, and sums keep their block structure.
--
-- Kronecker order: in R1 ⊗ R2 the index of R2 varies fastest, so
-- `hom(A, B)` = A* ⊗ B acts on vec(W) of a dim(B)×dim(A) matrix W stored
-- column-major.
--
-- @module liesym.action

local core = require "liesym.core"

local action = {}
for name, f in pairs(core.action) do action[name] = f end

return action
