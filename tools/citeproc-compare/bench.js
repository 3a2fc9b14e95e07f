#!/usr/bin/env node
// Dev tool only (citeproc-js is CPAL/AGPL: never shipped with Carrel). The citeproc-js side of
// `carrel-bench bibliography`: renders one bibliography of all the items, as Zotero does, and
// prints the times.
//
// Usage: node bench.js STYLE.csl LOCALES_DIR LOCALE ITEMS.json
// Prints one JSON object: {"entries": N, "compile_ms": …, "render_ms": …} (compile: building the
// engine from the style; render: updateItems + makeBibliography).
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [stylePath, localesDir, lang, itemsPath] = process.argv.slice(2);
if (!itemsPath) {
  console.error("usage: node bench.js STYLE.csl LOCALES_DIR LOCALE ITEMS.json");
  process.exit(2);
}
const style = fs.readFileSync(stylePath, "utf8");
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((it) => [String(it.id), it]));
const sys = {
  retrieveLocale(l) {
    const f = path.join(localesDir, `locales-${l}.xml`);
    if (fs.existsSync(f)) return fs.readFileSync(f, "utf8");
    const base = fs.readdirSync(localesDir).find((n) => n.startsWith(`locales-${l.split("-")[0]}`));
    return base ? fs.readFileSync(path.join(localesDir, base), "utf8") : false;
  },
  retrieveItem(id) {
    return byId.get(String(id));
  },
};
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
