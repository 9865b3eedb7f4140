// The API's docs (Swagger UI as django-ninja ships it): names for the few buttons Swagger UI leaves
// without one (issue 17, axe-core's button-name and label-content-name-mismatch). The copy buttons of
// a request and a response and the close button of the Authorize dialog show only an icon; the
// dialog's Authorize buttons are labelled "Apply credentials" to a screen reader while they say
// "Authorize", which speech input users cannot then name. Swagger UI draws with React as a developer
// clicks, so each element is named when it appears (a MutationObserver); React leaves attributes it
// did not set alone. Served from static files: the Content-Security-Policy allows no inline script.
const NAMES = [
  [".copy-to-clipboard button:not([aria-label])", "aria-label", "Copy to clipboard"],
  [".close-modal:not([aria-label])", "aria-label", "Close"],
];

function name(root) {
  for (const [selector, attribute, value] of NAMES) {
    root.querySelectorAll(selector).forEach((element) => element.setAttribute(attribute, value));
  }
  root.querySelectorAll('.auth-btn-wrapper .authorize[aria-label="Apply credentials"]').forEach((button) => {
    button.removeAttribute("aria-label"); // its name is then what it says: Authorize
  });
}

new MutationObserver(() => name(document)).observe(document.getElementById("swagger-ui"), {
  childList: true,
  subtree: true,
});
