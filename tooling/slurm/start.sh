#!/usr/bin/env bash
# start.sh - run a real single-node Slurm cluster on this Debian 12 machine, for the @exca/slurm tests.
#
# Usage (as root): bash tooling/slurm/start.sh [--accounting]
#
#   --accounting   also run MariaDB + slurmdbd, so that sacct and sacctmgr work.
#
# Installs what is missing (munge slurm-client slurmctld slurmd [slurmdbd mariadb-server]), writes
# /etc/slurm/slurm.conf [and slurmdbd.conf], starts the daemons without systemd (setsid, pid files in
# /run/exca-slurm/), and returns once the node is idle [and slurmctld is registered with slurmdbd].
# Running it again is cheap: live daemons are kept, and restarted only when their config changed.
# tooling/slurm/stop.sh stops what this script started, by pid.
#
# Environment: SLURM_LOCAL_CPUS (CPUs the node advertises, default 8: oversubscribes small machines so
# that several test jobs run at once), SLURM_LOCAL_CLUSTER (default excalocal), SLURM_LOCAL_PARTITION
# (default debug), SLURM_LOCAL_DB_PASS, SLURM_LOCAL_TIMEOUT (seconds per readiness wait, default 60).
set -euo pipefail
EXCA_SLURM_TAG=slurm-start
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_flag --accounting ACCOUNTING "start.sh [--accounting]" "$@"
require_root

CLUSTER=${SLURM_LOCAL_CLUSTER:-excalocal}
PARTITION=${SLURM_LOCAL_PARTITION:-debug}
CPUS=${SLURM_LOCAL_CPUS:-8}
DB_PASS=${SLURM_LOCAL_DB_PASS:-exca-slurm-local}
TIMEOUT=${SLURM_LOCAL_TIMEOUT:-60}
CONF=/etc/slurm
STATE=/var/spool/slurmctld
SPOOL=/var/spool/slurmd
MUNGE_SOCKET=/run/munge/munge.socket.2
MYSQL_SOCKET=/run/mysqld/mysqld.sock
[[ "$CPUS" =~ ^[1-9][0-9]*$ ]] || fail "SLURM_LOCAL_CPUS must be a positive integer, not '$CPUS'"

# --------------------------------------------------------------------------------------- packages --
install_packages() {
  local -a wanted=(munge slurm-client slurmctld slurmd) missing=()
  [ "$ACCOUNTING" -eq 1 ] && wanted+=(slurmdbd mariadb-server)
  local pkg
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  say "installing ${missing[*]}"
  local aptlog policy_added=0 ok=0
  aptlog=$(mktemp /tmp/exca-slurm-apt.XXXXXX)
  # Maintainer scripts must not start services through invoke-rc.d: this script starts the daemons.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  local -a apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends)
  if "${apt[@]}" "${missing[@]}" >>"$aptlog" 2>&1; then
    ok=1
  elif apt-get update -q >>"$aptlog" 2>&1 && "${apt[@]}" "${missing[@]}" >>"$aptlog" 2>&1; then
    ok=1
  fi
  [ "$policy_added" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ "$ok" -ne 1 ]; then
    tail -n 25 "$aptlog" >&2
    fail "apt-get install ${missing[*]} failed (log: $aptlog)"
  fi
  rm -f "$aptlog"
}

# -------------------------------------------------------------------------------------- daemons --
# launch name comm command...: runs a daemon in its foreground mode in a new session; records its pid.
launch() {
  local name=$1 comm=$2 pid
  shift 2
  setsid "$@" </dev/null >"$EXCA_SLURM_LOGS/$name.console.log" 2>&1 &
  pid=$!
  echo "$pid" >"$EXCA_SLURM_RUN/$name.pid"
  sleep 0.2
  if ! tracked_pid "$name" "$comm" >/dev/null; then
    rm -f "$EXCA_SLURM_RUN/$name.pid"
    tail -n 20 "$EXCA_SLURM_LOGS/$name.console.log" >&2 || true
    fail "$name exited at once (log: $EXCA_SLURM_LOGS/$name.console.log)"
  fi
  say "started $name (pid $pid)"
}

# await what command...: retries the command every 0.1 s until it succeeds or TIMEOUT seconds pass.
await() {
  local what=$1 deadline=$((SECONDS + TIMEOUT))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "gave up after ${TIMEOUT}s waiting for $what"
    sleep 0.1
  done
}

# Refuses to fight a daemon that something else started on one of Slurm's ports.
port_free() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    fail "port $1 is held by a $2 (or another program) that this script did not start"
  fi
}

# replace_file path mode content: writes the file when its content differs; returns 0 when it did.
replace_file() {
  local path=$1 mode=$2 content=$3
  if [ -f "$path" ] && [ "$(<"$path")" = "$content" ]; then
    chmod "$mode" "$path"
    return 1
  fi
  if [ -f "$path" ] && ! grep -q 'exca tooling/slurm' "$path" && [ ! -e "$path.orig" ]; then
    cp -p "$path" "$path.orig"
    say "saved the previous $path as $path.orig"
  fi
  printf '%s\n' "$content" >"$path.new"
  chmod "$mode" "$path.new"
  mv -f "$path.new" "$path"
}

# munged and mariadbd run as their own users, which need to traverse '/' to reach their libraries
# and files. Some sandboxes make '/' mode 700 (then munged dies with "libmunge.so.2: Permission
# denied", and munged refuses a socket under a directory that not all can search): give group and
# others search permission on '/', never read permission.
let_service_users_traverse_root() {
  local mode
  mode=$(stat -c %a /)
  if (((8#$mode & 8#011) != 8#011)); then
    chmod go+x /
    say "'/' was mode $mode: gave group and others search permission (go+x) so munge and mysql reach their files"
  fi
  setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --version >/dev/null 2>&1 ||
    fail "user munge cannot run /usr/sbin/munged: $(setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --version 2>&1 | head -n 1)"
}

start_munge() {
  let_service_users_traverse_root
  install -d -o munge -g munge -m 755 /run/munge
  install -d -o munge -g munge -m 700 /var/log/munge /etc/munge
  install -d -o munge -g munge -m 711 /var/lib/munge
  if [ ! -s /etc/munge/munge.key ]; then
    (umask 077 && head -c 1024 /dev/urandom >/etc/munge/munge.key)
    chown munge:munge /etc/munge/munge.key
    say "created /etc/munge/munge.key"
  fi
  munge_works() { munge -n -S "$MUNGE_SOCKET" | unmunge -S "$MUNGE_SOCKET"; }
  if ! tracked_pid munged munged >/dev/null; then
    if munge_works >/dev/null 2>&1; then
      say "using the munged that was already running"
    else
      launch munged munged setpriv --reuid=munge --regid=munge --init-groups \
        /usr/sbin/munged --foreground --socket="$MUNGE_SOCKET"
    fi
  fi
  await munged munge_works
}

# ----------------------------------------------------------------------------------- slurm.conf --
slurm_conf() {
  local node=$1 mem=$2 def_mem=$(($2 / CPUS))
  [ "$def_mem" -gt 1024 ] && def_mem=1024
  local accounting="AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none"
  [ "$ACCOUNTING" -eq 1 ] && accounting="AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
JobAcctGatherType=jobacct_gather/linux"
  cat <<EOF
# Written by exca tooling/slurm/start.sh (single-node test cluster): re-run it rather than edit this.
ClusterName=$CLUSTER
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
# No cgroups (works in containers): memory is not enforced and jobs are not pinned to cores.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
# Start a submitted job at the next scheduler tick (about 1 s) instead of after up to 3 s.
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
# SIGTERM -> SIGKILL grace period on scancel and time limit (default 30 s).
KillWait=2
# Finished jobs stay visible to squeue and scontrol for an hour (the fallback without accounting).
MinJobAge=3600
MaxArraySize=1001
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$EXCA_SLURM_LOGS/slurmctld.log
SlurmdLogFile=$EXCA_SLURM_LOGS/slurmd.log
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
$accounting
# One line per finished job, readable by 'sacct -c' even without slurmdbd.
JobCompType=jobcomp/filetxt
JobCompLoc=$EXCA_SLURM_LOGS/jobcomp.log
# The node advertises SLURM_LOCAL_CPUS cores, whatever the hardware: slurmd trusts this file.
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$node CPUs=$CPUS Boards=1 SocketsPerBoard=1 CoresPerSocket=$CPUS ThreadsPerCore=1 RealMemory=$mem State=UNKNOWN
# A small default memory per CPU, so that jobs without --mem never wait for memory.
PartitionName=$PARTITION Nodes=ALL Default=YES MaxTime=INFINITE State=UP DefMemPerCPU=$def_mem
EOF
}

slurmdbd_conf() {
  cat <<EOF
# Written by exca tooling/slurm/start.sh. slurmdbd wants mode 600 and SlurmUser (root) as owner.
AuthType=auth/munge
DbdHost=localhost
SlurmUser=root
DebugLevel=info
LogFile=$EXCA_SLURM_LOGS/slurmdbd.log
PidFile=/run/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageLoc=slurm_acct_db
StorageUser=slurm
StoragePass=$DB_PASS
EOF
}

# -------------------------------------------------------------------------------- accounting --
start_accounting() {
  mariadb_up() { mariadb-admin --protocol=socket --socket="$MYSQL_SOCKET" -uroot ping; }
  if ! tracked_pid mariadbd mariadbd >/dev/null; then
    if mariadb_up >/dev/null 2>&1; then
      say "using the MariaDB server that was already running"
    else
      install -d -o mysql -g mysql -m 755 /run/mysqld
      # Its own temporary folder: some sandboxes make /tmp mode 700, which user mysql cannot write.
      install -d -o mysql -g mysql -m 700 /run/mysqld/tmp
      if [ ! -d /var/lib/mysql/mysql ]; then
        TMPDIR=/run/mysqld/tmp mariadb-install-db --user=mysql --datadir=/var/lib/mysql >"$EXCA_SLURM_LOGS/mariadb-install.log" 2>&1 ||
          fail "mariadb-install-db failed (log: $EXCA_SLURM_LOGS/mariadb-install.log)"
      fi
      # Unix socket only: no TCP port 3306 to clash with another server.
      launch mariadbd mariadbd /usr/sbin/mariadbd --user=mysql --skip-networking --socket="$MYSQL_SOCKET" \
        --pid-file=/run/mysqld/mysqld.pid --tmpdir=/run/mysqld/tmp --innodb-lock-wait-timeout=900
    fi
  fi
  await MariaDB mariadb_up
  # Provision the database once; on later runs the slurm user can already connect (and root may not).
  slurm_db_ready() { mariadb --protocol=socket --socket="$MYSQL_SOCKET" -uslurm -p"$DB_PASS" -e "SELECT 1" slurm_acct_db; }
  slurm_db_ready >/dev/null 2>&1 || mariadb --protocol=socket --socket="$MYSQL_SOCKET" -uroot <<EOF
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER 'slurm'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
EOF
  if replace_file "$CONF/slurmdbd.conf" 600 "$(slurmdbd_conf)"; then
    stop_tracked slurmdbd:slurmdbd
  fi
  chown root:root "$CONF/slurmdbd.conf"
  if ! tracked_pid slurmdbd slurmdbd >/dev/null; then
    port_free 6819 slurmdbd
    launch slurmdbd slurmdbd /usr/sbin/slurmdbd -D
  fi
  await slurmdbd bash -c '(exec 3<>/dev/tcp/127.0.0.1/6819)'
  if ! sacctmgr -n -P list cluster format=cluster | grep -qx "$CLUSTER"; then
    sacctmgr -i add cluster "$CLUSTER" >/dev/null
    say "registered cluster $CLUSTER with slurmdbd"
  fi
}

# --------------------------------------------------------------------------- controller + node --
node_idle() {
  local state
  state=$(sinfo -h -N -n "$1" -o %T 2>/dev/null) || return 1
  case "$state" in
    idle | mixed | allocated | completing) return 0 ;;
    *drain* | *fail* | down*) scontrol update NodeName="$1" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  return 1
}

ctld_registered() { sacctmgr -n -P list cluster format=cluster,controlport | grep -q "^$CLUSTER|[1-9]"; }

start_slurm() {
  local node=$1 conf_changed=$2
  if [ "$conf_changed" -eq 1 ]; then
    stop_tracked slurmd:slurmd slurmctld:slurmctld
  fi
  # slurmctld exits with "CLUSTER NAME MISMATCH" when its saved state belongs to another ClusterName.
  if [ -f "$STATE/clustername" ] && [ "$(<"$STATE/clustername")" != "$CLUSTER" ]; then
    stop_tracked slurmctld:slurmctld
    say "ClusterName changed: clearing $STATE"
    find "$STATE" -mindepth 1 -delete
  fi
  if ! tracked_pid slurmctld slurmctld >/dev/null; then
    port_free 6817 slurmctld
    launch slurmctld slurmctld /usr/sbin/slurmctld -D
  fi
  await "slurmctld to answer" bash -c 'scontrol ping | grep -q "is UP"'
  if ! tracked_pid slurmd slurmd >/dev/null; then
    port_free 6818 slurmd
    launch slurmd slurmd /usr/sbin/slurmd -D -N "$node"
  fi
  await "node $node to be idle" node_idle "$node"
  if [ "$ACCOUNTING" -eq 1 ]; then await "slurmctld to register with slurmdbd" ctld_registered; fi
}

# ---------------------------------------------------------------------------------------- main --
install_packages
INSTALL_SECS=$(elapsed)
T_START=$(date +%s.%N)
install -d -m 755 "$EXCA_SLURM_RUN" "$CONF" "$EXCA_SLURM_LOGS" "$STATE" "$SPOOL"
start_munge

NODE=$(hostname -s 2>/dev/null || true)
NODE=${NODE:-localhost}
MEM=$(slurmd -C | head -n 1 | tr ' ' '\n' | sed -n 's/^RealMemory=//p')
[[ "$MEM" =~ ^[0-9]+$ ]] || fail "could not read RealMemory from 'slurmd -C'"
CONF_CHANGED=0
replace_file "$CONF/slurm.conf" 644 "$(slurm_conf "$NODE" "$MEM")" && CONF_CHANGED=1
if [ -n "${SLURM_CONF:-}" ] && [ "$SLURM_CONF" != "$CONF/slurm.conf" ]; then
  say "WARNING: SLURM_CONF=$SLURM_CONF is set: the Slurm commands will not read $CONF/slurm.conf"
fi

# sacctmgr needs slurm.conf to name slurmdbd, so accounting starts after slurm.conf is written.
[ "$ACCOUNTING" -eq 1 ] && start_accounting
start_slurm "$NODE" "$CONF_CHANGED"

say "cluster $CLUSTER: node $NODE ($CPUS CPUs, $MEM MB), partition $PARTITION, accounting $([ "$ACCOUNTING" -eq 1 ] && echo slurmdbd || echo none)"
echo "local Slurm ready in $(elapsed)s (install ${INSTALL_SECS}s, start $(elapsed "$T_START")s)"
