-- wrk script: POST /api/v1/assess with a different profile on every request
-- (team_size counts up), so the server's assessment cache misses: the cost of
-- assessing and rendering, not of repeating a cached answer.
local counter = 0
local headers = {
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json",
  ["Accept-Encoding"] = "identity",
}
local template = '{"team_size": %d, "kubernetes_experience": "none", "budget_constraint": "low", '
  .. '"vendor_independence_priority": "high", "compliance_requirements": ["GDPR"], "team_maturity": "none", '
  .. '"deployment_frequency": "weekly", "service_count": "5-10", "downtime_tolerance": "none", "data_criticality": "high"}'

function setup(thread)
  thread:set("offset", math.random(0, 5000))
end

request = function()
  counter = counter + 1
  local size = 1 + (counter * 7 + (offset or 0)) % 9999
  return wrk.format("POST", nil, headers, string.format(template, size))
end
