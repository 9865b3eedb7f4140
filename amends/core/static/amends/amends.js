// Keyboard: "/" jumps to the search field from anywhere on the page (as on GitHub or MDN): the page's
// own (the case list's filter) where it has one, else the header's search box.
document.addEventListener("keydown", (event) => {
  const search = document.querySelector("main [data-search]") || document.querySelector("[data-site-search]");
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
  if (event.key === "/" && search && !typing) {
    event.preventDefault();
    search.focus();
    search.select();
  }
});

// A select marked data-autosubmit sends its form when changed (the language menu); here rather than in
// an onchange attribute, which the Content-Security-Policy refuses.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// The header's search box (issue 17): what it finds as one types (htmx) is a list of plain links
// under it. The arrow keys move from the box through the links and back, Enter follows the link
// (the browser's own), Escape closes the list and returns to the box, a click elsewhere closes it.
document.addEventListener("keydown", (event) => {
  const box = document.querySelector("[data-site-search]");
  const results = document.getElementById("site-search-results");
  if (!box || !results) return;
  const links = [...results.querySelectorAll("a[href]")];
  const at = links.indexOf(document.activeElement);
  if (document.activeElement !== box && at === -1) return;
  if (event.key === "ArrowDown" && links.length) {
    event.preventDefault();
    links[Math.min(at + 1, links.length - 1)].focus();
  } else if (event.key === "ArrowUp" && at !== -1) {
    event.preventDefault();
    (at === 0 ? box : links[at - 1]).focus();
  } else if (event.key === "Escape" && results.firstChild) {
    event.preventDefault();
    results.replaceChildren();
    box.focus();
  }
});

document.addEventListener("click", (event) => {
  const search = document.querySelector(".site-search");
  if (search && !search.contains(event.target)) {
    document.getElementById("site-search-results")?.replaceChildren();
  }
});
