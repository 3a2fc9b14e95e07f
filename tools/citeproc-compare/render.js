#!/usr/bin/env node
// Dev tool only (citeproc-js is CPAL/AGPL: never shipped with Carrel). Renders CSL-JSON items
// with citeproc-js as the test oracle for Carrel's agreement figures.
//
// Usage: node render.js STYLE.csl LOCALES_DIR LOCALE ITEMS.json [--alone]
// Prints one JSON object per line, {"id": ITEM_ID, "text": PLAIN_TEXT}, in input order.
// By default all items make one bibliography, as Zotero makes it (and as Carrel renders a list):
// the style's disambiguation applies across them (year suffixes 2022a/2022b, and a
// subsequent-author substitute such as "———" in the styles that ask for one). With --alone each
// item is rendered on its own. A style without a bibliography prints each item's first-note
// citation instead.
"use strict";
const CSL = require("citeproc");
const { readInputs } = require("./inputs");

const { style, items, lang, sys } = readInputs("render.js");
const alone = process.argv.includes("--alone");
const engine = new CSL.Engine(sys, style, lang, true);
engine.setOutputFormat("text");
const ids = items.map((it) => String(it.id));
const hasBib = /<bibliography[\s>]/.test(style);
const text = new Map();
if (hasBib && !alone) {
  engine.updateItems(ids);
  const bib = engine.makeBibliography();
  if (bib) {
    let ids2 = bib[0].entry_ids.map((e) => String(e[0]));
    if (ids2.length !== bib[1].length) {
      // citeproc-js leaves out entries that render empty but keeps their ids: find them alone.
      const one = new CSL.Engine(sys, style, lang, true);
      one.setOutputFormat("text");
      const empty = new Set(ids2.filter((id) => {
        one.updateItems([id]);
        const b = one.makeBibliography();
        return !b || !String(b[1][0] || "").trim();
      }));
      ids2 = ids2.filter((id) => !empty.has(id));
    }
    ids2.forEach((id, i) => text.set(id, String(bib[1][i] || "")));
  }
} else {
  ids.forEach((id, i) => {
    engine.updateItems([id]);
    if (hasBib) {
      const bib = engine.makeBibliography();
      text.set(id, bib ? String(bib[1][0] || "") : "");
    } else {
      const r = engine.processCitationCluster(
        { citationItems: [{ id }], properties: { noteIndex: i + 1 } }, [], []);
      text.set(id, r[1].map((x) => x[1]).join(" "));
    }
  });
}
const out = ids.map((id) => JSON.stringify({ id, text: (text.get(id) || "").replace(/\s+/g, " ").trim() }));
process.stdout.write(out.join("\n") + "\n");
