#!/usr/bin/env bash
# stop.sh - stop the local Slurm cluster that tooling/slurm/start.sh started.
#
# Usage (as root): bash tooling/slurm/stop.sh [--keep-jobs]
#
# Cancels the jobs still queued or running (unless --keep-jobs), then stops, by pid, only the daemons
# that start.sh recorded in /run/exca-slurm/ and that still run the expected program: slurmd and
# slurmctld, then slurmdbd, then MariaDB and munged. Never kills anything by name. A munged or MariaDB
# that start.sh found already running is not touched. With nothing running, it exits 0.
set -euo pipefail
EXCA_SLURM_TAG=slurm-stop
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_flag --keep-jobs KEEP_JOBS "stop.sh [--keep-jobs]" "$@"
require_root

if [ ! -d "$EXCA_SLURM_RUN" ]; then
  say "nothing to stop"
  exit 0
fi

# Job processes would outlive slurmd: cancel them first, and give slurmd a moment to reap them.
if [ "$KEEP_JOBS" -eq 0 ] && tracked_pid slurmctld slurmctld >/dev/null; then
  mapfile -t jobs < <(squeue -h -o %A 2>/dev/null | sort -u)
  if [ "${#jobs[@]}" -gt 0 ]; then
    say "cancelling ${#jobs[@]} jobs"
    scancel "${jobs[@]}" 2>/dev/null || true
    for _ in $(seq 150); do
      [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
fi

# slurmctld sends its last records to slurmdbd, which stores them in MariaDB; all of them need munged.
stop_tracked slurmd:slurmd slurmctld:slurmctld
stop_tracked slurmdbd:slurmdbd
stop_tracked mariadbd:mariadbd munged:munged
rmdir "$EXCA_SLURM_RUN" 2>/dev/null || true
echo "local Slurm stopped in $(elapsed)s"
