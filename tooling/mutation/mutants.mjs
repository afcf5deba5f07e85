// biome-ignore-all lint/suspicious/noTemplateCurlyInString: mutants are source text, placeholders included
// The mutants of `pnpm mutate`: small, plausible bugs in the core modules, one source edit each. A mutant is
// killed when its package's tests (plus `extra` test files) fail or hang past the time limit. `planted`
// marks the seven bugs of issue 16, which the suite must catch.

/**
 * @typedef {object} Mutant
 * @property {string} id short name, unique
 * @property {string} pkg package folder under packages/ (rebuilt, and its tests run)
 * @property {string} file source file, relative to the package's src/
 * @property {string} find exact text, found exactly once in the file
 * @property {string} replace what replaces it
 * @property {string[]} [extra] more built test files to run (relative to the repository root)
 * @property {true} [planted] one of the planted bugs of issue 16
 */

const STORM = "packages/exca/dist/reliability/kill-storm.test.js";
const OVERWRITE = "packages/exca/dist/reliability/overwrite.test.js";
const CORRUPTION = "packages/exca/dist/reliability/corruption.test.js";
/** The one liveness policy (executors' liveness.ts) decides for the claims and locks of task and map. */
const LIVENESS_USERS = [
  "packages/task/dist/claim-liveness.test.js",
  "packages/map/dist/claim-liveness.test.js",
  "packages/map/dist/processes.test.js",
  CORRUPTION,
];

/** @type {Mutant[]} */
export const MUTANTS = [
  // config: uid.ts
  {
    id: "uid-view-whole-buffer",
    planted: true,
    pkg: "config",
    file: "uid.ts",
    find: "new Uint8Array(view.buffer, view.byteOffset, view.byteLength)",
    replace: "new Uint8Array(view.buffer)",
  },
  {
    id: "uid-big-integer-exponent",
    pkg: "config",
    file: "uid.ts",
    find: "return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();",
    replace: "return String(value);",
  },
  {
    id: "uid-float-hashes-rounded-text",
    pkg: "config",
    file: "uid.ts",
    find: "exact: `f${String(value)}`",
    replace: "exact: `f${formatFloat(value)}`",
  },
  {
    id: "uid-string-hashes-cleaned-text",
    pkg: "config",
    file: "uid.ts",
    find: "return { text: clean(value), exact: JSON.stringify(value) };",
    replace: "return { text: clean(value), exact: clean(value) };",
  },
  {
    id: "uid-key-hashes-cleaned-key",
    pkg: "config",
    file: "uid.ts",
    find: "exact: `${JSON.stringify(key)}:${child.exact}`",
    replace: "exact: `${shown}:${child.exact}`",
  },
  {
    id: "uid-entries-unsorted",
    pkg: "config",
    file: "uid.ts",
    find: "entries.sort(byRenderedLength);",
    replace: "void byRenderedLength;",
  },
  {
    id: "uid-typed-array-type-dropped",
    pkg: "config",
    file: "uid.ts",
    find: "exact: `a${type}:${length}:${digest}`",
    replace: "exact: `a:${length}:${digest}`",
  },
  {
    id: "uid-undefined-entry-kept",
    pkg: "config",
    file: "uid.ts",
    find: "      if (value === undefined) continue;\n",
    replace: "",
  },
  // config: export.ts
  {
    id: "export-extra-fields-dropped",
    planted: true,
    pkg: "config",
    file: "export.ts",
    find: "if (plan.allowExtra) {",
    replace: "if (false) {",
  },
  {
    id: "export-tag-dropped-as-default",
    pkg: "config",
    file: "export.ts",
    find: "if (flags.excludeDefaults && !forced && prop.hasDefault",
    replace: "if (flags.excludeDefaults && prop.hasDefault",
  },
  {
    id: "export-excluded-fields-kept",
    pkg: "config",
    file: "export.ts",
    find: "if (flags.uid && !forced && plan.excluded.has(prop.key)) continue;",
    replace: "if (false) continue;",
  },
  {
    id: "export-record-values-raw",
    pkg: "config",
    file: "export.ts",
    find: "for (const key of Object.keys(record)) out[key] = exportNode(node.value, record[key], flags);",
    replace: "for (const key of Object.keys(record)) out[key] = record[key];",
  },
  // task: run.ts, context.ts, claim.ts, results.ts
  {
    id: "retry-reruns-running-job",
    planted: true,
    pkg: "task",
    file: "run.ts",
    find: '(mode === "retry" && found.status === "failed")',
    replace: '(mode === "retry" && found.status !== "completed")',
  },
  {
    id: "retry-not-once-per-object",
    planted: true,
    pkg: "task",
    file: "run.ts",
    find: 'if (mode === "force" || mode === "retry") context.state.mode = "cached";',
    replace: 'if (mode === "force") context.state.mode = "cached";',
  },
  {
    id: "force-not-once-per-object",
    pkg: "task",
    file: "run.ts",
    find: 'if (mode === "force" || mode === "retry") context.state.mode = "cached";',
    replace: 'if (mode === "retry") context.state.mode = "cached";',
  },
  {
    id: "force-overwrites-without-clearing",
    pkg: "task",
    file: "run.ts",
    find: 'if (found.status !== "not submitted") await clearJob(context);',
    replace: "",
    extra: [OVERWRITE],
  },
  {
    id: "ram-served-in-any-mode",
    pkg: "task",
    file: "run.ts",
    find: 'if (infra.keepInRam && state.ram !== undefined && state.mode === "cached") return unwrap(context);',
    replace: "if (infra.keepInRam && state.ram !== undefined) return unwrap(context);",
  },
  {
    id: "unreadable-result-is-failure",
    pkg: "task",
    file: "run.ts",
    find: "if (context.results().written()) {",
    replace: "if (context.results().written() && Date.now() < 0) {",
    extra: [CORRUPTION],
  },
  {
    id: "mode-ignored",
    pkg: "task",
    file: "context.ts",
    find: "state = { mode: infra.mode };",
    replace: 'state = { mode: "cached" };',
  },
  {
    id: "cache-exclusions-ignored",
    pkg: "task",
    file: "context.ts",
    find: "exclusions.length === 0 ? uid(this.owner) : uid(this.views().uid)",
    replace: "uid(this.owner)",
  },
  {
    id: "claim-not-exclusive",
    pkg: "task",
    file: "claim.ts",
    find: "return createExclusive(jobFilePath(uidFolder), JSON.stringify(content), mode) ? content : undefined;",
    replace: "createExclusive(jobFilePath(uidFolder), JSON.stringify(content), mode);\n  return content;",
  },
  {
    id: "job-file-shape-unchecked",
    pkg: "task",
    file: "claim.ts",
    find: 'if (typeof parsed.executor === "string" && typeof parsed.owner?.pid === "number") return parsed;',
    replace: "if (parsed !== null) return parsed;",
    extra: [CORRUPTION],
  },
  {
    id: "claim-removed-even-if-replaced",
    pkg: "task",
    file: "claim.ts",
    find: "if (current !== undefined && JSON.stringify(current) === JSON.stringify(file)) removeJobFile(uidFolder);",
    replace: "if (current !== undefined) removeJobFile(uidFolder);",
  },
  {
    id: "stored-error-never-refreshed",
    pkg: "task",
    file: "results.ts",
    find: "if (this.#readBefore && !this.#store.has(VALUE)) await this.#store.refresh();",
    replace: "",
  },
  // map: claims.ts, owner.ts, compute.ts
  {
    id: "claim-pid-reuse-ignored",
    planted: true,
    pkg: "executors",
    file: "liveness.ts",
    extra: LIVENESS_USERS,
    find: "!isProcessAlive(holder.pid, start)",
    replace: "!isProcessAlive(holder.pid)",
  },
  {
    id: "same-host-claims-never-die",
    planted: true,
    pkg: "executors",
    file: "liveness.ts",
    extra: LIVENESS_USERS,
    find: "if (!(holder.pid > 1) || !isProcessAlive(holder.pid, start)) return false;",
    replace: "if (!(holder.pid > 1)) return false;\n    return true;",
  },
  {
    id: "map-skips-storing-10pc",
    planted: true,
    pkg: "map",
    file: "compute.ts",
    find: "(key, value) => guard(() => writer.set(key, value)),",
    replace: '(key, value) => guard(() => (key.endsWith("0") ? undefined : writer.set(key, value))),',
    extra: [STORM],
  },
  {
    id: "foreign-claims-never-die",
    pkg: "executors",
    file: "liveness.ts",
    extra: LIVENESS_USERS,
    find: "return heartbeatMs !== undefined && Math.abs(now - heartbeatMs) < staleAfterMs;",
    replace: "return true;",
  },
  {
    id: "foreign-claims-always-dead",
    pkg: "executors",
    file: "liveness.ts",
    extra: LIVENESS_USERS,
    find: "return heartbeatMs !== undefined && Math.abs(now - heartbeatMs) < staleAfterMs;",
    replace: "return false;",
  },
  {
    id: "claim-jobs-not-vouching",
    pkg: "map",
    file: "claims.ts",
    find: "if (!(await getExecutor(record.executor).reattach(record).done())) return true;",
    replace: "await getExecutor(record.executor).reattach(record).done();",
  },
  {
    id: "claim-includes-done-items",
    pkg: "map",
    file: "claims.ts",
    find: "        if (isDone(key)) continue;\n",
    replace: "",
  },
  {
    id: "claim-never-released",
    pkg: "map",
    file: "claims.ts",
    find: "    this.#heartbeats.delete(file);\n    rmSync(file, { force: true });",
    replace: "    this.#heartbeats.delete(file);",
  },
  // storage: index-table.ts, folder-index.ts, data-reader.ts
  {
    id: "older-record-wins",
    pkg: "storage",
    file: "index-table.ts",
    find: "if (ts !== oldTs) return ts > oldTs;",
    replace: "if (ts !== oldTs) return ts < oldTs;",
  },
  {
    id: "tie-lower-writer-wins",
    pkg: "storage",
    file: "index-table.ts",
    find: "if (chunk.shard !== old.shard) return chunk.shard > old.shard;",
    replace: "if (chunk.shard !== old.shard) return chunk.shard < old.shard;",
  },
  {
    id: "earlier-record-in-shard-wins",
    pkg: "storage",
    file: "index-table.ts",
    find: "return chunkNo !== oldChunkNo ? chunkNo > oldChunkNo : pos > oldPos;",
    replace: "return chunkNo !== oldChunkNo ? chunkNo > oldChunkNo : pos < oldPos;",
  },
  {
    id: "first-tombstone-ignored",
    pkg: "storage",
    file: "index-table.ts",
    find: "this.#dead[slot] = buf[pos + REC.kind] === KIND.tombstone ? TOMBSTONE : 0;",
    replace: "this.#dead[slot] = 0;",
  },
  {
    id: "sealed-shard-resize-ignored",
    pkg: "storage",
    file: "folder-index.ts",
    find: "return stat !== undefined && stat.ino === known.ino && stat.size === known.size;",
    replace: "return stat !== undefined && stat.ino === known.ino;",
  },
  {
    id: "shrunk-index-not-reloaded",
    pkg: "storage",
    file: "folder-index.ts",
    find: "(stat.ino !== known.ino || stat.size < known.offset)",
    replace: "(stat.ino !== known.ino)",
  },
  {
    id: "checksum-unchecked",
    pkg: "storage",
    file: "data-reader.ts",
    find: "} else if (checked?.get(offset) !== crc && crc32(bytes.subarray(at, end)) !== crc) {",
    replace: "} else if (checked?.get(offset) !== crc && crc32(bytes.subarray(at, end)) !== crc && false) {",
  },
  {
    id: "reads-never-merged",
    pkg: "storage",
    file: "data-reader.ts",
    find: "offset - run.end <= MAX_GAP && end - run.start <= MAX_RUN",
    replace: "offset - run.end <= 0 && end - run.start <= MAX_RUN",
  },
];
