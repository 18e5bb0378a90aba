# Sourced by bin/engram and bin/test: sets ENGRAM_JAVA_HOME to a JDK 21 or newer.
# Order: $JAVA_HOME, then the JDK of `java` on PATH, then the newest JDK in the usual JVM folders.
# Prints one clear line and returns 1 when none is found.

engram_java_major() {
  # $1: a JDK home. Prints its feature version (17, 21, 25...) or nothing. Reads the JDK's release file when it has
  # one (no JVM start), else asks the JVM itself.
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$1/release" | head -n 1
    return 0
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

engram_find_java() {
  local min=21 candidate major best="" best_major=0
  # 1. $JAVA_HOME, 2. the java on PATH: the first that is new enough wins.
  for candidate in "${JAVA_HOME:-}" \
      "$(command -v java >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; do
    [ -n "$candidate" ] || continue
    major=$(engram_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then best="$candidate"; break; fi
  done
  # 3. Otherwise the newest JDK in the usual folders.
  if [ -z "$best" ]; then
    for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* \
        "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
      [ -d "$candidate" ] || continue
      major=$(engram_java_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
        best="$candidate"; best_major=$major
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "engram: no JDK $min or newer found (looked at JAVA_HOME, the java on PATH and /usr/lib/jvm)." \
      "Install one (Debian 13: 'apt-get install openjdk-21-jdk-headless'; otherwise Temurin 21+) or set JAVA_HOME to it." >&2
    return 1
  fi
  ENGRAM_JAVA_HOME=$(readlink -f "$best")
  export ENGRAM_JAVA_HOME
}
