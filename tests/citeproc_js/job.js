// What render.js, sweep.js and suite.js share: the JSON job on stdin, the engine's `sys`
// (locales and items from the job), and a bibliography as [id, text] pairs.

function readJob(onJob) {
  let input = "";
  process.stdin.on("data", (chunk) => (input += chunk));
  process.stdin.on("end", () => onJob(JSON.parse(input)));
}

// byLanguage: a dialect without its own file takes its language's ("de-AT" -> "de").
function system(locales, items, byLanguage = false) {
  const byId = Object.fromEntries(items.map((item) => [item.id, item]));
  return {
    retrieveLocale: (lang) => locales[lang] || (byLanguage && locales[lang.split("-")[0]]) || locales["en-US"],
    retrieveItem: (id) => byId[id],
  };
}

// [[id, text], ...] in citeproc-js's order, or null for a style without a bibliography.
function entries(engine) {
  const result = engine.makeBibliography();
  if (!result) return null;
  const [params, texts] = result;
  return params.entry_ids.map((ids, index) => [ids[0], texts[index].trim()]);
}

module.exports = { readJob, system, entries };
