# shellcheck shell=bash
# Finds a JDK 21+ for Solstice. Sourced by bin/solstice and .ci/run (bash).
#
#   solstice_find_java   sets SOLSTICE_JAVA_HOME (the JDK's home) and SOLSTICE_JAVA (its java
#                        binary) and SOLSTICE_JAVA_MAJOR, or prints what to install and returns 1.
#
# Order: JAVA_HOME if it is 21+, else `java` on PATH if 21+, else the newest 21+ JDK under
# /usr/lib/jvm, /usr/java, /opt/java, macOS's /Library/Java/JavaVirtualMachines, Homebrew and
# SDKMAN. A version is read from the JDK's `release` file when there is one (no JVM start), else
# from `java -version`.

SOLSTICE_MIN_JAVA=21

# Prints the major version of the java binary $1 (8 for 1.8), or nothing if it cannot tell.
solstice_java_major() {
  local java="$1" home version=""
  [[ -x "$java" ]] || return 0
  home="$(cd "$(dirname "$java")/.." 2>/dev/null && pwd -P)" || home=""
  if [[ -n "$home" && -r "$home/release" ]]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" 2>/dev/null | head -n 1)"
  fi
  if [[ -z "$version" ]]; then
    version="$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  [[ -n "$version" ]] || return 0
  version="${version#1.}"          # 1.8.0_402 -> 8.0_402
  version="${version%%[.+_-]*}"    # 21.0.2 -> 21, 25-ea -> 25
  [[ "$version" =~ ^[0-9]+$ ]] && printf '%s\n' "$version"
  return 0
}

# Resolves symlinks of $1 (portable: no readlink -f on older macOS).
solstice_realpath() {
  local path="$1" link
  while [[ -L "$path" ]]; do
    link="$(readlink "$path")"
    case "$link" in
      /*) path="$link" ;;
      *) path="$(dirname "$path")/$link" ;;
    esac
  done
  printf '%s\n' "$(cd "$(dirname "$path")" && pwd -P)/$(basename "$path")"
}

# Accepts the JDK home $1 if its java is 21+: sets the SOLSTICE_JAVA* variables.
solstice_accept_home() {
  local home="$1" major
  [[ -n "$home" && -x "$home/bin/java" ]] || return 1
  major="$(solstice_java_major "$home/bin/java")"
  [[ -n "$major" && "$major" -ge "$SOLSTICE_MIN_JAVA" ]] || return 1
  SOLSTICE_JAVA_HOME="$(cd "$home" && pwd -P)"
  SOLSTICE_JAVA="$SOLSTICE_JAVA_HOME/bin/java"
  SOLSTICE_JAVA_MAJOR="$major"
  return 0
}

solstice_find_java() {
  SOLSTICE_JAVA_HOME="" SOLSTICE_JAVA="" SOLSTICE_JAVA_MAJOR=""
  local seen=""

  # 1. JAVA_HOME
  if [[ -n "${JAVA_HOME:-}" ]]; then
    solstice_accept_home "$JAVA_HOME" && return 0
    seen+="  JAVA_HOME=$JAVA_HOME is Java $(solstice_java_major "$JAVA_HOME/bin/java" || true)"$'\n'
  fi

  # 2. java on PATH
  local on_path
  if on_path="$(command -v java 2>/dev/null)" && [[ -n "$on_path" ]]; then
    on_path="$(solstice_realpath "$on_path")"
    solstice_accept_home "$(dirname "$(dirname "$on_path")")" && return 0
    seen+="  java on PATH ($on_path) is Java $(solstice_java_major "$on_path" || true)"$'\n'
  fi

  # 3. the newest 21+ JDK in the usual places
  local best_home="" best_major=0 candidate major
  local candidates=(
    /usr/lib/jvm/*
    /usr/java/*
    /opt/java/*
    /Library/Java/JavaVirtualMachines/*/Contents/Home
    "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home
    /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home
    /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home
    "${SDKMAN_DIR:-$HOME/.sdkman}"/candidates/java/*
  )
  for candidate in "${candidates[@]}"; do
    [[ -x "$candidate/bin/java" ]] || continue
    major="$(solstice_java_major "$candidate/bin/java")"
    [[ -n "$major" ]] || continue
    if [[ "$major" -ge "$SOLSTICE_MIN_JAVA" && "$major" -gt "$best_major" ]]; then
      best_home="$candidate" best_major="$major"
    fi
  done
  if [[ -n "$best_home" ]] && solstice_accept_home "$best_home"; then
    return 0
  fi

  {
    echo "Solstice needs a JDK $SOLSTICE_MIN_JAVA or newer, and none was found."
    [[ -n "$seen" ]] && printf '%s' "$seen"
    echo "Looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /Library/Java/JavaVirtualMachines, Homebrew and SDKMAN."
    echo "Install one, e.g.:"
    echo "  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk   (or temurin-21-jdk)"
    echo "  macOS:          brew install openjdk@21"
    echo "  SDKMAN:         sdk install java 21-tem"
    echo "then run again, or set JAVA_HOME to its home directory."
  } >&2
  return 1
}
