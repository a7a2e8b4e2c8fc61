/* The same harness for every engine: run the query from the address, show the first ten
   results' titles, record when they show; then time queries once warm. `search(query)`
   resolves to {total, titles} with the first ten results' data loaded. */
window.benchMain = function (search) {
  "use strict";
  var query = new URLSearchParams(location.search).get("q") || "";
  return search(query).then(function (found) {
    var list = document.getElementById("results");
    found.titles.forEach(function (title) {
      var item = document.createElement("li");
      item.textContent = title;
      list.appendChild(item);
    });
    window.benchResultCount = found.total;
    window.benchFirstResults = performance.now();
    window.benchWarm = async function (queries, passes) {
      for (const each of queries) await search(each);
      const times = [];
      for (let pass = 0; pass < passes; pass += 1) {
        for (const each of queries) {
          const started = performance.now();
          await search(each);
          times.push(performance.now() - started);
        }
      }
      return times;
    };
  });
};
