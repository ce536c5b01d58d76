-- Integral kernels under a group acting on the domain: (Ku)(x) = ∫k(x,y)u(y)dy
-- is equivariant when the kernel's Lie derivative along the diagonal action
-- vanishes, D_x k·v(x) + D_y k·v(y) + k·div v(y) = 0 (the last term from the
-- change of measure). Polynomial kernels are solved exactly.
local ls = require "liesym"

local function show(title, b, S)
  print(("%s: dim %d of %d"):format(title, S:dim(), b:size()))
  for j, c in ipairs(ls.echelon(S):T():totable()) do
    print(("  k%d = %s"):format(j, ls.basis.format(b, ls.matrix{c}, 1e-9)))
  end
end

-- translations of the line: the convolutions k(x - y)
local b = ls.basis.poly(2, 2)   -- variables x1 = x, x2 = y
show("translation-equivariant kernels of degree <= 2 on R x R", b,
     ls.enforce(ls.lieder.kernel(b, ls.lie.t(1))))

-- rotations of the plane: functions of |x|^2, |y|^2, x.y and x ^ y
local b4 = ls.basis.poly(4, 2)  -- x = (x1, x2), y = (x3, x4)
show("rotation-equivariant kernels of degree <= 2 on R^2 x R^2", b4,
     ls.enforce(ls.lieder.kernel(b4, ls.lie.so(2))))

-- dilations x -> e^t x: with the density term the invariant kernels are
-- homogeneous of degree -1 (none is a polynomial); as functions (density =
-- false) of degree 0
local dil = ls.lie.from{ls.matrix{{1}}}
local b3 = ls.basis.poly(2, 3)
print(("dilation-equivariant polynomial kernels of degree <= 3: %d with the density term, "
       .. "%d without"):format(ls.enforce(ls.lieder.kernel(b3, dil)):dim(),
       ls.enforce(ls.lieder.kernel(b3, dil, {density = false})):dim()))

-- vector fields under rotations: k(Rx, Ry) = R k(x, y) R^T
local V = ls.action.V(ls.group.SO(2))
local Sv = ls.enforce(ls.lieder.kernel(ls.basis.poly(4, 2), ls.lie.so(2),
                                       {input_action = V, output_action = V}))
print(("rotation-equivariant 2x2 kernels of degree <= 2 on R^2 x R^2: dim %d"):format(Sv:dim()))
