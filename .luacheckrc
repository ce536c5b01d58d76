-- luacheck configuration: `make lint` runs `luacheck lua spec examples bench`.
std = "lua54"

-- busted's globals (describe, it, assert, finally, ...) in the specs
files["spec/"] = { std = "+busted" }
