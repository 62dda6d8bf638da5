// citeproc-js's bibliography metadata (the first element of makeBibliography()) for a job as
// render.js takes it: {"hangingindent", "linespacing", "entryspacing", "second-field-align", "maxoffset", "bibstart"}.
const CSL = require("citeproc");
const { readJob, system } = require("./job");

readJob((job) => {
  const engine = new CSL.Engine(system(job.locales, job.items), job.style, job.lang || "en-US");
  engine.setOutputFormat(job.format || "html");
  engine.updateItems(job.items.map((item) => item.id));
  const [params] = engine.makeBibliography();
  const keys = ["hangingindent", "linespacing", "entryspacing", "second-field-align", "maxoffset", "bibstart"];
  process.stdout.write(JSON.stringify(Object.fromEntries(keys.map((key) => [key, params[key]]))));
});
