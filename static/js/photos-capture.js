// Clinical photo upload: a preview of the chosen photo with the previous session's photo of
// the same view (and area) laid faintly over it, to line up the pose, and an opacity slider.
// Where the browser offers a camera (getUserMedia, over HTTPS), a live preview with the same
// ghost and a "Take the photo" button that fills the form's file field. Without this script
// the form is an ordinary file upload and still works.
(function () {
  "use strict";
  var form = document.querySelector("[data-photo-upload]");
  var data = document.getElementById("photo-ghosts");
  if (!form || !data) return;
  var ghosts = JSON.parse(data.textContent);
  var ghost = form.querySelector("[data-photo-ghost]");
  var preview = form.querySelector("[data-photo-preview]");
  var video = form.querySelector("[data-camera-video]");
  var empty = form.querySelector("[data-stage-empty]");
  var caption = form.querySelector("[data-ghost-caption]");
  var controls = form.querySelector("[data-ghost-controls]");
  var opacity = form.querySelector("[data-ghost-opacity]");
  var fileInput = form.querySelector("input[type=file]");
  var viewSelect = form.querySelector("select[name=view]");
  var areaSelect = form.querySelector("select[name=area]");
  var startButton = form.querySelector("[data-camera-start]");
  var takeButton = form.querySelector("[data-camera-take]");

  function phase() {
    var checked = form.querySelector("input[name=phase]:checked");
    return checked ? checked.value : "before";
  }

  // The same view and area; the same phase if there is one, else the other.
  function ghostFind() {
    var view = viewSelect ? viewSelect.value : "";
    var area = areaSelect ? areaSelect.value : "";
    var same = ghosts.filter(function (g) { return g.view === view && String(g.area) === area; });
    var samePhase = same.filter(function (g) { return g.phase === phase(); });
    return samePhase[0] || same[0] || null;
  }

  function stageUpdate() {
    var found = ghostFind();
    var showing = !preview.hidden || !video.hidden;
    if (found) {
      if (ghost.getAttribute("src") !== found.url) ghost.src = found.url;
      ghost.hidden = false;
      ghost.alt = "Ghost of the previous photo: " + found.label;
      ghost.style.opacity = String(opacity.value / 100);
      caption.textContent = "Ghost: " + found.label + ".";
      controls.hidden = false;
    } else {
      ghost.hidden = true;
      caption.textContent = ghosts.length ? "No earlier photo of this view to line up with." : "";
      controls.hidden = true;
    }
    empty.hidden = showing || Boolean(found);
  }

  // Read as a data: address (the Content-Security-Policy allows data: images, not blob:).
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) { preview.hidden = true; stageUpdate(); return; }
    var reader = new FileReader();
    reader.onload = function () {
      preview.src = reader.result; // HEIC does not preview in most browsers; it still uploads.
      preview.hidden = false;
      stageUpdate();
    };
    reader.readAsDataURL(file);
  });
  [viewSelect, areaSelect].forEach(function (el) { if (el) el.addEventListener("change", stageUpdate); });
  form.querySelectorAll("input[name=phase]").forEach(function (el) { el.addEventListener("change", stageUpdate); });
  opacity.addEventListener("input", function () { ghost.style.opacity = String(opacity.value / 100); });

  // The live camera: only where the browser has one to give (HTTPS or localhost).
  var media = navigator.mediaDevices;
  if (media && media.getUserMedia && window.DataTransfer) {
    startButton.hidden = false;
    startButton.addEventListener("click", function () {
      media.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        preview.hidden = true;
        video.play();
        takeButton.hidden = false;
        startButton.hidden = true;
        stageUpdate();
      }).catch(function () {
        caption.textContent = "The camera could not be opened; choose or take a photo with the file field.";
        startButton.hidden = true;
      });
    });
    takeButton.addEventListener("click", function () {
      var canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      canvas.toBlob(function (blob) {
        var transfer = new DataTransfer();
        transfer.items.add(new File([blob], "camera.jpg", { type: "image/jpeg" }));
        fileInput.files = transfer.files;
        video.srcObject.getTracks().forEach(function (track) { track.stop(); });
        video.hidden = true;
        takeButton.hidden = true;
        startButton.hidden = false;
        fileInput.dispatchEvent(new Event("change"));
      }, "image/jpeg", 0.92);
    });
  }
  stageUpdate();
})();
