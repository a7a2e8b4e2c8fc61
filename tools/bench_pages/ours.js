/* Our split index, as the search page uses it. */
(function () {
  "use strict";
  var engine = new SiteSearch.Engine(function (path) {
    return fetch("../search/data/" + path).then(function (response) { return response.json(); });
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
