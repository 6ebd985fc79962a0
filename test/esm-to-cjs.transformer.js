// Nest 12 and a few of its dependencies ship only ES modules, which Jest on Node 20 cannot require.
// This transformer turns those files (and only those) into CommonJS with swc; CommonJS files pass through.
const { createHash } = require('node:crypto');
const { transformSync } = require('@swc/core');

const ESM_SYNTAX = /^\s*(import\s[^(]|import\{|export\s|export\{)/m;

function rewriteImportMeta(source) {
  return source
    .replace(/^const require = createRequire\(import\.meta\.url\);$/gm, '')
    .replace(/import\.meta\.url/g, 'require("node:url").pathToFileURL(__filename).href')
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.filename/g, '__filename');
}

module.exports = {
  canInstrument: false,
  getCacheKey(source, filename) {
    return createHash('sha1').update('esm-to-cjs-2').update(filename).update(source).digest('hex');
  },
  process(source, filename) {
    if (!ESM_SYNTAX.test(source) && !source.includes('import.meta')) return { code: source };
    const { code, map } = transformSync(rewriteImportMeta(source), {
      filename,
      sourceMaps: true,
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs', ignoreDynamic: false },
    });
    return { code, map };
  },
};
