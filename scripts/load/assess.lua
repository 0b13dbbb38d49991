-- wrk script: POST /api/v1/assess with the webshop profile (seed 000 §15).
-- The profile path comes from the environment (run.sh sets it).
local path = os.getenv("KOMPAS_PROFILE") or "crates/serve/tests/fixtures/webshop.json"
local file = assert(io.open(path, "r"), "cannot read " .. path)
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
-- As a browser does; ACCEPT_ENCODING=identity measures the uncompressed answer.
wrk.headers["Accept-Encoding"] = os.getenv("ACCEPT_ENCODING") or "gzip"
