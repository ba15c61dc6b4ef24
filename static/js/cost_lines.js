/* The cost lines of a grant request (templates/grants/_cost_rows.html): "add a line" and each line's "remove" work
   in place, and each line's amount and the total follow what is typed. Without this script the same buttons
   send the form, and the page comes back with one line more or less, nothing saved (grants/forms.py:
   lines_resized). Amounts are worked out as the server does: whole satang, in BigInt, never in floating point. */
(function () {
  "use strict";

  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";

  // "1,250.5", "๑,๒๕๐.๕๐ บาท" -> 125050n (hundredths); null when it is not a number of at most two decimals.
  function hundredths(text) {
    var plain = "";
    for (var i = 0; i < text.length; i++) {
      var thai = THAI_DIGITS.indexOf(text[i]);
      plain += thai >= 0 ? String(thai) : text[i];
    }
    plain = plain.replace(/,/g, "").replace("บาท", "").trim();
    var match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(plain);
    if (!match) return null;
    return BigInt(match[1]) * 100n + BigInt(((match[2] || "") + "00").slice(0, 2));
  }

  // Quantity × unit price, rounded to the satang half to even (Python's Decimal.quantize, as the server does).
  function lineAmount(row) {
    var quantity = row.querySelector("[name$='-quantity']");
    var price = row.querySelector("[name$='-unit_price']");
    var q = quantity ? hundredths(quantity.value) : null;
    var p = price ? hundredths(price.value) : null;
    if (q === null || p === null) return null;
    var tenThousandths = q * p;
    var satang = tenThousandths / 100n;
    var rest = tenThousandths % 100n;
    if (rest > 50n || (rest === 50n && satang % 2n === 1n)) satang += 1n;
    return satang;
  }

  function baht(satang) {
    var whole = (satang / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return whole + "." + (satang % 100n).toString().padStart(2, "0");
  }

  // The grid's form: its management fields, its line template, its "add a line" button and its total.
  function within(table, selector) {
    return (table.closest("form") || document).querySelector(selector);
  }

  function management(table, name) {
    return within(table, "input[name='" + table.dataset.costLines + "-" + name + "']");
  }

  function update(table) {
    var total = 0n;
    table.querySelectorAll("tbody [data-line]").forEach(function (row) {
      var amount = lineAmount(row);
      row.querySelector("[data-line-amount]").textContent = amount === null ? "—" : baht(amount);
      if (amount !== null) total += amount;
    });
    var shown = within(table, "[data-cost-total]");
    if (shown) shown.textContent = baht(total);
    var mismatch = within(table, "[data-cost-mismatch]");
    var asked = within(table, "input[name='amount_requested']");
    if (mismatch && asked) {
      var askedAmount = hundredths(asked.value);
      mismatch.hidden = !(askedAmount && total && askedAmount !== total);
    }
  }

  // After a line is added or removed, every line's fields are named by its place again (prefix-0-item, ...).
  function renumber(table) {
    var prefix = table.dataset.costLines;
    var pattern = new RegExp("^(id_)?" + prefix + "-(\\d+|__prefix__)-");
    var rows = table.querySelectorAll("tbody [data-line]");
    rows.forEach(function (row, index) {
      row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attribute) {
          var value = el.getAttribute(attribute);
          if (value && pattern.test(value)) {
            el.setAttribute(attribute, value.replace(pattern, "$1" + prefix + "-" + index + "-"));
          }
        });
      });
      row.querySelectorAll("[data-line-number]").forEach(function (el) {
        el.textContent = String(index + 1);
      });
      var remove = row.querySelector("[data-line-remove]");
      if (remove) remove.value = String(index);
    });
    management(table, "TOTAL_FORMS").value = String(rows.length);
    var add = within(table, "[data-line-add]");
    var max = parseInt(management(table, "MAX_NUM_FORMS").value, 10);
    if (add) add.hidden = rows.length >= max;
  }

  function addLine(table) {
    var template = within(table, "template[data-line-template]");
    var row = template.content.querySelector("[data-line]").cloneNode(true);
    table.querySelector("tbody").appendChild(row);
    renumber(table);
    update(table);
    row.querySelector("input, select").focus();
  }

  function removeLine(table, row) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody [data-line]"));
    var index = rows.indexOf(row);
    var initial = management(table, "INITIAL_FORMS");
    if (index < parseInt(initial.value, 10)) initial.value = String(parseInt(initial.value, 10) - 1);
    row.remove();
    renumber(table);
    update(table);
    // Focus stays in the grid: the line that took its place, the one above, or else "add a line".
    var next = rows[index + 1] || rows[index - 1];
    var target = next ? next.querySelector("[data-line-remove]") : within(table, "[data-line-add]");
    if (target) target.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-line-add], [data-line-remove]");
    if (!button) return;
    var form = button.closest("form");
    var table = form && form.querySelector("table[data-cost-lines]");
    if (!table) return;
    event.preventDefault();
    if (button.hasAttribute("data-line-add")) addLine(table);
    else removeLine(table, button.closest("[data-line]"));
  });

  document.addEventListener("input", function (event) {
    var table = event.target.closest && event.target.closest("table[data-cost-lines]");
    if (table) update(table);
    else if (event.target.name === "amount_requested") {
      document.querySelectorAll("table[data-cost-lines]").forEach(update);
    }
  });
})();
