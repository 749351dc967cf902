// Language and country pickers (apps/core/widgets.py): a filter box above each native select.
// Typing narrows the options to those whose name or code contains the text (accents and case
// ignored); Enter in the box picks the first match of a single select. Without JavaScript the
// select works as it is. Loaded by every picker's template, so it runs once per picker: each run
// enhances only the selects not yet enhanced.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A short list (the client languages) is quicker to pick from without a filter box.
  const MIN_OPTIONS = 20;

  function enhance(select) {
    if (select.dataset.pickerReady || select.options.length < MIN_OPTIONS) {
      return;
    }
    select.dataset.pickerReady = "1";
    const box = document.createElement("input");
    box.type = "search";
    box.className = "picker-filter";
    box.autocomplete = "off";
    box.placeholder = select.dataset.pickerLabel || "";
    box.setAttribute("aria-label", select.dataset.pickerLabel || "");
    if (select.id) {
      box.setAttribute("aria-controls", select.id);
    }
    select.parentNode.insertBefore(box, select);
    const options = Array.from(select.options).map((option) => [option, fold(option.text + " " + option.value)]);

    function visible() {
      return options.filter(([option]) => !option.hidden && option.value !== "").map(([option]) => option);
    }

    box.addEventListener("input", () => {
      const wanted = fold(box.value.trim());
      for (const [option, text] of options) {
        option.hidden = wanted !== "" && option.value !== "" && !text.includes(wanted);
      }
      for (const group of select.querySelectorAll("optgroup")) {
        group.hidden = !Array.from(group.children).some((option) => !option.hidden);
      }
    });
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault(); // never submit the form from the filter box
      const first = visible()[0];
      if (!select.multiple && first) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      select.focus();
    });
  }

  document.querySelectorAll("select[data-picker]").forEach(enhance);
})();
