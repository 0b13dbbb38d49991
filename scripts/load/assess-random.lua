-- wrk script: POST /api/v1/assess with a random profile on every request:
-- each of the ten questions of the webshop case gets a random answer (the
-- compliance frameworks a random subset), so the profiles spread over the
-- whole space and few land in cells an earlier profile reached. The
-- worst case for the assessment cache and the flips memo alike.
local headers = {
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json",
  ["Accept-Encoding"] = "identity",
}

local function pick(list)
  return list[math.random(#list)]
end

local frameworks = { "GDPR", "PCI-DSS", "SOC2", "DORA", "ISO27001" }

local function compliance()
  local chosen = {}
  for _, f in ipairs(frameworks) do
    if math.random(2) == 1 then
      chosen[#chosen + 1] = '"' .. f .. '"'
    end
  end
  return "[" .. table.concat(chosen, ", ") .. "]"
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
end

request = function()
  local body = string.format(
    '{"team_size": %d, "kubernetes_experience": "%s", "budget_constraint": "%s", '
      .. '"vendor_independence_priority": "%s", "compliance_requirements": %s, "team_maturity": "%s", '
      .. '"deployment_frequency": "%s", "service_count": %d, "downtime_tolerance": "%s", "data_criticality": "%s"}',
    math.random(1, 200),
    pick({ "none", "basic", "intermediate", "expert" }),
    pick({ "low", "medium", "high" }),
    pick({ "low", "medium", "high" }),
    compliance(),
    pick({ "none", "learning", "experienced" }),
    pick({ "weekly", "daily", "multiple_daily" }),
    math.random(1, 60),
    pick({ "none", "minutes", "hours" }),
    pick({ "low", "medium", "high" })
  )
  return wrk.format("POST", nil, headers, body)
end
