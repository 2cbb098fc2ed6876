// Tell the server the browser's time zone (a cookie), so times show in it.
// Without JavaScript, times are in UTC or the zone chosen on one's profile.
(function () {
  var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || document.cookie.split("; ").indexOf("tz=" + zone) !== -1) return;
  document.cookie = "tz=" + zone + "; path=/; max-age=31536000; samesite=lax";
})();
