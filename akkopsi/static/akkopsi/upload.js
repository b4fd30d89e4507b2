// Upload progress for the data upload form (htmx reports the bytes sent).
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-bar");
  if (bar && event.detail.lengthComputable) {
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  }
});
