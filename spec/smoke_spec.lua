local ls = require "liesym"

describe("smoke", function()
  it("multiplies 2x2 matrices", function()
    local C = ls.matrix{{1, 2}, {3, 4}} * ls.matrix{{5, 6}, {7, 8}}
    assert.are.same({{19, 22}, {43, 50}}, C:totable())
  end)
end)
