#!/usr/bin/env bash
# Makes sure a PostgreSQL answers on $OMNI_PG_HOST:$OMNI_PG_PORT. Uses a running server when
# there is one, otherwise starts the machine's cluster, otherwise initialises one under .omni.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null || port_open "$PG_HOST" "$PG_PORT"; }

if pg_up; then
  log "PostgreSQL already answers on $PG_HOST:$PG_PORT"
  exit 0
fi

if command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]] && [[ -n "$(ls /etc/postgresql 2>/dev/null)" ]]; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  log "starting the machine's PostgreSQL $version cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || log "pg_ctlcluster could not start it; trying a private cluster"
  if wait_for "PostgreSQL" 30 pg_up; then log "PostgreSQL ready on $PG_HOST:$PG_PORT"; exit 0; fi
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[[ -n "$bindir" && -x "$bindir/initdb" ]] ||
  die "no PostgreSQL answers on $PG_HOST:$PG_PORT and no server binaries were found: install postgresql (apt-get install postgresql) or start one"

run_as=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "PostgreSQL will not run as root and there is no 'postgres' user to run it as"
  run_as=(runuser -u postgres --)
fi
data="$PG_DIR/data"
mkdir -p "$PG_DIR"
[[ ${#run_as[@]} -gt 0 ]] && chown -R postgres "$PG_DIR"
if [[ ! -f "$data/PG_VERSION" ]]; then
  log "initialising a private PostgreSQL cluster in $data"
  "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
fi
log "starting the private PostgreSQL on $PG_HOST:$PG_PORT"
"${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$PG_DIR/postgres.log" -w -t "$INFRA_TIMEOUT" \
  -o "-c listen_addresses=$PG_HOST -p $PG_PORT -k /tmp -c max_connections=300" start >/dev/null ||
  { tail -20 "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
wait_for "PostgreSQL" "$INFRA_TIMEOUT" pg_up || die "PostgreSQL did not become ready within ${INFRA_TIMEOUT}s"
log "PostgreSQL ready on $PG_HOST:$PG_PORT"
