// Runtime entry of the third-party code storage needs. The build bundles this module's output into one
// file (tooling/bundle.mjs): msgpackr's 6 ES modules and its probe for the optional native string
// extractor cost ~8 ms at every process start; the extractor is never found from the bundle, and the
// storage benchmarks read and write as fast without it (strings in values are short).
export { Packr, Unpackr } from "msgpackr";
