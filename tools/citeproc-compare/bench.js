#!/usr/bin/env node
// Dev tool only (citeproc-js is CPAL/AGPL: never shipped with Carrel). The citeproc-js side of
// `carrel-bench bibliography`: renders one bibliography of all the items, as Zotero does, and
// prints the times.
//
// Usage: node bench.js STYLE.csl LOCALES_DIR LOCALE ITEMS.json
// Prints one JSON object: {"entries": N, "compile_ms": …, "render_ms": …} (compile: building the
// engine from the style; render: updateItems + makeBibliography).
"use strict";
const CSL = require("citeproc");
const { readInputs } = require("./inputs");

const { style, items, lang, sys } = readInputs("bench.js");
const t0 = process.hrtime.bigint();
const engine = new CSL.Engine(sys, style, lang, true);
engine.setOutputFormat("html");
const t1 = process.hrtime.bigint();
engine.updateItems(items.map((it) => String(it.id)));
const bib = engine.makeBibliography();
const t2 = process.hrtime.bigint();
const entries = bib ? bib[1].length : 0;
process.stdout.write(JSON.stringify({
  entries,
  compile_ms: Number(t1 - t0) / 1e6,
  render_ms: Number(t2 - t1) / 1e6,
}) + "\n");
