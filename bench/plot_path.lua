-- The γ path as a picture (gnuplot, PNG and SVG): the rank of B(W) and the
-- data misfit against γ, the selected γ marked; the problem of
-- examples/promote_path.lua (f = x² + y² + 0.3 z, candidate so(3)) with
-- more noise (1e-2, 100 points), so that the path shows both steps: no
-- symmetry at small γ, the rotations about z in the middle, all of so(3)
-- at γ₀.
--   usage: lua5.4 bench/plot_path.lua out_prefix      (make bench-plots)
local ls = require "liesym"
local prefix = assert(arg[1], "usage: plot_path.lua out_prefix")

local rng = ls.rng(1)
local op = ls.lieder.model(ls.basis.poly(3, 2), ls.lie.so(3))
local X = ls.rand(100, 3, rng) * 2 - ls.ones(100, 3)
local sq = X:map(function(v) return v * v end)
local Y = sq:col(1) + sq:col(2) + X:col(3) * 0.3 + ls.randn(100, 1, rng) * 1e-2
local path = ls.promote_path(op, X, Y, {n_gamma = 40})

local dat = assert(io.open(prefix .. ".dat", "w"))
for i = 1, #path.gamma do
  dat:write(("%.10g %d %.10g %.10g\n"):format(path.gamma[i], path.rank[i], path.misfit[i],
                                              path.cv_error[i]))
end
dat:close()
local g0 = path.gamma[path.selected]
local function script(term, out)
  return table.concat({
    ("set terminal %s"):format(term), ("set output '%s'"):format(out),
    "set title 'promote path: f = x^2 + y^2 + 0.3 z, candidate so(3), 100 points, noise 1e-2'",
    "set logscale x", "set logscale y2", "set xlabel 'gamma'", "set ylabel 'rank of B(W)'",
    "set y2label 'misfit, cross-validation error'", "set ytics nomirror", "set y2tics",
    "set yrange [-0.2:3.2]", "set ytics 0, 1, 3", "set format y2 '%.0e'", "set key bottom left", "set grid",
    ("set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 3 lw 2"):format(g0, g0),
    ("set label 'selected' at %.10g, graph 0.95 offset 1,0"):format(g0),
    ("plot '%s.dat' using 1:2 with steps lw 2 title 'rank of B(W)', "
     .. "'' using 1:3 axes x1y2 with linespoints title 'misfit', "
     .. "'' using 1:4 axes x1y2 with linespoints title 'cross-validation error'"):format(prefix),
  }, "\n") .. "\n"
end
local gp = assert(io.open(prefix .. ".gp", "w"))
gp:write(script("pngcairo size 800,450 noenhanced", prefix .. ".png"))
gp:write(script("svg size 800,450 noenhanced", prefix .. ".svg"))
gp:close()
assert(os.execute(("gnuplot %q"):format(prefix .. ".gp")), "gnuplot failed")
io.stderr:write(("wrote %s.png and %s.svg\n"):format(prefix, prefix))
