-- The recovery curves as pictures (gnuplot, PNG and SVG): median n_recover
-- against m, one panel per degree d, one line per r, with the seeds'
-- range as error bars; the authors' medians beside ours where the
-- reference has the cell.
--   usage: lua5.4 bench/plot_recovery.lua ours.csv out_prefix [reference.csv]
--   writes out_prefix.png, out_prefix.svg (and out_prefix.dat, .gp)
local ours_path = assert(arg[1], "usage: plot_recovery.lua ours.csv out_prefix [reference.csv]")
local prefix = assert(arg[2], "usage: plot_recovery.lua ours.csv out_prefix [reference.csv]")
local ref_path = arg[3]

local csv = require "bench.recovery_csv"
local read, median = csv.read, csv.median

local ours = read(ours_path)
local ref = ref_path and read(ref_path) or {}
local function key(d, r, m) return ("%d,%d,%d"):format(d, m, r) end
-- one data block per (d, r): m, median, min, max, reference median
local ds, rs, blocks = {}, {}, {}
for _, c in pairs(ours) do
  ds[c.d] = true
  rs[c.r] = true
  local b = c.d .. ":" .. c.r
  blocks[b] = blocks[b] or {}
  table.insert(blocks[b], c)
end
local dlist, rlist = {}, {}
for d in pairs(ds) do dlist[#dlist + 1] = d end
for r in pairs(rs) do rlist[#rlist + 1] = r end
table.sort(dlist)
table.sort(rlist)
local dat = assert(io.open(prefix .. ".dat", "w"))
local index, idx = {}, 0
for _, d in ipairs(dlist) do
  for _, r in ipairs(rlist) do
    local list = blocks[d .. ":" .. r]
    if list then
      table.sort(list, function(a, b) return a.m < b.m end)
      dat:write(("# d=%d r=%d\n"):format(d, r))
      for _, c in ipairs(list) do
        local med, lo, hi = median(c.n)
        local rc = ref[key(c.d, c.r, c.m)]
        dat:write(("%d %g %g %g %s\n"):format(c.m, med, lo, hi, rc and ("%g"):format(median(rc.n)) or "NaN"))
      end
      dat:write("\n\n")
      index[d .. ":" .. r] = idx
      idx = idx + 1
    end
  end
end
dat:close()

local function script(term, out)
  local g = {("set terminal %s"):format(term), ("set output '%s'"):format(out),
             ("set multiplot layout 1,%d title 'recovery: median samples to recover "
              .. "(bars: the seeds'' range)'"):format(#dlist),
             "set key top left", "set xlabel 'm'", "set ylabel 'n_recover'", "set grid"}
  for _, d in ipairs(dlist) do
    g[#g + 1] = ("set title 'd = %d'"):format(d)
    local plots = {}
    for _, r in ipairs(rlist) do
      local i = index[d .. ":" .. r]
      if i then
        -- one colour per r: ours solid with the seeds' range, theirs dashed
        plots[#plots + 1] = ("'%s.dat' index %d using 1:2:3:4 with yerrorlines lw 2 lc %d "
                             .. "title 'liesym, r = %d'"):format(prefix, i, r, r)
        if ref_path then
          plots[#plots + 1] = ("'%s.dat' index %d using 1:5 with linespoints dt 2 lc %d title 'authors, r = %d'")
                              :format(prefix, i, r, r)
        end
      end
    end
    g[#g + 1] = "plot " .. table.concat(plots, ", \\\n     ")
  end
  g[#g + 1] = "unset multiplot"
  return table.concat(g, "\n") .. "\n"
end

local width = 420 * #dlist
local gp = assert(io.open(prefix .. ".gp", "w"))
gp:write(script(("pngcairo size %d,420 noenhanced"):format(width), prefix .. ".png"))
gp:write(script(("svg size %d,420 noenhanced"):format(width), prefix .. ".svg"))
gp:close()
assert(os.execute(("gnuplot %q"):format(prefix .. ".gp")), "gnuplot failed")
io.stderr:write(("wrote %s.png and %s.svg\n"):format(prefix, prefix))
