// The CSL test suite's bibliography fixtures through citeproc-js, many in one process.
// stdin: {"locales": {"en-US": "<xml>", ...}, "fixtures": [{"name", "csl", "items"}, ...]}
// stdout: {"<name>": {"entries": ["<div class=\"csl-entry\">...</div>", ...]} | {"error": "..."}, ...}
const CSL = require("citeproc");
const { readJob, system } = require("./job");

readJob((job) => {
  const out = {};
  for (const fixture of job.fixtures) {
    try {
      const engine = new CSL.Engine(system(job.locales, fixture.items, true), fixture.csl);
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
