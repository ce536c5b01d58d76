-- liesym: Lie-group symmetry for machine-learning models (Lua 5.4, C core).
-- Install from a checkout, offline:
--     luarocks --lua-version=5.4 make liesym-scm-1.rockspec
-- Files are listed one by one: every src/core/*.c and src/lua/*.c must be a
-- source of liesym.core and every lua/liesym/*.lua a module, or
-- `make rockspec-check` (tools/check-rockspec.sh) fails.
rockspec_format = "3.0"
package = "liesym"
version = "scm-1"

source = {
  url = "git+file:///dev/null",  -- local builds only: `luarocks make`
}

description = {
  summary = "Lie-group symmetry for machine-learning models",
  detailed = [[
Enforce and discover Lie-group symmetries of machine-learning models
(Otto, Zolman, Kutz & Brunton 2023): Lie algebras, groups and
representations, equivariant linear maps, function bases and the
Lie-derivative operator, on a dense matrix core over LAPACK/OpenBLAS.
]],
}

dependencies = {
  "lua >= 5.4",
}

external_dependencies = {
  LAPACKE = { header = "lapacke.h" },
  OPENBLAS = { library = "openblas" },
  FFTW3 = { header = "fftw3.h" },
}

build = {
  type = "builtin",
  -- the C API's header, for programs that embed liesym: installed in the
  -- rock's folder (`luarocks show --rock-dir liesym`)/include
  copy_directories = { "include" },
  modules = {
    ["liesym"] = "lua/liesym/init.lua",
    ["liesym.action"] = "lua/liesym/action.lua",
    ["liesym.basis"] = "lua/liesym/basis.lua",
    ["liesym.emlp"] = "lua/liesym/emlp.lua",
    ["liesym.enforce"] = "lua/liesym/enforce.lua",
    ["liesym.field"] = "lua/liesym/field.lua",
    ["liesym.fields"] = "lua/liesym/fields.lua",
    ["liesym.grid_operator"] = "lua/liesym/grid_operator.lua",
    ["liesym.group"] = "lua/liesym/group.lua",
    ["liesym.kernel"] = "lua/liesym/kernel.lua",
    ["liesym.lie"] = "lua/liesym/lie.lua",
    ["liesym.lieder"] = "lua/liesym/lieder.lua",
    ["liesym.manifold"] = "lua/liesym/manifold.lua",
    ["liesym.nn"] = "lua/liesym/nn.lua",
    ["liesym.ode"] = "lua/liesym/ode.lua",
    ["liesym.options"] = "lua/liesym/options.lua",
    ["liesym.promote"] = "lua/liesym/promote.lua",
    ["liesym.sindy"] = "lua/liesym/sindy.lua",
    ["liesym.subspace"] = "lua/liesym/subspace.lua",
    ["liesym.core"] = {
      sources = {
        "src/core/action.c",
        "src/core/anderson.c",
        "src/core/chebyshev.c",
        "src/core/convfit.c",
        "src/core/dense.c",
        "src/core/deriv.c",
        "src/core/expm.c",
        "src/core/fixed.c",
        "src/core/fixed_block.c",
        "src/core/grid.c",
        "src/core/group.c",
        "src/core/kron.c",
        "src/core/lie.c",
        "src/core/lieop.c",
        "src/core/lieop_solve.c",
        "src/core/linalg.c",
        "src/core/model_fields.c",
        "src/core/model_fourier.c",
        "src/core/model_grid.c",
        "src/core/model_nn.c",
        "src/core/model_poly.c",
        "src/core/model_samples.c",
        "src/core/model_terms.c",
        "src/core/nn.c",
        "src/core/nn_pass.c",
        "src/core/nn_train.c",
        "src/core/nullspace.c",
        "src/core/ode.c",
        "src/core/orbits.c",
        "src/core/poly.c",
        "src/core/promote.c",
        "src/core/promote_step.c",
        "src/core/promote_newton.c",
        "src/core/rank.c",
        "src/core/rng.c",
        "src/core/smat.c",
        "src/core/sr3.c",
        "src/core/stlsq.c",
        "src/core/svt.c",
        "src/core/weakform.c",
        "src/core/weights.c",
        "src/lua/laction.c",
        "src/lua/lalgebra.c",
        "src/lua/lbasis.c",
        "src/lua/lfield.c",
        "src/lua/lgroup.c",
        "src/lua/liesym.c",
        "src/lua/llinalg.c",
        "src/lua/lmatrix.c",
        "src/lua/lnn.c",
        "src/lua/lode.c",
        "src/lua/lop.c",
        "src/lua/lpromote.c",
        "src/lua/lrep.c",
        "src/lua/lrng.c",
        "src/lua/lsindy.c",
        "src/lua/lsubspace.c",
        "src/lua/lutil.c",
      },
      incdirs = { "include", "src/core", "src/lua" },
      libraries = { "lapacke", "openblas", "fftw3_threads", "fftw3", "m" },
    },
  },
}
