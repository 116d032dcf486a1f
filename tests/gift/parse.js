// Test-only: parse a GIFT file with gift-pegjs (a GIFT reader other than ours) and
// print what it read as JSON, or the parser's error with its line and column (exit 1).
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(parse(text)));
} catch (error) {
  const where = error.location ? `${error.location.start.line}:${error.location.start.column}` : "?";
  process.stderr.write(`${process.argv[2]}:${where}: ${error.message}\n`);
  process.exit(1);
}
