/* Person and household pickers (templates/components/picker.html): Enter in a picker's search box searches
   (htmx) instead of submitting the whole form. Loaded as a static file: the pages allow no inline script. */
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (event.key !== "Enter" || !target.matches || !target.matches("input.picker-q")) {
    return;
  }
  event.preventDefault();
  if (window.htmx) {
    window.htmx.trigger(target, "pickersearch");
  }
});
