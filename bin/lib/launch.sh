# shellcheck shell=bash
# Starts the Solstice JVM. Sourced by bin/solstice (the repository's launcher, which builds first)
# and by the distribution's bin/solstice (which never builds); both find a JDK with find-java.sh.
#
#   solstice_launch LIB_DIR HOME [ARGS…]   execs io.solstice.app.Main with every jar in LIB_DIR on
#                                          the class path, -Dsolstice.home=HOME, the JVM flags below
#                                          and SOLSTICE_JAVA_OPTS. Needs SOLSTICE_JAVA and
#                                          SOLSTICE_JAVA_MAJOR from solstice_find_java.

solstice_launch() {
  local lib="$1" home="$2"
  shift 2
  local jvm_flags=(
    -XX:+UseG1GC
    -XX:MaxRAMPercentage=50
    -XX:+ExitOnOutOfMemoryError
    -Dfile.encoding=UTF-8
    -Dstdout.encoding=UTF-8
    --enable-native-access=ALL-UNNAMED
  )
  # JDK 24+ warns when libraries use sun.misc.Unsafe memory access; allow it quietly.
  if [[ "$SOLSTICE_JAVA_MAJOR" -ge 24 ]]; then
    jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
  fi
  # shellcheck disable=SC2206 # word splitting of user options is intended
  local extra=(${SOLSTICE_JAVA_OPTS:-})
  exec "$SOLSTICE_JAVA" "${jvm_flags[@]}" ${extra[@]+"${extra[@]}"} \
    -Dsolstice.home="$home" \
    -cp "$lib/*" io.solstice.app.Main "$@"
}
