// Runtime entry of the third-party code config needs. The build bundles this module's output into one
// file (tooling/bundle.mjs): loading typebox's ~700 ES modules one by one costs ~300 ms at every
// process start, the bundle ~15 ms. Types still come from the packages themselves. The YAML parser is
// loaded lazily (yaml-io.ts).
export { IsOptional, Type } from "typebox";
export { Compile } from "typebox/compile";
