#!/usr/bin/env bash
# Builds the runtime image; `./mvnw -Pjlink-image package` runs it after the jar and target/libs:
#
#   target/heroes-<version>/ (target/heroes)     bin/heroes (the launcher), runtime/ (a Java runtime
#                                                of only the modules heroes needs), app/heroes.jar,
#                                                app/libs/, app/heroes.aot (its AOT cache)
#   target/heroes-<version>-<os>-<arch>.tar.gz   the same, to unpack anywhere
#
# Usage: build.sh <JDK home> <target dir> <version> "<JVM flags>"
set -euo pipefail

jdk="$1" target="$2" version="$3" flags="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="heroes-$version"
image="$target/$name"

case "$(uname -s)-$(uname -m)" in
Linux-x86_64 | Linux-amd64) platform=linux-x64 ;;
Linux-aarch64 | Linux-arm64) platform=linux-aarch64 ;;
Darwin-arm64) platform=macos-aarch64 ;;
Darwin-x86_64) platform=macos-x64 ;;
*) platform="$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)" ;;
esac

rm -rf "$image" "$target/heroes" "$target/$name"-*.tar.gz
mkdir -p "$image/bin" "$image/app"
cp "$target/heroes.jar" "$image/app/"
cp -R "$target/libs" "$image/app/libs"

# The modules the classes name, as jdeps reads them, and those reached only by reflection:
# jdk.management for the process and JVM meters (com.sun.management), jdk.jfr so that an operator can
# record with -XX:StartFlightRecording, jdk.zipfs and jdk.localedata for libraries that look them up.
modules="$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
    --class-path "$image/app/libs/*" "$image/app/heroes.jar")"
modules="$modules,jdk.management,jdk.jfr,jdk.zipfs,jdk.localedata"
echo "heroes image: jlink $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --output "$image/runtime"

sed "s|@JVM_FLAGS@|$flags|" "$here/heroes" >"$image/bin/heroes"
chmod 755 "$image/bin/heroes"

# The AOT cache, trained with the image's own runtime over every route (heroes train), as
# target/heroes.aot is for the jar: classes and the training load's JIT profiles (see the pom's
# aot-cache), and no compiled adapters or stubs, which a jlink'd runtime did not find again at start
# (a warning each).
# shellcheck disable=SC2086 # flags holds several options
"$image/runtime/bin/java" $flags -XX:+UnlockDiagnosticVMOptions \
    -XX:-AOTAdapterCaching -XX:-AOTStubCaching -XX:AOTCacheOutput="$image/app/heroes.aot" -Xlog:aot=error \
    -jar "$image/app/heroes.jar" train
rm -f "$image/app/heroes.aot.config"

ln -sfn "$name" "$target/heroes"    # a name that stays: target/heroes/bin/heroes
tar -C "$target" -czf "$target/$name-$platform.tar.gz" "$name"
echo "heroes image: $target/$name-$platform.tar.gz ($(du -sh "$target/$name-$platform.tar.gz" | cut -f1); unpacked $(du -sh "$image" | cut -f1))"
