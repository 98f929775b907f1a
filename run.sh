#!/usr/bin/env bash
# Emotion.ML: the one entry point.
#   ./run.sh setup   check .NET, install the C++ runtime TorchSharp needs (Debian 12) and GTK 3 for OpenCV, restore packages
#   ./run.sh test    setup, build, run every test project; ends with "N passed, N failed"
#   ./run.sh demo    setup, then train and evaluate on the embedded data in data/
#   ./run.sh bench [filter] [--full] [--networks A,B]   BenchmarkDotNet suite (short job unless --full)
#   ./run.sh pack    build every package under src/ (and its symbols) into nuget/feed/
#   ./run.sh distributed-demo [score_dask.py options]   score a partitioned dataset on a local Dask cluster
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

# The projects under src/ that are packages (IsPackable, set for src/ in Directory.Build.props).
packable_projects() {
  local project
  for project in src/*/*.csproj; do
    [ "$(dotnet msbuild "$project" -getProperty:IsPackable 2>/dev/null)" = "true" ] && echo "$project"
  done
}

# PACK_OUTPUT: another feed folder. PACK_TOOL_RIDS: the platforms of the emotion-ml tool packages
# (default: linux-x64;win-x64;osx-arm64, see src/Emotion.ML.Cli), e.g. only this machine's.
pack() {
  setup
  local feed=${PACK_OUTPUT:-$ROOT/nuget/feed} project version
  local extra=()
  [ -n "${PACK_TOOL_RIDS:-}" ] && extra=("-p:ToolPackageRuntimeIdentifiers=${PACK_TOOL_RIDS//;/%3B}")
  version=$(dotnet msbuild src/Emotion.ML/Emotion.ML.csproj -getProperty:Version)
  mkdir -p "$feed"
  for project in $(packable_projects); do
    say "Packing $(basename "$project" .csproj) $version."
    # ContinuousIntegrationBuild: source paths in the PDBs become /_/..., so the build is reproducible.
    dotnet pack "$project" -c Release -o "$feed" -nologo -v q -clp:ErrorsOnly -p:ContinuousIntegrationBuild=true "${extra[@]}"
  done
  say "Packages in $feed (version $version):"
  ( cd "$feed" && ls -l ./*."$version".nupkg ./*."$version".snupkg 2>/dev/null | awk '{printf "  %8.1f MB  %s\n", $5 / 1000000, $9}' | sed 's#\./##' )
}

# Debian's Dask (python3-distributed, python3-dask) for /usr/bin/python3, and python3-onnxruntime when
# it installs without replacing the system Python (Debian 13 has it; on Debian 12 only trixie does,
# built for Python 3.13, so the workers use the .NET scorer there).
ensure_dask() {
  local py=/usr/bin/python3
  [ -x "$py" ] || die "$py not found: the demo uses Debian's python3 (apt-get install python3)."
  if ! "$py" -c 'import dask, distributed, numpy' 2>/dev/null; then
    [ "$(id -u)" -eq 0 ] || die "Dask is missing: run 'sudo apt-get install python3-distributed python3-dask python3-numpy' (or this command as root)."
    say "Installing Debian's python3-distributed, python3-dask and python3-numpy."
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-distributed python3-dask python3-numpy
  fi
  if ! "$py" -c 'import onnxruntime' 2>/dev/null && [ "$(id -u)" -eq 0 ]; then
    if apt-get -s -q install python3-onnxruntime 2>/dev/null | grep -q '^Inst python3-onnxruntime' \
        && ! apt-get -s -q install python3-onnxruntime 2>/dev/null | grep -q '^Inst python3 '; then
      say "Installing Debian's python3-onnxruntime."
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-onnxruntime
    else
      say "python3-onnxruntime cannot be installed for this system's Python ($("$py" --version 2>&1)) without replacing it: the workers score with the .NET scorer (ONNX Runtime in .NET)."
    fi
  fi
}

distributed_demo() {
  setup
  ensure_dask
  local out=$ROOT/artifacts/distributed-demo cli=(dotnet run --project src/Emotion.ML.Cli -c Release --) scorer
  mkdir -p "$out"
  if [ -n "${DEMO_MODEL:-}" ]; then
    cp "$DEMO_MODEL" "$out/emotion.onnx"
  elif [ ! -f "$out/emotion.onnx" ]; then
    say "Training a TextCnn for 3 epochs on the embedded CARER data, then exporting it to ONNX."
    "${cli[@]}" train --data data/carer-emotion/train.tsv --validation data/carer-emotion/validation.tsv \
      --embeddings data/glove/glove.6B.100d.emotion.txt.gz --model textcnn --epochs 3 --threads 2 --out "$out/emotion.zip"
    "${cli[@]}" export-onnx --model "$out/emotion.zip" --out "$out/emotion.onnx"
  else
    say "Using the model trained by an earlier run: $out/emotion.onnx (delete it to train again, or set DEMO_MODEL)."
  fi
  say "Building samples/DistributedScoring and cutting 5 copies of CARER (100,000 sentences) into 16 partitions."
  dotnet build samples/DistributedScoring -c Release -nologo -v q -clp:ErrorsOnly
  scorer="dotnet $ROOT/samples/DistributedScoring/bin/Release/net10.0/DistributedScoring.dll"
  $scorer prepare --model "$out/emotion.onnx" --out "$out" --partitions 16 --copies 5 --threads 2 \
    data/carer-emotion/train.tsv data/carer-emotion/validation.tsv data/carer-emotion/test.tsv
  say "Starting a Dask scheduler and 1, 2, then 4 worker processes on this machine ($(nproc) cores)."
  /usr/bin/python3 samples/DistributedScoring/score_dask.py --prepared "$out" --model "$out/emotion.onnx" --scorer "$scorer" "$@"
}

bench() {
  setup
  local filter="*" job="--job short" networks=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --full) job="" ;;
      --networks) networks=${2:?--networks needs a comma-separated list, e.g. TextCnn,Gru 1x128}; shift ;;
      *) filter="$1" ;;
    esac
    shift
  done
  BENCH_NETWORKS=$networks dotnet run --project benchmarks/Emotion.ML.Benchmarks -c Release -- --filter "$filter" $job
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case "$cmd" in
  setup) setup ;;
  test) run_tests ;;
  demo) demo "$@" ;;
  bench) bench "$@" ;;
  pack) pack ;;
  distributed-demo) distributed_demo "$@" ;;
  help|-h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$cmd'. Commands: setup, test, demo, bench, pack, distributed-demo." ;;
esac
