/* Fields that follow another select (data-follows="<its id>"), such as a ledger line's category and member
   following its kind (groups/forms.py: LedgerForm):
   - a select whose options name a kind (data-kind) offers only the chosen kind's options; when a kind is chosen
     that none of them has, the field is not needed: its box (data-follow-box) is hidden, the field emptied;
   - a field with data-shown-for="a b" is shown only while the followed select is a or b (else hidden, emptied).
   Without this script every option is offered, grouped under its kind, and the server checks the choice. */
(function () {
  "use strict";

  var originals = new WeakMap(); // a select -> its own options, as the page drew them

  function box(field) {
    return field.closest("[data-follow-box]") || field;
  }

  // A hidden field is emptied and no longer required (the browser would stop the form for a field not seen).
  function show(field, shown) {
    if (!("required" in field.dataset)) field.dataset.required = field.required ? "yes" : "";
    box(field).hidden = !shown;
    field.required = shown && field.dataset.required === "yes";
    if (!shown) field.value = "";
  }

  function offer(select, kind) {
    if (!originals.has(select)) originals.set(select, select.cloneNode(true));
    var all = originals.get(select);
    var current = select.value;
    var matching = all.querySelectorAll("option[data-kind='" + kind + "']");
    select.replaceChildren();
    if (!kind || matching.length === 0) {
      all.childNodes.forEach(function (node) { select.appendChild(node.cloneNode(true)); });
    } else {
      select.appendChild(all.querySelector("option:not([data-kind])").cloneNode(true)); // "— choose —"
      matching.forEach(function (option) { select.appendChild(option.cloneNode(true)); });
    }
    select.value = current;
    if (select.value !== current) select.value = "";
    show(select, !kind || matching.length > 0);
  }

  function follow(leader) {
    document.querySelectorAll("[data-follows='" + leader.id + "']").forEach(function (field) {
      if (field.hasAttribute("data-shown-for")) {
        show(field, field.getAttribute("data-shown-for").split(" ").indexOf(leader.value) >= 0);
      } else if (field.tagName === "SELECT") {
        offer(field, leader.value);
      }
    });
  }

  function start() {
    var leaders = new Set();
    document.querySelectorAll("[data-follows]").forEach(function (field) {
      var leader = document.getElementById(field.getAttribute("data-follows"));
      if (leader) leaders.add(leader);
    });
    leaders.forEach(function (leader) {
      follow(leader);
      leader.addEventListener("change", function () { follow(leader); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
