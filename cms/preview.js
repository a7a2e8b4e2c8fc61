/*
 * The browser editor's previews (Decap CMS): news, standing pages and directorates laid out
 * with the site's own stylesheet and the class names of the site's templates (article.html,
 * page.html, directorate.html), so an editor sees the text as readers will. A preview, not
 * the page: the whole site's header, lists and links come from the build (`make cms` shows
 * it beside the editor).
 *
 * Loaded by templates/cms/admin.html after decap-cms.js, which gives `CMS` and `h` (React's
 * createElement).
 */
(function () {
  "use strict";

  var CMS = window.CMS;
  var h = window.h;
  var script = document.currentScript;

  var mediaFolder = script.getAttribute("data-media-folder");
  var siteRoot = script.getAttribute("data-site-root") + "/";

  CMS.registerPreviewStyle(script.getAttribute("data-site-style"));

  function field(entry, name) {
    var value = entry.getIn(["data", name]);
    return value && value.toJS ? value.toJS() : value;
  }

  function text(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  // "2026-03-04 10:30", as the editor stores it, in words: "4 March 2026, 10:30".
  function longDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?/.exec(text(value));
    if (!match) return text(value);
    var months = ["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"];
    var day = Number(match[3]) + " " + months[Number(match[2]) - 1] + " " + match[1];
    return match[4] ? day + ", " + match[4] : day;
  }

  function lead(entry) {
    var summary = field(entry, "summary");
    return summary ? h("p", { className: "lead" }, text(summary)) : null;
  }

  // A picture's address: one uploaded in the editor (under the media folder) through the
  // editor, which has it before it is saved; any other from the site, beside /admin/.
  function pictureAddress(src, getAsset) {
    if (src.indexOf(mediaFolder + "/") === 0) {
      var asset = getAsset(src);
      if (asset) return asset.toString();
    }
    return siteRoot + src;
  }

  function picture(entry, getAsset) {
    var image = field(entry, "image");
    if (!image || !image.src) return null;
    return h("figure", { className: "figure figure--lead" },
      h("img", { src: pictureAddress(image.src, getAsset), alt: text(image.alt) }),
      image.caption ? h("figcaption", null, text(image.caption)) : null);
  }

  function list(items) {
    return h("ul", { className: "inline-list" }, (items || []).map(function (item, index) {
      return h("li", { key: index }, text(item));
    }));
  }

  function page(children) {
    return h("div", { className: "width-container" }, h("main", { className: "main" }, children));
  }

  function NewsPreview(props) {
    var entry = props.entry;
    var authors = field(entry, "authors") || [];
    var directorates = field(entry, "directorates") || [];
    var tags = field(entry, "tags") || [];
    return page(h("article", { className: "article" },
      h("h1", null, text(field(entry, "title"))),
      h("p", { className: "article__meta" },
        "Published " + longDate(field(entry, "date")),
        authors.length ? h("br") : null,
        authors.length ? "By " + authors.join(" and ") : null),
      lead(entry),
      picture(entry, props.getAsset),
      h("div", { className: "prose" }, props.widgetFor("body")),
      directorates.length || tags.length ? h("dl", { className: "article__about" },
        directorates.length ? h("dt", null, "Directorates concerned") : null,
        directorates.length ? h("dd", null, list(directorates)) : null,
        tags.length ? h("dt", null, "Topics") : null,
        tags.length ? h("dd", null, list(tags)) : null) : null));
  }

  function PagePreview(props) {
    var entry = props.entry;
    var reviewed = field(entry, "last_reviewed");
    return page(h("article", null,
      h("h1", null, text(field(entry, "title"))),
      lead(entry),
      h("div", { className: "prose" }, props.widgetFor("body")),
      reviewed ? h("p", { className: "article__meta" }, "Last updated " + longDate(reviewed)) : null));
  }

  function DirectoratePreview(props) {
    var entry = props.entry;
    var functions = field(entry, "functions") || [];
    var head = field(entry, "head");
    return page(h("article", null,
      h("h1", null, text(field(entry, "title"))),
      lead(entry),
      head ? h("p", null, text(head.name) + ", " + text(head.role)) : null,
      functions.length ? h("ul", null, functions.map(function (item, index) {
        return h("li", { key: index }, text(item));
      })) : null,
      h("div", { className: "prose" }, props.widgetFor("body"))));
  }

  CMS.registerPreviewTemplate("news", NewsPreview);
  CMS.registerPreviewTemplate("pages", PagePreview);
  CMS.registerPreviewTemplate("directorates", DirectoratePreview);
})();
