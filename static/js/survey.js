// The satisfaction survey: one tap is enough. Stop a second submit while the first is on its way
// (the server refuses it anyway).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("survey-form");
  var button = document.getElementById("survey-submit");
  if (!form || !button) return;
  form.addEventListener("submit", function () {
    setTimeout(function () { button.disabled = true; }, 0);
  });
});
