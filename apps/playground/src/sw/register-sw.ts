/**
 * Registers the service worker the build writes (`sw.js`, see build/precache-plugin.ts) so the app works
 * offline after its first load. Only in production builds: the dev server's modules are not precached.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register(new URL('sw.js', document.baseURI), { scope: './' })
      .catch((err: unknown) => {
        console.warn(`[loupe] offline support is off: ${(err as Error).message}`);
      });
  });
}
