// A map class of the Slurm end-to-end tests (workers on the compute node import this module).
import { appendFileSync } from "node:fs";
import { Config, Type } from "@exca/config";
import { MapInfra } from "@exca/map";

/** Squares items; appends `<SLURM_JOB_ID> <item>` to `countFile` (out of the uid) for each computed item. */
export class SquareMap extends Config(
  { countFile: Type.String({ default: "" }), infra: MapInfra.field({ version: "1" }) },
  { excludeFromUid: ["countFile"] },
) {
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  *process(items: number[]): Generator<number> {
    if (this.countFile !== "") {
      appendFileSync(this.countFile, items.map((item) => `${process.env.SLURM_JOB_ID} ${item}\n`).join(""));
    }
    for (const item of items) yield item * item;
  }
}
