import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const modules = resolve(here, '../../node_modules');
const govukAssets = resolve(modules, 'govuk-frontend/dist/govuk/assets');
const mojAssets = resolve(modules, '@ministryofjustice/frontend/moj/assets');

/**
 * GOV.UK Frontend's compiled CSS as a council's service needs it. The GDS Transport font is licensed
 * for GOV.UK services only, which a council's ledger is not, so its @font-face rules go and text is
 * set in Arial, as GOV.UK Frontend advises outside GOV.UK. Its old Internet Explorer hacks, which
 * the minifier cannot parse, are made to match nothing, as they do in every current browser.
 */
function govukFrontendForCouncils(): Plugin {
  return {
    name: 'ledger-govuk-frontend-for-councils',
    enforce: 'pre',
    transform(code, id) {
      if (!/govuk-frontend\.min\.css(\?|$)/.test(id)) return null;
      return {
        code: code
          .replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, '')
          .replace(/screen\\0/g, 'not all')
          .replace(/\(min-width:0\\0\)/g, '(max-width:0)'),
        map: null,
      };
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  plugins: [govukFrontendForCouncils()],
  resolve: {
    // The packages' CSS points at /assets/...: bundle those files, hashed and cached like the rest.
    alias: [
      { find: /^\/assets\/images\/govuk-(.*)$/, replacement: `${govukAssets}/images/govuk-$1` },
      { find: /^\/assets\/images\/(.*)$/, replacement: `${mojAssets}/images/$1` },
    ],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: resolve(here, '../../dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    rolldownOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks its modules "use client" for React Server Components; a browser-only
        // bundle has no server components, so dropping the directive changes nothing.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
