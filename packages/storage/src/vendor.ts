// Runtime entry of the third-party code storage needs. The build bundles this module's output into one
// file (tooling/bundle.mjs): msgpackr's ES modules cost ~8 ms at every process start one by one.
// The pure-JS entry ("msgpackr/pack" and "msgpackr/unpack" both resolve to msgpackr's index.js under
// node), not the main one: the main entry probes for the native string extractor (msgpackr-extract via
// node-gyp-build and detect-libc, which runs process.report.getReport(), spawns nothing but loads
// child_process and reads directories) and cost ~10 ms per import of the bundle, yet never found the
// extractor from the bundle. Measured unbundled (20,000 small values, medians of 7): native 5.5 ms, pure
// JS 5.1 ms; only string-heavy records (~400 B of strings each) decode ~20% faster with it.
export { Packr } from "msgpackr/pack";
export { Unpackr } from "msgpackr/unpack";
