// The side panel: pointing at a highlighted word (or focusing a label) copies the rows of the
// mentions over it from the document's mention table. No data is read but the page's own DOM.
(function () {
  "use strict";
  var panel = document.getElementById("panel");
  var lit = [];
  function show(section, keys) {
    lit.forEach(function (row) { row.classList.remove("hit"); });
    lit = [];
    var table = document.createElement("table");
    keys.forEach(function (key) {
      var row = document.getElementById(section.id + "-" + key);
      if (!row) { return; }
      row.classList.add("hit");
      lit.push(row);
      table.appendChild(row.cloneNode(true)).removeAttribute("id");
    });
    if (!table.rows.length) { return; }
    var title = document.createElement("p");
    title.textContent = section.dataset.id;
    panel.replaceChildren(title, table);
  }
  function point(event) {
    var target = event.target instanceof Element ? event.target : null;
    var chip = target && target.closest(".mention, .gold-mention");
    var word = target && target.closest(".w");
    var section = target && target.closest("section.document");
    if (!section || !(chip || word)) { return; }
    show(section, chip ? [chip.dataset.id] : word.dataset.m.split(" "));
  }
  document.addEventListener("mouseover", point);
  document.addEventListener("focusin", point);
  // review.html?mention=doc-2:T7,gold-1 opens with those mentions of the second document in the panel.
  var wanted = new URLSearchParams(window.location.search).get("mention");
  if (wanted && wanted.indexOf(":") > 0) {
    var section = document.getElementById(wanted.slice(0, wanted.indexOf(":")));
    if (section && section.matches("section.document")) {
      show(section, wanted.slice(wanted.indexOf(":") + 1).split(","));
    }
  }
})();
