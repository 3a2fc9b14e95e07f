// Dev tool only (citeproc-js is CPAL/AGPL: never shipped with Carrel). What render.js and
// bench.js share: the command line, the style and items read from disk, and the `sys` object
// citeproc-js asks for locales (LOCALES_DIR/locales-xx-XX.xml, else the language's first file)
// and items (by id).
"use strict";
const fs = require("fs");
const path = require("path");

/** Reads `STYLE.csl LOCALES_DIR LOCALE ITEMS.json` from the command line, or exits with usage. */
function readInputs(tool) {
  const [stylePath, localesDir, lang, itemsPath] = process.argv.slice(2);
  if (!itemsPath) {
    console.error(`usage: node ${tool} STYLE.csl LOCALES_DIR LOCALE ITEMS.json`);
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
  return { style, items, lang, sys };
}

module.exports = { readInputs };
