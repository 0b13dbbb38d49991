// Applies the saved theme before the first paint (a classic script in <head>,
// so the page does not flash light before turning dark).
try {
  const saved = localStorage.getItem('kompas-theme');
  if (saved === 'dark' || saved === 'light') document.documentElement.dataset.theme = saved;
} catch {
  // Storage may be off (private mode): follow prefers-color-scheme.
}
