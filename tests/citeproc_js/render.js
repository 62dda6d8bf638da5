// The oracle: citeproc-js renders a bibliography from CSL-JSON items, a style and locales.
// stdin: {"style": "<xml>", "locales": {"en-US": "<xml>", ...}, "items": [...], "format": "text"|"html"}
// stdout: {"entries": [[id, text], ...]} in the order citeproc-js prints them.
const CSL = require("citeproc");
const { readJob, system, entries } = require("./job");

readJob((job) => {
  const engine = new CSL.Engine(system(job.locales, job.items), job.style, job.lang || "en-US");
  engine.setOutputFormat(job.format || "text");
  engine.updateItems(job.items.map((item) => item.id));
  const found = entries(engine);
  if (!found) throw new Error("the style has no bibliography");
  process.stdout.write(JSON.stringify({ entries: found }));
});
