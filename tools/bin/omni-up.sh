#!/usr/bin/env bash
# `npm start`: the whole platform on its embedded default, no Docker needed. Installs
# dependencies, starts local Kafka (KRaft) and Postgres, creates the topics from the contract
# catalog, builds and migrates the services, starts them and waits until each is ready.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
apps=(ingest identity-resolution pricing promotions crm reporting)
declare -A ports=([ingest]=3001 [identity-resolution]=3002 [pricing]=3003 [promotions]=3004 [crm]=3005 [reporting]=3006)
timeout="${OMNI_START_TIMEOUT:-120}"
run_dir="$root/.omni/run"; log_dir="$root/.omni/logs"
mkdir -p "$run_dir" "$log_dir"

bash tools/bin/ensure-deps.sh
export PATH="$root/node_modules/.bin:$PATH" NX_DAEMON=false NX_TUI=false KAFKAJS_NO_PARTITIONER_WARNING=1
bash infra/bin/infra-up.sh

echo "[omni] creating topics from the contract catalog"
node -r ./tools/ts-register.cjs tools/scripts/provision-topics.ts

echo "[omni] building services"
nx run-many -t build -p "$(IFS=,; echo "${apps[*]}")" --parallel=2 --outputStyle=static >"$log_dir/build.log" 2>&1 ||
  { tail -40 "$log_dir/build.log" >&2; echo "[omni] error: build failed; see $log_dir/build.log" >&2; exit 1; }

for app in "${apps[@]}"; do
  node "dist/apps/$app/migrate.js" up
done

ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/health/ready"; }
for app in "${apps[@]}"; do
  port=${ports[$app]}
  if ready "$port" 2>/dev/null; then echo "[omni] $app already running on :$port"; continue; fi
  echo "[omni] starting $app on :$port (log: .omni/logs/$app.log)"
  # A 32 MB young generation: services allocate per event, and V8's default scavenges so often
  # that garbage collection was a tenth of ingest's CPU.
  PORT=$port nohup node --max-semi-space-size=32 "dist/apps/$app/main.js" >>"$log_dir/$app.log" 2>&1 </dev/null &
  echo $! >"$run_dir/$app.pid"
done

for app in "${apps[@]}"; do
  port=${ports[$app]} waited=0
  until ready "$port" 2>/dev/null; do
    if [[ -f "$run_dir/$app.pid" ]] && ! kill -0 "$(cat "$run_dir/$app.pid")" 2>/dev/null; then
      tail -20 "$log_dir/$app.log" >&2; echo "[omni] error: $app exited during start-up; see .omni/logs/$app.log" >&2; exit 1
    fi
    (( waited >= timeout )) && { echo "[omni] error: $app not ready after ${timeout}s; see .omni/logs/$app.log" >&2; exit 1; }
    sleep 1; waited=$((waited + 1))
  done
done

printf '\n[omni] all %s services are ready:\n' "${#apps[@]}"
for app in "${apps[@]}"; do
  printf '  %-20s http://127.0.0.1:%s   (docs /docs, health /health/ready, metrics /metrics)\n' "$app" "${ports[$app]}"
done
printf '  Kafka 127.0.0.1:9092, Postgres 127.0.0.1:5432. Stop with: npm stop (add -- --all to stop Kafka too)\n'
