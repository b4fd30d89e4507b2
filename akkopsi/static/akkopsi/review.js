// The review screen's keys: j next, k previous, a approve. Not while typing in a field,
// nor with a modifier key (those belong to the browser). The page works without this file:
// the links and buttons carry access keys too.
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) {
    return;
  }
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) {
    return;
  }
  var ids = { j: "review-next", k: "review-prev", a: "review-approve" };
  var element = ids[event.key] && document.getElementById(ids[event.key]);
  if (element) {
    event.preventDefault();
    element.click();
  }
});
