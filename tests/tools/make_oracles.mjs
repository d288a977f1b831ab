// Oracle generator: runs the real Mermaid 11.17.2 flowchart parser + FlowDB on .mmd files.
//
// Reproduce:
//   mkdir /tmp/mmd && cd /tmp/mmd && npm init -y && npm install mermaid@11.17.2 jsdom
//   cd /work/main && node tests/tools/make_oracles.mjs --mermaid-dir /tmp/mmd tests/data/mermaid-corpus/*.mmd
// (--mermaid-dir defaults to $MERMAID_DIR, then /tmp/mmd: the directory whose node_modules holds mermaid
// and jsdom.)
//
// Default mode writes NAME.oracle.json next to every NAME.mmd given on the command line.
// With --jsonl it writes nothing and prints one JSON object per input file (with a "file" key)
// on stdout instead. With --serve it reads one file path per line on stdin and answers each with one
// JSON line (tests/tools/mermaid_difffuzz.py keeps one such process running). --check-mapping also
// verifies the replayed preprocessing (see below) on accepted inputs.
//
// Output format (same keys as tests/data/mermaid-probes/*.oracle.json):
//   accepted: {"ok": true, "diagramType", "direction", "vertices": [{"id", "text", "shape", "renderShape",
//              "labelType", "classes", "styles", ["icon", "form"]}], "edges": [{"id", "start", "end",
//              "text", "type", "stroke", "length", "labelType", "isUserDefinedId", "classes"}],
//              "subgraphs": [{"id", "title", "nodes", "dir", "labelType", "classes"}], "classDefs",
//              "mermaidVersion"}
//   rejected: {"ok": false, "errorKind": "parse"|"lexical"|"db"|"detect"|"preprocess", "line", "mermaidLine", "error",
//              "token", "tokenText", "expected", "loc", "mermaidVersion"}
// All texts are entity-decoded the way Mermaid's own decodeEntities does (#quot; -> &quot;).
// "mermaidLine" is the N of Mermaid's "Parse/Lexical error on line N", which counts lines of the
// text Mermaid actually parses (front matter, %%{directives}%%, whole-line %% comments and leading
// blank lines removed, blank lines after a closing "}" squeezed, "\n" appended). "line" is that line
// mapped back to the file as written: the line holding the first character of Mermaid's line N, or,
// when Mermaid's line N holds no character of the file (it starts at the newline Mermaid appends, or
// after it: typically an error at end of input), the last line with visible text that Mermaid parsed
// (so comment lines and trailing blank lines are never blamed). The mapping is checked against the text Mermaid's
// parser really received (captured by wrapping the flowchart parser's parse function); if they ever
// differ the result carries "lineMappingVerified": false. "errorKind" "db" means FlowDB threw during
// parsing (e.g. linkStyle index out of range); "detect" means Mermaid did not see a flowchart at all;
// "preprocess" means Mermaid failed before the flowchart parser ran (e.g. malformed front matter YAML).
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';
import { createRequire } from 'module';

const args = process.argv.slice(2);
let mermaidDir = process.env.MERMAID_DIR ?? '/tmp/mmd';
let jsonl = false;
let serve = false;
let checkMapping = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--mermaid-dir') mermaidDir = args[++i];
  else if (args[i] === '--jsonl') jsonl = true;
  else if (args[i] === '--serve') serve = true;
  else if (args[i] === '--check-mapping') checkMapping = true;
  else files.push(args[i]);
}

const require = createRequire(path.join(path.resolve(mermaidDir), 'package.json'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
const mermaidPkgDir = path.dirname(require.resolve('mermaid/package.json'));
const mermaidVersion = JSON.parse(fs.readFileSync(path.join(mermaidPkgDir, 'package.json'), 'utf8')).version;
const mermaid = (await import(pathToFileURL(path.join(mermaidPkgDir, 'dist', 'mermaid.core.mjs')).href)).default;
mermaid.initialize({ startOnLoad: false });
if (mermaidVersion !== '11.17.2') process.stderr.write(`warning: oracles are meant for mermaid 11.17.2, found ${mermaidVersion}\n`);

// --- capture the exact text handed to the flowchart parser -------------------------------------
let captured = null;
const wrapped = new WeakSet();
for (const header of ['graph TD\nA\n', 'flowchart TD\nA\n', 'flowchart-elk TD\nA\n']) {
  const d = await mermaid.mermaidAPI.getDiagramFromText(header);
  const p = d.parser;
  if (!wrapped.has(p)) {
    const original = p.parse;
    // flowParser.ts: newSrc = src.replace(/}\s*\n/g, "}\n") before the jison parser sees it.
    p.parse = (src) => { captured = src.replace(/}\s*\n/g, '}\n'); return original(src); };
    wrapped.add(p);
  }
}

// --- Mermaid's preprocessing, replayed with a character -> source offset map ------------------------
class Mapped {
  constructor(text, origin) { this.text = text; this.origin = origin; }
  static of(text) { return new Mapped(text, Array.from({ length: text.length }, (_, i) => i)); }
  sub(regex, replace) {
    let text = '';
    const origin = [];
    let pos = 0;
    for (const m of this.text.matchAll(regex)) {
      text += this.text.slice(pos, m.index);
      origin.push(...this.origin.slice(pos, m.index));
      const rep = replace(m);
      text += rep;
      const span = this.origin.slice(m.index, m.index + m[0].length);
      for (let i = 0; i < rep.length; i++) origin.push(span.length ? span[Math.min(i, span.length - 1)] : -1);
      pos = m.index + m[0].length;
    }
    text += this.text.slice(pos);
    origin.push(...this.origin.slice(pos));
    return new Mapped(text, origin);
  }
  dropPrefix(n) { return new Mapped(this.text.slice(n), this.origin.slice(n)); }
  append(s) { return new Mapped(this.text + s, this.origin.concat(Array(s.length).fill(-1))); }
}

const frontMatterRegex = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s;
const directiveRegex = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;

function preprocessMapped(source) {
  let m = Mapped.of(source);
  m = m.sub(/\r\n?/g, () => '\n');
  m = m.sub(/<(\w+)([^>]*)>/g, (x) => '<' + x[1] + x[2].replace(/="([^"]*)"/g, "='$1'") + '>');
  const fm = m.text.match(frontMatterRegex);
  if (fm) m = m.dropPrefix(fm[0].length);
  m = m.sub(directiveRegex, () => '');
  m = m.sub(/^\s*%%(?!{)[^\n]+\n?/gm, () => '');
  const lead = m.text.match(/^\s+/);
  if (lead) m = m.dropPrefix(lead[0].length);
  m = m.sub(/style.*:\S*#.*;/g, (x) => x[0].slice(0, -1));
  m = m.sub(/classDef.*:\S*#.*;/g, (x) => x[0].slice(0, -1));
  m = m.sub(/#\w+;/g, (x) => {
    const inner = x[0].slice(1, -1);
    return (/^\+?\d+$/.test(inner) ? '\uFB02\xB0\xB0' : '\uFB02\xB0') + inner + '\xB6\xDF';
  });
  m = m.append('\n');
  m = m.sub(/}\s*\n/g, () => '}\n');
  return m;
}

function sourceLineOf(source, offset) {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source[i] === '\n') line++;
  return line;
}

function mapLine(source, mapped, mermaidLine) {
  let start = 0;
  for (let l = 1; l < mermaidLine; l++) {
    const nl = mapped.text.indexOf('\n', start);
    if (nl < 0) { start = mapped.text.length; break; }
    start = nl + 1;
  }
  if (start < mapped.text.length && mapped.origin[start] >= 0) return sourceLineOf(source, mapped.origin[start]);
  // Mermaid's line N is past the end of the file (the newline Mermaid appends, or after it):
  // blame the last line with visible text that Mermaid parsed.
  for (let i = Math.min(start, mapped.text.length) - 1; i >= 0; i--) {
    if (mapped.origin[i] >= 0 && /\S/.test(mapped.text[i])) return sourceLineOf(source, mapped.origin[i]);
  }
  return 1;
}

const decode = (t) => (typeof t === 'string' ? t.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';') : t);

async function oracle(source) {
  captured = null;
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
    const db = diagram.db;
    // Also check the replayed preprocessing on accepted input when asked (the fuzzer does).
    const unverified = checkMapping && captured !== null && captured !== preprocessMapped(source).text;
    const classDefs = {};
    for (const [k, v] of db.getClasses()) classDefs[k] = { styles: v.styles ?? [], textStyles: v.textStyles ?? [] };
    return {
      ok: true,
      diagramType: diagram.type,
      direction: db.getDirection ? db.getDirection() ?? null : null,
      vertices: [...db.getVertices().values()].map((v) => {
        const out = { id: v.id, text: decode(v.text), shape: v.type ?? null, renderShape: db.getTypeFromVertex ? db.getTypeFromVertex(v) ?? null : null,
          labelType: v.labelType ?? null, classes: v.classes ?? [], styles: v.styles ?? [] };
        if (v.icon !== undefined) out.icon = v.icon;
        if (v.form !== undefined) out.form = v.form;
        return out;
      }),
      edges: db.getEdges().map((e) => ({ id: e.id ?? null, start: e.start, end: e.end, text: decode(e.text), type: e.type,
        stroke: e.stroke, length: e.length, labelType: e.labelType ?? null, isUserDefinedId: e.isUserDefinedId ?? false,
        classes: e.classes ?? [] })),
      subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, title: decode(s.title), nodes: s.nodes, dir: s.dir ?? null,
        labelType: s.labelType ?? null, classes: s.classes ?? [] })),
      classDefs,
      mermaidVersion,
      ...(unverified ? { lineMappingVerified: false } : {}),
    };
  } catch (e) {
    const message = String(e?.message ?? e);
    const found = message.match(/^(Parse|Lexical) error on line (\d+)/);
    let errorKind = 'db';
    if (found) errorKind = found[1] === 'Parse' ? 'parse' : 'lexical';
    else if (/^No diagram type detected/.test(message)) errorKind = 'detect';
    else if (captured === null) errorKind = 'preprocess';
    const out = { ok: false, errorKind, line: null, mermaidLine: found ? Number(found[2]) : null, error: message };
    if (found) {
      const mapped = preprocessMapped(source);
      out.line = mapLine(source, mapped, out.mermaidLine);
      if (captured !== null && captured !== mapped.text) out.lineMappingVerified = false;
    }
    const h = e?.hash;
    if (h) {
      out.token = h.token === 1 ? 'EOF' : h.token ?? null;
      out.tokenText = h.text ?? null;
      if (h.expected) out.expected = h.expected;
      if (h.loc) out.loc = h.loc;
    }
    out.mermaidVersion = mermaidVersion;
    return out;
  }
}

if (serve) {
  // One file path per input line, one JSON line per file on stdout (used by mermaid_difffuzz.py).
  const readline = await import('readline');
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line) continue;
    const result = await oracle(fs.readFileSync(line, 'utf8'));
    process.stdout.write(JSON.stringify({ file: line, ...result }) + '\n');
  }
}

for (const file of files) {
  const source = fs.readFileSync(file, 'utf8');
  const result = await oracle(source);
  if (jsonl) {
    process.stdout.write(JSON.stringify({ file, ...result }) + '\n');
  } else {
    const target = file.replace(/\.mmd$/, '') + '.oracle.json';
    fs.writeFileSync(target, JSON.stringify(result, null, 2) + '\n');
  }
}
