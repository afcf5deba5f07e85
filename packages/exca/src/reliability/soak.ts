// The long kill storm, run by hand (not a test): `node packages/exca/dist/reliability/soak.js --minutes 10`.
// Round after round on one folder (shards pile up as in real use), drivers and workers are SIGKILLed at
// random, then everything is checked (see stormAndCheck). Prints one JSON line per round, then the totals;
// exits 1 at the first failure.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type StormFigures, stormAndCheck } from "../test-fixtures/storm.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    kills: { type: "string", default: "200" },
    items: { type: "string", default: "2000" },
    tasks: { type: "string", default: "80" },
  },
});
const deadline = Date.now() + Number(values.minutes) * 60_000;
const root = mkdtempSync(join(tmpdir(), "exca-soak-"));
const folder = join(root, "cache");
const totals: Record<string, number> = { rounds: 0 };
try {
  for (let round = 1; Date.now() < deadline; round++) {
    const options = {
      folder,
      items: Number(values.items),
      tasks: Number(values.tasks),
      first: (round - 1) * Number(values.items),
      kills: Number(values.kills),
      budgetMs: 120_000,
    };
    const figures: StormFigures = await stormAndCheck(options, join(root, `count-${round}.txt`));
    process.stdout.write(`${JSON.stringify({ round, ...figures })}\n`);
    totals.rounds = round;
    for (const [key, value] of Object.entries(figures)) totals[key] = (totals[key] ?? 0) + value;
  }
  process.stdout.write(`${JSON.stringify({ totals })}\n`);
} catch (error) {
  process.stderr.write(
    `soak failed after ${totals.rounds} rounds (folder kept: ${folder}):\n${(error as Error).stack}\n`,
  );
  process.exit(1);
}
rmSync(root, { recursive: true, force: true });
