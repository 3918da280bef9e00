#!/usr/bin/env bash
# Writes schemas/ again from the official Kubernetes Java client's models (see README.md):
#
#   bash src/test/resources/kubernetes/refresh.sh [client-java-api version] [gson version]
#
# The client's version names the Kubernetes release whose OpenAPI spec it was generated from
# (27.0.0: release-1.36; the client's CHANGELOG says which). Maven downloads both jars.
set -euo pipefail

client="${1:-27.0.0}" gson="${2:-2.14.0}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
jars="$(mktemp -d)"
trap 'rm -rf "$jars"' EXIT

for artifact in "io.kubernetes:client-java-api:$client" "com.google.code.gson:gson:$gson"; do
    "$root/mvnw" -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$jars" -Dmdep.stripVersion=true
done
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
rm -f "$here"/schemas/*.json
"$java" --class-path "$jars/client-java-api.jar:$jars/gson.jar" "$here/SchemasFromKubernetesClient.java" \
    "$here/schemas" "io.kubernetes:client-java-api:$client, from the Kubernetes OpenAPI spec"
