#!/usr/bin/env node
// Type-checks JSON-LD against the schema.org vocabulary using `schema-dts`
// and the TypeScript compiler (both pinned in ./package.json).
//
// Usage:
//   node check-jsonld.mjs [--keep] [--chunk-size N] [--files-from LIST] <path>...
//
// Each <path> is an HTML file (every <script type="application/ld+json">
// block is checked), a JSON/JSON-LD file (one document: a node, an array of
// nodes, or a {"@context", "@graph": [...]} document), an NDJSON file (one
// document per non-empty line), or a directory (searched recursively for all
// of these).  `--files-from LIST` reads more paths from LIST, one per line.
//
// Every node is turned into a TypeScript constant typed by its own `@type`:
//
//   import type { WithContext as S_WithContext } from "schema-dts";
//   import type { Article as T_Article } from "schema-dts";
//   const n0: S_WithContext<T_Article> = { "@context": "https://schema.org", "@type": "Article", ... };
//
// Members of an `@graph` are typed individually without `WithContext`.
// Nested nodes are typed by schema-dts through the property types.  An
// unknown `@type` fails (its import does not exist) and an unknown property
// fails (TypeScript's excess-property check on object literals).  Nested
// objects carrying action constraints (`query-input`, `result-output`, ...)
// are hoisted into their own constant typed `WithActionConstraints<T>`,
// because that is the only schema-dts type that admits those keys.
//
// Then `tsc --strict --noEmit` runs once over all generated files, and every
// diagnostic is mapped back to the source file, JSON-LD block, node and JSON
// pointer.  Exit status: 0 = all nodes type-check, 1 = errors found,
// 2 = usage or internal error.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const NODE_MODULES = path.join(HERE, "node_modules");
const SCHEMA_CONTEXT = "https://schema.org";

function usage(msg) {
  if (msg) process.stderr.write(`check-jsonld: ${msg}\n`);
  process.stderr.write(
    "usage: node check-jsonld.mjs [--keep] [--chunk-size N] [--files-from LIST] <file-or-dir>...\n",
  );
  process.exit(2);
}

// ---------------------------------------------------------------- arguments

const inputs = [];
let keep = !!process.env.GLOSSA_JSONLD_KEEP;
let chunkSize = 500;
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--keep") keep = true;
    else if (a === "--chunk-size") {
      chunkSize = Number.parseInt(argv[++i], 10);
      if (!(chunkSize > 0)) usage("--chunk-size needs a positive integer");
    } else if (a === "--files-from") {
      const list = argv[++i];
      if (!list) usage("--files-from needs a file");
      for (const line of fs.readFileSync(list, "utf8").split(/\r?\n/)) {
        if (line.trim()) inputs.push(line.trim());
      }
    } else if (a === "-h" || a === "--help") usage();
    else if (a === "--") inputs.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith("--")) usage(`unknown option ${a}`);
    else inputs.push(a);
  }
}
if (inputs.length === 0) usage("no input files");

// ------------------------------------------------------------ input reading

const KINDS = { ".html": "html", ".htm": "html", ".json": "json", ".jsonld": "json", ".ndjson": "ndjson", ".jsonl": "ndjson" };

function expandInputs(paths) {
  const files = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (KINDS[path.extname(ent.name).toLowerCase()]) files.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = fs.statSync(p);
    } catch (e) {
      usage(`cannot read ${p}: ${e.message}`);
    }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return files;
}

/** Problems found without the compiler (bad JSON, missing @type, ...). */
const problems = [];
/** Every JSON-LD block: { file, index, line, text, kind } */
const blocks = [];

function lineAt(text, offset) {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function extractHtmlBlocks(file, html) {
  // Blank out comments (keeping newlines) so commented-out scripts are ignored.
  const text = html.replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, " "));
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  let m;
  let n = 0;
  while ((m = re.exec(text))) {
    const t = /\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(m[1]);
    const type = t ? (t[1] ?? t[2] ?? t[3]).trim().toLowerCase() : "";
    if (type !== "application/ld+json") continue;
    const bodyOffset = m.index + m[0].indexOf(">") + 1;
    const line = lineAt(text, bodyOffset);
    n++;
    blocks.push({ file, index: n, line, text: m[2], where: `JSON-LD block #${n} (line ${line})` });
  }
}

function readInputs(files) {
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    let kind = KINDS[path.extname(file).toLowerCase()];
    if (!kind) kind = /^\s*</.test(text) ? "html" : "json";
    if (kind === "html") extractHtmlBlocks(file, text);
    else if (kind === "json") blocks.push({ file, index: 1, line: 1, text, where: "" });
    else {
      const lines = text.split("\n");
      lines.forEach((l, i) => {
        if (l.trim()) blocks.push({ file, index: i + 1, line: i + 1, text: l, where: `line ${i + 1}` });
      });
    }
  }
}

// ------------------------------------------------ position-tracking parser
// Runs only on text JSON.parse accepted; keeps raw literal text (valid TS
// literal syntax) and offsets, and reports duplicate keys (which JSON.parse
// silently collapses).

function parseTree(text, onDuplicate) {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const str = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  const value = () => {
    ws();
    const pos = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const entries = [];
      const seen = new Set();
      ws();
      if (text[i] === "}") return i++, { kind: "object", pos, entries };
      for (;;) {
        ws();
        const keyPos = i;
        const rawKey = str();
        const key = JSON.parse(rawKey);
        if (seen.has(key)) onDuplicate(key, keyPos);
        seen.add(key);
        ws();
        i++; // ':'
        const v = value();
        entries.push({ key, rawKey, keyPos, value: v });
        ws();
        if (text[i++] === "}") return { kind: "object", pos, entries };
      }
    }
    if (c === "[") {
      i++;
      const items = [];
      ws();
      if (text[i] === "]") return i++, { kind: "array", pos, items };
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === "]") return { kind: "array", pos, items };
      }
    }
    if (c === '"') {
      const raw = str();
      return { kind: "string", pos, raw, value: JSON.parse(raw) };
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    i += m[0].length;
    return { kind: "literal", pos, raw: m[0] };
  };
  const v = value();
  return v;
}

/** Short source rendering of a parsed value, for messages. */
const rawOf = (v) =>
  v.kind === "object" ? "an object" : v.kind === "array" ? `[${v.items.map(rawOf).join(", ")}]` : v.raw;
const get = (obj, key) => obj.entries.find((e) => e.key === key)?.value;
const ptrEscape = (s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1");

// ------------------------------------------------------------ TS generation

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ACTION_CONSTRAINT_KEY = /^[A-Za-z][A-Za-z0-9]*-(input|output)$/;

/** All nodes to type: { block, loc, label, tree, withContext, pointer, srcLine } */
const nodes = [];

function collectNodes() {
  for (const block of blocks) {
    const loc = block.where ? `${block.file}: ${block.where}` : block.file;
    if (!block.text.trim()) {
      problems.push(`${loc}: empty JSON-LD block`);
      continue;
    }
    try {
      JSON.parse(block.text);
    } catch (e) {
      problems.push(`${loc}: invalid JSON: ${e.message}`);
      continue;
    }
    const srcLine = (pos) => block.line + lineAt(block.text, pos) - 1;
    const tree = parseTree(block.text, (key, pos) =>
      problems.push(`${loc}: duplicate key ${JSON.stringify(key)} at line ${srcLine(pos)}`),
    );
    const add = (t, label, withContext, pointer) => {
      if (t.kind !== "object") {
        problems.push(`${loc}: ${label}: expected a JSON object, found ${t.kind === "literal" ? t.raw : t.kind}`);
        return;
      }
      nodes.push({ block, loc, label, tree: t, withContext, pointer, srcLine });
    };
    if (tree.kind === "object" && get(tree, "@graph")) {
      const graph = get(tree, "@graph");
      for (const e of tree.entries) {
        if (e.key === "@context") {
          if (e.value.kind !== "string" || e.value.value !== SCHEMA_CONTEXT) {
            problems.push(`${loc}: "@context" of the @graph document must be ${JSON.stringify(SCHEMA_CONTEXT)}, found ${rawOf(e.value)}`);
          }
        } else if (e.key !== "@graph") {
          problems.push(`${loc}: unexpected key ${JSON.stringify(e.key)} next to "@graph" (line ${srcLine(e.keyPos)})`);
        }
      }
      if (!get(tree, "@context")) problems.push(`${loc}: @graph document without "@context"`);
      if (graph.kind !== "array") problems.push(`${loc}: "@graph" must be an array`);
      else if (graph.items.length === 0) problems.push(`${loc}: "@graph" is empty`);
      else graph.items.forEach((item, k) => add(item, `@graph[${k}]`, false, `/@graph/${k}`));
    } else if (tree.kind === "array") {
      if (tree.items.length === 0) problems.push(`${loc}: empty array`);
      tree.items.forEach((item, k) => add(item, `[${k}]`, true, `/${k}`));
    } else {
      add(tree, "node", true, "");
    }
  }
}

/** Maps an `@type` value to a TS type expression, or null. */
function typeExpr(t, types, helpers) {
  if (t && t.kind === "string" && IDENT.test(t.value)) {
    types.add(t.value);
    return `T_${t.value}`;
  }
  if (t && t.kind === "array" && t.items.length > 0 && t.items.every((x) => x.kind === "string" && IDENT.test(x.value))) {
    if (t.items.length === 1) return typeExpr(t.items[0], types, helpers);
    for (const x of t.items) types.add(`${x.value}Leaf`);
    helpers.add("MergeLeafTypes");
    return `S_MergeLeafTypes<[${t.items.map((x) => `T_${x.value}Leaf`).join(", ")}]>`;
  }
  return null;
}

function describeType(t) {
  if (!t) return "(no @type)";
  if (t.kind === "string") return t.value;
  if (t.kind === "array") return t.items.map((x) => (x.kind === "string" ? x.value : "?")).join(",");
  return "?";
}

/**
 * Emits one chunk of nodes as a TS source file.  Returns { text, lineMeta }
 * where lineMeta[k] describes generated line k+1.
 */
function emitChunk(chunkNodes, chunkNo) {
  const types = new Set(); // schema.org type names imported as T_<name>
  const helpers = new Set(); // schema-dts helpers imported as S_<name>
  const body = []; // { text, meta }
  chunkNodes.forEach((node, k) => {
    const id = `n${chunkNo}_${k}`;
    const type = get(node.tree, "@type");
    const nodeMeta = { node, pointer: node.pointer };
    let te = typeExpr(type, types, helpers);
    if (!te) {
      problems.push(
        `${node.loc}: ${node.label}${labelId(node.tree)}: ` +
          (type ? `unsupported "@type" value ${rawOf(type)} (expected a schema.org type name or an array of them)` : `node has no "@type"`),
      );
      return;
    }
    const hoisted = [];
    let hoistNo = 0;
    const emitValue = (v, indent, pointer, out, prefix, suffix) => {
      const meta = { node, pointer, pos: v.pos };
      if (v.kind === "string" || v.kind === "literal") {
        out.push({ text: `${indent}${prefix}${v.raw}${suffix}`, meta });
      } else if (v.kind === "array") {
        if (v.items.length === 0) return out.push({ text: `${indent}${prefix}[]${suffix}`, meta });
        out.push({ text: `${indent}${prefix}[`, meta });
        v.items.forEach((item, j) => emitValue(item, indent + "  ", `${pointer}/${j}`, out, "", ","));
        out.push({ text: `${indent}]${suffix}`, meta });
      } else {
        // Nested object: hoist it if it carries action constraints.
        const nestedType = get(v, "@type");
        if (pointer !== node.pointer && v.entries.some((e) => ACTION_CONSTRAINT_KEY.test(e.key))) {
          const inner = typeExpr(nestedType, types, helpers);
          if (inner) {
            const hid = `${id}_h${hoistNo++}`;
            helpers.add("WithActionConstraints");
            const h = [];
            emitObject(v, "", pointer, h, `const ${hid}: S_WithActionConstraints<${inner}> = `, ";");
            hoisted.push(...h);
            out.push({ text: `${indent}${prefix}${hid}${suffix}`, meta });
            return;
          }
        }
        emitObject(v, indent, pointer, out, prefix, suffix);
      }
    };
    const emitObject = (v, indent, pointer, out, prefix, suffix) => {
      const meta = { node, pointer, pos: v.pos };
      if (v.entries.length === 0) return out.push({ text: `${indent}${prefix}{}${suffix}`, meta });
      out.push({ text: `${indent}${prefix}{`, meta });
      for (const e of v.entries) {
        const key = e.key === "__proto__" ? `["__proto__"]` : e.rawKey;
        const p = `${pointer}/${ptrEscape(e.key)}`;
        // Key line maps to the property (excess-property errors point at the key).
        if (e.value.kind === "object" || e.value.kind === "array") {
          const sub = [];
          emitValue(e.value, indent + "  ", p, sub, `${key}: `, ",");
          sub[0].meta = { node, pointer: p, pos: e.keyPos };
          out.push(...sub);
        } else {
          out.push({ text: `${indent}  ${key}: ${e.value.raw},`, meta: { node, pointer: p, pos: e.keyPos } });
        }
      }
      out.push({ text: `${indent}}${suffix}`, meta });
    };

    const hasConstraints = node.tree.entries.some((e) => ACTION_CONSTRAINT_KEY.test(e.key));
    if (hasConstraints) {
      helpers.add("WithActionConstraints");
      te = `S_WithActionConstraints<${te}>`;
    }
    if (node.withContext) {
      helpers.add("WithContext");
      te = `S_WithContext<${te}>`;
    }
    const own = [];
    emitObject(node.tree, "", node.pointer, own, `const ${id}: ${te} = `, ";");
    own[0].meta = { ...nodeMeta, pos: node.tree.pos, isDecl: true };
    body.push(...hoisted, ...own);
  });

  const header = [];
  header.push({ text: `// Generated by tests/js/check-jsonld.mjs from ${chunkNodes.length} JSON-LD node(s) -- do not edit.`, meta: null });
  for (const name of [...helpers].sort()) {
    header.push({ text: `import type { ${name} as S_${name} } from "schema-dts";`, meta: null });
  }
  for (const name of [...types].sort()) {
    const users = chunkNodes.filter((n) => usesType(n, name));
    header.push({ text: `import type { ${name} as T_${name} } from "schema-dts";`, meta: { importOf: name, users } });
  }
  header.push({ text: "", meta: null });
  const all = [...header, ...body];
  return { text: all.map((l) => l.text).join("\n") + "\nexport {};\n", lineMeta: all.map((l) => l.meta) };
}

function labelId(tree) {
  const id = get(tree, "@id");
  return id && id.kind === "string" ? ` <${id.value}>` : "";
}

/** Whether any `@type` inside the node (at any depth) names `name`. */
function usesType(node, name) {
  const visit = (v) => {
    if (v.kind === "object") {
      for (const e of v.entries) {
        if (e.key === "@type") {
          const names = e.value.kind === "array" ? e.value.items : [e.value];
          if (names.some((x) => x.kind === "string" && (x.value === name || `${x.value}Leaf` === name))) return true;
        }
        if (visit(e.value)) return true;
      }
    } else if (v.kind === "array") return v.items.some(visit);
    return false;
  };
  return visit(node.tree);
}

// ------------------------------------------------------------------- main


function runTsc(dir, chunkFiles) {
  const tsc = path.join(NODE_MODULES, "typescript", "bin", "tsc");
  if (!fs.existsSync(tsc) || !fs.existsSync(path.join(NODE_MODULES, "schema-dts", "package.json"))) {
    process.stderr.write(`check-jsonld: typescript/schema-dts not installed in ${NODE_MODULES}; run \`npm ci\` in ${HERE}\n`);
    process.exit(2);
  }
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: "es2022",
      lib: ["es2022"],
      module: "esnext",
      moduleResolution: "bundler",
      types: [],
      paths: { "schema-dts": [path.join(NODE_MODULES, "schema-dts")] },
    },
    files: chunkFiles,
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--strict", "--noEmit", "--pretty", "false"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (r.error) {
    process.stderr.write(`check-jsonld: failed to run tsc: ${r.error.message}\n`);
    process.exit(2);
  }
  return r;
}

function main() {
  const files = expandInputs(inputs);
  readInputs(files);
  collectNodes();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "glossa-jsonld-"));
  const chunks = [];
  for (let c = 0; c * chunkSize < nodes.length; c++) {
    const { text, lineMeta } = emitChunk(nodes.slice(c * chunkSize, (c + 1) * chunkSize), c);
    const name = `chunk-${c}.ts`;
    fs.writeFileSync(path.join(dir, name), text);
    chunks.push({ name, lineMeta });
  }

  const errors = []; // { key, text }
  let tscStatus = 0;
  if (chunks.length > 0) {
    const r = runTsc(dir, chunks.map((c) => c.name));
    tscStatus = r.status;
    const out = `${r.stdout}${r.stderr}`;
    const diag = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/;
    let current = null;
    const unmapped = [];
    for (const line of out.split(/\r?\n/)) {
      const m = diag.exec(line);
      if (m) {
        const chunk = chunks.find((c) => c.name === path.basename(m[1]));
        const meta = chunk?.lineMeta[Number(m[2]) - 1];
        current = { msg: `${m[5]}: ${m[6]}`, meta, raw: line };
        errors.push(current);
      } else if (current && /^\s+\S/.test(line)) {
        current.msg += `\n${line}`;
      } else if (line.trim()) {
        current = null;
        unmapped.push(line);
      }
    }
    if (unmapped.length) errors.push({ msg: unmapped.join("\n"), meta: null, raw: "" });
    if (r.status !== 0 && errors.length === 0) {
      errors.push({ msg: `tsc exited with status ${r.status} without diagnostics`, meta: null, raw: "" });
    }
  }

  const indent = (s) => s.replace(/^/gm, "    ");
  const report = [];
  for (const p of problems) report.push(p);
  for (const e of errors) {
    const meta = e.meta;
    if (meta?.importOf) {
      for (const n of meta.users) {
        report.push(`${n.loc}: ${n.label}${labelId(n.tree)}: unknown schema.org type ${JSON.stringify(meta.importOf.replace(/Leaf$/, ""))}\n${indent(e.msg)}`);
      }
      if (meta.users.length === 0) report.push(`unknown schema.org type ${meta.importOf}\n${indent(e.msg)}`);
    } else if (meta?.node) {
      const n = meta.node;
      const at = meta.pointer === n.pointer ? "" : ` at ${meta.pointer.slice(n.pointer.length) || "/"}`;
      report.push(
        `${n.loc}: ${n.label}${labelId(n.tree)} (@type ${describeType(get(n.tree, "@type"))})${at}, source line ${n.srcLine(meta.pos)}\n${indent(e.msg)}`,
      );
    } else {
      report.push(`${e.raw || "tsc"}\n${indent(e.msg)}`);
    }
  }

  const summary = `${nodes.length} node(s) in ${blocks.length} JSON-LD block(s) from ${files.length} file(s)`;
  if (report.length === 0 && nodes.length === 0) {
    report.push(`no JSON-LD found in ${files.length} file(s): nothing was checked`);
  }
  if (report.length > 0) {
    process.stderr.write(`${report.join("\n\n")}\n\n`);
    process.stderr.write(`check-jsonld: FAILED: ${report.length} error(s); ${summary}\n`);
    if (keep) process.stderr.write(`check-jsonld: generated TypeScript kept in ${dir}\n`);
    else {
      fs.rmSync(dir, { recursive: true, force: true });
      process.stderr.write("check-jsonld: rerun with --keep (or GLOSSA_JSONLD_KEEP=1) to inspect the generated TypeScript\n");
    }
    process.exit(1);
  }
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`check-jsonld: generated TypeScript kept in ${dir}\n`);
  process.stdout.write(`check-jsonld: OK: ${summary} type-check against schema.org\n`);
}

main();
