-- pipeline.lua: makes wrk pipeline requests, for `make bench`.
--
--   wrk -s tests/bench/pipeline.lua URL -- [DEPTH=16]
--
-- Every connection writes DEPTH copies of wrk's request (the URL's path,
-- wrk's default method and headers) in one go, and writes the next batch
-- once all DEPTH answers are back. wrk counts each answer as one request.

local depth = 16
local batch

init = function(args)
  local n = tonumber(args[1])
  if n ~= nil and n >= 1 then
    depth = math.floor(n)
  end
  local reqs = {}
  for i = 1, depth do
    reqs[i] = wrk.format()
  end
  batch = table.concat(reqs)
end

request = function()
  return batch
end
