/*
 * Checks the browser editor makes before it saves, for rules its fields cannot state: a
 * picture needs its text alternative. (Decap checks the fields inside an optional picture
 * even when there is no picture, so "required" on `alt` would refuse every item without
 * one.) A refusal names the language and the field; nothing is saved, nothing is lost.
 * `make check` and CI apply the same rule to every file, whoever wrote it.
 */
(function () {
  "use strict";

  var CMS = window.CMS;

  // The data of each language the entry is written in: the default's, then the others'.
  function versions(entry) {
    var found = [["", entry.get("data")]];
    var others = entry.get("i18n");
    if (others) {
      others.forEach(function (version, lang) {
        found.push([lang, version.get("data")]);
      });
    }
    return found;
  }

  function pictureWithoutText(data) {
    var image = data && data.get ? data.get("image") : null;
    if (!image || !image.get) return false;
    var src = image.get("src");
    var alt = image.get("alt");
    return Boolean(src) && !(alt && String(alt).trim());
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      versions(event.entry).forEach(function (version) {
        if (pictureWithoutText(version[1])) {
          var where = version[0] ? " (" + version[0].toUpperCase() + ")" : "";
          throw new Error("Picture" + where + ": write its text alternative in 'Text " +
            "alternative': what the picture shows, for people who cannot see it.");
        }
      });
    },
  });
})();
