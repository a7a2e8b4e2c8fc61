/* Pagefind's own JavaScript API on the index `pagefind --site` wrote. */
const pagefind = await import("../pagefind/pagefind.js");
await pagefind.init();
window.benchMain(async (query) => {
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  return { total: search.results.length, titles: data.map((d) => d.meta.title) };
});
