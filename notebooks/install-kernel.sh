#!/usr/bin/env bash
# Installs the Jupyter kernelspec "skillscope-java": the rapaio Java kernel (JShell) with skillscope and
# all its dependencies on the classpath, so a notebook needs only `import io.skillscope.api.*;`.
#
#   notebooks/install-kernel.sh [--data-dir DIR] [--name NAME] [--no-build]
#
#   --data-dir DIR  Jupyter data dir; the spec goes to DIR/kernels/NAME
#                   (default: $JUPYTER_DATA_DIR, else ~/.local/share/jupyter)
#   --name NAME     kernelspec name (default: skillscope-java)
#   --no-build      fail instead of building when notebooks/target is missing
#
# Environment: SKILLSCOPE_JAVA (the java binary; default $JAVA_HOME/bin/java, else java on PATH, which must
# be Java 17 or newer), SKILLSCOPE_KERNEL_JAVA_OPTS (JVM options; default below), OMP_WAIT_POLICY (written
# into the kernel's environment; default PASSIVE).
#
# Builds the notebooks module first when its classpath is missing (Maven offline first, then Maven Central).
# The spec points at notebooks/target: run this again after `mvn clean`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
data_dir="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}"
name="skillscope-java"
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) data_dir="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "install-kernel.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

target="$here/target"
kernel_jar="$target/kernel/rapaio-jupyter-kernel.jar"
launcher_jar() { ls "$target"/kernel/skillscope-notebooks-*-kernel-launcher.jar 2>/dev/null | head -n 1; }
own_jar() { ls "$target"/skillscope-notebooks-*.jar 2>/dev/null | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1; }

if [ ! -f "$kernel_jar" ] || [ ! -d "$target/classpath" ] || [ -z "$(own_jar)" ] || [ -z "$(launcher_jar)" ]; then
  if [ "$build" = 0 ]; then
    echo "install-kernel.sh: $target has no kernel classpath; build with: mvn -B package -pl notebooks -am -DskipTests" >&2
    exit 1
  fi
  echo "install-kernel.sh: building the notebooks module (mvn package -pl notebooks -am -DskipTests)"
  # -am: the skillscope modules come from this checkout, never from another build's jars in ~/.m2.
  (cd "$root" && { mvn -q -B -o package -pl notebooks -am -DskipTests || mvn -q -B package -pl notebooks -am -DskipTests; })
fi

java_bin="${SKILLSCOPE_JAVA:-}"
if [ -z "$java_bin" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"; else java_bin="$(command -v java)"; fi
fi
java_bin="$(readlink -f "$java_bin")"
java_major="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
if [ -z "$java_major" ] || [ "${java_major%%.*}" -lt 17 ]; then
  echo "install-kernel.sh: $java_bin is Java '${java_major:-?}'; the kernel needs Java 17 or newer (set SKILLSCOPE_JAVA)" >&2
  exit 1
fi

# RJK_CLASSPATH lists every jar, separated by ";" (the kernel splits on ";", not on the platform's ":"):
# JShell adds the entries one by one, so a directory wildcard would not work.
cp_entries=("$(own_jar)")
for j in "$target"/classpath/*.jar; do cp_entries+=("$j"); done
classpath="$(IFS=";"; echo "${cp_entries[*]}")"

kernel_dir="$data_dir/kernels/$name"
mkdir -p "$kernel_dir"

json_string() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }

# -Djava.awt.headless: charts render off-screen. ai.djl.offline: DJL never downloads an engine (the
# PyTorch native library ships in pytorch-native-cpu on the classpath). One PyTorch thread: the notebooks'
# models are tiny, and on a busy 2-core machine one thread generated 2.8x faster than the default two
# (32 tokens: 1.9 s against 5.2 s). slf4j.internal.verbosity: no "no SLF4J providers" warning in cells.
read -r -a java_opts <<< "${SKILLSCOPE_KERNEL_JAVA_OPTS:--Xmx3g -Djava.awt.headless=true -Dai.djl.offline=true \
-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Dslf4j.internal.verbosity=ERROR}"
# The JVM's own classpath holds only the kernel and the launcher, which restarts a loop thread that the
# kernel's start-up race killed (see KernelLauncher and README.md); skillscope itself comes in through
# RJK_CLASSPATH, where JShell compiles against it and loads it.
# The launcher comes first: its logging.properties (warnings only) is the one the kernel reads, so a
# notebook run prints no INFO line per message (SKILLSCOPE_KERNEL_VERBOSE=1 in the kernel's environment
# brings them back, see QuietStartup).
# PyTorch's bundled GNU OpenMP reads OMP_WAIT_POLICY when it loads: PASSIVE threads sleep between parallel
# regions instead of spinning (bench/THREADS.md). The kernel's environment comes from kernel.json, so it goes
# there; a value set when this script runs is kept.
omp_wait_policy="${OMP_WAIT_POLICY:-PASSIVE}"
argv=("$java_bin" "${java_opts[@]}" -cp "$(launcher_jar):$kernel_jar" io.skillscope.notebooks.kernel.KernelLauncher
  "{connection_file}")
argv_json=""
for a in "${argv[@]}"; do argv_json+="${argv_json:+, }$(json_string "$a")"; done

tmp="$kernel_dir/kernel.json.tmp.$$"
cat > "$tmp" <<EOF
{
  "argv": [$argv_json],
  "display_name": "Java (skillscope)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "OMP_WAIT_POLICY": $(json_string "$omp_wait_policy"),
    "RJK_CLASSPATH": $(json_string "$classpath"),
    "RJK_COMPILER_OPTIONS": "-Xlint:none",
    "RJK_TIMEOUT_MILLIS": "-1",
    "RJK_INIT_SCRIPT": $(json_string "$here/kernel-init.jshell"),
    "RJK_MIMA_CACHE": $(json_string "$kernel_dir/mima_cache")
  },
  "metadata": {"skillscope_root": $(json_string "$root")}
}
EOF
mv -f "$tmp" "$kernel_dir/kernel.json"
echo "installed kernelspec '$name' in $kernel_dir (java $java_major: $java_bin; ${#cp_entries[@]} classpath jars)"
