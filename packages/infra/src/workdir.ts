import { existsSync } from "node:fs";
import { chmod, cp, lstat, mkdir, readdir, symlink } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { getLogger, randomHex } from "@exca/config";
import type { JobSpec } from "@exca/executors";
import type { InfraContext } from "./context.js";
import { makeFolder } from "./files.js";
import { CODE_FOLDER } from "./uid-folder.js";

const log = getLogger("task");
const copies = new Map<string, Promise<string>>();

/**
 * Copies the `workdir.copied` paths once per process into the job's code folder
 * (`<method folder>/code/<date>-<6 hex>` by default) so that later edits do not change a running job.
 * Returns the folder, or undefined without a workdir.
 */
export function prepareWorkdir(context: InfraContext): Promise<string | undefined> {
  const workdir = context.infra.workdir;
  if (workdir === undefined) return Promise.resolve(undefined);
  const methodFolder = dirname(context.uidFolder());
  const stamp = `${new Date().toISOString().slice(0, 10)}-${randomHex(3)}`;
  const target = workdir.folder ?? join(methodFolder, CODE_FOLDER, stamp);
  const key = `${methodFolder}\n${JSON.stringify(workdir)}`;
  let copy = copies.get(key);
  if (copy === undefined) {
    copy = copyInto(target, workdir.copied, workdir.excludes, context.infra.permissions);
    copies.set(key, copy);
    copy.catch(() => copies.delete(key));
  }
  return copy;
}

async function copyInto(
  target: string,
  copied: readonly string[],
  excludes: readonly string[],
  permissions?: number,
): Promise<string> {
  makeFolder(target, permissions);
  for (const item of copied) {
    const source = resolve(item);
    const destination = join(target, relative(process.cwd(), source));
    if (isAbsolute(relative(process.cwd(), source)) || relative(process.cwd(), source).startsWith("..")) {
      throw new Error(`workdir: ${item} is outside the working directory ${process.cwd()}`);
    }
    await cp(source, destination, { recursive: true, filter: (path) => !excludes.includes(basename(path)) });
    await linkNodeModules(target, relative(process.cwd(), source));
  }
  await ownerWritableOnly(target, permissions);
  log.info(`copied ${copied.join(", ")} into ${target}`);
  return target;
}

/**
 * Gives the copy the modes of `permissions` without anyone's write but its owner's (a folder 0o770 gives
 * 0o750 folders, 0o640 files, 0o750 executables): the worker imports only code nobody else could change.
 */
async function ownerWritableOnly(path: string, permissions: number | undefined): Promise<void> {
  const stat = await lstat(path);
  if (stat.isSymbolicLink()) return; // the node_modules links: they point back to the project
  const allowed = permissions === undefined ? stat.mode & 0o755 : permissions & 0o755;
  const executable = stat.isDirectory() || (stat.mode & 0o111) !== 0;
  // A folder keeps its setgid bit (inherited in a team's 2770 folder): files below keep the team's group.
  const setgid = stat.isDirectory() ? stat.mode & 0o2000 : 0;
  await chmod(path, (executable ? allowed : allowed & 0o644) | setgid);
  if (stat.isDirectory())
    for (const name of await readdir(path)) await ownerWritableOnly(join(path, name), permissions);
}

/** Bare imports from the copy must resolve as from the original: link each ancestor's node_modules. */
async function linkNodeModules(target: string, inside: string): Promise<void> {
  const parts = inside.split(sep).filter((part) => part !== "");
  for (let depth = 0; depth <= parts.length; depth++) {
    const original = join(process.cwd(), ...parts.slice(0, depth), "node_modules");
    const link = join(target, ...parts.slice(0, depth), "node_modules");
    if (!existsSync(original) || existsSync(link)) continue;
    await mkdir(dirname(link), { recursive: true });
    await symlink(original, link, "dir");
  }
}

/** Points a spec at the code copy: working directory, and the target module when it lies in a copied path. */
export function useWorkdir(spec: JobSpec, workdir: string): JobSpec {
  const moduleFile = spec.target.moduleUrl.startsWith("file:")
    ? fileURLToPath(spec.target.moduleUrl)
    : undefined;
  const inside = moduleFile === undefined ? undefined : relative(process.cwd(), moduleFile);
  const moved = inside !== undefined && !inside.startsWith("..") && !isAbsolute(inside);
  const target = moved
    ? { ...spec.target, moduleUrl: pathToFileURL(join(workdir, inside)).href }
    : spec.target;
  return { ...spec, cwd: workdir, target, codeCopy: workdir };
}
