# Shared helpers of tooling/slurm/start.sh and stop.sh (sourced, not run).
#
# Daemons started by start.sh are recorded as /run/exca-slurm/<name>.pid. A pid file counts only while
# it names a live process whose /proc/<pid>/comm is the expected program, so a recycled pid is never
# signalled.

EXCA_SLURM_RUN=/run/exca-slurm
EXCA_SLURM_LOGS=/var/log/slurm
EXCA_SLURM_T0=$(date +%s.%N)

# elapsed [t0]: seconds since t0 (default: when this file was sourced), one decimal.
elapsed() {
  awk -v a="${1:-$EXCA_SLURM_T0}" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

say() { printf '[%s +%ss] %s\n' "$EXCA_SLURM_TAG" "$(elapsed)" "$*" >&2; }
fail() { say "ERROR: $*"; exit 1; }

# parse_flag flag var usage "$@": each script takes one optional flag. Sets var to 1 when it is given,
# else 0; -h/--help prints the script's header comment (the lines after the shebang up to the first that
# is not a comment) and exits; anything else fails with the usage.
parse_flag() {
  local flag=$1 var=$2 usage=$3 arg
  shift 3
  printf -v "$var" 0
  for arg in "$@"; do
    case "$arg" in
      "$flag") printf -v "$var" 1 ;;
      -h | --help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
      *) fail "unknown argument: $arg (usage: $usage)" ;;
    esac
  done
}

require_root() { [ "$(id -u)" -eq 0 ] || fail "must run as root (it installs packages and starts daemons)"; }

# tracked_pid name comm: prints the pid of a daemon we started that still runs, or returns 1.
tracked_pid() {
  local file="$EXCA_SLURM_RUN/$1.pid" pid
  [ -s "$file" ] || return 1
  pid=$(<"$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 1
  echo "$pid"
}

# stop_tracked name:comm...: SIGTERM every listed daemon we started, wait up to 30 s for all of them,
# SIGKILL the ones left, and remove their pid files.
stop_tracked() {
  local entry name comm pid
  local -a names=() pids=()
  for entry in "$@"; do
    name=${entry%%:*} comm=${entry#*:}
    if pid=$(tracked_pid "$name" "$comm"); then
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name") pids+=("$pid")
    fi
    rm -f "$EXCA_SLURM_RUN/$name.pid"
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  local deadline=$((SECONDS + 30)) alive
  while :; do
    alive=0
    for pid in "${pids[@]}"; do [ -d "/proc/$pid" ] && alive=1; done
    [ "$alive" -eq 1 ] && [ "$SECONDS" -lt "$deadline" ] || break
    sleep 0.1
  done
  local i
  for i in "${!pids[@]}"; do
    if [ -d "/proc/${pids[$i]}" ]; then
      say "${names[$i]} (pid ${pids[$i]}) ignored SIGTERM for 30 s: SIGKILL"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
    say "stopped ${names[$i]} (pid ${pids[$i]})"
  done
}
