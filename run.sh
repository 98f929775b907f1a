#!/usr/bin/env bash
# Emotion.ML: the one entry point.
#   ./run.sh setup   check .NET, install the C++ runtime TorchSharp needs (Debian 12) and GTK 3 for OpenCV, restore packages
#   ./run.sh test    setup, build, run every test project; ends with "N passed, N failed"
#   ./run.sh demo    setup, then train and evaluate on the embedded data in data/
#   ./run.sh bench [filter] [--full]   BenchmarkDotNet suite (short job unless --full)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
CONFIG=${CONFIG:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '[run.sh] %s\n' "$*"; }
die() { printf '[run.sh] error: %s\n' "$*" >&2; exit 1; }

need_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die ".NET SDK not found. Install the .NET 10 SDK (https://dot.net) and run again."
  local major
  major=$(dotnet --version 2>/dev/null | cut -d. -f1)
  [ "${major:-0}" -ge 10 ] || die ".NET SDK $(dotnet --version) found; the tests and tools need SDK 10 or newer."
}

# TorchSharp 0.107's native library needs GLIBCXX_3.4.32 (libstdc++ from GCC 13+).
# Decide by the symbol, never by the OS version: after the fix Debian 12 reports itself as 13.
libstdcxx_ok() {
  [ "$(uname -s)" != "Linux" ] && return 0
  local lib
  for lib in /lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6 /lib/aarch64-linux-gnu/libstdc++.so.6; do
    if [ -e "$lib" ] && grep -qa GLIBCXX_3.4.32 "$lib"; then return 0; fi
  done
  return 1
}

ensure_libstdcxx() {
  if libstdcxx_ok; then
    say "libstdc++ already provides GLIBCXX_3.4.32: nothing to install."
    return
  fi
  . /etc/os-release 2>/dev/null || true
  if [ "${ID:-}" != "debian" ]; then
    die "libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp's native runtime needs (GCC 13 or newer).
  Ubuntu 24.04+, Debian 13+ and Fedora 39+ have it; on ${PRETTY_NAME:-this system} install a libstdc++ from GCC 13+ and run again."
  fi
  if [ "$(id -u)" -ne 0 ]; then
    die "libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp's native runtime needs.
  On Debian 12 the fix installs libstdc++6 from Debian 13 (trixie); that needs root. Run: sudo ./run.sh setup"
  fi
  say "Installing libstdc++6 from Debian 13 (trixie): TorchSharp needs GLIBCXX_3.4.32 (takes a minute or two)."
  local uri
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || die "could not find the Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list."
  printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
    > /etc/apt/sources.list.d/trixie.sources
  # Priority 100: nothing else is taken from trixie unless asked for.
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie.pref
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -t trixie libstdc++6
  libstdcxx_ok || die "libstdc++6 from trixie was installed but GLIBCXX_3.4.32 is still missing."
  say "libstdc++ now provides GLIBCXX_3.4.32."
}

# OpenCV's native library (OpenCvSharp4.official.runtime.linux-x64, used by Emotion.ML.Vision) links GTK 3.
gtk_ok() {
  [ "$(uname -s)" != "Linux" ] && return 0
  ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0' && return 0
  local dir
  for dir in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib; do
    [ -e "$dir/libgtk-3.so.0" ] && return 0
  done
  return 1
}

ensure_gtk() {
  if gtk_ok; then
    say "libgtk-3 already installed: nothing to install."
    return
  fi
  . /etc/os-release 2>/dev/null || true
  if [ "${ID:-}" != "debian" ] && [ "${ID:-}" != "ubuntu" ]; then
    die "libgtk-3.so.0 is missing; OpenCV's native runtime (face detection in Emotion.ML.Vision) needs it.
  Install GTK 3 with the package manager of ${PRETTY_NAME:-this system} (e.g. gtk3) and run again."
  fi
  if [ "$(id -u)" -ne 0 ]; then
    die "libgtk-3.so.0 is missing; OpenCV's native runtime (face detection in Emotion.ML.Vision) needs it.
  Installing it needs root. Run: sudo apt-get install libgtk-3-0 (or sudo ./run.sh setup)"
  fi
  say "Installing libgtk-3-0: OpenCV's native runtime needs it (about a minute)."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libgtk-3-0 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libgtk-3-0; }
  gtk_ok || die "libgtk-3-0 was installed but libgtk-3.so.0 is still not found."
  say "libgtk-3 is installed."
}

restore_stamp() {
  cat Directory.Packages.props Directory.Build.props NuGet.config global.json $(git ls-files '*.csproj' 2>/dev/null || find . -name '*.csproj' -not -path './artifacts/*') 2>/dev/null | sha256sum | cut -d' ' -f1
}

restore() {
  local stamp_file=artifacts/.restore-stamp stamp
  stamp=$(restore_stamp)
  if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] && [ -f src/Emotion.ML/obj/project.assets.json ]; then
    say "NuGet packages already restored: nothing to do."
    return
  fi
  say "Restoring NuGet packages (the first time downloads TorchSharp's libtorch, about 2 minutes)."
  dotnet restore Emotion.ML.sln -v q
  mkdir -p artifacts && printf '%s' "$stamp" > "$stamp_file"
}

setup() {
  need_dotnet
  say ".NET SDK $(dotnet --version)."
  ensure_libstdcxx
  ensure_gtk
  restore
}

run_tests() {
  setup
  say "Building ($CONFIG)."
  dotnet build Emotion.ML.sln -c "$CONFIG" --no-restore -v q -nologo -clp:ErrorsOnly
  local passed=0 failed=0 skipped=0 rc_all=0 project out rc line
  mkdir -p artifacts/test
  for project in $(ls -d tests/*/ | sed 's:/$::'); do
    [ -f "$project/$(basename "$project").csproj" ] || continue
    say "Testing $(basename "$project")."
    out="artifacts/test/$(basename "$project").log"
    set +e
    dotnet test "$project" -c "$CONFIG" --no-build --no-restore -nologo 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    set -e
    line=$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$out" | tail -n 1 || true)
    if [ -n "$line" ]; then
      failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")))
      passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$line")))
      skipped=$((skipped + $(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$line")))
    fi
    if [ "$rc" -ne 0 ]; then
      rc_all=1
      if [ -z "$line" ] || [ "$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")" = "0" ]; then
        say "$(basename "$project") exited with code $rc without reporting a failed test (crash or build problem): counted as 1 failure."
        failed=$((failed + 1))
      fi
    fi
  done
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ] && [ "$rc_all" -eq 0 ]
}

demo() {
  setup
  dotnet run --project src/Emotion.ML.Cli -c "$CONFIG" -- demo "$@"
}

bench() {
  setup
  local filter="*" job="--job short"
  for arg in "$@"; do
    case "$arg" in
      --full) job="" ;;
      *) filter="$arg" ;;
    esac
  done
  dotnet run --project benchmarks/Emotion.ML.Benchmarks -c Release -- --filter "$filter" $job
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case "$cmd" in
  setup) setup ;;
  test) run_tests ;;
  demo) demo "$@" ;;
  bench) bench "$@" ;;
  help|-h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$cmd'. Commands: setup, test, demo, bench." ;;
esac
