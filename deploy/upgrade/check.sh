#!/usr/bin/env bash
# The rolling-upgrade check: the previous release (the commit in ./previous-release) serves one
# PostgreSQL under a steady load while this working tree's `heroes migrate` runs; then both
# versions serve it at once, the previous one is stopped and started again on the migrated schema
# (a rollback), and no request may get an error through any of it (RollingUpgradeIT).
#
# Builds the previous release's jar in a git worktree under target/ (kept: a second run reuses
# it), then runs RollingUpgradeIT with this tree's jar. Needs git history (a clone, not an
# archive); PREVIOUS_RELEASE=<revision> checks against another one.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
previous="${PREVIOUS_RELEASE:-$(cat deploy/upgrade/previous-release)}"
commit="$(git rev-parse --verify "$previous^{commit}")" || {
  echo "upgrade check: revision $previous is not in this clone's history (git fetch --unshallow?)" >&2
  exit 1
}
worktree="$repo/target/previous-release/${commit:0:12}"
jar="$worktree/target/heroes.jar"
if [[ ! -f "$jar" ]]; then
  echo "upgrade check: building the previous release ${commit:0:12} in $worktree"
  rm -rf "$worktree"
  git worktree prune
  git worktree add --detach "$worktree" "$commit" >/dev/null
  (cd "$worktree" && ./mvnw -q -B package -DskipTests -Dheroes.aot.skip)
fi
echo "upgrade check: previous release ${commit:0:12} against this tree ($(git rev-parse --short HEAD))"
exec ./mvnw -B -Pupgrade-check -DskipUTs -Dheroes.aot.skip \
  -Dheroes.previous.jar="$jar" -Dheroes.previous.commit="${commit:0:12}" verify
