import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Put the (small) stylesheet into index.html: no render-blocking request. */
function inlineCss(): Plugin {
  return {
    name: 'langso-inline-css',
    apply: 'build',
    enforce: 'post',
    generateBundle(_opts, bundle) {
      const html = bundle['index.html'];
      if (!html || html.type !== 'asset') return;
      let src = String(html.source);
      for (const [name, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'asset' || !name.endsWith('.css')) continue;
        const re = new RegExp(`<link rel="stylesheet"[^>]*href="/${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`);
        if (!re.test(src)) continue;
        src = src.replace(re, () => `<style>${String(chunk.source).trim()}</style>`);
        delete bundle[name];
      }
      html.source = src;
    },
  };
}

// Preact through the automatic JSX runtime, without @preact/preset-vite
// (which would pull in Babel): oxc compiles the JSX, imports come from preact.
export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  plugins: [
    inlineCss(),
    // The installable field app (issue 13, docs/decisions.md "Offline sync"):
    // the manifest, and a service worker of our own (src/sw.ts) built with
    // Workbox's precache of every file of the build.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,  // offline.ts registers it through workbox-window
      registerType: 'prompt',
      includeAssets: ['icons/apple-touch-icon.png'],
      manifest: {
        name: 'Langso – Tổ công nghệ số cộng đồng',
        short_name: 'Langso',
        description: 'Ghi hoạt động và lượt đến hộ của Tổ công nghệ số cộng đồng, cả khi không có mạng.',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b4f8a',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,html,svg,png,webmanifest}'],
        // Lighthouse's report and other large files are not part of the app.
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
