-- wrk script: POST /group with one claim (heart failure with a CC), keep-alive connections.
--   drg serve --quiet --addr 127.0.0.1:8080 &
--   wrk -t2 -c100 -d10s --latency -s grouper-serve/load/group.lua http://127.0.0.1:8080/group
-- wrk prints "Non-2xx or 3xx responses: N" when any answer is not a success.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":"load","version":431,"age":72,"sex":1,"discharge_status":1,"pdx":{"code":"I5023","poa":"Y"},"sdx":[{"code":"N179","poa":"Y"},{"code":"E119","poa":"Y"}]}'
