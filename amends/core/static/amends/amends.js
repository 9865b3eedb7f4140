// Keyboard: "/" jumps to the search field from anywhere on the page (as on GitHub or MDN).
document.addEventListener("keydown", (event) => {
  const search = document.querySelector("[data-search]");
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
