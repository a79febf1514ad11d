#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker in KRaft mode on loopback. Idempotent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if port_open 127.0.0.1 "$KAFKA_PORT"; then
  log "Kafka already answers on 127.0.0.1:$KAFKA_PORT"
  exit 0
fi

command -v java >/dev/null 2>&1 || die "Java 17+ not found: install openjdk-17-jre-headless"
java_major=$(java -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)
[[ -n "$java_major" && "$java_major" -ge 17 ]] ||
  die "Java 17+ not found (found '${java_major:-none}'): install openjdk-17-jre-headless"

pom="$OMNI_ROOT/infra/kafka/pom.xml"
libs="$KAFKA_DIR/libs"
stamp="$libs/.pom.sha256"
want=$(sha256sum "$pom" | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  command -v mvn >/dev/null 2>&1 || die "Maven not found: install maven (it resolves the Kafka jars from Maven Central)"
  log "resolving Kafka jars from Maven Central (pinned in infra/kafka/pom.xml)"
  rm -rf "$libs"; mkdir -p "$libs"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" ||
    die "could not resolve the Kafka jars with Maven; is Maven Central reachable?"
  echo "$want" > "$stamp"
fi

mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
config="$KAFKA_DIR/server.properties"
sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
    -e "s#@DATA_DIR@#$KAFKA_DIR/data#g" "$OMNI_ROOT/infra/kafka/server.properties.template" > "$config"

java_opts=(-cp "$libs/*" -Dlog4j2.configurationFile="$OMNI_ROOT/infra/kafka/log4j2.properties"
  -Dkafka.logs.dir="$KAFKA_DIR/logs" -Djava.awt.headless=true)

if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
  cluster_id=$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  log "formatting KRaft storage (cluster $cluster_id)"
  java "${java_opts[@]}" kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$config" \
    > "$KAFKA_DIR/logs/format.log" 2>&1 || { cat "$KAFKA_DIR/logs/format.log" >&2; die "formatting Kafka storage failed"; }
fi

log "starting Kafka ${KAFKA_HEAP} on 127.0.0.1:$KAFKA_PORT"
# shellcheck disable=SC2086
nohup java $KAFKA_HEAP -XX:+UseG1GC "${java_opts[@]}" kafka.Kafka "$config" \
  > "$KAFKA_DIR/logs/console.log" 2>&1 < /dev/null &
echo $! > "$KAFKA_DIR/kafka.pid"

broker_ready() {
  pid_alive "$KAFKA_DIR/kafka.pid" || { tail -30 "$KAFKA_DIR/logs/console.log" >&2; die "Kafka exited during start-up; see $KAFKA_DIR/logs"; }
  port_open 127.0.0.1 "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_DIR/logs/server.log" 2>/dev/null
}
wait_for "Kafka" "$INFRA_TIMEOUT" broker_ready ||
  die "Kafka did not become ready within ${INFRA_TIMEOUT}s; see $KAFKA_DIR/logs/server.log"
log "Kafka ready on 127.0.0.1:$KAFKA_PORT"
