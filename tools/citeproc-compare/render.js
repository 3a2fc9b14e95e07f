#!/usr/bin/env node
// Dev tool only (citeproc-js is CPAL/AGPL: never shipped with Carrel). Renders CSL-JSON items
// with citeproc-js as the test oracle for Carrel's agreement figures.
//
// Usage: node render.js STYLE.csl LOCALES_DIR LOCALE ITEMS.json
// Prints one JSON object per line, {"id": ITEM_ID, "text": PLAIN_TEXT}, in input order, each
// item rendered alone; a style without a bibliography prints first-note citations instead.
"use strict";
const CSL = require("citeproc");
const { readInputs } = require("./inputs");

const { style, items, lang, sys } = readInputs("render.js");
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
