import { defineConfig, type Plugin } from 'vite';

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
  plugins: [inlineCss()],
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
