/* Our split index, as the search page uses it: the default language's, found as the page
   finds it, through languages.json. */
(function () {
  "use strict";
  var folder = fetch("../search/data/languages.json")
    .then(function (response) { return response.json(); })
    .then(function (site) {
      var own = site.languages.filter(function (language) { return language.code === site.default; })[0];
      return "../search/data/" + own.folder + "/";
    });
  var engine = new SiteSearch.Engine(function (path) {
    return folder.then(function (base) { return fetch(base + path); })
      .then(function (response) { return response.json(); });
  });
  window.benchMain(function (query) {
    return engine.search(query).then(function (found) {
      return Promise.all(found.results.slice(0, 10).map(function (result) {
        return engine.document(result.ref);
      })).then(function (documents) {
        return { total: found.results.length, titles: documents.map(function (d) { return d.title; }) };
      });
    });
  });
})();
