// Read a bibliography file with citation-js and print what it understood as CSL-JSON.
// usage: node read.js FORMAT FILE   (FORMAT: bibtex | biblatex | ris | csl-json)
"use strict";
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-csl");

const [format, file] = process.argv.slice(2);
const text = fs.readFileSync(file, "utf8");
const forceType = {
  bibtex: "@biblatex/text", // one parser reads both flavours
  biblatex: "@biblatex/text",
  ris: "@ris/file",
  "csl-json": "@csl/list+object",
}[format];
const input = format === "csl-json" ? JSON.parse(text) : text;
const cite = new Cite(input, { forceType });
process.stdout.write(JSON.stringify(cite.data, null, 1));
