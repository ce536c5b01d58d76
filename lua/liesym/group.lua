--- Groups: a Lie algebra (possibly zero) and a finite list of discrete
-- generators, all as matrices of the defining representation.
--
-- A `Group` is a C userdata (src/lua/lgroup.c): `SO`, `O`, `SL`, `GL`,
-- `Sp`, `SO13`, `O13`, `S`, `Z`, `D`, `T`, `SE`, `E`, `Scaling`,
-- `from{algebra = g, discrete = {...}, n = , name = }`; methods `size`,
-- `sample`, `same`; fields `algebra`, `discrete`, `n`, `name`.
--
-- A group element drawn by `Group:sample` remembers how it was made
-- (algebra coefficients and a word in the discrete generators), so that any
-- representation — even a custom one given only by its generators — can
-- evaluate ρ(g) = exp(Σ c_i dρ(e_i)) · ρ(h_w1) ··· ρ(h_wL).
--
-- @module liesym.group

local core = require "liesym.core"

local group = {}
for name, f in pairs(core.group) do group[name] = f end

return group
