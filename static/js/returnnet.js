// Small progressive enhancements; every page works without JavaScript.
// After a failed submit the error summary takes the focus, so that it is read out first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  // The main menu is served open (it works without JavaScript); on a phone it starts closed.
  const menu = document.querySelector("details.nav-menu");
  const wide = window.matchMedia("(min-width: 48rem)");
  if (menu) {
    menu.open = wide.matches;
    wide.addEventListener("change", () => { menu.open = wide.matches; });
  }
  wrapTables();
});

// Every table in the main area scrolls sideways in a box of its own instead of widening the page
// (returnnet.css does the same for tables without this box when JavaScript is off). The box is a
// named region and takes the keyboard focus while its table is wider than the box.
function wrapTables() {
  let count = 0;
  for (const table of document.querySelectorAll("main table")) {
    let box = table.parentElement;
    if (!box.classList.contains("table-scroll")) {
      box = document.createElement("div");
      box.className = "table-scroll";
      table.before(box);
      box.append(table);
    }
    if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
      const name = tableName(table, ++count);
      if (name) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-labelledby", name);
      }
    }
    if (!box.hasAttribute("tabindex") || scrollers.has(box)) {
      scrollers.add(box); // a box the template made focusable keeps its tabindex
    }
  }
  updateScrollers();
}
const scrollers = new Set();
function updateScrollers() {
  for (const box of scrollers) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
    } else {
      box.removeAttribute("tabindex");
    }
  }
}
window.addEventListener("resize", updateScrollers);
// htmx swaps in new tables (the case list's search): give them their box too.
document.addEventListener("htmx:afterSettle", () => wrapTables());
// The id of the table's caption, or else of the last heading before it (given an id if it has none).
function tableName(table, count) {
  const before = [...document.querySelectorAll("main h1, main h2, main h3, main h4")]
    .filter((heading) => heading.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
  const label = table.caption || before.pop();
  if (!label) {
    return null;
  }
  if (!label.id) {
    label.id = `table-name-${count}`;
  }
  return label.id;
}
