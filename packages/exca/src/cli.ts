#!/usr/bin/env node
// The `exca` command (see cli-main.ts).
import { main } from "./cli-main.js";

// A reader that stops early (`exca ls | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
