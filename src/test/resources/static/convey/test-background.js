// Background script of the test "home" app: shows a badge on every page.
window.addEventListener('DOMContentLoaded', function () { AppServices.badge('home', 3); });
