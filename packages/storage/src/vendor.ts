// Runtime entry of the third-party code storage needs. The build bundles this module's output into one
// file (tooling/bundle.mjs): msgpackr's ES modules cost ~8 ms at every process start one by one.
// The pure-JS entry ("msgpackr/pack" and "msgpackr/unpack" both resolve to msgpackr's index.js under
// node), not the main one: the main entry probes for the native string extractor (msgpackr-extract via
// node-gyp-build and detect-libc, which calls process.report.getReport(), loads child_process and reads
// directories). That probe made importing this bundle cost 12-15 ms instead of 7-8 ms (min-median of 9
// fresh processes), yet never found the extractor from the bundle. Measured unbundled (where it is
// found), 20,000 small values decode in 5.5 ms with it, 5.1 ms without (medians of 7); only
// string-heavy records (~400 B of strings each) decode ~20% faster with it.
export { Packr } from "msgpackr/pack";
export { Unpackr } from "msgpackr/unpack";
