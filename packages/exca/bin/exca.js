#!/usr/bin/env node
// The `exca` command. A committed shim (not a build output), so that package managers can link the bin
// at install time, before the first build; it runs the built CLI.
import "../dist/cli.js";
