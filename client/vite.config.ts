import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * GOV.UK Frontend keeps an old Internet Explorer hack, `@media screen and (min-width: 0\0)`,
 * which Sass turns into a replacement character that the CSS minifier rejects. Modern browsers
 * never match that query, so it is rewritten to one that never matches either.
 */
function dropIeMediaHack(): Plugin {
  return {
    name: 'csp-hub:drop-ie-media-hack',
    transform(code, id) {
      if (!/\.s?css($|\?)/.test(id) || !/min-width: 0(\\0|\uFFFD)/.test(code)) return null;
      return { code: code.replace(/\(min-width: 0(\\0|\uFFFD)\)/g, '(max-width: 0)'), map: null };
    },
  };
}

/**
 * Builds the browser client into client/dist, which the NestJS app serves at `/`.
 * client/public is NOT Vite's public folder: it is the placeholder page the server falls back to
 * when there is no build.
 */
export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  plugins: [dropIeMediaHack()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    assetsDir: 'assets',
    reportCompressedSize: false,
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  css: {
    preprocessorOptions: {
      scss: { quietDeps: true, silenceDeprecations: ['import'] },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
