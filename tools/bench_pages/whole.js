/* One whole lunr.py index, loaded by lunr.js, ranked with the same query code as ours. */
(function () {
  "use strict";
  var indexPromise = null;
  var documents = {};
  // The default language's documents, which tools/bench_search.py indexes whole.
  var folder = fetch("../search/data/languages.json")
    .then(function (response) { return response.json(); })
    .then(function (site) {
      var own = site.languages.filter(function (language) { return language.code === site.default; })[0];
      return "../search/data/" + own.folder + "/";
    });
  function wholeIndex() {
    indexPromise = indexPromise || fetch("whole-index.json")
      .then(function (response) { return response.json(); })
      .then(function (serialised) { return lunr.Index.load(serialised); });
    return indexPromise;
  }
  function documentData(ref) {
    documents[ref] = documents[ref] || folder
      .then(function (base) { return fetch(base + "docs/" + ref + ".json"); })
      .then(function (response) { return response.json(); });
    return documents[ref];
  }
  window.benchMain(function (query) {
    return wholeIndex().then(function (index) {
      var results = SiteSearch.runQuery(index, SiteSearch.queryWords(query));
      return Promise.all(results.slice(0, 10).map(function (r) { return documentData(r.ref); }))
        .then(function (found) {
          return { total: results.length, titles: found.map(function (d) { return d.title; }) };
        });
    });
  });
})();
