# Sourced by ./mvnw before it starts Maven (POSIX sh; mvnw runs with `set -euf`).
#
# heroes needs JDK 25 or newer, and Maven must run on it (jOOQ's code generator runs inside Maven,
# and the build trains the JDK 25 AOT cache with the JDK that Maven runs on). When neither
# JAVA_HOME nor the `java` on PATH is one, this picks the oldest JDK 25+ installed in a standard
# place and exports it as JAVA_HOME for this build only; with none, it stops with one line saying
# what to install. HEROES_JDK_SEARCH=off turns the search off.

heroes_required_feature=25

# The feature version (17, 25, ...) of the JDK whose home is $1, or 0 when $1 is no JDK.
heroes_jdk_feature() {
  if [ ! -x "$1/bin/java" ] || [ ! -x "$1/bin/javac" ]; then
    echo 0
    return
  fi
  heroes_v=""
  if [ -f "$1/release" ]; then
    heroes_v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")"
  fi
  if [ -z "$heroes_v" ]; then
    heroes_v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
  fi
  case "$heroes_v" in
  '' | *[!0-9]*) echo 0 ;;
  *) echo "$heroes_v" ;;
  esac
}

heroes_find_jdk() {
  heroes_best="" heroes_best_feature=0
  set +f
  for heroes_home in \
    /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
    "${SDKMAN_CANDIDATES_DIR:-${SDKMAN_DIR:-$HOME/.sdkman}/candidates}"/java/* \
    "${MISE_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/mise}"/installs/java/* \
    "${ASDF_DATA_DIR:-$HOME/.asdf}"/installs/java/* \
    "$HOME"/.jdks/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home \
    /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
    /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home; do
    [ -d "$heroes_home" ] || continue
    heroes_feature="$(heroes_jdk_feature "$heroes_home")"
    if [ "$heroes_feature" -ge "$heroes_required_feature" ] &&
      { [ -z "$heroes_best" ] || [ "$heroes_feature" -lt "$heroes_best_feature" ]; }; then
      heroes_best="$heroes_home" heroes_best_feature="$heroes_feature"
    fi
  done
  set -f
  printf %s "$heroes_best"
}

if [ "${HEROES_JDK_SEARCH:-on}" != off ]; then
  if [ -n "${JAVA_HOME-}" ]; then
    heroes_current="$JAVA_HOME"
  else
    heroes_current="$(command -v java 2>/dev/null || :)"
    # /usr/bin/java -> /usr/lib/jvm/<jdk>/bin/java: its home is two levels above the resolved file
    [ -z "$heroes_current" ] || heroes_current="$(cd "$(dirname "$(readlink -f "$heroes_current" 2>/dev/null || echo "$heroes_current")")/.." 2>/dev/null && pwd -P)" || heroes_current=""
  fi
  if [ -z "$heroes_current" ] || [ "$(heroes_jdk_feature "$heroes_current")" -lt "$heroes_required_feature" ]; then
    heroes_found="$(heroes_find_jdk)"
    if [ -z "$heroes_found" ]; then
      echo "heroes needs a JDK $heroes_required_feature or newer and found none (JAVA_HOME, PATH, /usr/lib/jvm, SDKMAN, mise, asdf, /Library/Java): install one, e.g. Temurin 25 from https://adoptium.net, or run 'sdk env install' or 'mise install' here" >&2
      exit 1
    fi
    if [ -n "${JAVA_HOME-}" ]; then
      echo "mvnw: JAVA_HOME=$JAVA_HOME is older than JDK $heroes_required_feature; building with $heroes_found" >&2
    fi
    JAVA_HOME="$heroes_found"
    export JAVA_HOME
  fi
fi
