// The CSL test suite's bibliography fixtures through citeproc-js, many in one process.
// stdin: {"locales": {"en-US": "<xml>", ...}, "fixtures": [{"name", "csl", "items"}, ...]}
// stdout: {"<name>": {"entries": ["<div class=\"csl-entry\">...</div>", ...]} | {"error": "..."}, ...}
const CSL = require("citeproc");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const out = {};
  for (const fixture of job.fixtures) {
    try {
      const byId = Object.fromEntries(fixture.items.map((item) => [item.id, item]));
      const sys = {
        retrieveLocale: (lang) => job.locales[lang] || job.locales[lang.split("-")[0]] || job.locales["en-US"],
        retrieveItem: (id) => byId[id],
      };
      const engine = new CSL.Engine(sys, fixture.csl);
      engine.setOutputFormat("html");
      // Every input item, in input order, as issue 8 measures.
      engine.updateItems(fixture.items.map((item) => item.id));
      const bib = engine.makeBibliography();
      out[fixture.name] = bib ? { entries: bib[1] } : { error: "no bibliography" };
    } catch (error) {
      out[fixture.name] = { error: String(error && error.message ? error.message : error).split("\n")[0] };
    }
  }
  process.stdout.write(JSON.stringify(out));
});
