import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** True when an executable named `command` is in one of the PATH folders. */
export function onPath(command: string, path: string = process.env.PATH ?? ""): boolean {
  return path
    .split(delimiter)
    .filter((dir) => dir !== "")
    .some((dir) => {
      try {
        accessSync(join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}
