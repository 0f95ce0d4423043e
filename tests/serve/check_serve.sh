#!/usr/bin/env bash
# Drives `sluice-echo --serve` with curl, as a user would: each server is started on a free
# port (port 0, read back from its "listening on" line), asked, and stopped with SIGTERM.
# Usage: check_serve.sh path/to/sluice-echo
set -uo pipefail
echo_bin=$1
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# start NAME ARGS...: runs the gateway; sets $base (its URL) and $pid.
start() {
  local name=$1; shift
  "$echo_bin" --serve "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 400); do  # up to 20 s: a sanitizer build on a busy machine starts slowly
    grep -q "listening on" "$work/$name.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  base=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/$name.out")
  if [[ -z $base ]]; then
    fail "$name: no 'listening on' line; stderr: $(cat "$work/$name.err")"
    return 1
  fi
}

# stop NAME: SIGTERM, then the exit status must be 0.
stop() {
  kill -TERM "$pid"
  wait "$pid"
  local rc=$?
  [[ $rc == 0 ]] || fail "$1: exit status $rc after SIGTERM; stderr: $(cat "$work/$1.err")"
}

# expect NAME STATUS BODY [HEADER-LINE] -- CURL-ARGS...: BODY is the exact body, or *TEXT* to
# find TEXT in it; HEADER-LINE, when not empty, must be one of the answer's header lines.
expect() {
  local name=$1 status=$2 body=$3 header=$4; shift 5
  local got
  got=$(curl -sS --max-time 10 -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@") || {
    fail "$name: curl failed"
    return
  }
  [[ $got == "$status" ]] || fail "$name: status $got, expected $status; body: $(cat "$work/body")"
  local text
  text=$(cat "$work/body")
  if [[ $body == \** ]]; then
    [[ $text == $body ]] || fail "$name: body lacks ${body//\*/}: $text"
  else
    [[ $text == "$body" ]] || fail "$name: body is $text, expected $body"
  fi
  if [[ -n $header ]]; then
    tr -d '\r' <"$work/headers" | grep -qixF "$header" || fail "$name: no header '$header' in: $(cat "$work/headers")"
  fi
}

cat >"$work/claims.json" <<'JSON'
{"sub": "user-1", "scope": "pets:read pets:write", "cognito:groups": ["admin"]}
JSON

# ---- payload 2.0, the default --------------------------------------------------------------
if start v2 127.0.0.1:0 --claims "$work/claims.json"; then
  expect "GET a pet" 200 '{"route":"GET /pets/{id}","params":{"id":7}}' 'Content-Type: application/json' -- "$base/pets/7"
  expect "query lists" 200 '{"route":"GET /pets","limit":5,"tags":["a","b c"]}' '' -- "$base/pets?limit=5&tag=a&tag=b+c"
  expect "bad parameter" 400 '*id*' '' -- "$base/pets/abc"
  expect "no route" 404 '{"message":"Not Found"}' '' -- "$base/nope"
  expect "wrong method" 405 '*' 'Allow: GET, HEAD, OPTIONS' -- -X DELETE "$base/health"
  expect "POST without a body" 405 '*' '' -- -X POST "$base/health"
  expect "a handler that throws" 500 '*' '' -- "$base/boom"
  expect "TRACE, refused by httplib" 405 '{"message":"Method Not Allowed"}' '' -- -X TRACE "$base/health"
  expect "HEAD" 200 '*Content-Length: 0*' '' -- --head "$base/health"
  expect "percent-decoded once" 200 '*"key":"a b/c%41"*' '' -- "$base/files/a%20b/c%2541"
  expect "claims: scope" 201 '{"route":"POST /pets","pet":{"name":"rex","tag":null,"age":3}}' '' -- \
    -H 'Content-Type: application/json' --data '{"name":"rex","age":3}' "$base/pets"
  expect "claims: subject" 200 '{"route":"GET /pets/mine","sub":"user-1"}' '' -- "$base/pets/mine"
  expect "claims: group" 200 '*"DELETE /pets/{id}"*' '' -- -X DELETE "$base/pets/9"
  head -c 3000 /dev/urandom >"$work/blob.bin"
  expect "binary body" 200 '{"route":"ANY /files/{key+}","method":"PUT","params":{"key":"blob.bin"}}' '' -- \
    -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$work/blob.bin" "$base/files/blob.bin"
  head -c 20000 /dev/zero | tr '\0' 'a' >"$work/form.txt"
  expect "a 20 kB form body reaches the app" 415 '*must be JSON*' '' -- -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "@$work/form.txt" "$base/pets"
  expect "invalid JSON body" 400 '*' '' -- -H 'Content-Type: application/json' --data '{"name":' "$base/pets"
  expect "keep-alive, two requests" 200200 '{"status":"ok"}' '' -- "$base/health" -o "$work/second" "$base/health"
  stop v2
  grep -qF '"GET /pets/7 HTTP/1.1" 200' "$work/v2.err" || fail "no access log line: $(cat "$work/v2.err")"
  grep -qF '"PUT /files/blob.bin HTTP/1.1" 200' "$work/v2.err" || fail "no access log line for PUT"
fi

# ---- without claims: protected routes refuse ------------------------------------------------
if start plain 0 --quiet; then
  expect "no claims: 401" 401 '{"message":"Unauthorized"}' 'WWW-Authenticate: Bearer' -- "$base/pets/mine"
  expect "no claims: 401 on POST" 401 '*' '' -- -H 'Content-Type: application/json' --data '{"name":"rex"}' "$base/pets"
  stop plain
  [[ ! -s $work/plain.err ]] || fail "--quiet still logs: $(cat "$work/plain.err")"
fi

# ---- a named stage, payload 2.0 and 1.0 -----------------------------------------------------
for payload in 2.0 1.0; do
  if start "stage-$payload" 127.0.0.1:0 --stage prod --payload "$payload"; then
    grep -q "payload $payload, stage prod" "$work/stage-$payload.out" || fail "stage-$payload: $(cat "$work/stage-$payload.out")"
    expect "stage $payload: inside" 200 '{"route":"GET /pets/{id}","params":{"id":7}}' '' -- "$base/prod/pets/7"
    expect "stage $payload: query" 200 '{"route":"GET /pets","limit":20,"tags":["x"]}' '' -- "$base/prod/pets?tag=x"
    expect "stage $payload: outside" 404 '{"message":"Not Found"}' '' -- "$base/pets/7"
    expect "stage $payload: a longer first segment" 404 '*' '' -- "$base/production/pets/7"
    stop "stage-$payload"
  fi
done

# ---- the app's answer goes out as it wrote it: httplib neither compresses nor slices it --------
if start rewrite 0; then
  curl -sS --max-time 10 -o "$work/body" -D "$work/headers" -H 'Accept-Encoding: gzip, br' -H 'Range: bytes=0-0' \
    "$base/health" >/dev/null || fail "rewrite: curl failed"
  grep -qi '^content-encoding' "$work/headers" && fail "rewrite: the answer was compressed: $(cat "$work/headers")"
  grep -q '^HTTP/1.1 200' "$work/headers" || fail "rewrite: not a 200: $(head -1 "$work/headers")"
  [[ $(cat "$work/body") == '{"status":"ok"}' ]] || fail "rewrite: body $(cat "$work/body")"
  stop rewrite
fi

# ---- body size cap ---------------------------------------------------------------------------
if start small 0 --max-body 1000; then
  head -c 1000 /dev/zero | tr '\0' 'x' >"$work/at.txt"
  head -c 1001 /dev/zero | tr '\0' 'x' >"$work/big.txt"
  expect "at the cap" 200 '*"PUT"*' '' -- -X PUT -H 'Content-Type: text/plain' --data-binary "@$work/at.txt" "$base/files/at"
  expect "413 one byte over the cap" 413 '*the body exceeds 1000 bytes*' '' -- -H 'Content-Type: text/plain' \
    --data-binary "@$work/big.txt" "$base/files/big"
  expect "under the cap" 200 '*"PUT"*' '' -- -X PUT -H 'Content-Type: text/plain' --data-binary 'small' "$base/files/small"
  stop small
fi

# ---- HTTP FaaS: the port from the environment -----------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if PORT=$port start env-port; then
  [[ $base == "http://127.0.0.1:$port" ]] || fail "PORT=$port: listening on $base"
  expect "PORT" 200 '{"status":"ok"}' '' -- "$base/health"
  stop env-port
fi
if env -u PORT FUNCTIONS_CUSTOMHANDLER_PORT=$port "$echo_bin" --serve >"$work/azure.out" 2>&1 & then
  pid=$!; pids+=("$pid")
  for _ in $(seq 400); do grep -q listening "$work/azure.out" && break; sleep 0.05; done
  grep -q "listening on http://127.0.0.1:$port" "$work/azure.out" || fail "FUNCTIONS_CUSTOMHANDLER_PORT: $(cat "$work/azure.out")"
  stop azure
fi

# ---- what the command line refuses ---------------------------------------------------------
refuse() {  # NAME TEXT ARGS...: exit status 2 and TEXT on stderr
  local name=$1 text=$2; shift 2
  local err rc
  err=$(env -u PORT -u FUNCTIONS_CUSTOMHANDLER_PORT "$echo_bin" --serve "$@" 2>&1 >/dev/null)
  rc=$?
  [[ $rc == 2 ]] || fail "$name: exit status $rc, expected 2"
  [[ $err == *"$text"* ]] || fail "$name: stderr lacks '$text': $err"
}
refuse "no port" "needs a port" 
refuse "bad port" "is not a port" 99999
refuse "bad payload" "--payload is 1.0 (REST API) or 2.0" 8080 --payload 3.0
refuse "bad stage" "--stage takes a stage name" 8080 --stage a/b
refuse "missing claims file" "cannot open" 8080 --claims "$work/none.json"
echo '[1,2]' >"$work/array.json"
refuse "claims not an object" "must hold one JSON object" 8080 --claims "$work/array.json"
refuse "unknown option" "unknown --serve option '--bogus'" 8080 --bogus
err=$(PORT=nope "$echo_bin" --serve 2>&1); [[ $? == 2 && $err == *"PORT must be a port"* ]] || fail "PORT=nope: $err"
help=$("$echo_bin" --help)
[[ $help == *"--serve [HOST:]PORT"* && $help == *"--claims FILE"* ]] || fail "--help lacks --serve: $help"

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "sluice-echo --serve behaves as documented"
