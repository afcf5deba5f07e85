// Two real local users sharing a group, for the shared-cache tests (issue 17): a victim who computes in a
// group-writable cache folder, and an attacker who is a member of the same group. The tests need root to
// create them; under CI they must run (and fail when they cannot), elsewhere they are skipped loudly.
import { type ExecFileOptions, execFile, execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The group of the shared cache, and its two members. */
export const GROUP = "exca-share";
export const VICTIM = "exca-victim";
export const ATTACKER = "exca-attacker";

/** A local user: name, uid, primary gid. */
export interface User {
  name: string;
  uid: number;
  gid: number;
}

/** `describe` options: skipped, with the reason, when not root and not under CI (where they must run). */
export function needsRoot(): { skip: string | false } {
  if (process.getuid?.() === 0 || process.env.CI === "true") return { skip: false };
  const why = "the shared-cache tests create two local users: run them as root (CI does)";
  process.stderr.write(`SKIPPED shared-cache tests: ${why}\n`);
  return { skip: why };
}

function idOf(flag: "-u" | "-g", name: string): number | undefined {
  try {
    return Number(execFileSync("id", [flag, name], { encoding: "utf8", stdio: "pipe" }).trim());
  } catch {
    return undefined;
  }
}

/** Creates the group and the two users when missing (idempotent), and returns them. */
export function ensureUsers(): { victim: User; attacker: User; gid: number } {
  if (process.getuid?.() !== 0) throw new Error("the shared-cache tests must run as root: they create users");
  try {
    execFileSync("getent", ["group", GROUP], { stdio: "pipe" });
  } catch {
    execFileSync("groupadd", [GROUP]);
  }
  // The shared group is their primary group, as on clusters where a team shares one.
  const users = [VICTIM, ATTACKER].map((name): User => {
    if (idOf("-u", name) === undefined)
      execFileSync("useradd", ["--no-create-home", "--shell", "/bin/sh", "--gid", GROUP, name]);
    else if (execFileSync("id", ["-gn", name], { encoding: "utf8" }).trim() !== GROUP)
      execFileSync("usermod", ["--gid", GROUP, name]);
    return { name, uid: idOf("-u", name)!, gid: idOf("-g", name)! };
  });
  const gid = Number(execFileSync("getent", ["group", GROUP], { encoding: "utf8" }).split(":")[2]);
  return { victim: users[0]!, attacker: users[1]!, gid };
}

/**
 * A folder shared by the group: mode 2770 (new files take the group), as the docs recommend for a team.
 * `remove()` deletes it.
 */
export function sharedFolder(gid: number): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "exca-shared-"));
  chownSync(path, 0, gid);
  chmodSync(path, 0o2770);
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A folder only `user` may use (a stand-in for their home). */
export function privateFolder(user: User): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `exca-home-${user.name}-`));
  chownSync(path, user.uid, user.gid);
  chmodSync(path, 0o700);
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** What a command run as a user printed, and how it exited. */
export interface UserRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The argv that runs `argv` as `user` (groups included) with umask 077, the strictest a user may have. */
export function asUserArgv(user: User, argv: readonly string[]): string[] {
  return [
    `--reuid=${user.uid}`,
    `--regid=${user.gid}`,
    "--init-groups",
    "--",
    "/bin/sh",
    "-c",
    'umask 077 && exec "$0" "$@"',
    ...argv,
  ];
}

/** The environment of a user's commands: PATH (sbatch) and a HOME of their own. */
export function userEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, CI: process.env.CI, LANG: "C.UTF-8" };
}

/** Runs `argv` as `user` to its end (killed after `timeoutMs`). */
export function runAs(
  user: User,
  argv: readonly string[],
  options: { home: string; timeoutMs?: number } & Pick<ExecFileOptions, "cwd">,
): Promise<UserRun> {
  return new Promise((resolve) => {
    execFile(
      "setpriv",
      asUserArgv(user, argv),
      {
        env: userEnv(options.home),
        cwd: options.cwd ?? "/",
        timeout: options.timeoutMs ?? 120_000,
        killSignal: "SIGKILL",
        maxBuffer: 1 << 24,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
