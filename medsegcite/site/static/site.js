/* medsegcite site: search, filters, copy buttons. No network but the site's own files; no
   eval, no inline handlers, no innerHTML of data (the page's CSP allows only this file). */
(function () {
  "use strict";
  var site = window.medsegciteSite;
  if (!site) return;
  document.documentElement.classList.add("js");

  var papers = site.papers; // [key, title, authors, venue, year, type, [category ids], hasDoi, titleOnly]
  var N = papers.length;

  /* ---- the index: words -> papers ---------------------------------------------------- */

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // a chunk "U-Net++" gives "u", "net" and "unet": hyphenated names are found typed either way
  function words(text) {
    var out = [];
    var chunks = fold(text).split(/\s+/);
    for (var c = 0; c < chunks.length; c++) {
      var parts = chunks[c].split(/[^a-z0-9]+/).filter(Boolean);
      for (var p = 0; p < parts.length; p++) out.push(parts[p]);
      if (parts.length > 1) out.push(parts.join(""));
    }
    return out;
  }

  var vocabulary = [];       // word
  var postings = [];         // word id -> paper indices
  var wordId = new Map();
  for (var i = 0; i < N; i++) {
    var p = papers[i];
    var seen = new Set(words([p[0], p[1], p[2], p[3], p[4]].join(" ")));
    seen.forEach(function (w) {
      var id = wordId.get(w);
      if (id === undefined) {
        id = vocabulary.length;
        wordId.set(w, id);
        vocabulary.push(w);
        postings.push([]);
      }
      postings[id].push(i);
    });
  }

  /* ---- typo-tolerant matching: a query word matches an index word when it is a prefix of
     it or within k edits of one of its prefixes (Damerau-Levenshtein, optimal string
     alignment): k = 0 up to 3 letters, 1 up to 6, 2 beyond. ------------------------------ */

  function allowed(length) {
    return length <= 3 ? 0 : length <= 6 ? 1 : 2;
  }

  var rowA = new Int32Array(64), rowB = new Int32Array(64), rowC = new Int32Array(64);
  function prefixDistanceWithin(q, w, k) {
    var m = q.length, n = Math.min(w.length, m + k);
    if (m > 60 || n > 60) return false;
    var prev2 = rowA, prev = rowB, cur = rowC, j;
    for (j = 0; j <= n; j++) prev[j] = j;
    for (var a = 1; a <= m; a++) {
      cur[0] = a;
      var best = cur[0];
      var qa = q.charCodeAt(a - 1);
      for (j = 1; j <= n; j++) {
        var wb = w.charCodeAt(j - 1);
        var cost = qa === wb ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (a > 1 && j > 1 && qa === w.charCodeAt(j - 2) && q.charCodeAt(a - 2) === wb) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > k) return false;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    for (j = Math.max(0, m - k); j <= n; j++) if (prev[j] <= k) return true;
    return false;
  }

  var tokenCache = new Map();
  function papersMatching(token) {
    var hit = tokenCache.get(token);
    if (hit) return hit;
    hit = new Uint8Array(N);
    var k = allowed(token.length);
    var first = token.charCodeAt(0);
    for (var id = 0; id < vocabulary.length; id++) {
      var w = vocabulary[id];
      var ok = w.startsWith(token);
      // (a typo in the first letter is rare; requiring it keeps 10,000 papers fast)
      if (!ok && k > 0 && (w.charCodeAt(0) === first || w.charCodeAt(1) === first) && w.length >= token.length - k) {
        ok = prefixDistanceWithin(token, w, k);
      }
      if (ok) {
        var list = postings[id];
        for (var x = 0; x < list.length; x++) hit[list[x]] = 1;
      }
    }
    if (tokenCache.size > 500) tokenCache.clear();
    tokenCache.set(token, hit);
    return hit;
  }

  /* ---- the page ------------------------------------------------------------------------ */

  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var selects = { cat: document.getElementById("cat"), year: document.getElementById("year"),
                  type: document.getElementById("type"), rec: document.getElementById("rec") };
  var count = document.getElementById("count");
  var main = document.getElementById("papers");
  var results = document.getElementById("results");
  var resultsList = document.getElementById("results-list");
  var more = document.getElementById("more");
  // each paper's first listing on the page: what a result shows (a copy, without its id)
  var firstItem = new Array(N);
  Array.prototype.forEach.call(main.querySelectorAll("li.paper"), function (li) {
    var i = +li.getAttribute("data-i");
    if (!firstItem[i]) firstItem[i] = li;
  });
  var PAGE = 100; // results shown at a time: typing stays fast however many papers match
  var matched = [], listed = 0;

  var categoryCache = new Map();
  function inCategory(anchor) {
    var hit = categoryCache.get(anchor);
    if (hit) return hit;
    var path = site.categories[anchor];
    hit = new Uint8Array(N);
    if (path === undefined) return hit;
    var wanted = new Set();
    Object.keys(site.categories).forEach(function (id) {
      var other = site.categories[id];
      if (other === path || other.startsWith(path + "/")) wanted.add(id);
    });
    for (var i = 0; i < N; i++) {
      var cats = papers[i][6];
      for (var c = 0; c < cats.length; c++) if (wanted.has(cats[c])) { hit[i] = 1; break; }
    }
    categoryCache.set(anchor, hit);
    return hit;
  }

  function matches() {
    var tokens = words(input.value);
    var sets = tokens.map(papersMatching);
    var cat = selects.cat.value, year = selects.year.value, type = selects.type.value, rec = selects.rec.value;
    var catSet = cat ? inCategory(cat) : null;
    var out = new Uint8Array(N), total = 0;
    outer: for (var i = 0; i < N; i++) {
      for (var s = 0; s < sets.length; s++) if (!sets[s][i]) continue outer;
      var p = papers[i];
      if (catSet && !catSet[i]) continue;
      if (year && (year === "none" ? p[4] !== "" : p[4] !== year)) continue;
      if (type && p[5] !== type) continue;
      if (rec === "doi" && !p[7]) continue;
      if (rec === "nodoi" && p[7]) continue;
      if (rec === "title" && !p[8]) continue;
      out[i] = 1;
      total++;
    }
    return { shown: out, total: total };
  }

  function showMore() {
    var stop = Math.min(matched.length, listed + PAGE);
    var part = document.createDocumentFragment();
    for (; listed < stop; listed++) {
      var copy = firstItem[matched[listed]].cloneNode(true);
      copy.removeAttribute("id");
      var stale = copy.querySelector("pre.copied");
      if (stale) stale.remove();
      part.appendChild(copy);
    }
    resultsList.appendChild(part);
    more.hidden = listed >= matched.length;
    more.textContent = "Show " + Math.min(PAGE, matched.length - listed) + " more (" + (matched.length - listed) + " not shown)";
  }

  // No search and no filter: the whole list as the page has it. Otherwise the matching papers,
  // once each, in list order, a page at a time (the whole list hidden: one change, not 10,000).
  function apply(event) {
    var filtered = input.value.trim() || selects.cat.value || selects.year.value || selects.type.value || selects.rec.value;
    if (!filtered) {
      results.hidden = true;
      resultsList.textContent = "";
      main.classList.remove("searching");
      count.textContent = N + " papers";
    } else {
      var shown = matches().shown;
      matched = [];
      for (var i = 0; i < N; i++) if (shown[i] && firstItem[i]) matched.push(i);
      resultsList.textContent = "";
      listed = 0;
      showMore();
      main.classList.add("searching");
      results.hidden = false;
      count.textContent = matched.length + " of " + N + " papers";
    }
    if (event) keepInUrl(); // (on load the URL already says it)
  }

  // the URL keeps the search, so that it can be shared: written once typing pauses
  // (Chromium's replaceState costs tens of milliseconds on a page of 10,000 papers)
  var urlTimer = 0;
  function keepInUrl() {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(writeUrl, 250);
  }
  function writeUrl() {
    var params = new URLSearchParams();
    if (input.value) params.set("q", input.value);
    Object.keys(selects).forEach(function (name) { if (selects[name].value) params.set(name, selects[name].value); });
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    try { history.replaceState(null, "", url); } catch (e) { /* file:// in some browsers */ }
  }

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(selects).forEach(function (name) {
      var value = params.get(name) || "";
      var known = Array.prototype.some.call(selects[name].options, function (o) { return o.value === value; });
      selects[name].value = known ? value : "";
    });
  }

  more.addEventListener("click", showMore);
  input.addEventListener("input", apply);
  Object.keys(selects).forEach(function (name) { selects[name].addEventListener("change", apply); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(event); });
  form.addEventListener("reset", function (event) { setTimeout(function () { apply(event); }, 0); });

  /* ---- copy buttons: the paper's file, fetched from the site itself ------------------------ */

  function shownText(button, text) {
    var li = button.closest("li");
    var pre = li.querySelector("pre.copied");
    if (!pre) {
      pre = document.createElement("pre");
      pre.className = "copied";
      pre.tabIndex = 0;
      li.appendChild(pre);
    }
    pre.textContent = text; // text, never markup
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) return;
    var src = button.getAttribute("data-src");
    var label = button.textContent;
    fetch(src).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (text) {
      shownText(button, text);
      return navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Copied";
      }, function () {
        button.textContent = "Shown below";
      });
    }).catch(function () {
      location.href = src; // no fetch (a page opened from disk): the file itself
    }).then(function () {
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });

  fromUrl();
  apply();
})();
