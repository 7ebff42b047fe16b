# Shared by the benchmark scripts (sourced, not run): the repository root as working directory, GNU time,
# the examples' class path ($cp, building the project if needed), and div A B (A / B to two decimals).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
[ -f examples/target/classpath.txt ] || mvn -B -ntp -q -DskipTests install
cp="$(cat examples/target/classpath.txt):examples/target/classes"
div() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
