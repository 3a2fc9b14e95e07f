#!/usr/bin/env node
// Dev tool only (citeproc-js is CPAL/AGPL: never shipped with Carrel). Renders CSL-JSON items
// with citeproc-js as the test oracle for Carrel's agreement figures.
//
// Usage: node render.js STYLE.csl LOCALES_DIR LOCALE ITEMS.json
// Prints one JSON object per line, {"id": ITEM_ID, "text": PLAIN_TEXT}, in input order, each
// item rendered alone; a style without a bibliography prints first-note citations instead.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [stylePath, localesDir, lang, itemsPath] = process.argv.slice(2);
if (!itemsPath) {
  console.error("usage: node render.js STYLE.csl LOCALES_DIR LOCALE ITEMS.json");
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

const engine = new CSL.Engine(sys, style, lang, true);
engine.setOutputFormat("text");
const ids = items.map((it) => String(it.id));
// Each item on its own (as Carrel renders each record's text on its own): no cross-item
// disambiguation or subsequent-author substitution on either side.
const out = [];
const hasBib = /<bibliography[\s>]/.test(style);
ids.forEach((id, i) => {
  engine.updateItems([id]);
  let text = "";
  if (hasBib) {
    const bib = engine.makeBibliography();
    text = bib ? String(bib[1][0] || "") : "";
  } else {
    const r = engine.processCitationCluster(
      { citationItems: [{ id }], properties: { noteIndex: i + 1 } }, [], []);
    text = r[1].map((x) => x[1]).join(" ");
  }
  out.push({ id, text: text.replace(/\s+/g, " ").trim() });
});
process.stdout.write(out.map((o) => JSON.stringify(o)).join("\n") + "\n");
