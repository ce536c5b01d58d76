--- Integral kernels as a model class of the Lie-derivative operator:
-- (𝒦u)(x) = ∫ k(x, y) u(y) dy with k(x, y) = W·φ(x, y) in a Basis on
-- R^m × R^m (2m variables: x first, then y).
--
-- A group acting on the domain (and on the fields' values) acts on such
-- operators; 𝒦 is equivariant exactly when the kernel's Lie derivative
--
--     (L_ξ k)(x, y) = D_x k·v(x) + D_y k·v(y) + k·(div v)(y)
--                     − M^out(x)·k + k·M^in(y)
--
-- vanishes for every generator: the algebra acts diagonally on (x, y) with
-- its fields, and the divergence term comes from the change of measure in
-- y (it is zero for translations and rotations, m for the dilation x·∂).
-- The model is a basis model on R^{2m} (liesym.lieder) with the diagonal
-- fields, the output action k ↦ M^out·k − k·M^in on the kernel's values,
-- and the divergence as a scalar multiplier — so `ls.enforce`,
-- `ls.discover`, `ls.promote` and `ls.fit` work on it unchanged, exactly
-- (polynomial bases; Fourier under translations) or on sample points of
-- Ω × Ω.
--
-- @module liesym.kernel

local core = require "liesym.core"
local basis_mod = require "liesym.basis"
local fields = require "liesym.fields"
local action = require "liesym.action"
local lieder = require "liesym.lieder"
local options = require "liesym.options"

local typename, argerr, opterr = options.typename, options.argerr, options.opterr

local kernel_keys = {"input_action", "output_action", "density", "points", "weights", "measure"}

-- the fiber matrices of an optional action, and its dimension
local function fiber(opts, key, q)
  local a = rawget(opts, key)
  if a == nil then return nil, 1 end
  if not action.is_action(a) then opterr(key, "kernel", "an Action expected, got %s", typename(a)) end
  if a.G.algebra:dim() ~= q then
    opterr(key, "kernel", "the action has %d algebra generators, the algebra %d",
           a.G.algebra:dim(), q)
  end
  local M = {}
  for i = 1, q do M[i] = a:drho(i) end
  return M, a:dim()
end

--- The Lie-derivative operator of kernels k(x, y) = W·φ(x, y).
-- @tparam Basis basis φ on R^{2m} (x = the first m variables, y the rest)
-- @tparam LieAlgebra|FieldAlgebra algebra acting on R^m by its fields
-- @tparam[opt] table opts `input_action`, `output_action` = Actions of
-- the algebra on the values of input and output fields (default: scalar
-- fields; the kernel's values are then c_out×c_in matrices, W has
-- c_out·c_in rows, vec(k) column-major); `density` (default true: the
-- divergence term; false leaves it out, for kernels that are functions
-- rather than densities in y); `points` (N×2m) and `weights` for the
-- sampled mode; `measure` as for `lieder.model`.
-- @treturn LieOp
local function kernel(b, algebra, opts)
  if not basis_mod.is_basis(b) then argerr(1, "kernel", "basis expected, got %s", typename(b)) end
  opts = options.check(opts, 3, "kernel", kernel_keys)
  local M2 = b:vars()
  if M2 % 2 ~= 0 then
    argerr(1, "kernel", "a basis on R^m x R^m (an even number of variables) expected, got %d", M2)
  end
  local m = M2 // 2
  local list, err = fields.of(algebra, m)
  if not list then argerr(2, "kernel", "%s", err) end
  local q = #list
  local p = 0
  for _, f in ipairs(list) do p = math.max(p, f.degree) end
  local kp = core.poly_count(m, p)
  -- the diagonal fields (v(x), v(y)) on R^{2m}, and div v in y
  local density = options.boolean(opts, "density", "kernel", true)
  local V2, div, any_div = {}, {}, false
  local D = p >= 1 and core.poly_divergence(m, p) or nil
  for i, f in ipairs(list) do
    local V = f.V   -- a candidate's fields share one degree
    V2[i] = core.vcat{core.poly_embed(m, M2, 0, p, V), core.poly_embed(m, M2, m, p, V)}
    if density and D then
      local d = D * V:reshape(m * kp, 1)           -- div v in P_{p-1}(R^m)
      div[i] = core.poly_embed(m, M2, m, p - 1, d:T()):T()
      any_div = any_div or d:norm("max") > 0
    end
  end
  local diag = fields.span(M2, p, V2)
  local Min, cin = fiber(opts, "input_action", q)
  local Mout, cout = fiber(opts, "output_action", q)
  local extra = {n = cin * cout}
  if Min or Mout then   -- k ↦ M^out k − k M^in on vec(k)
    extra.drho = {}
    for i = 1, q do
      local t = core.zeros(cin * cout, cin * cout)
      if Mout then t = t + core.kron(core.eye(cin), Mout[i]) end
      if Min then t = t - core.kron(Min[i]:T(), core.eye(cout)) end
      extra.drho[i] = t
    end
  end
  if any_div then extra.scale, extra.scale_degree = core.hcat(div), p - 1 end
  local op = lieder.build(b, diag, options.pick(opts, {"points", "weights", "measure"}),
                          "kernel", extra)
  op.algebra = algebra
  op.kernel = {m = m, c_in = cin, c_out = cout, density = density}
  op.mode = op.mode == "exact" and "kernel exact" or "kernel sampled"
  return op
end

local function describe(op)
  local _, q, s = op:shape()
  local kinfo = op.kernel
  local where = op.mode == "kernel exact" and "exact" or ("sampled at %d points"):format(op.X:rows())
  return ("Lie-derivative operator of integral kernels on R^%d x R^%d: %d generators, "
          .. "%dx%d-valued kernel in %d basis functions (%s)%s, B(W) is %dx%d")
    :format(kinfo.m, kinfo.m, q, kinfo.c_out, kinfo.c_in, op.k, where,
            kinfo.density and ", density term" or "", s, q)
end

-- the basis-model paths of enforce, on the kernel's own operator
local function enforce(op, opts)
  if type(opts) == "table" and rawget(opts, "discrete") ~= nil then
    opterr("discrete", "enforce", "discrete maps of integral kernels are not supported "
           .. "(give the algebra, or a grid_operator with discrete maps)")
  end
  return lieder.nullspace(op, op, options.check(opts, 1, "enforce", options.nullspace_keys))
end

for _, mode in ipairs{"kernel exact", "kernel sampled"} do
  lieder.classes[mode] = {describe = describe, enforce = enforce}
end

lieder.kernel = kernel
return kernel
