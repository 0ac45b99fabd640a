// newsgraph explorer: small progressive enhancements (pages work without this file).
"use strict";

// Article page: mark the trigger of the event shown in the side panel.
function markSelectedEvent() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  document.querySelectorAll("a.seg.selected").forEach((el) => el.classList.remove("selected"));
  if (!id) return;
  document.querySelectorAll("a.seg[data-event]").forEach((el) => {
    if (el.dataset.event === id) el.classList.add("selected");
  });
}

// Filter forms: leave empty fields out of the URL.
function dropEmptyFields(event) {
  const form = event.target;
  for (const el of form.querySelectorAll("input, select")) {
    if (el.name && el.value === "") el.disabled = true;
  }
  window.setTimeout(() => form.querySelectorAll("[disabled]").forEach((el) => (el.disabled = false)), 0);
}

document.addEventListener("DOMContentLoaded", () => {
  markSelectedEvent();
  window.addEventListener("hashchange", markSelectedEvent);
  document.querySelectorAll("form.filters").forEach((f) => f.addEventListener("submit", dropEmptyFields));
});
