#!/usr/bin/env bash
# Enjoin CI entry point: installs missing tools, starts a throwaway PostgreSQL,
# builds the solution once and runs every test project. The last line of output
# is always "N passed, N failed"; the exit code is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SOLUTION=Enjoin.slnx
CONFIG=Release
# Hard cap on the test run so a hung test cannot eat the whole CI budget.
TEST_TIMEOUT=${ENJOIN_TEST_TIMEOUT:-11m}

log() { printf '==> %s\n' "$*"; }

PASSED=0
FAILED=0
WORK=""
PGDATA_DIR=""
PG_STARTED=0
PG_RUN=()
SUMMARY_DONE=0

# ---------------------------------------------------------------- cleanup
cleanup() {
  local rc=$?
  set +e
  if [[ $PG_STARTED == 1 ]]; then
    "${PG_RUN[@]}" "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 \
      || "${PG_RUN[@]}" "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1
  fi
  [[ -n $WORK && -d $WORK ]] && rm -rf "$WORK"
  if [[ $SUMMARY_DONE == 0 ]]; then
    # Aborted early (error, signal): still end with the summary line, as a failure.
    ((rc != 0)) || rc=1
    echo "$PASSED passed, $((FAILED > 0 ? FAILED : 1)) failed"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Any failure before the tests ran still ends with the summary line (see cleanup).
fail_early() {
  echo "ERROR: $*" >&2
  exit 1
}

# ---------------------------------------------------------------- packages
find_pg_bin() {
  # Prefer the real versioned directory (highest version) over wrappers on PATH.
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n $d && -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
    echo "$d"
  fi
}

missing=()
[[ -n $(find_pg_bin) ]] || missing+=(postgresql)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# The PDF compliance report embeds DejaVu Sans; its tests read the PDF back with poppler's pdftotext.
[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# JPEG decoding for PDQ image hashes (P/Invoke into the TurboJPEG API). grep without -q: under
# pipefail, -q can end ldconfig with SIGPIPE and report a library that is there as missing.
[[ -e /usr/lib/x86_64-linux-gnu/libturbojpeg.so.0 ]] || ldconfig -p | grep libturbojpeg.so.0 >/dev/null || missing+=(libturbojpeg0)

if ((${#missing[@]})); then
  if [[ $(id -u) != 0 ]]; then
    fail_early "missing packages: ${missing[*]}. Run as root, or install them first:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -q || fail_early "apt-get update failed"
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}" \
    || fail_early "apt-get install failed"
fi

PGBIN=$(find_pg_bin)
[[ -n $PGBIN ]] || fail_early "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
log "PostgreSQL: $PGBIN ($("$PGBIN/postgres" --version))"

# ---------------------------------------------------------------- postgres
# Fixed under /tmp so the postgres user can always traverse to it.
WORK=$(mktemp -d /tmp/enjoin-ci.XXXXXX)
chmod 755 "$WORK"
PGROOT="$WORK/pg"
PGDATA_DIR="$PGROOT/data"
mkdir -p "$PGROOT"

if [[ $(id -u) == 0 ]]; then
  if ! id -u postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin postgres
  fi
  chown -R postgres: "$PGROOT"
  PG_RUN=(runuser -u postgres --)
else
  PG_RUN=()
fi
chmod 700 "$PGROOT"

pg() { (cd "$PGROOT" && "${PG_RUN[@]}" "$@"); }

pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$PGROOT/initdb.log" 2>&1 \
  || { cat "$PGROOT/initdb.log" >&2; fail_early "initdb failed"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PORT=""
for p in $(seq 54329 54429); do
  port_in_use "$p" && continue
  if pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGROOT/server.log" -w -t 60 \
    -o "-F -c listen_addresses=127.0.0.1 -p $p -k $PGROOT" start >/dev/null 2>&1; then
    PORT=$p
    PG_STARTED=1
    break
  fi
done
if [[ -z $PORT ]]; then
  cat "$PGROOT/server.log" >&2 || true
  fail_early "could not start PostgreSQL on any port in 54329-54429"
fi

"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres enjoin_test \
  || fail_early "createdb enjoin_test failed"
log "PostgreSQL listening on 127.0.0.1:$PORT (data in $PGDATA_DIR)"

export ENJOIN_TEST_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=enjoin_test"
export ENJOIN_REQUIRE_POSTGRES=1

# ---------------------------------------------------------------- build
log "dotnet build $SOLUTION -c $CONFIG"
dotnet build "$SOLUTION" -c "$CONFIG" -v minimal -nologo || fail_early "build failed"

# ---------------------------------------------------------------- test
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
log "dotnet test $SOLUTION -c $CONFIG --no-build"
test_rc=0
# The bare "trx" logger names each file <user>_<host>_<timestamp>[n].trx, unique per
# test project. A fixed LogFileName=... would make the projects of the solution
# overwrite one another's results (verified with SDK 10.0.401), and the {assembly}
# placeholder is not expanded by the VSTest TRX logger.
timeout --kill-after=30s "$TEST_TIMEOUT" \
  dotnet test "$SOLUTION" -c "$CONFIG" --no-build -nologo -v minimal \
  --results-directory "$RESULTS" \
  --logger "trx" \
  --logger "console;verbosity=minimal" || test_rc=$?

shopt -s nullglob globstar
attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
trx_files=("$RESULTS"/**/*.trx)
for f in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1 || true)
  if [[ -z $counters ]]; then
    echo "ERROR: no <Counters> in $f" >&2
    FAILED=$((FAILED + 1))
    continue
  fi
  p=$(attr passed) fl=$(attr failed) er=$(attr error) to=$(attr timeout) ab=$(attr aborted)
  PASSED=$((PASSED + ${p:-0}))
  FAILED=$((FAILED + ${fl:-0} + ${er:-0} + ${to:-0} + ${ab:-0}))
done

status=0
if ((${#trx_files[@]} == 0)); then
  echo "ERROR: dotnet test produced no TRX results (exit code $test_rc)" >&2
  FAILED=$((FAILED + 1))
  status=1
elif ((test_rc != 0 && FAILED == 0)); then
  # Crash, timeout or similar that the counters did not capture.
  echo "ERROR: dotnet test exited with $test_rc" >&2
  FAILED=$((FAILED + 1))
  status=1
fi
if ((FAILED > 0)); then
  status=1
elif ((PASSED == 0)); then
  echo "ERROR: no tests ran" >&2
  status=1
fi

SUMMARY_DONE=1
echo "$PASSED passed, $FAILED failed"
exit "$status"
