import { chmodSync, statSync } from "node:fs";

/**
 * Sets a folder's mode to `mode` exactly (mkdir's mode is masked by the umask), keeping its setgid bit:
 * a folder created in a setgid group folder (mode 2770, as for a team's cache) inherits it, and chmod(2)
 * would clear it, so that files created below would get their creator's group instead of the team's.
 */
export function setFolderMode(path: string, mode: number): void {
  chmodSync(path, mode | (statSync(path).mode & 0o2000));
}
