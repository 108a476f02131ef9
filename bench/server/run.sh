#!/usr/bin/env bash
# Load test of `enjoin serve` on loopback with wrk (Debian): listing batches and /healthz.
# Usage: bench/server/run.sh [seconds]   — prints wrk's figures; copy them into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
dotnet build -c Release src/Enjoin.Cli >/dev/null
enjoin="dotnet src/Enjoin.Cli/bin/Release/net10.0/enjoin.dll"
dir=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
db="$dir/bench.db"
port=5181
for i in $(seq 0 49); do
  printf '{"id":"M-%d","store_name":"Store %d","at":"2024-01-01T00:00:00Z"}\n' "$i" "$i"
done > "$dir/merchants.jsonl"
$enjoin merchants ingest "$dir/merchants.jsonl" --db "$db" >/dev/null
export ENJOIN_BENCH_KEY=$($enjoin keys create --role marketplace --owner bench --db "$db" --json | sed -n 's/.*"key": "\(.*\)".*/\1/p')
$enjoin serve --db "$db" --urls "http://127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
echo "== GET /healthz (${seconds}s, 2 threads, 32 connections)"
wrk -t2 -c32 -d"${seconds}s" --latency "http://127.0.0.1:$port/healthz"
echo "== POST /api/v1/listings, 100 listings a request (${seconds}s, 2 threads, 8 connections)"
wrk -t2 -c8 -d"${seconds}s" --latency -s bench/server/listings.lua "http://127.0.0.1:$port"
echo "== ledger after the run"
curl -s "http://127.0.0.1:$port/healthz"; echo
