// Runs the browser script's analysis over lines of text, for the agreement test.
//
//   node analyze.mjs input.txt > output.ndjson
//
// Each input line is analysed alone; each output line is the JSON array of its terms
// (stems), or null when the line is a single character this JavaScript engine's
// Unicode tables do not know (Rust's may be newer), so the test can leave it out.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { analyze } = require('../../static/search-engine.js');
const UNASSIGNED = /^\p{Cn}$/u;
const lines = readFileSync(process.argv[2], 'utf8').split('\n');
lines.pop();
const out = lines.map((line) => (UNASSIGNED.test(line) ? 'null' : JSON.stringify(analyze(line))));
process.stdout.write(out.join('\n') + '\n');
