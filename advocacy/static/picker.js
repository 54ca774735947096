/* The picker: a search-as-you-type WAI-ARIA 1.2 combobox with a listbox popup.
 *
 * It enhances the markup of templates/macros/picker.html ([data-picker]). Without this
 * script that markup works on its own: the «Søk» button sends the form to the server,
 * which shows the matches as radio buttons or check boxes. With it, the text field
 * searches as one types (GET data-source?q=…, JSON), the «Søk» button is removed, and
 * the choice goes to a hidden input (one choice) or to the list of checked boxes
 * (several choices) under the field's name, so the server reads the same form either way.
 *
 * Keys (focus stays in the text field; aria-activedescendant points at the active option):
 * Down/Up move through the options (Alt+Down opens), Home/End go to the first/last one
 * while the list is open, Enter chooses, Escape closes the list (or, when it is closed,
 * clears the text). A live region says how many matches there are.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;

  function countMessage(count, hasMore) {
    if (count === 0) return "Ingen treff";
    var text = count + " treff";
    if (hasMore) text += ". Skriv flere ord for å finne færre";
    return text;
  }

  function Picker(root) {
    this.root = root;
    this.multiple = root.getAttribute("data-multiple") === "true";
    this.name = root.getAttribute("data-name");
    this.source = root.getAttribute("data-source");
    this.input = root.querySelector(".picker-input");
    this.status = root.querySelector(".picker-status");
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.searched = null;
    this.setUp();
  }

  Picker.prototype.setUp = function () {
    var self = this;
    var id = this.input.id;
    var options = this.root.querySelector(".picker-options");

    if (!this.multiple) {
      // The server's radio buttons become one hidden input holding the choice.
      var checked = options ? options.querySelector("input:checked") : null;
      this.hidden = document.createElement("input");
      this.hidden.type = "hidden";
      this.hidden.name = this.name;
      this.hidden.value = checked ? checked.value : "";
      this.chosenLabel = checked && checked.value ? checked.getAttribute("data-label") : "";
      this.input.value = this.chosenLabel;
      this.root.appendChild(this.hidden);
    }
    // What only the no-script search needs: its button, its matches and their messages.
    ["picker-button", "picker-options", "picker-none", "picker-more"].forEach(function (name) {
      var element = self.root.querySelector("." + name);
      if (element) element.remove();
    });
    // The text is for searching only; the choice is sent under the field's name.
    this.input.removeAttribute("name");

    this.listbox = document.createElement("ul");
    this.listbox.id = id + "-listbox";
    this.listbox.className = "picker-listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-labelledby", id + "-label");
    this.listbox.hidden = true;
    this.input.parentNode.appendChild(this.listbox);

    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.listbox.id);

    this.input.addEventListener("input", function () { self.onInput(); });
    this.input.addEventListener("keydown", function (event) { self.onKeyDown(event); });
    this.input.addEventListener("blur", function () { self.close(); });
    // Keep focus in the text field when an option is pressed with the mouse.
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.choose(Number(option.getAttribute("data-index")));
    });
  };

  Picker.prototype.onInput = function () {
    var self = this;
    if (!this.multiple && this.input.value !== this.chosenLabel) {
      // Edited text no longer names the choice: send none rather than a stale one.
      this.hidden.value = "";
      this.chosenLabel = "";
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.search(); }, DEBOUNCE_MS);
  };

  Picker.prototype.search = function () {
    var self = this;
    var query = this.input.value.trim();
    clearTimeout(this.timer);
    if (this.request) this.request.abort();
    if (!query) {
      this.searched = null;
      this.render([], false, true);
      return;
    }
    this.request = new AbortController();
    this.searched = query;
    fetch(this.source + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: this.request.signal,
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      if (self.input.value.trim() !== query) return;  // an answer to older text
      self.render(data.results, data.has_more, false);
    }).catch(function (error) {
      if (error.name === "AbortError") return;
      self.announce("Søket virket ikke. Prøv igjen.");
    });
  };

  Picker.prototype.chosenIds = function () {
    var ids = {};
    this.root.querySelectorAll(".picker-chips input:checked").forEach(function (box) {
      ids[box.value] = true;
    });
    return ids;
  };

  Picker.prototype.render = function (results, hasMore, quietly) {
    var self = this;
    if (this.multiple) {
      var chosen = this.chosenIds();
      results = results.filter(function (row) { return !chosen[String(row.id)]; });
    }
    this.results = results;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.textContent = "";
    results.forEach(function (row, index) {
      var option = document.createElement("li");
      option.id = self.input.id + "-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      option.appendChild(document.createTextNode(row.label));
      if (row.hint) {
        var hint = document.createElement("span");
        hint.className = "picker-hint";
        hint.textContent = " – " + row.hint;
        option.appendChild(hint);
      }
      self.listbox.appendChild(option);
    });
    if (results.length) this.open(); else this.close();
    if (!quietly) this.announce(countMessage(results.length, hasMore));
  };

  Picker.prototype.open = function () {
    if (!this.results.length) return;
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Picker.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.setActive(-1);
  };

  Picker.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Picker.prototype.setActive = function (index) {
    var options = this.listbox.children;
    for (var i = 0; i < options.length; i++) {
      var isActive = i === index;
      options[i].setAttribute("aria-selected", isActive ? "true" : "false");
      options[i].classList.toggle("is-active", isActive);
    }
    this.active = index;
    if (index < 0) {
      this.input.removeAttribute("aria-activedescendant");
    } else {
      this.input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  };

  Picker.prototype.move = function (step) {
    var count = this.results.length;
    if (!count) return;
    this.open();
    if (this.active < 0) this.setActive(step > 0 ? 0 : count - 1);
    else this.setActive((this.active + step + count) % count);
  };

  Picker.prototype.onKeyDown = function (event) {
    var open = this.isOpen();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!this.results.length || this.searched !== this.input.value.trim()) {
          this.search();
        } else if (event.altKey) {
          this.open();
        } else {
          this.move(1);
        }
        break;
      case "ArrowUp":
        if (this.results.length) {
          event.preventDefault();
          this.move(-1);
        }
        break;
      case "Home":
      case "End":
        if (open) {
          event.preventDefault();
          this.setActive(event.key === "Home" ? 0 : this.results.length - 1);
        }
        break;
      case "Enter":
        if (open && this.active >= 0) {
          event.preventDefault();  // choose, do not send the form
          this.choose(this.active);
        }
        break;
      case "Escape":
        if (open) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.onInput();
        }
        break;
      case "Tab":
        this.close();
        break;
    }
  };

  Picker.prototype.choose = function (index) {
    var row = this.results[index];
    if (!row) return;
    if (this.multiple) {
      this.addChip(row);
      this.input.value = "";
      this.searched = null;
      this.results = [];
      this.close();
      this.announce("«" + row.label + "» er lagt til.");
    } else {
      this.hidden.value = String(row.id);
      this.input.value = this.chosenLabel = row.label;
      this.close();
      this.announce("Valgt: " + row.label);
    }
    this.input.focus();
  };

  Picker.prototype.addChip = function (row) {
    var list = this.root.querySelector(".picker-chips");
    var id = this.input.id + "-chosen-" + row.id;
    var box = document.getElementById(id);
    if (!box) {
      var item = document.createElement("li");
      item.className = "picker-chip";
      box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.name = this.name;
      box.value = String(row.id);
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = row.label;
      item.appendChild(box);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(label);
      list.appendChild(item);
    }
    box.checked = true;
    list.hidden = false;
    var empty = this.root.querySelector(".picker-empty");
    if (empty) empty.hidden = true;
  };

  Picker.prototype.announce = function (message) {
    if (!this.status) return;
    // Emptied first, so that the same message twice is read twice.
    var status = this.status;
    status.textContent = "";
    setTimeout(function () { status.textContent = message; }, 50);
  };

  document.querySelectorAll("[data-picker]").forEach(function (root) {
    new Picker(root);
  });
}());
