// Runtime entry of the third-party code config needs. The build bundles this module's output into one
// file (tooling/bundle-vendor.mjs): loading typebox's ~700 ES modules one by one costs ~300 ms at every
// process start, the bundle ~25 ms. Types still come from the packages themselves.
export { IsOptional, Type } from "typebox";
export { Compile } from "typebox/compile";
export { parse, parseDocument } from "yaml";
