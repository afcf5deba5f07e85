import { ConfDict, ConfigError, fromYaml, toYaml, uid } from "@exca/config";
import { Experiment } from "./configs.js";

const out = (line = ""): void => {
  process.stdout.write(`${line}\n`);
};

// 1. Build a config from plain data, with overrides from the command line (`--epochs=3`).
const overrides = ConfDict.fromArgs(process.argv.slice(2));
const base = new ConfDict({
  model: { data: { x: 12 } },
  optimizer: { kind: "sgd", lr: 0.05 },
  device: "cuda:0",
});
const experiment = new Experiment(base.update(overrides).toObject());

out(`uid:  ${uid(experiment)}   (device is excluded, defaults are left out)`);
out("YAML:");
out(toYaml(experiment).trimEnd().replace(/^/gm, "  "));

// 2. YAML round trip: same config, same uid.
const again = fromYaml(Experiment, toYaml(experiment));
out(`reloaded from YAML, same uid: ${uid(again) === uid(experiment)}`);

// 3. Bad input: every problem, with its path.
try {
  new Experiment({ model: { data: { x: "twelve" } }, optimizer: { kind: "rmsprop" }, epochs: 0 } as never);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  out(`bad input is refused:\n${error.message.replace(/^/gm, "  ")}`);
}
