#!/usr/bin/env bash
# The gate over HTTP under wrk (Debian), beside bare Kestrel answering the same routes with a constant.
# Usage: bench/server/gate.sh [seconds] [rounds]   — prints wrk's figures and each round's ratio; copy them into bench/RESULTS.md.
# The two servers are measured in turn, round after round, so a VM that slows down for a while slows both.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-15}
rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
dotnet build -c Release src/Enjoin.Cli >/dev/null
dotnet build -c Release bench/Enjoin.Bench >/dev/null
enjoin="dotnet src/Enjoin.Cli/bin/Release/net10.0/enjoin.dll"
dir=$(mktemp -d)
trap 'kill $server $bare 2>/dev/null || true; rm -rf "$dir"' EXIT
db="$dir/bench.db"
$enjoin demo --db "$db" >/dev/null
export ENJOIN_BENCH_KEY=$($enjoin keys create --role marketplace --owner bench --db "$db" --json | sed -n 's/.*"key": "\(.*\)".*/\1/p')
$enjoin serve --db "$db" --urls "http://127.0.0.1:5181" >"$dir/serve.log" 2>&1 &
server=$!
dotnet bench/Enjoin.Bench/bin/Release/net10.0/Enjoin.Bench.dll kestrel --urls "http://127.0.0.1:5182" >"$dir/bare.log" 2>&1 &
bare=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:5181/healthz" >/dev/null && curl -sf -XPOST -d '' "http://127.0.0.1:5182/api/v1/gate/check" >/dev/null && break; sleep 0.5; done
rate() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'; }
for target in "enjoin 5181" "bare-kestrel 5182"; do
  set -- $target
  # Warm-up, not counted: tiered JIT compiles the hot path to its final code in the first seconds.
  wrk -t2 -c32 -d5s -s bench/server/gate-check.lua "http://127.0.0.1:$2" >/dev/null
  wrk -t2 -c4 -d5s -s bench/server/gate-batch.lua "http://127.0.0.1:$2" >/dev/null
done
printf '%-6s %-7s %12s %12s %8s\n' round route enjoin bare ratio
for round in $(seq 1 "$rounds"); do
  for route in "single 32 gate-check" "batch 4 gate-batch"; do
    set -- $route
    wrk -t2 -c"$2" -d"${seconds}s" --latency -s "bench/server/$3.lua" "http://127.0.0.1:5181" >"$dir/enjoin.txt"
    wrk -t2 -c"$2" -d"${seconds}s" --latency -s "bench/server/$3.lua" "http://127.0.0.1:5182" >"$dir/bare.txt"
    ours=$(rate <"$dir/enjoin.txt"); theirs=$(rate <"$dir/bare.txt")
    awk -v r="$round" -v n="$1" -v a="$ours" -v b="$theirs" 'BEGIN { printf "%-6s %-7s %12s %12s %7.0f%%\n", r, n, a, b, 100 * a / b }'
    if [ "$round" = "$rounds" ]; then
      echo "   last round's wrk, $1: Enjoin"; sed 's/^/     /' "$dir/enjoin.txt"; echo "   bare Kestrel"; sed 's/^/     /' "$dir/bare.txt"
    fi
  done
done
