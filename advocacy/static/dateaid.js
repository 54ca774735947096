/* The calendar aid of the date fields (advocacy/forms.py, NorwegianDateField).
 *
 * A date is typed as dd.mm.åååå in a text field marked [data-date-input]; that field is
 * what the form sends and the server checks. This script adds, right after each such
 * field, a native <input type="date"> without a name, as an aid only: it opens the
 * browser's calendar, has its own accessible name («Velg … i kalenderen»), shows the date
 * the text field holds when that is a real date, and writes a chosen date back into the
 * text field as dd.mm.åååå (firing input and change, as typing would). Without this script
 * the text field works as before.
 */
(function () {
  "use strict";

  var SHAPES = [
    /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/,          // dd.mm.åååå
    /^(\d{4})-(\d{1,2})-(\d{1,2})$/             // åååå-mm-dd (the server takes it too)
  ];

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  // "15.12.2026" (or "2026-12-15") → "2026-12-15"; "" when the text is not a real date.
  function toIso(text) {
    text = text.trim();
    for (var i = 0; i < SHAPES.length; i++) {
      var match = SHAPES[i].exec(text);
      if (!match) continue;
      var day = Number(i === 0 ? match[1] : match[3]);
      var month = Number(match[2]);
      var year = Number(i === 0 ? match[3] : match[1]);
      if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return "";
      if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return "";
      return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
    }
    return "";
  }

  // "2026-12-15" → "15.12.2026".
  function fromIso(value) {
    var parts = value.split("-");
    return parts.length === 3 ? parts[2] + "." + parts[1] + "." + parts[0] : "";
  }

  // What the field is called, without «– må fylles ut» and «(valgfri)».
  function fieldName(input) {
    var label = input.id ? document.querySelector('label[for="' + input.id + '"]') : null;
    if (!label) return "dato";
    var copy = label.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".required"), function (mark) {
      mark.remove();
    });
    var name = copy.textContent.replace(/\s*\([^)]*\)\s*$/, "").replace(/\s+/g, " ").trim();
    return name ? name.charAt(0).toLowerCase() + name.slice(1) : "dato";
  }

  function addAid(input) {
    if (input.getAttribute("data-date-aid") === "added") return;
    input.setAttribute("data-date-aid", "added");

    var aid = document.createElement("input");
    aid.type = "date";
    if (aid.type !== "date") return;  // a browser without a native date picker
    aid.className = "date-aid";
    aid.min = "1900-01-01";
    aid.max = "2200-12-31";
    aid.setAttribute("aria-label", "Velg " + fieldName(input) + " i kalenderen");
    aid.disabled = input.disabled;
    aid.readOnly = input.readOnly;
    aid.value = toIso(input.value);

    // The text field and its aid share a line when there is room, and wrap when not.
    var row = document.createElement("span");
    row.className = "date-entry";
    input.parentNode.insertBefore(row, input);
    row.appendChild(input);
    row.appendChild(aid);

    input.addEventListener("input", function () {
      aid.value = toIso(input.value);
    });
    // A half-typed or cleared aid leaves the text alone: the text field is the one that counts.
    aid.addEventListener("change", function () {
      if (!aid.value) return;
      var text = fromIso(aid.value);
      if (text === input.value) return;
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-date-input]"), addAid);
})();
