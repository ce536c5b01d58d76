--- Lie algebras of real n×n matrices.
--
-- A `LieAlgebra` is a C userdata: a basis e_1..e_q of n×n matrices stored
-- sparsely, so that gl(n), so(n), se(n) cost memory in proportion to their
-- nonzeros; the bracket is the commutator. Affine algebras on R^m use
-- homogeneous (m+1)×(m+1) matrices [[A, b], [0, 0]], so that v(x) = A·x + b
-- and the bracket stays the commutator. Constructors: `gl`, `sl`, `so(p[,
-- q])`, `sp`, `t`, `se`, `aff`, `scaling`, `zero`, `from{...}`; methods
-- `dim`, `size`, `generator`, `generators`, `bracket`, `coords`, `contains`,
-- `structure_constants` (sparse, read as c[i][j][k]), `closure_residual`,
-- `killing`, `orthonormal`, `exp`, `combine`, `intersect`, `subalgebra`
-- (documented with the C module, src/lua/lalgebra.c).
--
-- @module liesym.lie

local core = require "liesym.core"

local lie = {}
for name, f in pairs(core.lie) do lie[name] = f end

return lie
